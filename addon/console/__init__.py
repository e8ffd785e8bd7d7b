"""The director's console: one module per sidebar panel (tab "Previz"), in the order they are
drawn — Director, Scene & assets, Motion, Camera, Lighting, Render.

Each module owns its panel, its operators and the `PropertyGroup` that holds the panel's
settings. The settings group is stored under ``Scene.previz.<name>`` (see `SETTINGS`), so the
one ``Scene.previz`` pointer stays the only Previz property on a scene. A module exposes:

- ``SETTINGS``: the settings `PropertyGroup` class (registered by `previz.addon.properties`
  before the scene group that points at it), plus ``PROPERTY_GROUPS`` for any groups it uses;
- ``CLASSES``: operators, UI lists and panels, registered in order by `register`.

Modules here must not import `previz.addon.properties` at module level (that module imports
them).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

# Scene.previz.<name> → module. Order = panel order in the sidebar.
PANELS = (
    ("director", "director"),
    ("assets", "scene_assets"),
    ("motion", "motion"),
    ("camera", "camera"),
    ("lighting", "lighting"),
    ("render", "render"),
)


def modules() -> list[ModuleType]:
    return [import_module(f"{__name__}.{module}") for _, module in PANELS]


def property_groups() -> list[type]:
    """Every settings group, dependencies first (each module lists its own in order)."""
    groups: list[type] = []
    for module in modules():
        groups.extend(getattr(module, "PROPERTY_GROUPS", ()))
        groups.append(module.SETTINGS)
    return groups


def settings_fields() -> dict[str, type]:
    """``Scene.previz`` field name → settings group class."""
    return {field: import_module(f"{__name__}.{module}").SETTINGS for field, module in PANELS}


def classes() -> list[type]:
    return [cls for module in modules() for cls in module.CLASSES]


def register() -> None:
    import bpy

    for cls in classes():
        bpy.utils.register_class(cls)


def unregister() -> None:
    import bpy

    for cls in reversed(classes()):
        if cls.is_registered:
            bpy.utils.unregister_class(cls)
