"""The Motion panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_motion_settings(PropertyGroup):
    """Settings of the Motion panel, stored in ``Scene.previz.motion``."""


SETTINGS = PREVIZ_PG_motion_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
