"""Lighting skills: presets as data, placement round a subject and camera, keyed changes.

Agents call `lights_for(preset, world, subject, camera)`; `parse_mood` maps a mood to a preset
offline; `environment_for` gives the preset's sky (the World's environment); `transition`,
`sunset` and `sunset_sky` key lights and sky over time.
"""

from .animate import sunset, sunset_sky, transition
from .look import Look, look_lights, look_name
from .place import environment_for, irradiance_from, lights_for, power_for
from .presets import PRESETS, LightingPreset, LightRole, preset
from .vocabulary import VOCABULARY, parse_mood

__all__ = [
    "PRESETS",
    "VOCABULARY",
    "LightRole",
    "LightingPreset",
    "Look",
    "environment_for",
    "irradiance_from",
    "lights_for",
    "look_lights",
    "look_name",
    "parse_mood",
    "power_for",
    "preset",
    "sunset",
    "sunset_sky",
    "transition",
]
