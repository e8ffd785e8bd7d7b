"""Raw passes → the images the neural renderer and a person see. Pure numpy, no bpy.

Each function takes the arrays of one frame (see `raster.Raster`) and returns a uint8/uint16
image, so the same code serves the command, the tests and any other renderer of raw passes.
"""

from __future__ import annotations

import numpy as np

DEPTH_MM_MAX = 65535


def depth_mm(depth: np.ndarray) -> np.ndarray:
    """Metric depth (metres) → uint16 millimetres, rounded; 0 = no surface. Depths beyond
    65.535 m saturate at 65535 (the float EXR beside it keeps the exact value)."""
    mm = np.rint(depth * 1000.0)
    return np.clip(mm, 0, DEPTH_MM_MAX).astype(np.uint16)


def depth_range(depth: np.ndarray) -> tuple[float, float] | None:
    """(nearest, farthest) depth of the covered pixels, None for an empty frame."""
    valid = depth[depth > 0]
    if valid.size == 0:
        return None
    return float(valid.min()), float(valid.max())


def depth_control(depth: np.ndarray, near: float, far: float) -> np.ndarray:
    """ControlNet-style depth (as MiDaS gives it): normalised inverse depth, near = white, far =
    dark, nothing = black, as 8-bit RGB.

    ``near`` / ``far`` are the range of the whole shot, not of the frame, so a surface keeps its
    brightness while the camera moves (per-frame normalisation flickers in video)."""
    inv = np.zeros(depth.shape)
    valid = depth > 0
    inv[valid] = 1.0 / depth[valid]
    lo, hi = 1.0 / far, 1.0 / near
    scaled = valid.astype(np.float64) if hi - lo < 1e-12 else (inv - lo) / (hi - lo)
    # Covered pixels span [16, 255] so the farthest surface stays distinct from the empty sky.
    grey = np.where(valid, 16.0 + 239.0 * np.clip(scaled, 0.0, 1.0), 0.0)
    g = np.rint(grey).astype(np.uint8)
    return np.repeat(g[..., None], 3, axis=2)


def normal_control(normal: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Camera-space normals as RGB in the ControlNet (NormalBAE / Blender / OpenGL) convention:
    red = +X (right), green = +Y (up), blue = +Z (towards the viewer), ``(n + 1) / 2 · 255``.
    Input normals are in OpenCV axes (Y down, Z forward), hence the two sign flips. Empty pixels
    get the normal facing the viewer, (128, 128, 255)."""
    gl = normal * np.array([1.0, -1.0, -1.0], np.float32)
    rgb = np.rint((gl + 1.0) * 127.5)
    rgb[~covered] = (128.0, 128.0, 255.0)
    return np.clip(rgb, 0, 255).astype(np.uint8)


#: Directions towards two camera-space lights (OpenCV axes: +X right, +Y down, +Z away from the
#: camera): the key from the upper left, in front of the subject; the fill from the right.
_KEY = np.array([-0.45, -0.6, -0.66])
_FILL = np.array([0.7, -0.1, -0.7])
CLAY_ALBEDO = 0.8
CLAY_BACKGROUND = (52, 52, 56)


def clay(normal: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """A neutral shaded render: grey Lambert clay under a fixed camera-relative key and fill
    light plus ambient, like Blender's Workbench 'Studio' lighting (lights follow the view, so
    shading never depends on scene lights). sRGB 8-bit; background dark grey.

    Computed in float32 with the sRGB encoding done by a threshold table (`_SRGB_STEPS`): the
    8-bit level is the number of level boundaries below the linear value, which is what
    rounding the encoded value gives, without a power per pixel."""
    key = (_KEY / np.linalg.norm(_KEY)).astype(np.float32)
    fill = (_FILL / np.linalg.norm(_FILL)).astype(np.float32)
    nx, ny, nz = (np.ascontiguousarray(normal[..., i], dtype=np.float32) for i in range(3))
    k = np.clip(nx * key[0] + ny * key[1] + nz * key[2], 0.0, 1.0)  # Lambert: cos(n, light)
    f = np.clip(nx * fill[0] + ny * fill[1] + nz * fill[2], 0.0, 1.0)
    lin = np.float32(CLAY_ALBEDO) * (np.float32(0.25) + np.float32(0.6) * k + np.float32(0.25) * f)
    grey = np.searchsorted(_SRGB_STEPS, lin, side="right").astype(np.uint8)
    out = np.repeat(grey[..., None], 3, axis=2)
    out[~covered] = CLAY_BACKGROUND
    return out


def _srgb_steps() -> np.ndarray:
    """Linear values at which the rounded 8-bit sRGB level steps up: level j (1…255) starts
    where the encoded value reaches (j - 0.5) / 255."""
    enc = (np.arange(1, 256) - 0.5) / 255.0
    lin = np.where(enc <= 0.04045, enc / 12.92, ((enc + 0.055) / 1.055) ** 2.4)
    return lin.astype(np.float32)


_SRGB_STEPS = _srgb_steps()


def colorize(label: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Label image → RGB through a lookup table (row = label). ``np.take`` along the rows is
    several times faster than fancy indexing ``table[label]`` for the same result."""
    return np.take(table, label, axis=0)


def edges(
    depth: np.ndarray,
    normal: np.ndarray,
    label: np.ndarray,
    crease_degrees: float = 30.0,
    depth_tolerance: float = 0.02,
) -> np.ndarray:
    """Line art (white on black, 8-bit) from the geometry: silhouettes and object boundaries
    (label changes), depth jumps and creases (the inverse depth stops being planar) and normal
    creases sharper than ``crease_degrees``.

    Why inverse depth: on a plane, 1/z is an affine function of the pixel position, so its
    second difference is zero on every plane at any slant and nonzero only where the surface
    folds or jumps — a threshold relative to 1/z finds those without lines across slanted
    floors. A line is one pixel wide, on the nearer side of a boundary."""
    h, w = depth.shape
    valid = depth > 0
    inv = np.divide(1.0, depth, out=np.zeros_like(depth), where=valid)
    far = np.where(valid, depth, np.inf)  # background counts as infinitely far
    n = [np.ascontiguousarray(normal[..., i]) for i in range(3)]  # planes: fast products
    line = np.zeros((h, w), bool)
    cos_crease = np.cos(np.radians(crease_degrees))

    for axis in (0, 1):
        a = [slice(None), slice(None)]
        b = [slice(None), slice(None)]
        a[axis], b[axis] = slice(0, -1), slice(1, None)
        sa, sb = tuple(a), tuple(b)
        cos = n[0][sa] * n[0][sb] + n[1][sa] * n[1][sb] + n[2][sa] * n[2][sb]
        boundary = (cos < cos_crease) & valid[sa] & valid[sb]
        boundary |= label[sa] != label[sb]
        # Mark the nearer pixel of each boundary pair.
        first = far[sa] <= far[sb]
        line[sa] |= boundary & first
        line[sb] |= boundary & ~first

        # Second difference of inverse depth along this axis, at the middle pixel.
        c = [slice(None), slice(None)]
        lo, mid, hi = list(c), list(c), list(c)
        lo[axis], mid[axis], hi[axis] = slice(0, -2), slice(1, -1), slice(2, None)
        lo_, mid_, hi_ = tuple(lo), tuple(mid), tuple(hi)
        d2 = np.abs(inv[lo_] - 2.0 * inv[mid_] + inv[hi_])
        fold = d2 > depth_tolerance * inv[mid_]
        fold &= valid[lo_] & valid[mid_] & valid[hi_]
        line[mid_] |= fold
    return line.view(np.uint8) * np.uint8(255)
