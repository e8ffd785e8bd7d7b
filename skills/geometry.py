"""The solid geometry of a World as oriented boxes, and ray casts against it.

The camera solver needs to know what blocks a line of sight and where a camera must not go. At
this level of the system an entity's geometry is its white-box proxy, the same one the Blender
bridge builds (`previz.world.proxy`, shared by both), carried by the entity's evaluated world
matrix: the box of `asset.size` whose bottom centre is the entity origin, or for a `set` an open
room shell, so cameras and characters can stand inside it.

Everything is vectorised over boxes and segments with numpy (slab test in each box's own frame),
so a thousand boxes times a few hundred rays per frame is a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from previz.world import World
from previz.world.evaluate import transform_matrix
from previz.world.proxy import proxy_boxes
from previz.world.tracks import Curve

_EPS = 1e-9

def proxy_parts(entity) -> list[tuple[np.ndarray, tuple[float, float, float]]]:  # type: ignore[no-untyped-def]
    """The solid boxes of an entity's proxy (`previz.world.proxy`) in its own frame: (4×4 offset,
    size) pairs, each box with its bottom centre at the offset's origin."""
    parts = []
    for lo, hi in proxy_boxes(entity):
        m = np.eye(4)
        m[:3, 3] = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2])
        parts.append((m, (hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2])))
    return parts


@dataclass(frozen=True)
class Boxes:
    """N oriented boxes: ``to_local[i]`` maps world points into box i's frame, where the box is
    ``[-half[i], +half[i]]``; ``lo``/``hi`` bound each box in world axes (for quick culling)."""

    ids: tuple[str, ...]
    to_local: np.ndarray  # (N, 4, 4)
    half: np.ndarray  # (N, 3)
    lo: np.ndarray  # (N, 3)
    hi: np.ndarray  # (N, 3)

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, mask: np.ndarray) -> Boxes:
        idx = np.flatnonzero(mask)
        return Boxes(
            tuple(self.ids[i] for i in idx), self.to_local[idx], self.half[idx], self.lo[idx],
            self.hi[idx],
        )


def box_matrix(matrix: np.ndarray, size: tuple[float, float, float]) -> np.ndarray:
    """World matrix of the box centre: the entity matrix moved up by half the height."""
    lift = np.eye(4)
    lift[2, 3] = size[2] / 2.0
    return matrix @ lift


def box_corners(matrix: np.ndarray, size: tuple[float, float, float]) -> np.ndarray:
    """The 8 world-space corners of the box of ``size`` carried by entity ``matrix``."""
    w, d, h = size
    local = np.array(
        [[x, y, z, 1.0] for x in (-w / 2, w / 2) for y in (-d / 2, d / 2) for z in (0.0, h)]
    )
    return (matrix @ local.T).T[:, :3]


def make_boxes(ids: list[str], matrices: list[np.ndarray], sizes: list) -> Boxes:
    if not ids:
        empty = np.zeros((0, 3))
        return Boxes((), np.zeros((0, 4, 4)), empty, empty, empty)
    centre = np.stack([box_matrix(m, s) for m, s in zip(matrices, sizes, strict=True)])
    half = np.asarray(sizes, float) / 2.0
    corners = np.stack([box_corners(m, s) for m, s in zip(matrices, sizes, strict=True)])
    return Boxes(tuple(ids), np.linalg.inv(centre), half, corners.min(1), corners.max(1))


def _animated(world: World) -> set[str]:
    """Entities whose box can move: keyed transforms, or attached to something."""
    out = {r.subject for r in world.relations if r.type == "attached_to"}
    for e in world.entities:
        t = e.transform
        if any(isinstance(c, Curve) for c in (*t.location, *t.rotation, *t.scale)):
            out.add(e.id)
    return out


class SceneBoxes:
    """The proxy boxes of a World's entities at any frame; static boxes are built once.

    ``exclude`` drops entities (the subject itself, what it carries)."""

    def __init__(self, world: World, exclude: Iterable[str] = (), frame: float = 1.0) -> None:
        self.world = world
        skip = set(exclude)
        self._moving = _animated(world)
        self._solid = [e for e in world.entities if e.id not in skip]
        self._static = self._build([e.id for e in self._solid if e.id not in self._moving], frame)
        self._dynamic_ids = [e.id for e in self._solid if e.id in self._moving]

    def _build(self, ids: list[str], frame: float) -> Boxes:
        attached = {r.subject for r in self.world.relations if r.type == "attached_to"}
        state = self.world.evaluate(frame) if any(i in attached for i in ids) else None
        out_ids, mats, sizes = [], [], []
        for eid in ids:
            e = self.world.entity(eid)
            m = (state.entities[eid].matrix if state is not None
                 else transform_matrix(e.transform, frame))
            for offset, size in proxy_parts(e):
                out_ids.append(eid)
                mats.append(m @ offset)
                sizes.append(size)
        return make_boxes(out_ids, mats, sizes)

    @property
    def static(self) -> bool:
        """True when no box moves, so one `Boxes` serves every frame."""
        return not self._dynamic_ids

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self._solid]

    def at(self, frame: float) -> Boxes:
        if not self._dynamic_ids:
            return self._static
        dyn = self._build(self._dynamic_ids, frame)
        return Boxes(
            self._static.ids + dyn.ids,
            np.concatenate([self._static.to_local, dyn.to_local]),
            np.concatenate([self._static.half, dyn.half]),
            np.concatenate([self._static.lo, dyn.lo]),
            np.concatenate([self._static.hi, dyn.hi]),
        )


def _local(boxes: Boxes, points: np.ndarray) -> np.ndarray:
    """Points (M, 3) in every box frame: (N, M, 3)."""
    rot = boxes.to_local[:, :3, :3]
    return np.einsum("nij,mj->nmi", rot, points) + boxes.to_local[:, None, :3, 3]


def points_inside(boxes: Boxes, points: np.ndarray, margin: float = 0.0) -> np.ndarray:
    """(N, M) bool: point m lies within box n grown by ``margin`` metres on every side.

    The margin is in world metres only for unscaled entities; scaled ones get it in local units
    divided by their scale, which is what `to_local` does to lengths."""
    points = np.atleast_2d(np.asarray(points, float))
    if len(boxes) == 0:
        return np.zeros((0, len(points)), bool)
    # Cheap world-axis bounds first (against all the points' bounds, then each point); the
    # exact test only for boxes near some point.
    out = np.zeros((len(boxes), len(points)), bool)
    rows = np.all((boxes.lo - margin <= points.max(0)) & (boxes.hi + margin >= points.min(0)),
                  axis=1)
    if not rows.any():
        return out
    idx = np.flatnonzero(rows)
    near = np.all((boxes.lo[idx, None] - margin <= points[None]) &
                  (points[None] <= boxes.hi[idx, None] + margin), axis=2)
    rows = np.zeros(len(boxes), bool)
    rows[idx[near.any(axis=1)]] = True
    if not rows.any():
        return out
    sub = boxes.subset(rows)
    scale = np.linalg.norm(sub.to_local[:, :3, :3], axis=2)  # local units per world metre
    local = _local(sub, points)
    out[rows] = np.all(np.abs(local) <= sub.half[:, None, :] + margin * scale[:, None, :], axis=2)
    return out


def segments_hit(
    boxes: Boxes, starts: np.ndarray, ends: np.ndarray, return_which: bool = False
) -> np.ndarray:
    """Which segments ``starts[m] → ends[m]`` pass through any box: (M,) bool, or the (N, M)
    matrix with ``return_which``. Touching a face counts as a hit."""
    starts = np.atleast_2d(np.asarray(starts, float))
    ends = np.atleast_2d(np.asarray(ends, float))
    m = len(starts)
    if len(boxes) == 0:
        return np.zeros((0, m), bool) if return_which else np.zeros(m, bool)
    # Cull by world-axis bounds of the segments as a whole before the exact test.
    seg_lo = np.minimum(starts, ends).min(0)
    seg_hi = np.maximum(starts, ends).max(0)
    near = np.all((boxes.lo <= seg_hi) & (boxes.hi >= seg_lo), axis=1)
    hits = np.zeros((len(boxes), m), bool)
    if near.any():
        sub = boxes.subset(near)
        o = _local(sub, starts)
        d = np.einsum("nij,mj->nmi", sub.to_local[:, :3, :3], ends - starts)
        h = sub.half[:, None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            inv = 1.0 / np.where(np.abs(d) < _EPS, _EPS, d)
            t1 = (-h - o) * inv
            t2 = (h - o) * inv
        tmin = np.minimum(t1, t2).max(axis=2)
        tmax = np.maximum(t1, t2).min(axis=2)
        hits[near] = (tmax >= np.maximum(tmin, 0.0)) & (tmin <= 1.0)
    return hits if return_which else hits.any(axis=0)


def ray_first_hit(boxes: Boxes, origin: np.ndarray, direction: np.ndarray) -> float:
    """Distance along a unit ``direction`` to the first box face from ``origin`` (inf if none)."""
    if len(boxes) == 0:
        return float("inf")
    o = _local(boxes, np.atleast_2d(origin))[:, 0]
    d = boxes.to_local[:, :3, :3] @ np.asarray(direction, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / np.where(np.abs(d) < _EPS, _EPS, d)
        t1 = (-boxes.half - o) * inv
        t2 = (boxes.half - o) * inv
    tmin = np.minimum(t1, t2).max(axis=1)
    tmax = np.maximum(t1, t2).min(axis=1)
    ok = (tmax >= np.maximum(tmin, 0.0))
    if not ok.any():
        return float("inf")
    return float(np.maximum(tmin[ok], 0.0).min())


def grown(boxes: Boxes, margin: float) -> Boxes:
    """The same boxes grown by ``margin`` world metres sideways (their local x and y): room to
    spare round pillars and walls, without lifting floors over the feet standing on them."""
    if len(boxes) == 0 or margin == 0.0:
        return boxes
    scale = np.linalg.norm(boxes.to_local[:, :3, :3], axis=2)
    grow = margin * scale * np.array([1.0, 1.0, 0.0])
    return Boxes(boxes.ids, boxes.to_local, boxes.half + grow,
                 boxes.lo - margin, boxes.hi + margin)
