"""A ceiling slab is not ground: the walkable terrain of a room with a ceiling is its floor (a
ceiling once put the ground at 3 m, and every planted foot 300 cm "into the ground")."""

from __future__ import annotations

import numpy as np

from previz.skills.motion.terrain import from_world
from previz.world import World


def test_a_ceiling_is_not_ground_but_a_platform_is() -> None:
    world = World.model_validate({"entities": [
        {"id": "ceiling", "kind": "set", "semantic_class": "ceiling",
         "asset": {"size": [6.0, 6.0, 0.1]}, "transform": {"location": [0.0, 0.0, 2.9]}},
        {"id": "stage", "kind": "set", "semantic_class": "stage",
         "asset": {"size": [2.0, 2.0, 0.4]}, "transform": {"location": [2.0, 0.0, 0.0]}},
    ]})
    h = from_world(world)
    assert h(np.array([0.0]), np.array([0.0]))[0] == 0.0
    assert h(np.array([2.0]), np.array([0.0]))[0] == np.float64(0.4)
