"""Baked motion in Blender: a joint angle keyed in the World is exactly the pose channel after
`previz.addon.bridge.build`, and the evaluated joints match Blender's pose."""

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.skills.motion.clip import bake
from previz.skills.motion.locomotion import locomotion
from previz.skills.skeletons import make_skeleton
from previz.world import Entity, World
from previz.world.tracks import sample

pytestmark = pytest.mark.blender


def test_joint_angles_and_joint_positions_survive_build():
    skel = make_skeleton("humanoid")
    motion = locomotion(skel, [[0, 0], [1.5, -2.5]], style="walk")
    world = World(entities=[bake(motion, Entity(id="hero", kind="character", skeleton=skel))])
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene)
    arm = bpy.data.objects["hero"]
    knee = world.entity("hero").skeleton.joint("left_knee")
    for frame in (1, motion.frames // 2, motion.frames - 3):
        scene.frame_set(frame)
        pb = arm.pose.bones["left_knee"]
        for axis in range(3):
            assert pb.rotation_euler[axis] == pytest.approx(sample(knee.rotation[axis], frame),
                                                            abs=1e-6)
        state = world.evaluate(frame).entities["hero"]
        for name in ("left_ankle", "right_foot", "head", "left_wrist"):
            head = np.array(arm.matrix_world @ arm.pose.bones[name].head)
            np.testing.assert_allclose(head, state.joints[name][:3, 3], atol=1e-5)
