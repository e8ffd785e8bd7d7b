"""Ground height under the characters.

Motion generators take terrain as a height function ``h(x, y) -> z`` (numpy-vectorised). Flat
ground is ``flat(z)``; a slope or a heightfield are plain functions. A World has no terrain
entity yet: when it does (a heightfield asset, or the top faces of `set` entities' boxes), a
`Terrain` is built from it here and everything downstream stays the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Terrain = Callable[[np.ndarray, np.ndarray], np.ndarray]


def flat(z: float = 0.0) -> Terrain:
    def height(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.full(np.broadcast(np.asarray(x), np.asarray(y)).shape, float(z))

    return height


def plane(slope_x: float = 0.0, slope_y: float = 0.0, z0: float = 0.0) -> Terrain:
    """A tilted plane z = z0 + slope_x·x + slope_y·y (slopes as rise over run)."""

    def height(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return z0 + slope_x * np.asarray(x, float) + slope_y * np.asarray(y, float)

    return height


def normal(terrain: Terrain, x: np.ndarray, y: np.ndarray, eps: float = 0.05) -> np.ndarray:
    """Unit surface normal (…, 3) by central differences."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    dx = (terrain(x + eps, y) - terrain(x - eps, y)) / (2 * eps)
    dy = (terrain(x, y + eps) - terrain(x, y - eps)) / (2 * eps)
    n = np.stack([-dx, -dy, np.ones_like(dx)], axis=-1)
    return n / np.linalg.norm(n, axis=-1, keepdims=True)


def align_up(n: np.ndarray) -> np.ndarray:
    """(…, 3, 3) the smallest rotation taking +Z to the unit vectors ``n``."""
    n = np.asarray(n, float)
    z = np.array([0.0, 0.0, 1.0])
    v = np.cross(z, n)
    c = n[..., 2]
    vx = np.zeros((*n.shape[:-1], 3, 3))
    vx[..., 0, 1], vx[..., 0, 2] = -v[..., 2], v[..., 1]
    vx[..., 1, 0], vx[..., 1, 2] = v[..., 2], -v[..., 0]
    vx[..., 2, 0], vx[..., 2, 1] = -v[..., 1], v[..., 0]
    k = 1.0 / (1.0 + c)
    return np.eye(3) + vx + (vx @ vx) * k[..., None, None]


def from_world(world, frame: float = 1, max_height: float = 0.6, base: float = 0.0,
               kinds: tuple[str, ...] = ("set",)) -> Terrain:  # type: ignore[no-untyped-def]
    """Walkable ground from a World: the floor at ``base`` plus the top faces of low boxes
    (stages, platforms, steps: entities of ``kinds`` whose top is at most ``max_height`` above
    their bottom, standing on the ground — a ceiling slab overhead is not ground). Taller boxes
    are obstacles for the planner, not ground."""
    from scipy.spatial import ConvexHull

    from ..trajectory.grid import box_corners, inside_convex

    state = world.evaluate(frame)
    tops: list[tuple[np.ndarray, float]] = []
    for e in world.entities:
        if e.kind not in kinds or e.asset.size is None or e.asset.size[2] > max_height:
            continue
        corners = box_corners(e.asset.size, state.entities[e.id].matrix)
        if float(corners[:, 2].min()) > base + max_height:
            continue  # a slab overhead (a ceiling, a canopy) is not ground
        xy = corners[:, :2]
        if np.ptp(xy, axis=0).min() <= 1e-9:
            continue
        tops.append((xy[ConvexHull(xy).vertices], float(corners[:, 2].max())))

    def height(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        pts = np.c_[x.ravel(), y.ravel()]
        z = np.full(len(pts), float(base))
        for poly, top in tops:
            z = np.where(inside_convex(pts, poly), np.maximum(z, top), z)
        return z.reshape(x.shape)

    return height


def smooth_along(values: np.ndarray, frames: float) -> np.ndarray:
    """Gaussian smoothing over ``frames`` (σ) that keeps straight ramps straight (odd
    reflection at the ends), for a root height that steps onto a platform without popping."""
    v = np.asarray(values, float)
    if frames <= 0 or len(v) < 3 or np.ptp(v) == 0:
        return v
    r = int(3 * frames)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / frames) ** 2)
    k /= k.sum()
    pad = np.pad(v, r, mode="reflect", reflect_type="odd")
    return np.convolve(pad, k, mode="valid")


def box_top(center: tuple[float, float], size: tuple[float, float], yaw: float, top: float,
            base: float = 0.0) -> Terrain:
    """The ground with one raised top: ``top`` inside the rectangle of ``size`` (x, y) at
    ``center`` turned by ``yaw`` (radians), ``base`` elsewhere — a stage, a platform, a low
    wall to step up onto."""
    cx, cy = float(center[0]), float(center[1])
    hx, hy = 0.5 * float(size[0]), 0.5 * float(size[1])
    c, s = np.cos(yaw), np.sin(yaw)

    def height(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        u = (x - cx) * c + (y - cy) * s
        v = -(x - cx) * s + (y - cy) * c
        return np.where((np.abs(u) <= hx) & (np.abs(v) <= hy), float(top), float(base))

    return height
