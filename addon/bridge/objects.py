"""What every Previz object in Blender shares: its role collection, its tag and its transform.

Each entity, camera and light is one object named by its id, tagged in `Object.previz` (id,
role, label) and linked into its role's collection; its location, XYZ Euler rotation and scale
are the World's transform, as values or F-curves (`fcurves`). The element modules (`entity`,
`camera`, `light`) build on these, and the console panels use `write_transform` and
`clear_animation` to re-key an object the way the bridge builds it.
"""

from __future__ import annotations

from typing import Any

import bpy

from previz.world import Camera, Entity, Light
from previz.world.errors import InputError

from .fcurves import read_param, write_param

COLLECTIONS = {"ENTITY": "Previz Entities", "CAMERA": "Previz Cameras", "LIGHT": "Previz Lights"}
"""The collection each role's objects are linked into."""


def role_collection(scene: bpy.types.Scene, role: str) -> bpy.types.Collection:
    """The scene's collection for ``role`` ("ENTITY", "CAMERA", "LIGHT"), made on first use."""
    name = COLLECTIONS[role]
    coll = scene.collection.children.get(name)
    if coll is None:
        coll = bpy.data.collections.new(name)
        scene.collection.children.link(coll)
    return coll


def tag(obj: bpy.types.Object, id: str, role: str, name: str) -> None:
    """Mark ``obj`` as the World element ``id`` in ``role`` (what `read` looks for)."""
    obj.previz.id = id
    obj.previz.role = role
    obj.previz.label = name


def write_transform(obj: bpy.types.Object, element: Entity | Camera | Light) -> None:
    """The element's transform on ``obj``: XYZ Euler, each channel a value or an F-curve."""
    t = element.transform
    obj.rotation_mode = "XYZ"
    for prop, vec in (("location", t.location), ("rotation_euler", t.rotation), ("scale", t.scale)):
        for i, param in enumerate(vec):
            write_param(obj, obj, prop, param, i)


def read_vector(
    id_block: Any, owner: Any, prop: str, where: str, data_path: str | None = None
) -> list:
    """The three World parameters of a vector property (values or curves); ``where`` names it
    in errors."""
    return [
        read_param(id_block, owner, prop, i, data_path=data_path, where=f"{where}[{i}]")
        for i in range(3)
    ]


def read_transform(obj: bpy.types.Object) -> dict[str, Any]:
    """The World transform of ``obj`` (a dict to validate); only XYZ Euler is accepted."""
    if obj.rotation_mode != "XYZ":
        raise InputError(
            f"object {obj.name!r}: rotation mode is {obj.rotation_mode}; Previz reads XYZ Euler "
            "(set Rotation Mode to XYZ Euler in the Object properties)"
        )
    where = f"object {obj.name!r}"
    return {
        "location": read_vector(obj, obj, "location", f"{where} location"),
        "rotation": read_vector(obj, obj, "rotation_euler", f"{where} rotation"),
        "scale": read_vector(obj, obj, "scale", f"{where} scale"),
    }


def clear_animation(block: bpy.types.ID) -> None:
    """Drop ``block``'s animation, and its action when nothing else uses it."""
    old = block.animation_data.action if block.animation_data else None
    block.animation_data_clear()
    if old is not None and old.users == 0:
        bpy.data.actions.remove(old)
