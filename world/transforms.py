"""4×4 matrix helpers in Blender's conventions (plain functions over numpy arrays).

Rotations are Euler XYZ in radians, composed as Blender's ``rotation_mode = 'XYZ'`` does:
``R = Rz @ Ry @ Rx`` (X is applied first). Object matrices are ``T @ R @ S``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def euler_xyz(rx: float, ry: float, rz: float) -> np.ndarray:
    """3×3 rotation for Blender's XYZ Euler order."""
    cx, sx = math.cos(rx), math.sin(rx)
    cy, sy = math.cos(ry), math.sin(ry)
    cz, sz = math.cos(rz), math.sin(rz)
    rot_x = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    rot_y = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rot_z = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rot_z @ rot_y @ rot_x


def compose(
    location: Sequence[float], rotation: Sequence[float], scale: Sequence[float] = (1.0, 1.0, 1.0)
) -> np.ndarray:
    """The 4×4 matrix ``T(location) @ R(rotation) @ S(scale)``."""
    m = np.eye(4)
    m[:3, :3] = euler_xyz(*rotation) @ np.diag(scale)
    m[:3, 3] = location
    return m


def compose_many(location: np.ndarray, rotation: np.ndarray,
                 scale: np.ndarray | None = None) -> np.ndarray:
    """(F, 4, 4): `compose` of F locations, rotations (and scales), each (F, 3)."""
    location = np.asarray(location, float)
    rotation = np.asarray(rotation, float)
    n = location.shape[0]
    cx, sx = np.cos(rotation[:, 0]), np.sin(rotation[:, 0])
    cy, sy = np.cos(rotation[:, 1]), np.sin(rotation[:, 1])
    cz, sz = np.cos(rotation[:, 2]), np.sin(rotation[:, 2])
    # R = Rz @ Ry @ Rx written out.
    r = np.empty((n, 3, 3))
    r[:, 0, 0] = cz * cy
    r[:, 0, 1] = cz * sy * sx - sz * cx
    r[:, 0, 2] = cz * sy * cx + sz * sx
    r[:, 1, 0] = sz * cy
    r[:, 1, 1] = sz * sy * sx + cz * cx
    r[:, 1, 2] = sz * sy * cx - cz * sx
    r[:, 2, 0] = -sy
    r[:, 2, 1] = cy * sx
    r[:, 2, 2] = cy * cx
    if scale is not None:
        r = r * np.asarray(scale, float)[:, None, :]
    m = np.zeros((n, 4, 4))
    m[:, :3, :3] = r
    m[:, :3, 3] = location
    m[:, 3, 3] = 1.0
    return m


def compose_exact_many(location: np.ndarray, rotation: np.ndarray,
                       scale: np.ndarray | None = None) -> np.ndarray:
    """(F, 4, 4): `compose` of F locations, rotations (and scales), each (F, 3), bit for bit the
    same matrices as F calls of `compose` — the same 3×3 factors multiplied in the same order,
    as stacked products — where `compose_many`, written out, rounds differently in the last bit.
    What the World's evaluation over many frames uses, so it equals evaluating frame by frame."""
    location = np.asarray(location, float)
    rotation = np.asarray(rotation, float)
    n = location.shape[0]
    c, s = np.cos(rotation), np.sin(rotation)
    zero, one = np.zeros(n), np.ones(n)
    rot_x = np.stack([one, zero, zero, zero, c[:, 0], -s[:, 0], zero, s[:, 0], c[:, 0]], -1)
    rot_y = np.stack([c[:, 1], zero, s[:, 1], zero, one, zero, -s[:, 1], zero, c[:, 1]], -1)
    rot_z = np.stack([c[:, 2], -s[:, 2], zero, s[:, 2], c[:, 2], zero, zero, zero, one], -1)
    r = rot_z.reshape(n, 3, 3) @ rot_y.reshape(n, 3, 3) @ rot_x.reshape(n, 3, 3)
    diag = np.zeros((n, 3, 3))
    sc = np.ones((n, 3)) if scale is None else np.asarray(scale, float)
    diag[:, 0, 0], diag[:, 1, 1], diag[:, 2, 2] = sc[:, 0], sc[:, 1], sc[:, 2]
    m = np.zeros((n, 4, 4))
    m[:, :3, :3] = r @ diag
    m[:, :3, 3] = location
    m[:, 3, 3] = 1.0
    return m


def translation(offset: Sequence[float]) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = offset
    return m


def look_at_euler(eye: Sequence[float], target: Sequence[float], roll: float = 0.0) -> list[float]:
    """Euler XYZ that points a camera or light (which looks down its local −Z, +Y up) at
    ``target`` from ``eye``, keeping the horizon level. Used by examples and skills."""
    d = np.asarray(target, float) - np.asarray(eye, float)
    dist = float(np.linalg.norm(d))
    if dist == 0.0:
        raise ValueError("look_at: eye and target are the same point")
    d /= dist
    # Camera at rest looks down -Z; tilt about X lifts it to the horizon, then yaw about Z.
    pitch = math.atan2(math.hypot(d[0], d[1]), -d[2])
    yaw = math.atan2(d[1], d[0]) - math.pi / 2.0
    return [pitch, roll, yaw]
