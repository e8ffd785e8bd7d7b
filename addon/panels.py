"""Panels in the 3D View sidebar, tab "Previz": World, Object, Shots.

Draw functions only read state and lay out widgets; every change goes through an operator or a
property, so it is undoable. Each draw copes with no scene, no camera and a running job.
"""

from __future__ import annotations

import bpy

from .jobs import JOBS
from .references import draw_references


class PrevizPanel:
    """Base of every Previz sidebar panel. The director's console panels (`previz.addon.console`)
    come first (``bl_order`` 0–5); World, Object and Shots follow."""

    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Previz"


def draw_jobs(layout: bpy.types.UILayout) -> None:
    running = JOBS.running()
    if not running:
        return
    box = layout.box()
    for job in running:
        fraction, message = job.progress.snapshot()
        row = box.row()
        if hasattr(row, "progress"):
            row.progress(factor=fraction, type="BAR", text=f"{job.name} {message}".strip())
        else:  # pragma: no cover - Blender < 4.0
            row.label(text=job.status_text())
    box.operator("previz.job_cancel", icon="CANCEL")


class PREVIZ_PT_world(PrevizPanel, bpy.types.Panel):
    bl_label = "World"
    bl_order = 10

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        scene = context.scene
        draw_jobs(layout)
        row = layout.row(align=True)
        row.operator("previz.import_world", text="Import", icon="IMPORT")
        row.operator("previz.export_world", text="Export", icon="EXPORT")
        row.operator("previz.validate", text="Validate", icon="CHECKMARK")
        if scene is None:
            layout.label(text="No scene")
            return
        meta = scene.previz
        layout.prop(meta, "world_name", text="Name")
        layout.prop(meta, "description", text="")
        roles = [o.previz.role for o in scene.objects]
        layout.label(
            text=f"{roles.count('ENTITY')} entities · {roles.count('CAMERA')} cameras · "
            f"{roles.count('LIGHT')} lights · {len(meta.shots)} shots"
        )


class PREVIZ_PT_object(PrevizPanel, bpy.types.Panel):
    bl_label = "Object"
    bl_order = 11

    @classmethod
    def poll(cls, context: bpy.types.Context) -> bool:
        obj = context.active_object
        return obj is not None and obj.previz.role in ("ENTITY", "CAMERA", "LIGHT", "PART")

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        obj = context.active_object
        if obj is None:
            layout.label(text="No active object")
            return
        p = obj.previz
        layout.label(text=f"{p.role.title()} '{p.id}'")
        if p.role == "PART":
            layout.label(text="Geometry of the entity above; edit the entity instead")
            return
        layout.prop(p, "label")
        if p.role != "ENTITY":
            return
        layout.prop(p, "kind")
        layout.prop(p, "semantic_class")
        layout.prop(p, "appearance")
        draw_references(layout, obj)
        box = layout.box()
        box.label(text="Asset")
        box.prop(p, "asset_id", text="Library id")
        box.prop(p, "asset_path", text="File")
        if p.has_asset_size:
            box.prop(p, "asset_size", text="Size")
        if p.has_skeleton:
            layout.label(text=f"Skeleton: {p.skeleton_template or 'custom'}", icon="ARMATURE_DATA")


class PREVIZ_UL_shots(bpy.types.UIList):
    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index):  # type: ignore[no-untyped-def]
        marker = data.id_data.timeline_markers.get(item.id)
        start = marker.frame if marker is not None else item.frame_start
        camera = marker.camera.name if marker is not None and marker.camera else item.camera
        row = layout.row(align=True)
        row.label(text=item.id, icon="SEQUENCE")
        row.label(text=f"{start}–{start + item.frame_end - item.frame_start}")
        row.label(text=camera, icon="CAMERA_DATA")


class PREVIZ_PT_shots(PrevizPanel, bpy.types.Panel):
    bl_label = "Shots"
    bl_order = 12

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        meta = scene.previz
        row = layout.row()
        row.template_list("PREVIZ_UL_shots", "", meta, "shots", meta, "active_shot", rows=3)
        col = row.column(align=True)
        col.operator("previz.shot_add", text="", icon="ADD")
        col.operator("previz.shot_split", text="", icon="SPLIT_HORIZONTAL")
        col.operator("previz.shot_jump", text="", icon="PLAY")
        if scene.camera is None:
            layout.label(text="The scene has no camera: add one to frame a shot", icon="ERROR")
        if not 0 <= meta.active_shot < len(meta.shots):
            return
        shot = meta.shots[meta.active_shot]
        layout.prop(shot, "prompt")
        layout.prop(shot, "negative_prompt")
        marker = scene.timeline_markers.get(shot.id)
        grid = layout.grid_flow(columns=2, align=True)
        if marker is not None:  # the marker is the shot's start: edit it directly
            grid.prop(marker, "frame", text="Start")
            grid.label(text=f"End {marker.frame + shot.frame_end - shot.frame_start}")
        else:
            grid.prop(shot, "frame_start")
            grid.prop(shot, "frame_end")
        grid.prop(shot, "seed")
        grid.prop(shot, "resolution")
        if len(shot.time_map):  # bullet time: the action's frame on each key of the shot
            box = layout.box()
            box.label(text="Time remap (shot frame → action frame)", icon="TIME")
            if marker is not None and marker.frame != shot.frame_start:
                box.label(text=f"Keys as built; they move {marker.frame - shot.frame_start:+d} "
                          "with the marker")
            for key in shot.time_map:
                row = box.row(align=True)
                row.prop(key, "shot_frame", text="Shot")
                row.prop(key, "scene_frame", text="Action")
        box = layout.box()
        box.label(text="Render")
        box.prop(shot.render, "backend")
        box.prop(shot.render, "steps")
        box.prop(shot.render, "guidance_scale")
        box.prop(shot.render, "control")
        box.prop(shot.render, "conditioning_scale")


CLASSES = (PREVIZ_UL_shots, PREVIZ_PT_world, PREVIZ_PT_object, PREVIZ_PT_shots)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
