"""A shop window's pane of glass (issue 20, the storefront set): built in Blender as glass, and
seen through by every white-box pass — the depth, normals and segmentation behind it are those
of the scene without it — while a solid window box in the same place hides what is behind."""

from __future__ import annotations

from pathlib import Path

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.addon.bridge.geometry import GLASS
from previz.addon.passes.files import read_exr, read_png
from previz.addon.passes.render import render_passes
from previz.world import World

pytestmark = pytest.mark.blender


def _world(make_world_data, pane: str | None) -> World:  # type: ignore[no-untyped-def]
    data = make_world_data(frames=(1, 1))
    if pane is not None:  # 3 m of glass 3 m in front of the box, filling the view of it
        data["entities"].append({"id": "pane", "kind": "set", "semantic_class": pane,
                                 "asset": {"size": [3.0, 0.012, 3.0]},
                                 "transform": {"location": [0.0, -3.0, -0.5]}})
    return World.model_validate(data)


def _passes(world: World, out: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    bpy.ops.wm.read_homefile(use_empty=True)
    build(world, bpy.context.scene)
    (folder,) = render_passes(world, bpy.context.scene, out, shot_id="s",
                              passes=("depth", "normal", "segmentation"))
    return (read_exr(folder / "passes/depth/0001.exr"),
            read_png(folder / "passes/normal/0001.png"),
            read_png(folder / "passes/segmentation/0001.png"))


def test_the_passes_see_through_glass_and_not_through_a_solid_window(make_world_data,
                                                                    tmp_path: Path) -> None:
    bare = _passes(_world(make_world_data, None), tmp_path / "bare")
    glazed = _passes(_world(make_world_data, "window_glass"), tmp_path / "glass")
    pane = bpy.data.objects["pane"]
    assert len(pane.data.vertices) == 8 and pane.data.materials[0].name == GLASS
    bsdf = next(n for n in pane.data.materials[0].node_tree.nodes
                if n.type == "BSDF_PRINCIPLED")
    weight = bsdf.inputs.get("Transmission Weight") or bsdf.inputs.get("Transmission")
    assert weight.default_value == pytest.approx(1.0)
    for a, b in zip(bare, glazed, strict=True):
        np.testing.assert_array_equal(a, b)
    solid = _passes(_world(make_world_data, "window"), tmp_path / "solid")
    middle = (slice(20, 28), slice(28, 36))  # the box, 10 m off, behind the pane
    assert float(np.median(bare[0][middle])) > 9.0
    assert float(np.median(solid[0][middle])) == pytest.approx(7.0, abs=0.05)


@pytest.mark.slow
def test_workbench_clay_sees_through_glass_too(make_world_data, tmp_path: Path) -> None:
    """Workbench would shade a pane as an opaque grey sheet: the pane sits its render out (and
    is shown again after), so `--clay workbench` agrees with the other passes."""
    frames = {}
    for name, pane in (("bare", None), ("glass", "window_glass")):
        world = _world(make_world_data, pane)
        bpy.ops.wm.read_homefile(use_empty=True)
        build(world, bpy.context.scene)
        (folder,) = render_passes(world, bpy.context.scene, tmp_path / name, shot_id="s",
                                  passes=("clay",), clay="workbench")
        frames[name] = read_png(folder / "passes/clay/0001.png")
    np.testing.assert_array_equal(frames["bare"], frames["glass"])
    assert not bpy.data.objects["pane"].hide_render
