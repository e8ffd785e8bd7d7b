"""Bridge tests run on `bpy` from PyPI (Blender as a Python module), headless."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import bpy
import pytest


@pytest.fixture
def clean_scene() -> bpy.types.Scene:
    bpy.ops.wm.read_homefile(use_empty=True)
    return bpy.context.scene


@pytest.fixture
def enabled() -> Iterator[bpy.types.Scene]:
    """The extension registered (as Blender would on enable) on an empty scene, with its
    preferences entry; unregistered afterwards."""
    import previz.addon as extension
    from previz.addon import preferences

    bpy.ops.wm.read_homefile(use_empty=True)
    extension.register()
    addon = bpy.context.preferences.addons.new()
    addon.module = preferences.PREVIZ_AP_preferences.bl_idname
    yield bpy.context.scene
    bpy.context.preferences.addons.remove(addon)
    extension.unregister()


class Layout:
    """A stand-in for `bpy.types.UILayout` that records what a draw function asks for."""

    def __init__(self, calls: list[tuple]) -> None:
        self.calls = calls

    def __getattr__(self, name: str):
        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return self

        return call


def _draw_panel(panel: type, context: object) -> list[tuple]:
    calls: list[tuple] = []
    panel.draw(SimpleNamespace(layout=Layout(calls)), context)
    return calls


@pytest.fixture
def draw_panel():
    """``draw_panel(panel_class, context) -> calls``: run ``panel.draw`` against a `Layout`
    stand-in and return the recorded (name, args, kwargs) calls. ``context`` can be a
    ``SimpleNamespace(scene=…, active_object=…)``."""
    return _draw_panel


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = str(__file__).rsplit("/", 1)[0]
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.blender)
