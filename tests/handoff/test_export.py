"""`previz export --format`: glTF the Khronos validator accepts, an FBX Blender re-imports with
the same camera animation, USD and Alembic files, camera tracks equal to the passes manifest
and a Nuke .chan in Nuke's convention; an export over a file replaces it only on success."""

from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest

from previz.addon.cli import main
from previz.world import Camera, Shot, Transform, World, load_world

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TOOL = ROOT / "tools" / "gltf_validator"
#: Blender's glTF exporter keeps a skinned mesh under its armature's node; the spec ignores the
#: parent's transform for a skinned mesh, and the validator says so as a warning.
ALLOWED_WARNINGS = ("NODE_SKINNED_MESH_NON_ROOT",)


def _copy(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / name, folder / name)
    if (EXAMPLES / "assets").is_dir() and not (folder / "assets").exists():
        shutil.copytree(EXAMPLES / "assets", folder / "assets")
    return folder / name


def _validate(path: Path) -> dict:
    node = shutil.which("node")
    if node is None or not (TOOL / "node_modules" / "gltf-validator").is_dir():
        pytest.fail("the glTF validator is not installed: install node 18+ and run "
                    "`npm ci --prefix tools/gltf_validator`")
    run = subprocess.run([node, str(TOOL / "validate.js"), str(path)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)[str(path)]


def _glb_json(path: Path) -> dict:
    data = path.read_bytes()
    magic, _, _ = struct.unpack_from("<4sII", data, 0)
    assert magic == b"glTF"
    length, kind = struct.unpack_from("<I4s", data, 12)
    assert kind == b"JSON"
    return json.loads(data[20:20 + length])


# Camera tracks (no Blender) -------------------------------------------------------------------


def _one_camera_world(tmp_path: Path) -> Path:
    cam = Camera(id="cam", focal_length=50.0, sensor_width=36.0,
                 transform=Transform(location=(1.0, 2.0, 3.0),
                                     rotation=(math.pi / 2, 0.0, math.radians(30.0))))
    world = World(name="one", cameras=[cam],
                  shots=[Shot(id="s1", camera="cam", frame_start=5, frame_end=6,
                              resolution=(832, 480))])
    path = tmp_path / "one.json"
    path.write_text(world.canonical_json(), encoding="utf-8")
    return path


def test_chan_is_nukes_y_up_zxy_degrees_with_the_vertical_fov(tmp_path: Path) -> None:
    src = _one_camera_world(tmp_path)
    out = tmp_path / "cams"
    assert main(["-q", "export", str(src), "--format", "cameras", "-o", str(out)]) == 0
    rows = [line.split("\t") for line in (out / "s1.chan").read_text().splitlines()]
    assert [r[0] for r in rows] == ["5", "6"]
    values = [float(v) for v in rows[0][1:]]
    # Blender (1, 2, 3) is Nuke (1, 3, -2); a camera levelled (90° about X) and panned 30° left
    # is Nuke's (0, 30, 0); vfov = 2·atan(36·480/832 / (2·50)) = 23.4662°.
    assert values[:6] == pytest.approx([1.0, 3.0, -2.0, 0.0, 30.0, 0.0], abs=1e-5)
    assert values[6] == pytest.approx(23.466168, abs=1e-5)
    track = json.loads((out / "s1.camera.json").read_text())
    assert track["format"] == "previz-camera-track/1"
    first = track["frames"][0]
    fx = 50.0 / 36.0 * 832
    assert np.allclose(first["K"], [[fx, 0, 416], [0, fx, 240], [0, 0, 1]], atol=1e-9)
    assert first["location"] == pytest.approx([1.0, 2.0, 3.0])
    assert first["rotation_euler_xyz_deg"] == pytest.approx([90.0, 0.0, 30.0], abs=1e-5)
    csv_rows = (out / "s1.camera.csv").read_text().splitlines()
    assert csv_rows[0].startswith("frame,fx,fy,cx,cy,tx,ty,tz,rx_deg")
    assert len(csv_rows) == 3 and csv_rows[1].startswith("5,1155.55556,1155.55556,416,240,1,2,3")


def test_chan_angles_invert_to_the_camera_matrix() -> None:
    """The ZXY decomposition is exact: Ry·Rx·Rz of the angles is the Y-up rotation."""
    from previz.agents.handoff.camera_tracks import Y_UP, euler_zxy, rotation_zxy
    from previz.world.transforms import compose

    rng = np.random.default_rng(7)
    for _ in range(20):
        m = compose((0.0, 0.0, 0.0), tuple(rng.uniform(-3.0, 3.0, 3)), (1.0, 1.0, 1.0))
        r = (Y_UP @ m)[:3, :3]
        assert np.abs(rotation_zxy(*euler_zxy(r)) - r).max() < 1e-9


@pytest.mark.blender
def test_camera_tracks_equal_the_passes_manifest(tmp_path: Path) -> None:
    src = _copy("orbit_prop.json", tmp_path / "scene")
    assert main(["-q", "passes", str(src), "-o", str(tmp_path / "passes"), "--frames", "10-11",
                 "--passes", "clay"]) == 0
    manifest = json.loads((tmp_path / "passes" / "orbit" / "manifest.json").read_text())
    assert main(["-q", "export", str(src), "--format", "cameras", "-o",
                 str(tmp_path / "cams")]) == 0
    track = {f["frame"]: f for f in json.loads(
        (tmp_path / "cams" / "orbit.camera.json").read_text())["frames"]}
    assert len(track) == 97
    for f in manifest["frames"]:
        assert np.allclose(track[f["frame"]]["K"], f["K"], atol=1e-9)
        assert np.allclose(track[f["frame"]]["world_to_camera"], f["world_to_camera"],
                           atol=1e-9)


# Blender's exporters --------------------------------------------------------------------------


@pytest.mark.blender
def test_glb_passes_the_khronos_validator_with_cameras_and_animation(tmp_path: Path) -> None:
    src = _copy("two_characters_room.json", tmp_path / "scene")
    out = tmp_path / "room.glb"
    assert main(["-q", "export", str(src), "--format", "glb", "-o", str(out)]) == 0
    report = _validate(out)
    assert report["errors"] == 0, report["messages"]
    assert [m for m in report["messages"] if not any(w in m for w in ALLOWED_WARNINGS)] == []
    gltf = _glb_json(out)
    names = {n.get("name") for n in gltf["nodes"] if "camera" in n}
    assert names == {"wide", "ots"}
    assert len(gltf["cameras"]) == 2
    animated = {gltf["nodes"][c["target"]["node"]].get("name")
                for a in gltf.get("animations", []) for c in a["channels"]}
    assert {"left_hip", "right_knee"} <= animated  # the characters' motion is in the file
    # An orbiting camera's path is a node animation of the camera.
    orbit = tmp_path / "orbit.glb"
    src = _copy("orbit_prop.json", tmp_path / "scene")
    assert main(["-q", "export", str(src), "--format", "glb", "-o", str(orbit)]) == 0
    assert _validate(orbit)["errors"] == 0
    gltf = _glb_json(orbit)
    channels = [(gltf["nodes"][c["target"]["node"]].get("name"), c["target"]["path"])
                for a in gltf["animations"] for c in a["channels"]]
    assert ("orbit", "translation") in channels and ("orbit", "rotation") in channels


@pytest.mark.blender
def test_fbx_reimports_with_the_same_camera_animation(tmp_path: Path) -> None:
    import bpy

    src = _copy("orbit_prop.json", tmp_path / "scene")
    out = tmp_path / "orbit.fbx"
    assert main(["-q", "export", str(src), "--format", "fbx", "-o", str(out)]) == 0
    world = load_world(src)
    bpy.ops.wm.read_homefile(use_empty=True)
    # Blender's exporter writes scene times (frame 1 at 1/24 s); its importer's default adds a
    # frame (for files whose first frame is at time 0), so the round trip asks for none.
    assert "FINISHED" in bpy.ops.import_scene.fbx(filepath=str(out), anim_offset=0.0)
    cam = bpy.data.objects["orbit"]
    assert cam.type == "CAMERA"
    scene = bpy.context.scene
    worst = worst_lens = 0.0
    for frame in range(1, 98):
        scene.frame_set(frame)
        want = world.evaluate(frame).cameras["orbit"]
        worst = max(worst, float(np.abs(np.array(cam.matrix_world) - want.matrix).max()))
        worst_lens = max(worst_lens, abs(cam.data.lens - want.focal_length))
    assert worst < 1e-4
    assert worst_lens < 1e-4  # the zoom (35 → 50 mm) too
    # The orbit really moves (a static import would fail the comparison above).
    a, b = world.evaluate(1).cameras["orbit"].matrix, world.evaluate(49).cameras["orbit"].matrix
    assert np.linalg.norm(a[:3, 3] - b[:3, 3]) > 1.0


@pytest.mark.blender
@pytest.mark.parametrize(("fmt", "suffix", "magic"), [("usd", ".usd", b"PXR-USDC"),
                                                      ("abc", ".abc", b"Ogawa")])
def test_usd_and_alembic_reimport_with_the_camera_path(tmp_path: Path, fmt: str, suffix: str,
                                                       magic: bytes) -> None:
    import bpy

    src = _copy("orbit_prop.json", tmp_path / "scene")
    out = tmp_path / f"orbit{suffix}"
    assert main(["-q", "export", str(src), "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes()[:16].find(magic) >= 0
    world = load_world(src)
    bpy.ops.wm.read_homefile(use_empty=True)
    importer = bpy.ops.wm.usd_import if fmt == "usd" else bpy.ops.wm.alembic_import
    assert "FINISHED" in importer(filepath=str(out))
    (cam,) = [o for o in bpy.data.objects if o.type == "CAMERA"]
    worst = worst_lens = 0.0
    for frame in range(1, 98, 4):
        bpy.context.scene.frame_set(frame)
        want = world.evaluate(frame).cameras["orbit"]
        worst = max(worst, float(np.abs(np.array(cam.matrix_world) - want.matrix).max()))
        worst_lens = max(worst_lens, abs(cam.data.lens - want.focal_length))
    assert worst < 1e-4
    if fmt == "usd":  # Blender's Alembic importer reads a camera's lens once, not per frame
        assert worst_lens < 1e-4


@pytest.mark.blender
def test_an_export_over_a_file_replaces_it_only_on_success(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from previz.addon import scene_export

    src = _copy("orbit_prop.json", tmp_path / "scene")
    out = tmp_path / "orbit.fbx"
    out.write_bytes(b"the editor's FBX")
    # The wrong suffix for the format: refused before anything is built.
    assert main(["export", str(src), "--format", "usd", "-o", str(out)]) == 2
    assert "a usd export is named *.usd" in capsys.readouterr().err
    # The exporter fails half-way (it has written part of its file): the old file stays.
    real_op, options, required = scene_export._OPTIONS["fbx"]

    class Failing:
        def __call__(self, filepath: str, **kwargs: object) -> set[str]:
            Path(filepath).write_bytes(b"half an FBX")
            raise RuntimeError("disk full")

        def get_rna_type(self):  # type: ignore[no-untyped-def]
            return real_op().get_rna_type()

        def idname_py(self) -> str:
            return "export_scene.fbx"

    monkeypatch.setitem(scene_export._OPTIONS, "fbx", (Failing, options, required))
    assert main(["export", str(src), "--format", "fbx", "-o", str(out)]) == 1
    assert "disk full" in capsys.readouterr().err
    assert out.read_bytes() == b"the editor's FBX"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["orbit.fbx", "scene"]
    monkeypatch.undo()
    assert main(["-q", "export", str(src), "--format", "fbx", "-o", str(out)]) == 0
    assert out.read_bytes()[:18] == b"Kaydara FBX Binary"


@pytest.mark.slow
def test_scripted_scene_exports_a_valid_glb(scripted: Path, tmp_path: Path) -> None:
    out = tmp_path / "office.glb"
    assert main(["-q", "export", str(scripted / "scene-03" / "world.json"), "--format", "glb",
                 "-o", str(out)]) == 0
    report = _validate(out)
    assert report["errors"] == 0, report["messages"]
    assert [m for m in report["messages"] if not any(w in m for w in ALLOWED_WARNINGS)] == []
    assert len(_glb_json(out)["cameras"]) == 3


@pytest.mark.slow
def test_scripted_scene_fbx_reimports_with_every_shot_camera(scripted: Path,
                                                             tmp_path: Path) -> None:
    import bpy

    src = scripted / "scene-01" / "world.json"
    out = tmp_path / "kitchen.fbx"
    assert main(["-q", "export", str(src), "--format", "fbx", "-o", str(out)]) == 0
    world = load_world(src)
    bpy.ops.wm.read_homefile(use_empty=True)
    assert "FINISHED" in bpy.ops.import_scene.fbx(filepath=str(out), anim_offset=0.0)
    scene = bpy.context.scene
    worst = 0.0
    for shot in world.shots:
        cam = bpy.data.objects[shot.camera]
        for frame in range(shot.frame_start, shot.frame_end + 1, 7):
            scene.frame_set(frame)
            want = world.evaluate(frame).cameras[shot.camera].matrix
            worst = max(worst, float(np.abs(np.array(cam.matrix_world) - want).max()))
    assert len(world.shots) == 4 and worst < 1e-4


def test_outputs_of_the_wrong_kind_exit_2(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    src = _one_camera_world(tmp_path)
    (tmp_path / "a.glb").mkdir()
    assert main(["export", str(src), "--format", "glb", "-o", str(tmp_path / "a.glb")]) == 2
    assert "is a folder" in capsys.readouterr().err
    (tmp_path / "cams").write_text("x", encoding="utf-8")
    assert main(["export", str(src), "--format", "cameras", "-o", str(tmp_path / "cams")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert main(["export", str(src), "--format", "glb"]) == 2
    assert "--format glb needs -o" in capsys.readouterr().err
