"""Re-solve part of a World's layout with everything else held fixed (pure Python, no `bpy`).

The layout solver (`previz.agents.layout.solver`) places the groups of a `ScenePlan` in an empty
setting. The console needs the other case: a World already laid out, where only some entities
may move (the selection, or the entities the supervisor blames). This module turns the World
into the solver's terms — the enclosure (a ``room``/``wall`` set, or a ``ground`` set) becomes
the setting, every entity a one-instance group with its proxy size, the World's ``on`` /
``next_to`` / ``facing`` / ``against`` relations the plan's relations — pre-places the fixed
entities where they stand at ``frame``, and lets the solver place the movable ones.

The solver's hard constraints are kept (inside the bounds, no interpenetration, supported by the
floor or a surface). One preference is added: a movable entity stays as close as it can to
where it was (its current spot and rings around it are the first candidates, and closeness adds
to the score), so "re-solve" and "fix" move things the least distance that makes them valid.

Animated entities are never moved (a key-framed path is not a single position); callers are
told which were skipped. This belongs in ``agents/layout`` eventually (see the notes of issue 9).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from previz.agents.layout.solver import Placement, _Solver, instance_ids
from previz.agents.plan import CharacterPlan, ObjectPlan, RelationPlan, ScenePlan, Setting
from previz.world import Curve, Entity, Transform, World
from previz.world.proxy import proxy_size

ROOMS = ("wall", "room")
GROUNDS = ("ground", "floor", "terrain")
STAY_WEIGHT = 1.5  # score of staying put, against relation scores in [0, 1] each
RINGS = (0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


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


class _StayNear(_Solver):
    """The layout solver, with each movable entity preferring its current spot."""

    def __init__(self, plan: ScenePlan, seed: int, sizes: dict, home: dict[str, tuple],
                 candidates: int, time_limit: float) -> None:
        super().__init__(plan, seed, sizes, candidates, time_limit)
        self.home = home  # group id → (x, y, yaw)
        self.current: str | None = None

    def _place_group(self, g) -> None:  # type: ignore[no-untyped-def]
        self.current = g.id
        super()._place_group(g)

    def _floor_candidates(self, g, cat, size, rels, wall_rel, k: int) -> list:  # type: ignore[no-untyped-def]
        near = []
        if g.id in self.home:
            x, y, yaw = self.home[g.id]
            for r in RINGS:
                steps = 1 if r == 0.0 else 16
                for a in np.linspace(0.0, 2 * math.pi, steps, endpoint=False):
                    near.append((x + r * math.cos(a), y + r * math.sin(a), 0.0, yaw, "floor",
                                 None))
        return near + super()._floor_candidates(g, cat, size, rels, wall_rel, k)

    def _on_top(self, tgt: Placement, size, k: int) -> list:  # type: ignore[no-untyped-def]
        out = super()._on_top(tgt, size, k)
        if self.current in self.home:
            x, y, _ = self.home[self.current]
            local = np.array([x - tgt.x, y - tgt.y])
            c, s = math.cos(tgt.yaw), math.sin(tgt.yaw)
            u, v = c * local[0] + s * local[1], -s * local[0] + c * local[1]
            fw, fd = (tgt.size[0] - size[0]) / 2, (tgt.size[1] - size[1]) / 2
            if fw >= 0 and fd >= 0:
                u, v = float(np.clip(u, -fw, fw)), float(np.clip(v, -fd, fd))
                out.insert(0, (tgt.x + c * u - s * v, tgt.y + s * u + c * v, tgt.top, tgt.yaw,
                               tgt.id, None))
        return out

    def _score(self, p: Placement) -> float:
        base = super()._score(p)
        home = self.home.get(p.group)
        if home is None:
            return base
        return base + STAY_WEIGHT * math.exp(-math.hypot(p.x - home[0], p.y - home[1]))


def solve_subset(world: World, movable: set[str] | list[str], frame: int = 1, seed: int = 0,
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
    for e in others:
        m = state.entities[e.id].matrix
        before[e.id] = (float(m[0, 3]), float(m[1, 3]), float(m[2, 3]))
        if e.id in wanted:
            home[gid[e.id]] = (float(m[0, 3]) - cx, float(m[1, 3]) - cy, _yaw(m))
    solver = _StayNear(plan, seed, sizes, home, candidates, time_limit)
    for e in others:
        if e.id in wanted:
            continue
        m = state.entities[e.id].matrix
        z = float(m[2, 3]) - floor_z
        cat = _category(e)
        solver._add(Placement(instance_ids(gid[e.id], 1)[0], gid[e.id], cat, e.kind,
                              sizes[gid[e.id]], float(m[0, 3]) - cx, float(m[1, 3]) - cy, z,
                              _yaw(m), support="floor" if z < 0.02 else "object"))
    for group in solver._order():
        if group.id in home:
            solver._place_group(group)
    by_group = {p.group: p for p in solver.placed}
    moved = {}
    for e in others:
        if e.id not in wanted:
            continue
        p = by_group[gid[e.id]]
        moved[e.id] = Moved(e.id, (p.x + cx, p.y + cy, p.z + floor_z), p.yaw, before[e.id])
    return Solved(moved, skipped, list(solver.unsatisfied))


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


__all__ = ["Moved", "Solved", "apply_moves", "enclosure", "is_animated", "solve_subset"]
