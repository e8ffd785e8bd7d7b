"""A World light ⇄ a Blender light object.

The object is named by the light's id, lives in "Previz Lights", and carries the transform; its
light datablock carries the type, power (W), colour, colour temperature (Blender ≥ 4.5's
``use_temperature``), size (soft radius, area side or sun angle) and the spot cone, power,
colour and temperature keyed where the World has curves.
"""

from __future__ import annotations

from typing import Any

import bpy

from previz.world import Light
from previz.world.canonical import snap_f32
from previz.world.tracks import sample

from .fcurves import read_param, write_param
from .objects import read_transform, role_collection, tag, write_transform


def build_light(light: Light, scene: bpy.types.Scene) -> bpy.types.Object:
    """A new light object for ``light`` in ``scene``, tagged, keyed and returned. Also used by
    the console's Lighting panel to add a preset's lights."""
    data = bpy.data.lights.new(light.id, light.type.upper())
    if hasattr(data, "use_temperature"):
        for i, channel in enumerate(light.color):
            write_param(data, data, "color", channel, index=i)
        data.use_temperature = light.temperature is not None
        if light.temperature is not None:
            write_param(data, data, "temperature", light.temperature)
    else:  # pragma: no cover - Blender < 4.5: no temperature property, colour at frame 1
        from previz.world.evaluate import light_color

        data.color = light_color(light, 1.0)
        if light.temperature is not None:
            data["previz_temperature"] = sample(light.temperature, 1.0)
    write_param(data, data, "energy", light.power)
    if light.type in ("point", "spot"):
        data.shadow_soft_size = light.size
    elif light.type == "area":
        data.shape = "SQUARE"
        data.size = light.size
    else:
        data.angle = light.size
    if light.type == "spot":
        data.spot_size = light.spot_angle
        data.spot_blend = light.spot_blend
    obj = bpy.data.objects.new(light.id, data)
    role_collection(scene, "LIGHT").objects.link(obj)
    tag(obj, light.id, "LIGHT", light.name)
    write_transform(obj, light)
    return obj


def read_light(obj: bpy.types.Object) -> dict[str, Any]:
    """The World light that the light object ``obj`` holds, as a dict to validate."""
    data = obj.data
    kind = data.type.lower()
    out: dict[str, Any] = {
        "id": obj.previz.id,
        "name": obj.previz.label,
        "type": kind,
        "transform": read_transform(obj),
        "power": read_param(data, data, "energy", where=f"light {obj.name!r} power"),
        "color": [read_param(data, data, "color", index=i, where=f"light {obj.name!r} colour")
                  for i in range(3)],
    }
    if getattr(data, "use_temperature", False):
        out["temperature"] = read_param(data, data, "temperature",
                                        where=f"light {obj.name!r} temperature")
    elif "previz_temperature" in data:  # pragma: no cover - Blender < 4.5
        out["temperature"] = data["previz_temperature"]
    if kind in ("point", "spot"):
        out["size"] = snap_f32(data.shadow_soft_size)
    elif kind == "area":
        out["size"] = snap_f32(data.size)
    else:
        out["size"] = snap_f32(data.angle)
    if kind == "spot":
        out["spot_angle"] = snap_f32(data.spot_size)
        out["spot_blend"] = snap_f32(data.spot_blend)
    return out
