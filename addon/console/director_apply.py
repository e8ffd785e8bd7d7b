"""Applying an agent's World to the Blender scene on the main thread, all or nothing.

`replace_content` swaps the scene's whole Previz content (objects with a Previz role, their
parts, relations, shots and their markers) for a new World. The old objects are not deleted
first: they are renamed aside and unlinked, the new World is built, and only then are they
removed; if the build fails, what it made is removed (`rollback_on_error`) and the old objects,
relations, shots and markers come back as they were. So a failed Generate leaves the scene
exactly as it was, headless too (where there is no undo).

`set_static_poses` moves static entities in place (location, rotation z) without rebuilding.
"""

from __future__ import annotations

from typing import Any

import bpy

from previz.world import World

from ..operators import rollback_on_error

ROLES = ("ENTITY", "CAMERA", "LIGHT", "PART")
ASIDE = "~previz-replaced~"


def previz_objects(scene: bpy.types.Scene) -> list[bpy.types.Object]:
    return [o for o in scene.objects if o.previz.role in ROLES]


def object_of(scene: bpy.types.Scene, item_id: str) -> bpy.types.Object | None:
    """The object of an entity, camera or light id (not its parts)."""
    for obj in scene.objects:
        if obj.previz.id == item_id and obj.previz.role in ("ENTITY", "CAMERA", "LIGHT"):
            return obj
    return None


def selected_ids(context: Any) -> set[str]:
    """Ids of the selected entities, cameras and lights (a selected part counts as its
    entity)."""
    objs = getattr(context, "selected_objects", None) or []
    return {o.previz.id for o in objs if o.previz.role in ROLES and o.previz.id}


def _props(group: Any) -> dict[str, Any]:
    """A PropertyGroup as plain values (nested pointer groups as dicts)."""
    out: dict[str, Any] = {}
    for prop in group.bl_rna.properties:
        name = prop.identifier
        if name in ("rna_type", "name"):
            continue
        value = getattr(group, name)
        if prop.type == "POINTER":
            out[name] = _props(value)
        elif prop.type == "COLLECTION":
            continue
        elif getattr(prop, "is_array", False):
            out[name] = tuple(value)
        else:
            out[name] = value
    return out


def _restore(group: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, dict):
            _restore(getattr(group, name), value)
        else:
            setattr(group, name, value)


def replace_content(scene: bpy.types.Scene, world: World, report: list[str] | None = None) -> None:
    """Replace the scene's Previz content by ``world``; on failure the scene is as it was."""
    from ..bridge import build

    meta = scene.previz
    old = previz_objects(scene)
    links = {o: list(o.users_collection) for o in old}
    names = {o: o.name for o in old}
    relations = [_props(r) for r in meta.relations]
    shots = [_props(s) for s in meta.shots]
    shot_ids = {s["id"] for s in shots}
    markers = [(m.name, m.frame, m.camera, m.select) for m in scene.timeline_markers
               if m.name in shot_ids]
    saved = {"camera": scene.camera, "frame_start": scene.frame_start,
             "frame_end": scene.frame_end, "frame": scene.frame_current,
             "world_name": meta.world_name, "description": meta.description,
             "version": meta.version, "active_shot": meta.active_shot,
             "fps": scene.render.fps, "fps_base": scene.render.fps_base,
             "res": (scene.render.resolution_x, scene.render.resolution_y)}
    # Set the old content aside.
    for obj in old:
        obj.name = (ASIDE + obj.name)[:63]
        for coll in links[obj]:
            coll.objects.unlink(obj)
    for m in [m for m in scene.timeline_markers if m.name in shot_ids]:
        scene.timeline_markers.remove(m)
    meta.relations.clear()
    meta.shots.clear()
    try:
        with rollback_on_error(scene):
            build(world, scene, report=report)
    except BaseException:
        for obj in old:
            for coll in links[obj]:
                coll.objects.link(obj)
            obj.name = names[obj]
        for values in relations:
            _restore(meta.relations.add(), values)
        for values in shots:
            _restore(meta.shots.add(), values)
        for name, frame, camera, select in markers:
            m = scene.timeline_markers.new(name, frame=frame)
            m.camera, m.select = camera, select
        scene.camera = saved["camera"]
        scene.frame_start, scene.frame_end = saved["frame_start"], saved["frame_end"]
        scene.frame_set(saved["frame"])
        meta.world_name, meta.description = saved["world_name"], saved["description"]
        meta.version, meta.active_shot = saved["version"], saved["active_shot"]
        scene.render.fps, scene.render.fps_base = saved["fps"], saved["fps_base"]
        scene.render.resolution_x, scene.render.resolution_y = saved["res"]
        raise
    datas = [o.data for o in old if o.data is not None]
    bpy.data.batch_remove(old)
    bpy.data.batch_remove([d for d in dict.fromkeys(datas) if d.users == 0])


def set_static_poses(scene: bpy.types.Scene, poses: dict[str, tuple[tuple, float]]) -> None:
    """Set ``id → ((x, y, z), yaw)`` on static entities (rotation x/y and scale kept)."""
    for item_id, (location, yaw) in poses.items():
        obj = object_of(scene, item_id)
        if obj is None:
            raise KeyError(f"no object for entity {item_id!r}")
        obj.location = location
        rot = obj.rotation_euler
        obj.rotation_euler = (rot[0], rot[1], yaw)


def undo_step(message: str) -> None:
    """In the UI a job's result is applied after its operator finished (in the monitor's timer
    event), so the result gets its own undo step here; headless the operator's step holds it."""
    if not bpy.app.background:
        bpy.ops.ed.undo_push(message=message)
