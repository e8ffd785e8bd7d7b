"""The Camera panel of the director's console (placeholder: being built)."""

from __future__ import annotations

from bpy.types import PropertyGroup


class PREVIZ_PG_camera_settings(PropertyGroup):
    """Settings of the Camera panel, stored in ``Scene.previz.camera``."""


SETTINGS = PREVIZ_PG_camera_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = ()
