"""The built-in static framing of a crowd (issue 20: "100 soldiers march in a procession to the
flag"): seen from eye level a column is its front row (0 % of the group visible), so a crowd of
more than `CROWD` subjects is looked down on at `CROWD_PITCH`, from the side it is broadest
across, from inside the set when that side has room."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.agents.interfaces import CROWD, CROWD_PITCH, CameraRequest, StaticFramingCamera
from previz.skills.geometry import entity_box
from previz.world.evaluate import transform_matrix

RES = (832, 480)


def _column(n: int, x0: float, y: float) -> list:
    """``n`` people four abreast in a column along x (rows 0.85 m apart), from x0 on."""
    out = []
    for i in range(n):
        row, col = divmod(i, 4)
        m = np.eye(4)
        m[:3, 3] = (x0 + 0.85 * row, y + 0.85 * (col - 1.5), 0.0)
        out.append(entity_box(m, (0.5, 0.3, 1.75)))
    return out


def _request(boxes: list, ids: tuple[str, ...], bounds=(-30.0, -30.0, 30.0, 30.0),
             angle: str | None = None) -> CameraRequest:
    return CameraRequest("shot_1", "wide", "static", boxes, (1, 48), bounds, None, RES, [],
                         None, ids, angle=angle)


def _eye_and_pitch(cam) -> tuple[np.ndarray, float, np.ndarray]:
    m = transform_matrix(cam.transform, 1)
    ahead = -m[:3, 2]
    return m[:3, 3], math.degrees(math.asin(-ahead[2])), ahead


def test_a_crowd_is_looked_down_on_from_its_flank_inside_the_set():
    boxes = _column(40, -8.0, 20.0)  # 10 rows along x near the north edge
    ids = tuple(f"p{k}" for k in range(40))
    cam = StaticFramingCamera().camera(_request(boxes, ids), "cam")
    eye, pitch, ahead = _eye_and_pitch(cam)
    # Looking down at CROWD_PITCH (the eye rises with the distance), across the column (from
    # the south: the north side has no room inside the set), standing inside the set.
    assert pitch == pytest.approx(math.degrees(CROWD_PITCH), abs=2.0)
    assert abs(ahead[0]) < 0.05 and ahead[1] > 0.5
    assert -30.0 <= eye[1] <= 30.0 and -30.0 <= eye[0] <= 30.0
    # Every corner of the crowd in the frame.
    corners = np.vstack([b.corners() for b in boxes])
    cam_m = np.linalg.inv(transform_matrix(cam.transform, 1))
    p = (cam_m @ np.c_[corners, np.ones(len(corners))].T)[:3]
    fx = cam.focal_length / 36.0 * RES[0]
    assert np.all(np.abs(fx * p[0] / -p[2]) <= RES[0] / 2)
    assert np.all(np.abs(fx * p[1] / -p[2]) <= RES[1] / 2)


def test_a_column_near_the_south_edge_is_seen_from_the_north_not_end_on():
    boxes = _column(40, -8.0, -27.0)
    cam = StaticFramingCamera().camera(
        _request(boxes, tuple(f"p{k}" for k in range(40))), "cam")
    eye, pitch, ahead = _eye_and_pitch(cam)
    assert ahead[1] < -0.5 and eye[1] <= 30.0  # from the north, inside the set
    assert pitch == pytest.approx(math.degrees(CROWD_PITCH), abs=2.0)


def test_a_few_people_or_an_angle_asked_keep_the_eye_level_framing():
    few = _column(CROWD, -2.0, 0.0)
    cam = StaticFramingCamera().camera(_request(few, tuple(f"p{k}" for k in range(CROWD))),
                                       "cam")
    assert _eye_and_pitch(cam)[0][2] < 6.0  # no crowd: from about eye level
    many = _column(40, -8.0, 0.0)
    cam = StaticFramingCamera().camera(
        _request(many, tuple(f"p{k}" for k in range(40)), angle="eye_level"), "cam")
    assert _eye_and_pitch(cam)[1] < 20.0
