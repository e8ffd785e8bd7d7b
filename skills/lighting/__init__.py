"""Lighting skills: presets as data, placement round a subject and camera, keyed changes.

Agents call `lights_for(preset, world, subject, camera)`; `parse_mood` maps a mood to a preset
offline; `transition` and `sunset` key lights over time.
"""

from .animate import sunset, transition
from .place import irradiance_from, lights_for, power_for
from .presets import PRESETS, LightingPreset, LightRole, preset
from .vocabulary import VOCABULARY, parse_mood

__all__ = [
    "PRESETS",
    "VOCABULARY",
    "LightRole",
    "LightingPreset",
    "irradiance_from",
    "lights_for",
    "parse_mood",
    "power_for",
    "preset",
    "sunset",
    "transition",
]
