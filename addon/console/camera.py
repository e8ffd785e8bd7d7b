"""The Camera panel of the director's console: shot size, angle, movement and subject → keys.

Apply reads the scene into a World, asks `previz.skills.camera` for the move over the active
shot's frames (every movement the skills offer, with its own parameters), runs the framing
solver round whatever is in the way, and keys the shot's camera — one undo step; on a bad
subject, no camera or an unknown movement it reports and changes nothing. The panel then shows
how well the subject is framed. Shots are timeline markers bound to cameras; Add / Split Shot
are the operators of `previz.addon.operators`.
"""

from __future__ import annotations

import bpy
from bpy.props import (
    BoolProperty,
    EnumProperty,
    FloatProperty,
    IntProperty,
    PointerProperty,
    StringProperty,
)
from bpy.types import PropertyGroup

from previz.addon.bridge import read
from previz.addon.operators import rollback_on_error
from previz.skills.camera import ANGLES, SHOT_SIZES
from previz.skills.camera.vocabulary import movement_params
from previz.skills.vocabulary import terms
from previz.world.errors import InputError

from ..panels import PrevizPanel, draw_jobs
from . import camera_apply as apply

SIZE_ITEMS = [(code, f"{code} · {s.name}", f"{s.name}: frame cut at the {s.edge}")
              for code, s in SHOT_SIZES.items()]
ANGLE_ITEMS = [(name, name.replace("_", " ").capitalize(), ", ".join(a.synonyms))
               for name, a in ANGLES.items()]
MOVEMENT_ITEMS = [(t.name, t.label, t.description) for t in terms("camera_move")]
"""Every movement the camera skills declare (`previz.skills.vocabulary`, kind camera_move)."""
PARAMS = ("degrees", "distance", "height", "rise", "back", "to_focal", "smooth", "speed",
          "side", "seed", "amplitude", "over")
"""Movement parameters the panel offers (a movement shows the ones it takes); a number left
at 0 means the movement's own default."""


class PREVIZ_PG_camera_settings(PropertyGroup):
    """Settings of the Camera panel, stored in ``Scene.previz.camera``."""

    shot_size: EnumProperty(name="Shot Size", items=SIZE_ITEMS, default="MS")
    angle: EnumProperty(name="Angle", items=ANGLE_ITEMS, default="eye_level")
    movement: EnumProperty(name="Movement", items=MOVEMENT_ITEMS, default="static")
    subject: PointerProperty(type=bpy.types.Object, name="Subject",
                             description="The entity to frame (empty: the active object)")
    joint: StringProperty(name="Joint", description="Frame this joint of the subject (a face: "
                          "head); empty: the whole subject")
    azimuth: FloatProperty(name="Azimuth", subtype="ANGLE", default=0.3,
                           description="Where the camera stands round the subject (0: in front)")
    focal_length: FloatProperty(name="Focal Length", min=0.0, max=600.0, default=0.0,
                                description="mm; 0: the shot size's usual lens")
    avoid_occlusion: BoolProperty(name="Avoid Occlusion", default=True,
                                  description="Move the camera round things in the way")
    degrees: FloatProperty(name="Degrees", default=0.0, description="Pan/tilt/arc/orbit angle")
    distance: FloatProperty(name="Distance", default=0.0, unit="LENGTH",
                            description="Dolly/truck (m; negative: out/left)")
    height: FloatProperty(name="Height", default=0.0, unit="LENGTH")
    rise: FloatProperty(name="Rise", default=0.0, unit="LENGTH")
    back: FloatProperty(name="Back", default=0.0, unit="LENGTH")
    to_focal: FloatProperty(name="To Focal", min=0.0, default=0.0, description="Zoom to (mm)")
    smooth: FloatProperty(name="Smooth", min=0.0, default=0.0, description="Seconds of lag")
    speed: FloatProperty(name="Speed", min=0.0, default=0.0, unit="VELOCITY")
    side: FloatProperty(name="Side", min=-1.0, max=1.0, default=0.0,
                        description="Over the shoulder: +1 right, −1 left")
    seed: IntProperty(name="Seed", min=0, default=0)
    amplitude: FloatProperty(name="Amplitude", min=0.0, default=0.0, unit="LENGTH")
    over: PointerProperty(type=bpy.types.Object, name="Over",
                          description="Over the shoulder: the foreground character")
    report: StringProperty(name="Framing", description="The last Apply's framing report")


def movement_kwargs(s: PREVIZ_PG_camera_settings) -> dict:
    """The chosen movement's parameters the user set (numbers left at 0 keep the default)."""
    out: dict = {}
    for name in movement_params(s.movement):
        if name not in PARAMS:
            continue
        value = getattr(s, name)
        if name == "over":
            out[name] = value.previz.id if value is not None else ""
        elif name == "seed":
            out[name] = int(value)
        elif value != 0.0:
            out[name] = float(value)
    return out


class PREVIZ_OT_camera_apply(bpy.types.Operator):
    """Key the active shot's camera: shot size, angle and movement on the subject"""

    bl_idname = "previz.camera_apply"
    bl_label = "Apply Camera"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        s = scene.previz.camera
        try:
            subject = apply.subject_of(s.subject or context.active_object, s.joint.strip())
            world = read(scene)
            tgt = apply.target(scene, world)
            cam, framing = apply.compute(
                world, tgt, subject, s.shot_size, s.angle, s.movement, azimuth=s.azimuth,
                focal_length=s.focal_length or None, avoid_occlusion=s.avoid_occlusion,
                params=movement_kwargs(s))
            with rollback_on_error(scene):
                obj = apply.write(scene, tgt, cam)
        except InputError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        s.report = framing.text()
        level = {"WARNING"} if framing.in_frame < 1.0 or framing.occluded else {"INFO"}
        self.report(level, f"{obj.name}, frames {tgt.frames[0]}–{tgt.frames[1]}: "
                           f"{framing.text()}")
        return {"FINISHED"}


class PREVIZ_PT_camera(PrevizPanel, bpy.types.Panel):
    bl_label = "Camera"
    bl_order = 3

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        draw_jobs(layout)
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        meta = scene.previz
        s = meta.camera
        box = layout.box()
        if 0 <= meta.active_shot < len(meta.shots):
            shot = meta.shots[meta.active_shot]
            marker = scene.timeline_markers.get(shot.id)
            start = marker.frame if marker is not None else shot.frame_start
            cam = marker.camera.name if marker is not None and marker.camera else "new camera"
            box.label(text=f"Shot {shot.id}: {start}–{start + shot.frame_end - shot.frame_start}"
                      f" · {cam}", icon="SEQUENCE")
        elif scene.camera is not None:
            box.label(text=f"No shot: scene range with {scene.camera.name}", icon="CAMERA_DATA")
        else:
            box.label(text="No camera: add one, then Add Shot", icon="ERROR")
        row = box.row(align=True)
        row.operator("previz.shot_add", text="Add Shot", icon="ADD")
        row.operator("previz.shot_split", text="Split", icon="SPLIT_HORIZONTAL")
        row.operator("previz.shot_jump", text="Go", icon="PLAY")
        col = layout.column(align=True)
        col.prop(s, "shot_size")
        col.prop(s, "angle")
        col.prop(s, "movement")
        params = movement_params(s.movement)
        sub = layout.column(align=True)
        for name in PARAMS:
            if name in params:
                sub.prop(s, name)
        subj = layout.column(align=True)
        subj.prop(s, "subject")
        if s.subject is None:
            active = context.active_object
            who = active.name if active is not None and active.previz.role == "ENTITY" else None
            subj.label(text=f"Subject: {who} (active)" if who else "Choose a subject",
                       icon="INFO")
        who_obj = s.subject or context.active_object
        if who_obj is not None and who_obj.type == "ARMATURE":
            subj.prop_search(s, "joint", who_obj.data, "bones")  # pick one of its joints
        else:
            subj.prop(s, "joint")
        more = layout.column(align=True)
        more.prop(s, "azimuth")
        more.prop(s, "focal_length")
        more.prop(s, "avoid_occlusion")
        layout.operator("previz.camera_apply", icon="VIEW_CAMERA")
        if s.report:
            layout.label(text=s.report, icon="INFO")


SETTINGS = PREVIZ_PG_camera_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = (PREVIZ_OT_camera_apply, PREVIZ_PT_camera)
