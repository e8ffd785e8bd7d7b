"""`render_passes_steps`: the one-frame-at-a-time form of `render_passes` that Blender's UI
runs from a timer; the same files, progress after every frame, cancel leaves nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import bpy
import pytest

from previz.addon.bridge import build
from previz.addon.passes.render import render_passes, render_passes_steps
from previz.world import World
from previz.world.errors import InputError

pytestmark = pytest.mark.blender


def _scene(world: World):  # type: ignore[no-untyped-def]
    bpy.ops.wm.read_homefile(use_empty=True)
    return build(world, bpy.context.scene)


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_steps_give_the_same_files_as_render_passes(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data(frames=(1, 3)))
    scene = _scene(world)
    scene.frame_set(7)
    (whole,) = render_passes(world, scene, tmp_path / "whole", shot_id="s")
    assert scene.frame_current == 7  # the scene is left on the frame it was on

    steps = render_passes_steps(world, scene, tmp_path / "steps", shot_id="s")
    seen = []
    while True:
        try:
            seen.append(next(steps))
        except StopIteration as finished:
            folders = finished.value
            break
    # One step per frame, then one after the folder is complete and in place.
    assert seen == [("s", 1, 3), ("s", 2, 3), ("s", 3, 3), ("s", 3, 3)]
    assert folders == [tmp_path / "steps" / "s"]
    assert scene.frame_current == 7
    hashes = _hashes(whole)
    assert len(hashes) > 30 and _hashes(folders[0]) == hashes  # manifest and mp4 too


def test_folder_appears_only_with_the_last_step(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data(frames=(1, 2)))
    steps = render_passes_steps(world, _scene(world), tmp_path / "out", shot_id="s")
    next(steps), next(steps)
    assert not (tmp_path / "out" / "s").exists()  # both frames done, folder not yet written
    assert next(steps) == ("s", 2, 2)
    assert (tmp_path / "out" / "s" / "manifest.json").is_file()


def test_closing_after_two_frames_leaves_nothing(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data(frames=(1, 4)))
    scene = _scene(world)
    scene.frame_set(1)
    out = tmp_path / "out"
    steps = render_passes_steps(world, scene, out, shot_id="s")
    assert [next(steps), next(steps)] == [("s", 1, 4), ("s", 2, 4)]
    # the hidden temporary folder, being written, and the output folder's lock
    assert sorted(p.name[-4:] for p in out.iterdir()) == [".tmp", "lock"]
    steps.close()  # cancel
    assert not out.exists()  # this call created OUT; nothing half-written remains
    assert scene.frame_current == 1

    # An existing OUT with an older render of the shot: cancel keeps the old folder as it was.
    (old,) = render_passes(world, scene, out, shot_id="s", frames=(1, 1))
    before = _hashes(old)
    steps = render_passes_steps(world, scene, out, shot_id="s")
    next(steps), next(steps)
    steps.close()
    assert sorted(p.name for p in out.iterdir()) == ["s"] and _hashes(old) == before


def test_bad_input_raises_at_the_call(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data())
    with pytest.raises(InputError, match="no such shot"):
        render_passes_steps(world, bpy.context.scene, tmp_path / "out", shot_id="nope")
    assert not (tmp_path / "out").exists()


def test_new_passes_keep_the_shots_previous_render(make_world_data, tmp_path: Path) -> None:
    """The neural render of the shot (what a masked re-render starts from and what the Video
    Sequencer strip plays) survives a new set of passes; the old passes do not."""
    world = World.model_validate(make_world_data(frames=(1, 2)))
    scene = _scene(world)
    (shot,) = render_passes(world, scene, tmp_path, shot_id="s", passes=("depth",))
    (shot / "render").mkdir()
    (shot / "render" / "render.json").write_text('{"shot": "s"}')
    render_passes(world, scene, tmp_path, shot_id="s", passes=("normal",))
    assert (shot / "render" / "render.json").read_text() == '{"shot": "s"}'
    assert (shot / "passes" / "normal").is_dir() and not (shot / "passes" / "depth").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["s"]  # no folder left aside
