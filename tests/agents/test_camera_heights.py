"""A camera height on the body ("at chest height", up to 2.5 m) is measured from the floor the
subject stands on: chest height round boxers on a 1 m ring is 1 m higher than on the gym
floor; a drone's 20 m stays above the ground."""

from __future__ import annotations

import pytest

from previz.agents.adapters import SkillsCamera, on_body
from previz.agents.interfaces import CameraRequest
from previz.skills.geometry import entity_box
from previz.world import Entity, Transform, World

RES = (1280, 720)


def _world(floor: float) -> World:
    return World(entities=[
        Entity(id="ground", name="Ground", kind="set", semantic_class="ground",
               asset={"size": (60.0, 60.0, 0.01)}, transform=Transform(location=(0, 0, -0.01))),
        Entity(id="platform", name="Platform", kind="set", semantic_class="ring_platform",
               asset={"size": (7.0, 7.0, max(floor, 0.01))}),
        Entity(id="statue", name="Statue", kind="prop", semantic_class="statue",
               asset={"size": (0.6, 0.6, 1.8)}, transform=Transform(location=(0, 0, floor))),
    ])


def _request(world: World, params: dict, movement: str = "orbit") -> CameraRequest:
    m = world.evaluate(1).entities["statue"].matrix
    box = entity_box(m, (0.6, 0.6, 1.8))
    return CameraRequest("shot_1", "medium", movement, [box, box, box], (1, 48),
                         (-30.0, -30.0, 30.0, 30.0), None, RES, [], world, ("statue",),
                         params=params)


def test_heights_on_the_body_are_from_the_subjects_floor() -> None:
    raised = _request(_world(1.0), {})
    assert on_body({"height": 1.35, "degrees": 360.0}, raised) == pytest.approx(
        {"height": 2.35, "degrees": 360.0})
    assert on_body({"start_height": 0.5, "end_height": 2.0}, raised) == pytest.approx(
        {"start_height": 1.5, "end_height": 3.0})
    assert on_body({"height": 20.0}, raised) == {"height": 20.0}  # above the ground
    assert on_body({"height": 1.35}, _request(_world(0.0), {})) == {"height": 1.35}


def test_an_orbit_at_chest_height_on_a_raised_floor_stays_at_that_chest() -> None:
    world = _world(1.0)
    cam = SkillsCamera().camera(_request(world, {"height": 1.35, "degrees": 360.0}), "cam")
    zs = [float(world.model_copy(update={"cameras": [cam]}).evaluate(f).cameras["cam"]
                .matrix[2, 3]) for f in (1, 12, 24, 36, 48)]
    assert zs == pytest.approx([2.35] * 5, abs=0.05)
