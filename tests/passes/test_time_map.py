"""A time-mapped shot (bullet time: `Shot.time_map` holding the scene frame while the camera
moves) is what the passes show: the action held at the map's scene frame on every frame, the
camera on the shot's own frames. Before, the passes played the action in real time and only
the World's evaluation knew the map, so the footage never froze."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bpy

from previz.addon.bridge import build
from previz.addon.passes.render import render_passes
from previz.world import World


def _render(data: dict, out: Path) -> Path:
    world = World.model_validate(data)
    bpy.ops.wm.read_homefile(use_empty=True)
    build(world, bpy.context.scene)
    (folder,) = render_passes(world, bpy.context.scene, out, shot_id="s",
                              passes="depth,segmentation,pose")
    return folder


def _frame_digest(folder: Path, frame: int) -> str:
    h = hashlib.sha256()
    for p in sorted((folder / "passes").rglob(f"*{frame:04d}*")):
        h.update(p.relative_to(folder).parent.as_posix().encode() + p.suffix.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def test_a_held_scene_frame_freezes_the_action_in_the_passes(make_world_data, tmp_path) -> None:
    # The hero turns 0.3 rad between frames 1 and 2; the camera stands still.
    data = make_world_data(frames=(1, 4))
    played = _render(data, tmp_path / "played")
    assert _frame_digest(played, 1) != _frame_digest(played, 4)  # it turns
    data["shots"][0]["time_map"] = [[1, 1], [4, 1]]  # held at scene frame 1
    held = _render(data, tmp_path / "held")
    assert _frame_digest(held, 1) == _frame_digest(held, 4) == _frame_digest(played, 1)


def test_the_camera_keeps_moving_on_the_shots_frames(make_world_data, tmp_path) -> None:
    data = make_world_data(frames=(1, 4))
    data["cameras"][0]["transform"]["location"] = [
        [[1, 0.0, "linear"], [4, 1.5, "linear"]], -10.0, 0.5]
    data["shots"][0]["time_map"] = [[1, 1], [4, 1]]
    folder = _render(data, tmp_path / "held")
    manifest = json.loads((folder / "manifest.json").read_text())
    frames = {f["frame"]: f["world_to_camera"] for f in manifest["frames"]}
    assert frames[1][0][3] != frames[4][0][3]  # the camera moved 1.5 m along x
    assert abs((frames[1][0][3] - frames[4][0][3]) - 1.5) < 1e-6
