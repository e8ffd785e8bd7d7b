"""Shared fixtures: the example Worlds and a clean Blender scene for bridge tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    return request.param
