"""Occupancy grids rasterised from a World, inflated by a body radius.

A character plans on the ground plane. Every entity with a size (``asset.size``) is a box whose
bottom centre is the entity origin; at the planning frame its 8 corners go through the evaluated
world matrix, and if the box overlaps the character's height band (above a step, below its head)
its footprint — the convex hull of the corners — is filled into the grid. Obstacles are then
grown by the body radius with a Euclidean distance transform, so the planner can treat the
character as a point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from scipy.spatial import ConvexHull

from previz.world import InputError, World


@dataclass
class Grid:
    origin: np.ndarray
    """World (x, y) of the centre of cell (row 0, col 0)."""
    resolution: float
    occupied: np.ndarray
    """(rows, cols) bool; rows run along +y, columns along +x."""
    clearance: np.ndarray | None = None
    """(rows, cols) distance (m) from each cell centre to the nearest occupied cell centre."""

    @property
    def shape(self) -> tuple[int, int]:
        return self.occupied.shape  # type: ignore[return-value]

    def to_cell(self, xy: np.ndarray) -> np.ndarray:
        """(…, 2) world points → (…, 2) integer (row, col)."""
        xy = np.asarray(xy, float)
        c = np.rint((xy - self.origin) / self.resolution).astype(int)
        return np.stack([c[..., 1], c[..., 0]], axis=-1)

    def to_world(self, cells: np.ndarray) -> np.ndarray:
        cells = np.asarray(cells, float)
        return self.origin + np.stack([cells[..., 1], cells[..., 0]], axis=-1) * self.resolution

    def inside(self, cells: np.ndarray) -> np.ndarray:
        cells = np.asarray(cells)
        return ((cells[..., 0] >= 0) & (cells[..., 0] < self.shape[0])
                & (cells[..., 1] >= 0) & (cells[..., 1] < self.shape[1]))

    def compute_clearance(self) -> np.ndarray:
        if self.clearance is None:
            if self.occupied.any():
                self.clearance = ndimage.distance_transform_edt(~self.occupied) * self.resolution
            else:
                self.clearance = np.full(self.shape, np.inf)
        return self.clearance

    def inflate(self, radius: float) -> Grid:
        """Cells closer than ``radius`` (plus half a cell diagonal, so cell-centre sampling
        never underestimates) to an obstacle become occupied."""
        clear = self.compute_clearance()
        margin = radius + self.resolution * np.sqrt(0.5)
        out = Grid(self.origin.copy(), self.resolution, clear < margin)
        # The planner's line-of-sight tests read the inflated grid's own distance field:
        # computed once here (one EDT per grid), reused by every path planned on it.
        out.compute_clearance()
        return out

    def free_at(self, xy: np.ndarray) -> np.ndarray:
        """(…,) True where the world points fall in free cells (outside the grid is blocked)."""
        cells = self.to_cell(xy)
        ok = self.inside(cells)
        out = np.zeros(ok.shape, bool)
        out[ok] = ~self.occupied[cells[ok][:, 0], cells[ok][:, 1]]
        return out

    def segment_free(self, a: np.ndarray, b: np.ndarray) -> bool:
        """Every point of segment a→b (sampled at a quarter cell) is in a free cell.

        Quick accept from the distance field (when the grid has one): every point within
        ``clearance(cell of a) − √2·resolution`` of ``a`` lies in a free cell (the point is at
        most half a cell diagonal from its cell centre, an occupied cell's points at most half
        a diagonal from theirs), so a short segment needs no sampling."""
        a = np.asarray(a, float)
        b = np.asarray(b, float)
        length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
        res = self.resolution
        rows, cols = self.occupied.shape
        if self.clearance is not None:
            c = int(np.rint((a[0] - self.origin[0]) / res))
            r = int(np.rint((a[1] - self.origin[1]) / res))
            if 0 <= r < rows and 0 <= c < cols and \
                    length < self.clearance[r, c] - res * np.sqrt(2.0):
                return True
        n = max(2, int(np.ceil(length / (res * 0.25))) + 1)
        t = np.arange(n) / (n - 1)
        cx = np.rint((a[0] + (b[0] - a[0]) * t - self.origin[0]) / res).astype(np.intp)
        cy = np.rint((a[1] + (b[1] - a[1]) * t - self.origin[1]) / res).astype(np.intp)
        if cx.min() < 0 or cy.min() < 0 or cx.max() >= cols or cy.max() >= rows:
            return False
        return not bool(self.occupied[cy, cx].any())


def box_corners(size: Iterable[float], matrix: np.ndarray) -> np.ndarray:
    """(8, 3) world corners of a box of ``size`` (w, d, h) whose bottom centre is the origin."""
    w, d, h = size
    xs, ys, zs = (-w / 2, w / 2), (-d / 2, d / 2), (0.0, h)
    local = np.array([[x, y, z, 1.0] for x in xs for y in ys for z in zs])
    return (matrix @ local.T).T[:, :3]


def footprints(world: World, frame: float, band: tuple[float, float] = (0.15, 1.8),
               exclude: Iterable[str] = (), kinds: Iterable[str] = ("set", "prop"),
               keep_clear: Iterable[np.ndarray] = ()) -> list[np.ndarray]:
    """Ground-plane footprints (convex polygons, (K, 2) counter-clockwise) of the entities that
    block a character whose body spans heights ``band`` (above a step, below the head).

    A box that contains one of the ``keep_clear`` points (the start and the goal) is a container
    — a room shell, a floor — not an obstacle, and is skipped."""
    state = world.evaluate(frame)
    skip = set(exclude)
    kinds = set(kinds)
    out = []
    for e in world.entities:
        if e.id in skip or e.kind not in kinds or e.asset.size is None:
            continue
        corners = box_corners(e.asset.size, state.entities[e.id].matrix)
        if corners[:, 2].max() <= band[0] or corners[:, 2].min() >= band[1]:
            continue
        xy = corners[:, :2]
        hull = xy[ConvexHull(xy).vertices] if np.ptp(xy, axis=0).min() > 1e-9 else xy
        if any(_point_in_convex(np.asarray(p, float)[:2], hull) for p in keep_clear):
            continue
        out.append(hull)
    return out


def _point_in_convex(p: np.ndarray, poly: np.ndarray) -> bool:
    return bool(inside_convex(p[None], poly)[0])


def inside_convex(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """(N,) True for points inside the counter-clockwise convex polygon ``poly``."""
    inside = np.ones(len(points), bool)
    for i in range(len(poly)):
        a, b = poly[i], poly[(i + 1) % len(poly)]
        cross = (b[0] - a[0]) * (points[:, 1] - a[1]) - (b[1] - a[1]) * (points[:, 0] - a[0])
        inside &= cross >= -1e-12
    return inside


def rasterize(polygons: list[np.ndarray], bounds: tuple[float, float, float, float],
              resolution: float) -> Grid:
    """A grid over ``bounds`` (xmin, ymin, xmax, ymax) with every polygon filled."""
    xmin, ymin, xmax, ymax = bounds
    if not (xmax > xmin and ymax > ymin and resolution > 0):
        raise InputError(f"empty planning area {bounds} or bad resolution {resolution}")
    cols = int(np.ceil((xmax - xmin) / resolution)) + 1
    rows = int(np.ceil((ymax - ymin) / resolution)) + 1
    if rows * cols > 64_000_000:
        raise InputError(f"planning grid of {rows}×{cols} cells is too large; use a coarser "
                         "resolution")
    grid = Grid(np.array([xmin, ymin]), resolution, np.zeros((rows, cols), bool))
    for poly in polygons:
        lo = np.floor((poly.min(axis=0) - grid.origin) / resolution).astype(int)
        hi = np.ceil((poly.max(axis=0) - grid.origin) / resolution).astype(int)
        c0, r0 = np.maximum(lo, 0)
        c1, r1 = np.minimum(hi, [cols - 1, rows - 1])
        if c1 < c0 or r1 < r0:
            continue
        cc, rr = np.meshgrid(np.arange(c0, c1 + 1), np.arange(r0, r1 + 1))
        pts = grid.origin + np.c_[cc.ravel(), rr.ravel()] * resolution
        hit = inside_convex(pts, poly).reshape(cc.shape)
        grid.occupied[r0:r1 + 1, c0:c1 + 1] |= hit
        # Obstacles thinner than a cell hold no cell centre: mark the cells their edges cross.
        edge = []
        for a, b in zip(poly, np.roll(poly, -1, axis=0), strict=True):
            n = int(np.ceil(np.linalg.norm(b - a) / (resolution * 0.5))) + 1
            edge.append(a + (b - a) * np.linspace(0.0, 1.0, n)[:, None])
        vc = grid.to_cell(np.concatenate(edge))
        ok = grid.inside(vc)
        grid.occupied[vc[ok][:, 0], vc[ok][:, 1]] = True
    return grid


def world_grid(world: World, frame: float, bounds: tuple[float, float, float, float],
               radius: float, resolution: float = 0.1, band: tuple[float, float] = (0.15, 1.8),
               exclude: Iterable[str] = (), keep_clear: Iterable[np.ndarray] = ()) -> Grid:
    """The inflated occupancy grid a character of body ``radius`` plans on."""
    polys = footprints(world, frame, band, exclude, keep_clear=keep_clear)
    return rasterize(polys, bounds, resolution).inflate(radius)
