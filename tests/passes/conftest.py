"""A small World for pass tests: a 1 m cube, a humanoid (the example's SMPL skeleton) and a
floor, seen by a camera 10 m away looking along +Y; renders are tiny so tests stay fast."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
_EXAMPLE = json.loads((ROOT / "examples" / "two_characters_room.json").read_text())
HUMANOID = next(e for e in _EXAMPLE["entities"] if e["id"] == "mara")["skeleton"]


def small_world_data(
    box_location: tuple[float, float, float] = (0.0, 0.0, 0.0),
    resolution: tuple[int, int] = (64, 48),
    frames: tuple[int, int] = (1, 2),
) -> dict[str, Any]:
    return {
        "name": "pass test",
        "entities": [
            {"id": "box", "kind": "prop", "semantic_class": "box", "asset": {"size": [1, 1, 1]},
             "transform": {"location": list(box_location)}},
            {"id": "floor", "kind": "prop", "semantic_class": "floor",
             "asset": {"size": [30.0, 30.0, 0.1]}, "transform": {"location": [0, 0, -0.1]}},
            {"id": "hero", "kind": "character", "semantic_class": "person",
             "skeleton": copy.deepcopy(HUMANOID),
             "transform": {"location": [2.0, 0.0, 0.0],
                           "rotation": [0.0, 0.0, [[1, 0.0], [2, 0.3, "linear"]]]}},
        ],
        "cameras": [{"id": "cam", "focal_length": 50.0,
                     "transform": {"location": [0.0, -10.0, 0.5],
                                   "rotation": [math.pi / 2, 0.0, 0.0]}}],
        "shots": [{"id": "s", "camera": "cam", "frame_start": frames[0], "frame_end": frames[1],
                   "resolution": list(resolution), "seed": 3, "prompt": "a box and a person"}],
    }


@pytest.fixture
def world_file(tmp_path: Path) -> Path:
    path = tmp_path / "world.json"
    path.write_text(json.dumps(small_world_data()), encoding="utf-8")
    return path


@pytest.fixture
def make_world_data():  # type: ignore[no-untyped-def]
    """The `small_world_data` factory (a fixture, since test folders are not packages)."""
    return small_world_data
