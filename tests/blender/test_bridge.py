"""World ⇄ Blender: round trips, exact evaluation in Blender, assets and proxies, edits."""

from __future__ import annotations

import math
from pathlib import Path

import bpy
import numpy as np
import pytest
from bpy_extras.anim_utils import action_get_channelbag_for_slot

from previz.addon.bridge import build, read
from previz.world import World, WorldError, differences, load_world
from previz.world.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_every_example(clean_scene, example_path: Path) -> None:
    world = load_world(example_path)
    build(world, clean_scene, base_dir=example_path.parent)
    back = read(clean_scene)
    assert differences(world, back, atol=1e-6) == []
    assert back.content_hash() == world.content_hash()


def _matrix_of(state, oid: str) -> np.ndarray:
    for group in (state.entities, state.cameras, state.lights):
        if oid in group:
            return group[oid].matrix
    raise KeyError(oid)


@pytest.mark.parametrize("frame", [1.0, 2.5, 13.0, 17.3, 30.75, 47.0, 60.2, 96.0])
def test_blender_evaluates_like_the_world(clean_scene, example_path: Path, frame: float) -> None:
    """Objects, joints (through the armature), attachments, lens and power agree with
    `World.evaluate` at whole and fractional frames: the World *is* the scene."""
    world = load_world(example_path)
    build(world, clean_scene, base_dir=example_path.parent)
    clean_scene.frame_set(int(frame), subframe=frame - int(frame))
    state = world.evaluate(frame)
    for obj in clean_scene.objects:
        if obj.previz.role in ("ENTITY", "CAMERA", "LIGHT"):
            expected = _matrix_of(state, obj.previz.id)
            assert np.abs(np.array(obj.matrix_world) - expected).max() < 1e-5, obj.name
        if obj.type == "ARMATURE":
            joints = state.entities[obj.previz.id].joints
            for bone in obj.pose.bones:
                got = np.array(obj.matrix_world) @ np.array(bone.matrix)
                assert np.abs(got - joints[bone.name]).max() < 1e-5, (obj.name, bone.name)
    for cam in world.cameras:
        assert bpy.data.objects[cam.id].data.lens == pytest.approx(
            state.cameras[cam.id].focal_length, abs=1e-4)
    for light in world.lights:
        assert bpy.data.objects[light.id].data.energy == pytest.approx(
            state.lights[light.id].power, rel=1e-6, abs=1e-4)


def test_cli_build_then_export_equals_example(example_path: Path, tmp_path: Path, capsys) -> None:
    from previz.addon.cli import main

    blend = tmp_path / f"{example_path.stem}.blend"
    exported = tmp_path / "y.json"
    assert main(["build", str(example_path), "-o", str(blend)]) == 0
    assert blend.is_file()
    assert main(["export", str(blend), "-o", str(exported)]) == 0
    assert exported.read_text() == load_world(example_path).canonical_json()


def test_joint_angle_is_exact_in_blender(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    bone = bpy.data.objects["mara"].pose.bones["left_elbow"]
    assert bone.rotation_mode == "XYZ"
    assert bone.rotation_euler[2] == pytest.approx(-1.2, abs=1e-6)
    clean_scene.frame_set(12)
    neck = bpy.data.objects["mara"].pose.bones["neck"]
    assert neck.rotation_euler[0] == pytest.approx(0.25, abs=1e-6)


def test_missing_asset_becomes_sized_proxy_with_warning(clean_scene) -> None:
    world = World.model_validate({"entities": [
        {"id": "crate", "kind": "prop", "asset": {"path": "nowhere/crate.glb",
                                                  "size": [1.0, 0.5, 0.25]}},
        {"id": "lib", "kind": "prop", "asset": {"id": "starter/sofa"}},
    ]})
    report: list[str] = []
    build(world, clean_scene, report=report)
    crate = bpy.data.objects["crate"]
    assert crate.type == "MESH"
    assert tuple(crate.dimensions) == pytest.approx((1.0, 0.5, 0.25))
    bottom = min((crate.matrix_world @ v.co).z for v in crate.data.vertices)
    assert bottom == pytest.approx(0.0)  # origin at the bottom centre
    assert bpy.data.objects["lib"].type == "MESH"
    assert any("crate" in line and "not found" in line for line in report)
    assert any("starter/sofa" in line for line in report)


def test_asset_file_is_imported_under_the_entity(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "orbit_prop.json")
    report: list[str] = []
    build(world, clean_scene, base_dir=ROOT / "examples", report=report)
    assert not any("statue" in line for line in report)
    statue = bpy.data.objects["statue"]
    assert statue.type == "EMPTY"
    parts = [o for o in statue.children_recursive if o.type == "MESH"]
    assert parts and all(p.previz.role == "PART" and p.previz.id == "statue" for p in parts)
    pts = np.array([p.matrix_world @ v.co for p in parts for v in p.data.vertices])
    size = pts.max(axis=0) - pts.min(axis=0)
    assert size == pytest.approx([0.5, 0.3, 0.7], abs=1e-4)  # glTF Y-up became Blender Z-up
    assert pts[:, 2].min() == pytest.approx(1.0, abs=1e-4)  # sits on the pedestal
    assert read(clean_scene).content_hash() == world.content_hash()


def test_resolver_maps_library_ids(clean_scene, tmp_path: Path) -> None:
    glb = ROOT / "examples" / "assets" / "statue.glb"
    world = World.model_validate({"entities": [{"id": "s", "kind": "prop",
                                                "asset": {"id": "lib/statue"}}]})
    build(world, clean_scene, resolve_asset=lambda i: glb if i == "lib/statue" else None)
    assert bpy.data.objects["s"].type == "EMPTY"


def test_character_gets_skinned_mannequin(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    body = bpy.data.objects["theo-mannequin"]
    assert body.parent.name == "theo" and body.modifiers["Armature"].object.name == "theo"
    assert body.previz.role == "PART"
    # The raised right arm: skinned vertices follow the shoulder rotation at frame 20.
    clean_scene.frame_set(20)
    deps = bpy.context.evaluated_depsgraph_get()
    mesh = body.evaluated_get(deps).to_mesh()
    top = max((body.matrix_world @ v.co).z for v in mesh.vertices)
    body.evaluated_get(deps).to_mesh_clear()
    assert top > 1.9  # the waving hand is above the head (head top ~1.68 m)


def test_armatures_are_built_aside_and_land_in_the_scene_only(clean_scene) -> None:
    """Bones are made in edit mode in a scratch scene (the real scene's view layer is not
    re-evaluated for every armature): nothing of it is left, each armature and its body are in
    the scene alone, in object mode, with the bones' rest frame the entity's axes, and the
    scene's active object is untouched."""
    from previz.addon.bridge.entity import build_armature
    from previz.addon.properties import ensure_registered

    ensure_registered()
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    scenes = set(bpy.data.scenes)
    updated: list[str] = []

    def seen(scene, _depsgraph) -> None:  # type: ignore[no-untyped-def]
        updated.append(scene.name)

    bpy.app.handlers.depsgraph_update_post.append(seen)
    try:
        hero = next(e for e in world.entities if e.skeleton is not None)
        build_armature(hero, clean_scene.collection)
    finally:
        bpy.app.handlers.depsgraph_update_post.remove(seen)
    assert updated and clean_scene.name not in updated  # only the scratch scene was evaluated
    bpy.ops.wm.read_homefile(use_empty=True)
    clean_scene = bpy.context.scene
    scenes = set(bpy.data.scenes)
    clean_scene.view_layers[0].objects.active = None
    build(world, clean_scene)
    assert set(bpy.data.scenes) == scenes
    assert clean_scene.view_layers[0].objects.active is None
    for eid in ("mara", "theo"):
        arm, body = bpy.data.objects[eid], bpy.data.objects[f"{eid}-mannequin"]
        assert arm.users_scene == (clean_scene,) and body.users_scene == (clean_scene,)
        assert arm.mode == "OBJECT" and arm.pose is not None
        skel = next(e.skeleton for e in world.entities if e.id == eid)
        rest = skel.rest_positions()
        assert sorted(b.name for b in arm.data.bones) == sorted(j.name for j in skel.joints)
        for j in skel.joints:
            m = np.array(arm.data.bones[j.name].matrix_local)
            assert np.allclose(m[:3, :3], np.eye(3), atol=1e-6)
            assert np.allclose(m[:3, 3], rest[j.name], atol=1e-6)


def test_edits_in_blender_come_back(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    table = bpy.data.objects["table"]
    table.location = (0.5, 1.2, 0.0)
    table.keyframe_insert("location", index=0, frame=1)
    table.location[0] = 1.5
    table.keyframe_insert("location", index=0, frame=25)
    bpy.data.objects["key"].data.energy = 555.0
    bpy.data.objects["wide"].data.lens = 24.0
    elbow = bpy.data.objects["theo"].pose.bones["left_elbow"]
    elbow.rotation_euler[1] = math.radians(15)

    back = read(clean_scene)
    assert back.content_hash() != world.content_hash()
    diffs = differences(world, back)
    assert all(d.split(":")[0].startswith(("entities[", "lights[0].power", "cameras[1]"))
               for d in diffs), diffs
    t = back.entity("table").transform
    assert t.location[1] == pytest.approx(1.2)
    assert [k.value for k in t.location[0].keys] == pytest.approx([0.5, 1.5])
    assert back.light("key").power == pytest.approx(555.0)
    assert back.camera("wide").focal_length == pytest.approx(24.0)
    theo = back.entity("theo").skeleton.joint("left_elbow")
    assert theo.rotation[1] == pytest.approx(math.radians(15), abs=1e-6)  # a 15° elbow is 15°
    assert back.evaluate(13).entities["table"].location[0] == pytest.approx(1.0)


def fcurve(obj, data_path: str, index: int):  # type: ignore[no-untyped-def]
    """An object's F-curve through its action slot's channelbag: Blender 5.0 removed the
    legacy `Action.fcurves` (4.4 and 4.5 have both)."""
    anim = obj.animation_data
    bag = action_get_channelbag_for_slot(anim.action, anim.action_slot)
    return bag.fcurves.find(data_path, index=index)


def test_edited_handles_come_back_explicit_and_evaluate_like_blender(clean_scene) -> None:
    world = World.model_validate({"entities": [{"id": "a", "kind": "prop", "transform": {
        "location": [0, 0, [[1, 0.0], [11, 2.0], [21, 0.5]]]}}]})
    build(world, clean_scene)
    obj = bpy.data.objects["a"]
    fc = fcurve(obj, "location", 2)
    key = fc.keyframe_points[1]
    key.handle_right = (14.0, 3.0)
    key.handle_left = (9.0, 1.5)
    fc.update()
    back = read(clean_scene)
    k = back.entity("a").transform.location[2].keys[1]
    assert k.handle_right == pytest.approx((14.0, 3.0))
    for frame in (3.3, 9.5, 12.0, 15.5, 19.9):
        assert fc.evaluate(frame) == pytest.approx(
            back.evaluate(frame).entities["a"].location[2], abs=1e-4)


def test_unsupported_interpolation_is_named(clean_scene) -> None:
    world = World.model_validate({"entities": [{"id": "a", "kind": "prop", "transform": {
        "location": [[[1, 0.0], [11, 2.0]], 0, 0]}}]})
    build(world, clean_scene)
    fc = fcurve(bpy.data.objects["a"], "location", 0)
    fc.keyframe_points[0].interpolation = "ELASTIC"
    with pytest.raises(InputError, match=r"object 'a' location\[0\]: key at frame 1 uses elastic"):
        read(clean_scene)


def test_moving_a_shot_marker_moves_the_shot(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    marker = clean_scene.timeline_markers["ots"]
    marker.frame = 60
    marker.camera = bpy.data.objects["wide"]
    shot = read(clean_scene).shot("ots")
    assert (shot.frame_start, shot.frame_end, shot.camera) == (60, 107, "wide")


def test_deleting_a_shot_camera_is_reported(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "orbit_prop.json")
    build(world, clean_scene)
    clean_scene.previz.shots[0].camera = "gone"
    clean_scene.timeline_markers.clear()
    with pytest.raises(WorldError, match=r"shots\[0\]\.camera: no camera has id 'gone'"):
        read(clean_scene)


def test_attachment_target_edited_through_constraint(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    con = bpy.data.objects["cup"].constraints["Previz attached_to"]
    con.target = bpy.data.objects["theo"]
    con.subtarget = "right_wrist"
    rel = next(r for r in read(clean_scene).relations if r.type == "attached_to")
    assert (rel.target, rel.joint) == ("theo", "right_wrist")


def test_export_bad_inputs(tmp_path: Path, capsys) -> None:
    from previz.addon.cli import main

    not_blend = tmp_path / "w.blend"
    not_blend.write_text("{}")
    assert main(["export", str(not_blend)]) == 2
    assert "not a .blend file" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.blend")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_deleting_an_object_deletes_its_relations(clean_scene) -> None:
    world = load_world(ROOT / "examples" / "two_characters_room.json")
    build(world, clean_scene)
    bpy.data.objects.remove(bpy.data.objects["cup"])
    back = read(clean_scene)
    assert "cup" not in [e.id for e in back.entities]
    assert all("cup" not in (r.subject, r.target) for r in back.relations)
    assert len(back.relations) == len(world.relations) - 1
