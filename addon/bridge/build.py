"""World → Blender scene.

Every entity, camera and light becomes one object named by its id, with `Object.previz.id` set
and its animation as F-curves; skeletons become armatures whose bones have the entity's axes at
rest (so a joint's Euler channels in Blender are the World's numbers); `attached_to` becomes a
Child Of constraint; shots become timeline markers bound to cameras. The inverse is `read.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import bpy

from previz.world import Camera, Entity, Light, Relation, Shot, World
from previz.world.models import Environment, Skeleton
from previz.world.tracks import Curve, sample

from ..properties import ensure_registered
from .fcurves import write_param
from .geometry import all_descendants, import_asset, mannequin, proxy_mesh

ENVIRONMENT_KEY = "previz_environment"  # marks the Blender world a Previz environment owns
ENVIRONMENT_SUN_KEY = "previz_sun"
COLLECTIONS = {"ENTITY": "Previz Entities", "CAMERA": "Previz Cameras", "LIGHT": "Previz Lights"}
ATTACH_CONSTRAINT = "Previz attached_to"
JOINT_ORDER_KEY = "previz_joint_order"
JOINT_OFFSETS_KEY = "previz_joint_offsets"

AssetResolver = Callable[[str], "Path | None"]


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
    line in ``report``."""
    ensure_registered()
    scene = scene or bpy.context.scene
    warnings = report if report is not None else []
    base = Path(base_dir) if base_dir is not None else Path.cwd()

    fps = round(world.fps)
    scene.render.fps = max(fps, 1)
    scene.render.fps_base = scene.render.fps / world.fps

    objects: dict[str, bpy.types.Object] = {}
    for entity in world.entities:
        objects[entity.id] = _entity(entity, scene, base, resolve_asset, warnings)
    for camera in world.cameras:
        objects[camera.id] = _camera(camera, scene)
    for light in world.lights:
        objects[light.id] = _light(light, scene)
    _environment(world, scene)
    for relation in world.relations:
        _relation(relation, scene, objects)
    for shot in world.shots:
        _shot(shot, scene, objects)

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


def _collection(scene: bpy.types.Scene, role: str) -> bpy.types.Collection:
    name = COLLECTIONS[role]
    coll = scene.collection.children.get(name)
    if coll is None:
        coll = bpy.data.collections.new(name)
        scene.collection.children.link(coll)
    return coll


def _tag(obj: bpy.types.Object, id: str, role: str, name: str) -> None:
    obj.previz.id = id
    obj.previz.role = role
    obj.previz.label = name


def _transform(obj: bpy.types.Object, entity_like: Entity | Camera | Light) -> None:
    t = entity_like.transform
    obj.rotation_mode = "XYZ"
    for prop, vec in (("location", t.location), ("rotation_euler", t.rotation), ("scale", t.scale)):
        for i, param in enumerate(vec):
            write_param(obj, obj, prop, param, i)


def _entity(
    entity: Entity, scene: bpy.types.Scene, base: Path, resolve: AssetResolver | None,
    warnings: list[str],
) -> bpy.types.Object:
    coll = _collection(scene, "ENTITY")
    if entity.skeleton is not None:
        obj = _armature(entity, coll)
        if entity.asset.path or entity.asset.id:
            warnings.append(
                f"{entity.id}: rigged asset files are not imported yet; showing a white-box "
                "mannequin on the World's skeleton"
            )
    else:
        path = _asset_file(entity, base, resolve, warnings)
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
                _tag(part, entity.id, "PART", "")
            for part in parts:
                part.parent = obj
        else:
            obj = bpy.data.objects.new(entity.id, proxy_mesh(entity))
            coll.objects.link(obj)
            obj.display_type = "SOLID"

    _tag(obj, entity.id, "ENTITY", entity.name)
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
    _transform(obj, entity)
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


def _armature(entity: Entity, coll: bpy.types.Collection) -> bpy.types.Object:
    skel = entity.skeleton
    assert skel is not None
    data = bpy.data.armatures.new(f"{entity.id}-skeleton")
    data.display_type = "OCTAHEDRAL"
    data[JOINT_ORDER_KEY] = [j.name for j in skel.joints]
    # Bone heads are absolute float32 positions, so offsets recomputed from them lose digits;
    # the exact offsets are kept beside them and used while the rest pose is unchanged.
    data[JOINT_OFFSETS_KEY] = {j.name: list(j.offset) for j in skel.joints}
    obj = bpy.data.objects.new(entity.id, data)
    coll.objects.link(obj)
    obj.show_in_front = True

    rest = skel.rest_positions()
    first_child: dict[str, str] = {}
    for j in skel.joints:
        if j.parent is not None:
            first_child.setdefault(j.parent, j.name)
    view_layer = bpy.context.view_layer
    previous = view_layer.objects.active
    view_layer.objects.active = obj
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
            # Tail along +Y with zero roll: the bone's rest frame is the entity frame, so the
            # pose channels are exactly the World's joint rotation and location.
            bone.head = head
            bone.tail = (head[0], head[1] + length, head[2])
            bone.roll = 0.0
            bone.use_connect = False
        for j in skel.joints:
            if j.parent is not None:
                data.edit_bones[j.name].parent = data.edit_bones[j.parent]
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")
        view_layer.objects.active = previous

    write_joints(obj, skel)

    body = mannequin(entity, obj)
    coll.objects.link(body)
    _tag(body, entity.id, "PART", "")
    return obj


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


def write_lens(data: bpy.types.Camera, camera: Camera) -> None:
    """The camera's lens, sensor and depth of field (keyed where they are curves) on a Blender
    camera datablock. Also used by the console's Camera panel."""
    data.lens_unit = "MILLIMETERS"
    data.sensor_fit = "HORIZONTAL"
    data.sensor_width = camera.sensor_width
    data.dof.use_dof = camera.dof
    write_param(data, data, "lens", camera.focal_length)
    write_param(data, data.dof, "focus_distance", camera.focus_distance,
                data_path="dof.focus_distance")
    write_param(data, data.dof, "aperture_fstop", camera.fstop, data_path="dof.aperture_fstop")


def clear_animation(block: bpy.types.ID) -> None:
    """Drop ``block``'s animation, and its action when nothing else uses it."""
    old = block.animation_data.action if block.animation_data else None
    block.animation_data_clear()
    if old is not None and old.users == 0:
        bpy.data.actions.remove(old)


def _camera(camera: Camera, scene: bpy.types.Scene) -> bpy.types.Object:
    data = bpy.data.cameras.new(camera.id)
    data.clip_start = camera.clip_start
    data.clip_end = camera.clip_end
    write_lens(data, camera)
    obj = bpy.data.objects.new(camera.id, data)
    _collection(scene, "CAMERA").objects.link(obj)
    _tag(obj, camera.id, "CAMERA", camera.name)
    _transform(obj, camera)
    return obj


def _light(light: Light, scene: bpy.types.Scene) -> bpy.types.Object:
    data = bpy.data.lights.new(light.id, light.type.upper())
    if hasattr(data, "use_temperature"):
        for i, channel in enumerate(light.color):
            write_param(data, data, "color", channel, index=i)
        data.use_temperature = light.temperature is not None
        if light.temperature is not None:
            write_param(data, data, "temperature", light.temperature)
    else:  # pragma: no cover - Blender < 4.5: no temperature property, colour at frame 1
        from previz.world.evaluate import light_color

        data.color = light_color(light, 1.0)
        if light.temperature is not None:
            data["previz_temperature"] = sample(light.temperature, 1.0)
    write_param(data, data, "energy", light.power)
    if light.type in ("point", "spot"):
        data.shadow_soft_size = light.size
    elif light.type == "area":
        data.shape = "SQUARE"
        data.size = light.size
    else:
        data.angle = light.size
    if light.type == "spot":
        data.spot_size = light.spot_angle
        data.spot_blend = light.spot_blend
    obj = bpy.data.objects.new(light.id, data)
    _collection(scene, "LIGHT").objects.link(obj)
    _tag(obj, light.id, "LIGHT", light.name)
    _transform(obj, light)
    return obj


def background_path(node: bpy.types.Node, socket: str) -> str:
    """The F-curve data path of a node input's value, from the node tree."""
    index = list(node.inputs).index(node.inputs[socket])
    return f'nodes["{node.name}"].inputs[{index}].default_value'


def _environment(world: World, scene: bpy.types.Scene) -> None:
    """``world.environment`` as the scene's Blender world: a Background shader whose colour and
    strength carry the (keyed) values; with a sun, a physical sky drives the colour, its sun
    standing where the sun light shines from (keyed at the light's rotation keys)."""
    env = world.environment
    if env is None:
        if scene.world is not None and scene.world.get(ENVIRONMENT_KEY):
            scene.world = None
        return
    bw = bpy.data.worlds.new("Previz Environment")
    bw[ENVIRONMENT_KEY] = True
    bw.use_nodes = True
    tree = bw.node_tree
    bg = next(n for n in tree.nodes if n.type == "BACKGROUND")
    color, strength = bg.inputs["Color"], bg.inputs["Strength"]
    for i, channel in enumerate(env.color):
        write_param(tree, color, "default_value", channel, index=i,
                    data_path=background_path(bg, "Color"))
    color.default_value[3] = 1.0
    write_param(tree, strength, "default_value", env.strength,
                data_path=background_path(bg, "Strength"))
    bw.color = tuple(sample(c, 1.0) for c in env.color)  # the viewport's flat colour
    if env.sun is not None:
        bw[ENVIRONMENT_SUN_KEY] = env.sun
        _sun_sky(tree, bg, world, env)
    scene.world = bw


def _sun_sky(tree: bpy.types.NodeTree, bg: bpy.types.Node, world: World,
             env: Environment) -> None:
    import math

    sky = tree.nodes.new("ShaderNodeTexSky")
    sky.name = "Previz Sky"
    if "NISHITA" in sky.bl_rna.properties["sky_type"].enum_items:
        sky.sky_type = "NISHITA"
    tree.links.new(sky.outputs["Color"], bg.inputs["Color"])
    sun = next(li for li in world.lights if li.id == env.sun)
    rot = sun.transform.rotation
    frames = sorted({k.frame for ch in rot if isinstance(ch, Curve) for k in ch.keys}) or [1.0]
    state_at = {f: world.evaluate(f).lights[sun.id].matrix for f in frames}
    for f, m in state_at.items():
        towards = m[:3, 2]  # a sun shines down its local −Z: the sun stands along +Z
        sky.sun_elevation = math.asin(max(-1.0, min(1.0, float(towards[2]))))
        sky.sun_rotation = math.atan2(float(towards[0]), float(towards[1])) % math.tau
        if len(frames) > 1:
            sky.keyframe_insert("sun_elevation", frame=f)
            sky.keyframe_insert("sun_rotation", frame=f)


def _relation(
    rel: Relation, scene: bpy.types.Scene, objects: dict[str, bpy.types.Object]
) -> None:
    item = scene.previz.relations.add()
    item.type = rel.type.upper()
    item.subject = rel.subject
    item.target = rel.target
    item.joint = rel.joint or ""
    if rel.type != "attached_to":
        return
    con = objects[rel.subject].constraints.new("CHILD_OF")
    con.name = ATTACH_CONSTRAINT
    con.target = objects[rel.target]
    if rel.joint is not None:
        con.subtarget = rel.joint
    # Identity inverse: the subject's own transform is read relative to the target (or joint).
    con.inverse_matrix.identity()
    con.set_inverse_pending = False


def _shot(shot: Shot, scene: bpy.types.Scene, objects: dict[str, bpy.types.Object]) -> None:
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
    marker = scene.timeline_markers.new(shot.id, frame=shot.frame_start)
    marker.camera = objects[shot.camera]



