"""Media and support: each body is where its kind can be, and held up by what it is on.

`check`'s box tests ask only whether something hangs over nothing. That let fish "fly" over
dry land, let a woman posed seated squat in mid-air, and called the airborne phase of a real
jump ``floating``. The checks here read the evaluated World (entity matrices and, for the
few bodies that need them, skeleton joints) on at most `MAX_FRAMES` evenly sampled frames of
the checked range (one when nothing moves):

- ``wrong_medium``: a fish whose centre is not over a water body (an entity, set or prop,
  whose semantic class is one of `WATER`), or that is above its surface or below its bottom
  (a water body thinner than `MIN_DEPTH` is a surface: its volume reaches `MIN_DEPTH` down);
  a World without water is wrong for every fish. A bird standing on the floor (not on a prop,
  not in water) on every sampled frame: birds fly or perch, unless the plan has it walk
  (``grounded``). Land animals and characters off the ground are ``floating`` (`check`).
- ``not_seated``: a humanoid posed seated — the pelvis lowered by `SIT_DROP` and moved off
  the feet by `SIT_OFFSET` (of its rest height), as the ``sit_down`` action poses it, so the
  body would fall back without something under it; a crouch keeps the pelvis over the feet —
  with no seat under the pelvis: a seat-like entity (`SEATS`) whose footprint, grown by
  `SEAT_REACH`, holds the pelvis, any other solid whose top is just under the pelvis, or the
  floor within `FLOOR_SIT` (sitting on the ground).
- ``not_in_hand``: an object ``attached_to`` a hand or wrist joint, or one the plan says is
  held (``held``: object → holder), farther than `HAND_REACH` from the holder's hand joints.

`airborne_phase` is the jump rule `check` applies to ``floating``: a body that leaves its
support for at most `MAX_AIRBORNE_S` and is supported again before and after is in the air
of a jump, leap or dunk, not floating.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np

from previz.skills.geometry import Box, entity_box, proxy_part_boxes
from previz.world import Curve, World
from previz.world.evaluate import WorldState, joint_matrices
from previz.world.proxy import proxy_size

MAX_FRAMES = 24
MAX_AIRBORNE_S = 1.5
WATER = ("water", "pond", "lake", "river", "sea", "ocean", "pool", "stream", "aquarium")
FISH = ("fish", "goldfish", "carp", "koi", "trout", "salmon", "shark", "eel")
BIRDS = ("bird", "pigeon", "crow", "seagull", "gull", "heron", "duck", "swan", "eagle",
         "owl", "parrot", "sparrow", "hawk", "goose")
SEATS = ("chair", "armchair", "sofa", "couch", "bench", "stool", "bed", "seat", "throne",
         "ottoman", "pew", "saddle", "horse")
HAND_WORDS = ("wrist", "hand", "palm", "finger")
MIN_DEPTH = 2.0  # metres of water under a surface-only water body
SURFACE_TOL = 0.02
FLOOR_TOL = 0.02
SIT_DROP = 0.3  # of the rest pelvis height
SIT_OFFSET = 0.25  # of the rest pelvis height, pelvis from the ankles' midpoint, sideways
SEAT_REACH = 0.15
SEAT_BELOW = 0.45  # a non-seat's top within this under the pelvis holds it
FLOOR_SIT = 0.3
HAND_REACH = 0.15

Issue = tuple[str, list[str], list[int], str]


def airborne_phase(floating: list[int], checked: list[int], fps: float) -> set[int]:
    """The frames of ``floating`` (a sorted subset of the sorted ``checked``) that are the
    airborne phase of a jump: runs of consecutive checked frames no longer than
    `MAX_AIRBORNE_S`, with a supported checked frame right before and right after."""
    pos = {f: k for k, f in enumerate(checked)}
    out: set[int] = set()
    run: list[int] = []
    for f in [*floating, None]:
        if f is not None and run and pos[f] == pos[run[-1]] + 1:
            run.append(f)
            continue
        if run:
            before, after = pos[run[0]] - 1, pos[run[-1]] + 1
            short = (run[-1] - run[0] + 1) / fps <= MAX_AIRBORNE_S
            if short and before >= 0 and after < len(checked):
                out.update(run)
        run = [f] if f is not None else []
    return out


def _kind_of(e: Any) -> str | None:
    template = e.skeleton.template if e.skeleton is not None else None
    cls = e.semantic_class.lower()
    if e.kind == "animal" and (template == "fish" or cls in FISH):
        return "fish"
    if e.kind == "animal" and (template == "bird" or cls in BIRDS):
        return "bird"
    if e.kind == "character" and e.skeleton is not None and \
            all(e.skeleton.joint(j) is not None for j in ("pelvis", "left_ankle", "right_ankle")):
        return "humanoid"
    return None


def _box(e: Any, state: WorldState) -> Box:
    return proxy_part_boxes(e, state.entities[e.id].matrix)[0]


def _local(box: Box, p: np.ndarray) -> np.ndarray:
    return (np.asarray(p, float) - box.center) @ box.axes


def _distance(box: Box, p: np.ndarray) -> float:
    """Metres from point ``p`` to the box (0 inside)."""
    return float(np.linalg.norm(np.maximum(np.abs(_local(box, p)) - box.half, 0.0)))


def _within_footprint(box: Box, p: np.ndarray, grow: float = 0.0) -> bool:
    local = _local(box, p)
    return bool(abs(local[0]) <= box.half[0] + grow and abs(local[1]) <= box.half[1] + grow)


def _water_volume(e: Any, state: WorldState) -> tuple[Box, float, float]:
    """(footprint box, surface z, bottom z) of a water body: its asset box, whose top is the
    surface; a thin one reaches `MIN_DEPTH` down."""
    box = entity_box(state.entities[e.id].matrix, proxy_size(e))
    lo, hi = box.aabb()
    return box, float(hi[2]), float(min(lo[2], hi[2] - MIN_DEPTH))


def _floor_under(world: World, state: WorldState, p: np.ndarray) -> float | None:
    """The highest set floor under point ``p`` (a thin set is stood on at its top, a room or
    terrain block at its bottom, as `check`'s support test reads them); None off every set."""
    best = None
    for e in world.entities:
        if e.kind != "set" or e.semantic_class.lower() in WATER:
            continue
        m = state.entities[e.id].matrix
        local = np.linalg.solve(m, np.r_[p, 1.0])[:3]
        w, d, h = proxy_size(e)
        if abs(local[0]) <= w / 2 and abs(local[1]) <= d / 2:
            level = (m @ np.array([0.0, 0.0, h if h <= 0.05 else 0.0, 1.0]))[2]
            best = level if best is None else max(best, float(level))
    return best


def _sample(frames: list[int], most: int = MAX_FRAMES) -> list[int]:
    if len(frames) <= most:
        return list(frames)
    idx = np.unique(np.round(np.linspace(0, len(frames) - 1, most)).astype(int))
    return [frames[i] for i in idx]


def _keyed(skeleton: Any) -> bool:
    return skeleton is not None and any(
        isinstance(c, Curve) for j in skeleton.joints for c in (*j.rotation, *j.location))


def water_ids(world: World) -> set[str]:
    """Entities that are water (`WATER`): not solid, what fish must be in."""
    return {e.id for e in world.entities if e.semantic_class.lower() in WATER}


def flyers_and_swimmers(world: World) -> set[str]:
    """Birds and fish (by skeleton template or semantic class): nothing has to hold them up;
    where they may be is `media_checks`' to judge."""
    return {e.id for e in world.entities if _kind_of(e) in ("bird", "fish")}


def swimmers_in_water_worlds(world: World) -> set[str]:
    """The fish of a World that has water: their bounds are the water's (`wrong_medium`),
    not the set's, since a pond reaches under the ground."""
    if not water_ids(world):
        return set()
    return {e.id for e in world.entities if _kind_of(e) == "fish"}


def _sit_candidates(world: World) -> list[Any]:
    """Humanoids whose pelvis is ever keyed (or set) low enough to be a sitting pose: the
    cheap filter before joints are evaluated."""
    out = []
    for e in world.entities:
        if _kind_of(e) != "humanoid":
            continue
        pelvis = e.skeleton.joint("pelvis")
        z = pelvis.location[2]
        low = min(k.value for k in z.keys) if isinstance(z, Curve) else float(z)
        if low <= -SIT_DROP * pelvis.offset[2]:
            out.append(e)
    return out


def media_checks(
    world: World,
    frames: list[int],
    state_at: Callable[[int], WorldState],
    animated: bool,
    *,
    held: Mapping[str, str] | None = None,
    grounded: Collection[str] = (),
) -> list[Issue]:
    """Problems as ``(kind, entity ids, frames, detail)`` over the checked ``frames``."""
    ents = {e.id: e for e in world.entities}
    fish = [e for e in world.entities if _kind_of(e) == "fish"]
    birds = [e for e in world.entities if _kind_of(e) == "bird" and e.id not in grounded]
    sitters = _sit_candidates(world)
    hands: list[tuple[str, str, list[str]]] = [
        (r.subject, r.target, [r.joint]) for r in world.relations
        if r.type == "attached_to" and r.joint and any(w in r.joint for w in HAND_WORDS)
        and r.subject in ents and r.target in ents]
    for obj, holder in (held or {}).items():
        h = ents.get(holder)
        if obj in ents and h is not None and h.skeleton is not None:
            names = [j.name for j in h.skeleton.joints if any(w in j.name for w in HAND_WORDS)]
            if names and not any(o == obj and t == holder for o, t, _ in hands):
                hands.append((obj, holder, names))
    if not (fish or birds or sitters or hands):
        return []
    # Bodies posed by their joints alone change on frames where no transform does.
    posed = any(_keyed(ents[i].skeleton) for i in {*(e.id for e in sitters),
                                                   *(h for _, h, _ in hands)})
    moves = animated or posed
    sampled = _sample(frames) if moves else frames[:1]

    def spread(found: list[int]) -> list[int]:
        return found if moves else (list(frames) if found else [])

    water = [e for e in world.entities if e.semantic_class.lower() in WATER]
    solids = [e for e in world.entities if e.kind != "set"]
    wrong: dict[str, list[int]] = {}
    why: dict[str, str] = {}
    bird_on_floor: dict[str, int] = {}
    unseated: dict[str, list[int]] = {}
    loose: dict[tuple[str, str], list[int]] = {}
    far: dict[tuple[str, str], float] = {}
    for f in sampled:
        state = state_at(f)
        vols = [_water_volume(e, state) for e in water]
        for e in fish:
            b = _box(e, state)
            bottom = float(b.aabb()[0][2])
            if not vols:
                reason = "there is no water in the World"
            else:
                over = [(s, lo) for box, s, lo in vols if _within_footprint(box, b.center)]
                if not over:
                    reason = "it is over dry land"
                elif all(bottom > s + SURFACE_TOL for s, _ in over):
                    reason = "it is above the water surface"
                elif all(b.center[2] < lo for _, lo in over):
                    reason = "it is below the water"
                else:
                    continue
            wrong.setdefault(e.id, []).append(f)
            why.setdefault(e.id, f"{e.id} is a fish but {reason}")
        for e in birds:
            b = _box(e, state)
            bottom = float(b.aabb()[0][2])
            floor = _floor_under(world, state, b.center)
            in_water = any(_within_footprint(box, b.center) for box, _, _ in vols)
            if floor is not None and bottom <= floor + FLOOR_TOL and not in_water:
                bird_on_floor[e.id] = bird_on_floor.get(e.id, 0) + 1
        for e in sitters:
            if not _seated_pose(e, state, f):
                continue
            if not _has_seat(world, e, state, solids, f):
                unseated.setdefault(e.id, []).append(f)
        for obj, holder, joints in hands:
            d = _hand_distance(ents[obj], ents[holder], joints, state, f)
            if d is not None and d > HAND_REACH:
                loose.setdefault((obj, holder), []).append(f)
                far[(obj, holder)] = max(far.get((obj, holder), 0.0), d)
    issues: list[Issue] = []
    for eid, fs in wrong.items():
        issues.append(("wrong_medium", [eid], spread(fs), why[eid]))
    for eid, n in bird_on_floor.items():
        if n == len(sampled):
            issues.append(("wrong_medium", [eid], spread(list(sampled)),
                           f"{eid} is a bird on the floor all shot long: birds fly or perch"))
    for eid, fs in unseated.items():
        issues.append(("not_seated", [eid], spread(fs),
                       f"{eid} is posed seated with nothing under the pelvis"))
    for (obj, holder), fs in loose.items():
        issues.append(("not_in_hand", [obj, holder], spread(fs),
                       f"{obj} is held by {holder} but {far[(obj, holder)]:.2f} m from the "
                       f"hand"))
    return issues


def _joints(e: Any, state: WorldState, frame: int) -> dict[str, np.ndarray]:
    """World positions of ``e``'s joints: the evaluated ones when the state has them (the
    supervisor's geometry World keeps only the skeletons things hang from)."""
    js = state.entities[e.id].joints
    if not js:
        js = joint_matrices(e.skeleton, state.entities[e.id].matrix, frame)
    return {n: m[:3, 3] for n, m in js.items()}


def _seated_pose(e: Any, state: WorldState, frame: int) -> bool:
    j = _joints(e, state, frame)
    rest = e.skeleton.rest_positions()
    scale = float(np.linalg.norm(state.entities[e.id].matrix[:3, 2]))
    height = float(rest["pelvis"][2]) * scale
    feet = (j["left_ankle"] + j["right_ankle"]) / 2
    rest_up = (float(rest["pelvis"][2]) - (rest["left_ankle"][2] + rest["right_ankle"][2]) / 2)
    drop = rest_up * scale - float(j["pelvis"][2] - feet[2])
    offset = float(np.linalg.norm((j["pelvis"] - feet)[:2]))
    return drop >= SIT_DROP * height and offset >= SIT_OFFSET * height


def _has_seat(world: World, e: Any, state: WorldState, solids: list, frame: int) -> bool:
    pelvis = _joints(e, state, frame)["pelvis"]
    floor = _floor_under(world, state, pelvis)
    if floor is not None and pelvis[2] - floor <= FLOOR_SIT:
        return True
    carried = {r.subject for r in world.relations
               if r.type == "attached_to" and r.target == e.id}
    for o in solids:
        if o.id == e.id or o.id in carried:
            continue
        for b in proxy_part_boxes(o, state.entities[o.id].matrix):
            lo, hi = b.aabb()
            if not _within_footprint(b, pelvis, SEAT_REACH) or lo[2] >= pelvis[2]:
                continue
            if o.semantic_class.lower() in SEATS or \
                    pelvis[2] - SEAT_BELOW <= hi[2] <= pelvis[2] + SEAT_REACH:
                return True
    return False


def _hand_distance(obj: Any, holder: Any, joints: list[str], state: WorldState,
                   frame: int) -> float | None:
    if holder.skeleton is None:
        return None
    js = state.entities[holder.id].joints
    if not all(n in js for n in joints):
        js = joint_matrices(holder.skeleton, state.entities[holder.id].matrix, frame)
    pts = [js[n][:3, 3] for n in joints if n in js]
    if not pts:
        return None
    box = _box(obj, state)
    return min(_distance(box, p) for p in pts)


GROUND_VERBS = ("walk", "run", "stand", "land", "sit", "idle", "eat", "peck", "hop")


def grounded_from_plan(plan: Any, world: World) -> set[str]:
    """World ids of the birds the plan has on the ground (walking, standing, landing…): a
    group ``g`` becomes ``g`` or ``g-1``, ``g-2``… in the World."""
    out: set[str] = set()
    for g in getattr(plan, "characters", []):
        if any(a.verb in GROUND_VERBS for a in g.actions):
            out |= {e.id for e in world.entities
                    if e.id == g.id or e.id.startswith(f"{g.id}-")}
    return out
