"""The Scene & assets panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_assets_settings(PropertyGroup):
    """Settings of the Scene & assets panel, stored in ``Scene.previz.assets``."""


SETTINGS = PREVIZ_PG_assets_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
