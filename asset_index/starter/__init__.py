"""The built-in white-box starter library: >80 categories of props, set pieces, vehicles,
plants, buildings, and rigged characters, generated deterministically as GLB."""

from __future__ import annotations

from .build import STARTER_VERSION, build_starter, starter_files
from .catalog import ITEMS
from .characters import CHARACTERS

__all__ = ["CHARACTERS", "ITEMS", "STARTER_VERSION", "build_starter", "starter_files"]
