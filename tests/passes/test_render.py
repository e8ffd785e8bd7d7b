"""Rendering passes from a Blender scene: layout, exactness, determinism, decoupling, errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.addon.cli import main
from previz.addon.passes import render as passes_render
from previz.addon.passes.files import read_exr, read_png
from previz.addon.passes.render import PASSES, render_passes
from previz.addon.passes.skeleton import OPENPOSE_COLORS
from previz.world import World

pytestmark = pytest.mark.blender


def _render(world: World, out: Path, **kw) -> Path:  # type: ignore[no-untyped-def]
    bpy.ops.wm.read_homefile(use_empty=True)
    build(world, bpy.context.scene)
    (folder,) = render_passes(world, bpy.context.scene, out, shot_id="s", **kw)
    return folder


def test_folder_follows_the_contract(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data())
    folder = _render(world, tmp_path / "out")
    assert folder == tmp_path / "out" / "s"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["s"]  # no temp left
    m = json.loads((folder / "manifest.json").read_text())
    assert m["format"] == "previz-passes/1" and m["shot"] == "s"
    assert m["world_hash"] == world.content_hash()
    assert m["resolution"] == [64, 48] and m["fps"] == 24.0
    assert (m["frame_start"], m["frame_end"]) == (1, 2)
    assert m["passes"] == sorted(PASSES)
    assert [f["frame"] for f in m["frames"]] == [1, 2]
    assert set(m["instance_colors"]) == {"box", "floor", "hero"}
    assert m["semantic_colors"]["person"] == [150, 5, 61]
    assert m["shot_settings"]["seed"] == 3 and m["shot_settings"]["render"]["control"] == ["depth"]
    for name in PASSES:
        if name == "mask":
            for eid in ("box", "floor", "hero"):
                assert [p.name for p in sorted((folder / "passes/mask" / eid).iterdir())] == [
                    "0001.png", "0002.png"]
            continue
        files = sorted(p.name for p in (folder / "passes" / name).iterdir())
        expected = ["0001.png", "0002.png"]
        if name == "depth":
            expected = ["0001.exr", "0001.png", "0002.exr", "0002.png"]
        assert files == expected, name
    depth = read_png(folder / "passes/depth/0001.png")
    assert depth.dtype == np.uint16 and depth.shape == (48, 64)
    assert read_png(folder / "passes/segmentation/0001.png").shape == (48, 64, 3)
    assert read_png(folder / "passes/edges/0001.png").ndim == 2
    assert (folder / "contact_sheet.png").stat().st_size > 0
    assert (folder / "preview.mp4").stat().st_size > 0
    # The neural renderer's reader accepts it.
    from previz.neural_render.passes import load_passes

    loaded = load_passes(folder)
    assert loaded.load_control("depth").shape == (2, 48, 64, 3)
    assert set(loaded.load_entity_masks()) == {"box", "floor", "hero"}


def test_exact_projection_and_depth(make_world_data, tmp_path: Path) -> None:
    """A cube corner and a joint, projected with the manifest's K and pose, land on the
    rendered pixels (±0.5 px), and the depth pass reads back the true distance (±1 mm)."""
    world = World.model_validate(make_world_data(resolution=(160, 120), frames=(1, 1)))
    folder = _render(world, tmp_path / "out")
    m = json.loads((folder / "manifest.json").read_text())
    K = np.array(m["frames"][0]["K"])
    w2c = np.array(m["frames"][0]["world_to_camera"])

    def project(p: tuple[float, float, float]) -> tuple[np.ndarray, float]:
        c = w2c @ np.array([*p, 1.0])
        uv = K @ c[:3]
        return uv[:2] / uv[2], float(c[2])

    mask = read_png(folder / "passes/mask/box/0001.png") > 127
    (u, v), _ = project((-0.5, -0.5, 1.0))  # the cube's front top left corner
    rows, cols = np.nonzero(mask)
    assert abs(cols.min() - u) <= 0.5 and abs(rows.min() - v) <= 0.5
    (u2, v2), _ = project((0.5, -0.5, 0.0))  # front bottom right (on the floor)
    assert abs(cols.max() + 1 - u2) <= 0.5 and abs(rows.max() + 1 - v2) <= 0.5

    point = (0.21, -0.5, 0.63)  # on the front face, which faces the camera 9.5 m away
    (u, v), z = project(point)
    assert z == pytest.approx(9.5)
    mm = read_png(folder / "passes/depth/0001.png")
    metres = read_exr(folder / "passes/depth/0001.exr")
    assert abs(int(mm[int(v), int(u)]) - 9500) <= 1
    assert abs(float(metres[int(v), int(u)]) - 9.5) <= 1e-3

    state = world.evaluate(1)
    wrist = state.entities["hero"].joints["right_wrist"][:3, 3]
    (u, v), _ = project(tuple(wrist))
    pose = read_png(folder / "passes/pose/0001.png")
    assert pose[int(v), int(u)].tolist() == list(OPENPOSE_COLORS[4])


def test_manifest_camera_matches_blender(make_world_data, tmp_path: Path) -> None:
    from bpy_extras.object_utils import world_to_camera_view
    from mathutils import Vector

    world = World.model_validate(make_world_data(resolution=(160, 120), frames=(1, 1)))
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene)
    scene.render.resolution_x, scene.render.resolution_y = 160, 120
    scene.frame_set(1)
    cam = world.evaluate(1).cameras["cam"]
    for p in [(-0.5, -0.5, 1.0), (3.0, 2.0, 0.2), (-2.0, 5.0, 2.5)]:
        uvz = cam.project(np.array(p), 160, 120)[0]
        ndc = world_to_camera_view(scene, bpy.data.objects["cam"], Vector(p))
        assert abs(ndc.x * 160 - uvz[0]) < 1e-3 and abs((1 - ndc.y) * 120 - uvz[1]) < 1e-3
        assert abs(ndc.z - uvz[2]) < 1e-4


def _png_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.png"))}


def test_two_runs_give_identical_pngs(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data())
    a = _png_hashes(_render(world, tmp_path / "a"))
    b = _png_hashes(_render(world, tmp_path / "b"))
    assert len(a) > 20 and a == b


def test_moving_one_entity_changes_only_its_regions(make_world_data, tmp_path: Path) -> None:
    before = World.model_validate(make_world_data(box_location=(0.0, 0.0, 0.0), frames=(1, 1)))
    after = World.model_validate(make_world_data(box_location=(-1.2, 0.0, 0.0), frames=(1, 1)))
    fa = _render(before, tmp_path / "a", frames=(1, 1))
    fb = _render(after, tmp_path / "b", frames=(1, 1))
    box_a = read_png(fa / "passes/mask/box/0001.png") > 0
    box_b = read_png(fb / "passes/mask/box/0001.png") > 0
    region = box_a | box_b
    assert (box_a != box_b).any()
    for name in ("segmentation", "segmentation_semantic"):
        diff = (read_png(fa / f"passes/{name}/0001.png")
                != read_png(fb / f"passes/{name}/0001.png")).any(-1)
        assert diff.any() and not (diff & ~region).any(), name
    for eid in ("floor", "hero"):
        ma = read_png(fa / f"passes/mask/{eid}/0001.png")
        mb = read_png(fb / f"passes/mask/{eid}/0001.png")
        assert not ((ma != mb) & ~region).any(), eid


def test_failure_leaves_the_old_folder_and_no_temp(  # type: ignore[no-untyped-def]
    make_world_data, tmp_path: Path, monkeypatch
) -> None:
    world = World.model_validate(make_world_data(frames=(1, 1)))
    out = tmp_path / "out"
    folder = _render(world, out, frames=(1, 1))
    old = _png_hashes(folder)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(passes_render, "write_png", broken)
    with pytest.raises(OSError, match="disk full"):
        _render(world, out, frames=(1, 1))
    assert sorted(p.name for p in out.iterdir()) == ["s"]
    assert _png_hashes(folder) == old


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "extra", "needle"),
    [
        ("no_camera", [], "no camera"),
        ("missing_camera", [], "camera"),
        (None, ["--frames", "2-1"], "zero frames"),
        (None, ["--frames", "1-9"], "outside shot"),
        (None, ["--resolution", "0x48"], "resolution"),
        (None, ["--resolution", "9000x10"], "resolution"),
        (None, ["--passes", "depth,colour"], "unknown pass"),
        (None, ["--shot", "nope"], "no such shot"),
    ],
)
def test_bad_input_exit_2_and_nothing_written(  # type: ignore[no-untyped-def]
    make_world_data, tmp_path: Path, capsys, change, extra, needle
) -> None:
    data = make_world_data()
    if change == "no_camera":
        data["cameras"], data["shots"] = [], []
    elif change == "missing_camera":
        data["shots"][0]["camera"] = "ghost"
    out = tmp_path / "out"
    code = main(["passes", str(_write(tmp_path, data)), "-o", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert needle in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_from_json_and_from_blend(  # type: ignore[no-untyped-def]
    tmp_path: Path, world_file: Path, capsys
) -> None:
    out = tmp_path / "out"
    code = main(["passes", str(world_file), "-o", str(out), "--shot", "s", "--frames", "2-2",
                 "--passes", "depth,pose", "--resolution", "48x32", "--quiet"])
    assert code == 0, capsys.readouterr().err
    m = json.loads((out / "s" / "manifest.json").read_text())
    assert m["passes"] == ["depth", "depth_control", "pose"]
    assert m["resolution"] == [48, 32] and (m["frame_start"], m["frame_end"]) == (2, 2)
    assert sorted(p.name for p in (out / "s" / "passes").iterdir()) == m["passes"]

    from previz.addon.bridge import build_file
    from previz.world import load_world

    blend = build_file(load_world(world_file), tmp_path / "scene.blend")
    code = main(["passes", str(blend), "-o", str(tmp_path / "out2"), "--frames", "1-1",
                 "--passes", "segmentation", "--quiet"])
    assert code == 0, capsys.readouterr().err
    seg = read_png(tmp_path / "out2" / "s" / "passes/segmentation/0001.png")
    assert seg.shape == (48, 64, 3) and seg.reshape(-1, 3).any(1).sum() > 100
