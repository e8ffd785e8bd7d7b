"""A World camera ⇄ a Blender camera object.

The object is named by the camera's id, lives in "Previz Cameras", and carries the transform;
its camera datablock carries the lens (millimetres), the horizontal sensor width, depth of field
(focus distance, f-stop) and the clip range, each keyed where the World has a curve. Reading
accepts only the Horizontal sensor fit, since the World's ``sensor_width`` is the horizontal
size.
"""

from __future__ import annotations

from typing import Any

import bpy

from previz.world import Camera
from previz.world.canonical import snap_f32
from previz.world.errors import InputError

from .fcurves import read_param, write_param
from .objects import read_transform, role_collection, tag, write_transform


def build_camera(camera: Camera, scene: bpy.types.Scene) -> bpy.types.Object:
    """A new camera object for ``camera`` in ``scene``, tagged, keyed and returned."""
    data = bpy.data.cameras.new(camera.id)
    data.clip_start = camera.clip_start
    data.clip_end = camera.clip_end
    write_lens(data, camera)
    obj = bpy.data.objects.new(camera.id, data)
    role_collection(scene, "CAMERA").objects.link(obj)
    tag(obj, camera.id, "CAMERA", camera.name)
    write_transform(obj, camera)
    return obj


def write_lens(data: bpy.types.Camera, camera: Camera) -> None:
    """The camera's lens, sensor and depth of field (keyed where they are curves) on a Blender
    camera datablock. Also used by the console's Camera panel to re-key an existing camera."""
    data.lens_unit = "MILLIMETERS"
    data.sensor_fit = "HORIZONTAL"
    data.sensor_width = camera.sensor_width
    data.dof.use_dof = camera.dof
    write_param(data, data, "lens", camera.focal_length)
    write_param(data, data.dof, "focus_distance", camera.focus_distance,
                data_path="dof.focus_distance")
    write_param(data, data.dof, "aperture_fstop", camera.fstop, data_path="dof.aperture_fstop")


def read_camera(obj: bpy.types.Object) -> dict[str, Any]:
    """The World camera that the camera object ``obj`` holds, as a dict to validate."""
    data = obj.data
    if data.sensor_fit != "HORIZONTAL":
        raise InputError(
            f"camera {obj.name!r}: sensor fit is {data.sensor_fit}; Previz uses Horizontal "
            "(the World's sensor_width is the horizontal size)"
        )
    where = f"camera {obj.name!r}"
    return {
        "id": obj.previz.id,
        "name": obj.previz.label,
        "transform": read_transform(obj),
        "focal_length": read_param(data, data, "lens", where=f"{where} lens"),
        "sensor_width": snap_f32(data.sensor_width),
        "dof": data.dof.use_dof,
        "focus_distance": read_param(data, data.dof, "focus_distance",
                                     data_path="dof.focus_distance", where=f"{where} focus"),
        "fstop": read_param(data, data.dof, "aperture_fstop", data_path="dof.aperture_fstop",
                            where=f"{where} f-stop"),
        "clip_start": snap_f32(data.clip_start),
        "clip_end": snap_f32(data.clip_end),
    }
