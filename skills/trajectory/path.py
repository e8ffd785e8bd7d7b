"""Paths on the ground plane parameterised by arc length, and speed profiles along them.

Locomotion needs two things from a trajectory: where the root is after walking ``s`` metres, and
which way it faces there (the tangent). Both come from a polyline resampled by arc length; the
heading is measured over a short window so a polyline's corners turn the body smoothly instead
of snapping it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world import InputError


@dataclass(frozen=True)
class Path:
    points: np.ndarray
    """(N, 2) polyline on the ground plane (x, y), metres."""
    cumulative: np.ndarray
    """(N,) arc length at each point."""

    @classmethod
    def from_points(cls, points: np.ndarray | list) -> Path:
        pts = np.asarray(points, float)
        if pts.ndim != 2 or pts.shape[1] not in (2, 3) or len(pts) < 1:
            raise InputError("a path is a list of at least one (x, y) point")
        if not np.all(np.isfinite(pts)):
            raise InputError("a path point is not a finite number")
        pts = pts[:, :2]
        keep = np.r_[True, np.linalg.norm(np.diff(pts, axis=0), axis=1) > 1e-9]
        pts = pts[keep]
        seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
        return cls(pts, np.r_[0.0, np.cumsum(seg)])

    @property
    def length(self) -> float:
        return float(self.cumulative[-1])

    def point_at(self, s: np.ndarray | float) -> np.ndarray:
        """(…, 2) point after ``s`` metres (clamped to the ends)."""
        s = np.clip(np.asarray(s, float), 0.0, self.length)
        if len(self.points) == 1:
            return np.broadcast_to(self.points[0], (*s.shape, 2)).copy()
        x = np.interp(s, self.cumulative, self.points[:, 0])
        y = np.interp(s, self.cumulative, self.points[:, 1])
        return np.stack([x, y], axis=-1)

    def heading_at(self, s: np.ndarray | float, window: float = 0.25) -> np.ndarray:
        """Unit tangent (…, 2) at ``s``, the chord over ±``window`` metres."""
        s = np.asarray(s, float)
        if self.length == 0.0:
            return np.broadcast_to(np.array([0.0, -1.0]), (*s.shape, 2)).copy()
        a = self.point_at(np.clip(s - window, 0.0, self.length - 2 * min(window, self.length / 2)))
        b = self.point_at(np.clip(s + window, 2 * min(window, self.length / 2), self.length))
        d = b - a
        n = np.linalg.norm(d, axis=-1, keepdims=True)
        return d / np.where(n > 1e-12, n, 1.0)

    def yaw_at(self, s: np.ndarray | float, window: float = 0.25) -> np.ndarray:
        """Entity yaw (rotation about +Z) that makes a −Y-facing body face along the path."""
        h = self.heading_at(s, window)
        return np.arctan2(h[..., 1], h[..., 0]) + np.pi / 2.0

    def resample(self, spacing: float) -> np.ndarray:
        n = max(2, int(np.ceil(self.length / spacing)) + 1)
        return self.point_at(np.linspace(0.0, self.length, n))


def yaw_of_direction(direction: np.ndarray) -> np.ndarray:
    """Yaw that turns a −Y-facing body to face ``direction`` (…, 2)."""
    d = np.asarray(direction, float)
    return np.arctan2(d[..., 1], d[..., 0]) + np.pi / 2.0


def speed_profile(
    length: float,
    speed: float,
    fps: float,
    accel: float = 1.5,
    decel: float | None = None,
    start_speed: float = 0.0,
    end_speed: float = 0.0,
) -> np.ndarray:
    """Arc length at each frame for travelling ``length`` metres with a trapezoidal speed
    profile: accelerate at ``accel`` m/s² from ``start_speed`` up to ``speed``, cruise, brake at
    ``decel`` to ``end_speed`` (a triangle when the path is too short to reach ``speed``).

    Sampled from the continuous profile at t = i / fps, so speed never exceeds ``speed`` and
    changes by at most accel/fps per frame; the first entry is 0 and the last is ``length``.
    """
    if not (speed > 0 and accel > 0 and fps > 0):
        raise InputError(f"speed, acceleration and fps must be positive (got {speed:g}, "
                         f"{accel:g}, {fps:g})")
    decel = accel if decel is None else decel
    if length <= 0:
        return np.zeros(1)
    v0, v1 = min(start_speed, speed), min(end_speed, speed)
    peak = speed
    d_acc = (peak**2 - v0**2) / (2 * accel)
    d_dec = (peak**2 - v1**2) / (2 * decel)
    if d_acc + d_dec > length:
        peak = float(np.sqrt((2 * accel * decel * length + decel * v0**2 + accel * v1**2)
                             / (accel + decel)))
        peak = max(peak, v0, v1)
        d_acc = max((peak**2 - v0**2) / (2 * accel), 0.0)
        d_dec = max((peak**2 - v1**2) / (2 * decel), 0.0)
    t_acc = (peak - v0) / accel
    t_dec = (peak - v1) / decel
    t_cruise = max(length - d_acc - d_dec, 0.0) / peak
    total = t_acc + t_cruise + t_dec
    t = np.arange(int(np.ceil(total * fps)) + 1) / fps
    s = np.where(
        t < t_acc, v0 * t + 0.5 * accel * t * t,
        np.where(t < t_acc + t_cruise, d_acc + peak * (t - t_acc),
                 length - d_dec + peak * (t - t_acc - t_cruise)
                 - 0.5 * decel * (t - t_acc - t_cruise) ** 2),
    )
    s = np.minimum(np.maximum.accumulate(np.clip(s, 0.0, length)), length)
    s[-1] = length
    return s


def fillet(points: np.ndarray | list, radius: float, step: float = 0.1) -> np.ndarray:
    """The polyline with every corner replaced by a circular arc of ``radius`` (smaller where
    the neighbouring segments are too short), sampled every ``step`` metres along the arcs.
    A group walking abreast needs turns wider than its half-width, or its inner file would
    have to walk backwards."""
    pts = np.asarray(points, float)[:, :2]
    if len(pts) < 3 or radius <= 0:
        return pts
    out = [pts[0]]
    for k in range(1, len(pts) - 1):
        a, b, c = pts[k - 1], pts[k], pts[k + 1]
        u, v = a - b, c - b
        lu, lv = np.linalg.norm(u), np.linalg.norm(v)
        if lu < 1e-9 or lv < 1e-9:
            continue
        u, v = u / lu, v / lv
        angle = np.arccos(np.clip(np.dot(u, v), -1.0, 1.0))  # interior angle
        if angle > np.pi - 1e-6:
            out.append(b)
            continue
        tan_len = radius / np.tan(angle / 2.0)
        limit = 0.5 * min(lu, lv)
        r = radius if tan_len <= limit else limit * np.tan(angle / 2.0)
        tan_len = min(tan_len, limit)
        p0, p1 = b + u * tan_len, b + v * tan_len
        bis = (u + v) / np.linalg.norm(u + v)
        centre = b + bis * (r / np.sin(angle / 2.0))
        a0 = np.arctan2(*(p0 - centre)[::-1])
        a1 = np.arctan2(*(p1 - centre)[::-1])
        sweep = (a1 - a0 + np.pi) % (2 * np.pi) - np.pi
        n = max(2, int(np.ceil(abs(sweep) * r / step)) + 1)
        ang = a0 + sweep * np.linspace(0.0, 1.0, n)
        out.extend(centre + r * np.c_[np.cos(ang), np.sin(ang)])
    out.append(pts[-1])
    return np.asarray(out)


def curvature_speed_profile(path: Path, speed: float, fps: float, accel: float = 1.5,
                            lateral_accel: float = 1.2, ds: float = 0.05,
                            min_speed: float = 0.3) -> np.ndarray:
    """Arc length per frame along ``path`` with the speed limited in turns as well as by
    ``accel``: v ≤ sqrt(lateral_accel / κ) where κ is the path's curvature (heading change per
    metre, measured over the same window the body turns with), never below ``min_speed``.

    Forward and backward passes over an arc-length grid enforce v² ≤ v_prev² + 2·a·ds both ways
    (the standard time-optimal profile under a speed limit), then the profile is integrated to
    frames. Starts and ends at rest."""
    if not (speed > 0 and accel > 0 and fps > 0 and lateral_accel > 0):
        raise InputError("speed, accelerations and fps must be positive")
    length = path.length
    if length <= 0:
        return np.zeros(1)
    n = max(2, int(np.ceil(length / ds)) + 1)
    s = np.linspace(0.0, length, n)
    step = s[1] - s[0]
    yaw = np.unwrap(path.yaw_at(s, window=0.3))
    kappa = np.abs(np.gradient(yaw, step))
    limit = np.minimum(speed, np.sqrt(lateral_accel / np.maximum(kappa, 1e-9)))
    v = np.maximum(limit, min(min_speed, speed))
    v[0] = v[-1] = 0.0
    for i in range(1, n):
        v[i] = min(v[i], np.sqrt(v[i - 1] ** 2 + 2 * accel * step))
    for i in range(n - 2, -1, -1):
        v[i] = min(v[i], np.sqrt(v[i + 1] ** 2 + 2 * accel * step))
    # Uniform acceleration inside each cell: dt = 2·ds / (v0 + v1), s(τ) = s0 + v0·τ + a·τ²/2.
    # A path shorter than one cell starts and ends at rest in the same cell: it speeds up over
    # the first half and slows down over the second, 2·sqrt(ds / a) in all (not 2·ds / 0, which
    # once asked for a billion frames).
    vsum = v[1:] + v[:-1]
    dt = np.where(vsum > 1e-9, 2 * step / np.maximum(vsum, 1e-9), 2 * np.sqrt(step / accel))
    t = np.r_[0.0, np.cumsum(dt)]
    a = (v[1:] ** 2 - v[:-1] ** 2) / (2 * step)
    rest = vsum <= 1e-9
    if rest.any():  # rest to rest in one cell: modelled as uniform at its mean speed
        v = v.copy()
        a = np.where(rest, 0.0, a)
        v[:-1] = np.where(rest, step / dt, v[:-1])
    frames = np.arange(int(np.ceil(t[-1] * fps)) + 1) / fps
    i = np.clip(np.searchsorted(t, frames, side="right") - 1, 0, n - 2)
    tau = frames - t[i]
    out = np.minimum(s[i] + v[i] * tau + 0.5 * a[i] * tau * tau, s[i + 1])
    out = np.minimum(np.maximum.accumulate(out), length)
    out[-1] = length
    return out
