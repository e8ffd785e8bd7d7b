"""Vehicles that move by themselves: cars, buses, trucks, bikes and boats driven along a path
with a steering (bicycle) model, helicopters and drones flown along one at a height.

A wheeled vehicle's rear axle only ever rolls along the way the vehicle points: each frame the
rear axle advances along the heading, and the heading turns by the curvature a pure-pursuit
steer toward a point ahead on the path asks (bounded by the steering lock), so the rear wheels
never slide sideways; the body's centre is the rear axle plus its offset ahead. Speed follows a
trapezoid that covers the path in the asked time (pulling away from rest, stopping at the end,
or both). A flying vehicle follows the path itself, facing where it goes, at its height.

Conventions: a vehicle's front is −Y at rest (`agents.geometry.front`), its length along Y;
yaw about +Z; metres, seconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from previz.world import InputError

from ..vocabulary import declare

#: Wheelbase as a share of the body's length, and the rear axle's distance behind the centre.
WHEELBASE_SHARE = 0.6
REAR_SHARE = 0.3
#: Steering lock (rad): the tightest turn a car makes has radius wheelbase / tan(lock).
STEER_LOCK = math.radians(35.0)
#: Seconds to pull away from rest and to brake to a stop (at most a third of the move each).
RAMP = 2.5
#: Metres the steering is integrated over (the path is then sampled at each frame's distance).
STEP = 0.05


@dataclass(frozen=True)
class Drive:
    """Per frame of a move: the body's centre (x, y), its yaw, and the rear axle (x, y)."""

    x: np.ndarray
    y: np.ndarray
    yaw: np.ndarray
    rear: np.ndarray  # (F, 2)

    @property
    def frames(self) -> int:
        return len(self.x)


def front(yaw: np.ndarray | float) -> np.ndarray:
    """Unit vectors the front faces at ``yaw`` ((..., 2))."""
    y = np.asarray(yaw, float)
    return np.stack([np.sin(y), -np.cos(y)], axis=-1)


def yaw_toward(dx: float, dy: float) -> float:
    return math.atan2(dx, -dy)


def arc_profile(length: float, seconds: float, fps: float, from_rest: bool = True,
                to_rest: bool = True) -> np.ndarray:
    """Distance covered at each frame (frame 0 … round(seconds·fps)) to travel ``length`` m in
    ``seconds``: a trapezoid that ramps up from rest and down to a stop (each when asked) over
    `RAMP` s, at most a third of the time each; the last entry is exactly ``length``."""
    if seconds <= 0 or fps <= 0:
        raise InputError(f"a move needs a positive time and fps (got {seconds:g} s, {fps:g})")
    n = max(1, round(seconds * fps))
    t = np.arange(n + 1) / fps
    total = n / fps
    ra = min(RAMP, total / 3) if from_rest else 0.0
    rd = min(RAMP, total / 3) if to_rest else 0.0
    v = length / (total - 0.5 * (ra + rd))  # cruise speed
    s = np.where(t < ra, 0.5 * v * t ** 2 / max(ra, 1e-9), v * (t - 0.5 * ra))
    tail = total - rd
    late = t > tail
    s[late] = v * (tail - 0.5 * ra) + v * (t[late] - tail) - 0.5 * v * (t[late] - tail) ** 2 \
        / max(rd, 1e-9)
    s[-1] = length
    return np.clip(s, 0.0, length)


def _polyline(points: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(points, float).reshape(-1, 2)
    keep = np.r_[True, np.linalg.norm(np.diff(p, axis=0), axis=1) > 1e-6]
    p = p[keep]
    cum = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(p, axis=0), axis=1))]
    return p, cum


def _point_at(p: np.ndarray, cum: np.ndarray, s: float) -> np.ndarray:
    if len(p) == 1:
        return p[0].copy()
    s = min(max(s, 0.0), float(cum[-1]))
    i = min(int(np.searchsorted(cum, s, side="right")) - 1, len(p) - 2)
    seg = cum[i + 1] - cum[i]
    w = 0.0 if seg <= 0 else (s - cum[i]) / seg
    return p[i] + w * (p[i + 1] - p[i])


def _project(p: np.ndarray, cum: np.ndarray, q: np.ndarray, s_min: float) -> float:
    """Arc length of the point of the polyline nearest ``q``, not behind ``s_min``."""
    best, best_d = s_min, math.inf
    for i in range(len(p) - 1):
        if cum[i + 1] < s_min:
            continue
        a, b = p[i], p[i + 1]
        ab = b - a
        L2 = float(ab @ ab)
        w = 0.0 if L2 <= 0 else float(np.clip((q - a) @ ab / L2, 0.0, 1.0))
        s = float(cum[i] + w * math.sqrt(L2))
        if s < s_min:
            s, w = s_min, (s_min - cum[i]) / math.sqrt(L2)
        d = float(np.linalg.norm(a + w * ab - q))
        if d < best_d:
            best, best_d = s, d
    return best


def drive(points: Sequence[Sequence[float]], yaw0: float, length_m: float, seconds: float,
          fps: float, from_rest: bool = True, to_rest: bool = True) -> Drive:
    """A wheeled vehicle of body length ``length_m`` whose centre starts at ``points[0]``
    facing ``yaw0`` driven along the polyline ``points`` (its centre ending at the last point)
    in ``seconds``: frame 0 … round(seconds·fps). The rear axle is steered along the path
    (pure pursuit, bounded by `STEER_LOCK`) and only ever moves along the heading."""
    p, _ = _polyline(points)
    wheelbase = WHEELBASE_SHARE * length_m
    rear_off = REAR_SHARE * length_m
    start = p[0] - rear_off * front(yaw0)
    if len(p) < 2:
        n = max(1, round(seconds * fps)) + 1
        return Drive(np.full(n, p[0][0]), np.full(n, p[0][1]), np.full(n, yaw0),
                     np.tile(start, (n, 1)))
    # The rear axle's path: from where it stands, through the waypoints, ending its offset
    # behind the last one (so that the centre ends on it).
    last_dir = p[-1] - p[-2]
    last_dir = last_dir / (np.linalg.norm(last_dir) or 1.0)
    rp, rcum = _polyline([start, *p[1:-1], p[-1] - rear_off * last_dir])
    total = float(rcum[-1])
    look = max(1.5 * wheelbase, 2.0)
    k_max = math.tan(STEER_LOCK) / max(wheelbase, 1e-3)
    # The steered rear axle as a function of the distance it rolls, in fine steps, until it
    # comes abreast of the route's end (cutting corners, it rolls a little less than the
    # route is long); then the speed profile covers exactly that distance.
    r = start.astype(float).copy()
    yaw = float(yaw0)
    rear, yaws, rolled = [r.copy()], [yaw], [0.0]
    along = 0.0
    while along < total - 1e-6 and rolled[-1] < 2.0 * total + 20.0:
        along = _project(rp, rcum, r, along)
        aim = _point_at(rp, rcum, along + look)
        to = aim - r
        dist = float(np.linalg.norm(to))
        k = 0.0
        if dist > 1e-6:
            f = front(yaw)
            alpha = math.atan2(float(f[0] * to[1] - f[1] * to[0]), float(f @ to))
            # Curvature that reaches the aim point (pure pursuit), within the steering lock.
            k = float(np.clip(2.0 * math.sin(alpha) / dist, -k_max, k_max))
        ds = min(STEP, max(total - along, 1e-3))
        r = r + ds * front(yaw + 0.5 * k * ds)
        yaw += k * ds
        rear.append(r.copy())
        yaws.append(yaw)
        rolled.append(rolled[-1] + ds)
    s = arc_profile(rolled[-1], seconds, fps, from_rest, to_rest)
    rolled_a = np.array(rolled)
    rear_f = np.array(rear)
    rear_a = np.c_[np.interp(s, rolled_a, rear_f[:, 0]), np.interp(s, rolled_a, rear_f[:, 1])]
    yaw_a = np.interp(s, rolled_a, np.array(yaws))
    centre = rear_a + rear_off * front(yaw_a)
    return Drive(centre[:, 0], centre[:, 1], yaw_a, rear_a)


def fly(points: Sequence[Sequence[float]], yaw0: float, seconds: float, fps: float,
        from_rest: bool = True, to_rest: bool = True) -> Drive:
    """A flying vehicle along the polyline ``points`` (its centre on it) in ``seconds``,
    facing where it goes (``yaw0`` while it hovers)."""
    p, cum = _polyline(points)
    s = arc_profile(float(cum[-1]), seconds, fps, from_rest, to_rest)
    xy = np.array([_point_at(p, cum, float(v)) for v in s])
    yaw = np.full(len(s), float(yaw0))
    if len(p) >= 2:
        seg = np.minimum(np.searchsorted(cum, s, side="right") - 1, len(p) - 2)
        d = p[seg + 1] - p[seg]
        yaw = np.unwrap(np.arctan2(d[:, 0], -d[:, 1]))
        yaw = yaw + 2 * math.pi * round((yaw0 - yaw[0]) / (2 * math.pi))
    return Drive(xy[:, 0], xy[:, 1], yaw, xy.copy())


def side_slip(d: Drive) -> np.ndarray:
    """Per frame, how far (m) the rear axle moved sideways to the heading: zero for wheels
    that roll without sliding."""
    step = np.diff(d.rear, axis=0)
    heading = front(0.5 * (d.yaw[1:] + d.yaw[:-1]))
    lateral = np.stack([-heading[:, 1], heading[:, 0]], axis=-1)
    return np.abs(np.einsum("ij,ij->i", step, lateral))


# The plan's vehicle verb: a plan gives it to an object group (a car, a bus, a boat, a
# motorbike); ``from_rest`` / ``to_rest``: the move pulls away from a standstill / ends
# stopped. A helicopter or a drone takes ``fly`` (with its ``height``); ``stop`` waits.
declare("action", "drive", ("drives", "driving", "pulls in", "pulls up"),
        params={"speed": 8.0, "from_rest": True, "to_rest": True},
        tags=("moves", "vehicle", "measure:travels"), skill="motion")
