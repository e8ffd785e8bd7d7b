"""Several characters: a procession of 100 without interpenetration, boxers facing each other."""

import numpy as np
import pytest

from previz.skills.motion.clip import bake
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import body_interpenetrations, foot_skating
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton
from previz.skills.trajectory.crowd import (
    follow,
    formation_slots,
    procession,
    sparring,
    synchronised_speeds,
)
from previz.skills.trajectory.path import Path, fillet
from previz.world import Entity, World


def _animate(tracks, skel, **kw):
    rig = Rig.from_skeleton(skel)
    motions, joints = [], []
    for tr in tracks:
        path, s = tr.path_and_arc_length()
        m = locomotion(skel, path, arc_length=s, facing=tr.yaw, **kw)
        motions.append(m)
        joints.append(m.globals(rig)[:, :, :3, 3])
    frames = min(len(j) for j in joints)
    return motions, np.stack([j[:frames] for j in joints], axis=1), rig


@pytest.mark.slow
def test_hundred_officials_in_procession_never_interpenetrate():
    skel = make_skeleton("humanoid")
    route = [[0, 0], [0, -8], [6, -12], [6, -20]]
    tracks = procession(route, 100, columns=4, spacing=(1.0, 1.3), speed=1.2)
    motions, joints, rig = _animate(tracks, skel, style="march")
    assert joints.shape[1] == 100
    result = body_interpenetrations(joints, rig.parents, radius=0.07)
    assert result.count == 0, f"{result.count} overlaps, min gap {result.min_gap:.3f} m"
    # The head of the procession really went round the corner and arrived.
    np.testing.assert_allclose(motions[0].entity_location[-1, :2], [6.0 - 1.5, -20.0], atol=0.05)
    # Everyone moved and kept their feet locked.
    for m in motions[::17]:
        g = m.globals(rig)
        sk = foot_skating(g[:, rig.index("left_foot"), :3, 3], m.contacts["left_foot"])
        assert sk.max_cm < 0.5
        assert np.linalg.norm(m.entity_location[-1] - m.entity_location[0]) > 15


def test_the_interpenetration_check_sees_two_bodies_walking_into_each_other():
    skel = make_skeleton("humanoid")
    rig = Rig.from_skeleton(skel)
    a = locomotion(skel, [[0, 0], [0, -4]], style="walk")
    b = locomotion(skel, [[0.3, 0], [0.3, -4]], style="walk")  # 30 cm to the side: shoulders hit
    frames = min(a.frames, b.frames)
    joints = np.stack([a.globals(rig)[:frames, :, :3, 3], b.globals(rig)[:frames, :, :3, 3]], 1)
    assert body_interpenetrations(joints, rig.parents).count > 0


def test_two_boxers_keep_their_distance_and_face_each_other():
    skel = make_skeleton("humanoid")
    red, blue = sparring(240, distance=1.6, seed=3)
    (m_red, m_blue), joints, rig = _animate([red, blue], skel, style="walk", upper_body="guard")
    pelvis = joints[:, :, rig.index("pelvis"), :2]
    dist = np.linalg.norm(pelvis[:, 0] - pelvis[:, 1], axis=1)
    assert dist.min() > 1.6 * 0.85 and dist.max() < 1.6 * 1.15
    for m, me, other in ((m_red, 0, 1), (m_blue, 1, 0)):
        yaw = m.entity_rotation[: len(pelvis), 2]
        facing = np.c_[np.sin(yaw), -np.cos(yaw)]
        to_other = pelvis[:, other] - pelvis[:, me]
        to_other /= np.linalg.norm(to_other, axis=1, keepdims=True)
        angle = np.degrees(np.arccos(np.clip((facing * to_other).sum(1), -1, 1)))
        assert angle.max() < 10.0
    assert body_interpenetrations(joints, rig.parents).count == 0
    # They really move: circling sweeps a good angle around the centre.
    bearing = np.unwrap(np.arctan2(*(pelvis[:, 1] - pelvis[:, 0]).T[::-1]))
    assert abs(bearing[-1] - bearing[0]) > 1.0
    # Fists up in guard: both wrists above the shoulders' height minus 25 cm, all the time.
    wrist = joints[:, 0, rig.index("right_wrist"), 2]
    shoulder = joints[:, 0, rig.index("right_shoulder"), 2]
    assert (wrist > shoulder - 0.25).all()
    # Their motion bakes into one valid World.
    world = World(entities=[bake(m_red, Entity(id="red", kind="character", skeleton=skel)),
                            bake(m_blue, Entity(id="blue", kind="character", skeleton=skel))])
    state = world.evaluate(100)
    np.testing.assert_allclose(state.entities["red"].joints["pelvis"][:3, 3],
                               joints[99, 0, rig.index("pelvis")], atol=1e-9)


def test_formation_slots_and_follow_and_sync():
    slots = formation_slots(6, 3, (1.0, 2.0))
    np.testing.assert_allclose(slots[:3, 0], [-1, 0, 1])
    np.testing.assert_allclose(slots[3:, 1], [2, 2, 2])
    leader = procession([[0, 0], [0, -10]], 1)[0]
    f = follow(leader, 2.0)
    gap = np.linalg.norm(leader.xy - f.xy, axis=1)
    moving = np.linalg.norm(leader.xy - leader.xy[0], axis=1) > 2.0
    np.testing.assert_allclose(gap[moving], 2.0, atol=1e-6)
    assert synchronised_speeds([5.0, 10.0], 2.0) == [1.0, 2.0]


def test_fillet_rounds_corners_with_the_given_radius():
    pts = fillet([[0, 0], [10, 0], [10, 10]], radius=2.0, step=0.05)
    path = Path.from_points(pts)
    # A quarter circle of radius 2 replaces the corner: length 20 - 4 + pi.
    assert path.length == pytest.approx(16 + np.pi, abs=0.01)
    centre = np.array([8.0, 2.0])
    arc = pts[(pts[:, 0] > 8.01) & (pts[:, 1] < 1.99)]
    np.testing.assert_allclose(np.linalg.norm(arc - centre, axis=1), 2.0, atol=1e-9)
