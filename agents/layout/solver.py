"""The layout solver: places every object and character of a `ScenePlan` in its setting.

Pure Python + numpy, no Blender. Greedy placement with sampled candidates, one group at a time
in dependency order (a table before the cups on it, a sofa before the table in front of it):

- **hard constraints** decide whether a candidate is allowed: inside the setting's bounds, no
  interpenetration with anything already placed (rectangles turned by their yaw, with height
  intervals, so a cup on a table does not collide with the table), supported by the floor or by
  the top of its support (the whole footprint on the top), wall objects with their back against
  a wall, and a clear zone in front of doors;
- **soft constraints** (the relations: next_to, in_front_of, facing, …) score the allowed
  candidates in [0, 1] each; the best one is kept.

Determinism: all randomness comes from ``numpy.random.default_rng(seed)`` and candidates are
tried in a fixed order, so the same plan and seed give the same layout. The time box
(``time_limit``) is a guard, not a tuning knob, and it never reads a clock: it is seconds of
work at `EVALUATIONS_PER_SECOND` candidate evaluations each (what an idle core manages), counted
as candidates are tried. When the budget runs out the remaining objects get fewer candidates and
the report says so (``Layout.timed_out``); the layout is the same on a loaded or a slow machine.

Nothing is dropped silently: an object with no allowed candidate is still placed at the least bad
one and its broken constraint is listed in ``Layout.unsatisfied``.

Re-solving part of a scene is an option of the same solver: ``fixed`` placements are added as
they stand (their groups are not placed again, never moved or turned), and ``stay_near`` gives a
group a home (x, y, yaw) it prefers: its home and rings around it are its first candidates (on
the floor, or the nearest spot of a top it stands on), closeness to home adds up to
``STAY_WEIGHT`` to its score, and `facing` does not turn it afterwards. The hard constraints are
unchanged, so a group moves the least distance that makes it valid (`resolve` drives this from a
World).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from previz.skills.geometry import rect_extent, rect_overlaps

from ..geometry import facing_yaw, front
from ..plan import CharacterPlan, ObjectPlan, ScenePlan
from ..vocabulary import category
from . import formations

EPS = 1e-3  # touching is not penetrating
DOOR_CLEARANCE = 0.9  # metres kept free in front of a door
WALLS = ("north", "east", "west", "south")  # preference order: the default camera is south
WALL_PENALTY = {"north": 0.0, "east": 0.02, "west": 0.02, "south": 0.3}
PERSON_GAP = 0.35  # between members of a crowd formation
STAY_WEIGHT = 1.5  # score of staying home, against relation scores in [0, 1] each
STAY_RINGS = (0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)  # metres around a home
EDGE_INSET = 0.3  # metres between a thing placed "at the edge" and the edge
#: The way into the set from each of its sides (what a thing at that edge faces).
INWARD = {"south": (0.0, 1.0), "north": (0.0, -1.0), "west": (1.0, 0.0), "east": (-1.0, 0.0)}
GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
LONG = 6.0  # metres: a target this long is stood beside along its sides, not round its centre
ARRIVE_RINGS = (0.0, 1.0, 2.0, 3.0, 5.0, 8.0)  # metres round where a mover arrives
ARRIVE_SCALE = 5.0  # metres: closeness to it scores exp(-d / this)
MAT = 0.05  # metres: a prop at most this thick is a floor covering (a mat, a rug)
#: A grid of characters on a flat thing this many times its packed area (a team on its pitch)
#: spreads over `SPREAD` of the thing's length and width.
SPREAD_AREA = 25.0
SPREAD = 0.8
STAGE_WEIGHT = 1.0  # score of standing on a set's stage (a ring's canvas), per relation's 1
HERD_WEIGHT = 1.0  # score of an animal standing by the rest of its group (a herd, a flock)
HERD_RINGS = (1.15, 1.5, 2.0, 3.0)  # body lengths from a member already placed
#: Water a fish is placed in (the placed thing's category): not solid, it swims under the top.
WATER = ("pond", "pool", "swimming_pool", "lake", "river", "water", "sea", "aquarium")
SUBMERGED = 0.6  # of a fish's height below the water's top: the back breaks the surface
# Candidate evaluations (bounds + collision test) per second of ``time_limit``. Measured on the
# fidelity benchmark's layouts: 3,600–6,400 per CPU second on one core of the 2-core machine
# (~5,000 typical), so the default 5 s is 25,000 evaluations, about what the wall-clock limit
# allowed on an idle machine. Only the 60-chair graduation's widest repair round tries more.
EVALUATIONS_PER_SECOND = 5000


@dataclass
class Placement:
    """One instance as placed: its origin (bottom centre) at (x, y, z), turned by ``yaw``."""

    id: str
    group: str
    category: str
    kind: str
    size: tuple[float, float, float]
    x: float
    y: float
    z: float
    yaw: float
    support: str = "floor"  # "floor", "wall", or the id of the instance it stands on
    wall: str | None = None  # the wall its back is against, if any
    description: str = ""
    violations: list[str] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.z + self.size[2]


@dataclass
class Layout:
    bounds: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax
    height: float | None  # ceiling height; None outdoors
    indoor: bool
    placements: list[Placement]
    unsatisfied: list[str]
    relations: list[dict]  # plan relation, score in [0, 1], holds
    timed_out: bool = False

    def by_id(self) -> dict[str, Placement]:
        return {p.id: p for p in self.placements}

    def group(self, gid: str) -> list[Placement]:
        return [p for p in self.placements if p.group == gid]


def instance_ids(gid: str, count: int) -> list[str]:
    slug = gid.replace("_", "-")
    return [slug] if count == 1 else [f"{slug}-{i + 1}" for i in range(count)]


def solve_layout(
    plan: ScenePlan,
    seed: int = 0,
    *,
    sizes: Mapping[str, tuple[float, float, float]] | None = None,
    candidates: int = 48,
    time_limit: float = 5.0,
    avoid_walls: tuple[str, ...] = (),
    fixed: Sequence[Placement] = (),
    stay_near: Mapping[str, tuple[float, float, float]] | None = None,
    obstacles: Sequence[tuple[float, float, float, float, float, float]] = (),
    tops: Sequence[tuple[float, float, float, float, float, bool]] = (),
    area: tuple[float, float, float, float] | None = None,
) -> Layout:
    """Place everything in ``plan``. ``sizes`` overrides a group's size (e.g. the size of the
    asset the index picked); ``avoid_walls`` keeps furniture off those walls (the agent loop
    frees the camera's wall this way). ``fixed`` are placements already standing (their groups
    are not placed, moved or turned); ``stay_near`` maps a group id to the home (x, y, yaw) it
    prefers (see the module docstring).

    A procedural set (`previz.agents.setting.layout_parts`) adds ``obstacles``, axis-aligned
    boxes (x0, y0, x1, y1, z0, z1) nothing may enter (its posts, walls, water), and walkable
    ``tops`` (x0, y0, x1, y1, top z, is the stage): a floor position whose footprint lies on a
    top stands on it, each top gets candidates of its own, and standing on the stage (a ring's
    canvas, a hill's summit) scores `STAGE_WEIGHT`, so the action plays there. Its footprint
    ``area`` (x0, y0, x1, y1) is what "edge" means: the café tables along one side of a square
    stand at the square's side, not at the edge of the setting around it (a margin wider, and
    grown by each repair round), out of the shot behind the façades."""
    return _Solver(plan, seed, dict(sizes or {}), candidates, time_limit, avoid_walls,
                   fixed, stay_near, obstacles, tops, area).run()


class _Solver:
    def __init__(self, plan: ScenePlan, seed: int, sizes: dict, candidates: int,
                 time_limit: float, avoid_walls: tuple[str, ...] = (),
                 fixed: Sequence[Placement] = (),
                 stay_near: Mapping[str, tuple[float, float, float]] | None = None,
                 obstacles: Sequence[tuple[float, ...]] = (),
                 tops: Sequence[tuple[float, ...]] = (),
                 area: tuple[float, float, float, float] | None = None) -> None:
        self.plan = plan
        # The set's solid parts (rect rows as `rects`, z ranges as `zs`) and walkable tops.
        ob = np.array([[(o[0] + o[2]) / 2, (o[1] + o[3]) / 2, 0.0, o[2] - o[0], o[3] - o[1]]
                       for o in obstacles]).reshape(-1, 5)
        self.set_rects, self.set_zs = ob, np.array([o[4:6] for o in obstacles]).reshape(-1, 2)
        self.tops = [(*(float(v) for v in t[:5]), bool(t[5])) for t in tops]
        self.fixed = list(fixed)
        self.home = dict(stay_near or {})  # group id → (x, y, yaw) it prefers
        self.held = {p.group for p in self.fixed} | set(self.home)  # not turned by `facing`
        self.walls = tuple(w for w in WALLS if w not in avoid_walls) or WALLS
        self.rng = np.random.default_rng(seed)
        self.sizes = sizes
        self.k = candidates
        self.budget = max(0, round(time_limit * EVALUATIONS_PER_SECOND))
        self.evaluations = 0  # candidates tried so far, against ``budget``
        self.timed_out = False
        w, d, h = plan.setting.size
        self.indoor = plan.setting.type == "room"
        self.bounds = (-w / 2.0, -d / 2.0, w / 2.0, d / 2.0)
        # Where "edge" is measured: the set's footprint inside the setting, else the setting.
        self.edge_bounds = self.bounds if area is None else (
            max(area[0], self.bounds[0]), max(area[1], self.bounds[1]),
            min(area[2], self.bounds[2]), min(area[3], self.bounds[3]))
        self.height = h if self.indoor else None
        self.placed: list[Placement] = []
        self.rects = np.zeros((0, 5))
        self.zs = np.zeros((0, 2))
        self.clear: list[tuple[np.ndarray, tuple[float, float]]] = []  # door zones
        self.unsatisfied: list[str] = []
        self.relations_of: dict[str, list] = {}
        self.arrivals = _arrivals(plan)
        for rel in plan.relations:
            self.relations_of.setdefault(rel.subject, []).append(rel)
            if rel.target is not None:
                self.relations_of.setdefault(rel.target, []).append(rel)

    # -- driver ---------------------------------------------------------------------------------

    def run(self) -> Layout:
        for p in self.fixed:
            self._add(p)
        self._openings()
        standing = {p.group for p in self.fixed}
        for group in self._order():
            if group.id not in standing:
                self._place_group(group)
        self._face()
        scores = self._relation_scores()
        return Layout(self.bounds, self.height, self.indoor, self.placed, self.unsatisfied,
                      scores, self.timed_out)

    def _order(self) -> list[ObjectPlan | CharacterPlan]:
        """Groups in dependency order: supports and relation targets first, then by priority
        (wall pieces, big floor pieces, small things, characters), then plan order."""
        groups = [*self.plan.objects, *self.plan.characters]
        index = {g.id: i for i, g in enumerate(groups)}
        deps: dict[str, set[str]] = {g.id: set() for g in groups}
        for rel in self.plan.relations:
            if rel.target is None or rel.type == "facing":
                continue  # facing is resolved after everything stands
            deps[rel.subject].add(rel.target)

        def priority(g: ObjectPlan | CharacterPlan) -> tuple:
            cat = category(g.category)
            size = self._size(g)
            if isinstance(g, CharacterPlan):
                rank = 4
            elif cat.wall or any(r.type == "against_wall" and r.subject == g.id
                                 for r in self.plan.relations):
                rank = 0
            elif cat.support == "surface":
                rank = 3
            else:
                rank = 1 if size[0] * size[1] >= 0.5 else 2
            return (rank, -size[0] * size[1], index[g.id])

        order: list[ObjectPlan | CharacterPlan] = []
        state: dict[str, int] = {}
        by_id = {g.id: g for g in groups}

        def visit(gid: str) -> None:
            if state.get(gid) is not None:
                return  # done, or on the stack (a cycle: break it here)
            state[gid] = 1
            for dep in sorted(deps[gid], key=lambda d: priority(by_id[d])):
                visit(dep)
            state[gid] = 2
            order.append(by_id[gid])

        for g in sorted(groups, key=priority):
            visit(g.id)
        return order

    def _size(self, g: ObjectPlan | CharacterPlan) -> tuple[float, float, float]:
        if g.id in self.sizes:
            return tuple(self.sizes[g.id])  # type: ignore[return-value]
        cat = category(g.category)
        if isinstance(g, ObjectPlan) and g.size is not None:
            return tuple(g.size)  # type: ignore[return-value]
        if isinstance(g, CharacterPlan) and g.height is not None:
            s = g.height / cat.size[2]
            return (cat.size[0] * s, cat.size[1] * s, g.height)
        return cat.size

    # -- occupancy ------------------------------------------------------------------------------

    def _collision(self, x: float, y: float, z: float, yaw: float,
                   size: tuple[float, float, float], ignore_clear: bool = False,
                   skip: Sequence[int] = ()) -> float:
        """Worst penetration (m) against everything placed (but the placements of index
        ``skip``: the water a fish swims in), 0 when free."""
        worst = 0.0
        for n, (rects, zs) in enumerate(((self.rects, self.zs), (self.set_rects, self.set_zs))):
            if len(rects):
                depth = rect_overlaps(x, y, yaw, size[0], size[1], rects)
                zov = np.minimum(zs[:, 1], z + size[2]) - np.maximum(zs[:, 0], z)
                depth = np.where(zov > EPS, np.minimum(depth, zov), 0.0)
                if n == 0 and skip:
                    depth[list(skip)] = 0.0
                worst = max(worst, float(depth.max()) if len(depth) else 0.0)
        if not ignore_clear and z < 2.0:
            for rect, zone in self.clear:
                del zone
                d = rect_overlaps(x, y, yaw, size[0], size[1], rect[None, :])
                worst = max(worst, float(d[0]))
        return worst if worst > EPS else 0.0

    def _outside(self, x: float, y: float, z: float, yaw: float,
                 size: tuple[float, float, float]) -> float:
        ex, ey = rect_extent(yaw, size[0], size[1])
        x0, y0, x1, y1 = self.bounds
        out = max(x0 - (x - ex), (x + ex) - x1, y0 - (y - ey), (y + ey) - y1, 0.0)
        if self.height is not None:
            out = max(out, z + size[2] - self.height)
        return out if out > EPS else 0.0

    def _add(self, p: Placement) -> None:
        self.placed.append(p)
        self.rects = np.vstack([self.rects, [p.x, p.y, p.yaw, p.size[0], p.size[1]]])
        self.zs = np.vstack([self.zs, [p.z, p.top]])

    # -- openings -------------------------------------------------------------------------------

    def _openings(self) -> None:
        if not self.indoor:
            return
        counts: dict[str, int] = {}
        for op in self.plan.setting.openings:
            counts[op.kind] = counts.get(op.kind, 0) + 1
            cat = category(op.kind)
            oid = f"{op.kind}-{op.wall}" if counts[op.kind] == 1 else \
                f"{op.kind}-{op.wall}-{counts[op.kind]}"
            best = None
            for t in [0.0, *self.rng.uniform(-0.4, 0.4, self.k).tolist()]:
                x, y, yaw, along = self._on_wall(op.wall, cat.size, t)
                z = cat.mount_height
                if along < 0:
                    break
                pen = self._collision(x, y, z, yaw, cat.size)
                if pen == 0.0:
                    best = (x, y, z, yaw)
                    break
            if best is None:
                self.unsatisfied.append(f"{oid}: no free stretch of the {op.wall} wall")
                continue
            x, y, z, yaw = best
            p = Placement(oid, op.kind, op.kind, "set", cat.size, x, y, z, yaw,
                          support="wall" if cat.support == "wall" else "floor", wall=op.wall)
            self._add(p)
            if op.kind == "door":
                fx, fy = front(yaw)
                c = (x + fx * (cat.size[1] / 2 + DOOR_CLEARANCE / 2),
                     y + fy * (cat.size[1] / 2 + DOOR_CLEARANCE / 2))
                self.clear.append((np.array([c[0], c[1], yaw, cat.size[0] + 0.2,
                                             DOOR_CLEARANCE]), (0.0, 2.0)))

    def _on_wall(self, wall: str, size: tuple[float, float, float],
                 t: float) -> tuple[float, float, float, float]:
        """Origin and yaw of a thing with its back on ``wall``, at fraction ``t`` in [-0.5, 0.5]
        along it; the last value is the free length along the wall (negative: too wide)."""
        x0, y0, x1, y1 = self.bounds
        w, d = size[0], size[1]
        if wall in ("north", "south"):
            free = (x1 - x0) - w
            x = (x0 + x1) / 2 + t * max(free, 0.0)
            if wall == "north":
                return x, y1 - d / 2, 0.0, free
            return x, y0 + d / 2, math.pi, free
        free = (y1 - y0) - w
        y = (y0 + y1) / 2 + t * max(free, 0.0)
        if wall == "east":
            return x1 - d / 2, y, -math.pi / 2, free
        return x0 + d / 2, y, math.pi / 2, free

    # -- groups ---------------------------------------------------------------------------------

    def _place_group(self, g: ObjectPlan | CharacterPlan) -> None:
        size = self._size(g)
        ids = instance_ids(g.id, g.count)
        rels = [r for r in self.plan.relations if r.subject == g.id]
        formation = next((r for r in rels if r.type in ("in_formation", "around")), None)
        is_char = isinstance(g, CharacterPlan)
        if formation is None and is_char and g.count >= 6:
            formation = _Default("in_formation", "grid")
        if formation is not None and g.count > 1 and \
                self._place_formation(g, ids, size, formation):
            return
        for i, iid in enumerate(ids):
            self._place_one(g, iid, i, size, rels)

    def _kind(self, g: ObjectPlan | CharacterPlan) -> str:
        if isinstance(g, CharacterPlan):
            return g.kind
        return category(g.category).kind if category(g.category).kind in ("set", "prop") \
            else "prop"

    def _place_formation(self, g, ids: list[str], size, rel) -> bool:
        """Formation slots for the whole group; False if it did not fit (then members are
        placed one by one and the report says so)."""
        kind = rel.formation or ("circle" if rel.type == "around" else "grid")
        if rel.type == "around" and rel.formation is None:
            kind = "circle"
        cx, cy = (self.bounds[0] + self.bounds[2]) / 2, (self.bounds[1] + self.bounds[3]) / 2
        min_radius = 0.0
        target = [p for p in self.placed if p.group == rel.target] if rel.target else []
        if target:
            cx = float(np.mean([p.x for p in target]))
            cy = float(np.mean([p.y for p in target]))
            if rel.type == "around":
                ex, ey = rect_extent(target[0].yaw, *target[0].size[:2])
                min_radius = math.hypot(ex, ey) + size[1] / 2 + 0.15
        gap = PERSON_GAP if isinstance(g, CharacterPlan) else 0.3
        pitch = self._pitch_under(g, kind, size, cx, cy, gap) if not target else None
        if pitch is not None:
            ex, ey = rect_extent(pitch.yaw, pitch.size[0], pitch.size[1])
            slots = formations.across(g.count, 2 * ex, 2 * ey, pitch.x, pitch.y, SPREAD)
            fits = True
        else:
            slots, fits = formations.fit(kind, g.count, (size[0], size[1]), cx, cy, self.bounds,
                                         gap, min_radius, movable=not target)
        if not fits:
            self.unsatisfied.append(
                f"{g.id}: a {kind} of {g.count} does not fit in the "
                f"{self.bounds[2] - self.bounds[0]:.1f} × {self.bounds[3] - self.bounds[1]:.1f} m "
                "setting")
            return False
        members = []
        # On a pitch the members stand on it (its top), not in the floor under it.
        z, on = (pitch.top, pitch.id) if pitch is not None else (0.0, "floor")
        for iid, (x, y, yaw) in zip(ids, slots, strict=True):
            pen = self._collision(x, y, z, yaw, size)
            p = Placement(iid, g.id, g.category, self._kind(g), size, x, y, z, yaw,
                          support=on, description=g.description)
            if pen > 0:
                # Nudge the member out of the obstacle, searching outward in rings.
                moved = self._nudge(p)
                if not moved:
                    p.violations.append(f"overlaps by {pen:.2f} m")
                    self.unsatisfied.append(f"{iid}: formation slot blocked ({pen:.2f} m)")
            members.append(p)
            self._add(p)
        del members
        return True

    def _pitch_under(self, g, kind: str, size, cx: float, cy: float,  # type: ignore[no-untyped-def]
                     gap: float) -> Placement | None:
        """The playing surface a grid of characters stands on, when its packed grid round
        (cx, cy) lies on a flat placed thing (at most `MAT` thick: a pitch, a court, a lawn)
        at least `SPREAD_AREA` times its own area: 22 players in formation on a 60 × 40 m
        pitch stand across it, not in a 4 m square at the centre spot."""
        if kind != "grid" or not isinstance(g, CharacterPlan):
            return None
        x0, y0, x1, y1 = formations.extent(
            formations.slots(kind, g.count, (size[0], size[1]), cx, cy, gap), (size[0], size[1]))
        packed = (x1 - x0) * (y1 - y0)
        box = (x1 - x0, y1 - y0)
        for p in self.placed:
            if p.size[2] <= MAT and p.size[0] * p.size[1] >= SPREAD_AREA * packed \
                    and _lies_on(p, (x0 + x1) / 2, (y0 + y1) / 2, 0.0, box):
                return p
        return None

    def _nudge(self, p: Placement) -> bool:
        for radius in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0):
            for a in np.linspace(0, 2 * math.pi, 12, endpoint=False):
                x, y = p.x + radius * math.cos(a), p.y + radius * math.sin(a)
                if (self._outside(x, y, p.z, p.yaw, p.size) == 0
                        and self._collision(x, y, p.z, p.yaw, p.size) == 0):
                    p.x, p.y = float(x), float(y)
                    return True
        return False

    def _place_one(self, g, iid: str, index: int, size, rels) -> None:
        cat = category(g.category)
        on = next((r for r in rels if r.type == "on"), None)
        wall_rel = next((r for r in rels if r.type == "against_wall"), None)
        support_targets: list[Placement] = []
        if on is not None:
            support_targets = [p for p in self.placed if p.group == on.target]
        elif cat.support == "surface":
            support_targets = [p for p in self.placed
                               if category(p.category).surface and p.support == "floor"]
        if self.budget_left() <= 0:
            self.timed_out = True
        k = self.k if not self.timed_out else 4

        cands: list[tuple[float, float, float, float, str, str | None]] = []
        if support_targets:
            order = support_targets[index % len(support_targets):] + \
                support_targets[:index % len(support_targets)]
            for tgt in order:
                cands += self._home_on_top(g.id, tgt, size) + self._on_top(tgt, size, k)
        if not cands and support_targets and on is None:
            support_targets = []  # no surface it fits on: it stands on the floor
        if not support_targets:
            cands += self._floor_candidates(g, cat, size, rels, wall_rel, k, index)
            cands = self._on_their_top(self._on_set(cands, size, k), size, rels)
        mats = self._mats() if isinstance(g, CharacterPlan) and on is None else []
        faced = [q for r in rels if r.type == "facing" for q in self.placed
                 if q.group == r.target]
        for mat in mats:  # on the mat, turned to whom it faces (the sparring partner)
            cands += [(x, y, z, facing_yaw(faced[0].x - x, faced[0].y - y) if faced else yaw,
                       sup, w) for x, y, z, yaw, sup, w in self._on_top(mat, size, k)]
        water = self._water(g)
        if water:  # a fish is in the water or nowhere: only spots in it
            cands = self._in_water(g, water, size, k)
        elif self._kind(g) == "animal":
            cands = self._with_herd(g, size) + cands
        skip = [n for n, q in enumerate(self.placed) if any(q is w for w in water)]

        best = None
        best_bad = None
        self.evaluations += len(cands)
        for x, y, z, yaw, support, wall in cands:
            bad = self._outside(x, y, z, yaw, size) + self._collision(x, y, z, yaw, size,
                                                                       skip=skip)
            p = Placement(iid, g.id, g.category, self._kind(g), size, x, y, z, yaw,
                          support=support, wall=wall, description=g.description)
            if bad == 0.0:
                score = self._score(p) - (WALL_PENALTY[wall] if wall else 0.0)
                if self._top_under(x, y, yaw, size, stage_only=True) is not None or \
                        any(support == m.id for m in mats):
                    score += STAGE_WEIGHT
                if best is None or score > best[0] + 1e-9:
                    best = (score, p)
            elif best_bad is None or bad < best_bad[0]:
                best_bad = (bad, p)
        if best is not None:
            self._add(best[1])
            return
        if best_bad is None:
            why = "nothing to stand on" if (on is not None or cat.support == "surface") else \
                "no candidate position"
            self.unsatisfied.append(f"{iid}: {why}")
            x0, y0, x1, y1 = self.bounds
            p = Placement(iid, g.id, g.category, self._kind(g), size, (x0 + x1) / 2,
                          (y0 + y1) / 2, 0.0, 0.0, description=g.description)
            p.violations.append(why)
            self._add(p)
            return
        bad, p = best_bad
        p.violations.append(f"no free position: overlaps or leaves the bounds by {bad:.2f} m")
        self.unsatisfied.append(f"{iid}: no free position (best overlaps by {bad:.2f} m)")
        self._add(p)

    def _water(self, g) -> list[Placement]:  # type: ignore[no-untyped-def]
        """The placed water (`WATER`) a fish group swims in; none for anything else."""
        if self._kind(g) != "animal" or category(g.category).skeleton != "fish":
            return []
        return [p for p in self.placed if category(p.category).name in WATER
                or p.category in WATER]

    def _in_water(self, g, water: list[Placement], size, k: int) -> list:  # type: ignore[no-untyped-def]
        """Spots in the water for a fish: inside a water body's footprint, its back breaking
        the surface (`SUBMERGED` of its height under the top), by the rest of its school
        first. Five koi 'in a garden pond' were placed all over the park, over dry land
        (wrong_medium), 30 m apart: the orbit round them saw none."""
        out = []
        z_of = {id(w): w.top - SUBMERGED * size[2] for w in water}
        for x, y, _, yaw, _, _ in self._with_herd(g, size):
            w = next((w for w in water if _lies_on(w, x, y, yaw, size)), None)
            if w is not None:
                out.append((x, y, z_of[id(w)], yaw, "floor", None))
        for w in water:
            out += [(x, y, z_of[id(w)], float(self.rng.uniform(0, 2 * math.pi)), "floor", None)
                    for x, y, _, _, _, _ in self._on_top(w, size, k)]
        return out

    def _with_herd(self, g, size) -> list:  # type: ignore[no-untyped-def]
        """Floor spots by the members of the group already placed, a body length or a few
        apart, headed as the first one: three horses galloping 'across a meadow' stood 40 m
        apart, one at each edge, and the drone behind them saw one."""
        mates = [p for p in self.placed if p.group == g.id]
        if not mates:
            return []
        body = max(size[0], size[1])
        out = []
        for m in mates:
            out += _rings(m.x, m.y, [r * body for r in HERD_RINGS], 8, lambda: mates[0].yaw)
        return out

    def _on_their_top(self, cands: list, size, rels) -> list:  # type: ignore[no-untyped-def]
        """Floor candidates by a target that stands on a placed thing (a guitarist on the
        stage) lifted onto that thing's top where they lie wholly on it: the guitar next to
        the guitarist stands on the stage with him, not on the floor below it."""
        by_id = {p.id: p for p in self.placed}
        tops = []
        for rel in rels:
            if rel.target is None or rel.type in ("on", "far", "facing", "against_wall"):
                continue
            for q in self.placed:
                sup = by_id.get(q.support)
                if q.group == rel.target and sup is not None and sup not in tops:
                    tops.append(sup)
        if not tops:
            return cands
        out = []
        for x, y, z, yaw, support, wall in cands:
            if support == "floor" and z == 0.0:
                sup = next((t for t in tops if _lies_on(t, x, y, yaw, size)), None)
                if sup is not None:
                    out.append((x, y, sup.top, yaw, sup.id, None))
                    continue
            out.append((x, y, z, yaw, support, wall))
        return out

    def _mats(self) -> list[Placement]:
        """Floor coverings the action plays on: flat props (a mat, a rug, at most `MAT`
        thick) a character of the plan relates to ('two martial artists spar on a mat': the
        fighters near the mat stand on it). Standing on one scores `STAGE_WEIGHT`, as a set's
        stage does; a character cannot stand on the floor through it, so without this it
        stood beside it. Water is none: a jogger running 'around the pond' stood on it."""
        chars = {c.id for c in self.plan.characters}
        targets = {r.target for r in self.plan.relations
                   if r.subject in chars and r.target is not None and r.type != "facing"}
        return [p for p in self.placed if p.group in targets and p.kind != "character"
                and p.size[2] <= MAT and p.support == "floor" and p.z <= EPS
                and p.category not in WATER]  # a pond is no floor covering

    def _floor_candidates(self, g, cat, size, rels, wall_rel, k: int,  # type: ignore[no-untyped-def]
                          index: int = 0) -> list:
        """Positions on a wall (mounted or standing against it) or free on the floor (after
        the rings around the group's home, if it has one)."""
        cands = self._home_rings(g.id)
        if not isinstance(g, CharacterPlan):
            for ax, ay in self.arrivals.get(g.id, ()):
                cands += _rings(ax, ay, ARRIVE_RINGS, 8, lambda: self._default_yaw(g))
        if cat.support == "wall" and self.indoor:
            for _ in range(k):
                wall = self.walls[int(self.rng.integers(0, min(3, len(self.walls))))]
                x, y, yaw, free = self._on_wall(wall, size, float(self.rng.uniform(-0.5, 0.5)))
                if free >= 0:
                    cands.append((x, y, cat.mount_height, yaw, "wall", wall))
        elif (wall_rel is not None or cat.wall) and self.indoor:
            n = len(self.walls)
            for j in range(k):
                wall = self.walls[j % n] if j < 2 * n else \
                    self.walls[int(self.rng.integers(0, n))]
                x, y, yaw, free = self._on_wall(wall, size, float(self.rng.uniform(-0.5, 0.5)))
                if free >= 0:
                    cands.append((x, y, 0.0, yaw, "floor", wall))
        else:
            cands += self._guided(g, size, rels, k, index)
            x0, y0, x1, y1 = self.bounds
            for _ in range(k):
                yaw = self._default_yaw(g)
                ex, ey = rect_extent(yaw, size[0], size[1])
                x = float(self.rng.uniform(x0 + ex, max(x0 + ex, x1 - ex)))
                y = float(self.rng.uniform(y0 + ey, max(y0 + ey, y1 - ey)))
                cands.append((x, y, 0.0, yaw, "floor", None))
        return cands

    def _top_under(self, x: float, y: float, yaw: float, size, stage_only: bool = False
                   ) -> float | None:
        """The highest set top the footprint lies wholly on (None: none)."""
        ex, ey = rect_extent(yaw, size[0], size[1])
        best = None
        for x0, y0, x1, y1, top, stage in self.tops:
            if stage_only and not stage:
                continue
            if x0 - EPS <= x - ex and x + ex <= x1 + EPS and y0 - EPS <= y - ey and \
                    y + ey <= y1 + EPS and (best is None or top > best):
                best = top
        return best

    def _on_set(self, cands: list, size, k: int) -> list:
        """Floor candidates lifted onto the set's top they stand on, plus candidates of each
        top's own (the stage's first); unchanged without a set."""
        if not self.tops:
            return cands
        out = []
        for x, y, z, yaw, support, wall in cands:
            top = self._top_under(x, y, yaw, size) if support == "floor" and z == 0.0 else None
            out.append((x, y, top if top is not None else z, yaw, support, wall))
        ranked = sorted(self.tops, key=lambda t: (not t[5], -(t[2] - t[0]) * (t[3] - t[1])))
        for x0, y0, x1, y1, top, _ in ranked[:8]:
            for _ in range(max(2, k // 4)):
                yaw = 0.0
                ex, ey = rect_extent(yaw, size[0], size[1])
                if x1 - x0 < 2 * ex or y1 - y0 < 2 * ey:
                    break
                x = float(self.rng.uniform(x0 + ex, x1 - ex))
                y = float(self.rng.uniform(y0 + ey, y1 - ey))
                out.append((x, y, top, yaw, "floor", None))
        return out

    def _on_top(self, tgt: Placement, size, k: int) -> list:
        tw, td = tgt.size[0], tgt.size[1]
        fw, fd = tw - size[0], td - size[1]
        if fw < 0 or fd < 0:
            return []
        out = []
        c, s = math.cos(tgt.yaw), math.sin(tgt.yaw)
        for j in range(max(2, k // 2)):
            u = 0.0 if j == 0 else float(self.rng.uniform(-fw / 2, fw / 2))
            v = 0.0 if j == 0 else float(self.rng.uniform(-fd / 2, fd / 2))
            out.append((tgt.x + c * u - s * v, tgt.y + s * u + c * v, tgt.top, tgt.yaw,
                        tgt.id, None))
        return out

    def _home_rings(self, gid: str) -> list:
        """Floor candidates at the group's home and on rings around it, nearest first."""
        if gid not in self.home:
            return []
        x, y, yaw = self.home[gid]
        return _rings(x, y, STAY_RINGS, 16, lambda: yaw)

    def _home_on_top(self, gid: str, tgt: Placement, size) -> list:  # type: ignore[no-untyped-def]
        """The spot of ``tgt``'s top nearest the group's home (none without a home, or when the
        group does not fit on that top)."""
        if gid not in self.home:
            return []
        x, y, _ = self.home[gid]
        local = np.array([x - tgt.x, y - tgt.y])
        c, s = math.cos(tgt.yaw), math.sin(tgt.yaw)
        u, v = c * local[0] + s * local[1], -s * local[0] + c * local[1]
        fw, fd = (tgt.size[0] - size[0]) / 2, (tgt.size[1] - size[1]) / 2
        if fw < 0 or fd < 0:
            return []
        u, v = float(np.clip(u, -fw, fw)), float(np.clip(v, -fd, fd))
        return [(tgt.x + c * u - s * v, tgt.y + s * u + c * v, tgt.top, tgt.yaw, tgt.id, None)]

    def _default_yaw(self, g) -> float:
        if isinstance(g, CharacterPlan):
            return 0.0  # facing the default camera (south)
        return float(self.rng.integers(0, 4)) * math.pi / 2

    def _guided(self, g, size, rels, k: int, index: int = 0) -> list:
        """Candidates near the targets of next_to / in_front_of / behind / near / around, and
        along the set's sides for ``edge``. Member ``index`` of a group tries its own target
        first (member i by target i of a group of several): six flags next to six lamp posts
        hang one on each, not all round the first."""
        out = []
        for rel in rels:
            if rel.target is None or rel.type in ("on", "far", "facing"):
                continue
            targets = [p for p in self.placed if p.group == rel.target]
            if targets:
                start = index % len(targets)
                targets = targets[start:] + targets[:start]
            for tgt in targets[:8]:
                ex, ey = rect_extent(tgt.yaw, *tgt.size[:2])
                base = math.hypot(ex, ey) * 0.8 + max(size[0], size[1]) / 2 + 0.1
                for j in range(max(4, k // 4)):
                    if rel.type in ("in_front_of", "behind"):
                        fx, fy = front(tgt.yaw)
                        sign = 1.0 if rel.type == "in_front_of" else -1.0
                        dist = base + float(self.rng.uniform(0.1, 0.8))
                        lateral = float(self.rng.uniform(-0.5, 0.5))
                        x = tgt.x + sign * fx * dist - fy * lateral
                        y = tgt.y + sign * fy * dist + fx * lateral
                    elif max(tgt.size[0], tgt.size[1]) >= LONG:
                        x, y = self._beside(tgt, size, j, max(4, k // 4), index)
                    else:
                        a = 2 * math.pi * j / max(4, k // 4) + float(self.rng.uniform(0, 0.3))
                        dist = base + float(self.rng.uniform(0.0, 0.5))
                        x, y = tgt.x + dist * math.cos(a), tgt.y + dist * math.sin(a)
                    if isinstance(g, CharacterPlan) or rel.type in ("next_to", "around"):
                        yaw = facing_yaw(tgt.x - x, tgt.y - y)
                        if not isinstance(g, CharacterPlan):
                            yaw = round(yaw / (math.pi / 2)) * (math.pi / 2)
                    else:
                        yaw = self._default_yaw(g)
                    out.append((x, y, 0.0, yaw, "floor", None))
        if any(r.type == "edge" for r in rels):
            out += self._along_side(g, size, k, index)
        if any(r.type == "center" for r in rels):
            for _ in range(max(4, k // 4)):
                cx = (self.bounds[0] + self.bounds[2]) / 2 + float(self.rng.normal(0, 0.4))
                cy = (self.bounds[1] + self.bounds[3]) / 2 + float(self.rng.normal(0, 0.4))
                out.append((cx, cy, 0.0, self._default_yaw(g), "floor", None))
        return out

    def _beside(self, tgt: Placement, size, j: int, n: int,  # type: ignore[no-untyped-def]
                index: int = 0) -> tuple[float, float]:
        """A spot just outside a long target's side (a road, a banquet table): candidate ``j``
        of ``n`` round its outline, evenly by length, starting for member ``index`` of a group
        a golden-ratio turn further than for the one before (so a row of trees spreads along
        both sides). A ring round its centre stood 24 m off a 60 m road's sides: 'pines line
        both sides' of it were in no shot."""
        w, d = tgt.size[0], tgt.size[1]
        reach = max(size[0], size[1]) / 2 + float(self.rng.uniform(0.1, 0.5))
        turn = ((j + float(self.rng.uniform(0.0, 1.0))) / n + GOLDEN * index) % 1.0
        t = turn * 2 * (w + d)  # distance round it
        if t < w:
            u, v = t - w / 2, -d / 2 - reach
        elif t < w + d:
            u, v = w / 2 + reach, t - w - d / 2
        elif t < 2 * w + d:
            u, v = w / 2 - (t - w - d), d / 2 + reach
        else:
            u, v = -w / 2 - reach, d / 2 - (t - 2 * w - d)
        c, s = math.cos(tgt.yaw), math.sin(tgt.yaw)
        return tgt.x + c * u - s * v, tgt.y + s * u + c * v

    def _along_side(self, g, size, k: int, index: int) -> list:  # type: ignore[no-untyped-def]
        """Candidates for ``edge``: along one side of the set (or setting), facing in. A group
        stands along one side, as 'six café tables along one side' or 'lamps lining the
        avenue' say: its first member tries the sides with the most room first (the most of
        the group's slots free and on the ground: not the plaza's north side, where the church
        and its podium stand), ties in the walls' order (north first, the side the default
        camera faces); the others the side of the first, each at its own slot (member i of n
        at (i + 0.5) / n of the side, so the row spans it), then anywhere on that side; the
        other sides last, when that side is full."""
        mates = [p for p in self.placed if p.group == g.id]
        sides = list(self.walls)
        n = max(1, int(getattr(g, "count", 1)))
        if mates:
            x0, y0, x1, y1 = self.edge_bounds
            m = mates[0]
            dist = {"south": abs(m.y - y0), "north": abs(y1 - m.y), "west": abs(m.x - x0),
                    "east": abs(x1 - m.x)}
            own = min(WALLS, key=lambda w: dist[w])
            sides = [own] + [w for w in sides if w != own]
        elif n > 1:  # a lone thing tries every side's spots anyway: its midpoint says little
            def room(side: str) -> int:
                free = 0
                for i in range(n):
                    x, y, yaw = self._side_spot(side, (i + 0.5) / n, size)
                    if self._outside(x, y, 0.0, yaw, size) == 0.0 and \
                            self._collision(x, y, 0.0, yaw, size) == 0.0 and \
                            self._top_under(x, y, yaw, size) is None:
                        free += 1
                return free

            self.evaluations += n * len(sides)
            sides.sort(key=lambda w: -room(w))  # stable: ties keep the walls' order
        out = []
        for rank, side in enumerate(sides):
            spots = [(index + 0.5) / n]
            spots += [float(self.rng.uniform(0.0, 1.0))
                      for _ in range(max(4, k // 4) if rank == 0 and mates else 2)]
            for t in spots:
                x, y, yaw = self._side_spot(side, t, size)
                out.append((x, y, 0.0, yaw, "floor", None))
        return out

    def _side_spot(self, side: str, t: float, size) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
        """(x, y, yaw) of a thing at fraction ``t`` along ``side`` of the edge bounds, its
        back to the side (`EDGE_INSET` off it), facing in."""
        x0, y0, x1, y1 = self.edge_bounds
        yaw = facing_yaw(*INWARD[side])
        ex, ey = rect_extent(yaw, size[0], size[1])
        if side in ("south", "north"):
            x = x0 + ex + max(0.0, x1 - x0 - 2 * ex) * t
            y = y0 + ey + EDGE_INSET if side == "south" else y1 - ey - EDGE_INSET
        else:
            y = y0 + ey + max(0.0, y1 - y0 - 2 * ey) * t
            x = x0 + ex + EDGE_INSET if side == "west" else x1 - ex - EDGE_INSET
        return x, y, yaw

    def budget_left(self) -> int:
        """Candidate evaluations left of the time box (deterministic: no clock is read)."""
        return self.budget - self.evaluations

    # -- scores ---------------------------------------------------------------------------------

    def _score(self, p: Placement) -> float:
        total = 0.0
        if any(r.type == "around" and r.target == p.group for r in self.plan.relations):
            # Leave room all round for what will surround it.
            total += relation_score("center", p, None, self.bounds)
        for rel in self.relations_of.get(p.group, []):
            if rel.type in ("on", "against_wall", "in_formation"):
                continue
            if rel.target is None:
                total += relation_score(rel.type, p, None, self._unary_bounds(rel.type))
                continue
            if rel.subject == p.group:
                others = [q for q in self.placed if q.group == rel.target]
                if others:
                    total += max(relation_score(rel.type, p, q, self.bounds) for q in others)
            else:
                others = [q for q in self.placed if q.group == rel.subject]
                if others:
                    total += max(relation_score(rel.type, q, p, self.bounds) for q in others)
        if p.kind != "character" and p.group in self.arrivals:
            total += max(math.exp(-math.hypot(p.x - ax, p.y - ay) / ARRIVE_SCALE)
                         for ax, ay in self.arrivals[p.group])
        home = self.home.get(p.group)
        if home is not None:
            total += STAY_WEIGHT * math.exp(-math.hypot(p.x - home[0], p.y - home[1]))
        if p.kind == "animal":
            mates = [q for q in self.placed if q.group == p.group]
            if mates:  # a herd, a flock, a school keeps together
                body = max(p.size[0], p.size[1])
                d = min(math.hypot(p.x - q.x, p.y - q.y) for q in mates)
                total += HERD_WEIGHT * math.exp(-max(d - HERD_RINGS[0] * body, 0.0) / body)
        return total

    def _face(self) -> None:
        """Turn the subjects of `facing` toward their targets, where turning collides with
        nothing."""
        for rel in self.plan.relations:
            if rel.type != "facing" or rel.target is None or rel.subject in self.held:
                continue
            targets = [q for q in self.placed if q.group == rel.target]
            for p in [q for q in self.placed if q.group == rel.subject]:
                if not targets or p.support == "wall" or p.wall is not None:
                    continue
                tgt = min((q for q in targets if q.id != p.id),
                          key=lambda q: math.hypot(q.x - p.x, q.y - p.y), default=None)
                if tgt is None:
                    continue
                yaw = facing_yaw(tgt.x - p.x, tgt.y - p.y)
                i = self.placed.index(p)
                saved = self.rects[i].copy()
                self.rects[i] = [1e6, 1e6, 0, 0, 0]
                ok = self._outside(p.x, p.y, p.z, yaw, p.size) == 0 and \
                    self._collision(p.x, p.y, p.z, yaw, p.size) == 0
                if ok:
                    p.yaw = yaw
                    saved[2] = yaw
                self.rects[i] = saved

    def _unary_bounds(self, kind: str) -> tuple[float, float, float, float]:
        return self.edge_bounds if kind == "edge" else self.bounds

    def _relation_scores(self) -> list[dict]:
        out = []
        for rel in self.plan.relations:
            subs = [p for p in self.placed if p.group == rel.subject]
            tgts = [p for p in self.placed if p.group == rel.target] if rel.target else [None]
            if not subs or not tgts:
                score = 0.0
            else:
                per = []
                bounds = self._unary_bounds(rel.type)
                for p in subs:
                    per.append(max(relation_score(rel.type, p, q, bounds, self.placed)
                                   for q in tgts if q is None or q.id != p.id) if any(
                        q is None or q.id != p.id for q in tgts) else 0.0)
                score = float(np.mean(per))
            out.append({"type": rel.type, "subject": rel.subject, "target": rel.target,
                        "score": round(score, 3), "holds": score >= 0.5})
        return out


@dataclass
class _Default:
    type: str
    formation: str
    target: str | None = None


def _arrivals(plan: ScenePlan) -> dict[str, list[tuple[float, float]]]:
    """Group id → where a mover arrives just before it acts on that group: the last waypoint
    of the action before one whose goal or target it is ('glides across the lake and lands on
    a rock': the rock where the glide ends). The layout places the thing there (each within a
    relation's reach scores up to 1, `ARRIVE_SCALE`), so the landing is not 25 m away."""
    out: dict[str, list[tuple[float, float]]] = {}
    for g in [*plan.characters, *plan.objects]:
        acts = sorted(getattr(g, "actions", None) or [], key=lambda a: a.start)
        for prev, act in itertools.pairwise(acts):
            goal = act.goal or act.target
            if goal is not None and prev.waypoints and goal != g.id:
                x, y = prev.waypoints[-1]
                out.setdefault(goal, []).append((float(x), float(y)))
    return out


def _rings(x: float, y: float, radii: Sequence[float], steps: int,
           yaw: Callable[[], float]) -> list:
    """Floor candidates at (x, y) and on rings of ``radii`` round it (``steps`` a ring, one at
    radius 0), nearest first; ``yaw`` gives each one's heading, in that order."""
    out = []
    for r in radii:
        for a in np.linspace(0.0, 2 * math.pi, 1 if r == 0.0 else steps, endpoint=False):
            out.append((x + r * math.cos(a), y + r * math.sin(a), 0.0, yaw(), "floor", None))
    return out


def _lies_on(top: Placement, x: float, y: float, yaw: float, size) -> bool:  # type: ignore[no-untyped-def]
    """Whether a footprint (centre x, y, turned by yaw) lies wholly on ``top``'s."""
    c, s = math.cos(top.yaw), math.sin(top.yaw)
    u, v = c * (x - top.x) + s * (y - top.y), -s * (x - top.x) + c * (y - top.y)
    eu, ev = rect_extent(yaw - top.yaw, size[0], size[1])
    return abs(u) + eu <= top.size[0] / 2 + EPS and abs(v) + ev <= top.size[1] / 2 + EPS


def _gap(a: Placement, b: Placement) -> float:
    ax, ay = rect_extent(a.yaw, a.size[0], a.size[1])
    bx, by = rect_extent(b.yaw, b.size[0], b.size[1])
    return max(abs(a.x - b.x) - ax - bx, abs(a.y - b.y) - ay - by, 0.0)


def relation_score(kind: str, a: Placement, b: Placement | None,
                   bounds: tuple[float, float, float, float],
                   placed: list[Placement] | None = None) -> float:
    """How well relation ``kind`` holds between placed ``a`` (subject) and ``b`` (target), in
    [0, 1]. Left and right are as seen by the default camera, which looks north (+Y)."""
    x0, y0, x1, y1 = bounds
    if b is None:
        if kind == "center":
            d = math.hypot(a.x - (x0 + x1) / 2, a.y - (y0 + y1) / 2)
            return 1.0 if d <= 1.0 else max(0.0, 1.0 - (d - 1.0) / 3.0)
        if kind == "edge":
            ex, ey = rect_extent(a.yaw, a.size[0], a.size[1])
            d = min(a.x - ex - x0, x1 - a.x - ex, a.y - ey - y0, y1 - a.y - ey)
            d = abs(d)  # beyond the edge (a set's footprint, inside the setting) is off it too
            return 1.0 if d <= 1.0 else max(0.0, 1.0 - (d - 1.0) / 2.0)
        if kind == "against_wall":
            return 1.0 if a.wall is not None else 0.0
        if kind == "in_formation":
            return 1.0
        return 0.0
    dx, dy = b.x - a.x, b.y - a.y
    dist = math.hypot(dx, dy)
    gap = _gap(a, b)
    if kind == "on":
        return 1.0 if a.support == b.id else 0.0
    if kind in ("next_to", "around"):
        return 1.0 if gap <= 0.6 else max(0.0, 1.0 - (gap - 0.6) / 1.4)
    if kind == "near":
        return 1.0 if gap <= 1.5 else max(0.0, 1.0 - (gap - 1.5) / 2.5)
    if kind == "far":
        diag = math.hypot(x1 - x0, y1 - y0)
        return min(1.0, dist / (0.4 * diag))
    if kind in ("in_front_of", "behind"):
        fx, fy = front(b.yaw)
        along = (-dx * fx - dy * fy) / max(dist, 1e-9)
        if kind == "behind":
            along = -along
        closeness = 1.0 if gap <= 2.0 else max(0.0, 1.0 - (gap - 2.0) / 2.0)
        return max(0.0, min(1.0, along * 1.4)) * closeness
    if kind in ("left_of", "right_of"):
        side = (b.x - a.x) if kind == "left_of" else (a.x - b.x)
        closeness = 1.0 if gap <= 2.5 else max(0.0, 1.0 - (gap - 2.5) / 2.5)
        return max(0.0, min(1.0, side / 0.3)) * closeness
    if kind == "facing":
        fx, fy = front(a.yaw)
        return max(0.0, (fx * dx + fy * dy) / max(dist, 1e-9))
    return 0.0
