"""Turning per-frame camera samples into a `previz.world.Camera` with keyed tracks.

Generators compute a pose for every frame; this module writes them as linear keys, one per
frame (a channel that never changes becomes a plain number), with Euler angles unwrapped so a
turn through ±180° does not spin the long way round between keys.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from previz.world import Camera, Curve, Keyframe, Transform
from previz.world.transforms import euler_xyz, look_at_euler

# Values equal within this are written as one static number.
_STATIC_TOL = 1e-9


def channel(frames: Sequence[int], values: Sequence[float]) -> float | Curve:
    """A static number if ``values`` never change, else a linear key per frame."""
    vals = [float(v) for v in values]
    if max(vals) - min(vals) <= _STATIC_TOL:
        return vals[0]
    return Curve(
        keys=[Keyframe(frame=float(f), value=v, interpolation="linear")
              for f, v in zip(frames, vals, strict=True)]
    )


def camera_track(
    camera_id: str,
    frames: Sequence[int],
    eyes: np.ndarray,
    rotations: np.ndarray,
    focal_lengths: np.ndarray | float,
    focus_distances: np.ndarray | float | None = None,
    *,
    sensor_width: float = 36.0,
    fstop: float = 2.8,
    name: str = "",
) -> Camera:
    """A Camera keyed at ``frames`` from F×3 ``eyes``, F×3 Euler ``rotations`` and lenses."""
    n = len(frames)
    eyes = np.asarray(eyes, float).reshape(n, 3)
    rot = np.unwrap(np.asarray(rotations, float).reshape(n, 3), axis=0)
    focal = np.broadcast_to(np.asarray(focal_lengths, float), (n,))
    loc = tuple(channel(frames, eyes[:, i]) for i in range(3))
    rotation = tuple(channel(frames, rot[:, i]) for i in range(3))
    kwargs = {}
    if focus_distances is not None:
        focus = np.maximum(np.broadcast_to(np.asarray(focus_distances, float), (n,)), 0.01)
        kwargs = {"dof": True, "focus_distance": channel(frames, focus), "fstop": fstop}
    return Camera(
        id=camera_id,
        name=name,
        transform=Transform(location=loc, rotation=rotation),
        focal_length=channel(frames, focal),
        sensor_width=sensor_width,
        **kwargs,
    )


def rotation_matrix(euler: Sequence[float]) -> np.ndarray:
    return euler_xyz(*euler)


def euler_from_matrix(r: np.ndarray) -> list[float]:
    """Blender XYZ Euler of a 3×3 rotation ``r = Rz @ Ry @ Rx``."""
    sy = -r[2, 0]
    sy = min(max(sy, -1.0), 1.0)
    y = math.asin(sy)
    if abs(sy) < 1.0 - 1e-9:
        x = math.atan2(r[2, 1], r[2, 2])
        z = math.atan2(r[1, 0], r[0, 0])
    else:  # gimbal lock: fold x into z
        x = 0.0
        z = math.atan2(-r[0, 1], r[1, 1])
    return [x, y, z]


def forward_of(euler: Sequence[float]) -> np.ndarray:
    """The view axis (camera −Z) in world space."""
    return -euler_xyz(*euler)[:, 2]


def look(eye: Sequence[float], target: Sequence[float], roll: float = 0.0) -> list[float]:
    return look_at_euler(eye, target, roll)


def ease(t: np.ndarray | float) -> np.ndarray:
    """Smootherstep: 0→1 with zero velocity and acceleration at both ends."""
    t = np.clip(np.asarray(t, float), 0.0, 1.0)
    return t * t * t * (t * (6.0 * t - 15.0) + 10.0)


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[lo, hi) index ranges where ``mask`` is true: the runs of frames a solver adjusts as one
    (the occlusion solver's blocked frames, the clearance step's frames inside geometry)."""
    out, i, n = [], 0, len(mask)
    while i < n:
        if mask[i]:
            j = i
            while j < n and mask[j]:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out
