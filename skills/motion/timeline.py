"""A sequence of steps ("walk to the door, then turn, then wave") as one timeline of clips.

Each step is generated where the previous one left the character (location and heading), so
root motion is continuous, and neighbouring clips are joined with a short crossfade of the
pose. Steps are plain dicts, the shape an agent's structured plan produces:

    {"do": "walk", "to": [x, y]}             # also run / jog / sprint / march; "path": [...]
    {"do": "turn", "angle": 1.57}            # or {"do": "turn", "face": [x, y]}
    {"do": "wave", "hand": "left"}           # any keyed action, with duration / intensity
    {"do": "point", "target": [x, y, z]}     # point, look_at
    {"do": "idle", "duration": 2}            # idle, jump (height, forward), kick
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from previz.world import Entity, InputError, Skeleton, World

from ..trajectory.grid import Grid
from ..trajectory.path import yaw_of_direction
from ..trajectory.planner import plan_path
from . import actions
from .clip import Motion, concatenate, crossfade
from .locomotion import HUMAN_STYLES, locomotion

MOVES = set(HUMAN_STYLES) - {"idle"}


def sequence(skeleton: Skeleton, steps: Sequence[dict[str, Any]], fps: float = 24.0,
             start: Sequence[float] = (0.0, 0.0, 0.0), yaw: float = 0.0, blend: int = 6,
             grid: Grid | None = None) -> Motion:
    """One motion doing ``steps`` in order from ``start`` facing ``yaw``. With a ``grid``,
    "to" goals are reached by a planned path around obstacles instead of a straight line."""
    if not steps:
        raise InputError("a sequence needs at least one step")
    clips: list[Motion] = []
    loc = np.asarray(start, float)
    heading = float(yaw)
    for n, step in enumerate(steps):
        what = step.get("do")
        try:
            clip = _step(skeleton, step, fps, loc, heading, grid)
        except InputError as e:
            raise InputError(f"steps[{n}] ({what}): {e}") from None
        loc = clip.entity_location[-1].copy()
        heading = float(clip.entity_rotation[-1, 2])
        clips.append(clip)
    out = clips[0]
    for clip in clips[1:]:
        out = crossfade(out, clip, blend) if blend > 0 else concatenate([out, clip])
    out.name = " > ".join(str(s.get("do")) for s in steps)
    return out


def _step(skeleton: Skeleton, step: dict[str, Any], fps: float, loc: np.ndarray,
          heading: float, grid: Grid | None) -> Motion:
    what = step.get("do")
    if what in MOVES:
        if "path" in step:
            pts = np.r_[[loc[:2]], np.asarray(step["path"], float)[:, :2]]
        elif "to" in step:
            goal = np.asarray(step["to"], float)[:2]
            pts = plan_path(grid, loc[:2], goal) if grid is not None else np.array([loc[:2], goal])
        else:
            raise InputError("a move needs 'to' or 'path'")
        return locomotion(skeleton, pts, style=what, speed=step.get("speed"), fps=fps)
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
        return actions.idle(skeleton, step.get("duration", 2.0), fps, loc, heading)
    if what == "jump":
        return actions.jump(skeleton, step.get("height", 0.4), step.get("forward", 0.0), fps,
                            loc, heading)
    if what == "kick":
        return actions.kick(skeleton, step.get("hand", "right"), step.get("height", 0.9), fps,
                            loc, heading)
    if what in actions.ACTIONS:
        return actions.action(skeleton, what, step.get("duration"), step.get("hand"),
                              step.get("intensity", 1.0), fps, loc, heading)
    known = sorted({*MOVES, "turn", "point", "look_at", "idle", "jump", "kick",
                    *actions.ACTIONS})
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
