"""The Render panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_render_settings(PropertyGroup):
    """Settings of the Render panel, stored in ``Scene.previz.render``."""


SETTINGS = PREVIZ_PG_render_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
