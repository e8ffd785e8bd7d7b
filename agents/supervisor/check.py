"""The supervisor: measures a World frame by frame and lists what is physically or cinematically
wrong with it, as data the agent loop can repair from.

Geometry is **bounding volumes**, not meshes: each entity is its asset's box, ``asset.size`` =
(width x, depth y, height z), bottom centre at the entity origin, carried by the entity's world
matrix from ``world.evaluate(frame)`` (see `previz.skills.geometry`). Entities without a size
have no geometry and are skipped (listed in ``metrics.unsized``). Skeletons are not used: a
character's box is its asset box, posed or not.

Set entities whose semantic class is one of `ENCLOSURES` (``wall``/``room`` indoors,
``ground``/``floor``/``terrain`` outdoors) are the playable volume, not obstacles: things must
stay inside them (``out_of_bounds``) and the camera must be inside a room.

Problem kinds: ``interpenetration``, ``path_blocked`` (a moving entity runs into a static one),
``floating``, ``unsupported`` (resting on something with its centre over nothing, or an ``on``
relation that does not hold), ``out_of_bounds``, ``subject_out_of_frame`` (no part of the
subject's box is in the picture), ``subject_occluded`` (more than half of 9 sample points of its
box hidden behind other boxes), ``camera_inside_geometry``. The metric
``subject_in_frame_fraction`` counts frames with every corner of every subject box in the
picture. Geometry checks run on every frame of the checked range (once when nothing moves);
occlusion is ray-cast on up to `OCCLUSION_FRAMES` frames per shot.

A shot's subject is the set of entities its camera is ``facing`` (relations whose subject is
the camera, as the agents write them); without such relations, the characters and animals;
without those, the props.

What each shot shows is measured on a low-resolution label render of the proxies
(`framing`: ``subject_rarely_visible``, ``subject_too_small``, ``empty_frames``,
``no_subject``, ``camera_outside_set``, ``camera_below_ground``), and whether each body is in
its medium and held up by what it is on (`media`: ``wrong_medium``, ``not_seated``,
``not_in_hand``); the airborne phase of a jump (`media.airborne_phase`) is not ``floating``,
and water is not solid.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from previz.skills.geometry import (
    Box,
    aabb_pairs,
    boxes_of,
    entity_box,
    penetrations,
    proxy_part_boxes,
    sight_blocked,
)
from previz.world import Curve, World

from ..fidelity.visibility import Visibility
from .assets import unknown_assets
from .framing import framing_checks, sizes_from_plan
from .media import (
    airborne_phase,
    flyers_and_swimmers,
    grounded_from_plan,
    media_checks,
    swimmers_in_water_worlds,
    water_ids,
)
from .motion import motion_metrics

ENCLOSURES = ("wall", "room", "ground", "floor", "terrain")
#: Set pieces that sit in an enclosure's walls (the room's openings): never out of bounds.
OPENINGS = ("door", "window", "doorway", "opening")
ROOMS = ("wall", "room")
TOL = 0.01  # metres: touching within a centimetre is contact, not penetration
SUPPORT_TOL = 0.02
FLOOR_COVERING = 0.05  # metres: a still thing this thin (a rug, a track) is walked over
OCCLUSION_FRAMES = 8
#: Work bounds of one check, so 10,000 entities or 2,000 piled in one place give an answer:
#: candidate box pairs the sweep may return per frame, and overlapping pairs listed per check
#: (the rest are counted in one ``not_checked`` problem, never silently dropped). Counts, not
#: seconds, so the same World always gets the same report.
MAX_CANDIDATE_PAIRS = 2_000_000
MAX_LISTED_PAIRS = 20_000


@dataclass
class Problem:
    kind: str
    entities: list[str]
    frames: list[int] = field(default_factory=list)
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "entities": self.entities, "frames": self.frames,
                "detail": self.detail}


@dataclass
class Report:
    problems: list[Problem]
    metrics: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": [p.to_json() for p in self.problems],
                "metrics": self.metrics}

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.problems:
            out[p.kind] = out.get(p.kind, 0) + 1
        return out


class _Budget:
    """How many overlapping pairs one check still lists (`MAX_LISTED_PAIRS`)."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_LISTED_PAIRS if limit is None else limit
        self.used = 0

    def take(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    @staticmethod
    def note(frame: int, out: _Collector, detail: str) -> None:
        """One ``not_checked`` problem per check (its frames grow): the report says what it
        did not measure."""
        out.add("not_checked", [], frame, f"not checked (budget): {detail}",
                key="budget:" + detail.split(":")[0])


class _Collector:
    """Merges the same problem seen on many frames into one entry with its frame list."""

    def __init__(self) -> None:
        self.items: dict[tuple, Problem] = {}

    def add(self, kind: str, entities: list[str], frame: int, detail: str,
            key: Any = None) -> None:
        k = (kind, tuple(entities), key if key is not None else detail)
        p = self.items.get(k)
        if p is None:
            p = self.items[k] = Problem(kind, list(entities), [], detail)
        if not p.frames or p.frames[-1] != frame:
            p.frames.append(frame)

    def problems(self) -> list[Problem]:
        return sorted(self.items.values(), key=lambda p: (p.kind, p.entities, p.frames[:1]))


def _animated(param: Any) -> bool:
    return isinstance(param, Curve)


def _moving_ids(world: World) -> set[str]:
    """Entities whose transform is keyed, or that hang from one that is."""
    moving = {e.id for e in world.entities
              if any(_animated(v) for ch in (e.transform.location, e.transform.rotation,
                                             e.transform.scale) for v in ch)}
    attach = {r.subject: r.target for r in world.relations if r.type == "attached_to"}
    changed = True
    while changed:
        changed = False
        for s, t in attach.items():
            if t in moving and s not in moving:
                moving.add(s)
                changed = True
    return moving


def _animated_anything(world: World) -> bool:
    if _moving_ids(world):
        return True
    for c in world.cameras:
        if any(_animated(v) for ch in (c.transform.location, c.transform.rotation) for v in ch) \
                or _animated(c.focal_length):
            return True
    return False


def _geometry_world(world: World) -> World:
    """The World without skeletons that nothing hangs from: boxes do not need joints, and
    evaluating a hundred skeletons per frame is most of the cost."""
    keep = {r.target for r in world.relations if r.type == "attached_to" and r.joint}
    ents = [e if e.skeleton is None or e.id in keep else e.model_copy(update={"skeleton": None})
            for e in world.entities]
    return world.model_copy(update={"entities": ents})


def _solid_boxes(entity: Any, matrix: np.ndarray) -> dict[str, Box]:
    """The entity's solid boxes keyed for the checks: its id for a one-box proxy; for a set
    that is not an enclosure (a ``grass`` ground, a stage set) the parts of the rendered proxy
    (`previz.world.proxy`: floor slab and walls), keyed ``id#k`` — `_owner` maps them back."""
    if entity.kind != "set":
        return {entity.id: entity_box(matrix, entity.asset.size)}
    return {f"{entity.id}#{k}": b for k, b in enumerate(proxy_part_boxes(entity, matrix))}


def _owner(key: str) -> str:
    """The entity id of a box key from `_solid_boxes`."""
    return key.split("#", 1)[0]


def check_frames(world: World, shot: str | None) -> list[int]:
    if shot is not None:
        s = world.shot(shot)
        frames = range(s.frame_start, s.frame_end + 1)
    elif world.shots:
        frames = sorted({f for s in world.shots for f in range(s.frame_start, s.frame_end + 1)})
    else:
        keys = [k.frame for e in world.entities for ch in (e.transform.location,
                                                         e.transform.rotation)
                for v in ch if isinstance(v, Curve) for k in v.keys]
        frames = range(int(min(keys, default=1)), int(max(keys, default=1)) + 1)
    return list(frames)


def check(world: World, shot: str | None = None, plan: Any = None,
          text: str | None = None, unsaid: tuple[str, ...] = (), *,
          sizes: dict[str, str] | None = None) -> Report:
    """Measure ``world`` (or one ``shot``) and return its problems and metrics.

    With the ``plan`` it realises (a `ScenePlan`), also what of the plan did not reach the shot
    (`fidelity.plan_fidelity`); with the director's ``text``, the words no part of the plan used
    (``not_understood``); ``unsaid`` lists what the plan itself says it cannot express.
    ``sizes`` (shot id → plan size name, e.g. ``"close_up"``) says what each shot's framing
    must fill (`framing`); without it the plan's shot sizes, or none."""
    if shot is not None:
        try:
            world.shot(shot)
        except KeyError:
            from previz.world import InputError

            ids = ", ".join(s.id for s in world.shots) or "none"
            raise InputError(f"no shot {shot!r} in the World (shots: {ids})") from None
    geo = _geometry_world(world)
    frames = check_frames(world, shot)
    animated = _animated_anything(world)
    moving = _moving_ids(world)
    enclosures = [e for e in world.entities if e.kind == "set" and e.semantic_class in ENCLOSURES
                  and e.asset.size is not None]
    enclosure_ids = {e.id for e in enclosures}
    against_walls = {r.subject for r in world.relations
                     if r.type == "against" and r.target in enclosure_ids}
    openings = {e.id for e in world.entities if e.semantic_class in OPENINGS
                and (e.kind == "set" or e.id in against_walls)}
    solids = [e for e in world.entities if e.id not in enclosure_ids and e.asset.size is not None]
    unsized = sorted(e.id for e in world.entities if e.asset.size is None)
    exempt = {frozenset((r.subject, r.target)) for r in world.relations
              if r.type in ("inside", "attached_to")}
    mounted = {r.subject for r in world.relations if r.type in ("attached_to", "against")}
    # Birds fly and fish swim: nothing has to hold them up (their motion is checked by the
    # motion metrics instead).
    mounted |= {e.id for e in world.entities
                if e.skeleton is not None and e.skeleton.template in AIRBORNE_TEMPLATES}
    mounted |= flyers_and_swimmers(world)
    # An aircraft that moves is flying (the helicopter that follows a car 30 m up); a still one
    # stands on something like any prop.
    mounted |= {e.id for e in world.entities if e.semantic_class in AIRCRAFT and e.id in moving}
    # Water is not solid (a fish swims in it, a heron wades), and a fish's bounds are its
    # water's (`media`).
    water = water_ids(world)
    exempt |= {frozenset((w, e.id)) for w in water for e in world.entities if e.id != w}
    in_water = swimmers_in_water_worlds(world)
    # A pond's water reaches under the ground (a set part whose surface is at the ground).
    in_bounds_exempt = set(in_water) | openings | water
    declared_on = [(r.subject, r.target) for r in world.relations if r.type == "on"]

    out = _Collector()
    budget = _Budget()
    worst = 0.0
    geometry_frames = frames if animated else frames[:1]
    states: dict[int, Any] = {}
    frame_boxes: dict[int, dict[str, Box]] = {}
    static_boxes: dict[str, Box] = {}
    # Every checked frame evaluated at once (the same states as frame by frame).
    for frame, state in zip(geometry_frames, geo.evaluate_frames(geometry_frames), strict=True):
        states[frame] = state
        boxes: dict[str, Box] = {}
        for e in solids:
            if e.id in static_boxes:
                boxes.update(static_boxes[e.id])
                continue
            parts = _solid_boxes(e, state.entities[e.id].matrix)
            boxes.update(parts)
            if e.id not in moving:
                static_boxes[e.id] = parts
        frame_boxes[frame] = boxes
        encl = {e.id: entity_box(state.entities[e.id].matrix, e.asset.size) for e in enclosures}
        worst = max(worst, _overlaps(boxes, moving, exempt, frame, out, budget,
                                     movers_only=frame != geometry_frames[0]))
        # Fish in water may leave the ground's outline; doors and windows sit in the walls.
        _bounds({k: b for k, b in boxes.items() if _owner(k) not in in_bounds_exempt},
                encl, enclosures, frame, out)
        _support(boxes, encl, mounted, declared_on, frame, out)

    for p in out.items.values():  # static pairs, measured once, overlap on every frame
        if p.kind == "interpenetration" and not moving.intersection(p.entities):
            p.frames = list(geometry_frames)
    for key, p in list(out.items.items()):  # a jump's airborne phase is not floating
        if p.kind == "floating":
            air = airborne_phase(p.frames, geometry_frames, world.fps)
            p.frames = [f for f in p.frames if f not in air]
            if not p.frames:
                del out.items[key]
    shot_metrics, frac_all = _shots(world, geo, shot, states, frame_boxes, out, enclosures,
                                    animated)

    def state_at(frame: int) -> Any:
        if frame not in states:
            states[frame] = geo.evaluate(frame)
        return states[frame]

    # What the framing renders of every shot, for `element_not_in_shot` to read (the same
    # frames `supervisor_visibility` would render again; a World that only moves through
    # joints renders one frame here, so it is left to render its own).
    seen = Visibility(0, 0) if shot is None and (animated or not any(
        r.type == "attached_to" and r.joint for r in world.relations)) else None
    framing, framing_problems = framing_checks(
        world, [shot] if shot is not None else [s.id for s in world.shots], state_at, moving,
        animated, sizes if sizes is not None or plan is None else sizes_from_plan(plan), seen)
    media_problems = media_checks(world, frames, state_at, animated,
                                  grounded=grounded_from_plan(plan, world) if plan else ())
    for kind, ids, pframes, detail in framing_problems + media_problems:
        for f in pframes:
            out.add(kind, ids, f, detail)
    relations = _relations(world, geo, frames[0], enclosure_ids)
    motion: dict[str, Any] = {}
    if animated:
        def matrix(eid: str, frame: int) -> np.ndarray:
            state = states.get(frame) or geo.evaluate(frame)
            return state.entities[eid].matrix

        motion, motion_problems = motion_metrics(world, frames, matrix)
        for kind, ids, pframes, detail in motion_problems:
            for f in pframes:
                out.add(kind, ids, f, detail)
    for ids, noun in unknown_assets(world, plan):
        out.add("unknown_asset", ids, frames[0], f"no {noun!r} in the asset library: shown "
                "as a proxy box named after it (ingest a model with `previz assets ingest`)")
    problems = out.problems()
    if not animated:  # a static World: what holds on the first frame holds on all of them
        for p in problems:
            p.frames = sorted(set(p.frames) | set(frames)) if p.frames == frames[:1] else p.frames
    metrics = {
        "frames_checked": len(frames),
        "entities": len(world.entities),
        "worst_penetration_m": round(worst, 4),
        "subject_in_frame_fraction": frac_all,
        "shots": shot_metrics,
        "relations_hold": relations[0],
        "relations_total": relations[1],
        "relations_failing": relations[2],
        "geometry": "bounding boxes (asset.size, bottom centre at the entity origin)",
        "unsized": unsized,
        "motion": motion,
        "framing": framing,
    }
    if plan is not None or text or unsaid:
        problems = problems + _fidelity(world, plan, text, unsaid, seen)
    return Report(problems, metrics)


def _fidelity(world: World, plan: Any, text: str | None, unsaid: tuple[str, ...],
              seen: Visibility | None = None) -> list[Problem]:
    from .fidelity import not_understood, plan_fidelity, unsaid_problems

    out: list[Problem] = []
    if plan is not None:
        out += plan_fidelity(world, plan, seen)
        if text:
            out += not_understood(text, plan)
    out += unsaid_problems(unsaid)
    return out


def _overlaps(boxes: dict[str, Box], moving: set[str], exempt: set, frame: int,
              out: _Collector, budget: _Budget | None = None, movers_only: bool = False
              ) -> float:
    """Report the pairs of boxes that overlap at ``frame``; the worst depth. Candidate pairs
    come from a sort-and-sweep of their bounds (`aabb_pairs`), depths from the vectorised
    separating-axis test; at most ``budget`` pairs are listed per check, the rest summed up in
    one ``not_checked`` problem. ``movers_only``: only pairs with a moving box (static pairs
    were measured on the first frame and hold on every frame)."""
    budget = budget if budget is not None else _Budget()
    ids = list(boxes)
    if len(ids) < 2:
        return 0.0
    owners = [_owner(k) for k in ids]
    bounds = [boxes[k].aabb() for k in ids]
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    ii, jj, truncated = aabb_pairs(lo, hi, TOL, limit=MAX_CANDIDATE_PAIRS)
    if truncated:
        budget.note(frame, out, f"overlap: more than {MAX_CANDIDATE_PAIRS} pairs of boxes "
                    "overlap; the rest were not measured")
    code = {o: n for n, o in enumerate(dict.fromkeys(owners))}
    own = np.array([code[o] for o in owners])
    keep = own[ii] != own[jj]
    mov = np.array([o in moving for o in owners]) if moving else np.zeros(len(owners), bool)
    if moving:
        # A mover crosses a floor covering (a rug, a mat, a running track: at most
        # `FLOOR_COVERING` thick, standing still) by walking over it, not through it.
        flat = (hi[:, 2] - lo[:, 2]) <= FLOOR_COVERING
        keep &= ~((mov[ii] & ~mov[jj] & flat[jj]) | (mov[jj] & ~mov[ii] & flat[ii]))
    if movers_only:
        keep &= mov[ii] | mov[jj]
    if exempt:
        pairs = {(code[a], code[b]) for pair in exempt if len(pair) == 2
                 for a, b in (tuple(pair), tuple(pair)[::-1]) if a in code and b in code}
        if pairs:
            n = len(code)
            keys = np.array(sorted(a * n + b for a, b in pairs))
            keep &= ~np.isin(own[ii] * n + own[jj], keys)
    ii, jj = ii[keep], jj[keep]
    if not len(ii):
        return 0.0
    centers = np.array([boxes[k].center for k in ids])
    axes = np.array([boxes[k].axes for k in ids])
    halves = np.array([boxes[k].half for k in ids])
    worst = 0.0
    step = 50_000  # candidate pairs measured at a time, until the listing budget is spent
    for start in range(0, len(ii), step):
        if budget.used >= budget.limit:
            budget.note(frame, out, f"overlap: {len(ii) - start} candidate pairs of boxes not "
                        f"measured (at most {budget.limit} overlapping pairs listed per check)")
            break
        worst = max(worst, _list_overlaps(ii[start:start + step], jj[start:start + step],
                                          owners, moving, centers, axes, halves, frame, out,
                                          budget))
    return worst


def _list_overlaps(ii: np.ndarray, jj: np.ndarray, owners: list[str], moving: set[str],
                   centers: np.ndarray, axes: np.ndarray, halves: np.ndarray, frame: int,
                   out: _Collector, budget: _Budget) -> float:
    """Measure candidate pairs ``(ii, jj)`` and list those that overlap; the worst depth."""
    depths = penetrations(centers, axes, halves, ii, jj)
    over = depths > TOL
    ii, jj, depths = ii[over], jj[over], depths[over]
    worst = 0.0
    for n, (i, j) in enumerate(zip(ii.tolist(), jj.tolist(), strict=True)):
        if not budget.take():
            worst = max(worst, float(depths[n:].max()))
            budget.note(frame, out, f"overlap: {len(depths) - n} more overlapping pairs of "
                        f"boxes not listed (at most {budget.limit} per check)")
            break
        a, b = owners[i], owners[j]
        depth = float(depths[n])
        worst = max(worst, depth)
        ma, mb = a in moving, b in moving
        pair = sorted([a, b])
        if ma != mb:
            mover, obstacle = (a, b) if ma else (b, a)
            out.add("path_blocked", [mover, obstacle], frame,
                    f"{mover} moves through {obstacle}", key="path")
        else:
            out.add("interpenetration", pair, frame,
                    f"{pair[0]} and {pair[1]} overlap by up to {depth:.2f} m", key="overlap")
            p = out.items[("interpenetration", tuple(pair), "overlap")]
            prev = float(p.detail.split("up to ")[1].split(" m")[0])
            if depth > prev:
                p.detail = f"{pair[0]} and {pair[1]} overlap by up to {depth:.2f} m"
    return worst


def _bounds(boxes: dict[str, Box], encl: dict[str, Box], enclosures, frame: int,
            out: _Collector) -> None:
    if not encl:
        return
    rooms = {e.id for e in enclosures if e.semantic_class in ROOMS}
    for eid, b in boxes.items():
        lo, hi = b.aabb()
        inside_any = False
        worst = math.inf
        for cid, c in encl.items():
            clo, chi = c.aabb()
            top = chi[2] if cid in rooms else math.inf
            bottom = clo[2] if cid in rooms else chi[2]
            excess = max(clo[0] - lo[0], hi[0] - chi[0], clo[1] - lo[1], hi[1] - chi[1],
                         bottom - lo[2], hi[2] - top, 0.0)
            worst = min(worst, excess)
            if excess <= TOL:
                inside_any = True
                break
        if not inside_any:
            eid = _owner(eid)
            out.add("out_of_bounds", [eid], frame,
                    f"{eid} leaves the setting by up to {worst:.2f} m", key="oob")


AIRBORNE_TEMPLATES = ("bird", "fish")
#: Semantic classes of the prop library's flying machines (`previz.asset_index.props.table`).
AIRCRAFT = ("helicopter", "airplane", "drone")


def _support(boxes: dict[str, Box], encl: dict[str, Box], mounted: set[str],
             declared_on: list[tuple[str, str]], frame: int, out: _Collector) -> None:
    floor = min((float(c.aabb()[0][2]) if c.half[2] > 0.05 else float(c.aabb()[1][2])
                 for c in encl.values()), default=0.0)
    tops = {i: b.aabb() for i, b in boxes.items()}
    keys = list(tops)
    owners = [_owner(k) for k in keys]
    lo_all = np.array([tops[k][0] for k in keys]).reshape(-1, 3)
    hi_all = np.array([tops[k][1] for k in keys]).reshape(-1, 3)
    # Boxes sorted by the height of their top: what may hold up a bottom is one search away
    # (10,000 boxes: no all-pairs loop).
    by_top = np.argsort(hi_all[:, 2], kind="stable")
    top_sorted = hi_all[by_top, 2]
    for n, (eid, b) in enumerate(boxes.items()):
        if owners[n] in mounted:
            continue
        lo, hi = tops[eid]
        bottom = float(lo[2])
        if bottom <= floor + SUPPORT_TOL:
            continue
        centre = b.center[:2]
        first = np.searchsorted(top_sorted, bottom - SUPPORT_TOL - 1e-9, side="left")
        last = np.searchsorted(top_sorted, bottom + SUPPORT_TOL + 1e-9, side="right")
        near = np.sort(by_top[first:last])
        near = near[np.abs(hi_all[near, 2] - bottom) <= SUPPORT_TOL]
        near = near[(lo_all[near, 0] < hi[0]) & (lo[0] < hi_all[near, 0]) &
                    (lo_all[near, 1] < hi[1]) & (lo[1] < hi_all[near, 1])]
        under_keys = [keys[k] for k in near.tolist() if owners[k] != owners[n]]
        under = sorted({_owner(o) for o in under_keys})
        eid = owners[n]
        if not under:
            out.add("floating", [eid], frame,
                    f"{eid} hangs {bottom - floor:.2f} m above the floor with nothing under it",
                    key="float")
            continue
        level = np.flatnonzero(np.abs(hi_all[:, 2] - bottom) <= SUPPORT_TOL)
        if not any(_over_top(centre, boxes[keys[k]]) for k in level.tolist()
                   if owners[k] in under):
            out.add("unsupported", [eid, *sorted(under)], frame,
                    f"{eid} rests on {', '.join(sorted(under))} with its centre over nothing",
                    key="overhang")
    for subject, target in declared_on:
        if subject not in boxes or target not in boxes:
            continue
        if not _rests_on(boxes[subject], boxes[target]):
            out.add("unsupported", [subject, target], frame,
                    f"{subject} should be on {target} but is not resting on its top",
                    key="on")


def _over_top(point: np.ndarray, box: Box) -> bool:
    local = (np.array([point[0], point[1], box.center[2]]) - box.center) @ box.axes
    return bool(abs(local[0]) <= box.half[0] + 1e-6 and abs(local[1]) <= box.half[1] + 1e-6)


def _rests_on(a: Box, b: Box) -> bool:
    return abs(float(a.aabb()[0][2]) - float(b.aabb()[1][2])) <= SUPPORT_TOL and \
        _over_top(a.center, b)


def _shots(world: World, geo: World, only: str | None, states: dict, frame_boxes: dict,
           out: _Collector, enclosures, animated: bool) -> tuple[dict, float | None]:
    per: dict[str, Any] = {}
    total_in = total = 0
    shots = [world.shot(only)] if only else world.shots
    rooms = [e for e in enclosures if e.semantic_class in ROOMS]
    solids = {e.id: e for e in world.entities if e.asset.size is not None
              and not (e.kind == "set" and e.semantic_class in ENCLOSURES)}
    for s in shots:
        subjects = [r.target for r in world.relations
                    if r.type == "facing" and r.subject == s.camera and r.target in solids
                    and solids[r.target].kind != "set"]
        if not subjects:
            subjects = [e.id for e in world.entities if e.kind in ("character", "animal")
                        and e.id in solids]
        if not subjects:
            subjects = [e.id for e in world.entities if e.kind == "prop" and e.id in solids]
        w, h = s.resolution
        frames = list(range(s.frame_start, s.frame_end + 1))
        if not subjects:
            per[s.id] = {"subjects": 0, "subject_in_frame_fraction": None}
            continue
        subject_set = set(subjects)
        step = max(1, math.ceil(len(frames) / OCCLUSION_FRAMES))
        occl_frames = set(frames[::step])
        fully = 0
        # Nothing moves (camera included): one frame stands for all of them.
        for f in frames if animated else frames[:1]:
            state = states.get(f) or geo.evaluate(f)
            cam = state.cameras[s.camera]
            eye = cam.matrix[:3, 3]
            boxes = frame_boxes.get(f) or {
                k: b for i in solids for k, b in _solid_boxes(solids[i],
                                                               state.entities[i].matrix).items()}
            # One projection for every subject's 8 corners and centre.
            pts = np.vstack([np.vstack([boxes[i].corners(), boxes[i].center[None, :]])
                             for i in subjects])
            with np.errstate(divide="ignore", invalid="ignore"):
                uvd = cam.project(pts, w, h).reshape(len(subjects), 9, 3)
            inside = (uvd[..., 2] > cam.clip_start) & (uvd[..., 0] >= 0) & \
                (uvd[..., 0] <= w) & (uvd[..., 1] >= 0) & (uvd[..., 1] <= h)
            all_in = bool(inside[:, :8].all())
            front = uvd[..., 2] > cam.clip_start
            u = np.where(front, uvd[..., 0], np.nan)
            v = np.where(front, uvd[..., 1], np.nan)
            blockers: list = []  # what may hide a subject: built once per frame, when needed
            # Out of frame: no part of the box's image overlaps the frame (a close-up that
            # shows only the head still has the subject in frame). All subjects at once; a
            # subject with no corner in front is unseen (its all-NaN rows compare False).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows
                seen_all = front[:, :8].any(axis=1) & ~(
                    (np.nanmax(u[:, :8], axis=1) < 0) | (np.nanmin(u[:, :8], axis=1) > w)
                    | (np.nanmax(v[:, :8], axis=1) < 0) | (np.nanmin(v[:, :8], axis=1) > h))
            for k, sid in enumerate(subjects):
                if not seen_all[k]:
                    out.add("subject_out_of_frame", [sid], f,
                            f"shot {s.id}: {sid} is out of frame of {s.camera}", key=s.id)
                elif f in occl_frames:
                    if not blockers:
                        blockers.append(_blockers(boxes, subject_set))
                    blocked = _blocked_fraction(eye, boxes[sid], blockers[0])
                    if blocked > 0.5:
                        out.add("subject_occluded", [sid], f,
                                f"shot {s.id}: {sid} is {blocked:.0%} hidden from {s.camera}",
                                key=s.id)
            fully += int(all_in)
            for i in _may_contain(boxes, eye, cam.clip_start):
                b = boxes[i]
                # Within the near clip distance of a box, the lens already sees its inside.
                if b.contains(eye, -cam.clip_start):
                    out.add("camera_inside_geometry", [s.camera, _owner(i)], f,
                            f"shot {s.id}: {s.camera} is inside {_owner(i)}", key=s.id)
            if rooms and not any(entity_box(state.entities[r.id].matrix,
                                            r.asset.size).contains(eye) for r in rooms):
                out.add("camera_inside_geometry", [s.camera, rooms[0].id], f,
                        f"shot {s.id}: {s.camera} is outside the room, in or behind its walls",
                        key=s.id)
        if not animated:
            fully *= len(frames)
            for p in out.items.values():
                if p.kind in ("subject_out_of_frame", "subject_occluded",
                              "camera_inside_geometry") and p.frames == [frames[0]]:
                    p.frames = list(frames)
        per[s.id] = {"subjects": len(subjects),
                     "subject_in_frame_fraction": round(fully / len(frames), 4)}
        total_in += fully
        total += len(frames)
    return per, (round(total_in / total, 4) if total else None)


def _may_contain(boxes: dict[str, Box], point: np.ndarray, grow: float) -> list[str]:
    """The keys of ``boxes`` (in their order) that may contain ``point`` once grown by
    ``grow``: all boxes measured at once, with a margin far above rounding, so that every box
    `Box.contains` would find is among them (it decides); the others are out of reach."""
    if not boxes:
        return []
    keys = list(boxes)
    vals = list(boxes.values())
    centers = np.array([b.center for b in vals])
    axes = np.array([b.axes for b in vals])
    half = np.array([b.half for b in vals])
    local = np.einsum("nj,nji->ni", np.asarray(point, float) - centers, axes)
    near = (np.abs(local) < half + grow + 1e-9).all(axis=1)
    return [keys[n] for n in np.flatnonzero(near)]


def _blockers(boxes: dict[str, Box], subjects: set[str]) -> Any:
    """The boxes that may hide a shot's subjects (every box but theirs), as one `Boxes` for
    the ray tests of every subject of a frame; None when there are none."""
    blockers = [o for i, o in boxes.items() if _owner(i) not in subjects]
    return boxes_of(blockers) if blockers else None


def _blocked_fraction(eye: np.ndarray, b: Box, blockers: Any) -> float:
    """The share of the subject box ``b``'s 9 sample points hidden from ``eye``."""
    if blockers is None:
        return 0.0
    pts = np.vstack([b.center[None, :], b.center + (b.corners() - b.center) * 0.6])
    # The camera solver's ray test (`previz.skills.geometry`); a box met only in the last 2 %
    # of a sight line is touching the subject, not hiding it.
    hidden = sight_blocked(blockers, eye, pts, reach=0.98)
    return int(hidden.sum()) / len(pts)


def _relations(world: World, geo: World, frame: int,
               enclosure_ids: set[str]) -> tuple[int, int, list[dict]]:
    """How many World relations hold at the first checked frame."""
    state = geo.evaluate(frame)
    sizes = {e.id: e.asset.size for e in world.entities}
    cams = {c.id for c in world.cameras}
    held = total = 0
    failing: list[dict] = []
    for r in world.relations:
        if r.subject in cams or r.subject not in sizes or r.target not in sizes:
            continue
        if sizes[r.subject] is None or sizes[r.target] is None:
            continue
        a = entity_box(state.entities[r.subject].matrix, sizes[r.subject])
        b = entity_box(state.entities[r.target].matrix, sizes[r.target])
        ok = bool(_holds(r.type, a, b, r.target in enclosure_ids))
        total += 1
        held += int(ok)
        if not ok:
            failing.append({"type": r.type, "subject": r.subject, "target": r.target})
    return held, total, failing


def _holds(kind: str, a: Box, b: Box, target_is_enclosure: bool) -> bool:
    alo, ahi = a.aabb()
    blo, bhi = b.aabb()
    if kind == "on":
        return _rests_on(a, b)
    if kind == "against":
        if target_is_enclosure:
            gaps = [alo[0] - blo[0], bhi[0] - ahi[0], alo[1] - blo[1], bhi[1] - ahi[1]]
        else:
            gaps = [abs(alo[0] - bhi[0]), abs(blo[0] - ahi[0]), abs(alo[1] - bhi[1]),
                    abs(blo[1] - ahi[1])]
        return min(gaps) <= 0.05
    if kind == "next_to":
        gap = max(blo[0] - ahi[0], alo[0] - bhi[0], blo[1] - ahi[1], alo[1] - bhi[1], 0.0)
        return gap <= 0.6
    if kind == "facing":
        fwd = -a.axes[:, 1]
        d = b.center - a.center
        d[2] = 0.0
        n = np.linalg.norm(d)
        return n < 1e-6 or float(fwd[:2] @ d[:2]) / n >= math.cos(math.radians(45))
    if kind == "inside":
        return b.contains(a.center)
    return True  # attached_to: enforced by evaluation
