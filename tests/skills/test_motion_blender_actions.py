"""Issue 16's defining properties on Blender's evaluated bones (after `bridge.build`): a dunk's
right wrist is at the 3.05 m rim at the top of the jump, a sit on the floor puts the pelvis
10 cm over it with the feet on it."""

import bpy
import numpy as np
import pytest

from previz.addon.bridge import build
from previz.skills.motion import actions, repertoire
from previz.skills.motion.clip import bake
from previz.skills.skeletons import make_skeleton
from previz.world import Entity, World

pytestmark = pytest.mark.blender


def _blender(motion, skel):  # type: ignore[no-untyped-def]
    world = World(entities=[bake(motion, Entity(id="hero", kind="character", skeleton=skel),
                                 tolerance=1e-4)])
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene)
    arm = bpy.data.objects["hero"]

    def head(frame: int, bone: str) -> np.ndarray:
        scene.frame_set(frame)
        return np.array(arm.matrix_world @ arm.pose.bones[bone].head)
    return head


def test_a_dunks_right_wrist_is_at_the_rim_at_the_top_of_the_jump_in_blender():
    skel = make_skeleton("humanoid")
    motion = actions.shoot(skel, dunk=True)
    head = _blender(motion, skel)
    frames = range(1, motion.frames + 1)
    pelvis = [head(f, "pelvis")[2] for f in frames]
    top = int(np.argmax(pelvis)) + 1
    assert abs(head(top, "right_wrist")[2] - 3.05) < 0.05
    assert max(head(f, "right_wrist")[2] for f in frames) < 3.10


def test_a_sit_on_the_floor_puts_the_pelvis_on_it_in_blender():
    skel = make_skeleton("humanoid")
    motion = repertoire.sit_on(skel, 0.0, 0.3)
    head = _blender(motion, skel)
    last = motion.frames
    assert abs(head(last, "pelvis")[2] - 0.10) < 0.03
    assert abs(head(last, "left_ankle")[2] - head(1, "left_ankle")[2]) < 0.01  # feet stay
