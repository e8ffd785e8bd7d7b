"""Styles of moving: each changes the motion in the way its name says, feet stay locked."""

import numpy as np
import pytest

from previz.skills.motion.actions import action
from previz.skills.motion.legs import stance_runs
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.metrics import foot_skating
from previz.skills.motion.rig import Rig
from previz.skills.motion.styles import STYLES
from previz.skills.motion.timeline import sequence
from previz.skills.skeletons import make_skeleton
from previz.world import InputError

SKEL = make_skeleton("humanoid")
RIG = Rig.from_skeleton(SKEL)
PATH = [(0.0, 0.0), (0.0, -8.0)]
FEET = ("left_ankle", "left_foot", "right_ankle", "right_foot")


def _walk(manner, speed=1.2):
    m = locomotion(SKEL, PATH, style="walk", speed=speed, manner=manner)
    return m, m.globals(RIG)


def _cruise(m):
    """Frames at cruise speed (the middle third)."""
    return slice(m.frames // 3, 2 * m.frames // 3)


def _stride(m, g):
    """Mean distance between successive plants of the left ankle (m): one stride."""
    p = g[:, RIG.index("left_ankle"), :3, 3]
    plants = [p[(a + b) // 2, :2] for a, b in stance_runs(m.contacts["left_ankle"])]
    d = np.linalg.norm(np.diff(plants, axis=0), axis=1)
    return float(np.median(d[1:-1]))


def _locked(m, g):
    for j in FEET:
        assert foot_skating(g[:, RIG.index(j), :3, 3], m.contacts[j]).max_cm < 0.5, j


def test_a_sneak_is_lower_with_shorter_strides_than_a_neutral_walk_at_the_same_speed():
    neutral, gn = _walk("neutral")
    sneak, gs = _walk("sneak")
    pelvis = RIG.index("pelvis")
    hn = gn[_cruise(neutral), pelvis, 2, 3].mean()
    hs = gs[_cruise(sneak), pelvis, 2, 3].mean()
    assert hn - hs > 0.08  # crouched by about 12 cm
    assert _stride(sneak, gs) < 0.8 * _stride(neutral, gn)
    # Same speed: the root covers the path in about the same time.
    assert abs(sneak.frames - neutral.frames) < 0.15 * neutral.frames
    _locked(neutral, gn)
    _locked(sneak, gs)


def test_walk_styles_differ_in_lean_arm_swing_knee_lift_and_default_speed():
    def lean(g, m):  # forward tilt of pelvis → neck, degrees (+ = forward, towards −Y)
        d = g[_cruise(m), RIG.index("neck"), :3, 3] - g[_cruise(m), RIG.index("pelvis"), :3, 3]
        return float(np.degrees(np.arctan2(-d[:, 1], d[:, 2])).mean())

    def swing(g, m):  # fore-aft range of the right wrist relative to the pelvis
        d = g[_cruise(m), RIG.index("right_wrist"), 1, 3] - g[_cruise(m), RIG.index("pelvis"), 1, 3]
        return float(np.ptp(d))

    def lift(g, m):  # highest the ankle goes above its rest height
        return float(g[_cruise(m), RIG.index("left_ankle"), 2, 3].max())

    walks = {name: _walk(name) for name in ("neutral", "tired", "proud", "brisk")}
    n, t, p, b = (walks[k] for k in ("neutral", "tired", "proud", "brisk"))
    assert lean(t[1], t[0]) > lean(n[1], n[0]) + 3 > lean(p[1], p[0]) + 3
    assert swing(b[1], b[0]) > 1.2 * swing(n[1], n[0])
    assert swing(n[1], n[0]) > 1.5 * swing(t[1], t[0])
    assert lift(p[1], p[0]) > lift(n[1], n[0]) > lift(t[1], t[0])
    # Without a speed, each style walks at its own pace: tired is slower, brisk faster.
    frames = {k: locomotion(SKEL, PATH, style="walk", manner=k).frames
              for k in ("neutral", "tired", "brisk")}
    assert frames["brisk"] < frames["neutral"] < frames["tired"]
    for m, g in walks.values():
        _locked(m, g)


def test_a_tired_head_droops_and_a_proud_chin_lifts():
    def head_pitch(manner):
        m, g = _walk(manner)
        face = -g[_cruise(m), RIG.index("head"), :3, 1]  # the face looks along −Y of the head
        return float(np.degrees(np.arcsin(-face[:, 2])).mean())  # + = looking down

    assert head_pitch("tired") > head_pitch("neutral") + 5 > head_pitch("proud") + 5


def test_gesture_styles_change_amplitude_and_tempo():
    def wave(style):
        m = action(SKEL, "wave", style=style)
        g = m.globals(RIG)
        return m, g[:, RIG.index("right_wrist"), 2, 3].max()

    (n, hn), (t, ht), (b, _) = wave("neutral"), wave("tired"), wave("brisk")
    assert t.frames > n.frames > b.frames  # tempo
    assert ht < hn - 0.03  # a tired wave does not reach as high
    # An explicit duration wins over the tempo.
    assert action(SKEL, "wave", duration=2.0, style="brisk").frames == n.frames


def test_styles_through_sequence_and_unknown_names():
    m = sequence(SKEL, [{"do": "walk", "to": (0.0, -4.0), "style": "sneak"},
                        {"do": "wave", "style": "tired"}])
    plain = sequence(SKEL, [{"do": "walk", "to": (0.0, -4.0)}, {"do": "wave"}])
    assert m.frames > plain.frames  # a sneak is slower and a tired wave longer
    with pytest.raises(InputError, match=r"steps\[0\] \(walk\): unknown style 'jaunty'; "
                                         r"choose one of: neutral, relaxed, brisk, sneak"):
        sequence(SKEL, [{"do": "walk", "to": (1.0, 0.0), "style": "jaunty"}])
    with pytest.raises(InputError, match="unknown style"):
        action(SKEL, "wave", style="jaunty")
    with pytest.raises(InputError, match="unknown style"):
        locomotion(SKEL, PATH, manner="jaunty")
    assert list(STYLES)[:1] == ["neutral"]


def test_styles_are_deterministic():
    """Each style's walk is the same array, bit for bit, in two processes with different hash
    seeds and in this one."""
    import hashlib
    import json

    from two_processes import outputs_in_two_processes

    code = ("import hashlib, json; from previz.skills.motion.locomotion import locomotion; "
            "from previz.skills.motion.styles import STYLES; "
            "from previz.skills.skeletons import make_skeleton; s = make_skeleton('humanoid'); "
            "print(json.dumps({m: hashlib.sha256(locomotion(s, [(0.0, 0.0), (0.0, -8.0)], "
            "manner=m).rotations.tobytes()).hexdigest() for m in STYLES}))")
    a, b = outputs_in_two_processes(code)
    assert a == b
    here = hashlib.sha256(locomotion(SKEL, PATH, manner="tired").rotations.tobytes()).hexdigest()
    assert json.loads(a)["tired"] == here and len(json.loads(a)) == len(STYLES)
