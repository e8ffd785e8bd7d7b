"""Vehicles move by themselves: a car steered along a route never slides its rear wheels
sideways (< 2 cm a frame), ends on the route's end, covers it in the time asked with a speed
profile that pulls away from rest and stops; a helicopter flies its path facing where it
goes."""

import math

import numpy as np
import pytest

from previz.skills.motion import vehicles as v
from previz.world import InputError


def test_a_car_round_two_corners_never_slides_its_rear_wheels_and_ends_on_the_route():
    route = [(0.0, 0.0), (0.0, -20.0), (15.0, -25.0), (15.0, -40.0)]
    d = v.drive(route, 0.0, 4.5, 8.0, 24.0)
    assert d.frames == 8 * 24 + 1
    assert v.side_slip(d).max() < 0.02  # the bound: 2 cm per frame
    assert v.side_slip(d).max() < 1e-3  # and in fact under a millimetre
    assert math.dist((d.x[-1], d.y[-1]), route[-1]) < 0.1
    assert abs(math.degrees(d.yaw[-1])) < 5.0  # facing down the last leg (−Y)
    # It turned left then right: the heading moved both ways.
    assert math.degrees(d.yaw.max()) > 30 and d.yaw[0] == 0.0


def test_the_rear_axle_rolls_along_the_heading_even_when_the_car_starts_facing_away():
    d = v.drive([(0.0, 0.0), (0.0, -20.0)], math.pi / 2, 4.5, 5.0, 24.0)
    assert v.side_slip(d).max() < 1e-3
    assert math.dist((d.x[-1], d.y[-1]), (0.0, -20.0)) < 0.5
    # Its turn is no tighter than the steering lock allows.
    step = np.linalg.norm(np.diff(d.rear, axis=0), axis=1)
    turn = np.abs(np.diff(d.yaw))
    moving = step > 1e-4
    wheelbase = v.WHEELBASE_SHARE * 4.5
    assert (turn[moving] / step[moving]).max() <= math.tan(v.STEER_LOCK) / wheelbase + 1e-3


def test_side_slip_sees_a_car_pushed_sideways():
    d = v.drive([(0.0, 0.0), (0.0, -10.0)], 0.0, 4.5, 2.0, 24.0)
    pushed = v.Drive(d.x + np.linspace(0, 0.5, d.frames), d.y, d.yaw,
                     d.rear + np.c_[np.linspace(0, 0.5, d.frames), np.zeros(d.frames)])
    assert v.side_slip(pushed).max() > 0.01


def test_speed_profile_pulls_away_from_rest_and_stops_on_the_distance():
    s = v.arc_profile(30.0, 4.0, 24.0)
    assert s[0] == 0.0 and s[-1] == 30.0 and len(s) == 97
    speed = np.diff(s) * 24.0
    assert speed[0] < 0.5 and speed[-1] < 0.5  # from rest, to a stop
    assert np.all(np.diff(s) >= 0)
    away = v.arc_profile(30.0, 4.0, 24.0, to_rest=False)
    assert np.diff(away)[-1] * 24.0 > 8.0  # still going at the end: accelerating away
    with pytest.raises(InputError):
        v.arc_profile(10.0, 0.0, 24.0)


def test_a_helicopter_flies_its_path_facing_where_it_goes():
    d = v.fly([(-50.0, 0.0), (50.0, 0.0)], 0.0, 10.0, 24.0, from_rest=False, to_rest=False)
    assert d.x[0] == -50.0 and d.x[-1] == 50.0
    assert np.allclose(d.yaw % (2 * math.pi), math.pi / 2)  # facing +X
    assert np.allclose(np.diff(d.x) * 24.0, 10.0)  # a steady 10 m/s
