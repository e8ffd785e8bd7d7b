"""The Lighting panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_lighting_settings(PropertyGroup):
    """Settings of the Lighting panel, stored in ``Scene.previz.lighting``."""


SETTINGS = PREVIZ_PG_lighting_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
