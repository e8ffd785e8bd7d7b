"""A sequence of steps ("walk to the door, then turn, then wave") as one timeline of clips.

Each step is generated where the previous one left the character (location and heading), so
root motion is continuous, and neighbouring clips are joined with a short crossfade of the
pose. Steps are plain dicts, the shape an agent's structured plan produces:

    {"do": "walk", "to": [x, y]}             # also run / jog / sprint / march; "path": [...]
    {"do": "walk", "to": [x, y], "style": "sneak", "duration": 4}  # arrive in 4 s
    {"do": "turn", "angle": 1.57}            # or {"do": "turn", "face": [x, y]}
    {"do": "wave", "hand": "left"}           # any keyed action, with duration / intensity
    {"do": "wave", "style": "tired"}         # styles: see `styles.STYLES`
    {"do": "point", "target": [x, y, z]}     # point, look_at
    {"do": "idle", "duration": 2}            # idle, jump (height, forward), kick

Any step may say when it starts, ``"start": seconds`` from the start of the sequence: if the
character gets there early it idles until then (a planned timeline keeps its beats); a step
that cannot start that early starts as soon as the previous one ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from previz.world import Entity, InputError, Skeleton, World

from ..trajectory.grid import Grid
from ..trajectory.path import yaw_of_direction
from ..trajectory.planner import plan_path
from . import actions, repertoire
from .clip import Motion, concatenate, crossfade
from .locomotion import HUMAN_STYLES, QUADRUPED_STYLES, locomotion
from .rig import Rig
from .styles import style as get_style
from .terrain import flat

MOVES = (set(HUMAN_STYLES) | set(QUADRUPED_STYLES)) - {"idle"}


def sequence(skeleton: Skeleton, steps: Sequence[dict[str, Any]], fps: float = 24.0,
             start: Sequence[float] = (0.0, 0.0, 0.0), yaw: float = 0.0, blend: int = 6,
             grid: Grid | None = None, turn_first: float = np.radians(25)) -> Motion:
    """One motion doing ``steps`` in order from ``start`` facing ``yaw``. With a ``grid``,
    "to" goals are reached by a planned path around obstacles instead of a straight line.

    A move that sets off more than ``turn_first`` radians away from where the character faces
    starts with a turn on the spot towards the path: a gait starts facing its path, and a short
    crossfade cannot swing the body round with the feet planted."""
    if not steps:
        raise InputError("a sequence needs at least one step")
    clips: list[Motion] = []
    loc = np.asarray(start, float)
    heading = float(yaw)
    frames = 0  # length of the timeline so far (clips overlap by ``blend``)
    for n, step in enumerate(steps):
        what = step.get("do")
        try:
            wait = _wait_frames(step, frames, fps, blend if clips else 0)
            if wait > 0:  # early: stand until the step's start
                idle = _idle(skeleton, (wait + max(blend, 0)) / fps, fps, loc, heading)
                frames += idle.frames - (blend if clips else 0)
                clips.append(idle)
            if what in MOVES:
                pts = _move_points(step, loc, grid)
                step = {k: v for k, v in step.items() if k != "to"} | {"path": pts[1:]}
                angle = _set_off_angle(pts, heading)
                if abs(angle) > turn_first:
                    turn = actions.turn(skeleton, angle, None, fps, loc, heading)
                    frames += turn.frames - (blend if clips else 0)
                    heading = float(turn.entity_rotation[-1, 2])
                    clips.append(turn)
                    if "duration" in step:  # turning is part of the move's time
                        spent = (turn.frames - blend) / fps
                        step["duration"] = max(float(step["duration"]) - spent,
                                               0.8 * float(step["duration"]))
            clip = _step(skeleton, step, fps, loc, heading, grid)
        except InputError as e:
            raise InputError(f"steps[{n}] ({what}): {e}") from None
        frames += clip.frames - (blend if clips else 0)
        loc = clip.entity_location[-1].copy()
        heading = float(clip.entity_rotation[-1, 2])
        clips.append(clip)
    rig = Rig.from_skeleton(skeleton)
    out = clips[0]
    for clip in clips[1:]:
        out = crossfade(out, clip, blend, rig) if blend > 0 else concatenate([out, clip])
    out.name = " > ".join(str(s.get("do")) for s in steps)
    return out


def arrival_speed(length: float, duration: float) -> float:
    """Cruise speed (m/s) that covers ``length`` m in ``duration`` s including the speed-up
    and slow-down of `locomotion` (acceleration max(1.5, v) m/s²): a move given a duration
    arrives on time instead of late by its ramps (turn slow-downs not counted)."""
    if not (duration > 0 and np.isfinite(duration)):
        raise InputError(f"duration must be a positive number of seconds, got {duration!r}")
    if length <= 0:
        return 0.0
    # Trapezoid: t = L / v + v / a. With a = 1.5: v² / 1.5 − t v + L = 0; with a = v: v = L/(t−1).
    a = 1.5
    disc = duration * duration - 4 * length / a
    if disc >= 0:
        v = (duration - np.sqrt(disc)) * a / 2
        if v <= a:
            return float(v)
    if duration > 1.0:
        return float(length / (duration - 1.0))
    return float(2 * length / duration)  # too short for the ramps: as fast as it takes


def _wait_frames(step: dict[str, Any], frames: int, fps: float, overlap: int) -> int:
    """Frames to idle before ``step`` so it starts at its ``start`` (seconds), if given."""
    if "start" not in step:
        return 0
    try:
        start = float(step["start"])
    except (TypeError, ValueError):
        raise InputError(f"start must be a number of seconds, got {step['start']!r}") from None
    if not np.isfinite(start) or start < 0:
        raise InputError(f"start must be a non-negative number of seconds, got {start:g}")
    # The next clip's first frame lands at ``frames - overlap``; idle clips shorter than a few
    # frames are not worth a blend.
    wait = round(start * fps) - (frames - overlap)
    return wait if wait >= 4 else 0


def _move_points(step: dict[str, Any], loc: np.ndarray, grid: Grid | None) -> np.ndarray:
    """(N, 2) points of a move from ``loc``: its "path", or a path (planned on ``grid`` if
    given) to its "to"."""
    if "path" in step:
        pts = np.asarray(step["path"], float)
        if pts.ndim != 2 or pts.shape[1] < 2 or len(pts) == 0:
            raise InputError("a path is a list of [x, y] points")
        return np.r_[[loc[:2]], pts[:, :2]]
    if "to" in step:
        goal = np.asarray(step["to"], float)[:2]
        return plan_path(grid, loc[:2], goal) if grid is not None else np.array([loc[:2], goal])
    raise InputError("a move needs 'to' or 'path'")


def _set_off_angle(pts: np.ndarray, heading: float) -> float:
    """Turn (radians, wrapped to ±π) from ``heading`` to the path's first direction."""
    d = np.diff(pts, axis=0)
    far = np.flatnonzero(np.linalg.norm(d, axis=1) > 1e-6)
    if not len(far):
        return 0.0
    target = float(yaw_of_direction(d[far[0]]))
    return float((target - heading + np.pi) % (2 * np.pi) - np.pi)


def _template(skeleton: Skeleton) -> str:
    return skeleton.template or ""


def _idle(skeleton: Skeleton, duration: float, fps: float, loc: np.ndarray,
          heading: float) -> Motion:
    """Standing still for ``duration`` s: the humanoid idle (breathing, weight shift); other
    legged templates stand on their planted feet (a turn by zero)."""
    if _template(skeleton) == "humanoid":
        return actions.idle(skeleton, duration, fps, loc, heading)
    return actions.turn(skeleton, 0.0, duration, fps, loc, heading)


def _moving_frames(clip: Motion) -> int:
    """Frames until the root stops moving (the settling of the feet after it excluded)."""
    d = np.linalg.norm(np.diff(clip.entity_location[:, :2], axis=0), axis=1)
    moving = np.nonzero(d > 1e-4)[0]
    return int(moving[-1]) + 1 if len(moving) else 0


def _step(skeleton: Skeleton, step: dict[str, Any], fps: float, loc: np.ndarray,
          heading: float, grid: Grid | None) -> Motion:
    what = step.get("do")
    if "style" in step:
        get_style(step["style"])  # an unknown style is an error whatever the step
    if what in MOVES:
        pts = _move_points(step, loc, grid)
        speed = step.get("speed")
        if speed is None and "duration" in step:
            speed = arrival_speed(float(np.linalg.norm(np.diff(pts, axis=0), axis=1).sum()),
                                  float(step["duration"]))
        # On a raised surface (a table a cat jumped onto) the gait walks on its top.
        ground = flat(float(loc[2])) if abs(float(loc[2])) > 1e-6 else None
        clip = locomotion(skeleton, pts, style=what, speed=speed, fps=fps,
                          manner=step.get("style"), terrain=ground)
        if "duration" in step and step.get("speed") is None:
            # Corners slow a gait down (`curvature_speed_profile`): a move given a duration
            # cruises faster until it arrives in that time (within 3 %, three tries).
            want = float(step["duration"]) * fps
            # No faster than half as fast again, and no human beyond a sprinter's 10 m/s.
            most = None if speed is None else 1.5 * speed
            if most is not None and skeleton.template == "humanoid":
                most = min(most, max(speed, 10.0 * Rig.from_skeleton(skeleton).scale))
            for _ in range(3):
                took = _moving_frames(clip)
                if took <= 1.03 * want or speed is None or most is None or speed >= most:
                    break
                speed = min(speed * took / want, most)
                clip = locomotion(skeleton, pts, style=what, speed=speed, fps=fps,
                                  manner=step.get("style"), terrain=ground)
        return clip
    if what == "turn":
        if "face" in step:
            d = np.asarray(step["face"], float)[:2] - loc[:2]
            target = float(yaw_of_direction(d))
            angle = (target - heading + np.pi) % (2 * np.pi) - np.pi
        else:
            angle = float(step.get("angle", 0.0))
        return actions.turn(skeleton, angle, step.get("duration"), fps, loc, heading)
    if what in ("point", "look_at"):
        if "target" not in step:
            raise InputError(f"{what} needs a 'target' [x, y, z]")
        fn = actions.point if what == "point" else actions.look_at
        kw = {"hand": step["hand"]} if what == "point" and "hand" in step else {}
        return fn(skeleton, step["target"], step.get("duration", 2.0), fps=fps, location=loc,
                  yaw=heading, **kw)
    if what == "idle":
        return _idle(skeleton, step.get("duration", 2.0), fps, loc, heading)
    if what == "sit" and _template(skeleton) == "quadruped":
        return actions.quadruped_sit(skeleton, step.get("duration", 1.5), fps, loc, heading)
    if what == "sit_on":  # {"seat_height": m above the feet, "back": m behind}
        return repertoire.sit_on(skeleton, float(step["seat_height"]), float(step.get("back", 0.4)),
                                 step.get("duration", 1.5), fps, loc, heading)
    if what == "stand_up" and "seat_height" in step:
        return repertoire.sit_on(skeleton, float(step["seat_height"]), float(step.get("back", 0.4)),
                                 step.get("duration", 1.5), fps, loc, heading, rise=True)
    if what == "lie_on":
        return repertoire.lie_on(skeleton, float(step["seat_height"]), step.get("duration", 2.0),
                                 fps, loc, heading, edge=step.get("edge"))
    if what == "step_up":  # {"to": [x, y], "top": m up, "box": (cx, cy, width, depth, yaw)}
        return repertoire.step_up(skeleton, step["to"], step["box"], float(step["top"]), fps,
                                  loc, heading)
    if what == "leap":  # {"to": [x, y], "top": m above the take-off ground}
        return repertoire.leap(skeleton, step["to"], float(step.get("top", 0.0)),
                               step.get("apex"), fps, loc, heading)
    if what == "reach":  # {"target": [x, y, z]}
        return repertoire.reach(skeleton, step["target"], step.get("duration", 1.5),
                                step.get("hand", "right"), fps, loc, heading,
                                name=step.get("name", "pick_up"))
    if what == "shoot":
        return actions.shoot(skeleton, bool(step.get("dunk", False)), fps, loc, heading,
                             rim=float(step.get("rim", actions.RIM)), forward=step.get("forward"))
    if what in repertoire.QUADRUPED and _template(skeleton) == "quadruped":
        return repertoire.quadruped_action(skeleton, what, step.get("duration"), fps, loc,
                                           heading)
    if what == "jump":
        return actions.jump(skeleton, step.get("height", 0.4), step.get("forward", 0.0), fps,
                            loc, heading)
    if what == "kick":
        return actions.kick(skeleton, step.get("hand", "right"), step.get("height", 0.9), fps,
                            loc, heading)
    if what in actions.ACTIONS:
        return actions.action(skeleton, what, step.get("duration"), step.get("hand"),
                              step.get("intensity", 1.0), fps, loc, heading,
                              style=step.get("style"), pelvis_base=step.get("pelvis_base"))
    known = sorted({*MOVES, "turn", "point", "look_at", "idle", "jump", "kick", "sit",
                    "sit_on", "lie_on", "leap", "step_up", "reach", "shoot", *actions.ACTIONS})
    raise InputError(f"unknown step {what!r}; choose one of: {', '.join(known)}")


def animate(world: World, entity_id: str, steps: Sequence[dict[str, Any]],
            frame_start: int = 1, resolution: float = 0.1, margin: float = 2.0,
            blend: int = 6) -> World:
    """A copy of ``world`` in which ``entity_id`` performs ``steps`` from ``frame_start``.

    The character starts where the World has it at ``frame_start`` (location and heading);
    moves are planned around every other entity's box (a grid over the scene's extent plus
    ``margin``, obstacles inflated by the character's body radius); the result is baked one
    key per frame onto the entity and the new World is validated."""
    from ..skeletons import TEMPLATES
    from ..trajectory.grid import footprints, world_grid
    from .clip import bake

    entity = world.entity(entity_id)
    if entity.skeleton is None:
        raise InputError(f"entity {entity_id!r} has no skeleton to animate")
    state = world.evaluate(frame_start).entities[entity_id].matrix
    start = state[:3, 3]
    heading = float(np.arctan2(state[1, 0], state[0, 0]))
    tpl = TEMPLATES.get(entity.skeleton.template or "")
    radius = tpl.radius if tpl is not None else 0.3
    goals = [np.asarray(s["to"], float)[:2] for s in steps if "to" in s]
    goals += [np.asarray(p, float)[:2] for s in steps for p in s.get("path", [])]
    polys = footprints(world, frame_start, exclude=[entity_id], keep_clear=[start, *goals])
    pts = np.concatenate([*polys, start[None, :2], np.array(goals).reshape(-1, 2)], axis=0)
    lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
    grid = world_grid(world, frame_start, (lo[0], lo[1], hi[0], hi[1]), radius, resolution,
                      exclude=[entity_id], keep_clear=[start, *goals])
    motion = sequence(_skeleton(entity), steps, world.fps, start, heading, blend, grid)
    baked = bake(motion, entity, frame_start)
    data = world.model_copy(update={"entities": [baked if e.id == entity_id else e
                                                 for e in world.entities]})
    return World.model_validate(data.model_dump())


def _skeleton(entity: Entity) -> Skeleton:
    assert entity.skeleton is not None
    return entity.skeleton
