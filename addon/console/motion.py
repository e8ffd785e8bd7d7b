"""The Motion panel of the director's console: actions, trajectories as curves, path planning.

Every operator reads the scene into a World (`bridge.read`), computes the character's motion
with `previz.skills.motion` / `previz.skills.trajectory` (pure functions), and only then writes
the baked keys onto the armature (and the trajectory curve) — so one click is one undo step
and a failure (nothing selected, a goal inside a wall, no path) reports and changes nothing.
"""

from __future__ import annotations

import bpy
import numpy as np
from bpy.props import (
    BoolProperty,
    EnumProperty,
    FloatProperty,
    PointerProperty,
)
from bpy.types import PropertyGroup

from previz.addon.bridge import read
from previz.addon.operators import rollback_on_error
from previz.skills.vocabulary import synonyms
from previz.world.errors import InputError

from ..panels import PrevizPanel, draw_jobs
from . import motion_apply as apply

HAS_STYLE = bool(apply.STYLES)
"""The panel offers the style of moving when the motion skills have styles."""
STYLE_ITEMS = [(n, n.capitalize(), f"Move in a {n} way") for n in apply.STYLES] or [
    ("neutral", "Neutral", "")]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _tip(name: str, said: dict[str, tuple[str, ...]]) -> str:
    """The item's tooltip: what it is, and the words a plan says it with (the declared action
    of that name, if there is one)."""
    kind = "Gait: walks" if name in apply.MOVES else "Action"
    words = said.get(name, ())
    return f"{kind} ({name})" + (f"; said: {', '.join(words[:4])}" if words else "")


ACTION_ITEMS = [(n, _label(n), _tip(n, synonyms("action"))) for n in apply.ACTION_NAMES]
HANDS = [("DEFAULT", "Default", "The hand the action is keyed for"),
         ("RIGHT", "Right", "Right hand (or leg)"), ("LEFT", "Left", "Left hand (mirrored)")]
GOALS = [("CURSOR", "3D Cursor", "Plan to the 3D cursor"),
         ("OBJECT", "Object", "Plan to the chosen object's location")]


class PREVIZ_PG_motion_settings(PropertyGroup):
    """Settings of the Motion panel, stored in ``Scene.previz.motion``."""

    action: EnumProperty(name="Action", items=ACTION_ITEMS, default="walk")
    speed: FloatProperty(name="Speed", min=0.0, max=12.0, default=0.0, unit="VELOCITY",
                         description="Gaits: metres per second (0: the gait's usual speed)")
    duration: FloatProperty(name="Duration", min=0.1, max=60.0, default=2.0, unit="TIME_ABSOLUTE",
                            description="Seconds (a gait walks ahead this long)")
    intensity: FloatProperty(name="Intensity", min=0.05, max=2.0, default=1.0,
                             description="How big the action is (1: as keyed)")
    hand: EnumProperty(name="Hand", items=HANDS, default="DEFAULT")
    style: EnumProperty(name="Style", items=STYLE_ITEMS, default=STYLE_ITEMS[0][0],
                        description="How the body moves (gaits and gestures alike)")
    foot_lock: BoolProperty(
        name="Foot Lock", default=True,
        description="On: every frame keyed, feet planted by IK exactly. Off: a plain, lighter "
                    "clip (a key every 4 frames) that is easier to edit; feet may slide")
    character: PointerProperty(type=bpy.types.Object, name="Character",
                               description="The character the trajectory belongs to")
    curve: PointerProperty(type=bpy.types.Object, name="Trajectory",
                           description="The curve the character follows")
    goal: EnumProperty(name="Goal", items=GOALS, default="CURSOR")
    goal_object: PointerProperty(type=bpy.types.Object, name="Goal Object")


def _character(context: bpy.types.Context) -> bpy.types.Object:
    """The active object if it is a character, else the one remembered with the trajectory."""
    obj = context.active_object
    remembered = context.scene.previz.motion.character
    if (obj is None or obj.type != "ARMATURE") and remembered is not None \
            and remembered.name in context.scene.objects:
        obj = remembered
    apply.character(obj)
    return obj


def _style(s: PREVIZ_PG_motion_settings) -> str | None:
    return s.style if HAS_STYLE and s.style != "neutral" else None


def _write(context: bpy.types.Context, obj: bpy.types.Object, entity, last_frame: int) -> None:  # type: ignore[no-untyped-def]
    apply.write_entity(obj, entity)
    scene = context.scene
    if last_frame > scene.frame_end:
        scene.frame_end = last_frame
    scene.previz.motion.character = obj


class _MotionOperator:
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        try:
            obj = _character(context)
            world = read(scene)
            with rollback_on_error(scene):
                message = self.run(context, obj, world)
        except InputError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        self.report({"INFO"}, message)
        return {"FINISHED"}

    def run(self, context, obj, world) -> str:  # type: ignore[no-untyped-def]
        raise NotImplementedError


class PREVIZ_OT_motion_apply(_MotionOperator, bpy.types.Operator):
    """Key the chosen action on the selected character from the current frame"""

    bl_idname = "previz.motion_apply"
    bl_label = "Apply Action"

    def run(self, context, obj, world) -> str:  # type: ignore[no-untyped-def]
        s = context.scene.previz.motion
        frame = context.scene.frame_current
        motion = apply.action_motion(
            world, obj.previz.id, s.action, frame, speed=s.speed, duration=s.duration,
            intensity=s.intensity, hand=s.hand, target=np.array(context.scene.cursor.location),
            style=_style(s))
        entity = apply.baked(world, obj.previz.id, motion, frame, s.foot_lock)
        _write(context, obj, entity, frame + motion.frames - 1)
        return f"{obj.name}: {_label(s.action)} on frames {frame}–{frame + motion.frames - 1}"


class PREVIZ_OT_motion_draw_trajectory(_MotionOperator, bpy.types.Operator):
    """Draw a trajectory curve ahead of the selected character, to shape and then follow"""

    bl_idname = "previz.motion_draw_trajectory"
    bl_label = "Draw Trajectory"

    def run(self, context, obj, world) -> str:  # type: ignore[no-untyped-def]
        loc, yaw = apply.start_pose(world, obj.previz.id, context.scene.frame_current)
        curve = apply.new_curve(context.scene, f"{obj.name}-path", apply.sketch(loc, yaw), True)
        s = context.scene.previz.motion
        s.curve, s.character = curve, obj
        return f"Trajectory {curve.name!r} drawn: edit it, then Follow Curve"


class PREVIZ_OT_motion_follow_curve(_MotionOperator, bpy.types.Operator):
    """Walk the character along the trajectory curve (the chosen gait and speed)"""

    bl_idname = "previz.motion_follow_curve"
    bl_label = "Follow Curve"

    def run(self, context, obj, world) -> str:  # type: ignore[no-untyped-def]
        s = context.scene.previz.motion
        points = apply.curve_points(s.curve, context.evaluated_depsgraph_get())
        return _follow(context, obj, world, points)


def _walk(context, obj, world, points: np.ndarray):  # type: ignore[no-untyped-def]
    """The baked entity walking ``points`` from the current frame, and its last frame."""
    s = context.scene.previz.motion
    frame = context.scene.frame_current
    gait = s.action if s.action in apply.MOVES else "walk"
    motion = apply.path_motion(world, obj.previz.id, points, gait, s.speed, _style(s))
    entity = apply.baked(world, obj.previz.id, motion, frame, s.foot_lock)
    return entity, frame + motion.frames - 1, gait


def _follow(context, obj, world, points: np.ndarray) -> str:  # type: ignore[no-untyped-def]
    entity, last, gait = _walk(context, obj, world, points)
    _write(context, obj, entity, last)
    return _walk_message(context, obj, points, gait, last)


def _walk_message(context, obj, points, gait, last) -> str:  # type: ignore[no-untyped-def]
    length = float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())
    curve = context.scene.previz.motion.curve
    return (f"{obj.name}: {gait} {length:.1f} m along {curve.name if curve else 'the path'!r}, "
            f"frames {context.scene.frame_current}–{last}")


class PREVIZ_OT_motion_replan(_MotionOperator, bpy.types.Operator):
    """Plan a path round the obstacles to the goal, write it as the trajectory and walk it"""

    bl_idname = "previz.motion_replan"
    bl_label = "Re-plan Path"

    def run(self, context, obj, world) -> str:  # type: ignore[no-untyped-def]

        scene = context.scene
        s = scene.previz.motion
        if s.goal == "OBJECT":
            if s.goal_object is None:
                raise InputError("choose a goal object (or set the goal to the 3D cursor)")
            goal = np.array(s.goal_object.matrix_world.translation)
        else:
            goal = np.array(scene.cursor.location)
        points = apply.plan(world, obj.previz.id, scene.frame_current, goal)
        entity, last, gait = _walk(context, obj, world, points)  # all checks before any write
        curve = s.curve
        if curve is not None and curve.type == "CURVE" and curve.name in scene.objects:
            apply.replace_curve_points(curve, points)
        else:
            s.curve = apply.new_curve(scene, f"{obj.name}-path", points, False)
        _write(context, obj, entity, last)
        return _walk_message(context, obj, points, gait, last)


class PREVIZ_PT_motion(PrevizPanel, bpy.types.Panel):
    bl_label = "Motion"
    bl_order = 2

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        draw_jobs(layout)
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        s = scene.previz.motion
        obj = context.active_object
        if obj is not None and obj.type == "ARMATURE" and obj.previz.has_skeleton:
            layout.label(text=f"Character: {obj.name}", icon="ARMATURE_DATA")
        elif s.character is not None:
            layout.label(text=f"Character: {s.character.name} (trajectory)",
                         icon="ARMATURE_DATA")
        else:
            layout.label(text="Select a character (a Previz armature)", icon="INFO")
        col = layout.column(align=True)
        col.prop(s, "action")
        col.prop(s, "speed")
        col.prop(s, "duration")
        col.prop(s, "intensity")
        col.prop(s, "hand")
        if HAS_STYLE:
            col.prop(s, "style")
        layout.prop(s, "foot_lock")
        layout.operator("previz.motion_apply", icon="PLAY")
        box = layout.box()
        box.label(text="Trajectory", icon="CURVE_BEZCURVE")
        box.prop(s, "curve")
        row = box.row(align=True)
        row.operator("previz.motion_draw_trajectory", icon="CURVE_PATH")
        row.operator("previz.motion_follow_curve", icon="FORWARD")
        box.prop(s, "goal")
        if s.goal == "OBJECT":
            box.prop(s, "goal_object")
        box.operator("previz.motion_replan", icon="MOD_SIMPLIFY")


SETTINGS = PREVIZ_PG_motion_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = (
    PREVIZ_OT_motion_apply,
    PREVIZ_OT_motion_draw_trajectory,
    PREVIZ_OT_motion_follow_curve,
    PREVIZ_OT_motion_replan,
    PREVIZ_PT_motion,
)
