"""Bridge tests run on `bpy` from PyPI (Blender as a Python module), headless."""

from __future__ import annotations

import bpy
import pytest


@pytest.fixture
def clean_scene() -> bpy.types.Scene:
    bpy.ops.wm.read_homefile(use_empty=True)
    return bpy.context.scene


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = str(__file__).rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.blender)
