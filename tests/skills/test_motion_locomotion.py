"""Locomotion: foot locking on the evaluated World, root motion along the path, gait by speed."""

import numpy as np
import pytest

from previz.skills.motion.clip import bake
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import foot_skating, ground_contact, world_joint_tracks
from previz.skills.motion.rig import Rig
from previz.skills.motion.terrain import plane
from previz.skills.skeletons import TEMPLATES, make_skeleton
from previz.skills.trajectory.path import Path
from previz.world import Entity, InputError, World

FEET = ("left_ankle", "left_foot", "right_ankle", "right_foot")


def _arc(radius=4.0, turn=np.pi, n=60):
    t = np.linspace(0.0, turn, n)
    return np.c_[radius * np.cos(t), radius * np.sin(t)]


@pytest.mark.parametrize("style", ["walk", "run"])
def test_no_foot_skating_on_the_evaluated_world_along_a_curved_path(style):
    skel = make_skeleton("humanoid")
    motion = locomotion(skel, _arc(radius=6.0), style=style)
    ent = bake(motion, Entity(id="hero", kind="character", skeleton=skel), frame_start=1)
    world = World(entities=[ent])
    tracks = world_joint_tracks(world, "hero", range(1, motion.frames + 1))
    for joint in FEET:
        sk = foot_skating(tracks[joint], motion.contacts[joint])
        assert sk.frames > 10, f"{joint} is hardly ever in contact"
        assert sk.max_cm < 0.5, f"{joint} slides {sk.max_cm:.3f} cm/frame"
        gc = ground_contact(tracks[joint], motion.contacts[joint],
                            TEMPLATES["humanoid"].contact_height[joint])
        assert gc.penetration_cm < 0.5 and gc.floating_cm < 0.5
    # Every foot is in contact at some point and in the air at another (it really walks).
    for joint in ("left_foot", "right_foot"):
        assert 0.2 < motion.contacts[joint].mean() < 0.9


def test_the_metric_catches_a_sliding_foot():
    skel = make_skeleton("humanoid")
    motion = locomotion(skel, [[0, 0], [0, -6]], style="walk")
    rig = Rig.from_skeleton(skel)
    g = motion.globals(rig)
    ankle = g[:, rig.index("left_ankle"), :3, 3]
    # Dragging the foot along with the root (no locking) shows up as skating.
    drift = np.linspace(0, 1, motion.frames)
    dragged = ankle + np.c_[np.zeros_like(drift), -drift, np.zeros_like(drift)]
    assert foot_skating(dragged, motion.contacts["left_ankle"]).max_cm > 0.5


def test_root_follows_the_path_by_arc_length_and_faces_its_tangent():
    skel = make_skeleton("humanoid")
    pts = _arc(radius=5.0, turn=np.pi / 2)
    path = Path.from_points(pts)
    motion = locomotion(skel, pts, style="walk", fps=24)
    xy = motion.entity_location[:, :2]
    np.testing.assert_allclose(xy[0], pts[0], atol=1e-9)
    np.testing.assert_allclose(xy[-1], pts[-1], atol=1e-9)
    # Points lie on the circle, and speed never exceeds the walking speed.
    assert np.abs(np.linalg.norm(xy, axis=1) - 5.0).max() < 0.01
    speed = np.linalg.norm(np.diff(xy, axis=0), axis=1) * 24
    assert speed.max() <= 1.4 + 1e-6
    # Mid-path the body faces along the tangent (counter-clockwise: direction (-sin, cos)).
    k = motion.frames // 2
    yaw = motion.entity_rotation[k, 2]
    facing = np.array([np.sin(yaw), -np.cos(yaw)])  # entity −Y rotated by yaw
    angle = np.arctan2(xy[k, 1], xy[k, 0])
    np.testing.assert_allclose(facing, [-np.sin(angle), np.cos(angle)], atol=0.02)
    assert path.length == pytest.approx(5.0 * np.pi / 2, rel=1e-3)


def test_faster_gaits_take_longer_strides_and_have_flight():
    skel = make_skeleton("humanoid")
    line = [[0, 0], [0, -30]]
    walk = locomotion(skel, line, style="walk")
    run = locomotion(skel, line, style="run")
    both_up = lambda m: ~(m.contacts["left_foot"] | m.contacts["right_foot"]  # noqa: E731
                          | m.contacts["left_ankle"] | m.contacts["right_ankle"])
    assert not both_up(walk).any(), "walking has no flight phase"
    assert both_up(run).mean() > 0.05, "running has a flight phase"
    steps = lambda m: np.count_nonzero(np.diff(m.contacts["left_foot"].astype(int)) == 1)  # noqa: E731
    assert steps(run) < steps(walk)
    assert run.frames < walk.frames


def test_bigger_character_walks_with_longer_legs_and_still_locks_feet():
    skel = make_skeleton("humanoid", height=2.1)
    motion = locomotion(skel, _arc(), style="walk")
    rig = Rig.from_skeleton(skel)
    g = motion.globals(rig)
    for joint in FEET:
        sk = foot_skating(g[:, rig.index(joint), :3, 3], motion.contacts[joint])
        assert sk.max_cm < 0.5


def test_walk_uphill_keeps_feet_on_the_slope():
    skel = make_skeleton("humanoid")
    slope = plane(slope_y=0.1)
    motion = locomotion(skel, [[0, 0], [0, 8]], style="walk", terrain=slope)
    rig = Rig.from_skeleton(skel)
    g = motion.globals(rig)
    for joint in FEET:
        p = g[:, rig.index(joint), :3, 3]
        gc = ground_contact(p, motion.contacts[joint],
                            TEMPLATES["humanoid"].contact_height[joint], slope)
        assert gc.floating_cm < 2.0 and gc.penetration_cm < 2.0, (joint, gc)
    assert motion.entity_location[-1, 2] == pytest.approx(0.8, abs=1e-6)


def test_unknown_gait_is_an_input_error():
    with pytest.raises(InputError, match="unknown humanoid gait 'moonwalk'"):
        locomotion(make_skeleton("humanoid"), [[0, 0], [1, 0]], style="moonwalk")


def test_walking_onto_a_platform_from_the_world_puts_the_feet_on_its_top():
    from previz.skills.motion.terrain import from_world
    from previz.world import AssetRef, Transform

    stage = Entity(id="stage", kind="set", asset=AssetRef(size=(4.0, 3.0, 0.15)),
                   transform=Transform(location=(0.0, -4.0, 0.0)))
    wall = Entity(id="wall", kind="set", asset=AssetRef(size=(4.0, 0.2, 2.5)),
                  transform=Transform(location=(0.0, 5.0, 0.0)))
    ground = from_world(World(entities=[stage, wall]))
    assert ground(np.array(0.0), np.array(-4.0)) == pytest.approx(0.15)
    assert ground(np.array(0.0), np.array(5.0)) == pytest.approx(0.0)  # too tall: not ground
    skel = make_skeleton("humanoid")
    motion = locomotion(skel, [[0, 0], [0, -4.5]], style="walk", terrain=ground)
    rig = Rig.from_skeleton(skel)
    g = motion.globals(rig)
    on_stage = 0
    for joint in ("left_foot", "right_foot"):
        p = g[:, rig.index(joint), :3, 3]
        c = motion.contacts[joint]
        gc = ground_contact(p, c, TEMPLATES["humanoid"].contact_height[joint], ground)
        assert gc.floating_cm < 0.5 and gc.penetration_cm < 0.5
        on_stage += int((c & (p[:, 2] > 0.15)).sum())
    assert on_stage > 10
    # The body rises onto the stage without popping.
    assert np.abs(np.diff(motion.entity_location[:, 2])).max() < 0.03


def test_key_reduction_keeps_feet_locked_with_fewer_keys():
    skel = make_skeleton("humanoid")
    motion = locomotion(skel, _arc(radius=5.0), style="walk")
    ent = Entity(id="hero", kind="character", skeleton=skel)

    def count(e):
        params = [*e.transform.location, *e.transform.rotation]
        for j in e.skeleton.joints:
            params += [*j.rotation, *j.location]
        return sum(len(p.keys) for p in params if not isinstance(p, float))

    dense, sparse = bake(motion, ent), bake(motion, ent, tolerance=1e-3)
    # Oscillating channels need nearly every key at this tolerance; quiet ones collapse.
    assert count(sparse) < 0.8 * count(dense)
    world = World(entities=[sparse])
    tracks = world_joint_tracks(world, "hero", range(1, motion.frames + 1))
    rig = Rig.from_skeleton(skel)
    exact = motion.globals(rig)
    for joint in FEET:
        assert foot_skating(tracks[joint], motion.contacts[joint]).max_cm < 0.5
        assert np.abs(tracks[joint] - exact[:, rig.index(joint), :3, 3]).max() < 5e-3
