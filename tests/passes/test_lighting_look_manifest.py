"""The shot's lighting look is written into the passes manifest (`lighting_look`), so the prompt
the renderer composes can name it; a light edit changes the words."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import bpy
import pytest

from previz.addon.bridge import build
from previz.addon.passes.lighting import lighting_look
from previz.addon.passes.render import render_passes
from previz.world import World

pytestmark = pytest.mark.blender


def _lit(data: dict, lights: list[dict]) -> World:
    data = copy.deepcopy(data)
    data["lights"] = lights
    return World.model_validate(data)


def _light(lid: str, kind: str = "area", **kw) -> dict:
    return {"id": lid, "type": kind, "transform": {"location": [2.0, -3.0, 3.0]}, **kw}


def test_look_from_a_presets_lights_else_from_the_keys_colour(make_world_data) -> None:
    data = make_world_data()
    low_key = [_light("low-key-fill"), _light("low-key-key"), _light("low-key-rim")]
    assert lighting_look(_lit(data, low_key), 1) == {"look": "low_key", "text": "low key light"}
    # the key's preset wins over another preset's light kept in the scene
    mixed = [_light("golden-hour-rim"), _light("noir-key", "spot")]
    assert lighting_look(_lit(data, mixed), 1)["look"] == "noir"
    warm = [_light("lamp", "point", temperature=2700.0, power=60.0),
            _light("window", temperature=9000.0, power=10.0)]
    assert lighting_look(_lit(data, warm), 1) == {"look": None, "text": "warm light"}
    cool_sun = [*warm, _light("moon", "sun", temperature=9000.0, power=2.0)]
    assert lighting_look(_lit(data, cool_sun), 1) == {"look": None, "text": "cool sunlight"}
    assert lighting_look(_lit(data, []), 1) == {"look": None, "text": ""}


def test_manifest_names_the_look_and_follows_a_light_edit(make_world_data,
                                                          tmp_path: Path) -> None:
    data = make_world_data(resolution=(32, 24), frames=(1, 1))
    texts = []
    for k, lights in enumerate(([_light("noir-key", "spot")],
                                [_light("key", temperature=3000.0)])):
        world = _lit(data, lights)
        bpy.ops.wm.read_homefile(use_empty=True)
        scene = build(world, bpy.context.scene)
        (folder,) = render_passes(world, scene, tmp_path / str(k), shot_id="s", passes="depth")
        texts.append(json.loads((folder / "manifest.json").read_text())["lighting"])
    assert texts == [{"look": "noir", "text": "noir light"},
                     {"look": None, "text": "warm light"}]
