"""A World entity (and its skeleton) ⇄ a Blender object.

An entity is one object named by its id in "Previz Entities", its fields in `Object.previz`
(kind, semantic class, appearance, reference images, asset) and its transform keyed. Its look:
the imported asset file parented under an empty, or a white-box proxy when there is no file
(`geometry`). A skeleton becomes an armature whose bones have the entity's axes at rest (tail
along +Y, zero roll), so a joint's Euler channels in Blender are the World's numbers, with a
white-box mannequin skinned to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import bpy

from previz.world import Entity
from previz.world.canonical import snap_f32
from previz.world.errors import InputError
from previz.world.models import Skeleton

from .fcurves import write_param
from .geometry import all_descendants, import_asset, mannequin, proxy_mesh
from .objects import read_transform, read_vector, role_collection, tag, write_transform

JOINT_ORDER_KEY = "previz_joint_order"
"""The World's joint order, on the armature datablock (Blender orders bones its own way)."""
JOINT_OFFSETS_KEY = "previz_joint_offsets"
"""The exact joint offsets, on the armature datablock (bone heads are float32 positions)."""

AssetResolver = Callable[[str], "Path | None"]
"""Maps an asset-library id to a file (None: not in the library)."""


def build_entity(
    entity: Entity,
    scene: bpy.types.Scene,
    base_dir: str | Path | None = None,
    resolve_asset: AssetResolver | None = None,
    report: list[str] | None = None,
) -> bpy.types.Object:
    """A new object for ``entity`` in ``scene`` (an armature when it has a skeleton), tagged,
    keyed and returned. ``base_dir`` resolves a relative asset path (default: the working
    folder); ``resolve_asset`` maps an asset-library id to a file. An asset that cannot be
    loaded becomes a white-box proxy and a line in ``report``."""
    warnings = report if report is not None else []
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    coll = role_collection(scene, "ENTITY")
    if entity.skeleton is not None:
        obj = build_armature(entity, coll)
        if entity.asset.path or entity.asset.id:
            warnings.append(
                f"{entity.id}: rigged asset files are not imported yet; showing a white-box "
                "mannequin on the World's skeleton"
            )
    else:
        path = _asset_file(entity, base, resolve_asset, warnings)
        parts = []
        if path is not None:
            try:
                parts = import_asset(path)
            except Exception as exc:
                warnings.append(f"{entity.id}: could not import {path} ({exc}); using a proxy")
        if parts:
            for part in all_descendants(parts):  # free the id for the entity's own object
                part.name = f"{entity.id}:{part.name}"[:63]
            obj = bpy.data.objects.new(entity.id, None)
            obj.empty_display_type = "PLAIN_AXES"
            coll.objects.link(obj)
            for part in all_descendants(parts):
                coll.objects.link(part)
                tag(part, entity.id, "PART", "")
            for part in parts:
                part.parent = obj
        else:
            obj = bpy.data.objects.new(entity.id, proxy_mesh(entity))
            coll.objects.link(obj)
            obj.display_type = "SOLID"

    tag(obj, entity.id, "ENTITY", entity.name)
    p = obj.previz
    p.kind = entity.kind.upper()
    p.semantic_class = entity.semantic_class
    p.appearance = entity.appearance
    for image in entity.reference_images:
        p.reference_images.add().path = image
    p.asset_id = entity.asset.id or ""
    p.asset_path = entity.asset.path or ""
    p.has_asset_size = entity.asset.size is not None
    if entity.asset.size is not None:
        p.asset_size = entity.asset.size
    p.has_skeleton = entity.skeleton is not None
    p.skeleton_template = (entity.skeleton.template or "") if entity.skeleton else ""
    write_transform(obj, entity)
    return obj


def _asset_file(
    entity: Entity, base: Path, resolve: AssetResolver | None, warnings: list[str]
) -> Path | None:
    asset = entity.asset
    if asset.path:
        path = Path(asset.path)
        path = path if path.is_absolute() else base / path
        if path.is_file():
            return path
        warnings.append(f"{entity.id}: asset file {asset.path} not found; using a white-box proxy")
        return None
    if asset.id:
        found = resolve(asset.id) if resolve is not None else None
        if found is not None and Path(found).is_file():
            return Path(found)
        warnings.append(f"{entity.id}: asset {asset.id!r} not in the asset library; using a proxy")
    return None


def build_armature(entity: Entity, coll: bpy.types.Collection) -> bpy.types.Object:
    """The armature of ``entity``'s skeleton in ``coll``: bones at the rest positions with the
    entity's axes, the joints keyed (`write_joints`), and a white-box mannequin skinned to it.
    The object is returned untagged; `build_entity` tags it and keys its transform."""
    skel = entity.skeleton
    assert skel is not None
    data = bpy.data.armatures.new(f"{entity.id}-skeleton")
    data.display_type = "OCTAHEDRAL"
    data[JOINT_ORDER_KEY] = [j.name for j in skel.joints]
    # Bone heads are absolute float32 positions, so offsets recomputed from them lose digits;
    # the exact offsets are kept beside them and used while the rest pose is unchanged.
    data[JOINT_OFFSETS_KEY] = {j.name: list(j.offset) for j in skel.joints}
    obj = bpy.data.objects.new(entity.id, data)
    obj.show_in_front = True
    _rest_bones(obj, skel)
    coll.objects.link(obj)

    write_joints(obj, skel)

    body = mannequin(entity, obj)
    coll.objects.link(body)
    tag(body, entity.id, "PART", "")
    return obj


def _rest_bones(obj: bpy.types.Object, skel: Skeleton) -> None:
    """The armature's bones at the skeleton's rest positions, made in edit mode in a scratch
    scene that holds only ``obj``: every operator call first updates its view layer, which in
    the real scene re-evaluates everything built so far (a 100-character crowd's build spent
    most of its time there, growing with each armature)."""
    data = obj.data
    rest = skel.rest_positions()
    first_child: dict[str, str] = {}
    for j in skel.joints:
        if j.parent is not None:
            first_child.setdefault(j.parent, j.name)
    scratch = bpy.data.scenes.new(".previz-armature")
    try:
        scratch.collection.objects.link(obj)
        view_layer = scratch.view_layers[0]
        view_layer.objects.active = obj
        with bpy.context.temp_override(scene=scratch, view_layer=view_layer, active_object=obj,
                                       object=obj, selected_objects=[obj],
                                       selected_editable_objects=[obj]):
            bpy.ops.object.mode_set(mode="EDIT")
            try:
                for j in skel.joints:
                    bone = data.edit_bones.new(j.name)
                    head = rest[j.name]
                    reach = (
                        float(((rest[first_child[j.name]] - head) ** 2).sum() ** 0.5)
                        if j.name in first_child else 0.0
                    )
                    length = max(0.6 * reach, 0.03)
                    # Tail along +Y with zero roll: the bone's rest frame is the entity frame,
                    # so the pose channels are exactly the World's joint rotation and location.
                    bone.head = head
                    bone.tail = (head[0], head[1] + length, head[2])
                    bone.roll = 0.0
                    bone.use_connect = False
                for j in skel.joints:
                    if j.parent is not None:
                        data.edit_bones[j.name].parent = data.edit_bones[j.parent]
            finally:
                bpy.ops.object.mode_set(mode="OBJECT")
        scratch.collection.objects.unlink(obj)
    finally:
        bpy.data.scenes.remove(scratch)


def write_joints(obj: bpy.types.Object, skeleton: Skeleton) -> None:
    """The joints' rotation and location channels as the armature's pose-bone keys (XYZ
    Euler, relative to the rest pose). Also used by the console's Motion panel."""
    for j in skeleton.joints:
        pb = obj.pose.bones[j.name]
        pb.rotation_mode = "XYZ"
        for i in range(3):
            write_param(obj, pb, "rotation_euler", j.rotation[i], i,
                        data_path=pb.path_from_id("rotation_euler"))
            write_param(obj, pb, "location", j.location[i], i,
                        data_path=pb.path_from_id("location"))


def read_entity(obj: bpy.types.Object) -> dict[str, Any]:
    """The World entity that ``obj`` holds (with its skeleton when it is a Previz armature),
    as a dict to validate."""
    p = obj.previz
    asset: dict[str, Any] = {}
    if p.asset_id:
        asset["id"] = p.asset_id
    if p.asset_path:
        asset["path"] = p.asset_path
    if p.has_asset_size:
        asset["size"] = [snap_f32(v) for v in p.asset_size]
    out: dict[str, Any] = {
        "id": p.id,
        "name": p.label,
        "kind": p.kind.lower(),
        "asset": asset,
        "semantic_class": p.semantic_class,
        "appearance": p.appearance,
        "reference_images": [item.path for item in p.reference_images],
        "transform": read_transform(obj),
    }
    if p.has_skeleton and obj.type == "ARMATURE":
        out["skeleton"] = read_skeleton(obj)
    return out


def read_skeleton(obj: bpy.types.Object) -> dict[str, Any]:
    """The World skeleton of the armature ``obj``: joints in the World's order, rest offsets
    from the bone heads (the exact stored ones while unchanged), pose channels as the joints'
    rotation and location."""
    bones = obj.data.bones
    order = list(obj.data.get(JOINT_ORDER_KEY, []))
    names = [n for n in order if n in bones] + [b.name for b in bones if b.name not in order]
    stored = obj.data.get(JOINT_OFFSETS_KEY, {})
    joints = []
    for name in names:
        bone = bones[name]
        pb = obj.pose.bones[name]
        if pb.rotation_mode != "XYZ":
            raise InputError(
                f"bone {name!r} of {obj.name!r}: rotation mode is {pb.rotation_mode}; Previz "
                "reads XYZ Euler (set it in the Bone properties)"
            )
        head = bone.head_local
        parent = bone.parent
        offset = [snap_f32(v) for v in (head - parent.head_local if parent is not None else head)]
        exact = stored.get(name)
        if exact is not None and all(abs(a - b) < 1e-5 for a, b in zip(offset, exact, strict=True)):
            offset = [float(v) for v in exact]
        where = f"bone {name!r} of {obj.name!r}"
        joints.append({
            "name": name,
            "parent": parent.name if parent is not None else None,
            "offset": offset,
            "rotation": read_vector(obj, pb, "rotation_euler", f"{where} rotation",
                                    pb.path_from_id("rotation_euler")),
            "location": read_vector(obj, pb, "location", f"{where} location",
                                    pb.path_from_id("location")),
        })
    return {"template": obj.previz.skeleton_template or None, "joints": joints}
