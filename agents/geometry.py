"""Oriented boxes: the bounding volumes the layout solver places and the supervisor measures.

Every entity's geometry is its asset's bounding box: ``asset.size`` = (width x, depth y,
height z) with the box's **bottom centre at the entity origin**, carried by the entity's world
matrix (so rotation and scale apply, as in Blender). We use bounding volumes, not meshes: the
World does not carry mesh data for white-box proxies, the checks must run without Blender, and a
box is conservative (a reported clearance is a real one; a reported penetration may be up to the
box's slack around the mesh).

Overlap between two oriented boxes is the separating-axis test (15 axes in 3D, 4 in 2D); the
penetration depth is the smallest overlap along those axes — how far one box must move to stop
touching the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from previz.world.proxy import proxy_boxes

if TYPE_CHECKING:
    from previz.world import Entity


@dataclass(frozen=True)
class Box:
    """An oriented box: centre (3,), unit axes as the columns of a 3×3, half extents (3,)."""

    center: np.ndarray
    axes: np.ndarray
    half: np.ndarray

    def corners(self) -> np.ndarray:
        signs = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])
        return self.center + (signs * self.half) @ self.axes.T

    def aabb(self) -> tuple[np.ndarray, np.ndarray]:
        ext = np.abs(self.axes) @ self.half
        return self.center - ext, self.center + ext

    def contains(self, point: np.ndarray, margin: float = 0.0) -> bool:
        local = (np.asarray(point, float) - self.center) @ self.axes
        return bool(np.all(np.abs(local) < self.half - margin))


def entity_box(matrix: np.ndarray, size: tuple[float, float, float]) -> Box:
    """The world box of an entity with ``size`` whose origin (bottom centre) has ``matrix``."""
    m = np.asarray(matrix, float)
    lin = m[:3, :3]
    scale = np.linalg.norm(lin, axis=0)
    scale = np.where(scale > 1e-12, scale, 1e-12)
    axes = lin / scale
    half = np.abs(np.asarray(size, float) * scale) / 2.0
    center = m[:3, 3] + lin @ np.array([0.0, 0.0, size[2] / 2.0])
    return Box(center, axes, half)


def proxy_part_boxes(entity: Entity, matrix: np.ndarray) -> list[Box]:
    """The world boxes of the entity's white-box proxy (`previz.world.proxy.proxy_boxes`) under
    ``matrix``: one box for a prop, character or animal, the floor slab and four walls for a
    set. Using the shared proxy means the supervisor checks the geometry that is rendered (a
    ``grass`` ground set is a slab to stand on, not a solid block everyone is inside)."""
    m = np.asarray(matrix, float)
    lin = m[:3, :3]
    scale = np.linalg.norm(lin, axis=0)
    scale = np.where(scale > 1e-12, scale, 1e-12)
    axes = lin / scale
    out = []
    for lo, hi in proxy_boxes(entity):
        lo_, hi_ = np.asarray(lo, float), np.asarray(hi, float)
        center = m[:3, 3] + lin @ ((lo_ + hi_) / 2.0)
        out.append(Box(center, axes, np.abs((hi_ - lo_) * scale) / 2.0))
    return out


def yaw_box(x: float, y: float, z: float, yaw: float, size: tuple[float, float, float]) -> Box:
    c, s = math.cos(yaw), math.sin(yaw)
    axes = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    return Box(np.array([x, y, z + size[2] / 2.0]), axes, np.asarray(size, float) / 2.0)


def penetration(a: Box, b: Box) -> float:
    """Smallest overlap of ``a`` and ``b`` along the 15 separating axes (metres); 0 if apart."""
    axes = [a.axes[:, i] for i in range(3)] + [b.axes[:, i] for i in range(3)]
    for i in range(3):
        for j in range(3):
            cross = np.cross(a.axes[:, i], b.axes[:, j])
            n = np.linalg.norm(cross)
            if n > 1e-9:
                axes.append(cross / n)
    d = b.center - a.center
    best = math.inf
    for ax in axes:
        ra = float(np.sum(a.half * np.abs(a.axes.T @ ax)))
        rb = float(np.sum(b.half * np.abs(b.axes.T @ ax)))
        overlap = ra + rb - abs(float(d @ ax))
        if overlap <= 0.0:
            return 0.0
        best = min(best, overlap)
    return best


def rect_overlaps(x: float, y: float, yaw: float, w: float, d: float,
                  others: np.ndarray) -> np.ndarray:
    """2D penetration depth of one rectangle against many (separating axes, vectorised).

    ``others`` is N×5: x, y, yaw, width, depth. Returns N depths (0 where apart)."""
    if len(others) == 0:
        return np.zeros(0)
    ox, oy, oyaw, ow, od = (others[:, i] for i in range(5))
    ca, sa = math.cos(yaw), math.sin(yaw)
    cb, sb = np.cos(oyaw), np.sin(oyaw)
    dx, dy = ox - x, oy - y
    # Candidate axes: the two of a, the two of each b.
    axes = [(np.full_like(ox, ca), np.full_like(ox, sa)), (np.full_like(ox, -sa),
                                                              np.full_like(ox, ca)),
            (cb, sb), (-sb, cb)]
    depth = np.full(len(others), np.inf)
    for axx, axy in axes:
        ra = w / 2 * np.abs(ca * axx + sa * axy) + d / 2 * np.abs(-sa * axx + ca * axy)
        rb = ow / 2 * np.abs(cb * axx + sb * axy) + od / 2 * np.abs(-sb * axx + cb * axy)
        depth = np.minimum(depth, ra + rb - np.abs(dx * axx + dy * axy))
    return np.maximum(depth, 0.0)


def rect_extent(yaw: float, w: float, d: float) -> tuple[float, float]:
    """Half extents along x and y of a ``w``×``d`` rectangle turned by ``yaw``."""
    c, s = abs(math.cos(yaw)), abs(math.sin(yaw))
    return (w * c + d * s) / 2.0, (w * s + d * c) / 2.0


def facing_yaw(dx: float, dy: float) -> float:
    """The yaw that turns an entity's front (−Y at rest) toward direction (dx, dy)."""
    return math.atan2(dx, -dy)


def front(yaw: float) -> tuple[float, float]:
    """The direction an entity's front faces at ``yaw``."""
    return math.sin(yaw), -math.cos(yaw)


def segment_hits_box(p0: np.ndarray, p1: np.ndarray, box: Box, margin: float = 0.0) -> float | None:
    """Parameter t in [0, 1] where segment p0→p1 enters ``box`` (slab test), or None."""
    o = (np.asarray(p0, float) - box.center) @ box.axes
    e = (np.asarray(p1, float) - box.center) @ box.axes
    d = e - o
    h = box.half - margin
    if np.any(h <= 0):
        return None
    t0, t1 = 0.0, 1.0
    for i in range(3):
        if abs(d[i]) < 1e-12:
            if abs(o[i]) > h[i]:
                return None
            continue
        ta, tb = (-h[i] - o[i]) / d[i], (h[i] - o[i]) / d[i]
        if ta > tb:
            ta, tb = tb, ta
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 > t1:
            return None
    return t0
