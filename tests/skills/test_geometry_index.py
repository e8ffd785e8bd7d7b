"""The spatial index of `previz.skills.geometry` changes speed, never answers: ray casts and
inside tests with the grid equal testing every box, on seeded cluttered scenes with rotated,
scaled, tall, flat and room-sized boxes and on rays that graze faces and run along axes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.skills.geometry import (
    MAX_CELLS_PER_BOX,
    SceneBoxes,
    grown,
    inside_any,
    points_inside,
    segments_hit,
)
from previz.world import World


def _scene(seed: int, n: int) -> World:
    rng = np.random.default_rng(seed)
    ents = [{"id": "yard", "kind": "set", "semantic_class": "grass",
             "asset": {"size": [40, 30, 3]}}]  # floor slab and walls: boxes spanning many cells
    for i in range(n):
        size = [*rng.uniform(0.2, 2.0, 2).tolist(), float(rng.uniform(0.05, 5.0))]
        ents.append({"id": f"p{i}", "kind": "prop", "asset": {"size": size},
                     "transform": {"location": [*rng.uniform(-19, 19, 2).tolist(),
                                                float(rng.uniform(0, 1))],
                                   "rotation": rng.uniform(-math.pi, math.pi, 3).tolist(),
                                   "scale": rng.uniform(0.5, 2.0, 3).tolist()}})
    return World.model_validate({"entities": ents})


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_indexed_ray_casts_equal_brute_force(seed):
    rng = np.random.default_rng(100 + seed)
    boxes = SceneBoxes(_scene(seed, 400)).at(1)
    assert len(boxes.index.big) > 0  # the set's floor is tested against every ray
    assert len(boxes.index.members) > 0 and (np.diff(boxes.index.start) > 0).all()
    starts = rng.uniform([-22, -17, -0.5], [22, 17, 6], (3000, 3))
    ends = starts + rng.normal(0, 6, (3000, 3))
    ends[:200] = starts[:200] + np.array([8.0, 0.0, 0.0])  # along an axis
    ends[200:300] = starts[200:300]  # zero length
    ends[300:400, 2] = starts[300:400, 2] = 0.0  # grazing the floor's top face
    ends[400:450] = starts[400:450] + rng.normal(0, 60, (50, 3))  # long, leaving the grid
    for b in (boxes, grown(boxes, 0.3)):
        brute = segments_hit(b, starts, ends, return_which=True, index=False)
        fast = segments_hit(b, starts, ends, return_which=True, index=True)
        assert brute.any() and not brute.all()
        np.testing.assert_array_equal(fast, brute)
        np.testing.assert_array_equal(segments_hit(b, starts, ends), brute.any(axis=0))


@pytest.mark.parametrize("margin", [0.0, 0.25, 2.0, -0.05])
def test_indexed_inside_equals_brute_force(margin):
    """Grown boxes (the margin round a candidate eye) and shrunk ones (a point well inside) alike;
    `inside_any` is the same answer per point."""
    rng = np.random.default_rng(7)
    boxes = SceneBoxes(_scene(3, 400)).at(1)
    points = rng.uniform([-22, -17, -0.5], [22, 17, 6], (4000, 3))
    brute = points_inside(boxes, points, margin, index=False)
    fast = points_inside(boxes, points, margin, index=True)
    assert brute.any()
    np.testing.assert_array_equal(fast, brute)
    np.testing.assert_array_equal(points_inside(boxes, points, margin), brute)
    np.testing.assert_array_equal(inside_any(boxes, points, margin, index=True), brute.any(0))
    np.testing.assert_array_equal(inside_any(boxes, points, margin), brute.any(0))


def test_index_keeps_cells_small():
    boxes = SceneBoxes(_scene(4, 600)).at(1)
    grid = boxes.index
    per_cell = np.diff(grid.start)
    assert per_cell.mean() < 12  # a ray meets a handful of boxes, not the scene
    extent = np.floor((boxes.hi - grid.origin) / grid.cell) - np.floor(
        (boxes.lo - grid.origin) / grid.cell) + 1
    assert set(np.flatnonzero(np.prod(extent, axis=1) > MAX_CELLS_PER_BOX)) <= \
        set(grid.big.tolist())


def test_batched_offset_search_equals_frame_by_frame():
    """The solver's dynamic-programming step tests many frames' offset eyes in one ray batch
    in a static scene; the answer is the one frame-by-frame testing gives."""
    from previz.skills.camera.solver import _Frame, _grid_clear, _offset_grid

    rng = np.random.default_rng(11)
    boxes = grown(SceneBoxes(_scene(5, 300)).at(1), 0.3)
    grid, _ = _offset_grid(150.0, 10.0)
    state, wanted = [], []
    for f in range(20):
        pivot = np.array([f * 0.5 - 5.0, 0.0, 1.0])
        points = pivot + np.array([[0.0, 0.0, -0.6], [0.0, 0.0, 0.0], [0.0, 0.0, 0.6]])
        state.append(_Frame(f + 1, pivot, np.zeros(3), 35.0, pivot, points, (0.5, 0.5)))
        wanted.append(pivot + np.array([0.0, -3.0, 0.4]) + rng.normal(0, 0.2, 3))
    wanted = np.array(wanted)
    frames_boxes = [boxes] * 20
    batched = _grid_clear(state, wanted, grid, frames_boxes, 2, 19, 0.3, True)
    single = _grid_clear(state, wanted, grid, frames_boxes, 2, 19, 0.3, False)
    assert batched.shape == (17, len(grid)) and batched.any() and not batched.all()
    np.testing.assert_array_equal(batched, single)


@pytest.mark.parametrize("static", [True, False])
def test_offset_search_reuses_blocked_eyes_from_a_smaller_clearance(static):
    """The solver retries with more clearance; offset eyes found blocked at a smaller one are
    not tested again (grown boxes contain the smaller ones). The answer equals a fresh test,
    with fewer rays."""
    from previz.skills import geometry
    from previz.skills.camera.solver import _Frame, _grid_clear, _offset_grid

    rng = np.random.default_rng(5)
    raw = SceneBoxes(_scene(6, 300)).at(1)
    grid, _ = _offset_grid(150.0, 10.0)
    state, wanted = [], []
    for f in range(12):
        pivot = np.array([f * 0.5 - 3.0, 0.0, 1.0])
        points = pivot + np.array([[0.0, 0.0, -0.6], [0.0, 0.0, 0.0], [0.0, 0.0, 0.6]])
        state.append(_Frame(f + 1, pivot, np.zeros(3), 35.0, pivot, points, (0.5, 0.5)))
        wanted.append(pivot + np.array([0.0, -3.0, 0.4]) + rng.normal(0, 0.2, 3))
    wanted = np.array(wanted)
    known = np.zeros((12, len(grid)), bool)
    small = _grid_clear(state, wanted, grid, [grown(raw, 0.3)] * 12, 1, 12, 0.3, static,
                        known=known)
    assert known[1:].sum() == (~small).sum() and not known[0].any()
    big_boxes = [grown(raw, 0.6)] * 12
    fresh_known = np.zeros_like(known)
    n0 = geometry.COUNTERS["segments"]
    fresh = _grid_clear(state, wanted, grid, big_boxes, 1, 12, 0.3, static, known=fresh_known)
    n1 = geometry.COUNTERS["segments"]
    reused = _grid_clear(state, wanted, grid, big_boxes, 1, 12, 0.3, static, known=known)
    n2 = geometry.COUNTERS["segments"]
    assert small.any() and (small & ~fresh).any()  # more clearance blocks more offsets
    np.testing.assert_array_equal(reused, fresh)
    np.testing.assert_array_equal(known, fresh_known)
    assert n2 - n1 < n1 - n0
