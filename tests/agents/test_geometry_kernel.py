"""The supervisor and the camera solver share one geometry kernel (`previz.skills.geometry`), so
they agree on whether a subject is hidden: behind a wall both say occluded, beside it both say
clear. Also pins the kernel's oriented-box helpers that the supervisor uses for its rays."""

from __future__ import annotations

import numpy as np
import pytest

from previz.agents.supervisor import check
from previz.skills.camera import SHOT_SIZES, ShotSpec, Subject
from previz.skills.camera.movements import measures
from previz.skills.camera.solver import blocked
from previz.skills.geometry import (
    SceneBoxes,
    boxes_of,
    entity_box,
    make_boxes,
    segments_hit,
    sight_blocked,
    yaw_box,
)
from previz.world import World
from previz.world.transforms import look_at_euler

EYE = np.array([0.0, -6.0, 1.2])


def scene(wall_x: float) -> World:
    """A standing figure at the origin seen from 6 m south; a 3 m wall 2 m in front of it,
    shifted ``wall_x`` metres sideways."""
    euler = look_at_euler(EYE, np.array([0.0, 0.0, 1.0]))
    return World.model_validate({
        "entities": [
            {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}},
            {"id": "wall", "kind": "prop", "asset": {"size": [3.0, 0.2, 3.0]},
             "transform": {"location": [wall_x, -2.0, 0.0]}},
        ],
        "cameras": [{"id": "cam", "transform": {"location": EYE.tolist(),
                                                "rotation": [float(a) for a in euler]}}],
        "shots": [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 1}],
    })


def verdicts(world: World) -> tuple[bool, bool]:
    """(supervisor says occluded, camera solver says blocked) for the shot's one frame."""
    report = check(world)
    supervisor = any(p.kind == "subject_occluded" and p.entities == ["hero"]
                     for p in report.problems)
    spec = ShotSpec(Subject("hero"), (1, 1), size=SHOT_SIZES["MS"])
    points = measures(world, spec)[0].sight_points(spec.size.span, 3)
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    solver = bool(blocked(boxes, EYE, points, 0.0)[0])
    return supervisor, solver


@pytest.mark.parametrize(("wall_x", "hidden"), [(0.0, True), (4.0, False)])
def test_supervisor_and_camera_solver_agree_on_occlusion(wall_x: float, hidden: bool) -> None:
    assert verdicts(scene(wall_x)) == (hidden, hidden)


def test_boxes_of_gives_the_same_ray_answers_as_make_boxes() -> None:
    # A 4 m × 0.4 m slab at (1, 2) turned 45° counter-clockwise: its long side runs along
    # (1, 1), so a vertical line 1.2 m along that diagonal from the centre passes through it and
    # one 1.2 m along (1, −1) does not (a transposed rotation would swap the two).
    c = s = np.sqrt(0.5)
    matrix = np.array([[c, -s, 0, 1.0], [s, c, 0, 2.0], [0, 0, 1, 0], [0, 0, 0, 1.0]])
    size = (4.0, 0.4, 2.0)
    one = boxes_of([entity_box(matrix, size)])
    other = make_boxes(["b"], [matrix], [size])
    x = np.array([[2.2, 3.2], [2.2, 0.8], [1.0, 2.0], [-3.0, 2.0]])
    starts = np.column_stack([x, [-1.0, -1.0, 2.5, 1.0]])
    ends = np.column_stack([x + np.array([[0, 0], [0, 0], [0, 0], [8, 0]]), [3.0, 3.0, 9.0, 1.0]])
    expected = [True, False, False, True]
    assert segments_hit(one, starts, ends).tolist() == expected
    assert segments_hit(other, starts, ends).tolist() == expected
    np.testing.assert_allclose(one.lo[0, 2], 0.0, atol=1e-12)
    np.testing.assert_allclose(one.hi[0, 2], 2.0)


def test_sight_blocked_forgives_a_box_met_only_at_the_far_end() -> None:
    eye, point = np.array([0.0, 0.0, 1.0]), np.array([[0.0, 10.0, 1.0]])

    def hidden(near_face: float, reach: float) -> bool:
        """A 1 m deep box whose near face is ``near_face`` metres along the 10 m sight line."""
        box = boxes_of([yaw_box(0.0, near_face + 0.5, 0.0, 0.0, (1.0, 1.0, 2.0))])
        return bool(sight_blocked(box, eye, point, reach=reach)[0])

    assert not hidden(10.1, 1.0)  # beyond the point
    assert hidden(9.9, 1.0)  # in the last 1 %: the full line meets it
    assert not hidden(9.9, 0.98)  # ... the forgiving one does not
    assert hidden(8.5, 0.98)  # well before the point: hidden either way


def test_make_boxes_builds_all_boxes_at_once_with_the_numbers_of_one_box_at_a_time() -> None:
    """`make_boxes` stacks what `box_matrix` and `box_corners` give box by box: the same world →
    local matrices and world bounds, bit for bit (turned, scaled and lifted boxes alike), so
    building a scene's boxes in one go changes no ray answer anywhere."""
    from previz.skills.geometry import box_corners, box_matrix, proxy_parts
    from previz.world.transforms import compose

    rng = np.random.default_rng(3)
    mats = [compose(rng.uniform(-9, 9, 3), rng.uniform(-np.pi, np.pi, 3), rng.uniform(0.5, 2, 3))
            for _ in range(40)]
    sizes = [tuple(rng.uniform(0.1, 4.0, 3).tolist()) for _ in range(40)]
    got = make_boxes([f"b{i}" for i in range(40)], mats, sizes)
    centre = np.stack([box_matrix(m, s) for m, s in zip(mats, sizes, strict=True)])
    corners = np.stack([box_corners(m, s) for m, s in zip(mats, sizes, strict=True)])
    assert np.array_equal(got.to_local, np.linalg.inv(centre))
    assert np.array_equal(got.lo, corners.min(1)) and np.array_equal(got.hi, corners.max(1))
    assert np.array_equal(got.half, np.asarray(sizes) / 2.0)
    # A room shell is five parts of one entity: each part's box where its offset puts it.
    room = World.model_validate({"entities": [
        {"id": "room", "kind": "set", "asset": {"size": [6.0, 4.0, 3.0]},
         "transform": {"location": [1.0, 2.0, 0.0], "rotation": [0.0, 0.0, 0.5]}}]})
    boxes = SceneBoxes(room).at(1)
    assert boxes.ids == ("room",) * 5
    m = room.evaluate(1).entities["room"].matrix
    parts = proxy_parts(room.entities[0])
    each = [box_corners(m @ offset, size) for offset, size in parts]
    assert np.array_equal(boxes.lo, np.stack([c.min(0) for c in each]))
    assert np.array_equal(boxes.hi, np.stack([c.max(0) for c in each]))
    assert boxes.lo[:, 2].min() == pytest.approx(-0.1)
