"""The lit clay pass: white-box clay shaded by the scene's own lights, in numpy (no bpy).

Why not Blender: the clay the video model has seen so far (`maps.clay`, Workbench "Studio") is lit
by lights that follow the view, so nothing in the Lighting panel could change the footage. A
Cycles render with the scene's lights and a white override material is the obvious way, but on a
CPU machine it costs seconds per frame at 832×480 before the noise is gone (see
``benchmarks/passes.py --lit-cycles``), more than all the other passes together. Shading the
frame's own raster instead (the same triangles, normals and depth every other pass comes from)
with the World's evaluated lights costs a few shadow-map rasterisations per frame, is exact at
pixel centres, noise-free and bit-for-bit deterministic — and pixel-aligned with depth,
segmentation and pose by construction.

What is modelled, per light (`previz.world.evaluate.LightState`; Blender's light units as
`previz.skills.lighting.place` uses them, so a preset's key lands where its author meant):

- direction: sun along the light's −Z; point, spot and area from the light's position;
- power and falloff: sun irradiance = strength; point/spot E = P / (4π d²); area (one-sided,
  Lambertian, emitting along −Z) E = P cos θₑ / (π d²) — the area treated as a point at its
  centre;
- colour: the light's colour (tint × black body, as `light_color` evaluates it);
- spot cone: Cycles' smoothstep over the outer ``spot_blend`` part of the cone;
- shadows: one shadow map per light (sun: a distant camera along the light, fitted to the
  scene; spot: its cone; point and area: the faces of a cube round the light that see a
  visible pixel), looked up with a normal offset and a bilinear 2×2 percentage-closer
  filter. Shadows are hard (a light's ``size`` does not soften them);
- the environment: its colour × strength as uniform ambient light and as the background.

Clay albedo `maps.CLAY_ALBEDO`, Lambert; the linear value is exposed by `EXPOSURE` and
tone-mapped with Reinhard ``x / (1 + x)`` before the sRGB encoding, so a key of a few W/m² (what
the lighting presets put on a face) sits in the middle of the range, a light twice as strong
is visibly brighter, and nothing clips.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from previz.skills.lighting.presets import PRESETS
from previz.skills.raster import rasterize
from previz.world import World
from previz.world.evaluate import light_color
from previz.world.models import Environment
from previz.world.tracks import sample, sample3

from .maps import CLAY_ALBEDO

#: Linear value → display: ``x · EXPOSURE`` then Reinhard. 1/4: a preset's key (about 4 W/m² on
#: a face, × the clay albedo) maps to about 0.44 before sRGB, i.e. a mid-light grey.
EXPOSURE = 0.25
#: Shadow-map sizes (pixels per side): sun and spot maps, and each face of a point light's cube.
SHADOW_MAP = 1024
CUBE_FACE = 256
#: Shadow-map depth offset as a multiple of the map's texel size at the sample's distance.
NORMAL_OFFSET = 1.5
DEPTH_BIAS = 1.0

# The six faces of a cube round a point light as (forward, down) in world axes; each face is a
# 90° camera. Forward is the face's +Z (OpenCV: the camera looks along +Z, +Y is down).
_CUBE = (
    ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    ((-1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
    ((0.0, -1.0, 0.0), (0.0, 0.0, -1.0)),
    ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    ((0.0, 0.0, -1.0), (0.0, -1.0, 0.0)),
)


@dataclass(frozen=True)
class Geometry:
    """The frame's world-space triangles (T×3×3), as the camera raster saw them. ``static``
    (T,) marks the triangles exactly where they were the frame before (the passes writer
    compares frames); None: nothing is known to be static."""

    triangles: np.ndarray
    normals: np.ndarray
    labels: np.ndarray
    static: np.ndarray | None = None

    @cached_property
    def static_digest(self) -> bytes:
        """A digest of the static triangles (float64 bytes), once per frame for all views."""
        kept = np.ascontiguousarray(self.triangles[self.static], np.float64)
        return hashlib.blake2b(kept.tobytes(), digest_size=20).digest()


def static_mask(triangles: np.ndarray, previous: np.ndarray | None) -> np.ndarray | None:
    """Which of this frame's triangles are bit-for-bit where they were in ``previous`` (the
    frame before's, in the same order); None when the counts differ or there is no previous."""
    if previous is None or previous.shape != triangles.shape:
        return None
    return (triangles == previous).reshape(len(triangles), -1).all(axis=1)


def lit_clay(
    world: World, state: Any, frame: float, depth: np.ndarray, normal: np.ndarray,
    covered: np.ndarray, K: np.ndarray, world_to_camera: np.ndarray, geometry: Geometry,
) -> np.ndarray:
    """The lit clay image (H×W×3 uint8, sRGB) of one frame.

    ``depth``, ``normal`` and ``covered`` are the camera raster's (`previz.skills.raster.Raster`:
    camera-axis metres, unit OpenCV camera-space normals); ``state`` is ``world.evaluate(frame)``
    (its ``lights``); ``geometry`` the triangles the raster was made from (for the shadows).

    The bytes of ``encode(lit_linear(...))``: the covered pixels' channels are float32 sums, so
    they are encoded by `encode32` (a table over float32's bits) straight from the per-channel
    sums, without the float64 image."""
    h, w = depth.shape
    ambient, flat, channels = _light_sum(world, state, frame, depth, normal, covered, K,
                                         world_to_camera, geometry)
    out = np.empty((h, w, 3), np.uint8)
    if len(flat) < covered.size:
        out[:] = encode(ambient.reshape(1, 1, 3))  # the sky behind everything
    rows = out.reshape(-1, 3)
    for k, channel in enumerate(channels):
        if len(flat) == covered.size:
            rows[:, k] = encode32(channel)
        elif len(flat):
            rows[flat, k] = encode32(channel)
    return out


def lit_linear(
    world: World, state: Any, frame: float, depth: np.ndarray, normal: np.ndarray,
    covered: np.ndarray, K: np.ndarray, world_to_camera: np.ndarray, geometry: Geometry,
) -> np.ndarray:
    """The lit clay's linear RGB (H×W×3 float64) before `encode` (`lit_clay`'s arguments)."""
    h, w = depth.shape
    ambient, flat, channels = _light_sum(world, state, frame, depth, normal, covered, K,
                                         world_to_camera, geometry)
    out = np.empty((h, w, 3), np.float64)
    if len(flat) < covered.size:
        out[:] = ambient  # the sky behind everything
    rows = out.reshape(-1, 3)
    for k, channel in enumerate(channels):
        if len(flat) == covered.size:
            rows[:, k] = channel
        elif len(flat):
            rows[flat, k] = channel
    return out


def _light_sum(
    world: World, state: Any, frame: float, depth: np.ndarray, normal: np.ndarray,
    covered: np.ndarray, K: np.ndarray, world_to_camera: np.ndarray, geometry: Geometry,
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """(ambient, the covered pixels' row-major indices, their R, G and B): each channel the
    ambient plus each light's irradiance (sorted by id) added in float32, times the albedo —
    per channel, the floats the N×3 sum gives (the same operation on each element)."""
    ambient = environment_radiance(world.environment, frame)
    flat = np.flatnonzero(covered)
    if not len(flat):
        return ambient, flat, ()
    surface = _Points(*_surface(depth, normal, flat, K, world_to_camera))
    base = ambient.astype(np.float32)
    channels: list[np.ndarray] = []
    for lid in sorted(state.lights):
        e, color = _irradiance(state.lights[lid], surface, geometry)
        if not channels:  # ambient + the first light, in e's precision, then float32
            for k in range(3):  # (a spot's is float64: rounded once, here)
                c = e * color[k]
                c += base[k]
                channels.append(c.astype(np.float32, copy=False))
        else:
            for k in range(3):
                channels[k] += e * color[k]
    if not channels:
        channels = [np.full(len(flat), base[k], np.float32) for k in range(3)]
    albedo = np.float32(CLAY_ALBEDO)
    for c in channels:
        c *= albedo
    return ambient, flat, tuple(channels)


def environment_radiance(env: Environment | None, frame: float) -> np.ndarray:
    """The environment's linear RGB radiance (colour × strength); Blender's default world
    when the World has none. A white Lambert surface open to a uniform sky of radiance L reflects
    L, so this is also the ambient term."""
    env = env if env is not None else Environment()
    return np.asarray(sample3(env.color, frame), np.float64) * sample(env.strength, frame)


def encode(linear: np.ndarray) -> np.ndarray:
    """Linear RGB → 8-bit sRGB through the exposure and the Reinhard curve."""
    # in place where it can (the same floats as x·E, x/(1+x), the sRGB curve, rint, clip):
    # a whole frame's float64 temporaries cost as much as the arithmetic
    x = np.maximum(linear, 0.0)
    x *= EXPOSURE
    srgb = x + 1.0
    t = np.divide(x, srgb, out=x)
    low = t <= 0.0031308
    np.power(t, 1.0 / 2.4, out=srgb)
    srgb *= 1.055
    srgb -= 0.055
    if low.any():
        srgb[low] = 12.92 * t[low]
    srgb *= 255.0
    np.rint(srgb, out=srgb)
    np.clip(srgb, 0, 255, out=srgb)
    return srgb.astype(np.uint8)


#: `encode32` reads a table over float32 bit patterns in buckets of 2^`_ENCODE_SHIFT` adjacent
#: floats (relative width 2^-10 of a value).
_ENCODE_SHIFT = 13
_ENCODE_MIXED = 256  # a bucket whose floats do not all give one byte


@functools.cache
def _encode_table() -> np.ndarray:
    """Per bucket of float32 bit patterns, the byte `encode` gives all its floats, or
    `_ENCODE_MIXED`. `encode` is monotone (non-decreasing) in its input, so a bucket whose first
    and last floats give the same byte gives it to every float between; negative floats are 0."""
    starts = np.arange(0, 1 << 32, 1 << _ENCODE_SHIFT, dtype=np.uint64)
    first = starts.astype(np.uint32).view(np.float32)
    last = (starts + (1 << _ENCODE_SHIFT) - 1).astype(np.uint32).view(np.float32)
    with np.errstate(invalid="ignore"):  # NaN buckets: mixed, so encoded one by one
        a = encode(first.astype(np.float64)[:, None]).astype(np.uint16)[:, 0]
        b = encode(last.astype(np.float64)[:, None]).astype(np.uint16)[:, 0]
    table = np.where(a == b, a, np.uint16(_ENCODE_MIXED))
    table[np.isnan(first) | np.isnan(last)] = _ENCODE_MIXED
    return table


def encode32(values: np.ndarray) -> np.ndarray:
    """`encode` of float32 values (one channel, 1-D), the same bytes: each value's byte is looked
    up by its bits' bucket (`_encode_table`); only values in a bucket that holds a step from one
    byte to the next are encoded by `encode` itself."""
    values = np.ascontiguousarray(values, np.float32)
    out = _encode_table().take(values.view(np.uint32) >> np.uint32(_ENCODE_SHIFT))
    mixed = np.flatnonzero(out == _ENCODE_MIXED)
    if len(mixed):
        with np.errstate(invalid="ignore"):
            out[mixed] = encode(values[mixed].astype(np.float64)[:, None])[:, 0]
    return out.astype(np.uint8)


def _surface(depth: np.ndarray, normal: np.ndarray, flat: np.ndarray, K: np.ndarray,
             w2c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World positions and unit world normals of the covered pixels ``flat`` (row-major
    indices, ascending)."""
    h, w = depth.shape
    # (col + 0.5 - cx) / fx per column (and row), looked up: the same floats per pixel
    xs = (np.arange(w) + 0.5 - K[0, 2]) / K[0, 0]
    ys = (np.arange(h) + 0.5 - K[1, 2]) / K[1, 1]
    if len(flat) == depth.size:  # every pixel (a set's usual frame): no index look-ups
        z = depth.reshape(-1)
        x = (depth * xs).reshape(-1)  # the same products as the look-ups give
        y = (depth * ys[:, None]).reshape(-1)
        turned = normal.reshape(-1, 3)
    else:
        rows, cols = np.divmod(flat, w)
        z = depth.reshape(-1).take(flat)
        x = xs.take(cols) * z
        y = ys.take(rows) * z
        turned = normal.reshape(-1, 3).take(flat, axis=0)
    cam = np.stack([x, y, z], axis=1)
    rot, trans = w2c[:3, :3], w2c[:3, 3]
    points = (cam - trans) @ rot  # R^T (c - t), as rows
    normals = turned @ rot.astype(np.float32)
    # |n| as numpy's norm sums the squares: (x² + y²) + z²
    x2, y2, z2 = (normals[:, k] * normals[:, k] for k in range(3))
    x2 += y2
    x2 += z2
    length = np.sqrt(x2, out=x2)
    normals /= np.maximum(length, np.float32(1e-12))[:, None]
    # float32 from here on: half the memory traffic of the per-pixel shading, and far finer
    # than a shadow-map texel (1e-7 relative: under a micrometre at 5 m).
    return points.astype(np.float32), normals


@dataclass(frozen=True)
class _Points:
    """Surface points and their unit normals (N×3 each, float32), and each one's x, y and z as
    contiguous columns (made once, for all the lights of a frame)."""

    points: np.ndarray
    normals: np.ndarray

    @cached_property
    def p(self) -> tuple[np.ndarray, ...]:
        return tuple(np.ascontiguousarray(self.points[:, k]) for k in range(3))

    @cached_property
    def n(self) -> tuple[np.ndarray, ...]:
        return tuple(np.ascontiguousarray(self.normals[:, k]) for k in range(3))


def irradiance(light: Any, points: np.ndarray, normals: np.ndarray,
               geometry: Geometry) -> np.ndarray:
    """Linear RGB irradiance (N×3) that ``light`` puts on the surface points, shadows included."""
    e, color = _irradiance(light, _Points(points, normals), geometry)
    return e[:, None] * color[None, :]


def _irradiance(light: Any, surface: _Points,
                geometry: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """`irradiance` as (its scalar part per point (N,), the light's colour (3,)): the
    irradiance is their product.

    A point, spot or area light works on the points' columns (x, y, z): each step is the float
    the row-wise form gives — the direction's components d / |d|, and the three-term dot
    products (|d|², n · l, l · axis) summed in order from x, as ``einsum`` and the matrix
    product sum them (checked to the bit on the frames of ``benchmarks/passes.py``)."""
    points, normals = surface.points, surface.normals
    m = np.asarray(light.matrix, np.float64)
    # the light's +Z (it shines along -Z) and position, in the points' precision
    axis = (m[:3, 2] / max(np.linalg.norm(m[:3, 2]), 1e-12)).astype(points.dtype)
    pos = m[:3, 3].astype(points.dtype)
    color = np.asarray(light.color, points.dtype)
    if light.type == "sun":
        to_light = np.broadcast_to(axis, points.shape)
        strength = np.full(len(points), float(light.power), points.dtype)
        cos = np.maximum(np.einsum("ij,ij->i", normals, to_light), np.float32(0.0))
    else:
        d = [pos[k] - surface.p[k] for k in range(3)]
        dist2 = _dot3(d, d)
        np.maximum(dist2, np.float32(1e-8), out=dist2)
        length = np.sqrt(dist2)
        to_light = [np.divide(c, length, out=c) for c in d]
        if light.type == "area":
            facing = np.clip(_dot3(to_light, axis), 0.0, None)
            strength = float(light.power) * facing / (np.pi * dist2)
        else:
            strength = float(light.power) / (4.0 * np.pi * dist2)
        if light.type == "spot":
            strength = strength * spot_mask(_dot3(to_light, axis), light.spot_angle,
                                            light.spot_blend)
        cos = _dot3(surface.n, to_light)
        np.maximum(cos, np.float32(0.0), out=cos)
    e = strength * cos
    lit = np.flatnonzero(e > 0)
    if len(lit) and len(geometry.triangles):
        order, vis = _shadow(light, surface, geometry, lit)
        e[order] *= vis  # the rest is 0 (unlit), as 0 × its visibility would leave it
    return e, color


def _dot3(a: Any, b: Any) -> np.ndarray:
    """a[0]·b[0] + a[1]·b[1] + a[2]·b[2], summed in that order (columns or scalars)."""
    out = a[0] * b[0]
    out += a[1] * b[1]
    out += a[2] * b[2]
    return out


def spot_mask(cos_angle: np.ndarray, spot_angle: float, blend: float) -> np.ndarray:
    """Cycles' spot cone: 0 outside the half angle, a smoothstep over the outer ``blend``
    fraction of (1 − cos half angle), 1 inside."""
    cos_half = np.cos(0.5 * spot_angle)
    t = cos_angle - cos_half
    smooth = (1.0 - cos_half) * blend
    if smooth <= 0:
        return (t > 0).astype(np.float64)
    s = np.clip(t / smooth, 0.0, 1.0)
    return s * s * (3.0 - 2.0 * s)


# The look in words ------------------------------------------------------------------------------

#: Red/blue ratio of the key's colour above which it reads as warm (below the inverse: cool).
WARM_RATIO = 1.15


def lighting_look(world: World, frame: float) -> dict[str, str | None]:
    """The shot's light in words, for the manifest and so for the prompt the video model is
    given (`previz.neural_render.prompts`): the passes folder is all the renderer reads, and
    without this no text it composes could say how the scene is lit.

    ``look``: the lighting preset whose lights the World holds (`lights_for` names them
    ``<preset>-<role>``; the key's preset when several), else None. ``text``: "low key light"
    for a preset; else the key's colour at ``frame`` in words ("warm light", "cool sunlight"),
    the key being the sun when there is one, else the most powerful light; "" without
    lights."""
    lights = sorted(world.lights, key=lambda light: light.id)
    prefixes = {name.replace("_", "-") + "-": name for name in sorted(PRESETS)}
    found = [(light.id.endswith("-key"), name) for light in lights
             for prefix, name in prefixes.items() if light.id.startswith(prefix)]
    if found:
        keyed = [name for is_key, name in found if is_key]
        look = (keyed or [name for _, name in found])[0]
        return {"look": look, "text": f"{look.replace('_', ' ')} light"}
    if not lights:
        return {"look": None, "text": ""}
    suns = [light for light in lights if light.type == "sun"]
    key = suns[0] if suns else max(lights, key=lambda light: sample(light.power, frame))
    r, _, b = light_color(key, frame)
    ratio = r / max(b, 1e-9)
    warmth = "warm" if ratio > WARM_RATIO else "cool" if ratio < 1 / WARM_RATIO else "neutral"
    return {"look": None, "text": f"{warmth} {'sunlight' if suns else 'light'}"}


# Shadows ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _View:
    """One shadow-map camera: OpenCV K and world_to_camera, and its depth image."""

    K: np.ndarray
    w2c: np.ndarray
    depth: np.ndarray

    @cached_property
    def tables(self) -> _Tables:
        return _tables(self.depth)

    @cached_property
    def tables32(self) -> _Tables:
        """The tables in float32, each value rounded down: for a float32 depth limit ``d``,
        ``x >= d`` exactly when ``round_down(x) >= d`` (d lies at or below x exactly when it
        lies at or below the largest float32 at or below x), so the tests are the same and
        the look-ups move half the bytes."""
        t = self.tables
        return _Tables(t.size, *(_round_down32(a) for a in (t.lit_from, t.block_min,
                                                              t.block_max)))


def _look(origin: np.ndarray, forward: np.ndarray, down_hint: np.ndarray) -> np.ndarray:
    """world_to_camera (OpenCV) of a camera at ``origin`` looking along ``forward``."""
    f = forward / np.linalg.norm(forward)
    down = down_hint - f * (down_hint @ f)
    if np.linalg.norm(down) < 1e-6:
        alt = np.array([1.0, 0.0, 0.0]) if abs(f[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
        down = alt - f * (alt @ f)
    down /= np.linalg.norm(down)
    right = np.cross(down, f)
    rot = np.stack([right, down, f])
    out = np.eye(4)
    out[:3, :3] = rot
    out[:3, 3] = -rot @ origin
    return out


def _intrinsics(size: int, half_fov_tan: float) -> np.ndarray:
    f = 0.5 * size / half_fov_tan
    return np.array([[f, 0.0, 0.5 * size], [0.0, f, 0.5 * size], [0.0, 0.0, 1.0]])


#: Shadow maps of the static triangles, by view and content (see `_render_view`); bounded.
_STATIC_MAPS: OrderedDict[bytes, _View] = OrderedDict()
_STATIC_MAPS_MAX = 48
_STATIC_LOCK = threading.Lock()


def _depth_map(triangles: np.ndarray, K: np.ndarray, w2c: np.ndarray, size: int,
               near: float) -> np.ndarray:
    tris = triangles[_may_cover(triangles, K, w2c, size, near)]
    empty = np.zeros((len(tris), 3, 3))
    return rasterize(tris, empty, np.zeros(len(tris), np.int32), K, w2c, size, size,
                     near, depth_only=True).depth


#: How far (pixels, and metres before the near plane) a triangle must lie outside a view for
#: `_may_cover` to drop it: rounding can never bring it back.
_CULL_MARGIN = 1.0


def _may_cover(triangles: np.ndarray, K: np.ndarray, w2c: np.ndarray, size: int,
               near: float) -> np.ndarray:
    """Which triangles may cover a pixel of a ``size``² view (bool per triangle): not those
    wholly behind its near plane or wholly beyond one side of its frustum by more than
    `_CULL_MARGIN` pixels. A side of the frustum is a plane through the eye, so a triangle
    whose three corners lie beyond it lies beyond it whole, clipped or not, and the rasteriser
    gives it no pixel: a depth map of the rest is the map of all (the nearest 1/z per pixel; a
    dropped triangle never wins one). A point light's cube face sees a sixth of a crowd."""
    cam = triangles.reshape(-1, 3) @ w2c[:3, :3].T + w2c[:3, 3]
    x, y, z = (cam[:, i].reshape(-1, 3) for i in range(3))
    out = (z < near - 1e-6 * max(1.0, abs(near))).all(1)
    for f, c, t in ((K[0, 0], K[0, 2], x), (K[1, 1], K[1, 2], y)):
        out |= (f * t + (c + _CULL_MARGIN) * z < 0).all(1)  # u < -margin
        out |= ((size + _CULL_MARGIN - c) * z - f * t < 0).all(1)  # u > size + margin
    return ~out


def _render_view(K: np.ndarray, w2c: np.ndarray, size: int, near: float,
                 geometry: Geometry) -> _View:
    """The shadow map of one view. What did not move since the frame before is rasterised once
    per shot and kept (keyed by the view and the static triangles' bytes, with its look-up
    tables), and only what moved is rasterised each frame and merged by the nearer depth: a
    depth-only z-buffer of a union is the nearer of its parts' (1/z is kept per pixel, empty =
    0), so the map is exactly the one the whole set of triangles gives."""
    tris, static = geometry.triangles, geometry.static
    if static is None or not static.any():
        return _View(K, w2c, _depth_map(tris, K, w2c, size, near))
    h = hashlib.blake2b(geometry.static_digest, digest_size=20)
    for part in (K, w2c, np.array([size, near])):
        h.update(np.ascontiguousarray(part, np.float64).tobytes())
    key = h.digest()
    with _STATIC_LOCK:
        kept = _STATIC_MAPS.get(key)
        if kept is not None:
            _STATIC_MAPS.move_to_end(key)
    if kept is None:
        kept = _View(K, w2c, _depth_map(tris[static], K, w2c, size, near))
        with _STATIC_LOCK:
            _STATIC_MAPS[key] = kept
            while len(_STATIC_MAPS) > _STATIC_MAPS_MAX:
                _STATIC_MAPS.popitem(last=False)
    moving = tris[~static]
    if not len(moving):
        return kept
    base = kept.depth
    top = _depth_map(moving, K, w2c, size, near)
    depth = np.where((top > 0) & ((base <= 0) | (top < base)), top, base)
    return _View(K, w2c, depth)


def _views(light: Any, points: np.ndarray,
           geometry: Geometry) -> list[tuple[_View, np.ndarray | None]]:
    """The shadow-map cameras of ``light`` that the sample ``points`` need, each with the indices
    of the points it serves (None: all of them)."""
    single = _single_view(light, geometry)
    if single is not None:
        return [(single, None)]
    face = _cube_faces(light, points)
    return [(view, np.flatnonzero(face == f)) for f, view in _cube_views(light, face, geometry)]


def _single_view(light: Any, geometry: Geometry) -> _View | None:
    """The one shadow-map camera of a sun or spot light; None for a point or area light."""
    m = np.asarray(light.matrix, np.float64)
    axis = m[:3, 2] / max(np.linalg.norm(m[:3, 2]), 1e-12)
    pos = m[:3, 3]
    if light.type == "sun":
        tris = geometry.triangles.reshape(-1, 3)
        lo, hi = tris.min(axis=0), tris.max(axis=0)
        centre, radius = 0.5 * (lo + hi), max(0.5 * float(np.linalg.norm(hi - lo)), 1e-3)
        distance = 1000.0 * radius  # far enough that the rays are parallel within 1/1000
        origin = centre + axis * distance
        w2c = _look(origin, -axis, np.array([0.0, 0.0, -1.0]))
        K = _intrinsics(SHADOW_MAP, radius / distance)
        return _render_view(K, w2c, SHADOW_MAP, distance - 1.5 * radius, geometry)
    if light.type == "spot":
        half = min(0.5 * float(light.spot_angle), np.radians(80.0))
        w2c = _look(pos, -axis, np.array([0.0, 0.0, -1.0]))
        return _render_view(_intrinsics(SHADOW_MAP, float(np.tan(half))), w2c, SHADOW_MAP,
                            _near(light), geometry)
    return None


def _near(light: Any) -> float:
    return max(1e-3, 0.5 * float(light.size))


def _cube_faces(light: Any, points: Any) -> np.ndarray:
    """The cube face (0…5, `_CUBE`) each point lies in seen from a point or area light: its
    direction's major axis (the first of equal ones) and sign. ``points``: N×3, or its x, y
    and z columns."""
    pos = np.asarray(light.matrix, np.float64)[:3, 3]
    columns = points if isinstance(points, tuple) else tuple(points[:, k] for k in range(3))
    d = [columns[k] - pos[k] for k in range(3)]
    a = [np.abs(x) for x in d]
    x_major = (a[0] >= a[1]) & (a[0] >= a[2])
    y_major = ~x_major & (a[1] >= a[2])
    face = np.where(x_major, d[0] < 0, np.where(y_major, 2 + (d[1] < 0), 4 + (d[2] < 0)))
    return face.astype(np.int8)


def _cube_views(light: Any, face: np.ndarray,
                geometry: Geometry) -> list[tuple[int, _View]]:
    """The cube faces present in ``face``, with their shadow-map cameras."""
    pos = np.asarray(light.matrix, np.float64)[:3, 3]
    K = _intrinsics(CUBE_FACE, 1.0)
    views = []
    # the faces present, by counting (np.unique sorts every pixel: most of a frame's time)
    for f in np.flatnonzero(np.bincount(face, minlength=6)).tolist():
        forward, down = (np.asarray(v) for v in _CUBE[f])
        views.append((f, _render_view(K, _look(pos, forward, down), CUBE_FACE, _near(light),
                                      geometry)))
    return views


def shadow_visibility(light: Any, points: np.ndarray, normals: np.ndarray,
                      geometry: Geometry) -> np.ndarray:
    """How lit (0…1) each point is: the 2×2 shadow-map texels round its projection, each test
    weighted bilinearly (percentage-closer filtering)."""
    order, vis = _shadow(light, _Points(points, normals), geometry, np.arange(len(points)))
    out = np.empty(len(points), np.float32)
    out[order] = vis
    return out


def _shadow(light: Any, surface: _Points, geometry: Geometry,
            which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The visibility of the points ``which`` (indices into ``points``), as (order, vis):
    ``vis[i]`` is that of ``points[order[i]]``; ``order`` is ``which`` permuted.

    Most points' four texels agree (all lit, or all in shadow): a view keeps the minimum and
    maximum of each 2×2 block (`_Tables`), so only the points on a shadow's edge look their
    four texels up; the value is the four tests' weights summed in order, to the bit. A point
    or area light's cube faces are 90° cameras whose axes are the world's (±1 and 0 in the
    rotation), so a face's camera coordinates are a point's own coordinates permuted and signed:
    the floats a matrix product gives, without one. The points are sorted by face once (a
    stable radix sort of one byte) and each face is a slice of their columns."""
    single = _single_view(light, geometry)
    if single is not None:
        return which, _visibility(single, surface.points[which], surface.normals[which])
    face = _cube_faces(light, surface.p)[which]
    order = which[np.argsort(face, kind="stable")]
    p = [c.take(order) for c in surface.p]
    n = [c.take(order) for c in surface.n]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(face, minlength=6))])
    vis = np.empty(len(order), np.float32)
    for f, view in _cube_views(light, face, geometry):
        part = slice(bounds[f], bounds[f + 1])
        vis[part] = _visibility(view, tuple(c[part] for c in p), tuple(c[part] for c in n))
    return order, vis


def _visibility(view: _View, p: Any, n: Any) -> np.ndarray:
    """The percentage-closer visibility of the points ``p`` (normals ``n``) in one view: N×3
    arrays, or tuples of their x, y and z columns."""
    columns = isinstance(p, tuple)
    dtype = p[0].dtype if columns else p.dtype
    t = dtype.type
    f = t(view.K[0, 0])
    rot, trans = view.w2c[:3, :3].astype(dtype), view.w2c[:3, 3].astype(dtype)
    axes = _axis_permutation(rot)
    if axes is None and columns:
        p, n = np.stack(p, axis=1), np.stack(n, axis=1)
    elif axes is not None and not columns:
        p, n = tuple(p[:, k] for k in range(3)), tuple(n[:, k] for k in range(3))
    z = p @ rot[2] + trans[2] if axes is None else _signed(p, axes[2], trans[2])
    texel = np.maximum(z, t(1e-6))
    texel /= f  # a texel's world size at the point
    # Normal offset: step off the surface by a texel or two before the look-up (acne).
    step = t(NORMAL_OFFSET) * texel
    if axes is None:
        cam = (p + n * step[:, None]) @ rot.T + trans
        cx, cy, cz = cam[:, 0], cam[:, 1], cam[:, 2]
    else:
        cx, cy, cz = (_signed(p, a, trans[i], n, step) for i, a in enumerate(axes))
    zc = np.maximum(cz, t(1e-6))
    u = f * cx
    u /= zc
    u += t(view.K[0, 2] - 0.5)
    v = f * cy
    v /= zc
    v += t(view.K[1, 2] - 0.5)
    limit = zc - t(DEPTH_BIAS) * texel  # lit when nothing in the map is nearer than this
    return _pcf(view.tables32 if limit.dtype == np.float32 else view.tables, u, v, cz, limit)


def _axis_permutation(rot: np.ndarray) -> tuple[tuple[int, float], ...] | None:
    """(component, sign) per row when ``rot`` is a signed permutation (a cube face), else None."""
    out = []
    for row in rot:
        nz = np.flatnonzero(row)
        if len(nz) != 1 or abs(row[nz[0]]) != 1:
            return None
        out.append((int(nz[0]), float(row[nz[0]])))
    return tuple(out)


def _signed(p: tuple[np.ndarray, ...], axis: tuple[int, float], shift: np.floating,
            n: tuple[np.ndarray, ...] | None = None,
            step: np.ndarray | None = None) -> np.ndarray:
    """One camera coordinate of a signed-permutation view: ±(p + n·step)[k] + shift, the float
    a matrix product with that row gives (its other products are exact zeros); ``p`` and ``n``
    as x, y and z columns."""
    k, sign = axis
    q = p[k] + n[k] * step if n is not None else p[k].copy()
    if sign > 0:
        q += shift
        return q
    return np.subtract(shift, q, out=q)


@dataclass(frozen=True)
class _Tables:
    """A shadow map prepared for look-ups, padded by one texel on each side (edge values, as
    clamping the texel index gives): ``lit_from`` per padded texel, the depth beyond which a
    point is lit there (the map's depth; +inf where the map is empty: lit at any depth), and
    per 2×2 block (top-left padded texel) its minimum and maximum."""

    size: int
    lit_from: np.ndarray  # ((size + 2)², ) float64 (or float32, `_View.tables32`)
    block_min: np.ndarray  # ((size + 1)², )
    block_max: np.ndarray


def _round_down32(a: np.ndarray) -> np.ndarray:
    """The largest float32 at or below each float64 (infinities kept)."""
    out = a.astype(np.float32)
    up = out.astype(np.float64) > a
    out[up] = np.nextafter(out[up], np.float32(-np.inf))
    return out


def _tables(depth: np.ndarray) -> _Tables:
    size = depth.shape[0]
    padded = np.pad(depth, 1, mode="edge")
    q = np.where(padded > 0, padded, np.inf)
    rows_min = np.minimum(q[:-1], q[1:])
    rows_max = np.maximum(q[:-1], q[1:])
    lo = np.minimum(rows_min[:, :-1], rows_min[:, 1:])
    hi = np.maximum(rows_max[:, :-1], rows_max[:, 1:])
    return _Tables(size, q.reshape(-1), lo.reshape(-1), hi.reshape(-1))


def _pcf(tab: _Tables, u: np.ndarray, v: np.ndarray, cz: np.ndarray,
         limit: np.ndarray) -> np.ndarray:
    """Bilinear percentage-closer filter: the four texel tests round (u, v) weighted by where
    the point falls between the texel centres, so a shadow edge is a ramp, not stair-steps;
    1 outside the map (beyond a spot's cone, which is dark anyway) or behind the view."""
    size = tab.size
    col = np.floor(u)
    row = np.floor(v)
    fu = u - col  # exact: a float32's fraction is a float32
    fv = v - row
    # the top-left texel of the 2×2 block in the padded tables (rows and cols -1 … size - 1
    # for the points inside the map; the others are clamped and set to 1 below)
    np.clip(row, -1, size - 1, out=row)
    np.clip(col, -1, size - 1, out=col)
    block = ((row + 1) * (size + 1) + (col + 1)).astype(np.intp)
    lim = limit.astype(tab.lit_from.dtype, copy=False)  # float32 limits: float32 tables
    lit = tab.block_min.take(block) >= lim
    dark = tab.block_max.take(block) < lim
    wr0 = 1 - fv
    wc0 = 1 - fu
    vis = wr0 * wc0
    vis += wr0 * fu
    vis += fv * wc0
    vis += fv * fu
    vis[dark] = 0.0
    edge = np.flatnonzero(~(lit | dark))
    if len(edge):
        first = ((row[edge] + 1) * (size + 2) + (col[edge] + 1)).astype(np.intp)
        le, ue, ve = lim[edge], fu[edge], fv[edge]
        w0, c0 = 1 - ve, 1 - ue
        acc = np.zeros(len(edge), np.float32)
        for offset, wr, wc in ((0, w0, c0), (1, w0, ue), (size + 2, ve, c0),
                               (size + 3, ve, ue)):
            acc += wr * wc * (tab.lit_from.take(first + offset) >= le)
        vis[edge] = acc
    outside = (u < -0.5) | (u > size - 0.5) | (v < -0.5) | (v > size - 0.5) | (cz <= 0)
    vis[outside] = 1.0
    return vis
