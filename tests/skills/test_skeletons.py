"""Skeleton templates: structure, proportions, scaling and the World round trip."""

import math

import numpy as np
import pytest

from previz.skills.skeletons import (
    HUMANOID_JOINTS,
    TEMPLATES,
    clamp_to_limits,
    make_skeleton,
    skeleton_scale,
)
from previz.world import Entity, InputError, World


def _world_with(skel):
    return World(entities=[Entity(id="a", kind="character", skeleton=skel)])


def test_humanoid_has_smpl_joint_order():
    skel = make_skeleton("humanoid")
    assert [j.name for j in skel.joints] == HUMANOID_JOINTS
    assert len(skel.joints) == 22
    assert skel.template == "humanoid"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_builds_a_valid_world_and_rest_pose_matches_table(name):
    tpl = TEMPLATES[name]
    world = _world_with(make_skeleton(name))
    state = world.evaluate(1)
    rest = tpl.rest_positions()
    for joint, pos in state.entities["a"].joint_positions().items():
        np.testing.assert_allclose(pos, rest[joint], atol=1e-12)
    # Contacts, limbs and limits name real joints; each limb is a parent chain.
    names = set(tpl.names())
    assert set(tpl.contacts) <= names
    parent = {j.name: j.parent for j in tpl.joints}
    for limb in tpl.legs + tpl.wings + tpl.arms:
        assert parent[limb.lower] == limb.upper and parent[limb.end] == limb.lower
        assert limb.tip == limb.end or parent[limb.tip] == limb.end
    for spec in tpl.joints:
        for lo, hi in spec.limits:
            assert lo <= 0.0 <= hi, f"{name}.{spec.name}: rest pose outside its limits"


def test_humanoid_proportions_and_orientation():
    pos = TEMPLATES["humanoid"].rest_positions()
    # Left is +X when facing -Y; the feet are in front of the ankles (-Y); head near 1.6 m.
    assert pos["left_hip"][0] > 0 > pos["right_hip"][0]
    assert pos["left_wrist"][0] > 0.6 and pos["right_wrist"][0] < -0.6
    assert pos["left_foot"][1] < pos["left_ankle"][1]
    assert 1.5 < pos["head"][2] < 1.7
    thigh = np.linalg.norm(pos["left_knee"] - pos["left_hip"])
    shin = np.linalg.norm(pos["left_ankle"] - pos["left_knee"])
    assert 0.38 < thigh < 0.46 and 0.38 < shin < 0.46
    # Symmetric.
    for n, p in pos.items():
        if n.startswith("left_"):
            np.testing.assert_allclose(pos["right_" + n[5:]], p * [-1, 1, 1])


def test_make_skeleton_scales_uniformly():
    base = make_skeleton("humanoid")
    tall = make_skeleton("humanoid", height=1.925)
    for a, b in zip(base.joints, tall.joints, strict=True):
        np.testing.assert_allclose(np.array(b.offset), np.array(a.offset) * 1.1, atol=1e-12)
    assert skeleton_scale(tall) == pytest.approx(1.1)


def test_bad_template_and_height_are_input_errors():
    with pytest.raises(InputError, match=r"unknown skeleton template 'robot'.*humanoid"):
        make_skeleton("robot")
    with pytest.raises(InputError, match="positive"):
        make_skeleton("humanoid", height=-1)
    with pytest.raises(InputError, match="positive"):
        make_skeleton("humanoid", height=math.nan)


def test_clamp_to_limits():
    out = clamp_to_limits("humanoid", "left_knee", np.array([3.0, 0.0, -1.0]))
    assert out[0] == pytest.approx(math.radians(150))
    assert out[2] == pytest.approx(math.radians(-10))
