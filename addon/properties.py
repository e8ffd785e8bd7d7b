"""Previz data stored in the .blend: `Object.previz` and `Scene.previz`.

What Blender already holds natively (transforms, keyframes, lens, light power, markers) stays in
Blender's own properties, so a person edits it with Blender's tools. What Blender has no place for
(entity kind, semantic class, appearance prompt, asset reference, relations, shot prompts and
render settings) lives here, so a saved .blend is a complete World.
"""

from __future__ import annotations

import bpy
from bpy.props import (
    BoolProperty,
    CollectionProperty,
    EnumProperty,
    FloatProperty,
    FloatVectorProperty,
    IntProperty,
    IntVectorProperty,
    PointerProperty,
    StringProperty,
)
from bpy.types import PropertyGroup

from previz.world import DEFAULT_RESOLUTION

ROLES = [
    ("NONE", "None", "Not part of the Previz World"),
    ("ENTITY", "Entity", "A set piece, prop, character or animal"),
    ("CAMERA", "Camera", "A Previz camera"),
    ("LIGHT", "Light", "A Previz light"),
    ("PART", "Part", "Geometry that belongs to an entity (imported asset or white-box proxy)"),
]
KINDS = [(k.upper(), k.capitalize(), "") for k in ("set", "prop", "character", "animal")]
RELATION_TYPES = [
    (t.upper(), t.replace("_", " "), "")
    for t in ("on", "against", "next_to", "facing", "inside", "attached_to")
]


class PREVIZ_PG_path(PropertyGroup):
    path: StringProperty(name="Path", subtype="FILE_PATH")


class PREVIZ_PG_object(PropertyGroup):
    id: StringProperty(name="Id", description="Stable id of this object in the World")
    role: EnumProperty(name="Role", items=ROLES, default="NONE")
    label: StringProperty(name="Name", description="Display name in the World")
    kind: EnumProperty(name="Kind", items=KINDS, default="PROP")
    semantic_class: StringProperty(name="Semantic class")
    appearance: StringProperty(name="Appearance", description="Prompt for the neural renderer")
    reference_images: CollectionProperty(type=PREVIZ_PG_path)
    asset_id: StringProperty(name="Asset id")
    asset_path: StringProperty(name="Asset file", subtype="FILE_PATH")
    has_asset_size: BoolProperty(name="Has asset size")
    asset_size: FloatVectorProperty(name="Asset size", size=3, subtype="XYZ_LENGTH", min=0.0)
    skeleton_template: StringProperty(name="Skeleton template")
    has_skeleton: BoolProperty(name="Has skeleton")


class PREVIZ_PG_relation(PropertyGroup):
    type: EnumProperty(name="Type", items=RELATION_TYPES)
    subject: StringProperty(name="Subject")
    target: StringProperty(name="Target")
    joint: StringProperty(name="Joint", description="attached_to: joint of the target")


class PREVIZ_PG_render(PropertyGroup):
    backend: StringProperty(name="Backend", description="Empty: the default backend")
    steps: IntProperty(name="Steps", min=0, description="0: the backend's default")
    guidance_scale: FloatProperty(name="Guidance", min=-1.0, default=-1.0, description="Negative: the backend's default")  # noqa: E501
    control: StringProperty(name="Control passes", default="depth", description="Comma-separated")
    conditioning_scale: FloatProperty(name="Conditioning scale", min=0.0, default=1.0)


class PREVIZ_PG_time_key(PropertyGroup):
    """One key of a shot's time remap (`Shot.time_map`): on shot frame ``shot_frame`` the action
    is at scene frame ``scene_frame`` (linear between keys). Bullet time holds the scene frame
    while the shot frames run on."""

    shot_frame: FloatProperty(name="Shot frame")
    scene_frame: FloatProperty(name="Scene frame", description="The frame of the action shown "
                               "on this shot frame (the same on two keys: the action is frozen)")


class PREVIZ_PG_shot(PropertyGroup):
    """A shot. Its timeline marker (named by the id) holds the start frame and camera that
    `read` trusts; `frame_start` is the start it was built with, so the length is kept when the
    marker moves. (No update callbacks here: bpy as a module hangs at exit when a registered
    property keeps a Python callback.)"""

    id: StringProperty(name="Id")
    camera: StringProperty(name="Camera id")
    frame_start: IntProperty(name="Start")
    frame_end: IntProperty(name="End")
    resolution: IntVectorProperty(name="Resolution", size=2, min=1, default=DEFAULT_RESOLUTION)
    seed: IntProperty(name="Seed", min=0)
    prompt: StringProperty(name="Prompt")
    negative_prompt: StringProperty(name="Negative prompt")
    render: PointerProperty(type=PREVIZ_PG_render)
    camera_body: StringProperty(name="Camera body", description="The camera body the shot is "
                                "filmed with (empty: not named)")
    time_map: CollectionProperty(type=PREVIZ_PG_time_key, name="Time remap",
                                 description="Keys of the shot's time remap (none: the action "
                                 "plays at its own speed)")


class PREVIZ_PG_scene(PropertyGroup):
    version: IntProperty(name="World version", default=1)
    world_name: StringProperty(name="World name")
    description: StringProperty(name="Description", description="The director's text")
    relations: CollectionProperty(type=PREVIZ_PG_relation)
    shots: CollectionProperty(type=PREVIZ_PG_shot)
    active_shot: IntProperty(name="Active shot")


CLASSES = (
    PREVIZ_PG_path,
    PREVIZ_PG_object,
    PREVIZ_PG_relation,
    PREVIZ_PG_render,
    PREVIZ_PG_time_key,
    PREVIZ_PG_shot,
    PREVIZ_PG_scene,
)


def is_registered() -> bool:
    return "previz" in bpy.types.Scene.bl_rna.properties


def _console_groups() -> list[type]:
    """The director's console panels keep their settings under ``Scene.previz.<panel>``: add
    those pointers to the scene group (before it is registered) and return the groups."""
    from . import console

    for field, group in console.settings_fields().items():
        PREVIZ_PG_scene.__annotations__[field] = PointerProperty(type=group)
    return console.property_groups()


def register() -> None:
    for cls in (*CLASSES[:-1], *_console_groups(), CLASSES[-1]):
        bpy.utils.register_class(cls)
    bpy.types.Object.previz = PointerProperty(type=PREVIZ_PG_object)
    bpy.types.Scene.previz = PointerProperty(type=PREVIZ_PG_scene)


def unregister() -> None:
    del bpy.types.Scene.previz
    del bpy.types.Object.previz
    from . import console

    for cls in reversed((*CLASSES[:-1], *console.property_groups(), CLASSES[-1])):
        bpy.utils.unregister_class(cls)


def ensure_registered() -> None:
    """Register the property groups if the add-on is not enabled (headless use of the bridge)."""
    if not is_registered():
        register()
