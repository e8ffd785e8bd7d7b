"""Character actions → keyed transforms: the timeline of each group and the paths of moves.

Moves (`walk`, `run`) go from where the solver stood a character to its goal (in front of the
goal object) along a collision-free path on a 0.25 m occupancy grid (A* over static obstacles,
grown by the walker's radius), at the action's speed, facing where it goes. A group moves as a
block: every member follows the path of the group's centre, offset by its slot, so formations
keep their shape. `turn` keys a half turn. Actions that are poses (wave, talk, sit…) keep the
character in place.

Body motion comes from a `MotionProvider` (`interfaces.py`), by default `SkillsMotion`: the
timeline also records, per instance, a *script* of motion steps (the same moves along the same
paths, turns and gestures with their start times), and the provider turns the script into keyed
joint rotations — walks with locked feet along the planned path, a wave, a turn on the spot —
baked onto the entity (`animate_entities`). Actions the provider cannot play are listed in the
report as played in the rest pose (or approximated).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from previz.world import Curve, Entity, Keyframe

from .geometry import facing_yaw, front
from .layout import Layout, Placement, formations
from .layout.solver import PERSON_GAP
from .plan import CharacterPlan, ScenePlan
from .vocabulary import ACTIONS, category

CELL = 0.25


@dataclass
class Track:
    """Keys of one instance: (frame, x, y, yaw), and (frame, z) when its height moves (a
    helicopter climbing to its flying height)."""

    keys: list[tuple[float, float, float, float]] = field(default_factory=list)
    heights: list[tuple[float, float]] = field(default_factory=list)

    def transform_channels(self, z: float) -> tuple[tuple, tuple]:
        zc: float | Curve = z
        if self.heights:
            zc = Curve(keys=[Keyframe(frame=f, value=v, interpolation="linear")
                             for f, v in self.heights]) if len(self.heights) > 1 \
                else self.heights[0][1]
        if len(self.keys) < 2:
            _f, x, y, yaw = self.keys[0]
            return (x, y, zc), (0.0, 0.0, yaw)
        frames = [k[0] for k in self.keys]

        def curve(i: int) -> Curve:
            return Curve(keys=[Keyframe(frame=f, value=k[i], interpolation="linear")
                               for f, k in zip(frames, self.keys, strict=True)])
        return (curve(1), curve(2), zc), (0.0, 0.0, curve(3))


@dataclass
class Timeline:
    tracks: dict[str, Track]
    end_frame: int
    in_place: list[str]  # "id: verb" actions played in the rest pose
    problems: list[str]
    scripts: dict[str, list[dict]] = field(default_factory=dict)
    """Per instance: motion steps for the provider (`previz.skills.motion.timeline` steps, each
    with its ``start`` in seconds; non-moves carry the plan's ``verb`` and ``goal``)."""
    held: list[tuple[str, str, str]] = field(default_factory=list)
    """(object, character, joint): objects picked up, to be ``attached_to`` that joint (their
    transform keyed relative to it, so they stay put until taken and follow the hand after)."""
    rides: list[tuple[str, str]] = field(default_factory=list)
    """(character, vehicle): riders carried along by what they ride (a motorbike pulling
    away with its rider on it)."""
    holds: list[tuple[str, str, int, int]] = field(default_factory=list)
    """(object, character, first frame, last frame): objects a character holds (``hold``:
    "a woman holding an umbrella"), in its hand over that interval whatever else it does."""


def plan_motion(plan: ScenePlan, layout: Layout, obstacles: Sequence[Sequence[float]] = (),
                route: Sequence[tuple[float, float]] = ()) -> Timeline:
    """The timeline of ``plan`` on ``layout``. ``obstacles`` are the set's solid parts (boxes
    x0, y0, x1, y1, z0, z1) that paths go round; ``route`` is the set's walkable centreline
    (an alley's), which a move with neither goal nor waypoints follows."""
    fps = plan.fps
    by_group: dict[str, list[Placement]] = {}
    for p in layout.placements:
        by_group.setdefault(p.group, []).append(p)
    grid = _Grid(layout, obstacles)
    tracks: dict[str, Track] = {}
    scripts: dict[str, list[dict]] = {}
    in_place: list[str] = []
    problems: list[str] = []
    end = 1
    holds: list[tuple[str, str, int, int | None]] = []
    rides: list[tuple[str, str]] = []
    scene_last = plan.scene_frames()  # the scene's last frame (frames 1 … N)
    sharers = _seat_sharers(plan)
    for ch in plan.characters:
        members = by_group.get(ch.id, [])
        if not members:
            continue
        for act in ch.actions:
            if act.verb == "hold":  # played alongside the other actions: takes no time
                holds += _holders(act, ch, members, layout, fps, problems,
                                  {o for o, *_ in holds})
        _start_on_route(ch, members, grid, route)
        _start_column(plan, ch, members, grid, layout, by_group)
        _start_back(ch, members, grid, layout, by_group)
        _start_in_use(ch, members, grid, layout, sharers)
        cx = float(np.mean([m.x for m in members]))
        cy = float(np.mean([m.y for m in members]))
        yaw = members[0].yaw
        t = 0.0
        keys: list[tuple[float, float, float, float]] = [(1.0, cx, cy, yaw)]  # group centre
        script: list[dict] = []  # steps of the group centre
        surface: Placement | None = None  # the top the character stands on (after a leap)
        seated: dict | None = None  # the sit step it is sat by: up before any walk
        for n_act, act in enumerate(ch.actions):
            if act.verb == "hold":
                continue
            spec = ACTIONS.get(act.verb, {"moves": False, "duration": 2.0})
            t = max(t, act.start)
            if seated is not None and spec["moves"]:
                t += _stand_up_time(seated)
                seated = None
            f0 = 1.0 + round(t * fps)
            if spec["moves"]:
                radius = min(members[0].size[:2]) / 2 + 0.05
                ignore = {m.id for m in members}
                perch = None  # a landing on a thing: its top (m above the ground left)
                asked = spec["speed"] * act.duration  # how far the action goes at its speed
                on = _landing(act, by_group, members, (cx, cy))
                if on is not None:  # "lands on a rock": on its top, not on the ground by it
                    perch = float(on.top - members[0].z)
                    path = [(cx, cy), (float(on.x), float(on.y))]
                elif act.verb == "land" and act.target is not None and surface is None and \
                        act.goal is None and not act.waypoints:
                    problems.append(f"{ch.id}: land on {act.target} not performed (no "
                                    f"{act.target} in the set): it lands ahead")
                    path = _free_run((cx, cy), asked, grid, radius, ignore, route)
                elif act.goal is None and act.waypoints and surface is None:
                    # The route asked, point by point (round what stands in the way).
                    pts = [(cx, cy), *[tuple(map(float, w)) for w in act.waypoints]]
                    path = [(cx, cy), *[tuple(map(float, w)) for w in act.waypoints]] \
                        if len(members) > 1 or act.verb in WING_AND_FIN_MOVES \
                        else grid.route(pts, radius, ignore)
                elif act.goal is None and surface is None and act.verb == "swim" and \
                        (pool := _water_at(layout, (cx, cy))) is not None:
                    # A swim in a pond with nowhere to go: round and round in the water (the
                    # free run below takes the water for an obstacle and stays put).
                    path = _swim_round(pool, (cx, cy), asked, radius)
                elif act.goal is None and surface is None:
                    # No goal: as far as the action's speed and duration carry the character,
                    # along the set's route when it has one, else across free ground.
                    path = _free_run((cx, cy), asked, grid, radius, ignore, route)
                else:
                    goal = _goal(act, by_group, (cx, cy), layout, members, grid, radius)
                    nxt = ch.actions[n_act + 1] if n_act + 1 < len(ch.actions) else None
                    same = nxt is not None and (nxt.target or nxt.goal) == act.goal
                    # "Carries the plates to the table and sits down": on a seat at it.
                    seat_at = nxt is not None and nxt.verb in ("sit", "lie_on") and \
                        (nxt.target or nxt.goal) is not None
                    if goal is not None and surface is None and nxt is not None and \
                            act.goal is not None and (same or seat_at) and \
                            not ACTIONS.get(nxt.verb, {}).get("moves"):
                        # "Crosses to the sofa and sits on it": the walk ends where the sit
                        # (or the reach) is done from, not in front of the sofa and then a
                        # second little walk and turn that push every later beat back.
                        then = _use(nxt, ch, layout, members, goal, sharers)
                        if isinstance(then, Use) and then.stand is not None and \
                                then.end is None and (same or _beside(
                                    then.fields.get("seat"), act.goal, layout, SEAT_AT)):
                            goal = then.stand
                    if goal is None:
                        problems.append(f"{ch.id}: {act.verb} has no goal")
                        continue
                    if surface is not None:  # on a top it jumped onto: it walks on that top
                        goal = _inside(surface, goal, radius)
                        path = [(cx, cy), goal]
                    elif len(members) > 1:
                        path = [(cx, cy), _group_stop((cx, cy), goal, members, layout)]
                    elif act.verb in WING_AND_FIN_MOVES:  # in the air or the water: straight
                        path = [(cx, cy), goal]
                    else:
                        path = grid.path((cx, cy), goal, radius, ignore=ignore)
                    if path is None:
                        problems.append(f"{ch.id}: no free path to {act.goal or 'the goal'}")
                        path = [(cx, cy), goal]
                length = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
                duration = act.duration if _explicit(act) else max(length / spec["speed"], 0.5)
                span = duration  # the time the action takes in the timeline
                if act.goal is None and not act.waypoints and surface is None and on is None \
                        and length < 0.9 * asked:
                    # The set holds less than the speed and duration ask: keep the gait's
                    # speed (a sprint stays a sprint), stop at the end, and say so.
                    duration = max(length / spec["speed"], 0.5)
                    problems.append(f"{ch.id}: {act.verb} covers {length:.1f} m of the "
                                    f"{asked:.1f} m asked (the set has no longer free run); "
                                    f"it stands for the rest of its {act.duration:g} s")
                over = f0 + duration * fps - scene_last
                if 1e-6 < over <= 1.0 + 1e-6:
                    # A move that fills the scene to its end arrives on its last frame, not
                    # one frame after it (40 m in 8 s was 39.995 m at the last frame).
                    duration -= over / fps
                if length > 1e-3 or act.verb == "land":  # a bird lands where it flew to
                    script.append({"do": act.verb, "start": (f0 - 1.0) / fps,
                                   "path": [tuple(map(float, q)) for q in path[1:] or path],
                                   "duration": duration, **_style(act),
                                   **({"height": float(act.params["height"])}
                                      if "height" in act.params else {}),
                                   **({"top": perch} if perch is not None else {})})
                _key(keys, f0, cx, cy, yaw)
                walked = 0.0
                for a, b in itertools.pairwise(path):
                    seg = math.dist(a, b)
                    if seg < 1e-6:
                        continue
                    heading = facing_yaw(b[0] - a[0], b[1] - a[1])
                    heading = _unwrap(yaw, heading)
                    fa = f0 + walked / max(length, 1e-9) * duration * fps
                    _key(keys, fa + min(3.0, 0.15 * fps), a[0], a[1], heading, turn_only=True)
                    walked += seg
                    fb = f0 + walked / max(length, 1e-9) * duration * fps
                    _key(keys, fb, b[0], b[1], heading)
                    yaw = heading
                cx, cy = path[-1]
                t += span
            elif act.verb == "turn":
                script.append({"do": "turn", "start": (f0 - 1.0) / fps, "angle": math.pi,
                               "duration": act.duration})
                _key(keys, f0, cx, cy, yaw)
                yaw = yaw + math.pi
                t += act.duration
                _key(keys, 1.0 + round(t * fps), cx, cy, yaw)
            else:
                dur = act.duration if _explicit(act) else spec.get("duration", act.duration)
                planned_end = t + dur  # where the plan's next beat expects this one to end
                use = _use(act, ch, layout, members, (cx, cy), sharers)
                blocked = None
                if isinstance(use, str):  # the thing it needs is not there: said, not idled
                    problems.append(f"{ch.id}: {act.verb} not performed ({use})")
                    blocked, use = use, None
                extra: dict = {}
                if use is not None and use.fields.get("floor"):
                    problems.append(f"{ch.id}: {act.verb}: no seat in the set: sat on the floor")
                if use is not None:
                    extra = {k: v for k, v in use.fields.items() if k != "floor"}
                    radius = min(members[0].size[:2]) / 2 + 0.05
                    walk = use.stand is not None and math.dist(use.stand, (cx, cy)) > 0.15
                    if walk and seated is not None:  # up from the seat first
                        t += _stand_up_time(seated)
                        f0 = 1.0 + round(t * fps)
                        seated = None
                    if walk:  # walk up to the thing first, then do the action to it
                        path = [(cx, cy), use.stand] if len(members) > 1 else grid.path(
                            (cx, cy), use.stand, radius, ignore={m.id for m in members})
                        path = path or [(cx, cy), use.stand]
                        length = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
                        walk_time = max(length / 1.3, 0.6)
                        script.append({"do": "walk", "start": (f0 - 1.0) / fps,
                                       "path": [tuple(map(float, q)) for q in path[1:]],
                                       "duration": walk_time})
                        _key(keys, f0, cx, cy, yaw)
                        heading = _unwrap(yaw, facing_yaw(path[-1][0] - path[-2][0],
                                                          path[-1][1] - path[-2][1]))
                        f1 = f0 + walk_time * fps
                        _key(keys, f1, path[-1][0], path[-1][1], heading)
                        yaw, (cx, cy) = heading, path[-1]
                        t += walk_time
                        f0 = 1.0 + round(t * fps)
                    if use.face is not None:
                        face = _unwrap(yaw, use.face)
                        if abs(face - yaw) > math.radians(10):
                            # Turned towards a far point in that direction, from wherever
                            # the walk really left the body facing.
                            ux, uy = front(face)
                            script.append({"do": "turn", "start": (f0 - 1.0) / fps,
                                           "face": (cx + 100.0 * ux, cy + 100.0 * uy),
                                           "duration": _turn_seconds(face - yaw)})
                            _key(keys, f0, cx, cy, yaw)
                            t += _turn_seconds(face - yaw)
                            f0 = 1.0 + round(t * fps)
                            _key(keys, f0, cx, cy, face)
                            yaw = face
                    if use.end is not None:  # a leap ends on the target's top
                        _key(keys, f0, cx, cy, yaw)
                        cx, cy = use.end
                        surface = next(p for p in layout.placements
                                       if p.id == use.fields["onto"])
                        _key(keys, f0 + max(dur, 1.0) * fps, cx, cy, yaw)
                if blocked is not None:  # stands: no hop in place of a leap onto a top
                    extra = {"not_done": blocked}
                if t > planned_end - dur + 1e-6 and _explicit(act):
                    # Walking up to the thing and turning took time out of the action's own
                    # span, so the beats after it start when the plan says ("sits at 4 s for
                    # 3.5 s, then picks up the book at 7.5 s"): never shorter than its core.
                    dur = max(planned_end - t, min(dur, CORE_SECONDS))
                script.append({"verb": act.verb, "start": (f0 - 1.0) / fps, "duration": dur,
                               "goal": act.goal, **extra, **_style(act),
                               **({"params": dict(act.params)} if act.params else {})})
                t += dur
                if act.verb == "ride" and use is not None and len(members) == 1:
                    rides.append((members[0].id, str(use.fields["seat"])))
                if act.verb in ("sit", "lie_on", "ride") and use is not None:
                    seated = script[-1]
                elif act.verb == "stand_up":
                    seated = None
                in_place.append(f"{ch.id}: {act.verb}")
        end = max(end, 1 + round(t * fps))
        base = keys[0]
        for m in members:
            # A group moves as a block: translated, never rotated (turning the slots would make
            # members cross through each other); everyone takes the heading of the move.
            dx, dy = m.x - base[1], m.y - base[2]
            scripts[m.id] = [
                {**st, "path": [(x + dx, y + dy) for x, y in st["path"]]} if "path" in st
                else dict(st) for st in script]
            if len(keys) == 1:
                tracks[m.id] = Track([(1.0, m.x, m.y, m.yaw)])
                continue
            first = [(keys[0][0], m.x, m.y, m.yaw)]
            rest = [(f, x + dx, y + dy, yw if len(members) > 1 or i else m.yaw)
                    for i, (f, x, y, yw) in enumerate(keys[1:], start=1)]
            out = first + rest
            tracks[m.id] = Track(out)
    end = max(end, _vehicle_moves(plan, by_group, grid, tracks, problems))
    last = max(end, plan.scene_frames() + 1)
    timeline = Timeline(tracks, end, in_place, problems, scripts)
    timeline.holds = [(o, c, f0, last if f1 is None else min(f1, last))
                      for o, c, f0, f1 in holds]
    timeline.rides = rides
    return timeline


#: Verbs a vehicle waits with (in place, for the action's duration).
VEHICLE_WAITS = ("stop", "stand", "wait", "idle")
#: Categories that fly when told to move (a helicopter follows its path at its height).
FLYING = ("helicopter", "drone", "plane", "airplane", "aircraft", "airship", "balloon",
          "hot_air_balloon", "quadcopter")


#: A vehicle that starts within this (m, plus its half length) of its goal was placed by it
#: and approaches from `APPROACH_RUN` m back (without an explicit duration).
APPROACH_NEAR = 6.0
APPROACH_RUN = 30.0


def _approach(stop: tuple[float, float], goal: tuple[float, float], run: float,
              length: float, layout: Layout) -> tuple[tuple[float, float], float]:
    """Where a vehicle that ends at ``stop`` beside ``goal`` starts (``run`` m back, less where
    the set's bounds come first) and its yaw: along the direction with the most room (up to
    ``run``) among the set's axes and the two ways past the goal's side, never through the
    goal (it passes it at least a metre to the side, or stops short of it)."""
    gx, gy = goal[0] - stop[0], goal[1] - stop[1]
    dirs = list(_AXES)
    if math.hypot(gx, gy) > 1e-6:
        u = (-gy / math.hypot(gx, gy), gx / math.hypot(gx, gy))
        dirs = [u, (-u[0], -u[1]), *dirs]

    def clear(d: tuple[float, float]) -> bool:  # the goal is not on the way in
        along = gx * d[0] + gy * d[1]
        return along > 0.0 or abs(gx * d[1] - gy * d[0]) >= 1.0

    def room(d: tuple[float, float]) -> float:  # free length behind ``stop`` along ``d``
        return min(_room(layout, stop, (-d[0], -d[1]), length), run)

    ok = [d for d in dirs if clear(d)] or dirs
    best = max(ok, key=lambda d: room(d) - 0.01 * dirs.index(d))
    back = room(best)
    return (stop[0] - best[0] * back, stop[1] - best[1] * back), facing_yaw(*best)


_AXES = ((1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0))


def _room(layout: Layout, p: tuple[float, float], d: Sequence[float], length: float) -> float:
    """How far (m) a body ``length`` long at ``p`` can go along the unit direction ``d``
    before its front leaves the set's bounds (less a 0.5 m margin)."""
    x0, y0, x1, y1 = layout.bounds
    out = math.inf
    for lo, hi, q, v in ((x0, x1, p[0], float(d[0])), (y0, y1, p[1], float(d[1]))):
        if v > 1e-9:
            out = min(out, (hi - q) / v)
        elif v < -1e-9:
            out = min(out, (lo - q) / v)
    return max(0.0, out - 0.5 * length - 0.5)


def _vehicle_moves(plan: ScenePlan, by_group: dict[str, list[Placement]], grid: _Grid,
                   tracks: dict[str, Track], problems: list[str]) -> int:
    """Tracks of the object groups the plan gives actions (vehicles): ``drive`` steers a
    wheeled body along its waypoints, to its goal (pulling up alongside it) or straight ahead
    for speed × duration (`skills.motion.vehicles.drive`: the rear wheels never slide
    sideways); ``fly`` follows the path at ``params.height`` above where it stood, climbing
    there over the first seconds when it starts on the ground; ``stop`` waits. A group moves
    as a block. Returns the last frame keyed; verbs a vehicle cannot do are reported."""
    from previz.skills.motion import vehicles

    fps = plan.fps
    end = 1
    for obj in plan.objects:
        members = by_group.get(obj.id, [])
        if not obj.actions or not members:
            continue
        cx = float(np.mean([m.x for m in members]))
        cy = float(np.mean([m.y for m in members]))
        z0 = float(np.mean([m.z for m in members]))
        ox, oy = cx, cy
        yaw = members[0].yaw
        length = max(members[0].size[1], 0.5)
        flies = obj.category in FLYING
        t = 0.0
        keys: list[tuple[float, float, float, float]] = [(1.0, cx, cy, yaw)]
        heights: list[tuple[float, float]] = []
        z = z0
        for n, act in enumerate(obj.actions):
            t = max(t, act.start)
            f0 = 1 + round(t * fps)
            if act.verb in VEHICLE_WAITS:
                t += act.duration
                continue
            if act.verb not in ("drive", "fly") or (act.verb == "fly") != flies:
                problems.append(f"{obj.id}: {act.verb} not performed (a {obj.category} "
                                f"{'flies' if flies else 'drives'}; it does not {act.verb})")
                t += act.duration
                continue
            spec = ACTIONS[act.verb]
            explicit = _explicit(act)
            if act.waypoints:
                pts = [tuple(map(float, w)) for w in act.waypoints]
                if n == 0 and act.start <= 0 and len(pts) >= 2:
                    # Where the route starts, pointing along it: the scene opens mid-route.
                    cx, cy = pts[0]
                    yaw = facing_yaw(pts[1][0] - cx, pts[1][1] - cy)
                    keys = [(1.0, cx, cy, yaw)]
                    pts = pts[1:]
                path = [(cx, cy), *pts]
            elif act.goal is not None:
                gp = [p for p in grid.layout.placements if p.group == act.goal]
                if not gp:
                    problems.append(f"{obj.id}: {act.verb} has no {act.goal} to go to")
                    t += act.duration
                    continue
                g = min(gp, key=lambda q: math.dist((q.x, q.y), (cx, cy)))
                gx, gy = g.x, g.y
                if n == 0 and act.start <= 0 and not flies:
                    # The scene opens on the approach ("the bus pulls in to the stop"): it
                    # comes in from back along the way with the most room, as far as the
                    # speed and duration carry it.
                    near = math.dist((gx, gy), (cx, cy))
                    run = float(act.params.get("speed", spec["speed"])) * act.duration \
                        if explicit else APPROACH_RUN
                    # Where it stops: where it was placed when that is by the goal, or beside
                    # the goal (either side, for each of the set's axes) — whichever lets it
                    # come in from furthest back, up to the run asked (the placement first
                    # on a tie).
                    gap = 0.5 * max(g.size[:2]) + 0.5 * min(members[0].size[:2]) + 0.5
                    stops = [(cx, cy)] if near <= APPROACH_NEAR + 0.5 * max(
                        members[0].size[:2]) else []
                    for d in _AXES[::2]:
                        n = (-d[1], d[0])
                        stops += [(gx + k * n[0] * gap, gy + k * n[1] * gap) for k in (1, -1)]
                    best = None
                    for i, stop in enumerate(stops):
                        start, yw = _approach(stop, (gx, gy), run, length, grid.layout)
                        key = (round(min(math.dist(start, stop), run), 3), -i)
                        if best is None or key > best[0]:
                            best = (key, stop, start, yw)
                    assert best is not None
                    _k, (cx, cy), (sx, sy), yaw = best
                    keys = [(1.0, sx, sy, yaw)]
                    path = [(sx, sy), (cx, cy)]
                else:
                    fx, fy = front(yaw)
                    ahead = (gx - cx) * fx + (gy - cy) * fy
                    if ahead > 1.0 and not flies:  # pulls up alongside it, in its own lane
                        path = [(cx, cy), (cx + fx * ahead, cy + fy * ahead)]
                    else:
                        path = [(cx, cy), (gx, gy)]
            else:
                dist = float(act.params.get("speed", spec["speed"])) * act.duration
                if len(keys) == 1 and _room(grid.layout, (cx, cy), front(yaw), length) < dist:
                    # Not moved yet and facing a side too near: turned at the start toward
                    # the axis with the most room (a 30 m run down a 14 m wide street
                    # goes along it).
                    best = max(_AXES, key=lambda d: (min(_room(grid.layout, (cx, cy), d,
                                                               length), dist), d))
                    if _room(grid.layout, (cx, cy), best, length) > \
                            _room(grid.layout, (cx, cy), front(yaw), length):
                        yaw = facing_yaw(*best)
                        keys = [(1.0, cx, cy, yaw)]
                room = _room(grid.layout, (cx, cy), front(yaw), length)
                if room < dist - 0.5:
                    problems.append(f"{obj.id}: {act.verb} covers {room:.1f} m of the "
                                    f"{dist:.1f} m asked (the set ends)")
                    dist = room
                fx, fy = front(yaw)
                path = [(cx, cy), (cx + fx * dist, cy + fy * dist)]
            seg = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
            speed = float(act.params.get("speed", spec["speed"]))
            seconds = act.duration if explicit or (not act.waypoints and act.goal is None) \
                else max(seg / speed, 1.0)
            from_rest = bool(act.params.get("from_rest", spec.get("from_rest", True)))
            to_rest = bool(act.params.get("to_rest", spec.get("to_rest", True)))
            # A move of D s fills the frames f0 … f0 + D·fps − 1 of its span: it arrives on
            # the span's last frame, not one frame after it (past the end of the scene).
            seconds = max(round(seconds * fps) - 1, 1) / fps
            if flies:
                d = vehicles.fly(path, yaw, seconds, fps, from_rest, to_rest)
            else:
                d = vehicles.drive(path, yaw, length, seconds, fps, from_rest, to_rest)
            for i in range(1, d.frames):
                _key(keys, f0 + i, float(d.x[i]), float(d.y[i]),
                     _unwrap(keys[-1][3], float(d.yaw[i])))
            if flies:
                up = z0 + float(act.params.get("height", spec.get("height", 3.0)))
                if f0 <= 1:  # flying from the first frame: at its height already
                    heights = [(1.0, up)]
                elif abs(up - z) > 1e-6:  # climbs (or descends) over the first seconds
                    climb = min(3.0, 0.3 * seconds)
                    heights += [*([] if heights else [(1.0, z)]), (float(f0), z),
                                (float(f0 + round(climb * fps)), up)]
                z = up
            cx, cy, yaw = float(d.x[-1]), float(d.y[-1]), keys[-1][3]
            t += d.frames / fps
        end = max(end, 1 + round(t * fps))
        for m in members:  # each keeps its place in the group (offset from the centre)
            dx, dy = m.x - ox, m.y - oy
            tracks[m.id] = Track([(f, x + dx, y + dy, yw) for f, x, y, yw in keys],
                                 [(f, v - z0 + m.z) for f, v in heights])
    return end


def _holders(act, ch: CharacterPlan, members: list[Placement], layout: Layout,  # type: ignore[no-untyped-def]
             fps: float, problems: list[str], taken: set[str]
             ) -> list[tuple[str, str, int, int | None]]:
    """(object, member, first frame, last frame or None = to the end) of a ``hold``: each
    member of the group holds one instance of the target group, the nearest one not
    ``taken`` (by an earlier holder; members in id order), from the action's start for its
    duration — for the whole scene when the plan gives no duration ("a woman holding an
    umbrella")."""
    ref = act.target or act.goal
    if ref is None:
        problems.append(f"{ch.id}: hold not performed (no target named)")
        return []
    things = [p for p in layout.placements if p.group == ref and p not in members]
    if not things:
        problems.append(f"{ch.id}: hold not performed (no {ref} in the set)")
        return []
    f0 = 1 + round(act.start * fps)
    f1 = f0 + round(act.duration * fps) if _explicit(act) else None
    out = []
    free = [p for p in things if p.id not in taken]
    for m in sorted(members, key=lambda p: p.id):
        if not free:
            problems.append(f"{ch.id}: hold not performed by {m.id} (every {ref} is held "
                            "by another)")
            continue
        obj = min(free, key=lambda p: (math.dist((p.x, p.y), (m.x, m.y)), p.id))
        free.remove(obj)
        out.append((obj.id, m.id, f0, f1))
    return out


#: Seats a "sit" without a target looks for (nearest first), and the share of a seat's height
#: its sitting surface is at (a chair's or sofa's back rises above the seat; at most 0.5 m).
SEATS = ("chair", "armchair", "sofa", "bench", "stool", "bed", "seat", "couch", "throne", "pew",
         "rug", "mat", "cushion", "saddle", "swing")
BACKED = {"chair": 0.55, "armchair": 0.55, "sofa": 0.55, "couch": 0.55, "throne": 0.55}
#: Seats whose sitting surface hangs at a height of their own inside a taller frame (m above
#: their bottom): a swing's seat in its 2.2 m frame (its top is no seat).
HUNG = {"swing": 0.45}
#: Verbs done to a thing within arm's reach: the character walks up to it and faces it.
REACHED = {"pick_up", "put_down", "open_door", "close_door", "push", "lean_on", "hand_over",
           "hug", "handshake", "type", "play_piano", "drink", "eat", "chop"}
#: Verbs that need a target (or, for sit, a seat in the set): without one they are reported.
NEEDS_TARGET = {"sit", "lie_on", "pick_up", "put_down", "open_door", "close_door", "hand_over",
                "ride", "step_up"}
#: Verbs that end on the target's top: a leap onto a table, a step up onto a stage.
ONTO = {"jump", "step_up"}
#: Seconds to get up from a seat (`repertoire.sit_on` played backwards) before walking off.
STAND_UP_SECONDS = 1.0
#: The least time (s) an action keeps when walking up to its target ate into its span.
CORE_SECONDS = 1.0
SIT_BACK = 0.4  # m from where the feet stay to where the pelvis comes down
FLOOR_BACK = 0.3  # the same for sitting on the floor (knees up, feet flat)
#: How high (m) a standing leap reaches onto a top, by category (a cat onto a 1.5 m shelf,
#: not a 3 m wardrobe); others `LEAP_UP_DEFAULT`.
LEAP_UP = {"cat": 1.6, "dog": 1.0, "horse": 1.2, "person": 1.0, "child": 0.6, "fox": 1.0,
           "goat": 1.5, "squirrel": 2.0, "monkey": 2.5}
LEAP_UP_DEFAULT = 1.0


@dataclass
class Use:
    """How a character uses a thing: where it stands (None: where it is), which way it faces,
    where it ends (a leap onto a table) and the fields its motion step needs."""

    stand: tuple[float, float] | None
    face: float | None
    fields: dict
    end: tuple[float, float] | None = None


def _use(act, ch: CharacterPlan, layout: Layout, members: list[Placement],  # type: ignore[no-untyped-def]
         here: tuple[float, float], sharers: dict[str, list[str]] | None = None
         ) -> Use | str | None:
    """Where and how ``act`` is done to its target (`Use`), a reason it cannot be (str), or
    None when the action uses nothing (a wave, a talk). ``sharers``: the characters that sit on
    each one-piece seat (`_seat_sharers`), who take places side by side along it."""
    verb = act.verb
    ref = act.target or (act.goal if verb in NEEDS_TARGET | REACHED | ONTO else None)
    others = [p for p in layout.placements if p not in members]
    if ref is not None:
        cands = [p for p in others if p.group == ref]
        if not cands:
            return f"no {ref} in the set"
    elif verb == "sit" and ch.kind == "character":
        cands = [p for p in others if p.category in SEATS]
        if not cands:  # nothing to sit on: on the floor where it is (reported by the caller)
            return Use(None, None, {"seat_height": 0.0, "back": FLOOR_BACK, "floor": True})
    elif verb in NEEDS_TARGET - {"sit"}:
        return "no target named"
    else:
        return None
    tgt = min(cands, key=lambda p: math.dist((p.x, p.y), here))
    if verb == "sit" and ch.kind == "character" and tgt.category not in SEATS:
        # "Sits at the desk": on the seat beside it (within 2 m), when there is one.
        seats = [p for p in others if p.category in SEATS
                 and math.dist((p.x, p.y), (tgt.x, tgt.y)) <= 2.0]
        if seats:
            tgt = min(seats, key=lambda p: math.dist((p.x, p.y), (tgt.x, tgt.y)))
    fx, fy = front(tgt.yaw)
    if verb == "ride" and ch.kind == "character":
        # Astride its middle, facing where it points, the pelvis on its top (a motorbike's
        # saddle, a horse's back); carried along when it moves (`Timeline.rides`).
        stand = (tgt.x + fx * SIT_BACK, tgt.y + fy * SIT_BACK)
        return Use(stand, tgt.yaw, {"seat_height": float(tgt.top - members[0].z),
                                    "back": SIT_BACK, "seat": tgt.id})
    if verb in ("sit", "lie_on") and ch.kind == "character":
        top = tgt.z + tgt.size[2] * BACKED.get(tgt.category, 1.0)
        if tgt.category in BACKED:
            top = min(top, tgt.z + 0.5)
        if tgt.category in HUNG:
            top = tgt.z + min(HUNG[tgt.category], tgt.size[2])
        inset = max(0.0, tgt.size[1] / 2 - 0.25)
        px, py = tgt.x + fx * inset, tgt.y + fy * inset
        across = _place_along(tgt, ch.id, sharers, len(cands))
        px, py = px - fy * across, py + fx * across
        stand = (px + fx * SIT_BACK, py + fy * SIT_BACK)
        # Above the floor the character stands on (a piano bench on a 1 m stage is 0.45 m
        # up from the pianist's feet, not 1.45 m).
        do = {"seat_height": float(top - members[0].z), "back": SIT_BACK, "seat": tgt.id}
        if verb == "lie_on":  # where the top's edge is, behind the feet: they end on it
            do["edge"] = float(SIT_BACK + inset - tgt.size[1] / 2)
        return Use(stand, facing_yaw(fx, fy), do)
    if verb in ONTO:  # onto the target's top, from beside it (a leap, or a step up)
        from previz.skills.motion.repertoire import STEP_UP_MAX

        up = tgt.top - members[0].z
        most = STEP_UP_MAX if verb == "step_up" else LEAP_UP.get(ch.category, LEAP_UP_DEFAULT)
        how = "step up" if verb == "step_up" else "leap"
        if up > most:
            return (f"the top of {tgt.id} is {up:.2f} m up, beyond a {ch.category}'s "
                    f"{most:.1f} m {how}")
        if verb == "step_up" and up < 0.05:
            return f"the top of {tgt.id} is not above where {ch.id} stands"
        dx, dy = here[0] - tgt.x, here[1] - tgt.y
        d = math.hypot(dx, dy) or 1.0
        half = 0.5 * math.hypot(tgt.size[0], tgt.size[1])
        radius = 0.5 * max(members[0].size[:2])
        stand = (tgt.x + dx / d * (half + radius + 0.3), tgt.y + dy / d * (half + radius + 0.3))
        if math.dist(stand, here) < math.dist((tgt.x, tgt.y), here) and \
                math.dist(here, (tgt.x, tgt.y)) < half + radius + 0.6:
            stand = here
        end = (tgt.x, tgt.y)
        return Use(stand, facing_yaw(-dx, -dy),
                   # ``top`` is the landing's height above the take-off ground (`leap`):
                   # off a 2 m wall onto 0.6 m of mattresses is 1.4 m down, not 0.6 m up.
                   {"leap_to": (float(tgt.x), float(tgt.y)), "top": float(up),
                    "onto": tgt.id,
                    # The outline the step up walks onto (centre, size, turn).
                    **({"box": (float(tgt.x), float(tgt.y), float(tgt.size[0]),
                                float(tgt.size[1]), float(tgt.yaw))}
                       if verb == "step_up" else {})}, end=end)
    # Within arm's reach: 0.35 m from the side of the thing facing the character.
    dx, dy = here[0] - tgt.x, here[1] - tgt.y
    d = math.hypot(dx, dy) or 1.0
    half = 0.5 * min(tgt.size[0], tgt.size[1]) if tgt.kind in ("character", "animal") else \
        0.5 * math.hypot(tgt.size[0], tgt.size[1]) * 0.8
    gap = half + 0.3
    stand = (tgt.x + dx / d * gap, tgt.y + dy / d * gap)
    if d <= gap + 0.1:
        stand = here
    hand_z = tgt.z + (tgt.size[2] * 0.6 if tgt.kind in ("character", "animal") else tgt.size[2])
    return Use(stand, facing_yaw(-dx, -dy),
               {"reach": (float(tgt.x), float(tgt.y), float(min(hand_z, 1.5))), "object": tgt.id})


def _inside(top: Placement, p: tuple[float, float], margin: float) -> tuple[float, float]:
    """``p`` moved inside the outline of ``top`` (less ``margin``), in its turned frame."""
    c, s = math.cos(top.yaw), math.sin(top.yaw)
    dx, dy = p[0] - top.x, p[1] - top.y
    u, v = dx * c + dy * s, -dx * s + dy * c
    hu, hv = max(top.size[0] / 2 - margin, 0.0), max(top.size[1] / 2 - margin, 0.0)
    u, v = min(max(u, -hu), hu), min(max(v, -hv), hv)
    return top.x + u * c - v * s, top.y + u * s + v * c


def _group_stop(centre: tuple[float, float], goal: tuple[float, float],
                members: list[Placement], layout: Layout) -> tuple[float, float]:
    """Where a group's centre stops so that its leading member reaches ``goal`` and nobody
    leaves the bounds: the group moves as a block in a straight line."""
    dx, dy = goal[0] - centre[0], goal[1] - centre[1]
    dist = math.hypot(dx, dy)
    if dist < 1e-6:
        return centre
    ux, uy = dx / dist, dy / dist
    lead = max((m.x - centre[0]) * ux + (m.y - centre[1]) * uy for m in members)
    length = max(0.0, dist - max(lead, 0.0))
    x0, y0, x1, y1 = layout.bounds
    r = max(math.hypot(*m.size[:2]) / 2 for m in members)
    for m in members:  # shorten the move until every member stays inside
        for lim, pos, u in ((x0 + r, m.x, ux), (x1 - r, m.x, ux), (y0 + r, m.y, uy),
                            (y1 - r, m.y, uy)):
            if abs(u) > 1e-9:
                t = (lim - pos) / u
                if t >= 0 and ((u > 0 and lim > pos) or (u < 0 and lim < pos)):
                    length = min(length, t)
    length = max(0.0, length)
    return centre[0] + ux * length, centre[1] + uy * length


def _landing(act, by_group: dict[str, list[Placement]], members: list[Placement],  # type: ignore[no-untyped-def]
             here: tuple[float, float]) -> Placement | None:
    """The thing a ``land`` comes down onto — its ``target`` ("lands on a rock": the nearest
    one that is neither character nor animal) — or None: a landing at a ``goal`` comes down
    on the ground by it ("lands by the fountain")."""
    if act.verb != "land" or act.target is None:
        return None
    tops = [p for p in by_group.get(act.target, []) if p not in members
            and p.kind not in ("character", "animal")]
    if not tops:
        return None
    return min(tops, key=lambda p: (math.dist((p.x, p.y), here), p.id))


#: m between the centres of a seat and the thing a character walks to for it to be a seat
#: at that thing (a chair at the table; as a sit at a desk takes the chair beside it).
SEAT_AT = 2.0


def _beside(seat: object, group: str, layout: Layout, within: float) -> bool:
    """Whether the placement ``seat`` (an id) stands within ``within`` m of one of ``group``'s
    placements."""
    here = next((p for p in layout.placements if p.id == seat), None)
    return here is not None and any(
        math.dist((here.x, here.y), (p.x, p.y)) <= within
        for p in layout.placements if p.group == group)


def _style(act) -> dict:  # type: ignore[no-untyped-def]
    """The action's style of moving ("sneak", "tired"…) when the plan carries one (a plan
    model without the field plays every action in the neutral style)."""
    style = getattr(act, "style", None)
    return {"style": style} if style else {}


def _explicit(act) -> bool:  # type: ignore[no-untyped-def]
    return "duration" in act.model_fields_set


def _stand_up_time(sit: dict) -> float:
    """Seconds the timeline must add to get up from the seat of the script step ``sit``: none
    when the sit lasts long enough to end with the getting up (its span is shortened, so the
    walk after it starts when the plan says), else `STAND_UP_SECONDS`."""
    if sit.get("verb") in ("sit", "ride") and float(sit["duration"]) >= STAND_UP_SECONDS + 1.0:
        sit["duration"] = float(sit["duration"]) - STAND_UP_SECONDS
        return 0.0
    return STAND_UP_SECONDS


def _turn_seconds(angle: float) -> float:
    """Time to turn on the spot by ``angle`` radians before using a thing: a half turn to sit
    down takes a second, as a person does it."""
    return 0.4 + 0.6 * abs(angle) / math.pi


def _unwrap(prev: float, new: float) -> float:
    while new - prev > math.pi:
        new -= 2 * math.pi
    while new - prev < -math.pi:
        new += 2 * math.pi
    return new


def _key(keys: list, frame: float, x: float, y: float, yaw: float, turn_only: bool = False) -> None:
    frame = float(round(frame, 3))
    if keys and frame <= keys[-1][0]:
        if turn_only:
            return
        frame = keys[-1][0] + 1.0
    if turn_only:
        x, y = keys[-1][1], keys[-1][2]
    keys.append((frame, float(x), float(y), float(yaw)))


def _goal(act, by_group, start, layout: Layout, members, grid: _Grid,  # type: ignore[no-untyped-def]
          radius: float) -> tuple[float, float] | None:
    """Where a move ends: the first free spot in front of, beside or behind the goal object
    (the front first), else the waypoint, else straight ahead."""
    if act.goal is not None:
        targets = [p for p in by_group.get(act.goal, []) if p not in members]
        if not targets:
            return None
        tgt = min(targets, key=lambda p: math.dist((p.x, p.y), start))
        occ = grid.blocked(radius, {m.id for m in members})
        fx, fy = front(tgt.yaw)
        x0, y0, x1, y1 = layout.bounds
        spots = []
        for gap in (0.55, 0.9, 1.4):
            for ux, uy, half in ((fx, fy, tgt.size[1]), (-fy, fx, tgt.size[0]),
                                 (fy, -fx, tgt.size[0]), (-fx, -fy, tgt.size[1])):
                spots.append((tgt.x + ux * (half / 2 + gap), tgt.y + uy * (half / 2 + gap)))
        if len(members) > 1:
            # A group moves as a block in a straight line: it stops on the goal's side nearest
            # where it starts, never marching through it to the front — the sides of the goal,
            # front, beside or behind it, nearest first, each side as close as it is free.
            spots = [spots[k] for k in sorted(range(len(spots)), key=lambda k: (
                round(math.dist(spots[k % 4], start), 6), k))]
        for gx, gy in spots:
            if x0 + radius <= gx <= x1 - radius and y0 + radius <= gy <= y1 - radius and \
                    not occ[grid.cell((gx, gy))]:
                return gx, gy
        gx, gy = spots[0]
        return float(np.clip(gx, x0 + 0.4, x1 - 0.4)), float(np.clip(gy, y0 + 0.4, y1 - 0.4))
    if act.waypoints:
        return tuple(act.waypoints[-1])  # type: ignore[return-value]
    # No goal: walk forward (toward the camera side) by the distance the action lasts.
    x0, y0, x1, y1 = layout.bounds
    spec = ACTIONS.get(act.verb, {"speed": 1.3})
    dist = min(spec.get("speed", 1.3) * act.duration, (y1 - y0) * 0.6)
    return start[0], float(max(y0 + 0.5, start[1] - dist))


def room_for_moves(plan: ScenePlan) -> ScenePlan:
    """``plan`` with an outdoor ground deep enough (along y, toward the camera side) for its
    longest move without goal or waypoints — speed × duration plus 6 m — so that a 6 s
    sprint runs its 48 m in a straight line instead of stopping at the edge of a 20 m
    ground; and wide and deep enough for a procession marching to a goal (`_start_column`) to
    stand, whole, on whichever side of that goal the layout leaves the most ground, wherever
    the layout puts the goal — the farthest corner of a square is at least its half diagonal
    away, so √2 × (its column's length plus its march) plus 6 m both ways. Rooms and sets with
    a route (an alley) keep their size: their walls decide."""
    if plan.setting.type == "room" or plan.setting.set == "alley":
        return plan
    need = max((float(ACTIONS[a.verb]["speed"]) * a.duration for ch in plan.characters
                for a in ch.actions if ACTIONS.get(a.verb, {}).get("moves")
                and a.goal is None and not a.waypoints), default=0.0)
    column = max((math.sqrt(2.0) * (_column_length(ch) + _column_march(plan, ch))
                  for ch in plan.characters if _column_march(plan, ch) > 0.0), default=0.0)
    w, d, h = plan.setting.size
    need = max(need, column)
    if need + 6.0 <= d and column + 6.0 <= w:
        return plan
    size = (max(w, min(400.0, column + 6.0)), max(d, min(400.0, need + 6.0)), h)
    return plan.model_copy(update={"setting": plan.setting.model_copy(update={"size": size})})


def _column_march(plan: ScenePlan, ch: CharacterPlan) -> float:
    """How far a procession marches toward its goal (`_start_column`): its first move's speed
    × time (its explicit duration, else the scene's length); 0 for any other group or move."""
    if ch.count < 2:
        return 0.0
    march = _procession_march(plan, ch)
    return 0.0 if march is None else march[1]


def _procession_march(plan: ScenePlan, ch: CharacterPlan):  # type: ignore[no-untyped-def]
    """(the move, metres it goes) when ``ch`` is a procession (``in_formation`` procession)
    whose first action is a move at 0 s to a goal, without waypoints; else None. The metres
    are the move's speed × time (its explicit duration, else the scene's length)."""
    if not ch.actions or not any(
            r.type == "in_formation" and r.formation == "procession" and r.subject == ch.id
            for r in plan.relations):
        return None
    act = ch.actions[0]
    spec = ACTIONS.get(act.verb, {})
    if act.start > 0 or not spec.get("moves") or act.goal is None or act.waypoints:
        return None
    seconds = act.duration if _explicit(act) else (plan.scene_frames() - 1) / plan.fps
    return act, float(spec["speed"]) * seconds


def _column_length(ch: CharacterPlan) -> float:
    """The length of a group's column as the layout lays it out (`formations.procession`
    with the crowd's gap), front row to back row plus one member."""
    size = category(ch.category).size
    pts = formations.slots("procession", ch.count, (size[0], size[1]), 0.0, 0.0, PERSON_GAP)
    ys = [y for _, y, _ in pts]
    return max(ys) - min(ys) + max(size[0], size[1])


def _start_on_route(ch: CharacterPlan, members: list[Placement], grid: _Grid,
                    route: Sequence[tuple[float, float]]) -> None:
    """A character whose first action (at 0 s) is a move along a route starts where the route
    starts: at its first waypoint (of two or more) — also when the move starts later, the
    character waiting there until then (a dog that runs down the hall at 7 s ran to the
    hall's end first and jumped after the scene's end) — or, a move with neither goal nor
    waypoints in a set with a centreline (an alley), at the end of the centreline nearer to
    it, so that the whole route lies ahead. The group moves as a block; nothing moves onto
    an obstacle."""
    if not ch.actions or not members:
        return
    act = ch.actions[0]
    if (act.start > 0 and len(act.waypoints) < 2) or act.goal is not None or \
            not ACTIONS.get(act.verb, {}).get("moves"):
        return
    cx = float(np.mean([m.x for m in members]))
    cy = float(np.mean([m.y for m in members]))
    if len(act.waypoints) == 1:
        return  # one waypoint is where the move goes, from wherever the character stands
    if act.waypoints:
        to, nxt = tuple(map(float, act.waypoints[0])), tuple(map(float, act.waypoints[1]))
    elif len(route) >= 2:
        ends = [(route[0], route[1]), (route[-1], route[-2])]
        to, nxt = min(ends, key=lambda e: math.dist(e[0], (cx, cy)))
    else:  # open ground: back up (+y) until the run toward the camera side fits
        need = float(ACTIONS[act.verb]["speed"]) * act.duration
        y0, y1 = grid.layout.bounds[1], grid.layout.bounds[3]
        y = min(max(cy, y0 + 1.0 + need), y1 - 1.0)
        to, nxt = (cx, y), (cx, y - 1.0)
    dx, dy = to[0] - cx, to[1] - cy
    if math.hypot(dx, dy) < 0.3:
        return
    radius = min(members[0].size[:2]) / 2 + 0.05
    occ = grid.blocked(radius, {m.id for m in members})
    if act.verb not in WING_AND_FIN_MOVES and \
            any(occ[grid.cell((m.x + dx, m.y + dy))] for m in members):
        return  # a walker does not start on an obstacle; a flyer or swimmer is above or in it
    for m in members:
        m.x, m.y = m.x + dx, m.y + dy
        if nxt is not None and math.dist(nxt, to) > 1e-6:
            m.yaw = facing_yaw(nxt[0] - to[0], nxt[1] - to[1])


#: Headings (of 16 round the compass) a procession may come from toward its goal when the way it
#: stands has not the room; a heading that would take the column through its goal is not one.
COLUMN_HEADINGS = 16
#: m: the shortest march `_start_column` sets a procession back for.
COLUMN_MIN_MARCH = 1.0


def _start_column(plan: ScenePlan, ch: CharacterPlan, members: list[Placement], grid: _Grid,
                  layout: Layout, by_group: dict[str, list[Placement]]) -> None:
    """A procession (a group ``in_formation`` procession) whose first move, at 0 s, goes to a
    goal marches its length toward it: the column is turned so that its front row leads
    straight at the goal, and set back so that the front has the move's speed × time to go
    (its explicit duration, else the scene's length) — along the way it stands from the goal,
    else the nearest of `COLUMN_HEADINGS` headings with room, as far back as free ground allows
    (by quarters), every member inside the bounds and off every obstacle at its start and
    along the way. Placed beside its goal by the layout, 100 soldiers four abreast "march in a
    procession to the flag" turned nowhere and walked 0.24 m; a group moved as a block only
    goes until its leading member reaches the goal."""
    march = _procession_march(plan, ch) if len(members) >= 2 else None
    if march is None:
        return
    act, need = march
    cx = float(np.mean([m.x for m in members]))
    cy = float(np.mean([m.y for m in members]))
    radius = min(members[0].size[:2]) / 2 + 0.05
    targets = [p for p in by_group.get(act.goal, []) if p not in members]
    if not targets:
        return
    tgt = min(targets, key=lambda p: math.dist((p.x, p.y), (cx, cy)))
    # The column in its own frame: along its front (0 at the front row, negative behind) and
    # across it (0 on its axis).
    fx, fy = front(members[0].yaw)
    along = [m.x * fx + m.y * fy for m in members]
    across = [-m.x * fy + m.y * fx for m in members]
    head, mid = max(along), float(np.mean(across))
    rel = [(a - head, c - mid) for a, c in zip(along, across, strict=True)]
    length = -min(a for a, _ in rel)
    here = math.atan2(tgt.y - cy, tgt.x - cx)
    # Across the audience's view (along x: the default camera stands south, looking north)
    # first — a column seen from its side shows its length, end-on it is its front row — then
    # nearest the way it stands.
    headings = sorted((2 * math.pi * k / COLUMN_HEADINGS for k in range(COLUMN_HEADINGS)),
                      key=lambda a: (round(abs(math.sin(a)), 6),
                                     round(abs(math.remainder(a - here, 2 * math.pi)), 6), a))
    occ = grid.blocked(radius, {m.id for m in members})
    x0, y0, x1, y1 = layout.bounds
    offsets = np.array(rel)  # (along, across) of each member from the front row's middle
    ways = []  # (goal spot, heading) per heading: the march ends on the spot `_goal` finds
    for a in headings:  # from where the column would start: the free one nearest
        far = length / 2 + need + 1.0
        start = (tgt.x - math.cos(a) * far, tgt.y - math.sin(a) * far)
        goal = _goal(act, by_group, start, layout, members, grid, radius)
        if goal is None:
            return
        gd = math.dist(goal, start)
        if gd > 1e-6:
            ways.append((goal, ((goal[0] - start[0]) / gd, (goal[1] - start[1]) / gd)))

    def spots(goal: tuple[float, float], d: tuple[float, float], back: float) -> np.ndarray:
        along = offsets[:, :1] - back
        return np.array(goal) + along * np.array(d) + offsets[:, 1:] * np.array([-d[1], d[0]])

    def clear(pts: np.ndarray) -> bool:
        if not (np.all((pts[:, 0] >= x0 + radius) & (pts[:, 0] <= x1 - radius)) and
                np.all((pts[:, 1] >= y0 + radius) & (pts[:, 1] <= y1 - radius))):
            return False
        ij = ((pts - np.array(grid.origin)) / CELL).astype(int)
        ij = np.minimum(np.maximum(ij, 0), np.array(grid.shape) - 1)
        return not bool(occ[ij[:, 0], ij[:, 1]].any())

    # The longest march that fits (half a metre at a time, down to `COLUMN_MIN_MARCH`), on the
    # heading nearest the way it stands of those that give it.
    for back in np.arange(need, COLUMN_MIN_MARCH - 1e-9, -0.5):
        back = float(back)
        for goal, d in ways:
            pts = spots(goal, d, back)
            if not clear(pts):
                continue
            # Free wherever it passes, a metre at a time; the march ends on the same spot seen
            # from where it really starts.
            steps = math.ceil(back)
            if not all(clear(spots(goal, d, back * (1 - k / steps))) for k in range(1, steps + 1)) \
                    or _goal(act, by_group, (float(pts[:, 0].mean()), float(pts[:, 1].mean())),
                             layout, members, grid, radius) != goal:
                continue
            yaw = facing_yaw(*d)
            for m, (x, y) in zip(members, pts.tolist(), strict=True):
                m.x, m.y, m.yaw = float(x), float(y), yaw
            return


def _start_back(ch: CharacterPlan, members: list[Placement], grid: _Grid, layout: Layout,
                by_group: dict[str, list[Placement]]) -> None:
    """A character or group whose first move (at 0 s, with an explicit duration) goes to a
    goal — or, for one character, to its one waypoint — it was placed too near to walk as long
    as asked starts further back, away from the goal, so that it covers its speed × duration
    toward it ("a procession of 40 monks walks 15 m up the avenue toward the gate" was placed
    at the gate and gained nothing; "a doctor walks 20 m down the corridor in 15 s" to its
    end, placed 2 m from it, walked 2 m); as far back as free ground allows."""
    if not members or not ch.actions:
        return
    lone = len(members) == 1
    act = ch.actions[0]
    spec = ACTIONS.get(act.verb, {})
    if act.start > 0 or not spec.get("moves") or not _explicit(act):
        return
    if act.goal is None and not (lone and len(act.waypoints) == 1):
        return
    cx = float(np.mean([m.x for m in members]))
    cy = float(np.mean([m.y for m in members]))
    radius = min(members[0].size[:2]) / 2 + 0.05
    goal = _goal(act, by_group, (cx, cy), layout, members, grid, radius) \
        if act.goal is not None else tuple(map(float, act.waypoints[0]))
    if goal is None:
        return
    walked = math.dist((cx, cy), goal) if lone else \
        math.dist((cx, cy), _group_stop((cx, cy), goal, members, layout))
    need = float(spec["speed"]) * act.duration
    d = math.dist((cx, cy), goal)
    if walked >= need - 0.1 or d < 1e-6:
        return
    ux, uy = (goal[0] - cx) / d, (goal[1] - cy) / d
    held = {a.target or a.goal for a in ch.actions if a.verb == "hold"}  # in their hands
    occ = grid.blocked(radius, {m.id for m in members} | {
        p.id for p in layout.placements if p.group in held})
    x0, y0, x1, y1 = layout.bounds

    def fits(dx: float, dy: float) -> bool:
        return all(x0 + radius <= m.x + dx <= x1 - radius and y0 + radius <= m.y + dy
                   <= y1 - radius and not occ[grid.cell((m.x + dx, m.y + dy))] for m in members)

    if not lone:  # a group backs off along its line to the goal, by quarters of the way
        for share in (1.0, 0.75, 0.5, 0.25):
            shift = (need - walked) * share
            dx, dy = -ux * shift, -uy * shift
            if fits(dx, dy):
                for m in members:
                    m.x, m.y = m.x + dx, m.y + dy
                return
        return
    # One character: straight back from the goal, or — when that way is shut (a nurse placed
    # by the corridor's end, beside its wall) — behind the goal along one of the set's axes;
    # of those spots, as far back as free ground allows (in tenths of the way) and clear of
    # the others standing there, the one the goal lies furthest from, up to the distance
    # asked (the first on a tie).
    others = [p for p in layout.placements if p.kind in ("character", "animal")
              and p not in members]
    me = members[0]

    def clear(x: float, y: float) -> bool:
        return fits(x - me.x, y - me.y) and all(
            math.dist((x, y), (p.x, p.y)) >= radius + min(p.size[:2]) / 2 + 0.1 for p in others)

    # A goal group of several (chairs round a table): the walk goes to the one nearest where
    # it starts, so a spot counts as far back as the nearest of them (each with the goal
    # spot's offset from the one nearest now).
    things = [(p.x, p.y) for p in by_group.get(str(act.goal), []) if p not in members]
    near = min(things, key=lambda q: math.dist(q, (cx, cy))) if things else goal
    off = (goal[0] - near[0], goal[1] - near[1])

    def back(x: float, y: float) -> float:
        return min([math.dist((x, y), goal)] if not things else
                   [math.dist((x, y), (q[0] + off[0], q[1] + off[1])) for q in things])

    best = None
    for k, (vx, vy) in enumerate(((-ux, -uy), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0),
                                  (0.0, -1.0))):
        for share in (j / 10 for j in range(10, 0, -1)):
            if k == 0:  # back along the line from the goal through where it stands
                x, y = cx + vx * (need - d) * share, cy + vy * (need - d) * share
            else:
                x, y = goal[0] + vx * need * share, goal[1] + vy * need * share
            if clear(x, y):
                key = (round(min(back(x, y), need), 2), -k)
                if best is None or key > best[0]:
                    best = (key, x, y)
                break
    if best is not None and best[0][0] > walked + 0.1:
        me.x, me.y = best[1], best[2]


#: m of a shared seat's width one sitter takes at most (a bench's two sitters sit 0.6 m apart
#: when it is wider than 1.2 m, closer on a narrower one).
SITTER_WIDTH = 0.6


def _seat_sharers(plan: ScenePlan) -> dict[str, list[str]]:
    """Per seat group, the lone characters whose plan sits them on it, in plan order: the
    grandfather and the girl who both "sit, goal bench" take two places on the bench instead of
    one pelvis on top of the other."""
    out: dict[str, list[str]] = {}
    for ch in plan.characters:
        if ch.kind != "character" or ch.count != 1:
            continue
        for act in ch.actions:
            ref = act.target or act.goal
            if act.verb == "sit" and ref is not None and ch.id not in out.get(ref, []):
                out.setdefault(ref, []).append(ch.id)
    return out


def _place_along(seat: Placement, who: str, sharers: dict[str, list[str]] | None,
                 pieces: int) -> float:
    """How far (m, along the seat's width, to its left) ``who`` sits from the seat's middle:
    0 alone; side by side, centred, when several share a one-piece seat."""
    names = (sharers or {}).get(seat.group, [])
    if pieces != 1 or len(names) < 2 or who not in names:
        return 0.0
    step = min(SITTER_WIDTH, seat.size[0] / len(names))
    return (names.index(who) - (len(names) - 1) / 2) * step


def _start_in_use(ch: CharacterPlan, members: list[Placement], grid: _Grid,
                  layout: Layout, sharers: dict[str, list[str]] | None = None) -> None:
    """A lone character whose first action, at 0 s, uses a thing (sit on the bench, play the
    piano) is there when the scene starts — standing where it does it, facing the right way —
    instead of walking up to it first: "an old man sits on a bench" is seated from the first
    frame. Nothing moves onto an obstacle."""
    if len(members) != 1 or not ch.actions:
        return
    act = ch.actions[0]
    if act.start > 0 or ACTIONS.get(act.verb, {}).get("moves") or act.verb in ONTO:
        return
    m = members[0]
    use = _use(act, ch, layout, members, (m.x, m.y), sharers)
    if not isinstance(use, Use) or use.stand is None or use.end is not None:
        return
    radius = min(m.size[:2]) / 2 + 0.05
    used = {m.id, *(str(use.fields[k]) for k in ("seat", "object") if k in use.fields)}
    if grid.blocked(radius, used)[grid.cell(use.stand)]:  # the thing used may be close
        return
    m.x, m.y = use.stand
    if use.face is not None:
        m.yaw = use.face


def _free_run(start: tuple[float, float], dist: float, grid: _Grid, radius: float,
              ignore: set[str], route: Sequence[tuple[float, float]]
              ) -> list[tuple[float, float]]:
    """The path of a move without a goal that goes ``dist`` metres: along ``route`` (the
    set's centreline) from the point of it nearest ``start``, in the direction with more of
    it ahead; else in straight legs over free ground — toward the camera side (−y) when that
    is free far enough, otherwise the first heading that is, or the longest free one,
    turning up to three times (never doubling back)."""
    if len(route) >= 2:
        pts = [tuple(map(float, q)) for q in route]
        best = min(range(len(pts) - 1), key=lambda i: _seg_dist(start, pts[i], pts[i + 1])[0])
        _, foot = _seg_dist(start, pts[best], pts[best + 1])
        ahead = [foot, *pts[best + 1:]]
        behind = [foot, *pts[best::-1]]
        way = max((ahead, behind), key=lambda w: sum(
            math.dist(a, b) for a, b in itertools.pairwise(w)))
        return _cut([start, *way] if math.dist(start, foot) > 1e-3 else way, dist)
    occ = grid.blocked(radius, ignore)
    occ[grid.cell(start)] = False
    path = [start]
    left = dist
    heading = math.atan2(-1.0, 0.0)  # toward the camera side first, as before
    for _ in range(4):
        if left < 0.05:
            break
        here = path[-1]
        runs = []
        for k in range(16):
            a = heading + k * math.pi / 8
            if len(path) > 1 and abs(math.remainder(a - heading, 2 * math.pi)) > 0.6 * math.pi:
                continue  # no doubling back
            runs.append((a, grid.free_run(occ, here, a, left)))
        fits = [(a, r) for a, r in runs if r >= left - 1e-6]
        a, run = fits[0] if fits else max(runs, key=lambda ar: ar[1])
        if run < 0.25:
            break
        path.append((here[0] + run * math.cos(a), here[1] + run * math.sin(a)))
        left -= run
        heading = a
    return path


def _seg_dist(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
              ) -> tuple[float, tuple[float, float]]:
    """(distance, nearest point) from ``p`` to the segment ``a``–``b``."""
    ax, ay, bx, by = *a, *b
    lx, ly = bx - ax, by - ay
    den = lx * lx + ly * ly
    u = 0.0 if den < 1e-12 else min(max(((p[0] - ax) * lx + (p[1] - ay) * ly) / den, 0.0), 1.0)
    q = (ax + u * lx, ay + u * ly)
    return math.dist(p, q), q


def _water_at(layout: Layout, at: tuple[float, float]) -> Placement | None:
    """The water body (the layout's `WATER` categories) whose footprint holds ``at``."""
    from .layout.solver import WATER, _lies_on

    return next((p for p in layout.placements if p.category in WATER
                 and p.kind not in ("character", "animal")
                 and _lies_on(p, at[0], at[1], 0.0, (0.0, 0.0))), None)


def _swim_round(pool: Placement, start: tuple[float, float], dist: float, radius: float
                ) -> list[tuple[float, float]]:
    """``dist`` metres of swimming round inside ``pool``: from ``start`` onto an ellipse at 60 %
    of the water's half sizes (less the swimmer's ``radius``), then anticlockwise along it in
    15° steps, as many times round as the distance takes ("koi swim in slow circles")."""
    c, s = math.cos(pool.yaw), math.sin(pool.yaw)
    ax = max(0.6 * pool.size[0] / 2 - radius, 0.05)
    ay = max(0.6 * pool.size[1] / 2 - radius, 0.05)
    dx, dy = start[0] - pool.x, start[1] - pool.y
    a0 = math.atan2((-dx * s + dy * c) / ay, (dx * c + dy * s) / ax)
    pts = [start]
    laps = math.ceil(dist / (2 * math.pi * min(ax, ay))) + 1
    for k in range(24 * laps + 1):
        a = a0 + math.radians(15 * k)
        u, v = ax * math.cos(a), ay * math.sin(a)
        pts.append((pool.x + u * c - v * s, pool.y + u * s + v * c))
    return _cut(pts, dist)


def _cut(path: list[tuple[float, float]], dist: float) -> list[tuple[float, float]]:
    """``path`` cut after ``dist`` metres (whole when shorter)."""
    out = [path[0]]
    left = dist
    for a, b in itertools.pairwise(path):
        seg = math.dist(a, b)
        if seg >= left:
            if left > 1e-6:
                out.append((a[0] + (b[0] - a[0]) * left / seg, a[1] + (b[1] - a[1]) * left / seg))
            return out
        out.append(b)
        left -= seg
    return out


class _Grid:
    """Occupancy of the static layout (and the set's solid parts), for path search."""

    def __init__(self, layout: Layout, obstacles: Sequence[Sequence[float]] = ()) -> None:
        self.layout = layout
        # The set's parts a walker meets (below head height, above ankle height).
        self.obstacles = [tuple(map(float, o[:4])) for o in obstacles
                          if len(o) >= 6 and o[4] < 1.8 and o[5] > 0.05]
        x0, y0, x1, y1 = layout.bounds
        self.origin = (x0, y0)
        self.shape = (max(1, math.ceil((x1 - x0) / CELL)),
                      max(1, math.ceil((y1 - y0) / CELL)))
        xs = x0 + (np.arange(self.shape[0]) + 0.5) * CELL
        ys = y0 + (np.arange(self.shape[1]) + 0.5) * CELL
        self.centres = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1)

    def blocked(self, radius: float, ignore: set[str]) -> np.ndarray:
        occ = np.zeros(self.shape, bool)
        for p in self.layout.placements:
            if p.id in ignore or p.z > 1.8 or p.kind in ("character", "animal") or \
                    p.size[2] < 0.05:
                continue
            c, s = math.cos(p.yaw), math.sin(p.yaw)
            d = self.centres - np.array([p.x, p.y])
            u = d[..., 0] * c + d[..., 1] * s
            v = -d[..., 0] * s + d[..., 1] * c
            occ |= (np.abs(u) <= p.size[0] / 2 + radius) & (np.abs(v) <= p.size[1] / 2 + radius)
        for ox0, oy0, ox1, oy1 in self.obstacles:
            occ |= (self.centres[..., 0] >= ox0 - radius) & (self.centres[..., 0] <= ox1 + radius) \
                & (self.centres[..., 1] >= oy0 - radius) & (self.centres[..., 1] <= oy1 + radius)
        x0, y0, x1, y1 = self.layout.bounds
        occ |= (self.centres[..., 0] < x0 + radius) | (self.centres[..., 0] > x1 - radius)
        occ |= (self.centres[..., 1] < y0 + radius) | (self.centres[..., 1] > y1 - radius)
        return occ

    def cell(self, p: tuple[float, float]) -> tuple[int, int]:
        i = int((p[0] - self.origin[0]) / CELL)
        j = int((p[1] - self.origin[1]) / CELL)
        return min(max(i, 0), self.shape[0] - 1), min(max(j, 0), self.shape[1] - 1)

    def path(self, start: tuple[float, float], goal: tuple[float, float], radius: float,
             ignore: set[str]) -> list[tuple[float, float]] | None:
        occ = self.blocked(radius, ignore)
        s, g = self.cell(start), self.cell(goal)
        occ[s] = False
        occ[g] = False
        if self._clear_line(occ, start, goal):
            return [start, goal]
        cells = _astar(occ, s, g)
        if cells is None:
            return None
        pts = [start] + [tuple(self.centres[c].tolist()) for c in cells[1:-1]] + [goal]
        # String pulling: keep a point only when the straight line past it is blocked.
        out = [pts[0]]
        i = 0
        while i < len(pts) - 1:
            j = len(pts) - 1
            while j > i + 1 and not self._clear_line(occ, pts[i], pts[j]):
                j -= 1
            out.append(pts[j])
            i = j
        return out  # type: ignore[return-value]

    def route(self, points: Sequence[tuple[float, float]], radius: float, ignore: set[str]
              ) -> list[tuple[float, float]]:
        """A free path through ``points`` in order (straight where no path is found)."""
        out = [tuple(points[0])]
        for a, b in itertools.pairwise(points):
            leg = self.path(tuple(a), tuple(b), radius, ignore) or [tuple(a), tuple(b)]
            out += [tuple(q) for q in leg[1:]]
        return out  # type: ignore[return-value]

    def free_run(self, occ: np.ndarray, start: tuple[float, float], angle: float,
                 most: float) -> float:
        """How far (up to ``most``) a walker goes from ``start`` along ``angle`` on free
        cells."""
        ux, uy = math.cos(angle), math.sin(angle)
        d = 0.0
        while d < most:
            nd = min(d + CELL / 3, most)
            q = (start[0] + ux * nd, start[1] + uy * nd)
            i = (q[0] - self.origin[0]) / CELL
            j = (q[1] - self.origin[1]) / CELL
            if not (0 <= i < self.shape[0] and 0 <= j < self.shape[1]) or occ[self.cell(q)]:
                break
            d = nd
        return d

    def _clear_line(self, occ: np.ndarray, a, b) -> bool:  # type: ignore[no-untyped-def]
        n = max(2, int(math.dist(a, b) / (CELL / 3)) + 1)
        for t in np.linspace(0, 1, n):
            if occ[self.cell((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))]:
                return False
        return True


def _astar(occ: np.ndarray, s: tuple[int, int], g: tuple[int, int]) -> list | None:
    moves = [(1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0), (1, 1, 1.4142),
             (1, -1, 1.4142), (-1, 1, 1.4142), (-1, -1, 1.4142)]
    best = {s: 0.0}
    came: dict = {}
    heap = [(0.0, s)]
    while heap:
        _, cur = heapq.heappop(heap)
        if cur == g:
            out = [cur]
            while cur in came:
                cur = came[cur]
                out.append(cur)
            return out[::-1]
        for dx, dy, cost in moves:
            nxt = (cur[0] + dx, cur[1] + dy)
            if not (0 <= nxt[0] < occ.shape[0] and 0 <= nxt[1] < occ.shape[1]) or occ[nxt]:
                continue
            if dx and dy and (occ[cur[0] + dx, cur[1]] or occ[cur[0], cur[1] + dy]):
                continue
            c = best[cur] + cost
            if c < best.get(nxt, math.inf):
                best[nxt] = c
                came[nxt] = cur
                h = math.hypot(g[0] - nxt[0], g[1] - nxt[1])
                heapq.heappush(heap, (c + h, nxt))
    return None




# --------------------------------------------------------------------------- body motion


@dataclass
class Animated:
    """What a motion provider made of one instance's script."""

    entity: Entity
    """The entity with its transform and joint channels keyed."""
    end_frame: int
    notes: list[str] = field(default_factory=list)
    """Actions played approximately (e.g. "talk as idle")."""


# Plan verbs → steps of `previz.skills.motion.timeline.sequence` (moves and turns are already
# steps). A list is played in a loop for the action's duration. Verbs missing here (talk,
# dance, bark, graze…) are played as idle and reported.
GESTURES: dict[str, list[dict]] = {
    "stand": [{"do": "idle"}],
    "wave": [{"do": "wave"}],
    "point": [{"do": "point"}],
    "look": [{"do": "look_at"}],
    "nod": [{"do": "nod"}],
    "jump": [{"do": "jump"}],
    "step_up": [{"do": "idle"}],  # onto its target's top (`step_up` below), else in place
    "sit": [{"do": "sit_on"}],
    "ride": [{"do": "sit_on"}],
    "pick_up": [{"do": "reach"}],
    "put_down": [{"do": "reach", "name": "put_down"}],
    "fight": [{"do": "jab"}, {"do": "cross"}, {"do": "hook"}],
    "stop": [{"do": "idle"}],
    "drum": [{"do": "play_drums"}],
    "kick": [{"do": "kick"}],
    "shoot": [{"do": "shoot"}],
    "dunk": [{"do": "shoot", "dunk": True}],
    "lie_on": [{"do": "lie_on"}],
    **{v: [{"do": v}] for v in (
        "talk", "listen", "dance", "clap", "raise_arms", "hug", "handshake", "jab", "cross",
        "hook", "uppercut", "block", "dodge", "clinch", "fall", "get_up", "dribble", "throw",
        "catch", "swing", "push", "lean_on", "open_door", "close_door", "drink", "eat", "type",
        "chop", "play_piano", "play_guitar", "play_violin", "play_qin", "shake_head",
        "stand_up")},
}
# Moves by their gait and manner on two legs (the plan's verb → locomotion style, `styles`).
HUMAN_MOVES: dict[str, tuple[str, str | None]] = {
    "stroll": ("walk", "relaxed"), "jog": ("jog", None), "sprint": ("sprint", None),
    "sneak": ("walk", "sneak"), "limp": ("walk", "tired"), "march_on": ("march", None),
    "trot": ("jog", None), "gallop": ("run", None), "chase": ("run", None),
    "fetch": ("run", None), "carry": ("walk", None)}
# Four-legged animals: moves by gait (a run is a gallop), sitting, and standing for the rest.
ANIMAL_MOVES = {"walk": "walk", "run": "gallop", "stroll": "walk", "jog": "trot",
                "trot": "trot", "gallop": "gallop", "chase": "gallop", "fetch": "gallop",
                "sprint": "gallop", "sneak": "walk"}
ANIMAL_GESTURES: dict[str, list[dict]] = {
    "stand": [{"do": "idle"}], "sit": [{"do": "sit"}], "jump": [{"do": "leap"}],
    **{v: [{"do": v}] for v in ("bark", "graze", "stretch", "lie", "wag")}}
FIXED_LENGTH = {"jump", "jab", "cross", "hook", "uppercut", "kick", "shoot", "leap",
                "step_up"}
WING_AND_FIN_MOVES = {"fly", "land", "swim", "glide"}


def actions_keyed() -> set[str]:
    """The keyed humanoid actions of the skills (they can be played seated)."""
    from previz.skills.motion import ACTIONS as KEYED

    return set(KEYED)


def _humanoid_skeleton():  # type: ignore[no-untyped-def]
    from previz.skills.skeletons import make_skeleton

    return make_skeleton("humanoid")
FLIGHT_ALTITUDE = 3.0  # m above the ground: a bird's cruising height over a scene
TAKE_OFF = 1.0  # s to climb from where the bird stands to its cruising height


class SkillsMotion:
    """The default `MotionProvider`: procedural motion from `previz.skills.motion` —
    `timeline.sequence` turns the script into one crossfaded clip (walks along the planned
    path with feet locked, turns stepping on the spot, gestures), `clip.bake` keys it on the
    entity. Humanoid and quadruped template skeletons standing on the floor (z = 0) are
    animated (quadrupeds walk, gallop, turn, sit and stand); others keep their rest pose
    (``None``). ``tolerance`` (rad / m) thins the baked keys."""

    def __init__(self, tolerance: float = 1e-3, blend: int = 6) -> None:
        self.tolerance = tolerance
        self.blend = blend

    def animate(self, entity: Entity, script: list[dict], fps: float,
                targets: dict[str, tuple[float, float, float]]) -> Animated | None:
        from previz.skills.motion.clip import bake
        from previz.skills.motion.timeline import sequence
        from previz.world.tracks import sample

        skel = entity.skeleton
        if skel is None or skel.template not in ("humanoid", "quadruped", "bird", "fish") \
                or not script:
            return None
        loc = np.array([sample(c, 1) for c in entity.transform.location], float)
        yaw = float(sample(entity.transform.rotation[2], 1))
        if skel.template in ("bird", "fish"):
            motion, notes = flight_or_swim(skel, entity.id, script, fps, loc, yaw, self.blend)
            return Animated(bake(motion, entity, 1, tolerance=self.tolerance), motion.frames,
                            notes)
        steps, notes = self.steps(entity.id, script, fps, loc, yaw, targets,
                                  animal=skel.template == "quadruped", skeleton=skel)
        motion = sequence(skel, steps, fps, loc, yaw, self.blend)
        baked = bake(motion, entity, 1, tolerance=self.tolerance)
        return Animated(baked, motion.frames, notes)

    def steps(self, entity_id: str, script: list[dict], fps: float, loc: np.ndarray,
              yaw: float, targets: dict[str, tuple[float, float, float]],
              animal: bool = False, skeleton: object | None = None
              ) -> tuple[list[dict], list[str]]:
        """The skills steps for a script, and notes on what was approximated. ``animal``:
        the script is played by a four-legged skeleton; ``skeleton`` sizes the seated pose
        (default: the humanoid template)."""
        steps: list[dict] = []
        notes: list[str] = []
        gestures = ANIMAL_GESTURES if animal else GESTURES
        seat: dict | None = None  # the seat the character sits on now (sit_on's numbers)
        fallen = False  # on the floor after a fall: standing still stays down until get_up
        for st in script:
            if "do" in st:  # a move or a turn: already a skills step
                step = dict(st)
                step.pop("height", None)  # a flying height: for wings, not legs
                step.pop("top", None)  # the top a bird lands on
                fallen = False
                if seat is not None and step["do"] != "turn":  # get up before walking off
                    steps.append({"do": "stand_up", **seat, "duration": STAND_UP_SECONDS})
                    seat = None
                if animal:
                    step["do"] = ANIMAL_MOVES.get(step["do"], step["do"])
                    step.pop("style", None)  # styles are for humanoid gaits
                elif step["do"] in HUMAN_MOVES:
                    gait, manner = HUMAN_MOVES[step["do"]]
                    step["do"] = gait
                    if manner and "style" not in step:
                        step["style"] = manner
                if step["do"] in (*WING_AND_FIN_MOVES, "drive"):
                    # A walker told to fly, swim or drive (with no vehicle of its own) walks.
                    notes.append(f"{entity_id}: {step['do']} played as walk")
                    step["do"] = "walk"
                steps.append(step)
                continue
            verb, duration = st["verb"], float(st["duration"])
            if not animal and verb not in gestures and verb in actions_keyed():
                # A keyed action the skills declare (a fishing cast): played as itself, with
                # no row of its own here.
                gestures = {**gestures, verb: [{"do": verb}]}
            loop = gestures.get(verb, [{"do": "idle"}])
            if not animal:
                if fallen and verb in ("stand", "stop"):
                    loop = [{"do": "lie_fallen"}]
                fallen = verb == "fall" or (fallen and verb in ("stand", "stop"))
            if verb not in gestures:
                notes.append(f"{entity_id}: {verb} played as idle")
            if "not_done" in st:  # reported by the plan: what it needs is missing or too far
                loop = [{"do": "idle"}]
                verb = "stand"
            if verb in ("sit", "ride") and not animal:
                if "seat_height" not in st:  # reported by the plan: nothing to sit on
                    loop = [{"do": "idle"}]
                else:
                    sit = {"seat_height": st["seat_height"], "back": st.get("back", 0.4)}
                    # Sat from the first frame ("a girl already seated at the table"): no
                    # sitting down at the start, which moved the arms as the body leant.
                    first = not steps and float(st.get("start") or 0.0) <= 1e-9
                    if seat is None and not first:
                        steps.append({"do": "sit_on", "start": st["start"], **sit,
                                      "duration": min(1.5, duration)})
                        duration = max(duration - 1.5, 0.1)
                    seat = sit
                    loop = [{"do": "sit_still"}]
                    if not first:
                        st = {**st, "start": None}
            elif verb == "lie_on" and "seat_height" in st:
                if seat is None:
                    steps.append({"do": "sit_on", "start": st["start"],
                                  "seat_height": st["seat_height"], "back": st.get("back", 0.4),
                                  "duration": 1.5})
                    st = {**st, "start": None}
                steps.append({"do": "lie_on", "seat_height": st["seat_height"],
                              "duration": max(duration - 1.5, 1.0),
                              **({"edge": st["edge"]} if "edge" in st else {})})
                seat = None
                continue
            elif verb == "stand_up" and seat is not None:
                steps.append({"do": "stand_up", "start": st["start"], **seat,
                              "duration": duration})
                seat = None
                continue
            elif seat is not None and loop[0]["do"] not in actions_keyed():
                # A whole-body action: up first.
                steps.append({"do": "stand_up", **seat, "duration": STAND_UP_SECONDS})
                seat = None
            if verb == "jump" and "leap_to" in st:
                loop = [{"do": "leap", "to": st["leap_to"], "top": st["top"]}]
            elif verb == "step_up" and "box" in st:
                loop = [{"do": "step_up", "to": st["leap_to"], "top": st["top"],
                         "box": st["box"]}]
            elif verb == "jump" and animal:
                loop = [{"do": "leap", "to": None}]
            if loop[0]["do"] == "reach" and "reach" not in st:
                notes.append(f"{entity_id}: {verb} has nothing to reach for")
                loop = [{"do": "idle"}]
            if verb == "fight":  # punches back to back for the action's length
                loop = loop * max(1, round(duration / 0.65 / len(loop)))
            for n, gesture in enumerate(loop):
                step = dict(gesture)
                if n == 0 and st.get("start") is not None:
                    step["start"] = st["start"]
                if st.get("style"):
                    step["style"] = st["style"]
                if step["do"] not in FIXED_LENGTH:
                    step["duration"] = duration / len(loop)
                for key, value in st.get("params", {}).items():  # declared: height, hand…
                    if key != "duration":
                        step[key] = value
                if step["do"] == "reach":
                    step["target"] = st["reach"]
                if step["do"] == "leap" and step.get("to") is None:  # a hop on the spot
                    step["to"] = self._target(None, {}, steps, loc, yaw, 0.0, ahead=0.6)[:2]
                    step["top"] = 0.0
                    step["apex"] = 0.4
                if seat is not None and step["do"] in actions_keyed():
                    from previz.skills.motion.repertoire import seated_offset

                    step["pelvis_base"] = seated_offset(skeleton or _humanoid_skeleton(),
                                                        seat["seat_height"], seat["back"])
                if step["do"] in ("point", "look_at"):
                    step["target"] = self._target(st.get("goal"), targets, steps, loc, yaw,
                                                  1.3 if step["do"] == "point" else 1.6)
                steps.append(step)
        return steps, notes

    @staticmethod
    def _target(goal: str | None, targets: dict[str, tuple[float, float, float]],
                steps: list[dict], loc: np.ndarray, yaw: float, height: float,
                ahead: float = 3.0) -> tuple[float, float, float]:
        if goal is not None and goal in targets:
            return targets[goal]
        # Nothing named: 3 m ahead of where the character last went (its facing).
        where = np.asarray(loc[:2], float)
        for st in steps:
            if "path" in st:
                pts = np.asarray(st["path"], float)
                prev, where = where if len(pts) < 2 else pts[-2], pts[-1]
                d = where - prev
                if np.linalg.norm(d) > 1e-9:
                    yaw = math.atan2(d[0], -d[1])
            if st.get("do") == "turn":
                yaw += float(st.get("angle", 0.0))
        return (float(where[0] + ahead * math.sin(yaw)), float(where[1] - ahead * math.cos(yaw)),
                height)


def flight_or_swim(skeleton, entity_id: str, script: list[dict], fps: float,  # type: ignore[no-untyped-def]
                   loc: np.ndarray, yaw: float, blend: int = 6) -> tuple[object, list[str]]:
    """(motion, notes) of a bird or a fish playing ``script`` with `skills.motion.animals`.

    A bird's move flaps along the planned path at `FLIGHT_ALTITUDE` (climbing there over
    `TAKE_OFF` s from where it stands); a move longer than 4 s glides its middle third; a
    ``land`` glides down to the end of its path (onto the top of what it lands on: its
    ``top``, m above the ground) (when it follows a flight that ends there,
    the flight stops short so that the bird comes down a glide slope) and stands. A fish's
    move swims along its path at the height it was placed at. Other verbs hold the pose and
    are noted. Steps keep their planned start (held until then) and clips crossfade."""
    from previz.skills.motion import animals
    from previz.skills.motion.clip import Motion, crossfade
    from previz.skills.trajectory.path import Path

    bird = skeleton.template == "bird"
    rig_names = tuple(j.name for j in skeleton.joints)
    notes: list[str] = []
    clips: list[Motion] = []
    pos = np.asarray(loc, float).copy()
    frames = 0
    ground = float(loc[2])
    script = _land_approach(script) if bird else script
    for st in script:
        what = st.get("do") or st.get("verb")
        wait = round(float(st.get("start", 0.0)) * fps) - frames
        if wait > 0:
            clips.append(_hold(clips[-1] if clips else None, rig_names, fps, pos, yaw, wait))
            frames += wait
        if "do" in st and what != "turn":
            pts = np.vstack([pos[:2], np.asarray(st["path"], float).reshape(-1, 2)])
            path = Path.from_points(pts)
            speed = float(np.clip(path.length / max(float(st["duration"]), 0.1), 0.3, 12.0))
            if bird and what == "land":
                perch = ground + float(st.get("top", 0.0))  # on the top it lands on
                clip = animals.land(skeleton, tuple(pos), tuple(pts[-1]), fps,
                                    speed=min(max(speed, 2.0), 6.0),
                                    terrain=lambda x, y, z=perch: np.full(np.shape(x), z))
            elif bird:
                if path.length < 1e-3:
                    continue
                glide = float(st["duration"]) > 4.0
                alt = ground + float(st.get("height", FLIGHT_ALTITUDE))  # the plan's height
                clip = animals.flap(skeleton, path, alt, speed, fps=fps)
                if glide:  # the middle third on spread wings
                    g = animals.flap(skeleton, path, alt, speed, fps=fps, glide=True)
                    n = clip.frames
                    w = np.clip(np.minimum(np.arange(n) - n / 3, 2 * n / 3 - np.arange(n))
                                / (0.15 * n), 0.0, 1.0)
                    clip = _mix(clip, g, w)
                climb = pos[2] - alt
                if abs(climb) > 1e-6:  # take off from where it is (or continue a flight)
                    t = np.clip(np.arange(clip.frames) / (TAKE_OFF * fps), 0.0, 1.0)
                    clip.entity_location[:, 2] += climb * (1 - t * t * (3 - 2 * t))
            else:
                if path.length < 1e-3:
                    continue
                clip = animals.swim(skeleton, path, float(pos[2]), speed, fps)
        else:  # a turn or a gesture: not played by wings and fins
            notes.append(f"{entity_id}: {what} played in the rest pose")
            n = max(1, round(float(st.get("duration", 1.0)) * fps))
            clip = _hold(clips[-1] if clips else None, rig_names, fps, pos, yaw, n)
        frames += clip.frames - (min(blend, clip.frames) if clips else 0)
        clips.append(clip)
        pos = clip.entity_location[-1].copy()
        yaw = float(clip.entity_rotation[-1, 2])
    if not clips:
        clips.append(_hold(None, rig_names, fps, pos, yaw, 1))
    out = clips[0]
    for clip in clips[1:]:
        out = crossfade(out, clip, blend)
    return out, notes


def _land_approach(script: list[dict]) -> list[dict]:
    """A flight followed by a landing on the spot it flew to stops short, so that the
    landing comes down a glide slope (2.5 × the altitude long, at most half the flight)."""
    out = [dict(st) for st in script]
    for a, b in itertools.pairwise(out):
        if a.get("do") != "fly" or b.get("do") != "land":
            continue
        pts = [tuple(p) for p in a["path"]]
        end = pts[-1]
        if math.dist(end, tuple(b["path"][-1])) > 0.5:
            continue
        seg = list(itertools.pairwise(pts))
        total = sum(math.dist(p, q) for p, q in seg)
        cut = min(2.5 * FLIGHT_ALTITUDE, 0.5 * total)
        # Walk back from the end by ``cut`` metres.
        rest = cut
        while len(pts) > 1 and math.dist(pts[-2], pts[-1]) <= rest:
            rest -= math.dist(pts[-2], pts[-1])
            pts.pop()
        if len(pts) > 1:
            (x0, y0), (x1, y1) = pts[-2], pts[-1]
            d = math.dist(pts[-2], pts[-1])
            pts[-1] = (x1 - (x1 - x0) * rest / d, y1 - (y1 - y0) * rest / d)
        if total > 0:
            a["duration"] = float(a["duration"]) * (1 - cut / total)
        a["path"] = pts
        b["path"] = [end]
    return out


def _hold(last, names: tuple[str, ...], fps: float, pos: np.ndarray, yaw: float,  # type: ignore[no-untyped-def]
          n: int):
    """``n`` frames holding ``last``'s final pose (the rest pose at ``pos`` when None)."""
    from previz.skills.motion.clip import Motion

    if last is None:
        j = len(names)
        return Motion(names, fps, np.broadcast_to(np.eye(3), (n, j, 3, 3)).copy(),
                      np.zeros((n, j, 3)), np.tile(pos, (n, 1)),
                      np.tile([0.0, 0.0, yaw], (n, 1)), {}, name="hold")
    end = last.slice(last.frames - 1)
    return Motion(names, fps, np.repeat(end.rotations, n, 0), np.repeat(end.locations, n, 0),
                  np.repeat(end.entity_location, n, 0), np.repeat(end.entity_rotation, n, 0),
                  {k: np.repeat(v, n) for k, v in end.contacts.items()}, name="hold")


def _mix(a, b, w: np.ndarray):  # type: ignore[no-untyped-def]
    """``a`` blended towards ``b`` (same length and root) by per-frame weight ``w``."""
    from previz.skills.motion.clip import slerp_matrices

    a.rotations = slerp_matrices(a.rotations, b.rotations, w[:, None])
    a.entity_location = a.entity_location + (b.entity_location - a.entity_location) * w[:, None]
    return a


def animate_entities(entities: list[Entity], layout: Layout, timeline: Timeline,
                     provider: object | None, fps: float) -> list[Entity]:
    """The entities with body motion from ``provider`` (default `SkillsMotion`) for every
    instance that has a script. Updates ``timeline``: its end frame grows to the longest
    motion, played actions leave ``in_place``, provider notes join ``problems``."""
    from previz.world import InputError, World

    prov = provider if provider is not None else SkillsMotion()
    targets: dict[str, tuple[float, float, float]] = {}
    for p in layout.placements:  # a goal group's first instance, at 60 % of its height
        targets.setdefault(p.group, (p.x, p.y, p.z + 0.6 * p.size[2]))
    group = {p.id: p.group for p in layout.placements}
    out: list[Entity] = []
    still: set[str] = set()
    for e in entities:
        script = timeline.scripts.get(e.id)
        if not script or e.skeleton is None:
            out.append(e)
            continue
        try:
            res = prov.animate(e, script, fps, targets)  # type: ignore[attr-defined]
        except InputError as err:
            timeline.problems.append(f"{e.id}: no body motion ({err})")
            res = None
        if res is None:
            still.add(group.get(e.id, e.id))
            out.append(e)
            continue
        out.append(res.entity)
        timeline.problems.extend(res.notes)
        timeline.end_frame = max(timeline.end_frame, int(res.end_frame))
    by_id = {e.id: e for e in out}
    for e in list(out):
        for obj, start, end, release in _holdings(timeline.scripts.get(e.id) or [], fps):
            if obj not in by_id or by_id[e.id].skeleton is None or obj in \
                    {o for o, _, _ in timeline.held}:
                continue
            onto = None
            put = _put_target(timeline.scripts.get(e.id) or [], obj)
            if put in by_id and by_id[put].asset.size is not None:
                onto = (World(entities=[by_id[put]]).evaluate(1).entities[put].matrix,
                        tuple(by_id[put].asset.size))
            keyed = _hold_object(by_id[obj], by_id[e.id], start, end, release,
                                 max(timeline.end_frame, 2), onto)
            if keyed is None:
                timeline.problems.append(f"{e.id}: the hand never reaches {obj}")
                continue
            out = [keyed if x.id == obj else x for x in out]
            by_id[obj] = keyed
            timeline.held.append((obj, e.id, HAND))
    for rider, ride in timeline.rides:
        if rider in by_id and ride in by_id and any(
                isinstance(c, Curve) for c in (*by_id[ride].transform.location,
                                               *by_id[ride].transform.rotation)):
            placed = next(p for p in layout.placements if p.id == ride)
            carried = _carried(by_id[rider], by_id[ride], max(timeline.end_frame, 2),
                               (placed.x, placed.y, placed.z, placed.yaw))
            out = [carried if x.id == rider else x for x in out]
            by_id[rider] = carried
    for obj, holder, first, last in timeline.holds:
        taken = {o for o, _, _ in timeline.held}
        if obj not in by_id or holder not in by_id or obj in taken:
            continue
        if by_id[holder].skeleton is None or HAND not in \
                {j.name for j in by_id[holder].skeleton.joints}:
            timeline.problems.append(f"{holder}: hold not performed (no hand to hold "
                                     f"{obj} in)")
            continue
        keyed = _in_hand(by_id[obj], by_id[holder], first, last,
                         max(timeline.end_frame, last, 2))
        out = [keyed if x.id == obj else x for x in out]
        by_id[obj] = keyed
        timeline.held.append((obj, holder, HAND))
    animated = {group.get(e.id, e.id) for e in entities if timeline.scripts.get(e.id)} - still
    timeline.in_place = [a for a in timeline.in_place if a.split(":")[0] not in animated]
    return out


def _put_target(script: list[dict], obj: str) -> str | None:
    """The id of what the put_down after the pick_up of ``obj`` puts it on (None: none)."""
    taken = False
    for st in script:
        if st.get("verb") == "pick_up" and st.get("object") == obj:
            taken = True
        elif taken and st.get("verb") == "put_down":
            return st.get("object")
    return None


HAND = "right_wrist"
GRIP = 0.2  # m: the wrist comes this close to what it takes


def _holdings(script: list[dict], fps: float
              ) -> list[tuple[str, int, int, tuple[int, int, tuple | None] | None]]:
    """(object, first frame, last frame to look for the grip, release) of each pick_up in a
    character's script. ``release`` is (first frame, last frame, reach target or None) of the
    first later put_down: the frames in which its hand comes down to the target (x, y, and
    the height of the top it puts the object on)."""
    out = []
    for n, st in enumerate(script):
        if st.get("verb") not in ("pick_up",) or "object" not in st:
            continue
        start = 1 + round(float(st["start"]) * fps)
        end = start + round((float(st["duration"]) + 4.0) * fps)
        put = next((s for s in script[n + 1:] if s.get("verb") == "put_down"), None)
        release = None
        if put is not None:
            first = 1 + round(float(put["start"]) * fps)
            release = (first, first + round((float(put["duration"]) + 4.0) * fps),
                       tuple(map(float, put["reach"])) if "reach" in put else None)
        out.append((st["object"], start, end, release))
    return out


def _hold_object(obj: Entity, holder: Entity, start: int, end: int,
                 release: tuple[int, int, tuple | None] | None, last: int,
                 onto: tuple[np.ndarray, tuple] | None = None) -> Entity | None:
    """``obj`` keyed relative to ``holder``'s `HAND` (for an ``attached_to`` relation): where
    it stands until the frame the wrist comes nearest it within ``start``..``end`` (None when
    that is farther than `GRIP`), in the hand from then on. With ``release`` (first, last,
    target), it leaves the hand at the frame of that window the wrist comes nearest the
    target (the lowest, without one): it stays, upright as it was, where the hand put it —
    its bottom on the target's top, inside the outline of ``onto`` (the top's matrix at
    frame 1 and size) — keyed relative to the moving wrist so that it stays
    put in the world however the hand moves after."""
    from previz.skills.motion.rig import matrix_to_euler
    from previz.world import World

    body = World(entities=[holder])
    here = World(entities=[obj]).evaluate(1).entities[obj.id].matrix
    frames = list(range(1, last + 1))
    wrists = np.array([body.evaluate(f).entities[holder.id].joints[HAND] for f in frames])
    window = [f for f in frames if start <= f <= end]
    if not window:
        return None
    centre = here[:3, 3] + here[:3, 2] * 0.5 * float((obj.asset.size or (0, 0, 0))[2])
    gaps = [float(np.linalg.norm(wrists[f - 1][:3, 3] - centre)) for f in window]
    grab = window[int(np.argmin(gaps))]
    if min(gaps) > GRIP + 0.5 * float(np.linalg.norm(obj.asset.size or (0, 0, 0))):
        return None
    grip = np.linalg.inv(wrists[grab - 1]) @ here
    put_at, left = None, None
    down = [f for f in frames if release is not None and max(release[0], grab + 1) <= f
            <= release[1]]
    if release is not None and down:
        aim = release[2]
        put_at = min(down, key=lambda f: float(
            wrists[f - 1][2, 3] if aim is None else np.linalg.norm(wrists[f - 1][:3, 3] - aim)))
        left = here.copy()  # upright, as it stood
        left[:3, 3] = (wrists[put_at - 1] @ grip)[:3, 3]
        if aim is not None:
            left[2, 3] = aim[2]  # its bottom on the top it is put on
        if onto is not None:  # and inside the top's outline (its whole footprint)
            top_m, top_size = onto
            half = 0.5 * float(max((obj.asset.size or (0, 0, 0))[:2]))
            loc = np.linalg.inv(top_m) @ np.r_[left[:3, 3], 1.0]
            for i in (0, 1):
                lim = max(0.5 * float(top_size[i]) - half, 0.0)
                loc[i] = min(max(loc[i], -lim), lim)
            left[:2, 3] = (top_m @ loc)[:2]
    local = np.array([np.linalg.inv(wrists[f - 1]) @ here if f < grab else
                      grip if put_at is None or f < put_at else
                      np.linalg.inv(wrists[f - 1]) @ left for f in frames])
    euler = matrix_to_euler(local[:, :3, :3])

    def curve(values: np.ndarray) -> Curve:
        return Curve(keys=[Keyframe(frame=float(f), value=float(v), interpolation="linear")
                           for f, v in zip(frames, values, strict=True)])

    loc = tuple(curve(local[:, i, 3]) for i in range(3))
    rot = tuple(curve(euler[:, i]) for i in range(3))
    return obj.model_copy(update={"transform": obj.transform.model_copy(
        update={"location": loc, "rotation": rot})})


def wrist_track(holder: Entity, frames: Sequence[int], joint: str = HAND) -> np.ndarray:
    """(F, 4, 4): the world matrix of ``holder``'s ``joint`` at each of ``frames`` (all frames
    posed at once)."""
    from previz.world.evaluate import joint_tracks, transform_matrix

    skel = holder.skeleton
    assert skel is not None
    roots = np.array([transform_matrix(holder.transform, f) for f in frames])
    k = [j.name for j in skel.joints].index(joint)
    return joint_tracks(skel, roots, frames)[:, k]


#: Objects taller than this (m) are held by their lower end, upright (an umbrella, a sword, a
#: torch); shorter ones by their middle (a lantern, a cup, a bag).
HELD_BY_END = 0.6


def held_matrix(wrist: np.ndarray, size: Sequence[float], yaw: float) -> np.ndarray:
    """World matrix of an object held upright in a hand at ``wrist`` (4×4), turned to ``yaw``:
    a tall thing's bottom just below the fist, a short one's middle at it."""
    h = float(size[2])
    c, s = math.cos(yaw), math.sin(yaw)
    m = np.eye(4)
    m[:2, :2] = [[c, -s], [s, c]]
    m[:3, 3] = wrist[:3, 3]
    m[2, 3] -= 0.08 if h > HELD_BY_END else 0.5 * h
    return m


def _in_hand(obj: Entity, holder: Entity, first: int, last: int, end: int) -> Entity:
    """``obj`` keyed relative to ``holder``'s `HAND` (for an ``attached_to`` relation): where
    it stands before ``first``, upright in the hand from ``first`` to ``last`` (turned with the
    body), and left standing where the hand let it go after ``last``."""
    from previz.skills.motion.clip import _curve
    from previz.skills.motion.rig import matrix_to_euler
    from previz.world.evaluate import transform_matrix

    frames = list(range(1, end + 1))
    wrists = wrist_track(holder, frames)
    here = transform_matrix(obj.transform, 1)
    size = obj.asset.size or (0.0, 0.0, 0.0)
    yaws = [float(sample_yaw(holder, f)) for f in frames]
    held = {f: held_matrix(wrists[f - 1], size, yaws[f - 1]) for f in frames
            if first <= f <= last}
    left = held.get(min(last, end), here)
    world = [here if f < first else held.get(f, left) for f in frames]
    local = affine_inverse(wrists) @ np.array(world)
    euler = matrix_to_euler(local[:, :3, :3])
    fr = np.asarray(frames, float)
    # Keys thinned to 1 mm / 1 mrad of linear interpolation (`clip.bake`'s rule).
    loc = tuple(_curve(local[:, i, 3], fr, "linear", 1e-3) for i in range(3))
    rot = tuple(_curve(euler[:, i], fr, "linear", 1e-3) for i in range(3))
    return obj.model_copy(update={"transform": obj.transform.model_copy(
        update={"location": loc, "rotation": rot})})


def affine_inverse(m: np.ndarray) -> np.ndarray:
    """Inverses of (..., 4, 4) affine matrices: the 3×3 part by its adjugate (no LAPACK call,
    which is slow per batch on a busy machine), the translation carried through."""
    a = m[..., :3, :3]
    adj = np.stack([np.cross(a[..., 1, :], a[..., 2, :]), np.cross(a[..., 2, :], a[..., 0, :]),
                    np.cross(a[..., 0, :], a[..., 1, :])], axis=-1)
    det = np.einsum("...i,...i->...", a[..., 0, :], adj[..., :, 0])
    r = adj / det[..., None, None]
    out = np.zeros_like(m)
    out[..., :3, :3] = r
    out[..., :3, 3] = -np.einsum("...ij,...j->...i", r, m[..., :3, 3])
    out[..., 3, 3] = 1.0
    return out


def _carried(rider: Entity, ride: Entity, end: int,
             placed: tuple[float, float, float, float]) -> Entity:
    """``rider`` carried along by ``ride`` (a vehicle): its root at each frame moved from where
    the vehicle was placed (x, y, z, yaw: where the rider got on) to where the vehicle is
    (V(f) · P⁻¹ · R(f)), its joints as they were — astride the motorbike as it pulls away,
    on the bicycle wherever its route starts."""
    from previz.skills.motion.clip import _curve
    from previz.skills.motion.rig import matrix_to_euler
    from previz.world.evaluate import transform_matrix
    from previz.world.transforms import compose

    frames = list(range(1, end + 1))
    v = np.array([transform_matrix(ride.transform, f) for f in frames])
    r = np.array([transform_matrix(rider.transform, f) for f in frames])
    x, y, z, yaw = placed
    scale = np.linalg.norm(v[0][:3, :3], axis=0)  # the vehicle's own scale stays its own
    p = compose((x, y, z), (0.0, 0.0, yaw), tuple(map(float, scale)))
    m = v @ affine_inverse(p)[None] @ r
    euler = matrix_to_euler(m[:, :3, :3] / np.linalg.norm(m[:, :3, :3], axis=1)[:, None, :])
    fr = np.asarray(frames, float)
    loc = tuple(_curve(m[:, i, 3], fr, "linear", 1e-3) for i in range(3))
    rot = tuple(_curve(euler[:, i], fr, "linear", 1e-3) for i in range(3))
    return rider.model_copy(update={"transform": rider.transform.model_copy(
        update={"location": loc, "rotation": rot})})


def sample_yaw(entity: Entity, frame: float) -> float:
    """The entity's heading (rotation about +Z) at ``frame``."""
    from previz.world.tracks import sample

    return float(sample(entity.transform.rotation[2], frame))


__all__ = ["Animated", "CharacterPlan", "SkillsMotion", "Timeline", "Track", "animate_entities",
           "plan_motion"]
