"""Framing: where a camera must stand, and where it must look, to compose a subject.

Screen positions are fractions of the frame: x from the left edge, y from the top edge (0..1).

The core solve is linear. For a fixed camera orientation, "world point P projects to pixel
(u, v)" is two equations that are linear in the camera position, so placing the top and bottom
of a shot-size span at their screen heights and the subject at its screen x is a 4×3 least
squares problem — exact, instant, no iteration.

Two subjects use the toric space of Lino & Christie (2015): the camera sees A and B at the
asked screen positions exactly when the angle A-camera-B equals the angle between those two
screen rays, which puts the camera on a spindle torus around AB; (beta, phi) pick the point on
it and the orientation follows in closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from previz.world import DEFAULT_RESOLUTION
from previz.world.transforms import euler_xyz, look_at_euler

from .shots import ShotSize
from .subject import Measure
from .track import euler_from_matrix

Z = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Lens:
    """Focal length (mm), horizontal sensor width (mm) and output resolution (pixels)."""

    focal_length: float = 50.0
    sensor_width: float = 36.0
    resolution: tuple[int, int] = DEFAULT_RESOLUTION

    @property
    def fx(self) -> float:
        return self.focal_length / self.sensor_width * self.resolution[0]

    def with_focal(self, focal_length: float) -> Lens:
        return Lens(focal_length, self.sensor_width, self.resolution)

    def ray(self, x: float, y: float) -> np.ndarray:
        """Unit direction, in Blender camera axes (−Z forward, +Y up), of screen point (x, y)."""
        w, h = self.resolution
        d = np.array([(x - 0.5) * w / self.fx, -(y - 0.5) * h / self.fx, -1.0])
        return d / np.linalg.norm(d)


def view_direction(subject_forward: np.ndarray, azimuth: float, pitch: float) -> np.ndarray:
    """The camera's view axis for a camera placed at ``azimuth`` (radians, counter-clockwise
    seen from above; 0 = in front of the subject, π = behind) looking at it with ``pitch``
    (positive looks up)."""
    c, s = math.cos(azimuth), math.sin(azimuth)
    f = subject_forward
    toward_camera = np.array([c * f[0] - s * f[1], s * f[0] + c * f[1], 0.0])
    return math.cos(pitch) * -toward_camera + math.sin(pitch) * Z


def rotation_for(forward: np.ndarray, roll: float = 0.0) -> list[float]:
    """Euler XYZ of a camera looking along ``forward`` with a level horizon, then ``roll``."""
    return look_at_euler((0.0, 0.0, 0.0), forward, roll)


def _rows(r: np.ndarray, lens: Lens, point: np.ndarray, x: float | None, y: float | None):
    """Linear constraints a·e = a·P on the eye e for point P to project to (x, y)."""
    w, h = lens.resolution
    fx = lens.fx
    r0, r1, r2 = r[:, 0], r[:, 1], r[:, 2]
    rows = []
    if x is not None:
        a = fx * r0 + (x * w - w / 2.0) * r2
        rows.append((a, a @ point))
    if y is not None:
        a = -fx * r1 + (y * h - h / 2.0) * r2
        rows.append((a, a @ point))
    return rows


def place_points(
    euler: list[float], lens: Lens, targets: list[tuple[np.ndarray, float | None, float | None]]
) -> np.ndarray:
    """The eye that puts each world point at its screen (x, y) as closely as possible (least
    squares) for a camera with orientation ``euler``; None leaves a coordinate free."""
    r = euler_xyz(*euler)
    rows = [row for p, x, y in targets for row in _rows(r, lens, np.asarray(p, float), x, y)]
    a = np.stack([row[0] for row in rows])
    b = np.array([row[1] for row in rows])
    eye, *_ = np.linalg.lstsq(a, b, rcond=None)
    return eye


def frame_subject(
    ms: Measure, size: ShotSize, euler: list[float], lens: Lens, screen_x: float = 0.5
) -> np.ndarray:
    """Eye position that frames ``ms`` at ``size`` (its span from ``top`` to ``bottom`` of the
    frame) with the subject's axis at ``screen_x``, for a camera oriented by ``euler``."""
    lo, hi = size.span
    eye = place_points(
        euler, lens, [(ms.at(hi), screen_x, size.top), (ms.at(lo), screen_x, size.bottom)]
    )
    if ms.width > 0.0:
        # A group must fit across the frame too: back off along the view axis until its
        # width fills at most GROUP_FILL of the frame width.
        fwd = -euler_xyz(*euler)[:, 2]
        centre = ms.at((lo + hi) / 2.0)
        depth = float((centre - eye) @ fwd)
        need = ms.width * lens.focal_length / (GROUP_FILL * lens.sensor_width)
        if need > depth:
            eye = eye - fwd * (need - depth)
    return eye


GROUP_FILL = 0.85  # share of the frame width a group may fill


def look_room_x(ms: Measure, forward: np.ndarray, thirds: float = 1.0 / 3.0) -> float:
    """Screen x for a subject seen along ``forward``: on the third away from where it faces,
    so the space it looks into is in frame (look room); centred when it faces the lens."""
    right = np.cross(forward, Z)
    n = np.linalg.norm(right)
    if n < 1e-9 or ms.width > 0.0:  # a group is centred
        return 0.5
    facing = float(ms.forward @ (right / n))
    if abs(facing) < 0.35:
        return 0.5
    return thirds if facing > 0 else 1.0 - thirds


def aim(
    eye: np.ndarray, target: np.ndarray, lens: Lens, x: float = 0.5, y: float = 0.5,
    roll: float = 0.0,
) -> list[float]:
    """Orientation that puts world ``target`` at screen (x, y) from ``eye`` with a level horizon
    (exact for roll 0; with a roll the screen offset is applied before the roll)."""
    d = lens.ray(x, y)
    a, b, c = d
    t = np.asarray(target, float) - np.asarray(eye, float)
    t /= np.linalg.norm(t)
    base = look_at_euler((0.0, 0.0, 0.0), t, 0.0)
    rad = math.hypot(b, c)
    phi = math.atan2(c, b)
    s = min(max(t[2] / rad, -1.0), 1.0)
    candidates = [math.asin(s) - phi, math.pi - math.asin(s) - phi]
    pitch = min(candidates, key=lambda p: abs(math.remainder(p - base[0], 2 * math.pi)))
    q = b * math.cos(pitch) - c * math.sin(pitch)
    yaw = math.atan2(t[1], t[0]) - math.atan2(q, a)
    if roll == 0.0:
        return [pitch, 0.0, yaw]
    # Roll about the view axis through the target ray, so the target stays where it was put.
    r = euler_xyz(pitch, 0.0, yaw)
    axis = t
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    rot = np.eye(3) + math.sin(roll) * k + (1 - math.cos(roll)) * (k @ k)
    return euler_from_matrix(rot @ r)


def toric(
    a: np.ndarray, b: np.ndarray, lens: Lens, screen_a: tuple[float, float],
    screen_b: tuple[float, float], beta: float | None = None, phi: float = 0.0, side: float = 1.0,
) -> tuple[np.ndarray, list[float]]:
    """Camera (eye, euler) that sees world points ``a`` and ``b`` exactly at ``screen_a`` and
    ``screen_b``: a point of the toric space of the pair.

    ``beta`` is the angle at ``a`` between AB and A→camera (0 < beta < π − alpha; default puts
    the camera behind ``a``'s shoulder, a third of the way along the arc); ``phi`` lifts the
    camera out of the horizontal plane through AB; ``side`` (±1) picks which side of the line of
    action the camera is on (the 180° rule)."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    da, db = lens.ray(*screen_a), lens.ray(*screen_b)
    alpha = math.acos(min(max(float(da @ db), -1.0), 1.0))
    ab = b - a
    dist = float(np.linalg.norm(ab))
    if dist < 1e-6:
        raise ValueError("toric framing needs two distinct subjects")
    u = ab / dist
    n0 = np.cross(Z, u)
    if np.linalg.norm(n0) < 1e-6:
        n0 = np.array([1.0, 0.0, 0.0])
    n0 = side * n0 / np.linalg.norm(n0)
    up = np.cross(u, n0)
    if up @ Z < 0:
        up = -up
    if beta is None:
        beta = (math.pi - alpha) / 3.0
    beta = min(max(beta, 1e-3), math.pi - alpha - 1e-3)
    gamma = math.pi - alpha - beta  # angle at b
    ac = dist * math.sin(gamma) / math.sin(alpha)
    normal = math.cos(phi) * n0 + math.sin(phi) * up
    eye = a + ac * (math.cos(beta) * u + math.sin(beta) * normal)
    wa = (a - eye) / np.linalg.norm(a - eye)
    wb = (b - eye) / np.linalg.norm(b - eye)

    def frame(p: np.ndarray, q: np.ndarray) -> np.ndarray:
        e1 = (p + q) / np.linalg.norm(p + q)
        e2 = (p - q) / np.linalg.norm(p - q)
        return np.stack([e1, e2, np.cross(e1, e2)], axis=1)

    r = frame(wa, wb) @ frame(da, db).T
    return eye, euler_from_matrix(r)
