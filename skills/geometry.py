"""The solid geometry of a World as oriented boxes, and ray casts against it: the one geometry
kernel of Previz. The camera solver, the supervisor (`previz.agents.supervisor`) and the layout
solver (`previz.agents.layout`) all measure boxes, rays and overlap here, so they never disagree
about what is visible or colliding.

The camera solver needs to know what blocks a line of sight and where a camera must not go. At
this level of the system an entity's geometry is its white-box proxy, the same one the Blender
bridge builds (`previz.world.proxy`, shared by both), carried by the entity's evaluated world
matrix: the box of `asset.size` whose bottom centre is the entity origin, or for a `set` an open
room shell, so cameras and characters can stand inside it.

Everything is vectorised over boxes and segments with numpy (slab test in each box's own frame).
Scenes with more than `INDEX_MIN_BOXES` boxes get a spatial index (`BoxGrid`, a uniform grid of
cells over the boxes' world bounds), so a ray is tested exactly only against the boxes that share
a cell with it: the index only ever adds candidates, never drops a box a ray could touch, so the
answers are the same as testing every box (`tests/skills/test_geometry_index.py` checks this).

The API: `Boxes` (N boxes, vectorised) from `SceneBoxes` (a World's proxies at any frame),
`make_boxes` or `boxes_of` (a list of `Box`); `segments_hit`, `sight_blocked`, `points_inside`,
`ray_first_hit` and `grown` on them. One oriented `Box` at a time (`entity_box`,
`proxy_part_boxes`, `yaw_box`) with `penetration` (separating axes) for pairwise overlap, and
2D footprints (`rect_overlaps`, `rect_extent`) for the layout solver.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from previz.world import Entity, World
from previz.world.evaluate import transform_matrix
from previz.world.proxy import proxy_boxes
from previz.world.tracks import Curve

_EPS = 1e-9
INDEX_MIN_BOXES = 48  # below this, testing every box is as fast as looking any up
PAIRS_WITHOUT_INDEX = 4096  # box × query pairs worth testing directly
MAX_CELLS_PER_BOX = 64  # boxes spanning more cells (floors, long walls) are tested always
MAX_CELLS = 1 << 20  # cells in one grid
DENSE_PAIRS = 1 << 24  # query × box flags below which pairs are deduplicated without sorting
# Segments tested by `segments_hit` since import (reset it to measure): what the benchmark
# reports as "rays cast". A plain counter; nothing reads it to decide anything.
COUNTERS = {"segments": 0}

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

    @cached_property
    def index(self) -> BoxGrid:
        """The uniform-grid index of these boxes (built on first use, kept with them)."""
        return BoxGrid.build(self.lo, self.hi)

    @cached_property
    def rot(self) -> np.ndarray:
        """(N, 3, 3) world → local rotation (and scale), contiguous for per-pair gathers."""
        return np.ascontiguousarray(self.to_local[:, :3, :3])

    @cached_property
    def shift(self) -> np.ndarray:
        """(N, 3) world → local translation."""
        return np.ascontiguousarray(self.to_local[:, :3, 3])

    @cached_property
    def derived(self) -> dict:
        """Boxes derived from these (`grown`), kept so their index is built once."""
        return {}

    def subset(self, mask: np.ndarray) -> Boxes:
        idx = np.flatnonzero(mask)
        return Boxes(
            tuple(self.ids[i] for i in idx), self.to_local[idx], self.half[idx], self.lo[idx],
            self.hi[idx],
        )


@dataclass(frozen=True)
class BoxGrid:
    """A uniform grid over N world-axis bounds: which boxes overlap each occupied cell (sorted
    cell keys with CSR offsets into ``members``), plus the ``big`` boxes that span too many cells
    and are candidates for every query. Cells are boxes too: along each axis the median extent
    of the boxes (tall thin props get tall thin cells), grown evenly when that would make more
    than `MAX_CELLS` cells."""

    origin: np.ndarray  # (3,)
    cell: np.ndarray  # (3,) cell size per axis
    dims: np.ndarray  # (3,) cells per axis
    keys: np.ndarray  # (K,) sorted occupied cell keys
    start: np.ndarray  # (K + 1,) offsets into members
    members: np.ndarray  # box indices, grouped by cell
    big: np.ndarray  # box indices tested against everything
    count: int  # number of boxes
    lo: np.ndarray  # (N, 3) the boxes' world bounds (padded), for the pre-filter
    hi: np.ndarray

    @staticmethod
    def build(lo: np.ndarray, hi: np.ndarray) -> BoxGrid:
        n = len(lo)
        pad = 1e-6 * (1.0 + np.abs(lo).max(initial=0.0) + np.abs(hi).max(initial=0.0))
        lo, hi = lo - pad, hi + pad
        origin = lo.min(axis=0) if n else np.zeros(3)
        span = (hi.max(axis=0) - origin) if n else np.ones(3)
        cell = np.maximum(np.median(hi - lo, axis=0) if n else np.ones(3),
                          np.maximum(span, 1e-3) / 512.0)
        cells = float(np.prod(np.floor(span / cell) + 1))
        if cells > MAX_CELLS:
            cell = cell * (cells / MAX_CELLS) ** (1.0 / 3.0)
        dims = np.floor(span / cell).astype(np.int64) + 1
        clo, chi = _cells(origin, cell, dims, lo), _cells(origin, cell, dims, hi)
        extent = chi - clo + 1
        big = np.prod(extent, axis=1) > MAX_CELLS_PER_BOX
        small = np.flatnonzero(~big)
        box_of, keys = _enumerate(clo[small], extent[small], dims, small)
        order = np.argsort(keys, kind="stable")
        keys, members = keys[order], box_of[order]
        uniq, first = np.unique(keys, return_index=True)
        return BoxGrid(origin, cell, dims, uniq, np.append(first, len(keys)), members,
                       np.flatnonzero(big), n, lo, hi)

    def candidates(self, qlo: np.ndarray, qhi: np.ndarray,
                   owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(query, box) index pairs, unique and sorted, for every box sharing a cell with one
        of the query bounds ``qlo``/``qhi`` (Q, 3); ``owner`` maps bounds to query ids (a long
        segment is several bounds). Never misses a box whose bounds overlap a query's."""
        top = self.origin + self.dims * self.cell
        keep = np.all((qhi >= self.origin) & (qlo <= top), axis=1)
        qlo, qhi, owner = qlo[keep], qhi[keep], np.asarray(owner)[keep]
        clo = _cells(self.origin, self.cell, self.dims, qlo)
        extent = _cells(self.origin, self.cell, self.dims, qhi) - clo + 1
        p_of, keys = _enumerate(clo, extent, self.dims, np.arange(len(qlo)))
        pieces, boxes = self._gather(keys, p_of, len(qlo))
        # Sharing a cell is not overlapping: keep the pairs whose bounds do overlap.
        ok = np.all((self.lo[boxes] <= qhi[pieces]) & (self.hi[boxes] >= qlo[pieces]), axis=1)
        queries, boxes = owner[pieces[ok]], boxes[ok]
        n_queries = int(owner.max()) + 1 if len(owner) else 0
        if n_queries * self.count <= DENSE_PAIRS:
            # One flag per (query, box): duplicates collapse without a sort.
            seen = np.zeros(n_queries * self.count, bool)
            seen[queries.astype(np.int64) * self.count + boxes] = True
            pair = np.flatnonzero(seen)
        else:
            pair = np.unique(queries.astype(np.int64) * self.count + boxes)
        return pair // self.count, pair % self.count

    def _gather(self, keys: np.ndarray, owner: np.ndarray, n: int
                ) -> tuple[np.ndarray, np.ndarray]:
        """(query, box) candidate pairs: the members of each cell ``keys`` names (that cell's
        query is ``owner``; cells holding nothing are skipped), then every big box for each of
        the ``n`` queries."""
        pos = np.searchsorted(self.keys, keys)
        found = pos < len(self.keys)
        found[found] = self.keys[pos[found]] == keys[found]
        owner, pos = owner[found], pos[found]
        counts = self.start[pos + 1] - self.start[pos]
        # Concatenate the member ranges of every found cell without a Python loop.
        offsets = np.repeat(self.start[pos] - np.cumsum(counts) + counts, counts)
        boxes = self.members[offsets + np.arange(int(counts.sum()))]
        queries = np.repeat(owner, counts)
        if len(self.big):
            queries = np.concatenate([queries, np.repeat(np.arange(n), len(self.big))])
            boxes = np.concatenate([boxes, np.tile(self.big, n)])
        return queries, boxes

    def at_points(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(point, box) index pairs for every box whose bounds hold the point (and the big
        ones'): the one cell each point is in, so no pair comes twice and none is sorted out."""
        top = self.origin + self.dims * self.cell
        q = np.flatnonzero(np.all((points >= self.origin) & (points <= top), axis=1))
        c = _cells(self.origin, self.cell, self.dims, points[q])
        keys = (c[:, 0] * self.dims[1] + c[:, 1]) * self.dims[2] + c[:, 2]
        queries, boxes = self._gather(keys, q, len(points))
        ok = np.all((self.lo[boxes] <= points[queries]) & (self.hi[boxes] >= points[queries]),
                    axis=1)
        return queries[ok], boxes[ok]


def _cells(origin: np.ndarray, cell: np.ndarray, dims: np.ndarray,
           points: np.ndarray) -> np.ndarray:
    """Integer cell coordinates of points, clamped to the grid (so the answer is a superset)."""
    return np.clip(np.floor((points - origin) / cell).astype(np.int64), 0, dims - 1)


def _enumerate(clo: np.ndarray, extent: np.ndarray, dims: np.ndarray,
               owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every cell of every (clo, extent) block: (owner, linear cell key) pairs."""
    if len(clo) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    reach = extent.max(axis=0)
    offs = np.stack(np.meshgrid(*(np.arange(r) for r in reach), indexing="ij"),
                    axis=-1).reshape(-1, 3)
    valid = np.all(offs[None, :, :] < extent[:, None, :], axis=2)
    cells = clo[:, None, :] + offs[None, :, :]
    q, k = np.nonzero(valid)
    c = cells[q, k]
    return np.asarray(owner)[q], (c[:, 0] * dims[1] + c[:, 1]) * dims[2] + c[:, 2]


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


def make_boxes(ids: list[str], matrices: list[np.ndarray] | np.ndarray, sizes: list) -> Boxes:
    """Boxes of ``sizes`` (w, d, h) carried by entity ``matrices``: all at once, the same numbers
    as `box_matrix` and `box_corners` box by box (one stacked matmul of the same 4×4 products)."""
    if not len(ids):
        empty = np.zeros((0, 3))
        return Boxes((), np.zeros((0, 4, 4)), empty, empty, empty)
    m = np.asarray(matrices, float).reshape(-1, 4, 4)
    size = np.asarray(sizes, float).reshape(-1, 3)
    n = len(size)
    lift = np.broadcast_to(np.eye(4), (n, 4, 4)).copy()
    lift[:, 2, 3] = size[:, 2] / 2.0
    centre = np.matmul(m, lift)
    # The 8 corners in each box's entity frame, in `box_corners`' order (x, then y, then z).
    local = np.ones((n, 4, 8))
    for k, (i, j, z) in enumerate(itertools.product((0, 1), repeat=3)):
        local[:, 0, k] = size[:, 0] / 2 if i else -size[:, 0] / 2
        local[:, 1, k] = size[:, 1] / 2 if j else -size[:, 1] / 2
        local[:, 2, k] = size[:, 2] if z else 0.0
    corners = np.matmul(m, local)[:, :3, :]  # (N, 3, 8)
    return Boxes(tuple(ids), np.linalg.inv(centre), size / 2.0, corners.min(2), corners.max(2))


def _animated(world: World) -> set[str]:
    """Entities whose box can move: keyed transforms, or attached to something."""
    out = {r.subject for r in world.relations if r.type == "attached_to"}
    for e in world.entities:
        t = e.transform
        if any(isinstance(c, Curve) for c in (*t.location, *t.rotation, *t.scale)):
            out.add(e.id)
    return out


# Frames whose boxes a `SceneBoxes` keeps (the camera solver asks for the same few sampled
# frames for every candidate position; building them again was most of what it cost).
_FRAMES_KEPT = 512


class SceneBoxes:
    """The proxy boxes of a World's entities at any frame; static boxes are built once, moving
    ones once per frame asked (the World must not change while this is in use, as for the
    static boxes).

    ``exclude`` drops entities (the subject itself, what it carries)."""

    def __init__(self, world: World, exclude: Iterable[str] = (), frame: float = 1.0) -> None:
        self.world = world
        skip = set(exclude)
        self._moving = _animated(world)
        self._solid = [e for e in world.entities if e.id not in skip]
        self._entities = {e.id: e for e in self._solid}
        self._static = self._build([e.id for e in self._solid if e.id not in self._moving], frame)
        self._dynamic_ids = [e.id for e in self._solid if e.id in self._moving]
        self._frames: dict[float, Boxes] = {}

    def _build(self, ids: list[str], frame: float) -> Boxes:
        attached = {r.subject for r in self.world.relations if r.type == "attached_to"}
        state = self.world.evaluate(frame) if any(i in attached for i in ids) else None
        out_ids, mats, offsets, sizes = [], [], [], []
        for eid in ids:
            e = self._entities[eid]
            m = (state.entities[eid].matrix if state is not None
                 else transform_matrix(e.transform, frame))
            for offset, size in proxy_parts(e):
                out_ids.append(eid)
                mats.append(m)
                offsets.append(offset)
                sizes.append(size)
        if not out_ids:
            return make_boxes([], [], [])
        # Entity matrix @ part offset for every part in one stacked matmul (the same products).
        return make_boxes(out_ids, np.matmul(np.stack(mats), np.stack(offsets)), sizes)

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
        kept = self._frames.get(frame)
        if kept is not None:
            return kept
        dyn = self._build(self._dynamic_ids, frame)
        boxes = Boxes(
            self._static.ids + dyn.ids,
            np.concatenate([self._static.to_local, dyn.to_local]),
            np.concatenate([self._static.half, dyn.half]),
            np.concatenate([self._static.lo, dyn.lo]),
            np.concatenate([self._static.hi, dyn.hi]),
        )
        if len(self._frames) >= _FRAMES_KEPT:
            self._frames.clear()
        self._frames[frame] = boxes
        return boxes


def _local(boxes: Boxes, points: np.ndarray) -> np.ndarray:
    """Points (M, 3) in every box frame: (N, M, 3)."""
    rot = boxes.to_local[:, :3, :3]
    return np.einsum("nij,mj->nmi", rot, points) + boxes.to_local[:, None, :3, 3]


def _rotate(rot: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Row-wise rot[k] @ v[k] for K pairs, written out so every path rounds alike."""
    return rot[:, :, 0] * v[:, 0:1] + rot[:, :, 1] * v[:, 1:2] + rot[:, :, 2] * v[:, 2:3]


def _pairs_inside(boxes: Boxes, bi: np.ndarray, points: np.ndarray, pi: np.ndarray,
                  margin: float) -> np.ndarray:
    """Exact test for (box bi[k], point pi[k]) pairs: within the box grown by ``margin`` world
    metres along each of its own axes."""
    rot = boxes.rot[bi]
    scale = np.linalg.norm(rot, axis=2)  # local units per world metre
    local = _rotate(rot, points[pi]) + boxes.shift[bi]
    return np.all(np.abs(local) <= boxes.half[bi] + margin * scale, axis=1)


def _pairs_hit(boxes: Boxes, bi: np.ndarray, starts: np.ndarray, ends: np.ndarray,
               si: np.ndarray) -> np.ndarray:
    """Exact slab test for (box bi[k], segment si[k]) pairs; touching a face is a hit."""
    rot = boxes.rot[bi]
    o = _rotate(rot, starts[si]) + boxes.shift[bi]
    d = _rotate(rot, ends[si] - starts[si])
    h = boxes.half[bi]
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = 1.0 / np.where(np.abs(d) < _EPS, _EPS, d)
        t1 = (-h - o) * inv
        t2 = (h - o) * inv
    tmin = np.minimum(t1, t2).max(axis=1)
    tmax = np.maximum(t1, t2).min(axis=1)
    return (tmax >= np.maximum(tmin, 0.0)) & (tmin <= 1.0)


def _all_pairs(n: int | np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (box, query) pair: of all n boxes, or of the box indices given."""
    rows = np.arange(n) if np.isscalar(n) else np.asarray(n)
    return np.repeat(rows, m), np.tile(np.arange(m), len(rows))


def _near(boxes: Boxes, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Indices of the boxes whose bounds overlap the bounds of a whole query batch."""
    return np.flatnonzero(np.all((boxes.lo <= hi) & (boxes.hi >= lo), axis=1))


def _use_index(boxes: Boxes, index: bool | None, near: np.ndarray, m: int) -> bool:
    """The grid pays off when the batch's bounds leave many boxes × queries to test (queries
    spread over the scene); one eye's rays to one subject are cheaper tested in one block."""
    if index is not None:
        return index
    return len(boxes) >= INDEX_MIN_BOXES and len(near) * m > PAIRS_WITHOUT_INDEX


def _reach_index(boxes: Boxes, reach: float) -> BoxGrid:
    """The grid of ``boxes``' world bounds grown by ``reach`` (built once per reach, kept)."""
    if reach == 0.0:
        return boxes.index
    key = ("reach index", float(reach))
    if key not in boxes.derived:
        boxes.derived[key] = BoxGrid.build(boxes.lo - reach, boxes.hi + reach)
    return boxes.derived[key]


def points_inside(boxes: Boxes, points: np.ndarray, margin: float = 0.0,
                  index: bool | None = None) -> np.ndarray:
    """(N, M) bool: point m lies within box n grown by ``margin`` metres on every side.

    The margin is in world metres only for unscaled entities; scaled ones get it in local units
    divided by their scale, which is what `to_local` does to lengths. ``index`` None uses the
    spatial index for large scenes and spread queries; True forces it, False tests every box
    (the answers are the same). A negative margin shrinks the boxes (inside by that much)."""
    points = np.atleast_2d(np.asarray(points, float))
    out = np.zeros((len(boxes), len(points)), bool)
    bi, pi = _inside_pairs(boxes, points, margin, index)
    out[bi, pi] = True
    return out


def inside_any(boxes: Boxes, points: np.ndarray, margin: float = 0.0,
               index: bool | None = None) -> np.ndarray:
    """(M,) bool: point m lies within some box grown by ``margin`` — `points_inside` ``.any(0)``
    without the boxes × points matrix (4 MB for a thousand boxes and 4,096 candidate eyes)."""
    points = np.atleast_2d(np.asarray(points, float))
    out = np.zeros(len(points), bool)
    out[_inside_pairs(boxes, points, margin, index)[1]] = True
    return out


def _inside_pairs(boxes: Boxes, points: np.ndarray, margin: float,
                  index: bool | None) -> tuple[np.ndarray, np.ndarray]:
    """The (box, point) pairs of `points_inside` that are inside."""
    if len(boxes) == 0 or len(points) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # A box grown by m along its own axes reaches at most m·√3 beyond its world bounds; one
    # shrunk (m < 0) stays within them.
    reach = max(margin, 0.0) * math.sqrt(3.0)
    near = _near(boxes, points.min(0) - reach, points.max(0) + reach)
    if _use_index(boxes, index, near, len(points)):
        # A grid over the bounds grown by the reach: each point looks up the one cell it is in
        # (not the 2 × 2 × 2 its reach box spans) and finds the same boxes.
        pi, bi = _reach_index(boxes, reach).at_points(points)
    else:
        bi, pi = _all_pairs(len(boxes) if index is False else near, len(points))
    hit = _pairs_inside(boxes, bi, points, pi, margin)
    return bi[hit], pi[hit]


def segments_hit(
    boxes: Boxes, starts: np.ndarray, ends: np.ndarray, return_which: bool = False,
    index: bool | None = None,
) -> np.ndarray:
    """Which segments ``starts[m] → ends[m]`` pass through any box: (M,) bool, or the (N, M)
    matrix with ``return_which``. Touching a face counts as a hit. ``index`` None uses the
    spatial index for large scenes and spread segments; True forces it, False tests every box
    (the answers are the same)."""
    starts = np.atleast_2d(np.asarray(starts, float))
    ends = np.atleast_2d(np.asarray(ends, float))
    m = len(starts)
    COUNTERS["segments"] += m
    if len(boxes) == 0 or m == 0:
        return np.zeros((len(boxes), m), bool) if return_which else np.zeros(m, bool)
    near = _near(boxes, np.minimum(starts, ends).min(0), np.maximum(starts, ends).max(0))
    if _use_index(boxes, index, near, m):
        # Cut each segment into pieces no longer than a cell along any axis: a piece's bounds
        # then cover at most 2 cells per axis, and the pieces' bounds cover the segment.
        grid = boxes.index
        pieces = np.maximum(1, np.ceil(np.abs(ends - starts) / grid.cell).max(axis=1))
        pieces = pieces.astype(np.int64)
        owner = np.repeat(np.arange(m), pieces)
        k = np.arange(len(owner)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        step = (ends - starts)[owner] / pieces[owner, None]
        p0 = starts[owner] + step * k[:, None]
        p1 = np.where((k + 1 == pieces[owner])[:, None], ends[owner], p0 + step)
        pad = 1e-6 * (1.0 + np.abs(p0) + np.abs(p1))
        si, bi = grid.candidates(np.minimum(p0, p1) - pad, np.maximum(p0, p1) + pad, owner)
    else:
        bi, si = _all_pairs(len(boxes) if index is False else near, m)
    hit = _pairs_hit(boxes, bi, starts, ends, si)
    if not return_which:
        out = np.zeros(m, bool)
        out[si[hit]] = True
        return out
    hits = np.zeros((len(boxes), m), bool)
    hits[bi[hit], si[hit]] = True
    return hits


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
    key = ("grown", float(margin))
    if key not in boxes.derived:
        scale = np.linalg.norm(boxes.rot, axis=2)
        grow = margin * scale * np.array([1.0, 1.0, 0.0])
        # World bounds grow by the reach of the local x and y axes (a tilted box's sideways
        # growth has a vertical part), so culling and the index stay conservative.
        unit = boxes.rot / scale[:, :, None]  # rows: the box's unit axes in world
        reach = margin * (np.abs(unit[:, 0]) + np.abs(unit[:, 1]))
        boxes.derived[key] = Boxes(boxes.ids, boxes.to_local, boxes.half + grow,
                                   boxes.lo - reach, boxes.hi + reach)
    return boxes.derived[key]


# --- One oriented box at a time, and 2D footprints ------------------------------------------
# The supervisor measures pairs of boxes (penetration, support, relations) and the layout
# solver places footprints one at a time; both use the same boxes as the vectorised tests
# above (`boxes_of` turns a list of `Box` into `Boxes`), so what the supervisor calls occluded
# is what the camera solver calls blocked. Overlap between two oriented boxes is the
# separating-axis test (15 axes in 3D, 4 in 2D); the penetration depth is the smallest overlap
# along those axes — how far one box must move to stop touching the other.

_SIGNS = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)], float)


@dataclass(frozen=True)
class Box:
    """An oriented box: centre (3,), unit axes as the columns of a 3×3, half extents (3,)."""

    center: np.ndarray
    axes: np.ndarray
    half: np.ndarray

    def corners(self) -> np.ndarray:
        return self.center + (_SIGNS * self.half) @ self.axes.T

    def aabb(self) -> tuple[np.ndarray, np.ndarray]:
        ext = np.abs(self.axes) @ self.half
        return self.center - ext, self.center + ext

    def contains(self, point: np.ndarray, margin: float = 0.0) -> bool:
        local = (np.asarray(point, float) - self.center) @ self.axes
        return bool(np.all(np.abs(local) < self.half - margin))


def _unit_axes(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The linear part of ``matrix``, its column scales (never 0) and its unit axes."""
    lin = np.asarray(matrix, float)[:3, :3]
    scale = np.linalg.norm(lin, axis=0)
    scale = np.where(scale > 1e-12, scale, 1e-12)
    return lin, scale, lin / scale


def entity_box(matrix: np.ndarray, size: tuple[float, float, float]) -> Box:
    """The world box of an entity with ``size`` whose origin (bottom centre) has ``matrix``."""
    m = np.asarray(matrix, float)
    lin, scale, axes = _unit_axes(m)
    half = np.abs(np.asarray(size, float) * scale) / 2.0
    center = m[:3, 3] + lin @ np.array([0.0, 0.0, size[2] / 2.0])
    return Box(center, axes, half)


def proxy_part_boxes(entity: Entity, matrix: np.ndarray) -> list[Box]:
    """The world boxes of the entity's white-box proxy (`previz.world.proxy.proxy_boxes`) under
    ``matrix``: one box for a prop, character or animal, the floor slab and four walls for a
    set. Using the shared proxy means the supervisor checks the geometry that is rendered (a
    ``grass`` ground set is a slab to stand on, not a solid block everyone is inside)."""
    m = np.asarray(matrix, float)
    lin, scale, axes = _unit_axes(m)
    out = []
    for lo, hi in proxy_boxes(entity):
        lo_, hi_ = np.asarray(lo, float), np.asarray(hi, float)
        center = m[:3, 3] + lin @ ((lo_ + hi_) / 2.0)
        out.append(Box(center, axes, np.abs((hi_ - lo_) * scale) / 2.0))
    return out


def yaw_box(x: float, y: float, z: float, yaw: float, size: tuple[float, float, float]) -> Box:
    """The box of ``size`` standing at (x, y, z) (bottom centre), turned by ``yaw`` about +Z."""
    c, s = math.cos(yaw), math.sin(yaw)
    axes = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    return Box(np.array([x, y, z + size[2] / 2.0]), axes, np.asarray(size, float) / 2.0)


def boxes_of(boxes: Iterable[Box], ids: Iterable[str] | None = None) -> Boxes:
    """The vectorised form of oriented boxes, for `segments_hit`, `points_inside` and
    `sight_blocked`: each box's frame is its unit axes about its centre (exact, no inverse)."""
    boxes = list(boxes)
    names = tuple(ids) if ids is not None else tuple(str(i) for i in range(len(boxes)))
    if not boxes:
        empty = np.zeros((0, 3))
        return Boxes(names, np.zeros((0, 4, 4)), empty, empty, empty)
    rot = np.stack([b.axes.T for b in boxes])
    to_local = np.zeros((len(boxes), 4, 4))
    to_local[:, :3, :3] = rot
    to_local[:, :3, 3] = -np.einsum("nij,nj->ni", rot, np.stack([b.center for b in boxes]))
    to_local[:, 3, 3] = 1.0
    bounds = [b.aabb() for b in boxes]
    return Boxes(names, to_local, np.stack([b.half for b in boxes]).astype(float),
                 np.stack([lo for lo, _ in bounds]), np.stack([hi for _, hi in bounds]))


def sight_blocked(boxes: Boxes, eye: np.ndarray, points: np.ndarray,
                  reach: float = 1.0) -> np.ndarray:
    """(M,) bool: the line of sight from ``eye`` to ``points[m]`` enters a box within the first
    ``reach`` of its length. A ``reach`` below 1 forgives a box that only touches the far end
    (a subject's sample point on its own face, a foot on the floor it stands on)."""
    points = np.atleast_2d(np.asarray(points, float))
    eye = np.asarray(eye, float)
    ends = eye + (points - eye) * reach
    return segments_hit(boxes, np.broadcast_to(eye, ends.shape), ends)


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


def aabb_pairs(lo: np.ndarray, hi: np.ndarray, tol: float = 0.0,
               limit: int | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """Index pairs ``(i, j)``, ``i < j``, of the axis-aligned bounds ``lo``/``hi`` (N, 3) that
    overlap by more than ``tol`` on every axis, sorted by (i, j): sort-and-sweep along x, so
    10,000 scattered boxes cost milliseconds where the all-pairs matrix costs a gigabyte. With
    ``limit``, the sweep stops once that many pairs are found (the third value says whether it
    stopped early): 2,000 boxes in one place overlap in two million pairs."""
    n = len(lo)
    empty = np.zeros(0, np.int64)
    if n < 2:
        return empty, empty, False
    order = np.argsort(lo[:, 0], kind="stable")
    slo, shi = lo[order], hi[order]
    # Sorted by their x start, box k can only overlap the boxes after it whose x start is
    # below its x end.
    ends = np.searchsorted(slo[:, 0], shi[:, 0] - tol, side="left")
    counts = np.maximum(ends - np.arange(n) - 1, 0)
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    found, truncated, start = 0, False, 0
    chunk = 1_000_000
    while start < n:
        # As many sweep rows as give about `chunk` candidates (at least one row).
        stop = int(np.searchsorted(np.cumsum(counts[start:]), chunk, side="right")) + start + 1
        stop = min(max(stop, start + 1), n)
        rows = np.arange(start, stop)
        c = counts[start:stop]
        ii = np.repeat(rows, c)
        jj = ii + 1 + (np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c))
        ok = np.all((slo[jj] < shi[ii] - tol) & (slo[ii] < shi[jj] - tol), axis=1)
        a, b = order[ii[ok]], order[jj[ok]]
        found_i.append(np.minimum(a, b))
        found_j.append(np.maximum(a, b))
        found += int(ok.sum())
        start = stop
        if limit is not None and found >= limit:
            truncated = start < n
            break
    i = np.concatenate(found_i) if found_i else empty
    j = np.concatenate(found_j) if found_j else empty
    key = np.lexsort((j, i))
    i, j = i[key], j[key]
    if limit is not None and len(i) > limit:
        i, j, truncated = i[:limit], j[:limit], True
    return i, j, truncated


def penetrations(centers: np.ndarray, axes: np.ndarray, halves: np.ndarray,
                 i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """`penetration` of many box pairs at once: boxes ``centers`` (N, 3), ``axes`` (N, 3, 3,
    unit axes as columns), ``halves`` (N, 3); pairs ``(i[k], j[k])``. Same separating-axis
    test, vectorised over the pairs (to rounding)."""
    out = np.zeros(len(i))
    step = 200_000
    for s in range(0, len(i), step):
        a, b = i[s:s + step], j[s:s + step]
        aa, ab, ha, hb = axes[a], axes[b], halves[a], halves[b]
        d = centers[b] - centers[a]
        cands = [aa[:, :, k] for k in range(3)] + [ab[:, :, k] for k in range(3)]
        for p in range(3):
            for q in range(3):
                cross = np.cross(aa[:, :, p], ab[:, :, q])
                norm = np.linalg.norm(cross, axis=1, keepdims=True)
                cands.append(np.where(norm > 1e-9, cross / np.where(norm > 1e-9, norm, 1.0),
                                      np.nan))
        best = np.full(len(a), np.inf)
        apart = np.zeros(len(a), bool)
        for ax in cands:
            valid = ~np.isnan(ax[:, 0])
            ax = np.where(valid[:, None], ax, 0.0)
            ra = np.sum(ha * np.abs(np.einsum("pij,pi->pj", aa, ax)), axis=1)
            rb = np.sum(hb * np.abs(np.einsum("pij,pi->pj", ab, ax)), axis=1)
            overlap = ra + rb - np.abs(np.sum(d * ax, axis=1))
            apart |= valid & (overlap <= 0.0)
            best = np.where(valid, np.minimum(best, overlap), best)
        out[s:s + step] = np.where(apart, 0.0, best)
    return out


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
