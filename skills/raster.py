"""An exact z-buffer rasteriser over triangles, in numpy: the raw passes of one frame.

Why not a Blender render: on a CPU machine a Cycles frame with Z / Normal / object-index passes
costs about a second at 832×480 (BVH, tiles, film, EXR) and Workbench needs a GPU context. The
white-box scenes are a few thousand triangles, so rasterising them here is an order of magnitude
faster, gives the values at the exact pixel centres (no filter, no sampling noise), and is
bit-for-bit deterministic. ``tests/passes/test_blender_agreement.py`` checks the result against a
Cycles render of the same frame.

Conventions (OpenCV, as in the manifest): camera space +X right, +Y down, +Z forward; pixel
(col, row) has its centre at (col + 0.5, row + 0.5); ``K`` maps camera space to pixels. Depth is
the distance along the camera axis (camera-space Z, Blender's Z pass), not along the ray.

Algorithm: transform to camera space, clip against the near plane (triangles crossing it are cut
into one or two triangles), project, then for every triangle evaluate the edge functions on the
pixel centres of its bounding box and keep the nearest fragment (strictly nearer wins, so ties go
to the earlier triangle: deterministic). Depth is interpolated as 1/z (exact for planar
triangles under perspective); normals are interpolated perspective-correctly in a single pass
over the image afterwards, from per-triangle affine coefficients (small look-up tables, not
per-pixel copies of the triangle data: this pass dominated the frame time before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Raster:
    """The raw passes of one frame."""

    depth: np.ndarray  # (H, W) float64, metres along the camera axis; 0 where nothing
    normal: np.ndarray  # (H, W, 3) float32 unit camera-space normals (OpenCV), facing the camera
    label: np.ndarray  # (H, W) int32 label of the visible triangle; 0 where nothing
    triangle: np.ndarray  # (H, W) int64 index of the visible input triangle; -1 where nothing

    @property
    def covered(self) -> np.ndarray:
        return self.triangle >= 0


def rasterize(
    triangles: np.ndarray,
    corner_normals: np.ndarray,
    labels: np.ndarray,
    K: np.ndarray,
    world_to_camera: np.ndarray,
    width: int,
    height: int,
    near: float,
    far: float = np.inf,
    depth_only: bool = False,
) -> Raster:
    """Rasterise world-space ``triangles`` (T×3×3) with per-corner normals (T×3×3) and an int
    label per triangle (T,) through the OpenCV camera ``K`` / ``world_to_camera``.

    Surfaces nearer than ``near`` are clipped away; pixels whose depth exceeds ``far`` are empty
    (as in Blender with the camera's clip range). ``depth_only`` (shadow maps): only ``depth``
    (from the z-buffer's float32 1/z) and ``triangle`` are filled; ``normal`` and ``label`` are
    empty arrays."""
    tris = np.asarray(triangles, np.float64).reshape(-1, 3, 3)
    norms = np.asarray(corner_normals, np.float64).reshape(-1, 3, 3)
    labels = np.asarray(labels, np.int32).reshape(-1)
    rot = np.asarray(world_to_camera, np.float64)[:3, :3]
    trans = np.asarray(world_to_camera, np.float64)[:3, 3]
    cam = tris @ rot.T + trans
    ncam = norms @ rot.T
    src = np.arange(len(cam))
    cam, ncam, src = _clip_near(cam, ncam, src, near)

    fx, fy, cx, cy = K[0, 0], K[1, 1], K[0, 2], K[1, 2]
    z = cam[..., 2]
    u = fx * cam[..., 0] / z + cx
    v = fy * cam[..., 1] / z + cy
    inv_z = 1.0 / z
    # Barycentric weights and 1/z are affine in the pixel position: w_k = a_k x + b_k y + c_k.
    # Evaluating them as (row vector + column vector) costs one 2-D add per value.
    area = (u[:, 1] - u[:, 0]) * (v[:, 2] - v[:, 0]) - (u[:, 2] - u[:, 0]) * (v[:, 1] - v[:, 0])
    ok = np.abs(area) > 1e-12
    safe = np.where(ok, area, 1.0)
    coef = np.empty((len(u), 4, 3))  # [triangle, (w0, w1, w2, 1/z), (a, b, c)]
    for k in range(3):
        i, j = (k + 1) % 3, (k + 2) % 3
        coef[:, k, 0] = (v[:, i] - v[:, j]) / safe
        coef[:, k, 1] = (u[:, j] - u[:, i]) / safe
        coef[:, k, 2] = (u[:, i] * v[:, j] - u[:, j] * v[:, i]) / safe
    coef[:, 3] = np.einsum("tk,tkc->tc", inv_z, coef[:, :3])

    # The coverage loop runs in float32 (half the memory traffic; errors ~1e-6 px and ~1e-7 in
    # 1/z decide only exact ties); the values written out are recomputed in float64 below.
    coef32 = coef.astype(np.float32)
    ibuf = np.zeros((height, width), np.float32)  # 1/z of the nearest fragment (0 = nothing)
    tbuf = np.full((height, width), -1, np.int64)
    # Pixel-centre ranges of each bounding box, clipped to the image.
    c0 = np.clip(np.ceil(u.min(1) - 0.5), 0, width).astype(np.int64)
    c1 = np.clip(np.floor(u.max(1) - 0.5) + 1, 0, width).astype(np.int64)
    r0 = np.clip(np.ceil(v.min(1) - 0.5), 0, height).astype(np.int64)
    r1 = np.clip(np.floor(v.max(1) - 0.5) + 1, 0, height).astype(np.int64)
    todo = np.flatnonzero((c1 > c0) & (r1 > r0) & ok)
    # Small triangles (most of a crowd's) are covered in batches (`_cover_small`); the rest one by
    # one below. Both give the same fragments and the same winner per pixel (see there).
    small = ((c1 - c0)[todo] <= SMALL_BOX) & ((r1 - r0)[todo] <= SMALL_BOX)
    small_t, todo = todo[small], todo[~small]
    xs_all = np.arange(width, dtype=np.float32) + np.float32(0.5)
    ys_all = np.arange(height, dtype=np.float32) + np.float32(0.5)
    for t in todo.tolist():
        xs = xs_all[c0[t]:c1[t]]
        ys = ys_all[r0[t]:r1[t]][:, None]
        a, b, c = coef32[t, :, 0], coef32[t, :, 1], coef32[t, :, 2]
        inside = ((a[0] * xs + c[0]) + b[0] * ys) >= 0
        inside &= ((a[1] * xs + c[1]) + b[1] * ys) >= 0
        inside &= ((a[2] * xs + c[2]) + b[2] * ys) >= 0
        iz = (a[3] * xs + c[3]) + b[3] * ys
        region = ibuf[r0[t]:r1[t], c0[t]:c1[t]]
        inside &= iz > region  # strictly nearer wins: ties go to the earlier triangle
        np.copyto(region, iz, where=inside)
        np.copyto(tbuf[r0[t]:r1[t], c0[t]:c1[t]], t, where=inside)
    if len(small_t):
        _cover_small(small_t, coef32, c0, c1, r0, r1, ibuf, tbuf)

    # Per-pixel values, each affine in the pixel position per triangle (q = a x + b y + c), so
    # they cost three small-table look-ups and two multiply-adds per pixel: 1/z, and the
    # perspective-correct normal sum_c w_c n_c / z_c (its positive denominator sum_c w_c / z_c
    # is dropped, the normal is normalised anyway).
    # Evaluated on the whole image with the pixel's triangle looked up per pixel (2-D, no
    # index lists: in the usual frame almost every pixel is covered); the uncovered pixels read
    # a dummy last entry (1/z = 1, normal +Z) and are blanked at the end.
    if depth_only:  # a shadow map: the z-buffer's own float32 1/z is precise enough
        hit = tbuf >= 0
        zbuf = np.where(hit, 1.0 / np.where(hit, ibuf, np.float32(1.0)).astype(np.float64), 0.0)
        zbuf[zbuf > far] = 0.0
        return Raster(zbuf, np.zeros((0, 0, 3), np.float32), np.zeros((0, 0), np.int32), tbuf)
    lin = np.zeros((4, 3, len(u) + 1))  # [(1/z, n_x, n_y, n_z), (a, b, c), triangle]
    lin[0, :, :-1] = coef[:, 3].T
    # = np.einsum("tkc,tk,tkd->dct", coef[:, :3], inv_z, ncam), as einsum sums it (each term
    # (coef·1/z)·n, added over k in order to 0) but a third of its time on a crowd's triangles
    normal_coef = lin[1:, :, :-1]
    for k in range(3):
        ci = coef[:, k, :3].T * inv_z[:, k]  # (c, t)
        term = ci[None, :, :] * ncam[:, k, :].T[:, None, :]  # (d, c, t)
        if k == 0:
            np.add(term, 0.0, out=normal_coef)  # 0 + term (a -0 becomes +0, as in the sum)
        else:
            normal_coef += term
    lin[0, 2, -1] = lin[3, 2, -1] = 1.0
    covered = tbuf >= 0
    k = np.where(covered, tbuf, len(u))
    px = np.arange(width) + 0.5
    py = (np.arange(height) + 0.5)[:, None]

    def at(q: int) -> np.ndarray:
        return lin[q, 0].take(k) * px + lin[q, 1].take(k) * py + lin[q, 2].take(k)

    zpix = 1.0 / at(0)
    nx, ny, nz = at(1), at(2), at(3)
    # Face the camera: a visible surface's normal points against the viewing ray.
    away = ((px - cx) / fx) * nx + ((py - cy) / fy) * ny + nz > 0
    # ±1 / |n|: 1 / |n| negated where it faces away (-1 / x is -(1 / x), to the bit)
    scale = np.divide(1.0, np.maximum(np.sqrt(nx * nx + ny * ny + nz * nz), 1e-20))
    np.negative(scale, out=scale, where=away)
    covered &= zpix <= far

    depth = np.where(covered, zpix, 0.0)
    normal = np.empty((height, width, 3), np.float32)
    normal[..., 0] = nx * scale
    normal[..., 1] = ny * scale
    normal[..., 2] = nz * scale
    normal[~covered] = 0.0
    visible = np.append(src, -1).take(k)  # input triangle per pixel; -1 where nothing
    triangle = np.where(covered, visible, -1)
    label_of = np.zeros(len(src) + 1, np.int32)  # per clipped triangle (its input's), 0 last
    label_of[:-1] = labels[src]
    label = np.where(covered, label_of.take(k), np.int32(0))
    return Raster(depth, normal, label, triangle)


#: Triangles whose pixel bounding box is at most this many pixels on each side are covered in
#: batches; a per-triangle numpy loop costs about 40 µs a triangle whatever its size, which made
#: a 100-character crowd (30 000 small triangles) cost over a second per frame.
SMALL_BOX = 32
#: Candidate pixels per batch of `_cover_small` (bounds its memory: ~20 bytes each).
_BATCH_PIXELS = 1 << 20


def _cover_small(tris: np.ndarray, coef32: np.ndarray, c0: np.ndarray, c1: np.ndarray,
                 r0: np.ndarray, r1: np.ndarray, ibuf: np.ndarray, tbuf: np.ndarray) -> None:
    """Cover the triangles ``tris`` (ascending indices, boxes ≤ `SMALL_BOX`) into the z-buffer.

    Every candidate pixel of a batch of boxes is tested with the same float32 expressions, in
    the same order, as the per-triangle loop, so the fragments are bit-identical; then each
    pixel keeps the fragment with the largest 1/z, ties to the lowest triangle index — what the
    sequential "strictly nearer wins" rule gives — merged with what the buffer already holds by
    the same rule. Boxes are grouped by width and height (powers of two), so little is
    evaluated in vain."""
    width = ibuf.shape[1]
    bw, bh = c1[tris] - c0[tris], r1[tris] - r0[tris]
    limits = (2, 4, 8, 16, SMALL_BOX)

    def size_class(side: np.ndarray) -> np.ndarray:
        out = np.zeros(len(side), np.int64)
        for k, limit in enumerate(limits):
            out[(side > (limit // 2 if k else 0)) & (side <= limit)] = limit
        return out

    # Boxes are grouped by width class and height class apart, so a long thin box is not
    # evaluated over a square of its longer side.
    wclass, hclass = size_class(bw), size_class(bh)
    pix_parts, iz_parts, t_parts = [], [], []
    for lh in limits:
        for lw in limits:
            group = tris[(wclass == lw) & (hclass == lh)]
            step = max(1, _BATCH_PIXELS // (lw * lh))
            offs_c = np.arange(lw, dtype=np.int64)
            offs_r = np.arange(lh, dtype=np.int64)
            for start in range(0, len(group), step):
                t = group[start:start + step]
                cols = c0[t][:, None, None] + offs_c[None, None, :]  # (n, 1, lw)
                rows = r0[t][:, None, None] + offs_r[None, :, None]  # (n, lh, 1)
                valid = (cols < c1[t][:, None, None]) & (rows < r1[t][:, None, None])
                xs = cols.astype(np.float32) + np.float32(0.5)
                ys = rows.astype(np.float32) + np.float32(0.5)
                a, b, c = (coef32[t, :, i][:, :, None, None] for i in range(3))
                inside = valid & (((a[:, 0] * xs + c[:, 0]) + b[:, 0] * ys) >= 0)
                inside &= ((a[:, 1] * xs + c[:, 1]) + b[:, 1] * ys) >= 0
                inside &= ((a[:, 2] * xs + c[:, 2]) + b[:, 2] * ys) >= 0
                iz = (a[:, 3] * xs + c[:, 3]) + b[:, 3] * ys
                inside &= iz > 0  # the buffer starts at 0: nothing at or behind it is written
                n, hit_r, hit_c = np.nonzero(inside)
                pix_parts.append(rows[n, hit_r, 0] * width + cols[n, 0, hit_c])
                iz_parts.append(iz[n, hit_r, hit_c])
                t_parts.append(t[n])
    if not pix_parts:
        return
    pix = np.concatenate(pix_parts)
    iz = np.concatenate(iz_parts)
    t = np.concatenate(t_parts)
    if len(pix) == 0:
        return
    # Per pixel the fragment with the largest 1/z, ties to the lowest triangle index, merged
    # with what the buffer holds by the same rule: one 64-bit key per fragment orders both at
    # once (a positive float32's bits order as its value; the low word is the index reversed),
    # so a scatter-maximum replaces a three-key sort of every fragment.
    low = np.int64(0xFFFFFFFF)
    flat_i, flat_t = ibuf.reshape(-1), tbuf.reshape(-1)
    held = (flat_i.view(np.int32).astype(np.int64) << 32) | (low - flat_t)
    held[flat_t < 0] = 0  # empty: any fragment (1/z > 0) wins
    best = held.copy()
    np.maximum.at(best, pix, (iz.view(np.int32).astype(np.int64) << 32) | (low - t))
    changed = np.flatnonzero(best != held)
    key = best[changed]
    flat_i[changed] = (key >> 32).astype(np.int32).view(np.float32)
    flat_t[changed] = low - (key & low)


def _clip_near(
    cam: np.ndarray, ncam: np.ndarray, src: np.ndarray, near: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut triangles against the plane z = near (Sutherland–Hodgman, vectorised by case)."""
    behind = cam[..., 2] < near
    if not behind.any():  # nothing to cut (a crowd's usual frame): the triangles as they are
        return cam, ncam, src
    count = behind.sum(1)
    keep_c, keep_n, keep_s = [cam[count == 0]], [ncam[count == 0]], [src[count == 0]]

    for n_behind in (1, 2):
        sel = np.flatnonzero(count == n_behind)
        if len(sel) == 0:
            continue
        # Rotate corners so that the odd one out (the one behind, or the one in front) is first.
        odd = np.argmax(behind[sel] if n_behind == 1 else ~behind[sel], axis=1)
        order = (odd[:, None] + np.arange(3)) % 3
        p = np.take_along_axis(cam[sel], order[:, :, None], axis=1)
        q = np.take_along_axis(ncam[sel], order[:, :, None], axis=1)
        a, b, c = p[:, 0], p[:, 1], p[:, 2]
        ta = ((near - a[:, 2]) / (b[:, 2] - a[:, 2]))[:, None]
        tc = ((near - a[:, 2]) / (c[:, 2] - a[:, 2]))[:, None]
        ab, ac = a + (b - a) * ta, a + (c - a) * tc
        nab, nac = q[:, 0] + (q[:, 1] - q[:, 0]) * ta, q[:, 0] + (q[:, 2] - q[:, 0]) * tc
        if n_behind == 2:  # a in front: one triangle (a, ab, ac)
            keep_c.append(np.stack([a, ab, ac], 1))
            keep_n.append(np.stack([q[:, 0], nab, nac], 1))
            keep_s.append(src[sel])
        else:  # a behind: the quad (ab, b, c, ac) as two triangles
            keep_c += [np.stack([ab, b, c], 1), np.stack([ab, c, ac], 1)]
            keep_n += [np.stack([nab, q[:, 1], q[:, 2]], 1), np.stack([nab, q[:, 2], nac], 1)]
            keep_s += [src[sel], src[sel]]
    return np.concatenate(keep_c), np.concatenate(keep_n), np.concatenate(keep_s)
