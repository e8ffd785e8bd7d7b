"""Procedural sets: one module per set generator (a boxing ring, an alley with turns, a hill …).

Each module declares its set in the ``set`` vocabulary (`previz.skills.vocabulary.declare`) with
its synonyms and its parameters (name → default), next to the generator that builds it, and is
found here by name order. A plan names a set in ``setting.set`` with ``setting.params``; the
plan is checked against these declarations.
"""

from __future__ import annotations

from ..vocabulary import import_package

FOUND: list[str] = import_package(__name__)
"""The set modules found in this package."""
