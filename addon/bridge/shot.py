"""A World shot ⇄ a timeline marker bound to its camera, plus an item of `Scene.previz.shots`.

The marker (named by the shot's id, at its first frame, bound to its camera) is Blender's own
multi-camera way and what a person drags: on reading, the marker's frame is the shot's start
(keeping its length) and the marker's camera is the shot's camera. Everything Blender has no
place for (end frame, resolution, seed, prompts, render settings, the time remap of bullet
time) is kept in the item.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import bpy

from previz.world import Shot
from previz.world.canonical import snap_f32

ROLES = ("ENTITY", "CAMERA", "LIGHT")


def build_shot(
    shot: Shot, scene: bpy.types.Scene, objects: Mapping[str, bpy.types.Object]
) -> bpy.types.TimelineMarker:
    """Record ``shot`` in ``scene`` and add its marker bound to its camera (``objects`` maps
    World ids to the built objects); returns the marker."""
    item = scene.previz.shots.add()
    item.id = shot.id
    item.camera = shot.camera
    item.frame_start = shot.frame_start
    item.frame_end = shot.frame_end
    item.resolution = shot.resolution
    item.seed = shot.seed
    item.prompt = shot.prompt
    item.negative_prompt = shot.negative_prompt
    r = shot.render
    item.render.backend = r.backend or ""
    item.render.steps = r.steps or 0
    item.render.guidance_scale = -1.0 if r.guidance_scale is None else r.guidance_scale
    item.render.control = ",".join(r.control)
    item.render.conditioning_scale = r.conditioning_scale
    item.camera_body = shot.camera_body or ""
    for shot_frame, scene_frame in shot.time_map or ():
        key = item.time_map.add()
        key.shot_frame, key.scene_frame = shot_frame, scene_frame
    marker = scene.timeline_markers.new(shot.id, frame=shot.frame_start)
    marker.camera = objects[shot.camera]
    # Safe-frame guides (action and title safe) in the camera view, framed to the shot's
    # aspect ratio once its resolution is the scene's (`use_shot_frame`).
    if marker.camera.type == "CAMERA":
        marker.camera.data.show_safe_areas = True
    return marker


def use_shot_frame(scene: bpy.types.Scene, item: Any) -> None:
    """Make the `Scene.previz.shots` ``item``'s resolution, so its aspect ratio (2.39, 1.85,
    9:16 …), the scene's render size: the camera view, its safe-frame guides and renders
    then show that shot's frame."""
    scene.render.resolution_x, scene.render.resolution_y = item.resolution
    scene.render.resolution_percentage = 100


def scene_ids(scene: bpy.types.Scene) -> dict[bpy.types.Object, str]:
    """The scene's Previz objects (entities, cameras, lights) and their World ids."""
    return {o: o.previz.id for o in scene.objects if o.previz.role in ROLES}


def read_shot(
    scene: bpy.types.Scene, item: Any, ids: Mapping[bpy.types.Object, str] | None = None
) -> dict[str, Any]:
    """The World shot of the `Scene.previz.shots` ``item``, its start and camera from its marker
    when there is one, as a dict to validate. ``ids`` maps objects to World ids (default: the
    scene's Previz objects); a marker's camera outside it is named by its object name."""
    ids = scene_ids(scene) if ids is None else ids
    return _shot(item, _markers(scene), ids)


def read_shots(
    scene: bpy.types.Scene, ids: Mapping[bpy.types.Object, str] | None = None
) -> list[dict[str, Any]]:
    """Every shot of ``scene`` in its `Scene.previz.shots` order (see `read_shot`)."""
    ids = scene_ids(scene) if ids is None else ids
    markers = _markers(scene)
    return [_shot(item, markers, ids) for item in scene.previz.shots]


def _markers(scene: bpy.types.Scene) -> dict[str, bpy.types.TimelineMarker]:
    """Markers by name; of markers sharing a name (a duplicated one), the last wins."""
    return {m.name: m for m in scene.timeline_markers}


def _shot(item: Any, markers: Mapping[str, bpy.types.TimelineMarker],
          ids: Mapping[bpy.types.Object, str]) -> dict[str, Any]:
    start, end, camera = item.frame_start, item.frame_end, item.camera
    marker = markers.get(item.id)
    if marker is not None:
        start, end = marker.frame, marker.frame + (item.frame_end - item.frame_start)
        if marker.camera is not None:
            camera = ids.get(marker.camera, marker.camera.name)
    r = item.render
    return {
        "id": item.id,
        "camera": camera,
        "frame_start": start,
        "frame_end": end,
        "resolution": list(item.resolution),
        "seed": item.seed,
        "prompt": item.prompt,
        "negative_prompt": item.negative_prompt,
        "render": {
            "backend": r.backend or None,
            "steps": r.steps or None,
            "guidance_scale": None if r.guidance_scale < 0 else snap_f32(r.guidance_scale),
            "control": [c.strip() for c in r.control.split(",") if c.strip()],
            "conditioning_scale": snap_f32(r.conditioning_scale),
        },
        "camera_body": item.camera_body or None,
        "time_map": _time_map(item, start - item.frame_start),
    }


def _time_map(item: Any, shift: int) -> list[list[float]] | None:
    """The item's time remap keys, moved with its marker: a shot dragged by ``shift`` frames
    keeps its remap relative to its start (shot and scene frames both move, as the action under
    an unmapped shot does). None when the shot has no keys."""
    if not len(item.time_map):
        return None
    return [[snap_f32(k.shot_frame + shift), snap_f32(k.scene_frame + shift)]
            for k in item.time_map]

