"""Add-on preferences: where models and caches live, and how to reach an LLM.

Preferences are stored in Blender's user preferences, never in a .blend, so an API key typed here
does not travel with a scene file. Outside the UI (the `previz` command) the same settings come
from environment variables; `settings()` merges the two.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import bpy
from bpy.props import EnumProperty, StringProperty
from bpy.types import AddonPreferences

from previz.world import DEFAULT_BACKEND

ENV = {
    "llm_base_url": "PREVIZ_LLM_BASE_URL",
    "llm_model": "PREVIZ_LLM_MODEL",
    "llm_api_key": "PREVIZ_LLM_API_KEY",
    "weights_folder": "PREVIZ_WEIGHTS",
    "device": "PREVIZ_DEVICE",
    "default_backend": "PREVIZ_BACKEND",
    "cache_folder": "PREVIZ_CACHE",
}
DEVICES = [
    ("auto", "Automatic", "CUDA, ROCm or MPS when present, else CPU"),
    ("cuda", "CUDA", "NVIDIA (or ROCm) GPU"),
    ("mps", "Metal", "Apple silicon GPU"),
    ("cpu", "CPU", "Slow; for the tiny test backends"),
]


class PREVIZ_AP_preferences(AddonPreferences):
    bl_idname = "previz"  # replaced in register() by the name Blender loaded the add-on under

    llm_base_url: StringProperty(
        name="LLM endpoint", description="OpenAI-compatible base URL (OpenAI, Ollama, vLLM, "
        "LM Studio); empty: the offline planner",
    )
    llm_model: StringProperty(name="LLM model")
    llm_api_key: StringProperty(
        name="API key", subtype="PASSWORD",
        description="Kept in the user preferences, never written into .blend files",
    )
    weights_folder: StringProperty(name="Weights folder", subtype="DIR_PATH")
    device: EnumProperty(name="Device", items=DEVICES, default="auto")
    default_backend: StringProperty(name="Default backend", default=DEFAULT_BACKEND)
    cache_folder: StringProperty(
        name="Cache folder", subtype="DIR_PATH",
        description="Render cache; empty: the extension's user folder",
    )

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        col = layout.column(heading="Language model")
        col.prop(self, "llm_base_url")
        col.prop(self, "llm_model")
        col.prop(self, "llm_api_key")
        col = layout.column(heading="Neural rendering")
        col.prop(self, "default_backend")
        col.prop(self, "weights_folder")
        col.prop(self, "device")
        col.prop(self, "cache_folder")
        row = layout.row()
        row.operator("previz.install_runtime", icon="IMPORT")
        row.operator("previz.doctor", icon="INFO")


@dataclass(frozen=True)
class Settings:
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    weights_folder: str = ""
    device: str = "auto"
    default_backend: str = DEFAULT_BACKEND
    cache_folder: str = ""


def _addon_prefs(context: bpy.types.Context | None = None) -> PREVIZ_AP_preferences | None:
    ctx = context or bpy.context
    addon = ctx.preferences.addons.get(PREVIZ_AP_preferences.bl_idname)
    return None if addon is None else addon.preferences


def settings(context: bpy.types.Context | None = None) -> Settings:
    """Effective settings: the preferences where set, else the environment, else defaults."""
    prefs = _addon_prefs(context)
    values = {}
    for name, var in ENV.items():
        value = getattr(prefs, name, "") if prefs is not None else ""
        values[name] = value or os.environ.get(var, "") or getattr(Settings, name)
    if not values["cache_folder"]:
        values["cache_folder"] = str(_default_cache())
    return Settings(**values)


def user_folder(name: str) -> Path:
    """A folder of the extension's user path (``bpy.utils.extension_path_user``); when Previz is
    not loaded as an extension (module use, tests), Blender's user data folder."""
    try:
        return Path(bpy.utils.extension_path_user(PREVIZ_AP_preferences.bl_idname, path=name))
    except (ValueError, KeyError, AttributeError, RuntimeError):
        return Path(bpy.utils.user_resource("DATAFILES", path=f"previz/{name}"))


def _default_cache() -> Path:
    return user_folder("cache")


def runtime_folder() -> Path:
    """Where the runtime install puts torch, diffusers … for Blender's Python: one folder per
    Python version (``runtime/py3.11``, ``runtime/py3.13``), since compiled wheels for one do not
    load in the other — Blender 4.5 and 5.2 on one machine each keep their own."""
    base = Path(os.environ.get("PREVIZ_RUNTIME") or user_folder("runtime"))
    return base / f"py{sys.version_info.major}.{sys.version_info.minor}"


def register(module_name: str) -> None:
    PREVIZ_AP_preferences.bl_idname = module_name
    bpy.utils.register_class(PREVIZ_AP_preferences)


def unregister() -> None:
    bpy.utils.unregister_class(PREVIZ_AP_preferences)
