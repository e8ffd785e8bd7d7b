"""Least-squares smoothing of camera paths, and their acceleration and jerk.

Shared by the movement generators (a chase smooths its travel direction and its eyes) and the
framing solver (smoothing within motion bounds), so it lives apart from both and neither has to
import the other for it.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solveh_banded


def smooth_path(points: np.ndarray, fps: float, weight: float = 1.0,
                pins: np.ndarray | None = None) -> np.ndarray:
    """Least-squares smoothing of an F×k path: stay near ``points`` (each frame weighted by
    ``pins``, default 1) while penalising second and third differences by ``weight``. It looks
    ahead as well as back, so a smoothed follow does not lag its subject."""
    pts = np.asarray(points, float)
    n = len(pts)
    if n < 4 or weight <= 0:
        return pts.copy()
    w = np.ones(n) if pins is None else np.asarray(pins, float)
    # The normal matrix diag(w) + weight·(D2ᵀD2 + 4·D3ᵀD3) is symmetric with 3 bands: solve
    # it banded (linear in the number of frames) instead of as a dense F×F system.
    ab = weight * difference_bands(n)
    ab[3] += w
    return solveh_banded(ab, w[:, None] * pts)


def difference_bands(n: int) -> np.ndarray:
    """D2ᵀD2 + 4·D3ᵀD3 for F = ``n`` frames in LAPACK upper banded form (4 × n): row 3 − k
    holds the k-th super-diagonal, right-aligned (``ab[3 - k, j] = a[j - k, j]``)."""
    ab = np.zeros((4, n))
    for coeffs, scale in (((1.0, -2.0, 1.0), 1.0), ((-1.0, 3.0, -3.0, 1.0), 4.0)):
        m = n - len(coeffs) + 1  # rows of the difference matrix
        for i, ci in enumerate(coeffs):
            for k in range(len(coeffs) - i):
                # Row r of D adds ci·c(i+k) at (r + i, r + i + k).
                ab[3 - k, i + k:i + k + m] += scale * ci * coeffs[i + k]
    return ab


def motion_limits(points: np.ndarray, fps: float) -> tuple[float, float]:
    """Largest acceleration (m/s²) and jerk (m/s³) along an F×3 path sampled at ``fps``."""
    pts = np.asarray(points, float)
    if len(pts) < 4:
        return 0.0, 0.0
    acc = np.linalg.norm(np.diff(pts, 2, axis=0), axis=1).max() * fps**2
    jerk = np.linalg.norm(np.diff(pts, 3, axis=0), axis=1).max() * fps**3
    return float(acc), float(jerk)


def smooth_bounded(points: np.ndarray, fps: float, max_accel: float, max_jerk: float,
                   pins: np.ndarray | None = None) -> np.ndarray:
    """The least-smoothed path (see `smooth_path`) whose acceleration and jerk are within the
    bounds; bisection on the log of the smoothing weight."""
    acc, jerk = motion_limits(points, fps)
    if acc <= max_accel and jerk <= max_jerk:
        return np.asarray(points, float).copy()
    lo, hi = -6.0, 12.0
    best = smooth_path(points, fps, 10.0**hi, pins)
    for _ in range(24):
        mid = 0.5 * (lo + hi)
        cand = smooth_path(points, fps, 10.0**mid, pins)
        acc, jerk = motion_limits(cand, fps)
        if acc <= max_accel and jerk <= max_jerk:
            hi, best = mid, cand
        else:
            lo = mid
    return best
