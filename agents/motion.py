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
from dataclasses import dataclass, field

import numpy as np

from previz.world import Curve, Entity, Keyframe

from .geometry import facing_yaw, front
from .layout import Layout, Placement
from .plan import CharacterPlan, ScenePlan
from .vocabulary import ACTIONS

CELL = 0.25


@dataclass
class Track:
    """Keys of one instance: (frame, x, y, yaw)."""

    keys: list[tuple[float, float, float, float]] = field(default_factory=list)

    def transform_channels(self, z: float) -> tuple[tuple, tuple]:
        if len(self.keys) < 2:
            _f, x, y, yaw = self.keys[0]
            return (x, y, z), (0.0, 0.0, yaw)
        frames = [k[0] for k in self.keys]

        def curve(i: int) -> Curve:
            return Curve(keys=[Keyframe(frame=f, value=k[i], interpolation="linear")
                               for f, k in zip(frames, self.keys, strict=True)])
        return (curve(1), curve(2), z), (0.0, 0.0, curve(3))


@dataclass
class Timeline:
    tracks: dict[str, Track]
    end_frame: int
    in_place: list[str]  # "id: verb" actions played in the rest pose
    problems: list[str]
    scripts: dict[str, list[dict]] = field(default_factory=dict)
    """Per instance: motion steps for the provider (`previz.skills.motion.timeline` steps, each
    with its ``start`` in seconds; non-moves carry the plan's ``verb`` and ``goal``)."""


def plan_motion(plan: ScenePlan, layout: Layout) -> Timeline:
    fps = plan.fps
    by_group: dict[str, list[Placement]] = {}
    for p in layout.placements:
        by_group.setdefault(p.group, []).append(p)
    grid = _Grid(layout)
    tracks: dict[str, Track] = {}
    scripts: dict[str, list[dict]] = {}
    in_place: list[str] = []
    problems: list[str] = []
    end = 1
    for ch in plan.characters:
        members = by_group.get(ch.id, [])
        if not members:
            continue
        cx = float(np.mean([m.x for m in members]))
        cy = float(np.mean([m.y for m in members]))
        yaw = members[0].yaw
        t = 0.0
        keys: list[tuple[float, float, float, float]] = [(1.0, cx, cy, yaw)]  # group centre
        script: list[dict] = []  # steps of the group centre
        for act in ch.actions:
            spec = ACTIONS.get(act.verb, {"moves": False, "duration": 2.0})
            t = max(t, act.start)
            f0 = 1.0 + round(t * fps)
            if spec["moves"]:
                radius = min(members[0].size[:2]) / 2 + 0.05
                goal = _goal(act, by_group, (cx, cy), layout, members, grid, radius)
                if goal is None:
                    problems.append(f"{ch.id}: {act.verb} has no goal")
                    continue
                if len(members) > 1:
                    path = [(cx, cy), _group_stop((cx, cy), goal, members, layout)]
                else:
                    path = grid.path((cx, cy), goal, radius, ignore={m.id for m in members})
                if path is None:
                    problems.append(f"{ch.id}: no free path to {act.goal or 'the goal'}")
                    path = [(cx, cy), goal]
                length = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
                duration = act.duration if _explicit(act) else max(length / spec["speed"], 0.5)
                if length > 1e-3 or act.verb == "land":  # a bird lands where it flew to
                    script.append({"do": act.verb, "start": (f0 - 1.0) / fps,
                                   "path": [tuple(map(float, q)) for q in path[1:] or path],
                                   "duration": duration, **_style(act)})
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
                t += duration
            elif act.verb == "turn":
                script.append({"do": "turn", "start": (f0 - 1.0) / fps, "angle": math.pi,
                               "duration": act.duration})
                _key(keys, f0, cx, cy, yaw)
                yaw = yaw + math.pi
                t += act.duration
                _key(keys, 1.0 + round(t * fps), cx, cy, yaw)
            else:
                dur = act.duration if _explicit(act) else spec.get("duration", act.duration)
                script.append({"verb": act.verb, "start": (f0 - 1.0) / fps, "duration": dur,
                               "goal": act.goal, **_style(act)})
                t += dur
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
    return Timeline(tracks, end, in_place, problems, scripts)


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


def _style(act) -> dict:  # type: ignore[no-untyped-def]
    """The action's style of moving ("sneak", "tired"…) when the plan carries one (a plan
    model without the field plays every action in the neutral style)."""
    style = getattr(act, "style", None)
    return {"style": style} if style else {}


def _explicit(act) -> bool:  # type: ignore[no-untyped-def]
    return "duration" in act.model_fields_set


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


class _Grid:
    """Occupancy of the static layout, for path search."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
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
    "nod": [{"do": "bow", "intensity": 0.3}],
    "jump": [{"do": "jump"}],
    "sit": [{"do": "sit_down"}],
    "pick_up": [{"do": "bow", "intensity": 1.3}],
    "fight": [{"do": "jab"}, {"do": "cross"}, {"do": "hook"}],
}
# Four-legged animals: moves by gait (a run is a gallop), sitting, and standing for the rest.
ANIMAL_MOVES = {"walk": "walk", "run": "gallop"}
ANIMAL_GESTURES: dict[str, list[dict]] = {"stand": [{"do": "idle"}], "sit": [{"do": "sit"}]}
FIXED_LENGTH = {"jump", "jab", "cross", "hook"}  # generators with their own duration
WING_AND_FIN_MOVES = {"fly", "land", "swim"}
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
        if abs(loc[2]) > 1e-6:  # on a stage or a support: the gaits walk on z = 0 here
            return None
        steps, notes = self.steps(entity.id, script, fps, loc, yaw, targets,
                                  animal=skel.template == "quadruped")
        motion = sequence(skel, steps, fps, loc, yaw, self.blend)
        baked = bake(motion, entity, 1, tolerance=self.tolerance)
        return Animated(baked, motion.frames, notes)

    def steps(self, entity_id: str, script: list[dict], fps: float, loc: np.ndarray,
              yaw: float, targets: dict[str, tuple[float, float, float]],
              animal: bool = False) -> tuple[list[dict], list[str]]:
        """The skills steps for a script, and notes on what was approximated. ``animal``:
        the script is played by a four-legged skeleton."""
        steps: list[dict] = []
        notes: list[str] = []
        gestures = ANIMAL_GESTURES if animal else GESTURES
        for st in script:
            if "do" in st:  # a move or a turn: already a skills step
                step = dict(st)
                if animal:
                    step["do"] = ANIMAL_MOVES.get(step["do"], step["do"])
                    step.pop("style", None)  # styles are for humanoid gaits
                if step["do"] in WING_AND_FIN_MOVES:  # a walker told to fly or swim walks
                    notes.append(f"{entity_id}: {step['do']} played as walk")
                    step["do"] = "walk"
                steps.append(step)
                continue
            verb, duration = st["verb"], float(st["duration"])
            loop = gestures.get(verb, [{"do": "idle"}])
            if verb not in gestures:
                notes.append(f"{entity_id}: {verb} played as idle")
            if verb == "fight":  # punches back to back for the action's length
                loop = loop * max(1, round(duration / 0.65 / len(loop)))
            for n, gesture in enumerate(loop):
                step = dict(gesture)
                if n == 0:
                    step["start"] = st["start"]
                if st.get("style"):
                    step["style"] = st["style"]
                if step["do"] not in FIXED_LENGTH:
                    step["duration"] = duration / len(loop)
                if step["do"] in ("point", "look_at"):
                    step["target"] = self._target(st.get("goal"), targets, steps, loc, yaw,
                                                  1.3 if step["do"] == "point" else 1.6)
                steps.append(step)
        return steps, notes

    @staticmethod
    def _target(goal: str | None, targets: dict[str, tuple[float, float, float]],
                steps: list[dict], loc: np.ndarray, yaw: float, height: float
                ) -> tuple[float, float, float]:
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
        return (float(where[0] + 3 * math.sin(yaw)), float(where[1] - 3 * math.cos(yaw)), height)


def flight_or_swim(skeleton, entity_id: str, script: list[dict], fps: float,  # type: ignore[no-untyped-def]
                   loc: np.ndarray, yaw: float, blend: int = 6) -> tuple[object, list[str]]:
    """(motion, notes) of a bird or a fish playing ``script`` with `skills.motion.animals`.

    A bird's move flaps along the planned path at `FLIGHT_ALTITUDE` (climbing there over
    `TAKE_OFF` s from where it stands); a move longer than 4 s glides its middle third; a
    ``land`` glides down to the end of its path (when it follows a flight that ends there,
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
                clip = animals.land(skeleton, tuple(pos), tuple(pts[-1]), fps,
                                    speed=min(max(speed, 2.0), 6.0),
                                    terrain=lambda x, y: np.full(np.shape(x), ground))
            elif bird:
                if path.length < 1e-3:
                    continue
                glide = float(st["duration"]) > 4.0
                clip = animals.flap(skeleton, path, ground + FLIGHT_ALTITUDE, speed, fps=fps)
                if glide:  # the middle third on spread wings
                    g = animals.flap(skeleton, path, ground + FLIGHT_ALTITUDE, speed, fps=fps,
                                     glide=True)
                    n = clip.frames
                    w = np.clip(np.minimum(np.arange(n) - n / 3, 2 * n / 3 - np.arange(n))
                                / (0.15 * n), 0.0, 1.0)
                    clip = _mix(clip, g, w)
                climb = pos[2] - (ground + FLIGHT_ALTITUDE)
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
    from previz.world import InputError

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
    animated = {group.get(e.id, e.id) for e in entities if timeline.scripts.get(e.id)} - still
    timeline.in_place = [a for a in timeline.in_place if a.split(":")[0] not in animated]
    return out


__all__ = ["Animated", "CharacterPlan", "SkillsMotion", "Timeline", "Track", "animate_entities",
           "plan_motion"]
