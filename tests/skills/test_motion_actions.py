"""Actions: each test checks the property that defines the action, on the posed skeleton."""

import numpy as np
import pytest

from previz.skills.motion.actions import (
    ACTIONS,
    action,
    idle,
    jump,
    kick,
    look_at,
    point,
    quadruped_sit,
    turn,
)
from previz.skills.motion.clip import bake, concatenate, crossfade
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import foot_skating
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton
from previz.world import Entity, InputError, World

SKEL = make_skeleton("humanoid")
RIG = Rig.from_skeleton(SKEL)
FEET = ("left_ankle", "left_foot", "right_ankle", "right_foot")


def pos(motion, joint):
    return motion.globals(RIG)[:, RIG.index(joint), :3, 3]


def assert_feet_locked(motion, joints=FEET):
    for j in joints:
        sk = foot_skating(pos(motion, j), motion.contacts[j])
        assert sk.max_cm < 0.05, f"{j} slides {sk.max_cm} cm/frame"


def test_every_keyed_action_builds_bakes_and_keeps_planted_feet_still():
    for name in ACTIONS:
        m = action(SKEL, name)
        assert m.frames > 10 and np.isfinite(m.rotations).all()
        assert_feet_locked(m)
    World(entities=[bake(action(SKEL, "wave"), Entity(id="a", kind="character", skeleton=SKEL))])


def test_idle_breathes_with_feet_planted():
    m = idle(SKEL, 4.0)
    assert_feet_locked(m)
    assert all(m.contacts[j].all() for j in FEET)
    assert np.ptp(pos(m, "head")[:, 1]) > 0.002  # chest rises and falls


def test_wave_raises_the_hand_above_the_shoulder_and_oscillates():
    m = action(SKEL, "wave")
    wrist, shoulder = pos(m, "right_wrist"), pos(m, "right_shoulder")
    mid = slice(int(m.frames * 0.25), int(m.frames * 0.75))
    assert (wrist[mid, 2] > shoulder[mid, 2] + 0.15).all()
    x = wrist[mid, 0]
    reversals = np.count_nonzero(np.diff(np.sign(np.diff(x))) != 0)
    assert reversals >= 3
    left = action(SKEL, "wave", hand="left")
    assert (pos(left, "left_wrist")[mid, 2] > pos(left, "left_shoulder")[mid, 2] + 0.15).all()


def test_point_aims_the_arm_at_the_target():
    target = np.array([2.0, -3.0, 2.5])
    m = point(SKEL, target, duration=2.0)
    k = m.frames // 2
    s, w = pos(m, "right_shoulder")[k], pos(m, "right_wrist")[k]
    cosang = np.dot(w - s, target - s) / np.linalg.norm(w - s) / np.linalg.norm(target - s)
    assert np.degrees(np.arccos(min(1.0, cosang))) < 2.0


def test_look_at_turns_the_face_to_the_target():
    target = np.array([-1.5, -2.0, 1.0])
    m = look_at(SKEL, target)
    g = m.globals(RIG)[-1, RIG.index("head")]
    face = g[:3, :3] @ np.array([0.0, -1.0, 0.0])
    to = target - g[:3, 3]
    assert np.degrees(np.arccos(np.dot(face, to) / np.linalg.norm(to))) < 2.0


@pytest.mark.parametrize(("name", "hand_joint"), [("jab", "left_wrist"), ("cross", "right_wrist")])
def test_straight_punches_extend_the_fist_forward_at_shoulder_height(name, hand_joint):
    m = action(SKEL, name)
    shoulder = hand_joint.replace("wrist", "shoulder")
    reach = -(pos(m, hand_joint)[:, 1] - pos(m, shoulder)[:, 1])  # forward is −Y
    k = int(np.argmax(reach))
    assert reach[k] > 0.45
    assert abs(pos(m, hand_joint)[k, 2] - pos(m, shoulder)[k, 2]) < 0.2
    assert reach[0] < 0.35 and reach[-1] < 0.35  # back to guard


def test_hook_swings_the_fist_across_with_a_bent_elbow():
    m = action(SKEL, "hook")
    w = pos(m, "left_wrist")
    assert np.ptp(w[:, 0]) > 0.3
    e, s = pos(m, "left_elbow"), pos(m, "left_shoulder")
    k = int(np.argmin(w[:, 0]))
    a, b = s[k] - e[k], w[k] - e[k]
    bend = np.degrees(np.arccos(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b)))
    assert 60 < bend < 120


def test_block_covers_the_face():
    m = action(SKEL, "block")
    k = m.frames // 2
    head = pos(m, "head")[k]
    for hand in ("left_wrist", "right_wrist"):
        w = pos(m, hand)[k]
        assert w[2] > head[2] - 0.2 and head[1] - w[1] > 0.05 and abs(w[0]) < 0.3


def test_dodge_moves_the_head_aside_and_bow_lowers_it():
    m = action(SKEL, "dodge")
    head = pos(m, "head")
    assert np.abs(head[:, 0] - head[0, 0]).max() > 0.12
    b = action(SKEL, "bow")
    hb = pos(b, "head")
    assert hb[:, 2].min() < hb[0, 2] - 0.2
    assert_feet_locked(b)


def test_crouch_and_sit_lower_the_pelvis_with_feet_locked():
    c = action(SKEL, "crouch")
    assert pos(c, "pelvis")[-1, 2] < pos(c, "pelvis")[0, 2] - 0.3
    s = action(SKEL, "sit_down")
    p = pos(s, "pelvis")[-1]
    assert p[2] == pytest.approx(0.96 - 0.41, abs=0.01) and p[1] > 0.35
    u = action(SKEL, "stand_up")
    assert pos(u, "pelvis")[0, 2] == pytest.approx(p[2], abs=0.01)
    assert pos(u, "pelvis")[-1, 2] == pytest.approx(0.96, abs=0.01)
    for m in (c, s, u):
        assert_feet_locked(m)


def test_jump_leaves_the_ground_and_lands_in_place():
    m = jump(SKEL, height=0.4)
    feet = np.minimum(pos(m, "left_ankle")[:, 2], pos(m, "right_ankle")[:, 2])
    assert feet.max() > 0.08 + 0.3
    assert feet[-1] == pytest.approx(0.08, abs=1e-6) and feet[0] == pytest.approx(0.08, abs=1e-6)
    airborne = ~(m.contacts["left_ankle"] | m.contacts["right_ankle"])
    assert airborne.any() and not airborne[0] and not airborne[-1]
    assert_feet_locked(m)


def test_kick_reaches_forward_at_height_while_the_other_foot_stays():
    m = kick(SKEL, height=0.9)
    a = pos(m, "right_ankle")
    k = int(np.argmax(a[:, 2]))
    assert a[k, 2] > 0.9 and a[0, 1] - a[k, 1] > 0.5
    assert_feet_locked(m, ("left_ankle", "left_foot"))
    assert m.contacts["left_foot"].all()


def test_dribble_and_instruments_move_the_hands_rhythmically():
    for name, joint, axis, amp in (("dribble", "right_wrist", 2, 0.15),
                                   ("play_guitar", "right_wrist", 2, 0.05),
                                   ("play_drums", "left_wrist", 2, 0.05)):
        m = action(SKEL, name)
        v = pos(m, joint)[:, axis]
        mid = v[int(m.frames * 0.2): int(m.frames * 0.8)]
        assert np.ptp(mid) > amp, name
        assert np.count_nonzero(np.diff(np.sign(np.diff(mid))) != 0) >= 3, name


def test_turn_in_place_steps_round_and_ends_facing_the_new_way():
    m = turn(SKEL, np.pi / 2)
    assert m.entity_rotation[-1, 2] == pytest.approx(np.pi / 2, abs=1e-6)
    assert np.linalg.norm(m.entity_location[-1] - m.entity_location[0]) < 1e-9
    lifts = sum(np.count_nonzero(np.diff(m.contacts[j].astype(int)) == -1)
                for j in ("left_foot", "right_foot"))
    assert lifts >= 2
    assert_feet_locked(m)


def test_quadruped_sits_with_paws_planted():
    skel = make_skeleton("quadruped")
    rig = Rig.from_skeleton(skel)
    m = quadruped_sit(skel)
    g = m.globals(rig)
    assert g[-1, rig.index("pelvis"), 2, 3] < g[0, rig.index("pelvis"), 2, 3] - 0.15
    for paw in ("left_front_paw", "right_hind_paw"):
        p = g[:, rig.index(paw), :3, 3]
        assert np.abs(p - p[0]).max() < 1e-9


def test_sequence_walk_then_turn_then_wave_is_one_continuous_timeline():
    walk = locomotion(SKEL, [[0, 0], [0, -3]], style="walk")
    end_xy, end_yaw = walk.entity_location[-1], walk.entity_rotation[-1, 2]
    t = turn(SKEL, np.pi / 2, location=end_xy, yaw=end_yaw)
    w = action(SKEL, "wave", location=t.entity_location[-1], yaw=t.entity_rotation[-1, 2])
    seq = crossfade(concatenate([walk, t]), w, frames=8)
    assert seq.frames == walk.frames + t.frames + w.frames - 8
    jumps = np.linalg.norm(np.diff(seq.entity_location, axis=0), axis=1)
    assert jumps.max() < 0.1
    g = seq.globals(RIG)[:, RIG.index("right_wrist"), :3, 3]
    assert np.linalg.norm(np.diff(g, axis=0), axis=1).max() < 0.25  # no popping
    assert seq.entity_rotation[-1, 2] == pytest.approx(end_yaw + np.pi / 2, abs=1e-6)


def test_bad_action_input_is_reported():
    with pytest.raises(InputError, match="unknown action 'moonwalk'"):
        action(SKEL, "moonwalk")
    with pytest.raises(InputError, match="hand"):
        action(SKEL, "wave", hand="both")
    with pytest.raises(InputError, match="quadruped"):
        quadruped_sit(SKEL)


@pytest.mark.parametrize("dunk", [False, True])
def test_shoot_and_dunk_put_both_hands_above_the_head_in_the_air(dunk):
    from previz.skills.motion.actions import shoot

    m = shoot(SKEL, dunk=dunk)
    airborne = ~(m.contacts["left_ankle"] | m.contacts["right_ankle"])
    head = pos(m, "head")[:, 2]
    apex = int(np.argmax(pos(m, "pelvis")[:, 2]))
    assert airborne[apex]
    for w in ("left_wrist", "right_wrist"):
        assert pos(m, w)[apex, 2] > head[apex] + 0.2
    assert_feet_locked(m)
    if dunk:
        # The slam: the right hand comes down hard after the apex while still in the air.
        r = pos(m, "right_wrist")[:, 2] - pos(m, "pelvis")[:, 2]
        assert r[apex] - r[apex:][airborne[apex:]].min() > 0.3


def test_march_lifts_the_knees_higher_than_a_walk():
    line = [[0, 0], [0, -8]]
    walk = locomotion(SKEL, line, style="walk")
    march = locomotion(SKEL, line, style="march")
    assert pos(march, "left_ankle")[:, 2].max() > pos(walk, "left_ankle")[:, 2].max() + 0.05


def test_layer_puts_a_wave_over_a_walk():
    from previz.skills.motion.clip import layer

    walk = locomotion(SKEL, [[0, 0], [0, -4]], style="walk")
    wave = action(SKEL, "wave", duration=(walk.frames - 1) / 24.0)
    arm = ["right_shoulder", "right_elbow", "right_wrist"]
    both = layer(walk, wave, arm)
    i = [RIG.index(j) for j in arm]
    np.testing.assert_allclose(both.rotations[:, i], wave.rotations[:, i], atol=1e-12)
    legs = [RIG.index(j) for j in ("left_hip", "left_knee", "right_ankle")]
    np.testing.assert_allclose(both.rotations[:, legs], walk.rotations[:, legs])
    np.testing.assert_allclose(both.entity_location, walk.entity_location)
    assert_feet_locked(both)
    half = layer(walk, wave, arm, weight=0.5)
    assert not np.allclose(half.rotations[:, i], wave.rotations[:, i])
    with pytest.raises(InputError, match="differ in length"):
        layer(walk, action(SKEL, "wave"), arm)
