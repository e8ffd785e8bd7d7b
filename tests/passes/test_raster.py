"""The numpy rasteriser: coverage at pixel centres, exact depth, near-plane clipping."""

from __future__ import annotations

import numpy as np

from previz.skills.raster import rasterize

K = np.array([[100.0, 0.0, 32.0], [0.0, 100.0, 24.0], [0.0, 0.0, 1.0]])
EYE = np.eye(4)  # world = OpenCV camera space


def _quad(x0: float, x1: float, y0: float, y1: float, z: float) -> np.ndarray:
    a, b, c, d = (x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)
    return np.array([[a, b, c], [a, c, d]], float)


def _normals(tris: np.ndarray) -> np.ndarray:
    n = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    return np.repeat(n[:, None], 3, axis=1)


def test_square_covers_pixel_centres_with_exact_depth() -> None:
    z = 10.0
    tris = _quad(-1.0, 1.0, -0.5, 0.5, z)  # projects to u in [22, 42], v in [19, 29]
    r = rasterize(tris, _normals(tris), [5, 5], K, EYE, 64, 48, 0.1)
    rows, cols = np.nonzero(r.covered)
    assert cols.min() == 22 and cols.max() == 41  # centres 22.5 … 41.5 lie inside [22, 42]
    assert rows.min() == 19 and rows.max() == 28
    assert np.allclose(r.depth[r.covered], z, rtol=0, atol=1e-9)
    assert np.all(r.depth[~r.covered] == 0)
    assert np.all(r.label[r.covered] == 5) and np.all(r.label[~r.covered] == 0)
    assert np.allclose(r.normal[r.covered], (0, 0, -1))  # flipped to face the camera


def test_nearer_surface_wins_and_slanted_depth_is_exact() -> None:
    back = _quad(-5, 5, -5, 5, 20.0)
    # A plane slanted in depth: z = 5 + x.
    a, b, c, d = (-1, -1, 4.0), (1, -1, 6.0), (1, 1, 6.0), (-1, 1, 4.0)
    slant = np.array([[a, b, c], [a, c, d]], float)
    tris = np.concatenate([back, slant])
    r = rasterize(tris, _normals(tris), [1, 1, 2, 2], K, EYE, 64, 48, 0.1)
    assert r.label[24, 32] == 2 and r.label[24, 52] == 1 and r.label[2, 2] == 0
    # Pixel centre (32.5, 24.5): ray (0.005, 0.005, 1) t, on z = 5 + x → z = 5 / (1 - 0.005).
    assert abs(r.depth[24, 32] - 5.0 / (1 - 0.005)) < 1e-12


def test_near_plane_clipping_and_far_clip() -> None:
    # A floor crossing the camera plane: only the part beyond `near` is drawn, without wrap.
    floor = np.array([[(-5, 1, -5), (5, 1, -5), (5, 1, 50)],
                      [(-5, 1, -5), (5, 1, 50), (-5, 1, 50)]],
                     float)
    r = rasterize(floor, _normals(floor), [3, 3], K, EYE, 64, 48, 0.5)
    assert r.covered[47].all() and not r.covered[:24].any()
    assert r.depth[r.covered].min() >= 0.5
    far = rasterize(floor, _normals(floor), [3, 3], K, EYE, 64, 48, 0.5, far=20.0)
    assert far.depth.max() <= 20.0 and far.covered.sum() < r.covered.sum()
    behind = _quad(-1, 1, -1, 1, -3.0)
    empty = rasterize(behind, _normals(behind), [1, 1], K, EYE, 64, 48, 0.1)
    assert not empty.covered.any()


def test_corner_normals_are_interpolated_perspective_correctly() -> None:
    # A slanted triangle with three different corner normals; reference: intersect each pixel's
    # ray with the triangle, take the exact barycentrics of the hit point, blend the normals.
    tri = np.array([[[-2.0, -1.5, 4.0], [2.5, -1.0, 9.0], [0.0, 2.0, 6.0]]])
    corner = np.array([[[0.0, 0.0, -1.0], [0.6, 0.0, -0.8], [0.0, -0.6, -0.8]]])
    r = rasterize(tri, corner, [1], K, EYE, 64, 48, 0.1)
    rows, cols = np.nonzero(r.covered)
    assert len(rows) > 200
    rays = np.stack([(cols + 0.5 - 32.0) / 100.0, (rows + 0.5 - 24.0) / 100.0,
                     np.ones(len(rows))], axis=1)
    a, b, c = tri[0]
    plane = np.cross(b - a, c - a)
    hits = rays * ((a @ plane) / (rays @ plane))[:, None]
    assert np.allclose(r.depth[rows, cols], hits[:, 2], rtol=1e-12)
    # Barycentrics of the hit point from sub-triangle areas (exact for points inside).
    area = np.linalg.norm(plane)
    w_a = np.linalg.norm(np.cross(b - hits, c - hits), axis=1) / area
    w_b = np.linalg.norm(np.cross(c - hits, a - hits), axis=1) / area
    w_c = 1.0 - w_a - w_b
    n = w_a[:, None] * corner[0, 0] + w_b[:, None] * corner[0, 1] + w_c[:, None] * corner[0, 2]
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    assert np.abs(r.normal[rows, cols] - n).max() < 1e-6
