"""BVH: write → read round trip, bad files, retargeting by name map and rest-pose alignment."""

import numpy as np
import pytest

from previz.skills.bvh import BVHError, dumps, parse, read, retarget, to_motion, write
from previz.skills.motion.actions import action
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton
from previz.world import Joint, Skeleton

SKEL = make_skeleton("humanoid")
RIG = Rig.from_skeleton(SKEL)


def _walk():
    return locomotion(SKEL, [[0, 0], [2, -3], [4, -3]], style="walk")


def test_round_trip_reproduces_every_joint_matrix(tmp_path):
    motion = _walk()
    path = tmp_path / "walk.bvh"
    write(path, SKEL, motion)
    bvh = read(path)
    assert [j.name for j in bvh.joints][:3] == ["pelvis", "left_hip", "left_knee"]
    assert bvh.fps == pytest.approx(24.0)
    skel2, m2 = to_motion(bvh)
    g1 = motion.globals(RIG)
    g2 = m2.globals(Rig.from_skeleton(skel2))
    order = [Rig.from_skeleton(skel2).index(n) for n in RIG.names]
    np.testing.assert_allclose(g2[:, order], g1, atol=2e-5)


def test_file_is_y_up_facing_plus_z():
    text = dumps(SKEL, action(SKEL, "wave"))
    bvh = parse(text)
    pelvis = bvh.joints[0]
    assert pelvis.offset[1] == pytest.approx(0.96)  # up is +Y
    foot = next(j for j in bvh.joints if j.name == "left_foot")
    assert foot.offset[2] > 0  # the toes point +Z (forward)
    assert pelvis.channels[:3] == ["Xposition", "Yposition", "Zposition"]


def test_centimetre_files_scale_back_to_metres():
    text = dumps(SKEL, action(SKEL, "bow"), scale=100.0)
    skel2, _ = to_motion(parse(text), scale=0.01)
    np.testing.assert_allclose(skel2.joint("left_knee").offset, SKEL.joint("left_knee").offset,
                               atol=1e-6)


@pytest.mark.parametrize(("text", "message"), [
    ("HIERARCHY\nJOINT x {", "must start with ROOT"),
    ("HIERARCHY\nROOT a {\nOFFSET 0 0 zero", "expected a number for OFFSET"),
    ("HIERARCHY\nROOT a {\nOFFSET 0 0 0\nCHANNELS 3 Xrotation Yrotation Zrotation\n}\n"
     "MOTION\nFrames: 2\nFrame Time: 0.04\n1 2 3\n", "2 frames of 3 channels"),
])
def test_broken_files_say_what_is_wrong(text, message):
    with pytest.raises(BVHError, match=message):
        parse(text)


def test_reads_other_channel_orders():
    text = ("HIERARCHY\nROOT hips {\nOFFSET 0 1 0\nCHANNELS 6 Xposition Yposition Zposition "
            "Xrotation Yrotation Zrotation\nJOINT spine {\nOFFSET 0 0.5 0\nCHANNELS 3 "
            "Xrotation Zrotation Yrotation\nEnd Site {\nOFFSET 0 0.2 0\n}\n}\n}\n"
            "MOTION\nFrames: 1\nFrame Time: 0.0333333\n0 1 0 0 0 0 90 0 0\n")
    skel, m = to_motion(parse(text))
    rig = Rig.from_skeleton(skel)
    g = m.globals(rig)
    # Spine turned 90° about BVH X (= World X): its end points along World −Y... from +Y up.
    np.testing.assert_allclose(g[0, rig.index("spine"), :3, :3] @ [0, 0, 1], [0, -1, 0],
                               atol=1e-9)
    assert m.fps == pytest.approx(30.0, rel=1e-4)


def _renamed(skel, names):
    return Skeleton(joints=[Joint(name=names[j.name], parent=names.get(j.parent),
                                  offset=j.offset) for j in skel.joints])


def test_retarget_by_name_map_onto_a_taller_renamed_skeleton():
    names = {n: "mx_" + n for n in RIG.names}
    tall = _renamed(make_skeleton("humanoid", height=2.0), names)
    src = _walk()
    out = retarget(src, SKEL, tall, names)
    g_src = src.globals(RIG)
    rig_t = Rig.from_skeleton(tall)
    g_dst = out.globals(rig_t)
    for n in ("left_hip", "right_shoulder", "spine3", "left_elbow"):
        np.testing.assert_allclose(g_dst[:, rig_t.index("mx_" + n), :3, :3],
                                   g_src[:, RIG.index(n), :3, :3], atol=1e-9)
    # Root travel scales with the legs.
    ratio = 2.0 / 1.75
    np.testing.assert_allclose(out.entity_location[-1, :2], src.entity_location[-1, :2] * ratio)


def test_retarget_aligns_an_a_pose_rest_onto_the_t_pose():
    # A source whose arms rest 45° down (A-pose): after retargeting its rest pose onto the
    # T-pose humanoid, the humanoid's arms point 45° down too.
    a_pose = make_skeleton("humanoid")
    rest = RIG.rest_positions()
    joints = []
    for j in a_pose.joints:
        off = np.array(j.offset)
        if j.name in ("left_elbow", "left_wrist", "right_elbow", "right_wrist"):
            sx = np.sign(off[0])
            length = np.linalg.norm(off)
            off = np.array([sx * length / np.sqrt(2), off[1] * 0, -length / np.sqrt(2)])
        joints.append(Joint(name=j.name, parent=j.parent, offset=tuple(off)))
    src_skel = Skeleton(joints=joints)
    still = action(SKEL, "bow")
    still.rotations[:] = np.eye(3)  # the source at rest
    out = retarget(still, src_skel, SKEL)
    g = out.globals(RIG)
    arm = g[0, RIG.index("left_wrist"), :3, 3] - g[0, RIG.index("left_elbow"), :3, 3]
    arm /= np.linalg.norm(arm)
    np.testing.assert_allclose(arm, [np.sqrt(0.5), 0, -np.sqrt(0.5)], atol=0.03)
    assert rest is not None
