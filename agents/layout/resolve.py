"""Re-solve part of a World's layout with everything else held fixed (pure Python, no `bpy`).

The layout solver places the groups of a `ScenePlan` in an empty setting. Editing a scene needs
the other case: a World already laid out, where only some entities may move (the selection, or
the entities the supervisor blames). This module turns the World into the solver's terms — the
enclosure (a ``room``/``wall`` set, or a ``ground`` set) becomes the setting, every entity a
one-instance group with its proxy size, the World's ``on`` / ``next_to`` / ``facing`` /
``against`` relations the plan's relations — and calls `solve_layout` with the entities that
stay as ``fixed`` placements (where they stand at ``frame``) and the movable ones' current
spots as their ``stay_near`` homes.

The solver's hard constraints are kept (inside the bounds, no interpenetration, supported by the
floor or a surface); staying near makes "re-solve" and "fix" move things the least distance that
makes them valid. Animated entities are never moved (a key-framed path is not a single
position); callers are told which were skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from previz.world import Curve, Entity, Transform, World
from previz.world.proxy import proxy_size

from ..plan import CharacterPlan, ObjectPlan, RelationPlan, ScenePlan, Setting
from .solver import Placement, instance_ids, solve_layout

ROOMS = ("wall", "room")
GROUNDS = ("ground", "floor", "terrain")


@dataclass
class Moved:
    """New static pose of one entity: location (x, y, z) and rotation z (yaw)."""

    id: str
    location: tuple[float, float, float]
    yaw: float
    before: tuple[float, float, float]

    @property
    def distance(self) -> float:
        return math.dist(self.location, self.before)


@dataclass
class Solved:
    moved: dict[str, Moved]
    skipped: list[str] = field(default_factory=list)  # animated or enclosures: not movable
    unsatisfied: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{m.id} {m.distance:.2f} m" for m in self.moved.values() if m.distance > 1e-4]
        text = "moved " + ", ".join(parts) if parts else "nothing had to move"
        if self.skipped:
            text += f"; not movable (animated or a set): {', '.join(self.skipped)}"
        return text


def is_animated(entity: Entity) -> bool:
    """True when any channel of the entity's transform is key-framed."""
    t = entity.transform
    return any(isinstance(v, Curve) for ch in (t.location, t.rotation, t.scale) for v in ch)


def enclosure(world: World) -> Entity | None:
    """The entity that is the playable volume: a room (``wall``/``room`` set) first, else a
    ground set; None when there is neither."""
    sets = [e for e in world.entities if e.kind == "set"]
    for classes in (ROOMS, GROUNDS):
        found = [e for e in sets if e.semantic_class in classes]
        if found:
            return found[0]
    return None


def _category(entity: Entity) -> str:
    name = re.sub(r"[^a-z_]+", "_", (entity.semantic_class or entity.kind).lower()).strip("_")
    return (name if name and name[0].isalpha() else "prop")[:31]


def _yaw(matrix: np.ndarray) -> float:
    return math.atan2(float(matrix[1, 0]), float(matrix[0, 0]))


def solve_subset(world: World, movable: Iterable[str], frame: int = 1, seed: int = 0,
                 candidates: int = 48, time_limit: float = 5.0) -> Solved:
    """New positions for the ``movable`` entities of ``world`` with every other entity fixed
    where it stands at ``frame``. Entities that are animated or sets are skipped."""
    state = world.evaluate(frame)
    encl = enclosure(world)
    wanted = set(movable)
    skipped = sorted(i for i in wanted if (e := _find(world, i)) is None or e.kind == "set"
                     or is_animated(e) or (encl is not None and e.id == encl.id))
    wanted -= set(skipped)
    others = [e for e in world.entities if encl is None or e.id != encl.id]

    # The setting: the enclosure's box, or the extent of everything plus a margin.
    if encl is not None:
        m = state.entities[encl.id].matrix
        cx, cy = float(m[0, 3]), float(m[1, 3])
        w, d, h = proxy_size(encl)
        indoor = encl.semantic_class in ROOMS
        floor_z = float(m[2, 3]) + (0.0 if indoor else h)
    else:
        pts = np.array([state.entities[e.id].matrix[:3, 3] for e in others] or [[0.0, 0, 0]])
        lo, hi = pts.min(axis=0) - 3.0, pts.max(axis=0) + 3.0
        cx, cy = float(lo[0] + hi[0]) / 2, float(lo[1] + hi[1]) / 2
        w, d, h = float(hi[0] - lo[0]), float(hi[1] - lo[1]), 3.0
        indoor, floor_z = False, 0.0
    setting = Setting(type="room" if indoor else "outdoor",
                      size=(min(max(w, 2.0), 400.0), min(max(d, 2.0), 400.0),
                            min(max(h, 2.0), 30.0)))

    gid = {e.id: f"e{i}" for i, e in enumerate(others)}
    objects: list[ObjectPlan] = []
    characters: list[CharacterPlan] = []
    sizes: dict[str, tuple[float, float, float]] = {}
    for e in others:
        size = proxy_size(e)
        sizes[gid[e.id]] = size
        if e.kind in ("character", "animal"):
            characters.append(CharacterPlan(id=gid[e.id], kind=e.kind, category=_category(e)))
        else:
            objects.append(ObjectPlan(id=gid[e.id], category=_category(e)))
    relations = []
    for r in world.relations:
        if r.subject not in wanted:
            continue
        if r.type in ("on", "next_to", "facing", "in_front_of", "behind", "near") \
                and r.target in gid:
            relations.append(RelationPlan(type=r.type, subject=gid[r.subject],
                                          target=gid[r.target]))
        elif r.type == "against" and encl is not None and r.target == encl.id and indoor:
            relations.append(RelationPlan(type="against_wall", subject=gid[r.subject]))
    plan = ScenePlan(setting=setting, objects=objects, characters=characters,
                     relations=relations)

    home: dict[str, tuple[float, float, float]] = {}
    before: dict[str, tuple[float, float, float]] = {}
    fixed: list[Placement] = []
    for e in others:
        m = state.entities[e.id].matrix
        before[e.id] = (float(m[0, 3]), float(m[1, 3]), float(m[2, 3]))
        if e.id in wanted:
            home[gid[e.id]] = (float(m[0, 3]) - cx, float(m[1, 3]) - cy, _yaw(m))
            continue
        z = float(m[2, 3]) - floor_z
        fixed.append(Placement(instance_ids(gid[e.id], 1)[0], gid[e.id], _category(e), e.kind,
                               sizes[gid[e.id]], float(m[0, 3]) - cx, float(m[1, 3]) - cy, z,
                               _yaw(m), support="floor" if z < 0.02 else "object"))
    layout = solve_layout(plan, seed, sizes=sizes, candidates=candidates, time_limit=time_limit,
                          fixed=fixed, stay_near=home)
    by_group = {p.group: p for p in layout.placements}
    moved = {}
    for e in others:
        if e.id not in wanted:
            continue
        p = by_group[gid[e.id]]
        moved[e.id] = Moved(e.id, (p.x + cx, p.y + cy, p.z + floor_z), p.yaw, before[e.id])
    return Solved(moved, skipped, list(layout.unsatisfied))


def _find(world: World, entity_id: str) -> Entity | None:
    return next((e for e in world.entities if e.id == entity_id), None)


def apply_moves(world: World, moves: dict[str, Moved]) -> World:
    """``world`` with the moved entities' static location and yaw replaced (pitch, roll and
    scale kept)."""
    ents = []
    for e in world.entities:
        m = moves.get(e.id)
        if m is None:
            ents.append(e)
            continue
        rot = e.transform.rotation
        t = Transform(location=tuple(round(v, 6) for v in m.location),
                      rotation=(rot[0], rot[1], round(m.yaw, 6)), scale=e.transform.scale)
        ents.append(e.model_copy(update={"transform": t}))
    return World.model_validate({**world.model_dump(mode="json"),
                                 "entities": [e.model_dump(mode="json") for e in ents]})


__all__ = ["GROUNDS", "ROOMS", "Moved", "Solved", "apply_moves", "enclosure", "is_animated",
           "solve_subset"]
