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
"""

from __future__ import annotations

from typing import Any

import bpy
from pydantic import ValidationError

from previz.world import World
from previz.world.canonical import snap_f32
from previz.world.errors import InputError
from previz.world.validation import WorldError, problems_from_validation_error

from ..properties import ensure_registered
from .build import (
    ATTACH_CONSTRAINT,
    ENVIRONMENT_KEY,
    ENVIRONMENT_SUN_KEY,
    JOINT_OFFSETS_KEY,
    JOINT_ORDER_KEY,
    background_path,
)
from .fcurves import read_param


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
        "entities": [_entity(o) for o in _sorted(by_role["ENTITY"])],
        "cameras": [_camera(o) for o in _sorted(by_role["CAMERA"])],
        "lights": [_light(o) for o in _sorted(by_role["LIGHT"])],
        "environment": _environment(scene),
        "relations": _relations(scene, ids),
        "shots": _shots(scene, ids),
    }
    try:
        return World.model_validate(data)
    except ValidationError as exc:
        raise WorldError(problems_from_validation_error(exc), f"scene {scene.name!r}") from None


def _sorted(objs: list[bpy.types.Object]) -> list[bpy.types.Object]:
    return sorted(objs, key=lambda o: o.previz.id)


def _vec(id_block: Any, owner: Any, prop: str, where: str, data_path: str | None = None) -> list:
    return [
        read_param(id_block, owner, prop, i, data_path=data_path, where=f"{where}[{i}]")
        for i in range(3)
    ]


def _transform(obj: bpy.types.Object) -> dict[str, Any]:
    if obj.rotation_mode != "XYZ":
        raise InputError(
            f"object {obj.name!r}: rotation mode is {obj.rotation_mode}; Previz reads XYZ Euler "
            "(set Rotation Mode to XYZ Euler in the Object properties)"
        )
    where = f"object {obj.name!r}"
    return {
        "location": _vec(obj, obj, "location", f"{where} location"),
        "rotation": _vec(obj, obj, "rotation_euler", f"{where} rotation"),
        "scale": _vec(obj, obj, "scale", f"{where} scale"),
    }


def _entity(obj: bpy.types.Object) -> dict[str, Any]:
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
        "transform": _transform(obj),
    }
    if p.has_skeleton and obj.type == "ARMATURE":
        out["skeleton"] = _skeleton(obj)
    return out


def _skeleton(obj: bpy.types.Object) -> dict[str, Any]:
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
            "rotation": _vec(obj, pb, "rotation_euler", f"{where} rotation",
                             pb.path_from_id("rotation_euler")),
            "location": _vec(obj, pb, "location", f"{where} location", pb.path_from_id("location")),
        })
    return {"template": obj.previz.skeleton_template or None, "joints": joints}


def _camera(obj: bpy.types.Object) -> dict[str, Any]:
    data = obj.data
    if data.sensor_fit != "HORIZONTAL":
        raise InputError(
            f"camera {obj.name!r}: sensor fit is {data.sensor_fit}; Previz uses Horizontal "
            "(the World's sensor_width is the horizontal size)"
        )
    where = f"camera {obj.name!r}"
    return {
        "id": obj.previz.id,
        "name": obj.previz.label,
        "transform": _transform(obj),
        "focal_length": read_param(data, data, "lens", where=f"{where} lens"),
        "sensor_width": snap_f32(data.sensor_width),
        "dof": data.dof.use_dof,
        "focus_distance": read_param(data, data.dof, "focus_distance",
                                     data_path="dof.focus_distance", where=f"{where} focus"),
        "fstop": read_param(data, data.dof, "aperture_fstop", data_path="dof.aperture_fstop",
                            where=f"{where} f-stop"),
        "clip_start": snap_f32(data.clip_start),
        "clip_end": snap_f32(data.clip_end),
    }


def _light(obj: bpy.types.Object) -> dict[str, Any]:
    data = obj.data
    kind = data.type.lower()
    out: dict[str, Any] = {
        "id": obj.previz.id,
        "name": obj.previz.label,
        "type": kind,
        "transform": _transform(obj),
        "power": read_param(data, data, "energy", where=f"light {obj.name!r} power"),
        "color": [read_param(data, data, "color", index=i, where=f"light {obj.name!r} colour")
                  for i in range(3)],
    }
    if getattr(data, "use_temperature", False):
        out["temperature"] = read_param(data, data, "temperature",
                                        where=f"light {obj.name!r} temperature")
    elif "previz_temperature" in data:  # pragma: no cover - Blender < 4.5
        out["temperature"] = data["previz_temperature"]
    if kind in ("point", "spot"):
        out["size"] = snap_f32(data.shadow_soft_size)
    elif kind == "area":
        out["size"] = snap_f32(data.size)
    else:
        out["size"] = snap_f32(data.angle)
    if kind == "spot":
        out["spot_angle"] = snap_f32(data.spot_size)
        out["spot_blend"] = snap_f32(data.spot_blend)
    return out


def _environment(scene: bpy.types.Scene) -> dict[str, Any] | None:
    """The environment of a Blender world that Previz built (others are not part of the
    World): the Background's colour and strength, keyed or not, and the linked sun."""
    bw = scene.world
    if bw is None or not bw.get(ENVIRONMENT_KEY) or bw.node_tree is None:
        return None
    bg = next((n for n in bw.node_tree.nodes if n.type == "BACKGROUND"), None)
    if bg is None:
        return None
    tree, color, strength = bw.node_tree, bg.inputs["Color"], bg.inputs["Strength"]
    out: dict[str, Any] = {
        "color": [read_param(tree, color, "default_value", index=i,
                             data_path=background_path(bg, "Color"), where="world colour")
                  for i in range(3)],
        "strength": read_param(tree, strength, "default_value",
                               data_path=background_path(bg, "Strength"),
                               where="world strength"),
    }
    if bw.get(ENVIRONMENT_SUN_KEY):
        out["sun"] = str(bw[ENVIRONMENT_SUN_KEY])
    return out


def _relations(scene: bpy.types.Scene, ids: dict[bpy.types.Object, str]) -> list[dict[str, Any]]:
    by_id = {oid: obj for obj, oid in ids.items()}
    out = []
    for item in scene.previz.relations:
        if item.subject not in by_id or item.target not in by_id:
            continue  # a person deleted one end in Blender: the relation went with it
        rel = {"type": item.type.lower(), "subject": item.subject, "target": item.target}
        if item.joint:
            rel["joint"] = item.joint
        subject = by_id.get(item.subject)
        con = subject.constraints.get(ATTACH_CONSTRAINT) if subject is not None else None
        if rel["type"] == "attached_to" and con is not None and con.target in ids:
            # The constraint is what a person edits in Blender: its target wins.
            rel["target"] = ids[con.target]
            rel.pop("joint", None)
            if con.subtarget:
                rel["joint"] = con.subtarget
        out.append(rel)
    return out


def _shots(scene: bpy.types.Scene, ids: dict[bpy.types.Object, str]) -> list[dict[str, Any]]:
    markers = {m.name: m for m in scene.timeline_markers}
    out = []
    for item in scene.previz.shots:
        start, end, camera = item.frame_start, item.frame_end, item.camera
        marker = markers.get(item.id)
        if marker is not None:
            start, end = marker.frame, marker.frame + (item.frame_end - item.frame_start)
            if marker.camera is not None:
                camera = ids.get(marker.camera, marker.camera.name)
        r = item.render
        out.append({
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
        })
    return out
