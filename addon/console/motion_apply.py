"""The Motion panel's work: motions from the skills, curves as trajectories, keys on armatures.

Everything that decides *what* the character does is pure (a `Motion` from `previz.skills`
computed from the World that `bridge.read` gives); only `write_entity` and the curve helpers
touch Blender, and they run after every check has passed, so a failure changes nothing.
Keys go onto the armature the way the bridge builds them (`bridge.objects.write_transform` and
`bridge.entity.write_joints`), so reading the scene back gives the baked World entity.
"""

from __future__ import annotations

import inspect
from itertools import pairwise
from typing import Any

import bpy
import numpy as np

from previz.skills.motion import actions, bake, sequence
from previz.skills.motion.clip import Motion
from previz.skills.motion.locomotion import HUMAN_STYLES, QUADRUPED_STYLES, locomotion
from previz.skills.skeletons import TEMPLATES
from previz.world import Entity, World
from previz.world.errors import InputError

from ..bridge.entity import write_joints
from ..bridge.objects import clear_animation, write_transform

try:  # styles of moving (neutral, sneak, tired…), when the motion skills have them
    from previz.skills.motion.styles import STYLES
except ImportError:  # pragma: no cover - older skills
    STYLES = {}
GAIT_MANNER = "manner" in inspect.signature(locomotion).parameters
"""`locomotion` takes the style of moving as ``manner`` (its ``style`` names the gait)."""

MOVES = tuple(dict.fromkeys(s for s in (*HUMAN_STYLES, *QUADRUPED_STYLES) if s != "idle"))
"""Locomotion styles (humanoid and quadruped gaits): Apply walks forward, Follow uses a curve."""
TARGETED = ("point", "look_at", "turn")
"""Generators aimed at the 3D cursor."""
ACTION_NAMES = (*MOVES, "idle", *sorted(actions.ACTIONS), "jump", "kick", "shoot", *TARGETED,
                "quadruped_sit")
LOOSE_KEY_STEP = 4
"""Foot lock off: one key every this many frames (Bézier), a plain clip easy to hand-edit."""
CURVE_RESOLUTION = 24


def character(obj: bpy.types.Object | None) -> str:
    """The entity id of ``obj`` if it is a Previz character with a skeleton (an armature)."""
    if obj is None:
        raise InputError("select a character first (an armature with a Previz skeleton)")
    if obj.previz.role != "ENTITY" or obj.type != "ARMATURE" or not obj.previz.has_skeleton:
        raise InputError(f"{obj.name!r} is not a Previz character with a skeleton; select one "
                         "(an armature built by Previz)")
    return obj.previz.id


def start_pose(world: World, entity_id: str, frame: int) -> tuple[np.ndarray, float]:
    """Where the character stands at ``frame`` (location) and which way it faces (yaw)."""
    m = world.evaluate(frame).entities[entity_id].matrix
    return m[:3, 3].copy(), float(np.arctan2(m[1, 0], m[0, 0]))


def _skeleton(world: World, entity_id: str):  # type: ignore[no-untyped-def]
    entity = world.entity(entity_id)
    if entity.skeleton is None:
        raise InputError(f"entity {entity_id!r} has no skeleton to animate")
    return entity.skeleton


def action_motion(world: World, entity_id: str, name: str, frame: int, *, speed: float,
                  duration: float, intensity: float, hand: str, target: np.ndarray,
                  style: str | None = None) -> Motion:
    """``name`` performed from where the character is at ``frame``. Moves walk straight ahead
    for ``duration`` seconds at ``speed`` (0: the gait's own speed); point / look at / turn aim
    at ``target`` (the 3D cursor)."""
    skel = _skeleton(world, entity_id)
    loc, yaw = start_pose(world, entity_id, frame)
    fps = float(world.fps)
    if name in MOVES:
        v = speed if speed > 0 else _style_speed(skel.template, name)
        ahead = np.array([np.sin(yaw), -np.cos(yaw)])  # the character's front is −Y
        goal = loc[:2] + ahead * v * duration
        return locomotion(skel, np.array([loc[:2], goal]), style=name,
                          speed=speed if speed > 0 else None, fps=fps, **_manner(style))
    if name == "quadruped_sit":
        return actions.quadruped_sit(skel, duration=duration, fps=fps, location=loc, yaw=yaw)
    step: dict[str, Any] = {"do": name, "duration": duration}
    if name in actions.ACTIONS:
        step["intensity"] = intensity
        if hand != "DEFAULT":
            step["hand"] = hand.lower()
        if style:
            step["style"] = style
    elif name in ("point", "look_at"):
        step["target"] = [float(v) for v in target]
        if name == "point" and hand != "DEFAULT":
            step["hand"] = hand.lower()
    elif name == "turn":
        step["face"] = [float(v) for v in target[:2]]
    elif name == "jump":
        step["height"] = 0.4 * intensity
    elif name == "kick":
        step["hand"] = "left" if hand == "LEFT" else "right"
    return sequence(skel, [step], fps=fps, start=loc, yaw=yaw, blend=0)


def _manner(style: str | None) -> dict[str, str]:
    return {"manner": style} if style and GAIT_MANNER else {}


def _style_speed(template: str | None, style: str) -> float:
    tpl = TEMPLATES.get(template or "")
    table = QUADRUPED_STYLES if tpl is not None and tpl.name == "quadruped" else HUMAN_STYLES
    if style not in table:
        raise InputError(f"a {tpl.name if tpl else 'custom'} skeleton has no gait {style!r}; "
                         f"choose one of: {', '.join(s for s in table if s != 'idle')}")
    return table[style]


def path_motion(world: World, entity_id: str, points: np.ndarray, style: str,
                speed: float, manner: str | None = None) -> Motion:
    """Locomotion along ``points`` (N×2, world metres): arc-length root motion, feet planted by
    the skills' leg IK, stopping at the end."""
    if style not in MOVES:
        raise InputError(f"to follow a path choose a gait ({', '.join(MOVES)}), not {style!r}")
    skel = _skeleton(world, entity_id)
    _style_speed(skel.template, style)
    return locomotion(skel, points, style=style, speed=speed if speed > 0 else None,
                      fps=float(world.fps), **_manner(manner))


def baked(world: World, entity_id: str, motion: Motion, frame: int, foot_lock: bool) -> Entity:
    """The entity keyed from ``motion`` starting at ``frame``: every frame with foot lock (the
    IK-planted feet reproduced exactly), else a lighter Bézier clip."""
    entity = world.entity(entity_id)
    if foot_lock:
        return bake(motion, entity, frame_start=frame)
    return bake(motion, entity, frame_start=frame, step=LOOSE_KEY_STEP,
                interpolation="bezier")


def write_entity(obj: bpy.types.Object, entity: Entity) -> None:
    """Replace the armature's animation with ``entity``'s transform and joint channels."""
    assert entity.skeleton is not None
    clear_animation(obj)
    write_transform(obj, entity)
    write_joints(obj, entity.skeleton)


# --------------------------------------------------------------------------- curves


def curve_points(obj: bpy.types.Object, depsgraph: bpy.types.Depsgraph) -> np.ndarray:
    """The first spline of a curve object sampled in world space, (N, 2) on the ground."""
    if obj is None or obj.type != "CURVE":
        raise InputError("choose a curve object as the trajectory (Draw Trajectory makes one)")
    if len(obj.data.splines) == 0:
        raise InputError(f"curve {obj.name!r} has no spline")
    spline = obj.data.splines[0]
    mw = np.array(obj.matrix_world)
    if spline.type == "BEZIER":
        pts = _bezier_samples(spline, CURVE_RESOLUTION)
    else:
        pts = np.array([tuple(p.co)[:3] for p in spline.points], float)
    if spline.use_cyclic_u and len(pts):
        pts = np.r_[pts, pts[:1]]
    world_pts = pts @ mw[:3, :3].T + mw[:3, 3]
    xy = world_pts[:, :2]
    keep = np.r_[True, np.linalg.norm(np.diff(xy, axis=0), axis=1) > 1e-6]
    xy = xy[keep]
    if len(xy) < 2:
        raise InputError(f"curve {obj.name!r} is a single point; give it some length")
    return xy


def _bezier_samples(spline: bpy.types.Spline, resolution: int) -> np.ndarray:
    """Points on each Bézier segment (cubic, from the control points and handles)."""
    bp = spline.bezier_points
    segs = list(pairwise(bp))
    if spline.use_cyclic_u and len(bp) > 1:
        segs.append((bp[-1], bp[0]))
    t = np.linspace(0.0, 1.0, resolution, endpoint=False)[:, None]
    out = []
    for a, b in segs:
        p0, p1 = np.array(a.co), np.array(a.handle_right)
        p2, p3 = np.array(b.handle_left), np.array(b.co)
        out.append((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2
                   + t**3 * p3)
    out.append(np.array(bp[-1].co if not spline.use_cyclic_u else bp[0].co)[None, :])
    return np.vstack(out)


def new_curve(scene: bpy.types.Scene, name: str, points: np.ndarray, bezier: bool
              ) -> bpy.types.Object:
    """A curve object through ``points`` (N×2 or N×3, world) on the ground: Bézier with automatic
    handles (to shape by hand) or a poly line (a planned path, exact)."""
    data = bpy.data.curves.new(name, type="CURVE")
    data.dimensions = "3D"
    pts = np.c_[points[:, :2], np.zeros(len(points))]
    if bezier:
        spline = data.splines.new("BEZIER")
        spline.bezier_points.add(len(pts) - 1)
        for bpt, p in zip(spline.bezier_points, pts, strict=True):
            bpt.co = p
            bpt.handle_left_type = bpt.handle_right_type = "AUTO"
    else:
        spline = data.splines.new("POLY")
        spline.points.add(len(pts) - 1)
        for spt, p in zip(spline.points, pts, strict=True):
            spt.co = (*p, 1.0)
    obj = bpy.data.objects.new(name, data)
    scene.collection.objects.link(obj)
    return obj


def replace_curve_points(obj: bpy.types.Object, points: np.ndarray) -> None:
    """Rewrite a curve object's first spline as a poly line through ``points`` (world)."""
    data = obj.data
    data.splines.clear()
    inv = np.linalg.inv(np.array(obj.matrix_world))
    pts = np.c_[points[:, :2], np.zeros(len(points)), np.ones(len(points))] @ inv.T
    spline = data.splines.new("POLY")
    spline.points.add(len(pts) - 1)
    for spt, p in zip(spline.points, pts, strict=True):
        spt.co = (*p[:3], 1.0)


def sketch(location: np.ndarray, yaw: float, length: float = 4.0) -> np.ndarray:
    """A gentle S of four points ``length`` metres ahead of a character: a start to edit."""
    ahead = np.array([np.sin(yaw), -np.cos(yaw)])
    side = np.array([-ahead[1], ahead[0]])
    u = np.array([0.0, 1 / 3, 2 / 3, 1.0]) * length
    bend = np.array([0.0, 0.4, -0.4, 0.0])
    return location[:2] + u[:, None] * ahead + bend[:, None] * side


def plan(world: World, entity_id: str, frame: int, goal: np.ndarray,
         margin: float = 2.0, resolution: float = 0.1) -> np.ndarray:
    """A path (N×2) from the character to ``goal`` around every other entity at ``frame``:
    an occupancy grid of the scene inflated by the character's body radius, A*, then smoothed
    (`previz.skills.trajectory`)."""
    from previz.skills.trajectory import NoPath, footprints, plan_path, rasterize

    entity = world.entity(entity_id)
    tpl = TEMPLATES.get(entity.skeleton.template or "") if entity.skeleton else None
    radius = tpl.radius if tpl is not None else 0.3
    start, _ = start_pose(world, entity_id, frame)
    goal = np.asarray(goal, float)[:2]
    # What the character carries (attached_to it) moves with it: not an obstacle.
    skip = [entity_id, *(r.subject for r in world.relations
                         if r.type == "attached_to" and r.target == entity_id)]
    polys = footprints(world, frame, exclude=skip, keep_clear=[start])
    polys += _bodies(world, frame, skip)
    pts = np.concatenate([*polys, start[None, :2], goal[None, :]], axis=0)
    lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
    grid = rasterize(polys, (lo[0], lo[1], hi[0], hi[1]), resolution).inflate(radius)
    if not bool(grid.free_at(goal[None, :])[0]):
        raise InputError(f"the goal ({goal[0]:.2f}, {goal[1]:.2f}) is inside an obstacle or "
                         "another character (or closer to one than the character's body "
                         "radius); move it")
    try:
        return plan_path(grid, start[:2], goal)
    except NoPath as exc:
        raise InputError(f"no path to the goal: {exc}") from None


def _bodies(world: World, frame: int, skip: list[str]) -> list[np.ndarray]:
    """Other characters and animals where they stand at ``frame``: squares of their template's
    body radius (the trajectory footprints cover sets and props only)."""
    state = world.evaluate(frame)
    out = []
    for e in world.entities:
        if e.id in skip or e.skeleton is None:
            continue
        tpl = TEMPLATES.get(e.skeleton.template or "")
        r = tpl.radius if tpl is not None else 0.3
        x, y = state.entities[e.id].matrix[:2, 3]
        out.append(np.array([[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]]))
    return out
