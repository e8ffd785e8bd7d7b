"""The pose pass: skeletons drawn from projected joints. Pure numpy, no bpy.

Humanoids (a skeleton with the 22 SMPL joint names of ``skills.skeletons`` "humanoid") are drawn
as OpenPose COCO-18, in the colours and limb order of the OpenPose body annotator that the
ControlNet pose models were trained on (limbs at 60 % brightness, keypoints full colour, limb
ellipses 4 px thick and keypoint discs of radius 4 px at 512 px, scaled with the image).

SMPL → COCO-18 (COCO index: SMPL joint):

====  ===========  ==============================================================
 0    nose         ``head`` joint frame + (0, −0.10, 0.05) m (in front of the face)
 1    neck         ``neck``
 2/5  R/L shoulder ``right_shoulder`` / ``left_shoulder``
 3/6  R/L elbow    ``right_elbow`` / ``left_elbow``
 4/7  R/L wrist    ``right_wrist`` / ``left_wrist``
 8/11 R/L hip      ``right_hip`` / ``left_hip``
 9/12 R/L knee     ``right_knee`` / ``left_knee``
10/13 R/L ankle    ``right_ankle`` / ``left_ankle``
14/15 R/L eye      ``head`` frame + (∓0.035, −0.085, 0.08) m
16/17 R/L ear      ``head`` frame + (∓0.075, −0.01, 0.06) m
====  ===========  ==============================================================

SMPL has no face points, so nose, eyes and ears are fixed offsets in the head joint's frame
(whose rest axes are the entity's: the face looks along −Y, the character's left is +X), scaled
with the skeleton's rest height relative to the 1.59 m head height of the 1.75 m template.

Other skeletons (quadrupeds, birds, anything else) are drawn bone by bone (parent → child) in a
documented palette: joint *i* of *n* (skeleton order) gets the fully saturated hue *i / n*; its
bone to its parent has that colour at 60 %, its disc full colour — the OpenPose look, with no
claim to a standard the models were trained on.

Visibility: a joint behind the camera (depth ≤ near) is dropped with its limbs; a joint outside
the image is not drawn, but limbs to it are drawn up to the image border; a joint hidden by
another entity (the depth pass at its pixel is nearer than the joint by more than ``OCCLUSION_M``
and belongs to another entity) is drawn at half brightness, and so is any limb touching it.
"""

from __future__ import annotations

import colorsys
import functools
from dataclasses import dataclass

import numpy as np

#: OpenPose COCO-18 keypoint names (index = COCO id).
COCO18 = (
    "nose", "neck", "right_shoulder", "right_elbow", "right_wrist", "left_shoulder",
    "left_elbow", "left_wrist", "right_hip", "right_knee", "right_ankle", "left_hip",
    "left_knee", "left_ankle", "right_eye", "left_eye", "right_ear", "left_ear",
)
#: OpenPose body colours (RGB), one per keypoint and per limb.
OPENPOSE_COLORS = (
    (255, 0, 0), (255, 85, 0), (255, 170, 0), (255, 255, 0), (170, 255, 0), (85, 255, 0),
    (0, 255, 0), (0, 255, 85), (0, 255, 170), (0, 255, 255), (0, 170, 255), (0, 85, 255),
    (0, 0, 255), (85, 0, 255), (170, 0, 255), (255, 0, 255), (255, 0, 170), (255, 0, 85),
)
#: OpenPose limbs (COCO ids), drawn in this order with ``OPENPOSE_COLORS[i]``.
OPENPOSE_LIMBS = (
    (1, 2), (1, 5), (2, 3), (3, 4), (5, 6), (6, 7), (1, 8), (8, 9), (9, 10), (1, 11),
    (11, 12), (12, 13), (1, 0), (0, 14), (14, 16), (0, 15), (15, 17),
)
#: COCO id → SMPL joint for the keypoints that are joints.
SMPL_TO_COCO = {
    1: "neck", 2: "right_shoulder", 3: "right_elbow", 4: "right_wrist", 5: "left_shoulder",
    6: "left_elbow", 7: "left_wrist", 8: "right_hip", 9: "right_knee", 10: "right_ankle",
    11: "left_hip", 12: "left_knee", 13: "left_ankle",
}
#: COCO id → offset in the head joint's frame (metres, 1.75 m person) for the face points.
FACE_OFFSETS = {
    0: (0.0, -0.10, 0.05), 14: (-0.035, -0.085, 0.08), 15: (0.035, -0.085, 0.08),
    16: (-0.075, -0.01, 0.06), 17: (0.075, -0.01, 0.06),
}
TEMPLATE_HEAD_HEIGHT = 1.59
SMPL_JOINTS = frozenset({*SMPL_TO_COCO.values(), "head", "pelvis"})
OCCLUSION_M = 0.15
LIMB_BRIGHTNESS = 0.6
OCCLUDED_BRIGHTNESS = 0.5


def is_humanoid(joint_names: set[str] | list[str]) -> bool:
    return set(joint_names) >= SMPL_JOINTS


def coco_points(joints: dict[str, np.ndarray], rest_head_height: float) -> np.ndarray:
    """The 18 COCO keypoints (18×3, world) of a humanoid from its global joint matrices."""
    out = np.zeros((18, 3))
    for coco, name in SMPL_TO_COCO.items():
        out[coco] = joints[name][:3, 3]
    head = joints["head"]
    scale = rest_head_height / TEMPLATE_HEAD_HEIGHT if rest_head_height > 0 else 1.0
    for coco, offset in FACE_OFFSETS.items():
        out[coco] = (head @ np.array([*(np.array(offset) * scale), 1.0]))[:3]
    return out


@dataclass(frozen=True)
class Figure:
    """One skeleton to draw: points (N×3 world), limbs (index pairs), and colours."""

    entity: str
    points: np.ndarray
    limbs: tuple[tuple[int, int], ...]
    point_colors: tuple[tuple[int, int, int], ...]
    limb_colors: tuple[tuple[int, int, int], ...]


def humanoid_figure(entity: str, joints: dict[str, np.ndarray], rest_head_height: float) -> Figure:
    return Figure(entity, coco_points(joints, rest_head_height), OPENPOSE_LIMBS,
                  OPENPOSE_COLORS, OPENPOSE_COLORS[: len(OPENPOSE_LIMBS)])


def generic_figure(
    entity: str, joints: dict[str, np.ndarray], parents: dict[str, str | None]
) -> Figure:
    """Any other skeleton: bone per (parent, joint), hue by joint index (see module doc)."""
    names = list(joints)
    index = {n: i for i, n in enumerate(names)}
    colors = tuple(_hue(i / len(names)) for i in range(len(names)))
    limbs, limb_colors = [], []
    for name in names:
        parent = parents.get(name)
        if parent is not None and parent in index:
            limbs.append((index[parent], index[name]))
            limb_colors.append(colors[index[name]])
    points = np.array([joints[n][:3, 3] for n in names])
    return Figure(entity, points, tuple(limbs), colors, tuple(limb_colors))


def _hue(h: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h, 1.0, 1.0)
    return (round(r * 255), round(g * 255), round(b * 255))


def draw_pose(
    figures: list[Figure],
    K: np.ndarray,
    world_to_camera: np.ndarray,
    width: int,
    height: int,
    near: float,
    depth: np.ndarray | None = None,
    label: np.ndarray | None = None,
    labels_of: dict[str, int] | None = None,
) -> np.ndarray:
    """Draw ``figures`` on black (H×W×3 uint8). With ``depth`` / ``label`` (the frame's raster)
    and ``labels_of`` (entity id → label), joints hidden by other entities are dimmed."""
    canvas = np.zeros((height, width, 3), np.uint8)
    scale = min(width, height) / 512.0
    stick = max(1.0, 4.0 * scale)
    radius = max(1.0, 4.0 * scale)
    projected = []
    for fig in figures:
        cam = fig.points @ world_to_camera[:3, :3].T + world_to_camera[:3, 3]
        z = cam[:, 2]
        front = z > near
        zs = np.where(front, z, 1.0)
        px = np.stack([K[0, 0] * cam[:, 0] / zs + K[0, 2], K[1, 1] * cam[:, 1] / zs + K[1, 2]], 1)
        dim = np.zeros(len(z), bool)
        if depth is not None and label is not None and labels_of is not None:
            dim = _occluded(px, z, front, depth, label, labels_of.get(fig.entity, -1))
        projected.append((fig, px, front, dim))
    # Limbs of every figure first, then all keypoints on top (as the OpenPose annotator does).
    # The shapes are collected in drawing order and painted together (`_paint`): a later shape
    # covers an earlier one, as if drawn one after the other.
    shapes: list[tuple[np.ndarray, np.ndarray, float, np.ndarray]] = []
    for fig, px, front, dim in projected:
        for (a, b), color in zip(fig.limbs, fig.limb_colors, strict=True):
            if not (front[a] and front[b]):
                continue
            factor = LIMB_BRIGHTNESS * (OCCLUDED_BRIGHTNESS if dim[a] or dim[b] else 1.0)
            shapes.append((px[a], px[b], stick, _scaled(color, factor)))
    for fig, px, front, dim in projected:
        for i, color in enumerate(fig.point_colors):
            inside = 0 <= px[i, 0] < width and 0 <= px[i, 1] < height
            if front[i] and inside:
                factor = OCCLUDED_BRIGHTNESS if dim[i] else 1.0
                shapes.append((px[i], px[i], -radius, _scaled(color, factor)))
    _paint(canvas, shapes)
    return canvas


#: Shapes whose box is at most this many pixels a side are painted in batches; larger ones
#: one by one (`_ellipse`, `_disc`).
_BATCH_BOX = 48
#: The box sides of the batches (a box is evaluated over the smallest class that holds it).
_SIZE_CLASSES = np.array([4, 6, 8, 10, 12, 16, 24, 32, _BATCH_BOX])


def _paint(canvas: np.ndarray, shapes: list[tuple[np.ndarray, np.ndarray, float, np.ndarray]],
           ) -> None:
    """Paint ``(p, q, size, colour)`` shapes in order — an ellipse on the segment p–q with
    semi-minor axis ``size`` (> 0), or a disc of radius ``-size`` at p (size < 0) — exactly as
    calling `_ellipse` / `_disc` on each in turn would (a crowd has thousands: one call each cost
    about 40 µs). Small shapes are tested in batches with the same float64 expressions, and each
    pixel takes the colour of the last shape that covers it; the big ones are then drawn in order
    over a canvas that holds, per pixel, the order of its writer."""
    if not shapes:
        return
    h, w = canvas.shape[:2]
    p = np.array([s[0] for s in shapes], np.float64)
    q = np.array([s[1] for s in shapes], np.float64)
    size = np.array([s[2] for s in shapes], np.float64)
    colors = np.array([s[3] for s in shapes], np.uint8)
    disc = size < 0
    # Per shape, as `_ellipse` / `_disc` compute them.
    centre = np.where(disc[:, None], p, (p + q) / 2.0)
    axis = q - p
    half_len = np.maximum(np.hypot(axis[:, 0], axis[:, 1]) / 2.0, 1e-9)
    direction = axis / (2.0 * half_len)[:, None]
    half_width = np.abs(size)
    reach = np.where(disc, half_width, half_len + half_width)
    c0 = np.maximum(0, np.floor(centre[:, 0] - reach)).astype(np.int64)
    c1 = np.minimum(w, np.ceil(centre[:, 0] + reach) + 1).astype(np.int64)
    r0 = np.maximum(0, np.floor(centre[:, 1] - reach)).astype(np.int64)
    r1 = np.minimum(h, np.ceil(centre[:, 1] + reach) + 1).astype(np.int64)
    live = (c1 > c0) & (r1 > r0)
    side = np.maximum(c1 - c0, r1 - r0)
    small = live & (side <= _BATCH_BOX)
    owner = np.full(h * w, -1, np.int64)  # the last small shape covering each pixel
    # Batches of one kind (disc or ellipse) and one box size class per side, so a batch
    # evaluates only its own test, over boxes close to its shapes' own (a keypoint disc's box
    # is about 9 px: a 16 px square would test three times the pixels).
    wclass = np.searchsorted(_SIZE_CLASSES, c1 - c0)
    hclass = np.searchsorted(_SIZE_CLASSES, r1 - r0)
    kind = (disc.astype(np.int64) * len(_SIZE_CLASSES) + wclass) * len(_SIZE_CLASSES) + hclass
    for key in np.unique(kind[small]).tolist():
        group = np.flatnonzero(small & (kind == key))
        is_disc = key >= len(_SIZE_CLASSES) ** 2
        lw = _SIZE_CLASSES[(key // len(_SIZE_CLASSES)) % len(_SIZE_CLASSES)]
        lh = _SIZE_CLASSES[key % len(_SIZE_CLASSES)]
        cols = c0[group][:, None, None] + np.arange(lw, dtype=np.int64)[None, None, :]
        rows = r0[group][:, None, None] + np.arange(lh, dtype=np.int64)[None, :, None]
        valid = (cols < c1[group][:, None, None]) & (rows < r1[group][:, None, None])
        xs = cols + 0.5 - centre[group, 0][:, None, None]
        ys = rows + 0.5 - centre[group, 1][:, None, None]
        hw = half_width[group][:, None, None]
        if is_disc:
            inside = valid & (xs**2 + ys**2 <= hw**2)
        else:
            d0 = direction[group, 0][:, None, None]
            d1 = direction[group, 1][:, None, None]
            along = xs * d0 + ys * d1
            across = -xs * d1 + ys * d0
            major = np.maximum(half_len[group], half_width[group])[:, None, None]
            inside = valid & ((along / major) ** 2 + (across / hw) ** 2 <= 1.0)
        k, rr, cc = np.nonzero(inside)
        pix = rows[k, rr, 0] * w + cols[k, 0, cc]
        np.maximum.at(owner, pix, group[k])
    big = np.flatnonzero(live & ~small)
    if len(big) == 0:
        hit = owner >= 0
        canvas.reshape(-1, 3)[hit] = colors[owner[hit]]
        return
    # Big shapes: drawn in order into the per-pixel order, over the small ones' (a later
    # index wins, whichever path drew it).
    order_canvas = owner.reshape(h, w)
    for i in big.tolist():
        if disc[i]:
            box = _disc_inside(p[i], float(half_width[i]), h, w)
        else:
            box = _ellipse_inside(p[i], q[i], float(half_width[i]), h, w)
        if box is not None:
            (r0_, r1_, c0_, c1_), inside = box
            region = order_canvas[r0_:r1_, c0_:c1_]
            region[inside] = np.maximum(region[inside], i)
    hit = owner >= 0
    canvas.reshape(-1, 3)[hit] = colors[owner[hit]]


@functools.lru_cache(maxsize=1024)
def _scaled(color: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """``color`` times ``factor``, rounded down (a few colours and factors: each computed once
    per process, not once per limb)."""
    r, g, b = np.floor(np.array(color, np.float64) * factor).astype(np.uint8).tolist()
    return r, g, b


def _occluded(  # type: ignore[no-untyped-def]
    px, z, front, depth, label, own: int
) -> np.ndarray:
    """Per point: in front of the camera, inside the image, and the raster at its pixel is
    another entity's surface nearer than the point by more than `OCCLUSION_M`."""
    h, w = depth.shape
    out = np.zeros(len(z), bool)
    # 0 <= floor(x) < w exactly when 0 <= x < w; tested before any conversion to int
    ok = front & (px[:, 0] >= 0) & (px[:, 0] < w) & (px[:, 1] >= 0) & (px[:, 1] < h)
    idx = np.flatnonzero(ok)
    c = np.floor(px[idx, 0]).astype(np.int64)
    r = np.floor(px[idx, 1]).astype(np.int64)
    d = depth[r, c]
    out[idx] = (d > 0) & (d < z[idx] - OCCLUSION_M) & (label[r, c] != own)
    return out


def _ellipse(canvas: np.ndarray, p: np.ndarray, q: np.ndarray, half_width: float,
             color: np.ndarray) -> None:
    """Fill the ellipse with the segment p–q as major axis and ``half_width`` as semi-minor axis
    (OpenPose's limb shape), clipped to the canvas."""
    box = _ellipse_inside(p, q, half_width, *canvas.shape[:2])
    if box is not None:
        (r0, r1, c0, c1), inside = box
        canvas[r0:r1, c0:c1][inside] = color


def _ellipse_inside(p: np.ndarray, q: np.ndarray, half_width: float, h: int,
                    w: int) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """The ellipse's clipped box (r0, r1, c0, c1) and which of its pixels it covers."""
    centre = (p + q) / 2.0
    axis = q - p
    half_len = max(float(np.hypot(*axis)) / 2.0, 1e-9)
    direction = axis / (2.0 * half_len)
    reach = half_len + half_width
    c0, c1 = int(max(0, np.floor(centre[0] - reach))), int(min(w, np.ceil(centre[0] + reach) + 1))
    r0, r1 = int(max(0, np.floor(centre[1] - reach))), int(min(h, np.ceil(centre[1] + reach) + 1))
    if c1 <= c0 or r1 <= r0:
        return None
    xs = np.arange(c0, c1) + 0.5 - centre[0]
    ys = np.arange(r0, r1)[:, None] + 0.5 - centre[1]
    along = xs * direction[0] + ys * direction[1]
    across = -xs * direction[1] + ys * direction[0]
    inside = (along / max(half_len, half_width)) ** 2 + (across / half_width) ** 2 <= 1.0
    return (r0, r1, c0, c1), inside


def _disc(canvas: np.ndarray, p: np.ndarray, radius: float, color: np.ndarray) -> None:
    box = _disc_inside(p, radius, *canvas.shape[:2])
    if box is not None:
        (r0, r1, c0, c1), inside = box
        canvas[r0:r1, c0:c1][inside] = color


def _disc_inside(p: np.ndarray, radius: float, h: int,
                 w: int) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    c0, c1 = int(max(0, np.floor(p[0] - radius))), int(min(w, np.ceil(p[0] + radius) + 1))
    r0, r1 = int(max(0, np.floor(p[1] - radius))), int(min(h, np.ceil(p[1] + radius) + 1))
    if c1 <= c0 or r1 <= r0:
        return None
    xs = np.arange(c0, c1) + 0.5 - p[0]
    ys = np.arange(r0, r1)[:, None] + 0.5 - p[1]
    return (r0, r1, c0, c1), xs**2 + ys**2 <= radius**2
