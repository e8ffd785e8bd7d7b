"""Keyed light colour and temperature, and the World's environment (sky), through Blender:
built as keyframes and nodes, evaluated by Blender like the World, read back unchanged."""

from __future__ import annotations

import itertools
import math

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build, read
from previz.skills.lighting import environment_for, lights_for, sunset, sunset_sky
from previz.world import World, differences
from previz.world.color import kelvin_to_rgb
from previz.world.evaluate import light_color
from previz.world.tracks import sample, sample3
from previz.world.transforms import look_at_euler

pytestmark = pytest.mark.blender

FPS = 24
SUNSET = (1, 5 * FPS)  # a sunset over 5 s


def _scene(**extra) -> World:
    eye = [0.0, -6.0, 1.6]
    return World.model_validate({
        "fps": FPS,
        "entities": [
            {"id": "ground", "kind": "set", "semantic_class": "ground",
             "asset": {"size": [30, 30, 0.01]}},
            {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]}}],
        "cameras": [{"id": "cam", "transform": {"location": eye,
                                                "rotation": look_at_euler(eye, [0, 0, 1.0])}}],
        "shots": [{"id": "dusk", "camera": "cam", "frame_start": SUNSET[0],
                   "frame_end": SUNSET[1]}],
        **extra})


def _sunset_world() -> World:
    base = _scene()
    lights = sunset(base, SUNSET)
    sky = sunset_sky(SUNSET)
    return World.model_validate({**base.model_dump(exclude_none=True),
                                 "lights": [li.model_dump(exclude_none=True) for li in lights],
                                 "environment": sky.model_dump(exclude_none=True)})


def _background(scene: bpy.types.Scene) -> bpy.types.Node:
    return next(n for n in scene.world.node_tree.nodes if n.type == "BACKGROUND")


def test_sunset_keys_one_sun_and_the_sky() -> None:
    world = _sunset_world()
    assert [li.id for li in world.lights] == ["sun"]  # one light, keyed, no twin crossfade
    sun = world.lights[0]
    kelvins = [sample(sun.temperature, f) for f in (1, 25, 49, 73, 97, 120)]
    assert kelvins[0] == pytest.approx(4500) and kelvins[-1] == pytest.approx(1900, abs=1)
    assert all(b < a for a, b in itertools.pairwise(kelvins))
    blue_over_red = [c[2] / c[0] for c in (light_color(sun, f) for f in (1, 40, 80, 120))]
    assert all(b < a for a, b in itertools.pairwise(blue_over_red))


def test_keyed_sunset_round_trips_and_blender_evaluates_it(clean_scene) -> None:
    world = _sunset_world()
    build(world, clean_scene)
    back = read(clean_scene)
    assert differences(world, back, atol=1e-6) == []
    assert back.content_hash() == world.content_hash()
    data = bpy.data.objects["sun"].data
    bg = _background(clean_scene)
    sun, env = world.lights[0], world.environment
    for frame in (1, 30, 61, 95, 120):
        clean_scene.frame_set(frame)
        # Measured in Blender after the build: the keyed temperature, colour and sky.
        assert data.temperature == pytest.approx(sample(sun.temperature, frame), rel=1e-5)
        assert tuple(data.color) == pytest.approx(sample3(sun.color, frame), abs=1e-6)
        assert tuple(bg.inputs["Color"].default_value)[:3] == pytest.approx(
            sample3(env.color, frame), abs=1e-5)
        assert bg.inputs["Strength"].default_value == pytest.approx(
            sample(env.strength, frame), abs=1e-5)
    clean_scene.frame_set(SUNSET[1])
    assert data.temperature == pytest.approx(1900.0, rel=1e-5)
    assert kelvin_to_rgb(data.temperature)[2] < kelvin_to_rgb(4500.0)[2]  # warmer at the end


def test_sun_linked_sky_follows_the_sun(clean_scene) -> None:
    world = _sunset_world()
    build(world, clean_scene)
    sky = clean_scene.world.node_tree.nodes["Previz Sky"]
    bg = _background(clean_scene)
    assert bg.inputs["Color"].links[0].from_node == sky
    for frame, elevation in ((1, 20.0), (120, 0.5)):
        clean_scene.frame_set(frame)
        assert math.degrees(sky.sun_elevation) == pytest.approx(elevation, abs=1e-3)
    assert read(clean_scene).environment.sun == "sun"


def test_preset_sky_and_no_sky(clean_scene) -> None:
    base = _scene()
    night = environment_for("moonlight")
    assert night.sun is None and night.strength <= 0.05
    assert night.color[2] > night.color[0]  # blue
    golden = lights_for("golden_hour", base, "hero", "cam")
    warm = environment_for("golden_hour", golden)
    assert warm.color[0] > warm.color[2] and warm.sun == "golden-hour-key"
    world = World.model_validate({**base.model_dump(exclude_none=True),
                                  "lights": [li.model_dump(exclude_none=True) for li in golden],
                                  "environment": warm.model_dump(exclude_none=True)})
    build(world, clean_scene)
    assert differences(world, read(clean_scene)) == []
    # Without an environment the scene keeps no Previz sky and none is read back.
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = bpy.context.scene
    build(base, scene)
    assert read(scene).environment is None
    assert "environment" not in base.model_dump(mode="json", exclude_none=True)


def test_a_sky_on_a_world_without_that_sun_is_refused() -> None:
    with pytest.raises(ValueError, match=r"environment\.sun"):
        _scene(environment={"sun": "nope"})
    with pytest.raises(ValueError, match="negative"):
        _scene(environment={"strength": [[1, 1.0], [10, -0.5]]})
    assert np.allclose(sample3(_scene(environment={}).environment.color, 1), 0.05)
