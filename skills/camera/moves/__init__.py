"""Camera movements added one module each: the place a new movement goes.

A module here defines its generator ``(world, spec, **params) -> Camera`` with the
`previz.skills.camera.movements.movement` decorator (name, synonyms, description, and how a plan
says it) and is imported by name order when the package is, so the camera skill (`camera_for`),
the plan language, the offline reader, the LLM schema and the Camera panel all know it. Adding a
movement is one file here plus its test. (The first nineteen movements stay in `movements.py`
with the framing helpers they share.)
"""

from __future__ import annotations

from ...vocabulary import import_package

FOUND: list[str] = import_package(__name__)
"""The movement modules found in this package."""
