"""BVH export checked against the reference reader: Blender's own importer (io_anim_bvh)."""

import bpy
import numpy as np
import pytest

from previz.skills.bvh import write
from previz.skills.motion.actions import action
from previz.skills.motion.locomotion import locomotion
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton

pytestmark = pytest.mark.blender


@pytest.mark.parametrize("name", ["humanoid", "quadruped"])
def test_blender_imports_our_bvh_with_the_same_joint_rotations(tmp_path, name):
    skel = make_skeleton(name)
    rig = Rig.from_skeleton(skel)
    if name == "humanoid":
        motion = locomotion(skel, [[0, 0], [2, -3], [4, -3]], style="walk")
    else:
        motion = locomotion(skel, [[0, 0], [0, -3]], style="trot")
    path = tmp_path / "clip.bvh"
    write(path, skel, motion)

    import addon_utils  # importable only once bpy is

    addon_utils.enable("io_anim_bvh")
    bpy.ops.wm.read_homefile(use_empty=True)
    result = bpy.ops.import_anim.bvh(
        filepath=str(path), global_scale=1.0, frame_start=1, use_fps_scale=False,
        rotate_mode="NATIVE", axis_forward="-Z", axis_up="Y",
    )
    assert result == {"FINISHED"}
    arm = bpy.context.object
    assert {b.name for b in arm.pose.bones} == set(rig.names)
    ours = motion.globals(rig)
    scene = bpy.context.scene
    worst_rot = worst_local = worst_pos = 0.0
    for frame in sorted({1, 2, motion.frames // 3, motion.frames // 2, motion.frames}):
        scene.frame_set(frame)
        glob = {}
        for pb in arm.pose.bones:
            m = np.array(arm.matrix_world @ pb.matrix)
            # Blender bones have a rest orientation along the bone; ours is identity. The
            # pose relative to rest, in world axes, is the joint's global rotation.
            glob[pb.name] = m[:3, :3] @ np.linalg.inv(np.array(pb.bone.matrix_local)[:3, :3])
            g = ours[frame - 1, rig.index(pb.name)]
            worst_rot = max(worst_rot, np.abs(glob[pb.name] - g[:3, :3]).max())
            worst_pos = max(worst_pos, np.abs(m[:3, 3] - g[:3, 3]).max())
        for pb in arm.pose.bones:
            if pb.parent is None:
                continue
            local = glob[pb.parent.name].T @ glob[pb.name]
            worst_local = max(worst_local,
                              np.abs(local - motion.rotations[frame - 1, rig.index(pb.name)]).max())
    assert worst_rot < 1e-4 and worst_local < 1e-4, (worst_rot, worst_local)
    assert worst_pos < 1e-4
    if name == "humanoid":
        # And a pose with big arm rotations.
        wave = action(skel, "wave")
        write(path, skel, wave)
        bpy.ops.wm.read_homefile(use_empty=True)
        bpy.ops.import_anim.bvh(filepath=str(path), global_scale=1.0, frame_start=1,
                                use_fps_scale=False, rotate_mode="NATIVE")
        arm = bpy.context.object
        scene = bpy.context.scene
        k = wave.frames // 2
        scene.frame_set(k + 1)
        pb = arm.pose.bones["right_elbow"]
        m = np.array(arm.matrix_world @ pb.matrix)
        rot = m[:3, :3] @ np.linalg.inv(np.array(pb.bone.matrix_local)[:3, :3])
        np.testing.assert_allclose(rot, wave.globals(rig)[k, rig.index("right_elbow"), :3, :3],
                                   atol=1e-4)
