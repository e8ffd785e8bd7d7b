"""Vocabularies declared by the skills that execute them: one `Term` per name a director can say.

A camera movement, a shot size, a lighting look, a mood, an action or an object category is
declared once, next to the code that carries it out, with `declare(kind, name, synonyms, ...)`;
the plan language (`previz.agents.plan`), the offline reader, the LLM schema and prompt, the
console's menus and the docs read the declarations with `terms(kind)` / `names(kind)` /
`term(kind, name)`. So adding a camera movement is one new module in
`previz.skills.camera.moves` (found there automatically), not an edit of every list.

Reading a vocabulary imports the modules that declare it (`SOURCES`), so a reader never sees a
half-filled list because of import order. Terms keep the order they were declared in: readers
that take the first of equal matches, menus and the JSON Schema's enum all list them that way.
The kinds:

- ``camera_move``: the camera skill's movements (``dolly``), params = the generator's keyword
  defaults; the Camera panel offers these.
- ``movement``: what a shot plan says (``dolly_in``); ``skill`` names the ``camera_move`` that
  executes it and ``params`` the arguments it passes.
- ``shot_size``: plan shot sizes; ``skill`` is the camera skill's size code (``MS``).
- ``look``: the lighting presets; ``mood``: the plan's moods, ``skill`` naming a look.
- ``action``: what a character in a plan does; tag ``moves`` for actions that travel.
- ``category``: object, character and animal categories (declared by the agents' layout
  vocabulary, which places them; params carry size, support and the rest).
- ``set``: procedural sets (`previz.skills.sets`, one module each: boxing ring, alley, hill …);
  params are the generator's parameters with their defaults (a plan's ``setting.params``).
- ``coverage``: how a scene's shots cover it (`previz.skills.camera.coverage`: shot/reverse
  shot, over the shoulder, establishing then closer …).
- ``camera_body``: camera bodies and their sensors (`previz.skills.camera.bodies`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

KINDS = ("camera_move", "movement", "shot_size", "look", "mood", "action", "category", "set",
         "coverage", "camera_body")

SOURCES: dict[str, tuple[str, ...]] = {
    "camera_move": ("previz.skills.camera.movements", "previz.skills.camera.moves"),
    "movement": ("previz.skills.camera.movements", "previz.skills.camera.moves"),
    "shot_size": ("previz.skills.camera.vocabulary",),
    "look": ("previz.skills.lighting.presets",),
    "mood": ("previz.skills.lighting.presets",),
    "action": ("previz.skills.motion.actions",),
    "category": ("previz.agents.vocabulary",),
    "set": ("previz.skills.sets",),
    "coverage": ("previz.skills.camera.coverage",),
    "camera_body": ("previz.skills.camera.bodies",),
}
"""Modules imported before a vocabulary is read: the ones that declare its terms. (The core's
categories live in `previz.agents.vocabulary`, imported lazily, so skills never import agents
at import time.)"""


@dataclass(frozen=True, eq=False)
class Term:
    """One name of a vocabulary.

    ``synonyms``: the words and phrases a reader maps to it (lower case; the longest match
    wins). ``params``: the arguments it carries to the skill that executes it (or, for data
    vocabularies such as categories, its data). ``skill``: the name of the executing skill's
    own entry when it differs from ``name`` (plan ``dolly_in`` → camera move ``dolly``).
    ``tags``: reader hints, e.g. ``context`` (an everyday word that counts only in a camera
    clause), ``scene`` (frames the whole place), ``moves`` (an action that travels)."""

    kind: str
    name: str
    synonyms: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    description: str = ""
    skill: str = ""
    tags: frozenset[str] = frozenset()

    @property
    def executes(self) -> str:
        """The executing skill's name for this term."""
        return self.skill or self.name

    @property
    def label(self) -> str:
        """A menu label: 'dolly_in' → 'Dolly in'."""
        return self.name.replace("_", " ").capitalize()


_REGISTRY: dict[str, dict[str, Term]] = {kind: {} for kind in KINDS}


def declare(kind: str, name: str, synonyms: tuple[str, ...] = (), *,
            params: Mapping[str, Any] | None = None, description: str = "", skill: str = "",
            tags: tuple[str, ...] | frozenset[str] = ()) -> Term:
    """Add ``name`` to the ``kind`` vocabulary. Declaring a name twice with the same content
    is a no-op (a module imported again); with different content it is an error, so two skills
    cannot silently claim one word."""
    if kind not in _REGISTRY:
        raise ValueError(f"unknown vocabulary {kind!r}; one of {', '.join(KINDS)}")
    new = Term(kind, name, tuple(synonyms), MappingProxyType(dict(params or {})), description,
               skill, frozenset(tags))
    old = _REGISTRY[kind].get(name)
    if old is not None:
        if _same(old, new):
            return old
        raise ValueError(f"{kind} {name!r} is declared twice, differently")
    _REGISTRY[kind][name] = new
    return new


def _same(a: Term, b: Term) -> bool:
    return (a.kind, a.name, a.synonyms, dict(a.params), a.description, a.skill, a.tags) == \
        (b.kind, b.name, b.synonyms, dict(b.params), b.description, b.skill, b.tags)


def load(kind: str) -> None:
    """Import the modules that declare ``kind`` (packages: every module in them)."""
    for source in SOURCES.get(kind, ()):
        module = importlib.import_module(source)
        if hasattr(module, "__path__"):
            import_package(source)


def import_package(package: str) -> list[str]:
    """Import every module of ``package`` (sorted by name) so their declarations run; the
    names imported."""
    pkg = importlib.import_module(package)
    found = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.ispkg)
    for name in found:
        importlib.import_module(f"{package}.{name}")
    return found


def terms(kind: str) -> tuple[Term, ...]:
    """Every term of ``kind``, in declaration order."""
    load(kind)
    return tuple(_REGISTRY[kind].values())


def names(kind: str) -> tuple[str, ...]:
    return tuple(t.name for t in terms(kind))


def term(kind: str, name: str) -> Term:
    """The term ``name`` of ``kind``; a KeyError naming the known ones otherwise."""
    load(kind)
    found = _REGISTRY[kind].get(name)
    if found is None:
        raise KeyError(f"unknown {kind} {name!r}; use one of {', '.join(_REGISTRY[kind])}")
    return found


def synonyms(kind: str) -> dict[str, tuple[str, ...]]:
    """name → synonyms, in declaration order (the shape the readers match against)."""
    return {t.name: t.synonyms for t in terms(kind)}
