"""The bpy-free parts: palette, colour maps, edges, skeleton drawing, contact sheet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from previz.addon.passes import maps, palette, skeleton
from previz.addon.passes.files import contact_sheet, encode_png, read_png, write_png


def test_ade20k_palette_and_classes() -> None:
    assert len(palette.ADE20K_CLASSES) == len(palette.ADE20K_PALETTE) == 150
    assert palette.semantic_color("wall") == (120, 120, 120)
    assert palette.semantic_color("person") == (150, 5, 61)
    assert palette.semantic_color("Person") == (150, 5, 61)
    assert palette.semantic_color("coffee_table") == palette.semantic_color("coffee table")
    assert palette.semantic_color("dog") == palette.semantic_color("animal")
    assert palette.ade20k_class("spaceship") is None
    odd = palette.semantic_color("spaceship")
    assert odd == palette.semantic_color("spaceship") and odd not in palette.ADE20K_PALETTE


PINNED = json.loads((Path(__file__).parents[1] / "golden" / "pinned_values.json").read_text())


def test_instance_colours_are_stable_and_distinct() -> None:
    ids = [f"thing-{i}" for i in range(40)]
    colours = [palette.instance_color(i) for i in ids]
    assert len(set(colours)) == len(colours)
    assert all(max(c) >= 150 for c in colours)  # never near the black background
    # Pinned in tests/golden/pinned_values.json: a change here changes every rendered
    # segmentation (and these are what other processes and runs got).
    for entity_id, rgb in PINNED["instance_color"].items():
        assert palette.instance_color(entity_id) == tuple(rgb), entity_id
    for name, rgb in (PINNED["semantic_color_hashed"] | PINNED["semantic_color_ade20k"]).items():
        assert palette.semantic_color(name) == tuple(rgb), name
    assert palette.instance_color("hero") != palette.semantic_color("hero")  # id: and class: keys
    table = palette.color_table(colours[:2])
    assert table.shape == (3, 3) and tuple(table[0]) == (0, 0, 0)


def test_depth_encodings() -> None:
    depth = np.array([[0.0, 1.0, 2.0], [9.9996, 70.0, 0.5]])
    mm = maps.depth_mm(depth)
    assert mm.dtype == np.uint16
    assert mm.tolist() == [[0, 1000, 2000], [10000, 65535, 500]]
    ctrl = maps.depth_control(depth, 0.5, 70.0)[..., 0]
    assert ctrl[0, 0] == 0  # no surface is black
    assert ctrl[1, 2] == 255 and ctrl[1, 1] == 16  # nearest white, farthest dim but not black
    assert ctrl[0, 1] > ctrl[0, 2] > ctrl[1, 0] > ctrl[1, 1]  # near = bright


def test_normal_convention() -> None:
    n = np.zeros((1, 3, 3), np.float32)
    n[0, 0] = (0, 0, -1)  # facing the camera (OpenCV −Z)
    n[0, 1] = (1, 0, 0)  # facing right
    n[0, 2] = (0, -1, 0)  # facing up (OpenCV −Y)
    rgb = maps.normal_control(n, np.ones((1, 3), bool))
    assert rgb[0, 0].tolist() == [128, 128, 255]
    assert rgb[0, 1].tolist() == [255, 128, 128]
    assert rgb[0, 2].tolist() == [128, 255, 128]


def test_edges_ignore_slanted_planes_and_find_folds() -> None:
    h, w = 40, 60
    ys, xs = np.mgrid[0:h, 0:w] + 0.5
    inv = 0.05 + 0.004 * xs + 0.002 * ys  # a slanted plane: 1/z affine in the pixel
    depth = 1.0 / inv
    normal = np.zeros((h, w, 3), np.float32)
    normal[..., 2] = -1
    label = np.ones((h, w), np.int32)
    assert maps.edges(depth, normal, label).max() == 0
    folded = depth.copy()
    folded[:, 30:] = 1.0 / (inv[:, 30:] + 1.0 * (xs[:, 30:] - 30) / w)  # a crease at x = 30
    e = maps.edges(folded, normal, label)
    assert e[:, 28:32].max() == 255 and e[:, :26].max() == 0 and e[:, 34:].max() == 0
    label[10:20, 10:20] = 2  # an object boundary
    e = maps.edges(depth, normal, label)
    assert e[10:20, 10].min() == 255 and e[25:, :].max() == 0


def test_coco_mapping_and_drawing() -> None:
    joints = {n: np.eye(4) for n in skeleton.SMPL_JOINTS}
    joints["right_wrist"] = np.eye(4)
    joints["right_wrist"][:3, 3] = (-0.8, 0.0, 1.4)
    joints["head"] = np.eye(4)
    joints["head"][:3, 3] = (0.0, 0.0, 1.59)
    pts = skeleton.coco_points(joints, 1.59)
    assert np.allclose(pts[4], (-0.8, 0.0, 1.4))
    assert np.allclose(pts[0], (0.0, -0.10, 1.64))  # nose in front of the head (−Y)
    assert pts[14][0] < 0 < pts[15][0]  # right eye on the character's right (−X)
    fig = skeleton.humanoid_figure("hero", joints, 1.59)
    # Camera 5 m in front (at −Y), looking along +Y, OpenCV axes.
    w2c = np.array([[1, 0, 0, 0], [0, 0, -1, 1.0], [0, 1, 0, 5.0], [0, 0, 0, 1]], float)
    K = np.array([[100.0, 0, 64], [0, 100.0, 48], [0, 0, 1]])
    img = skeleton.draw_pose([fig], K, w2c, 128, 96, 0.1)
    u, v = K[0, 0] * -0.8 / 5 + 64, K[1, 1] * (1.0 - 1.4) / 5 + 48
    assert img[int(v), int(u)].tolist() == list(skeleton.OPENPOSE_COLORS[4])
    # The same joint hidden behind another entity is drawn at half brightness.
    depth = np.full((96, 128), 2.0)
    label = np.full((96, 128), 7, np.int32)
    dim = skeleton.draw_pose([fig], K, w2c, 128, 96, 0.1, depth, label, {"hero": 1})
    half = (np.array(skeleton.OPENPOSE_COLORS[4]) * 0.5).astype(int).tolist()
    assert dim[int(v), int(u)].tolist() == half
    # Moving the figure off the left of the image clips it; nothing wraps around.
    w2c_off = w2c.copy()
    w2c_off[0, 3] = -4.0
    off = skeleton.draw_pose([fig], K, w2c_off, 128, 96, 0.1)
    assert off[:, 64:].max() == 0


def test_generic_skeleton_palette() -> None:
    joints = {"a": np.eye(4), "b": np.eye(4), "c": np.eye(4)}
    joints["b"][:3, 3] = (1, 0, 0)
    joints["c"][:3, 3] = (1, 0, 1)
    fig = skeleton.generic_figure("dog", joints, {"a": None, "b": "a", "c": "b"})
    assert fig.limbs == ((0, 1), (1, 2))
    assert fig.point_colors[0] == (255, 0, 0) and fig.limb_colors[0] == fig.point_colors[1]


def test_contact_sheet_grid() -> None:
    img = np.full((48, 64, 3), 200, np.uint8)
    grey = np.full((48, 64), 50, np.uint8)
    sheet = contact_sheet([(1, {"a": img, "b": grey}), (5, {"a": img, "b": grey})], ["a", "b"],
                          thumb_width=32)
    assert sheet.shape == (2 * (24 + 2) + 2, 2 * (32 + 2) + 2, 3)
    assert sheet[5, 5].tolist() == [200, 200, 200] and sheet[5, 40].tolist() == [50, 50, 50]


@pytest.mark.parametrize(
    "image",
    [
        np.random.default_rng(1).integers(0, 256, (37, 53, 3), dtype=np.uint8),  # RGB, noisy
        np.random.default_rng(2).integers(0, 256, (1, 9), dtype=np.uint8),  # one row, grey
        np.random.default_rng(3).integers(0, 65536, (20, 31), dtype=np.uint16),  # 16-bit
        np.full((16, 16, 3), (52, 52, 56), np.uint8),  # flat
    ],
)
def test_png_encoder_round_trips_through_pillow(image: np.ndarray, tmp_path: Path) -> None:
    data = encode_png(image)
    with Image.open(io.BytesIO(data)) as im:
        im.load()  # decodes and checks every chunk's CRC and the zlib stream
        back = np.asarray(im)
    assert back.dtype == image.dtype and np.array_equal(back, image)
    assert encode_png(image.copy()) == data  # the same pixels give the same bytes
    write_png(tmp_path / "a.png", image)
    assert np.array_equal(read_png(tmp_path / "a.png"), image)


def test_png_encoder_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="uint8 or uint16"):
        encode_png(np.zeros((4, 4), np.float32))
    with pytest.raises(ValueError, match="H×W"):
        encode_png(np.zeros((4, 4, 4), np.uint8))


def test_clay_shading() -> None:
    n = np.zeros((1, 4, 3), np.float32)
    key = maps._KEY / np.linalg.norm(maps._KEY)  # towards the key light
    n[0, 0] = key  # facing the key light
    n[0, 1] = (0, 0, -1)  # facing the camera (lit by the key, which is in front)
    n[0, 2] = (0, 0, 1)  # facing away from the camera: ambient only
    covered = np.array([[True, True, True, False]])
    img = maps.clay(n, covered)
    assert img.dtype == np.uint8 and img.shape == (1, 4, 3)
    assert (img[0, :3, 0] == img[0, :3, 1]).all() and (img[0, :3, 1] == img[0, :3, 2]).all()
    assert img[0, 0, 0] > img[0, 1, 0] > img[0, 2, 0]
    assert img[0, 3].tolist() == list(maps.CLAY_BACKGROUND)

    # The threshold table gives what encoding every linear value to sRGB and rounding gives.
    def srgb8(lin: np.ndarray) -> np.ndarray:
        enc = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
        return np.rint(enc * 255.0)

    rng = np.random.default_rng(0)
    m = rng.normal(size=(200, 300, 3)).astype(np.float32)
    m /= np.linalg.norm(m, axis=-1, keepdims=True)
    k = np.clip(m.astype(np.float64) @ key, 0, 1)  # cos to the key light
    fill = maps._FILL / np.linalg.norm(maps._FILL)
    f = np.clip(m.astype(np.float64) @ fill, 0, 1)
    expected = srgb8(maps.CLAY_ALBEDO * (0.25 + 0.6 * k + 0.25 * f))
    got = maps.clay(m, np.ones((200, 300), bool))[..., 0]
    assert np.abs(got - expected).max() <= 1  # float32 vs float64 at level boundaries only
    assert (got != expected).mean() < 1e-3


@pytest.mark.parametrize(("w", "h"), [(37, 53), (64, 16), (1, 40), (29, 1)])
def test_mask_pngs_are_the_bytes_of_encoding_each_mask(w: int, h: int) -> None:
    """`MaskPngs` skips the empty rows above a mask (a copied zlib state) and takes those below
    from a shared buffer: the bytes stay those of `encode_png` of the mask, wherever the mask
    lies — touching the first or last row, one row, a checkpoint's row, absent."""
    from previz.addon.passes.files import MaskPngs

    rng = np.random.default_rng(w * 100 + h)
    label = np.zeros((h, w), np.int32)
    for value in range(1, 9):  # blobs at random rows, some overlapping
        r0 = int(rng.integers(0, h))
        r1 = min(h, r0 + int(rng.integers(1, 20)))
        c0 = int(rng.integers(0, w))
        label[r0:r1, c0:c0 + int(rng.integers(1, 10))] = value
    label[0, 0], label[h - 1, w - 1] = 9, 10  # the first and the last row
    label[min(h - 1, 16), 0] = 11  # a row where a checkpoint starts
    values = [*range(13), 50]  # 12 and 50 do not occur
    got = MaskPngs(w, h).encode(label, values)
    want = [encode_png((label == v).view(np.uint8) * np.uint8(255)) for v in values]
    assert got == want
    assert got[12] == got[13] == encode_png(np.zeros((h, w), np.uint8))
    with pytest.raises(ValueError):
        MaskPngs(w, h).encode(np.zeros((h + 1, w), np.int32), [1])
