"""Metric functions: each one on a case it must pass and a case it must flag."""

import numpy as np
import pytest

from previz.skills.motion.actions import action
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import (
    foot_skating,
    ground_contact,
    path_deviation,
    scene_penetration,
    self_intersections,
)
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton
from previz.skills.trajectory.path import Path

SKEL = make_skeleton("humanoid")
RIG = Rig.from_skeleton(SKEL)


def test_foot_skating_counts_only_frames_in_contact():
    p = np.c_[np.linspace(0, 1, 11), np.zeros(11), np.zeros(11)]  # 10 cm per frame
    contact = np.zeros(11, bool)
    contact[:3] = True
    sk = foot_skating(p, contact)
    assert sk.frames == 2 and sk.max_cm == pytest.approx(10.0) and sk.mean_cm == pytest.approx(10)
    assert foot_skating(p, np.zeros(11, bool)).frames == 0


def test_ground_contact_penetration_and_floating():
    z = np.array([0.08, 0.07, 0.08, 0.12])
    p = np.c_[np.zeros(4), np.zeros(4), z]
    gc = ground_contact(p, np.array([True, True, True, True]), rest_height=0.08)
    assert gc.penetration_cm == pytest.approx(1.0) and gc.floating_cm == pytest.approx(4.0)


def test_self_intersection_flags_a_hand_through_the_body_only():
    walk = locomotion(SKEL, [[0, 0], [0, -3]], style="walk")
    joints = walk.globals(RIG)[:, :, :3, 3]
    assert self_intersections(joints, RIG.parents) == 0
    bad = joints.copy()
    bad[:, RIG.index("right_wrist")] = bad[:, RIG.index("spine2")]  # hand inside the chest
    assert self_intersections(bad, RIG.parents) == len(bad)


def test_scene_penetration_depth():
    box = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    assert scene_penetration(np.array([[1.5, 0.5], [-0.2, 0.5]]), [box]) == 0.0
    assert scene_penetration(np.array([[0.8, 0.5]]), [box]) == pytest.approx(0.2)


def test_path_deviation_of_locomotion_from_its_plan_is_small():
    pts = np.c_[np.linspace(0, 6, 30), np.sin(np.linspace(0, 3, 30))]
    m = locomotion(SKEL, pts, style="walk")
    _, worst = path_deviation(m.entity_location, pts)
    assert worst < 1e-6
    shifted = m.entity_location + np.array([0.0, 0.3, 0.0])
    assert path_deviation(shifted, pts)[0] > 0.1
    assert Path.from_points(pts).length > 6


def test_crouch_has_no_self_intersection():
    m = action(SKEL, "crouch")
    assert self_intersections(m.globals(RIG)[:, :, :3, 3], RIG.parents) == 0


def test_disc_separation_and_counting():
    from previz.skills.motion.metrics import interpenetrations, min_separation
    from previz.skills.trajectory.crowd import Track, check_separation

    # Two walkers on parallel lines 0.6 m apart, radius 0.25: gap 0.1 m, never overlapping;
    # a third crossing through the first one's path at frame 5.
    f = np.arange(11, dtype=float)
    a = np.c_[np.zeros(11), -f * 0.1]
    b = np.c_[np.full(11, 0.6), -f * 0.1]
    c = np.c_[np.linspace(-1, 1, 11), np.full(11, -0.5)]
    gap, where = min_separation(np.stack([a, b], 1), np.full(2, 0.25))
    assert gap == pytest.approx(0.1)
    assert interpenetrations(np.stack([a, b], 1), np.full(2, 0.25)) == 0
    assert interpenetrations(np.stack([a, b, c], 1), np.full(3, 0.25)) > 0
    tracks = [Track(a, np.zeros(11)), Track(b, np.zeros(11))]
    assert check_separation(tracks, 0.25) == pytest.approx(0.1)
    assert where[0] >= 0
