"""The scorer's `in_water`: the centre inside the water's volume — over its outline, under its
surface, above its bottom."""

from __future__ import annotations

from previz.agents.fidelity import measures as m
from previz.world import World

FRAMES = [1, 5, 9]
POND = {"id": "pond", "kind": "set", "semantic_class": "water",
        "asset": {"size": [6.0, 4.0, 0.6]}, "transform": {"location": [0.0, 0.0, -0.58]}}


def _fish_at(x: float, y: float, z: float) -> World:
    fish = {"id": "fish", "kind": "animal", "semantic_class": "fish",
            "asset": {"size": [0.1, 0.4, 0.15]}, "transform": {"location": [x, y, z]}}
    return World.model_validate({"entities": [fish, POND]})


def _in(world: World) -> m.Measured:
    return m.in_water(world, m.States(world), "fish", FRAMES)


def test_a_fish_in_the_pond_is_in_water():
    r = _in(_fish_at(0.5, 0.5, -0.3))
    assert r.ok and r.value == 1.0, r.detail


def test_a_fish_under_the_ponds_bottom_is_not_in_water():
    # Buried in the ground 1 m under a 0.6 m deep pond: under its surface, not in it.
    r = _in(_fish_at(0.5, 0.5, -1.6))
    assert not r.ok and r.value == 0.0, r.detail


def test_a_fish_beside_the_pond_or_above_it_is_not_in_water():
    assert not _in(_fish_at(4.0, 0.5, -0.3)).ok  # over the bank, not the water
    assert not _in(_fish_at(0.5, 0.5, 0.3)).ok  # hovering over the surface
