"""Per-shot camera tracks for matchmove and compositing: JSON, CSV and a Nuke ``.chan`` file.

Every frame of a shot gets the numbers the passes manifest records for it — OpenCV ``K`` for the
shot's resolution and the 4×4 ``world_to_camera`` (OpenCV axes: +X right, +Y down, +Z forward)
— computed the same way, from `World.evaluate` (`CameraState.intrinsics` and
`world_to_camera`), plus what other tools read: the camera's world matrix and location in
Blender's axes (+Z up, the camera looking down its −Z), its XYZ Euler rotation in degrees, the
focal length and the sensor width.

The ``.chan`` file is the convention of Nuke's Camera "import chan file" (and of Blender's own
Nuke chan add-on): one line per frame, ``frame tx ty tz rx ry rz vfov``, tab-separated, in
Nuke's Y-up world (Blender's rotated −90° about X, so Blender's +Z up becomes +Y up and −Y
becomes +Z), the rotation in degrees for Nuke's default rotation order ZXY (the matrix is
Ry·Rx·Rz acting on column vectors: Z is applied first), and the vertical field of view in
degrees for the shot's frame (horizontal sensor fit, as the World's cameras use). Angles are
unwrapped frame to frame so a turning camera does not jump by 360°.

Pure numpy; no bpy.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from previz.world import World
from previz.world.models import Shot

FORMAT = "previz-camera-track/1"
#: Blender world (Z up) → Nuke world (Y up): a −90° rotation about X.
Y_UP = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, -1.0, 0.0, 0.0],
                 [0.0, 0.0, 0.0, 1.0]])


@dataclass(frozen=True)
class CameraFrame:
    frame: int
    K: np.ndarray  # 3×3
    world_to_camera: np.ndarray  # 4×4, OpenCV axes
    camera_to_world: np.ndarray  # 4×4, Blender axes (the camera object's world matrix)
    focal_length_mm: float
    sensor_width_mm: float


def euler_xyz(r: np.ndarray) -> tuple[float, float, float]:
    """Blender's XYZ Euler angles (radians) of rotation matrix ``r`` (R = Rz·Ry·Rx)."""
    sy = -r[2, 0]
    y = math.asin(max(-1.0, min(1.0, sy)))
    if abs(sy) < 1.0 - 1e-9:
        x = math.atan2(r[2, 1], r[2, 2])
        z = math.atan2(r[1, 0], r[0, 0])
    else:  # gimbal lock: put it all in X
        x = math.atan2(-r[1, 2], r[1, 1])
        z = 0.0
    return x, y, z


def euler_zxy(r: np.ndarray) -> tuple[float, float, float]:
    """Nuke's ZXY rotation (rx, ry, rz radians) of rotation matrix ``r`` = Ry·Rx·Rz."""
    x = math.asin(max(-1.0, min(1.0, -r[1, 2])))
    if abs(r[1, 2]) < 1.0 - 1e-9:
        y = math.atan2(r[0, 2], r[2, 2])
        z = math.atan2(r[1, 0], r[1, 1])
    else:  # gimbal lock: put it all in Y
        y = math.atan2(-r[2, 0], r[0, 0])
        z = 0.0
    return x, y, z


def rotation_zxy(x: float, y: float, z: float) -> np.ndarray:
    """Ry(y)·Rx(x)·Rz(z): the inverse of `euler_zxy` (for tests and readers)."""
    cx, sx, cy, sy, cz, sz = (math.cos(x), math.sin(x), math.cos(y), math.sin(y),
                              math.cos(z), math.sin(z))
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return ry @ rx @ rz


def _unwrap(angle: float, previous: float | None) -> float:
    if previous is None:
        return angle
    return angle + 2 * math.pi * round((previous - angle) / (2 * math.pi))


def camera_world(world: World) -> World:
    """``world`` as cheap to evaluate for its cameras: skeletons dropped unless something
    hangs from a joint (a camera never needs one otherwise)."""
    from .shotlist import _camera_world

    return _camera_world(world)


def shot_frames(world: World, shot: Shot, frames: range | None = None) -> Iterator[CameraFrame]:
    """The camera of ``shot`` at each of its frames (or ``frames``)."""
    w, h = shot.resolution
    for f in frames or range(shot.frame_start, shot.frame_end + 1):
        cam = world.evaluate(f).cameras[shot.camera]
        yield CameraFrame(f, cam.intrinsics(w, h), cam.world_to_camera(),
                          np.array(cam.matrix, float), float(cam.focal_length),
                          float(cam.sensor_width))


def track_json(world: World, shot: Shot, frames: list[CameraFrame]) -> str:
    rows = []
    for f in frames:
        loc = f.camera_to_world[:3, 3]
        rot = euler_xyz(f.camera_to_world[:3, :3] / np.linalg.norm(f.camera_to_world[:3, :3],
                                                                    axis=0))
        rows.append({"frame": f.frame, "K": f.K.tolist(),
                     "world_to_camera": f.world_to_camera.tolist(),
                     "camera_to_world": f.camera_to_world.tolist(),
                     "location": [float(v) for v in loc],
                     "rotation_euler_xyz_deg": [math.degrees(a) for a in rot],
                     "focal_length_mm": f.focal_length_mm,
                     "sensor_width_mm": f.sensor_width_mm})
    data: dict[str, Any] = {
        "format": FORMAT, "shot": shot.id, "camera": shot.camera, "fps": world.fps,
        "resolution": list(shot.resolution), "frame_start": shot.frame_start,
        "frame_end": shot.frame_end,
        "axes": {"world_to_camera": "OpenCV (+X right, +Y down, +Z forward)",
                 "camera_to_world": "Blender (+Z up; the camera looks down its -Z, +Y up)"},
        "frames": rows}
    return json.dumps(data, indent=1) + "\n"


CSV_COLUMNS = ("frame", "fx", "fy", "cx", "cy", "tx", "ty", "tz", "rx_deg", "ry_deg", "rz_deg",
               "focal_length_mm", "sensor_width_mm",
               *(f"w2c_{i}{j}" for i in range(3) for j in range(4)))


def track_csv(frames: list[CameraFrame]) -> str:
    """One row per frame: K's fx fy cx cy, the Blender location and XYZ Euler (degrees), lens,
    sensor, then the 3×4 of world_to_camera (OpenCV) row by row."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for f in frames:
        m = f.camera_to_world
        rot = euler_xyz(m[:3, :3] / np.linalg.norm(m[:3, :3], axis=0))
        row: list[Any] = [f.frame, f.K[0, 0], f.K[1, 1], f.K[0, 2], f.K[1, 2], *m[:3, 3],
                          *(math.degrees(a) for a in rot), f.focal_length_mm,
                          f.sensor_width_mm, *f.world_to_camera[:3, :4].ravel()]
        out.writerow([v if isinstance(v, int) else f"{float(v):.9g}" for v in row])
    return buf.getvalue()


def vertical_fov_deg(f: CameraFrame, resolution: tuple[int, int]) -> float:
    """The vertical field of view (degrees) with the sensor's width fitted to the frame's."""
    w, h = resolution
    sensor_h = f.sensor_width_mm * h / w
    return math.degrees(2.0 * math.atan(sensor_h / (2.0 * f.focal_length_mm)))


def track_chan(shot: Shot, frames: list[CameraFrame]) -> str:
    """Nuke's ``.chan`` (see the module docstring)."""
    lines = []
    prev: list[float | None] = [None, None, None]
    for f in frames:
        m = Y_UP @ f.camera_to_world
        r = m[:3, :3] / np.linalg.norm(m[:3, :3], axis=0)
        angles = euler_zxy(r)
        angles = tuple(_unwrap(a, p) for a, p in zip(angles, prev, strict=True))
        prev = list(angles)
        t = m[:3, 3]
        vals = [*t, *(math.degrees(a) for a in angles), vertical_fov_deg(f, shot.resolution)]
        lines.append("\t".join([str(f.frame), *(f"{v:.6f}" for v in vals)]))
    return "\n".join(lines) + "\n"
