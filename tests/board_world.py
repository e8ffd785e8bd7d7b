"""A three-shot World for the hand-off tests (shot list, storyboard, its command and button)."""

from __future__ import annotations

import math

from previz.world import World

UP = math.pi / 2  # camera rotation x: looking along +Y, level


def three_shots() -> World:
    """Three shots listed out of scene order: a static super-35 wide (1-48), a 3 m dolly
    (49-120), a 30° pan left with a 35→70 mm zoom in scope (121-168)."""
    return World.model_validate({
        "name": "Three shots", "fps": 24,
        "entities": [
            {"id": "room", "kind": "set", "semantic_class": "wall",
             "asset": {"size": [10.0, 10.0, 3.0]}},
            {"id": "hero", "kind": "character", "semantic_class": "person",
             "asset": {"size": [0.5, 0.3, 1.8]}, "transform": {"location": [0.0, 2.0, 0.0]}},
            {"id": "crate", "kind": "prop", "semantic_class": "box",
             "asset": {"size": [0.6, 0.6, 0.6]}, "transform": {"location": [-3.0, 0.5, 0.0]}},
        ],
        "cameras": [
            {"id": "cam-a", "focal_length": 35.0, "sensor_width": 24.89,
             "transform": {"location": [0.0, -4.0, 1.6], "rotation": [UP, 0.0, 0.0]}},
            {"id": "cam-b", "focal_length": 50.0,
             "transform": {"location": [0.0, [[49, -4.0], [120, -1.0]], 1.6],
                           "rotation": [UP, 0.0, 0.0]}},
            {"id": "cam-c", "focal_length": [[121, 35.0], [168, 70.0]],
             "transform": {"location": [0.0, -4.0, 1.6],
                           "rotation": [UP, 0.0, [[121, 0.0], [168, math.radians(30.0)]]]}},
        ],
        "relations": [{"type": "facing", "subject": "cam-b", "target": "hero"}],
        "shots": [
            {"id": "shot-c", "camera": "cam-c", "frame_start": 121, "frame_end": 168,
             "resolution": [2048, 858], "prompt": "the pan"},
            {"id": "shot-a", "camera": "cam-a", "frame_start": 1, "frame_end": 48,
             "resolution": [1920, 1080], "prompt": "the wide"},
            {"id": "shot-b", "camera": "cam-b", "frame_start": 49, "frame_end": 120,
             "resolution": [1920, 1080], "prompt": "the dolly"},
        ],
    })
