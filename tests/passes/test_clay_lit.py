"""The lit clay pass (`clay_lit`): shaded by the scene's own lights, with shadows; a light edit
changes it and no other pass; it is written when asked for or when a shot's control reads it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.addon.passes import lighting
from previz.addon.passes.files import read_png
from previz.addon.passes.render import render_passes
from previz.world import World


def _sun(power: float, direction_z: tuple[float, float, float] = (0.0, 0.0, 1.0)) -> object:
    m = np.eye(4)
    z = np.asarray(direction_z, float) / np.linalg.norm(direction_z)
    # any frame whose +Z is `z` (the sun shines along -Z)
    x = np.cross([0.0, 1.0, 0.0] if abs(z[1]) < 0.9 else [1.0, 0.0, 0.0], z)
    x /= np.linalg.norm(x)
    m[:3, 0], m[:3, 1], m[:3, 2] = x, np.cross(z, x), z
    return SimpleNamespace(type="sun", matrix=m, power=power, color=(1.0, 1.0, 1.0), size=0.01,
                           spot_angle=1.0, spot_blend=0.1)


def _point(kind: str, location: tuple[float, float, float], power: float, **kw) -> object:
    m = np.eye(4)
    m[:3, 3] = location
    return SimpleNamespace(type=kind, matrix=m, power=power, color=(1.0, 0.5, 0.25),
                           size=0.01, spot_angle=kw.get("spot_angle", 1.0),
                           spot_blend=kw.get("spot_blend", 0.0))


def _floor_with_box() -> lighting.Geometry:
    """A 20 m floor at z = 0 and a 1 m box hovering 1 m above the origin (its bottom face)."""
    f = 10.0
    floor = np.array([[[-f, -f, 0], [f, -f, 0], [f, f, 0]], [[-f, -f, 0], [f, f, 0], [-f, f, 0]]])
    b = 0.5
    box = np.array([[[-b, -b, 1], [b, b, 1], [b, -b, 1]], [[-b, -b, 1], [-b, b, 1], [b, b, 1]]])
    tris = np.concatenate([floor, box]).astype(float)
    normals = np.tile(np.array([0.0, 0.0, 1.0]), (4, 3, 1))
    return lighting.Geometry(tris, normals, np.array([1, 1, 2, 2], np.int32))


def test_irradiance_follows_blenders_light_units() -> None:
    up = np.array([[0.0, 0.0, 1.0]])
    at = np.array([[3.0, 0.0, 0.0]])
    empty = lighting.Geometry(np.zeros((0, 3, 3)), np.zeros((0, 3, 3)), np.zeros(0, np.int32))
    # a sun: irradiance = strength × cos
    assert lighting.irradiance(_sun(4.0), at, up, empty)[0] == pytest.approx([4.0, 4.0, 4.0])
    tilted = _sun(4.0, (1.0, 0.0, 1.0))
    assert lighting.irradiance(tilted, at, up, empty)[0, 0] == pytest.approx(4.0 / np.sqrt(2))
    # a point 2 m above: P / (4π d²), times its colour
    e = lighting.irradiance(_point("point", (3.0, 0.0, 2.0), 100.0), at, up, empty)[0]
    assert e == pytest.approx(np.array([1.0, 0.5, 0.25]) * 100.0 / (4 * np.pi * 4.0))
    # twice as far: a quarter
    e4 = lighting.irradiance(_point("point", (3.0, 0.0, 4.0), 100.0), at, up, empty)[0]
    assert e4[0] == pytest.approx(e[0] / 4)
    # a light below the surface lights nothing
    assert lighting.irradiance(_point("point", (3.0, 0.0, -2.0), 100.0), at, up, empty)[0, 0] == 0


def test_spot_cone_and_area_are_one_sided() -> None:
    # a spot 2 m up pointing down (-Z is its identity axis): inside the cone lit, outside dark
    spot = _point("spot", (0.0, 0.0, 2.0), 100.0, spot_angle=np.radians(40), spot_blend=0.0)
    up = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    pts = np.array([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0]])  # 0° and 45° off its axis
    empty = lighting.Geometry(np.zeros((0, 3, 3)), np.zeros((0, 3, 3)), np.zeros(0, np.int32))
    e = lighting.irradiance(spot, pts, up, empty)[:, 0]
    assert e[0] == pytest.approx(100.0 / (4 * np.pi * 4.0)) and e[1] == 0.0
    assert lighting.spot_mask(np.array([np.cos(0.0)]), np.radians(40), 0.5)[0] == 1.0
    # an area light emits along its -Z only: facing down it lights the floor, facing up not
    area = _point("area", (0.0, 0.0, 2.0), 100.0)
    assert lighting.irradiance(area, pts[:1], up[:1], empty)[0, 0] == pytest.approx(
        100.0 / (np.pi * 4.0))
    flipped = _point("area", (0.0, 0.0, 2.0), 100.0)
    flipped.matrix[:3, :3] = np.diag([1.0, -1.0, -1.0])
    assert lighting.irradiance(flipped, pts[:1], up[:1], empty)[0, 0] == 0.0


@pytest.mark.parametrize("light", [_sun(4.0), _point("point", (0.0, 0.0, 4.0), 400.0),
                                   _point("spot", (0.0, 0.0, 4.0), 400.0, spot_angle=2.0)])
def test_the_box_casts_a_shadow_on_the_floor(light: object) -> None:
    geometry = _floor_with_box()
    up = np.tile([0.0, 0.0, 1.0], (3, 1))
    pts = np.array([[0.0, 0.0, 0.0], [0.2, -0.3, 0.0], [2.5, 0.0, 0.0]])  # under, under, beside
    e = lighting.irradiance(light, pts, up, geometry)[:, 0]
    assert e[0] == 0.0 and e[1] == 0.0
    assert e[2] > 0.0
    # without the box, the same points are lit
    floor_only = lighting.Geometry(geometry.triangles[:2], geometry.normals[:2],
                                   geometry.labels[:2])
    assert (lighting.irradiance(light, pts, up, floor_only)[:, 0] > 0).all()


@pytest.mark.parametrize("light", [_sun(4.0, (0.3, 0.2, 1.0)),
                                   _point("point", (0.5, 0.0, 4.0), 400.0),
                                   _point("spot", (0.0, 0.5, 4.0), 400.0, spot_angle=2.0)])
def test_static_shadow_maps_kept_across_frames_give_the_same_light(light: object) -> None:
    """The floor did not move since the frame before, the box and a plate under the floor did:
    the floor's shadow map is kept and only the moving part rasterised; the light on a grid of
    floor points is exactly what the whole set of triangles gives, frame after frame."""
    geometry = _floor_with_box()
    under = np.array([[[-3.0, -3, -0.5], [3, 3, -0.5], [3, -3, -0.5]]])  # hidden below
    tris = np.concatenate([geometry.triangles, under])
    normals = np.concatenate([geometry.normals, geometry.normals[:1]])
    labels = np.append(geometry.labels, 3).astype(np.int32)
    g = np.linspace(-2.0, 2.0, 41)
    pts = np.stack(np.meshgrid(g, g, [0.0]), -1).reshape(-1, 3)
    up = np.tile([0.0, 0.0, 1.0], (len(pts), 1))
    lighting._STATIC_MAPS.clear()
    for shift in (0.0, 0.3, 0.6):  # the box moves along x; the floor stays
        moved = tris.copy()
        moved[2:] += [shift, 0.0, 0.0]
        previous = tris.copy()
        previous[2:] += [shift - 0.3, 0.0, 0.0]
        static = lighting.static_mask(moved, previous)
        assert static.tolist() == [True, True, False, False, False]
        kept = lighting.irradiance(light, pts, up, lighting.Geometry(moved, normals, labels,
                                                                      static))
        whole = lighting.irradiance(light, pts, up, lighting.Geometry(moved, normals, labels))
        assert np.array_equal(kept, whole)
        assert (kept[:, 0] == 0).sum() > 10  # the box's shadow is there
    assert len(lighting._STATIC_MAPS) >= 1  # the floor's map was kept and reused


def test_shadow_maps_skip_triangles_outside_their_view_exactly() -> None:
    """A cube face's depth map is made from the triangles that may reach it (`_may_cover`):
    the same map as from every triangle, for triangles behind the eye, across the near plane,
    beyond each side and just inside the border; and most of a scattered crowd is dropped."""
    rng = np.random.default_rng(5)
    K = lighting._intrinsics(64, 1.0)
    w2c = lighting._look(np.zeros(3), np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, -1.0]))
    centres = rng.uniform(-6.0, 6.0, (3000, 3))
    tris = centres[:, None, :] + rng.normal(0.0, 0.3, (3000, 3, 3))
    keep = lighting._may_cover(tris, K, w2c, 64, 0.05)
    assert 0.1 < keep.mean() < 0.5  # the face looks along +Y: most of the cloud is elsewhere
    for near in (0.05, 1.0):
        got = lighting._depth_map(tris, K, w2c, 64, near)
        empty = np.zeros((len(tris), 3, 3))
        want = lighting.rasterize(tris, empty, np.zeros(len(tris), np.int32), K, w2c, 64, 64,
                                  near, depth_only=True).depth
        assert np.array_equal(got, want) and (want > 0).mean() > 0.3
    # a triangle just inside the border, one beyond it, one behind the near plane
    edge = np.array([[[-0.999, 1.0, 0.0], [-0.999, 1.0, 0.2], [-0.9, 1.0, 0.1]],
                     [[-1.2, 1.0, 0.0], [-1.2, 1.0, 0.2], [-1.1, 1.0, 0.1]],
                     [[0.0, 0.01, 0.0], [0.1, 0.01, 0.0], [0.0, 0.01, 0.1]]])
    assert lighting._may_cover(edge, K, w2c, 64, 0.05).tolist() == [True, False, False]


def _four_texel_filter(light: object, points: np.ndarray, normals: np.ndarray,
                       geometry: lighting.Geometry) -> np.ndarray:
    """The percentage-closer filter written out plainly (a matrix product per view, four
    clamped texel look-ups summed in order): what `shadow_visibility` must equal to the bit."""
    out = np.ones(len(points), np.float32)
    for view, idx in lighting._views(light, points, geometry):
        p = points if idx is None else points[idx]
        n = normals if idx is None else normals[idx]
        size, f = view.depth.shape[0], np.float32(view.K[0, 0])
        rot, trans = view.w2c[:3, :3].astype(np.float32), view.w2c[:3, 3].astype(np.float32)
        texel = np.maximum(p @ rot[2] + trans[2], np.float32(1e-6)) / f
        cam = (p + n * (lighting.NORMAL_OFFSET * texel)[:, None]) @ rot.T + trans
        z = np.maximum(cam[:, 2], np.float32(1e-6))
        u = f * cam[:, 0] / z + np.float32(view.K[0, 2] - 0.5)
        v = f * cam[:, 1] / z + np.float32(view.K[1, 2] - 0.5)
        col, row = np.floor(u).astype(np.int64), np.floor(v).astype(np.int64)
        limit = z - lighting.DEPTH_BIAS * texel
        fu, fv = (u - col).astype(np.float32), (v - row).astype(np.float32)
        vis = np.zeros(len(p), np.float32)
        for dr, wr in ((0, 1 - fv), (1, fv)):
            r = np.clip(row + dr, 0, size - 1)
            for dc, wc in ((0, 1 - fu), (1, fu)):
                occ = view.depth[r, np.clip(col + dc, 0, size - 1)]
                vis += wr * wc * ((occ <= 0) | (occ >= limit))
        vis[(u < -0.5) | (u > size - 0.5) | (v < -0.5) | (v > size - 0.5) | (cam[:, 2] <= 0)] = 1
        if idx is None:
            out = vis
        else:
            out[idx] = vis
    return out


@pytest.mark.parametrize("light", [_sun(4.0, (0.3, 0.2, 1.0)),
                                   _point("point", (0.4, -0.3, 2.5), 400.0),
                                   _point("area", (0.3, 0.2, 1.6), 400.0),
                                   _point("spot", (0.2, 0.5, 4.0), 400.0, spot_angle=1.2)])
def test_shadow_lookup_equals_the_four_texel_filter_to_the_bit(light: object) -> None:
    """The look-up by 2×2 block minimum and maximum (only shadow edges read four texels) and
    the cube faces' coordinates by axis permutation give exactly the plain filter's values:
    points all round the light (every cube face), on the shadow's edge, in it, beyond the map."""
    geometry = _floor_with_box()
    rng = np.random.default_rng(11)
    pts = np.concatenate([
        np.column_stack([rng.uniform(-3.0, 3.0, (4000, 2)), np.zeros(4000)]),  # the floor
        rng.uniform(-4.0, 4.0, (2000, 3)),  # anywhere round the light
    ]).astype(np.float32)
    normals = rng.normal(size=pts.shape).astype(np.float32)
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    normals[:4000] = (0.0, 0.0, 1.0)
    got = lighting.shadow_visibility(light, pts, normals, geometry)
    want = _four_texel_filter(light, pts, normals, geometry)
    assert np.array_equal(got, want)
    edge = (want > 0) & (want < 1)
    assert edge.sum() > 5 and (want == 0).sum() > 50  # a shadow with an edge was looked up
    if light.type in ("point", "area"):
        assert len(lighting._views(light, pts, geometry)) == 6


@pytest.mark.parametrize("covered_fraction", [1.0, 0.7])
def test_lit_clay_sums_its_lights_as_the_plain_formula_does(covered_fraction: float) -> None:
    """The frame's linear light equals the plain sum (ambient, then each light's irradiance
    added in float32, times the albedo) to the bit, and its image that sum encoded, whatever
    the lights' precision (a spot with no blend gives float64), with sky pixels or none."""
    rng = np.random.default_rng(3)
    h, w = 24, 32
    depth = rng.uniform(2.0, 5.0, (h, w))
    covered = rng.random((h, w)) < covered_fraction
    depth[~covered] = 0.0
    normal = rng.normal(size=(h, w, 3)).astype(np.float32)
    normal[..., 2] = -np.abs(normal[..., 2]) - 0.5  # facing the camera (OpenCV: -Z)
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    K = np.array([[30.0, 0.0, 16.0], [0.0, 30.0, 12.0], [0.0, 0.0, 1.0]])
    w2c = lighting._look(np.array([0.0, -6.0, 1.5]), np.array([0.0, 1.0, -0.1]),
                         np.array([0.0, 0.0, -1.0]))
    lights = {"a": _point("spot", (0.0, -5.0, 3.0), 300.0, spot_angle=2.5, spot_blend=0.0),
              "b": _point("point", (1.0, -3.0, 2.0), 200.0), "c": _sun(2.0, (0.2, -0.5, 1.0))}
    world = SimpleNamespace(environment=None)
    geometry = _floor_with_box()
    args = (world, SimpleNamespace(lights=lights), 1.0, depth, normal, covered, K, w2c, geometry)
    got = lighting.lit_linear(*args)
    ambient = lighting.environment_radiance(None, 1.0)
    flat = np.flatnonzero(covered)
    points, normals = lighting._surface(depth, normal, flat, K, w2c)
    # the surface as written plainly: pixel centres back-projected, normals turned and unit
    rows, cols = np.nonzero(covered)
    z = depth[rows, cols]
    cam = np.stack([(cols + 0.5 - K[0, 2]) / K[0, 0] * z, (rows + 0.5 - K[1, 2]) / K[1, 1] * z,
                    z], axis=1)
    plain_n = normal[rows, cols] @ w2c[:3, :3].astype(np.float32)
    plain_n /= np.maximum(np.linalg.norm(plain_n, axis=1, keepdims=True), np.float32(1e-12))
    assert np.array_equal(points, ((cam - w2c[:3, 3]) @ w2c[:3, :3]).astype(np.float32))
    assert np.array_equal(normals, plain_n)
    light = np.tile(ambient.astype(np.float32), (len(points), 1))
    for lid in sorted(lights):
        light += lighting.irradiance(lights[lid], points, normals, geometry)
    out = np.empty((h, w, 3))
    out[:] = ambient
    out[covered] = lighting.CLAY_ALBEDO * light
    assert np.array_equal(got, out)
    assert np.array_equal(lighting.lit_clay(*args), lighting.encode(out))
    assert len(np.unique(lighting.lit_clay(*args)[covered][:, 0])) > 10


def test_float32_tables_answer_the_depth_tests_as_float64_does() -> None:
    """A shadow map's depths rounded down to float32 compare with any float32 limit exactly as
    the float64 depths do (at or beyond: lit), including a limit just above a depth."""
    rng = np.random.default_rng(7)
    depth = rng.uniform(0.5, 20.0, 20000)
    down = lighting._round_down32(np.append(depth, [np.inf, 0.1]))
    assert down[-2] == np.inf
    assert float(down[-1]) <= 0.1 < float(np.nextafter(down[-1], np.float32(1)))
    assert (down[:-2].astype(np.float64) <= depth).all()
    assert (np.nextafter(down[:-2], np.float32(np.inf)).astype(np.float64) > depth).all()
    limits = np.concatenate([depth.astype(np.float32),  # nearest: half of them just above
                             np.nextafter(depth.astype(np.float32), np.float32(np.inf)),
                             rng.uniform(0.5, 20.0, 20000).astype(np.float32)])
    against = np.tile(depth, 3)
    assert np.array_equal(np.tile(down[:-2], 3) >= limits, against >= limits)
    assert 0.3 < (against >= limits).mean() < 0.9  # both answers occur


def test_encode_is_monotone_and_pinned() -> None:
    values = np.array([[0.0, 0.5, 1.0], [4.0, 8.0, 1000.0]])
    out = lighting.encode(values[..., None].repeat(3, -1))[..., 0]
    # by hand: x·¼ → x/(1+x) → sRGB, e.g. 8 → 2/3 → 0.836 → 213
    assert out.tolist() == [[0, 94, 124], [188, 213, 255]]


def test_encode32_gives_encodes_bytes_for_every_float32() -> None:
    """The table look-up gives `encode`'s byte for float32 values: at both ends of every bucket
    of the table, on both sides of every step from one byte to the next (each step's nearest
    floats), at random, and at zero, negatives, denormals, infinity and NaN."""
    table = lighting._encode_table()
    shift = lighting._ENCODE_SHIFT
    starts = np.arange(len(table), dtype=np.uint64) << np.uint64(shift)
    ends = starts + np.uint64((1 << shift) - 1)
    # the floats round every step: bisect each mixed bucket for its first float of a new byte
    mixed = np.flatnonzero(table == lighting._ENCODE_MIXED)
    finite = mixed[~np.isnan(starts[mixed].astype(np.uint32).view(np.float32))
                   & ~np.isnan(ends[mixed].astype(np.uint32).view(np.float32))]
    lo, hi = starts[finite].astype(np.int64), ends[finite].astype(np.int64)
    first = lighting.encode(lo.astype(np.uint32).view(np.float32).astype(np.float64)[:, None])
    for _ in range(shift):
        mid = (lo + hi) // 2
        at = lighting.encode(mid.astype(np.uint32).view(np.float32).astype(np.float64)[:, None])
        same = at[:, 0] == first[:, 0]
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    steps = np.concatenate([hi - 1, hi, hi + 1]).astype(np.uint32)
    rng = np.random.default_rng(11)
    values = np.concatenate([
        starts.astype(np.uint32).view(np.float32), ends.astype(np.uint32).view(np.float32),
        steps.view(np.float32), rng.uniform(0.0, 40.0, 200_000).astype(np.float32),
        np.array([0.0, -0.0, -1.0, 1e-45, 1e-38, np.inf, -np.inf, np.nan], np.float32)])
    with np.errstate(invalid="ignore", over="ignore"):
        want = lighting.encode(values.astype(np.float64)[:, None])[:, 0]
        got = lighting.encode32(values)
    assert got.dtype == np.uint8
    assert np.array_equal(got, want)
    # every byte from 0 to 255 is a step in the table: the test saw all of them
    assert len(np.unique(want[len(starts) * 2:len(starts) * 2 + len(steps)])) == 256
    assert 200 < len(finite) < 1000  # the table is mostly single bytes


# Whole passes from a Blender scene ---------------------------------------------------------

def _lit_world(make_world_data, power: float = 300.0, location=(3.0, -4.0, 5.0)) -> World:
    data = make_world_data(frames=(1, 1))
    data["lights"] = [
        {"id": "key", "type": "point", "power": power, "transform": {"location": list(location)}},
        {"id": "sun", "type": "sun", "power": 1.5, "color": [0.6, 0.7, 1.0],
         "transform": {"rotation": [0.5, 0.3, 0.0]}},
    ]
    return World.model_validate(data)


def _render(world: World, out: Path, passes: str | None) -> Path:
    bpy.ops.wm.read_homefile(use_empty=True)
    build(world, bpy.context.scene)
    (folder,) = render_passes(world, bpy.context.scene, out, shot_id="s", passes=passes)
    return folder


def _digests(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted((folder / "passes").rglob("*")):
        if p.is_file():
            out[p.relative_to(folder / "passes").as_posix()] = hashlib.sha256(
                p.read_bytes()).hexdigest()
    return out


@pytest.mark.blender
def test_a_light_edit_changes_the_lit_clay_and_nothing_else(make_world_data,
                                                             tmp_path: Path) -> None:
    every = "clay,clay_lit,depth,edges,mask,normal,pose,segmentation"
    a = _digests(_render(_lit_world(make_world_data), tmp_path / "a", every))
    b = _digests(_render(_lit_world(make_world_data, power=900.0), tmp_path / "b", every))
    c = _digests(_render(_lit_world(make_world_data, location=(-3.0, -4.0, 5.0)),
                         tmp_path / "c", every))
    assert set(a) == set(b) == set(c)
    for other in (b, c):
        changed = {name.split("/")[0] for name in a if a[name] != other[name]}
        assert changed == {"clay_lit"}, changed
    for name in ("depth", "depth_control", "normal", "segmentation", "segmentation_semantic",
                 "pose", "edges", "mask", "clay"):
        assert any(k.startswith(f"{name}/") for k in a), name
    # more power is brighter where the key reaches
    la = read_png(tmp_path / "a" / "s" / "passes" / "clay_lit" / "0001.png").astype(int)
    lb = read_png(tmp_path / "b" / "s" / "passes" / "clay_lit" / "0001.png").astype(int)
    assert lb.sum() > la.sum()


@pytest.mark.blender
def test_written_on_request_or_when_a_control_reads_it(make_world_data,
                                                       tmp_path: Path) -> None:
    world = _lit_world(make_world_data)
    folder = _render(world, tmp_path / "default", None)
    assert not (folder / "passes" / "clay_lit").exists()  # the default set is as it was
    data = world.model_dump(mode="json")
    data["shots"][0]["render"]["control"] = ["clay_lit", "depth"]
    folder = _render(World.model_validate(data), tmp_path / "control", "depth")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["passes"] == ["clay_lit", "depth", "depth_control"]
    image = read_png(folder / "passes" / "clay_lit" / "0001.png")
    assert image.shape == (48, 64, 3) and image.std() > 5  # shaded, not flat
