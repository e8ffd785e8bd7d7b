"""World → Blender scene: the orchestrator over the per-element builders.

Every entity, camera and light becomes one object named by its id, with `Object.previz.id` set
and its animation as F-curves (`entity`, `camera`, `light`); skeletons become armatures whose
bones have the entity's axes at rest (so a joint's Euler channels in Blender are the World's
numbers); the environment becomes the scene's Blender world (`environment`); `attached_to`
becomes a Child Of constraint (`relation`); shots become timeline markers bound to cameras
(`shot`). This module only orders those calls and sets the scene-wide settings (fps, frame
range, active camera, resolution, World metadata). The inverse is `read.py`.
"""

from __future__ import annotations

from pathlib import Path

import bpy

from previz.asset_index.roots import check_world_files
from previz.world import World

from ..properties import ensure_registered
from .camera import build_camera
from .entity import AssetResolver, build_entity
from .environment import build_environment
from .light import build_light
from .relation import build_relation
from .shot import build_shot


def build(
    world: World,
    scene: bpy.types.Scene | None = None,
    base_dir: str | Path | None = None,
    resolve_asset: AssetResolver | None = None,
    report: list[str] | None = None,
) -> bpy.types.Scene:
    """Build ``world`` into ``scene`` (default: the current scene) and return the scene.

    ``base_dir`` resolves relative asset paths (the World file's folder); ``resolve_asset`` maps
    an asset-library id to a file. Assets that cannot be loaded become white-box proxies and a
    line in ``report``. A World naming a file outside ``base_dir`` and the asset library raises
    `previz.world.paths_policy.PathRefused` before anything is built."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    # Files outside the World's folder and the asset library are refused before the scene is
    # touched (`previz.world.paths_policy`).
    check_world_files(world, base)
    # A camera body the skills do not know, or a lens it cannot take: refused by name.
    from previz.skills.camera.bodies import check_shots

    check_shots(world)
    ensure_registered()
    scene = scene or bpy.context.scene
    warnings = report if report is not None else []

    fps = round(world.fps)
    scene.render.fps = max(fps, 1)
    scene.render.fps_base = scene.render.fps / world.fps

    objects: dict[str, bpy.types.Object] = {}
    for entity in world.entities:
        objects[entity.id] = build_entity(entity, scene, base, resolve_asset, warnings)
    for camera in world.cameras:
        objects[camera.id] = build_camera(camera, scene)
    for light in world.lights:
        objects[light.id] = build_light(light, scene)
    build_environment(world, scene)
    for relation in world.relations:
        build_relation(relation, scene, objects)
    for shot in world.shots:
        build_shot(shot, scene, objects)

    meta = scene.previz
    meta.version = world.version
    meta.world_name = world.name
    meta.description = world.description
    if world.shots:
        first = min(world.shots, key=lambda s: (s.frame_start, s.id))
        scene.frame_start = min(s.frame_start for s in world.shots)
        scene.frame_end = max(s.frame_end for s in world.shots)
        scene.frame_set(first.frame_start)
        scene.camera = objects[first.camera]
        scene.render.resolution_x, scene.render.resolution_y = first.resolution
        scene.render.resolution_percentage = 100
    elif world.cameras:
        scene.camera = objects[world.cameras[0].id]
    return scene

