"""The World's optional fog through the bridge: a volume scatter on the Blender world, read
back as the same value; a World without fog builds and reads back without one."""

from __future__ import annotations

import bpy
import pytest

from previz.addon.bridge.environment import FOG_DENSITY, build_environment, read_environment
from previz.world import World
from previz.world.models import Environment

pytestmark = pytest.mark.blender


def test_fog_builds_a_volume_and_reads_back(clean_scene: bpy.types.Scene) -> None:
    world = World.model_validate({"environment": {"color": [0.5, 0.5, 0.5], "fog": 0.5}})
    build_environment(world, clean_scene)
    vol = clean_scene.world.node_tree.nodes["Previz Fog"]
    assert vol.inputs["Density"].default_value == pytest.approx(FOG_DENSITY * 0.5)
    assert Environment.model_validate(read_environment(clean_scene)) == world.environment


def test_no_fog_reads_back_none(clean_scene: bpy.types.Scene) -> None:
    build_environment(World.model_validate({"environment": {"strength": 1.0}}), clean_scene)
    assert "fog" not in read_environment(clean_scene)
    assert "Previz Fog" not in clean_scene.world.node_tree.nodes
