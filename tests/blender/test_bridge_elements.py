"""The bridge's public per-element pairs: each element built on its own, as Blender data with the
World's numbers, and read back into the same World element."""

from __future__ import annotations

import bpy
import pytest

from previz.addon.bridge.camera import build_camera, read_camera, write_lens
from previz.addon.bridge.entity import build_entity, read_entity, read_skeleton
from previz.addon.bridge.environment import build_environment, read_environment
from previz.addon.bridge.light import build_light, read_light
from previz.addon.bridge.objects import clear_animation, read_transform, write_transform
from previz.addon.bridge.relation import build_relation, read_relations
from previz.addon.bridge.shot import build_shot, read_shot
from previz.addon.properties import ensure_registered
from previz.world import Camera, Entity, Light, Relation, Shot, World
from previz.world.models import Environment

pytestmark = pytest.mark.blender


@pytest.fixture
def scene(clean_scene: bpy.types.Scene) -> bpy.types.Scene:
    ensure_registered()  # what `build`/`read` do first; the element pairs assume it
    return clean_scene


ZOOM = {"keys": [{"frame": 1, "value": 35.0, "interpolation": "linear"},
                 {"frame": 25, "value": 85.0, "interpolation": "linear"}]}


def test_camera_pair_keys_the_focal_length_and_reads_it_back(scene) -> None:
    cam = Camera.model_validate({
        "id": "cam", "name": "A camera", "focal_length": ZOOM, "sensor_width": 24.0,
        "dof": True, "focus_distance": 3.5, "fstop": 1.4, "clip_start": 0.05, "clip_end": 250.0,
        "transform": {"location": [1.0, -4.0, 1.6]}})
    obj = build_camera(cam, scene)
    assert obj.name == "cam" and obj.previz.role == "CAMERA"
    assert obj.users_collection[0].name == "Previz Cameras"
    scene.frame_set(13)
    assert obj.data.lens == pytest.approx(60.0)  # halfway along the linear zoom
    assert obj.data.sensor_width == pytest.approx(24.0)
    assert obj.data.dof.aperture_fstop == pytest.approx(1.4)
    back = Camera.model_validate(read_camera(obj))
    assert back == cam
    assert [k.value for k in back.focal_length.keys] == [35.0, 85.0]


def test_write_lens_replaces_a_keyed_lens_with_a_static_one(scene) -> None:
    obj = build_camera(Camera.model_validate({"id": "cam", "focal_length": ZOOM}), scene)
    clear_animation(obj.data)
    write_lens(obj.data, Camera.model_validate({"id": "cam", "focal_length": 28.0}))
    assert read_camera(obj)["focal_length"] == pytest.approx(28.0)


def test_light_pair_carries_power_and_temperature(scene) -> None:
    light = Light.model_validate({
        "id": "key", "name": "Key", "type": "spot", "power": 750.0, "temperature": 3200.0,
        "size": 0.25, "spot_angle": 0.6, "spot_blend": 0.3,
        "transform": {"location": [2.0, -2.0, 3.0]}})
    obj = build_light(light, scene)
    assert obj.users_collection[0].name == "Previz Lights"
    assert obj.data.type == "SPOT"
    assert obj.data.energy == pytest.approx(750.0)
    assert obj.data.use_temperature and obj.data.temperature == pytest.approx(3200.0)
    assert obj.data.shadow_soft_size == pytest.approx(0.25)
    out = read_light(obj)
    assert out["power"] == pytest.approx(750.0) and out["temperature"] == pytest.approx(3200.0)
    assert Light.model_validate(out) == light


def test_environment_pair_carries_colour_strength_and_sun(scene) -> None:
    world = World.model_validate({
        "lights": [{"id": "sun", "type": "sun", "transform": {"rotation": [0.6, 0.0, 0.4]}}],
        "environment": {"color": [0.1, 0.2, 0.4], "strength": 0.5, "sun": "sun"}})
    build_environment(world, scene)
    assert scene.world.name.startswith("Previz Environment")
    sky = scene.world.node_tree.nodes["Previz Sky"]
    assert sky.sun_elevation == pytest.approx(0.9708, abs=1e-3)  # asin(cos 0.6): 90° − 0.6 rad
    env = Environment.model_validate(read_environment(scene))
    assert env == world.environment


def test_no_environment_unsets_the_previz_world_and_reads_none(scene) -> None:
    build_environment(World.model_validate({"environment": {"strength": 2.0}}), scene)
    assert read_environment(scene)["strength"] == pytest.approx(2.0)
    build_environment(World(), scene)
    assert scene.world is None and read_environment(scene) is None


def test_entity_pair_builds_a_proxy_and_reads_its_fields(scene) -> None:
    report: list[str] = []
    entity = Entity.model_validate({
        "id": "table", "name": "Table", "kind": "prop", "semantic_class": "table",
        "appearance": "oak", "asset": {"size": [1.2, 0.8, 0.75]},
        "transform": {"location": [0.5, 1.0, 0.0], "rotation": [0.0, 0.0, 0.3]}})
    obj = build_entity(entity, scene, report=report)
    assert obj.type == "MESH" and obj.users_collection[0].name == "Previz Entities"
    assert report == []
    assert tuple(obj.location) == pytest.approx((0.5, 1.0, 0.0))
    assert Entity.model_validate(read_entity(obj)) == entity


def test_entity_pair_builds_the_skeleton_as_an_armature(scene) -> None:
    entity = Entity.model_validate({
        "id": "hero", "kind": "character", "skeleton": {"joints": [
            {"name": "hips", "offset": [0.0, 0.0, 1.0]},
            {"name": "spine", "parent": "hips", "offset": [0.0, 0.0, 0.25],
             "rotation": [0.2, 0.0, 0.0]},
            {"name": "head", "parent": "spine", "offset": [0.0, 0.0, 0.5]}]}})
    obj = build_entity(entity, scene)
    assert obj.type == "ARMATURE"
    assert obj.data.bones["spine"].head_local.z == pytest.approx(1.25)
    assert obj.pose.bones["spine"].rotation_euler.x == pytest.approx(0.2)
    skeleton = read_skeleton(obj)
    assert [j["name"] for j in skeleton["joints"]] == ["hips", "spine", "head"]
    assert skeleton["joints"][2]["offset"] == pytest.approx([0.0, 0.0, 0.5])
    assert Entity.model_validate(read_entity(obj)) == entity


def test_a_missing_asset_file_becomes_a_proxy_and_a_report_line(scene, tmp_path) -> None:
    report: list[str] = []
    entity = Entity.model_validate({"id": "vase", "kind": "prop",
                                    "asset": {"path": "nowhere.glb", "size": [0.2, 0.2, 0.4]}})
    obj = build_entity(entity, scene, base_dir=tmp_path, report=report)
    assert obj.type == "MESH"
    assert report == ["vase: asset file nowhere.glb not found; using a white-box proxy"]


def test_write_transform_rekeys_an_object_the_bridge_built(scene) -> None:
    cam = Camera.model_validate({"id": "cam", "transform": {"location": [
        {"keys": [{"frame": 1, "value": 0.0}, {"frame": 10, "value": 5.0}]}, 0.0, 1.6]}})
    obj = build_camera(cam, scene)
    clear_animation(obj)
    write_transform(obj, Camera.model_validate(
        {"id": "cam", "transform": {"location": [2.0, 3.0, 4.0], "scale": [1.0, 1.0, 2.0]}}))
    t = read_transform(obj)
    assert t["location"] == pytest.approx([2.0, 3.0, 4.0])
    assert t["scale"] == pytest.approx([1.0, 1.0, 2.0])


def test_shot_pair_puts_the_marker_at_the_first_frame_bound_to_the_camera(scene) -> None:
    cam = build_camera(Camera(id="cam"), scene)
    shot = Shot.model_validate({"id": "s1", "camera": "cam", "frame_start": 10,
                                "frame_end": 30, "resolution": [640, 360], "seed": 7,
                                "prompt": "a quiet room",
                                "render": {"control": ["depth", "canny"], "steps": 20}})
    marker = build_shot(shot, scene, {"cam": cam})
    assert marker.name == "s1" and marker.frame == 10 and marker.camera == cam
    back = Shot.model_validate(read_shot(scene, scene.previz.shots[0]))
    assert back == shot


def test_read_shot_takes_start_and_camera_from_the_marker(scene) -> None:
    cams = {c: build_camera(Camera(id=c), scene) for c in ("a", "b")}
    build_shot(Shot(id="s1", camera="a", frame_start=10, frame_end=30), scene, cams)
    marker = scene.timeline_markers["s1"]
    marker.frame = 41
    marker.camera = cams["b"]
    out = read_shot(scene, scene.previz.shots[0])
    assert (out["frame_start"], out["frame_end"], out["camera"]) == (41, 61, "b")


def test_relation_pair_reads_the_constraint_target(scene) -> None:
    objs = {e: build_entity(Entity(id=e, kind="prop"), scene) for e in ("cup", "tray", "desk")}
    build_relation(Relation(type="attached_to", subject="cup", target="tray"), scene, objs)
    con = objs["cup"].constraints["Previz attached_to"]
    assert con.target == objs["tray"]
    con.target = objs["desk"]  # what a person edits in Blender wins
    ids = {o: i for i, o in objs.items()}
    assert read_relations(scene, ids) == [
        {"type": "attached_to", "subject": "cup", "target": "desk"}]
