"""Blender scene → World: what a person changed in Blender comes back into the World.

Read from Blender's own data (authoritative, since that is what a person edits): transforms and
their keyframes, joint rest offsets and pose keyframes, lens / DOF / clip / sensor, light type,
power, colour, temperature and size, `attached_to` targets from the Child Of constraints, shot
start and camera from the timeline markers (moving a marker moves the shot, keeping its length).
Read from `Scene.previz` / `Object.previz`: everything Blender has no place for.

Objects without a Previz role are not part of the World and are ignored. Deleting an object in
Blender deletes it from the World, with the relations that named it. The result is validated
like any World, so a scene edited into an invalid state (a shot whose camera was deleted) gives a
`WorldError` naming the problem instead of a broken file.

Each element is read by its own module (`entity`, `camera`, `light`, `environment`, `relation`,
`shot`); this module gathers the scene's Previz objects by role, in id order, and validates.
"""

from __future__ import annotations

from typing import Any

import bpy
from pydantic import ValidationError

from previz.world import World
from previz.world.canonical import snap_f32
from previz.world.validation import WorldError, problems_from_validation_error

from ..properties import ensure_registered
from .camera import read_camera
from .entity import read_entity
from .environment import read_environment
from .light import read_light
from .relation import read_relations
from .shot import read_shots


def read(scene: bpy.types.Scene | None = None) -> World:
    """The World that ``scene`` (default: the current scene) holds."""
    ensure_registered()
    scene = scene or bpy.context.scene
    by_role: dict[str, list[bpy.types.Object]] = {"ENTITY": [], "CAMERA": [], "LIGHT": []}
    ids: dict[bpy.types.Object, str] = {}
    for obj in scene.objects:
        role = obj.previz.role
        if role in by_role:
            by_role[role].append(obj)
            ids[obj] = obj.previz.id

    data: dict[str, Any] = {
        "version": scene.previz.version,
        "name": scene.previz.world_name,
        "description": scene.previz.description,
        "fps": snap_f32(scene.render.fps / scene.render.fps_base),
        "entities": [read_entity(o) for o in _sorted(by_role["ENTITY"])],
        "cameras": [read_camera(o) for o in _sorted(by_role["CAMERA"])],
        "lights": [read_light(o) for o in _sorted(by_role["LIGHT"])],
        "environment": read_environment(scene),
        "relations": read_relations(scene, ids),
        "shots": read_shots(scene, ids),
    }
    try:
        return World.model_validate(data)
    except ValidationError as exc:
        raise WorldError(problems_from_validation_error(exc), f"scene {scene.name!r}") from None


def _sorted(objs: list[bpy.types.Object]) -> list[bpy.types.Object]:
    return sorted(objs, key=lambda o: o.previz.id)

