"""`--clay workbench`: the clay pass rendered by Blender's Workbench engine."""

from __future__ import annotations

import json
from pathlib import Path

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.addon.cli import main
from previz.addon.passes.files import read_png
from previz.addon.passes.render import render_passes
from previz.world import World
from previz.world.errors import InputError

pytestmark = [pytest.mark.blender, pytest.mark.slow]


def _clay(folder: Path) -> list[np.ndarray]:
    return [read_png(folder / "passes" / "clay" / f"{f:04d}.png") for f in (1, 2)]


def test_workbench_clay_is_a_deterministic_blender_render(world_file: Path,
                                                          tmp_path: Path) -> None:
    for name, mode in (("wb1", "workbench"), ("wb2", "workbench"), ("shaded", "shaded")):
        rc = main(["passes", str(world_file), "-o", str(tmp_path / name), "--passes", "clay",
                   "--clay", mode, "--quiet"])
        assert rc == 0
    wb1, wb2, shaded = (_clay(tmp_path / n / "s") for n in ("wb1", "wb2", "shaded"))
    for a, b, c in zip(wb1, wb2, shaded, strict=True):
        assert a.shape == (48, 64, 3) and a.dtype == np.uint8
        assert np.array_equal(a, b)  # deterministic across runs
        assert np.abs(a.astype(int) - c.astype(int)).mean() > 1.0  # not the numpy shading
        # Workbench's flat grey: the box (image centre-left) is lit grey, not background.
        assert a[26:30, 24:30].mean() > a[2:6, 2:6].mean() + 20
    assert sorted(p.name for p in (tmp_path / "wb1" / "s").iterdir()) == [
        "contact_sheet.png", "manifest.json", "passes", "preview.mp4"]  # no .clay scratch left
    m_wb = json.loads((tmp_path / "wb1" / "s" / "manifest.json").read_text())
    m_sh = json.loads((tmp_path / "shaded" / "s" / "manifest.json").read_text())
    assert (m_wb["clay_render"], m_sh["clay_render"]) == ("workbench", "shaded")
    assert m_wb["shot_hash"] != m_sh["shot_hash"]


def test_workbench_clay_restores_the_scene(make_world_data, tmp_path: Path) -> None:
    world = World.model_validate(make_world_data())
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = bpy.context.scene
    build(world, scene)
    before = (scene.render.engine, scene.render.resolution_x, scene.render.filepath,
              scene.render.film_transparent, scene.view_settings.view_transform,
              scene.display.shading.light,
              scene.render.image_settings.color_mode)
    render_passes(world, scene, tmp_path / "out", shot_id="s", passes="clay", clay="workbench")
    after = (scene.render.engine, scene.render.resolution_x, scene.render.filepath,
             scene.render.film_transparent, scene.view_settings.view_transform,
             scene.display.shading.light,
             scene.render.image_settings.color_mode)
    assert after == before
    assert read_png(tmp_path / "out" / "s" / "passes" / "clay" / "0002.png").shape == (48, 64, 3)


def test_unknown_clay_mode_is_refused(make_world_data, world_file: Path, tmp_path: Path) -> None:
    assert main(["passes", str(world_file), "-o", str(tmp_path / "o"), "--clay", "cycles"]) == 2
    world = World.model_validate(make_world_data())
    with pytest.raises(InputError, match="clay mode"):
        render_passes(world, bpy.context.scene, tmp_path / "o2", clay="cycles")
    assert not (tmp_path / "o").exists() and not (tmp_path / "o2").exists()
