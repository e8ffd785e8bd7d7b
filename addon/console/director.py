"""The Director panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_director_settings(PropertyGroup):
    """Settings of the Director panel, stored in ``Scene.previz.director``."""


SETTINGS = PREVIZ_PG_director_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
