"""The Motion panel headless: actions keyed on an armature with planted feet (measured on the
evaluated pose bones in Blender), a character following a curve, path re-planning round
obstacles, undo, failures that change nothing, and the panel drawn in every state."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from previz.addon import jobs
from previz.addon.bridge.fcurves import _find_fcurve
from previz.addon.console import motion

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"
FEET = ("left_foot", "right_foot")


@pytest.fixture
def room(enabled) -> bpy.types.Scene:
    bpy.ops.previz.import_world(filepath=str(ROOM))
    scene = enabled
    scene.frame_set(1)
    bpy.context.view_layer.objects.active = bpy.data.objects["mara"]
    return scene


def _keys(obj: bpy.types.Object, path: str) -> np.ndarray:
    """Key frames of the channel's most-keyed component (static channels have none)."""
    best = np.zeros(0)
    for index in range(3):
        fc = _find_fcurve(obj, path, index)
        if fc is None:
            continue
        co = np.empty(2 * len(fc.keyframe_points))
        fc.keyframe_points.foreach_get("co", co)
        best = co[0::2] if len(co) // 2 > len(best) else best
    return best


def _joint_tracks(scene, obj, names, frames) -> dict[str, np.ndarray]:
    """World positions of pose bones' heads, frame by frame, as Blender evaluates them."""
    out = {n: [] for n in names}
    for f in frames:
        scene.frame_set(f)
        mw = obj.matrix_world
        for n in names:
            out[n].append(tuple(mw @ obj.pose.bones[n].head))
    return {n: np.array(v) for n, v in out.items()}


def _root_track(scene, obj, frames) -> np.ndarray:
    pts = []
    for f in frames:
        scene.frame_set(f)
        pts.append(tuple(obj.matrix_world.translation))
    return np.array(pts)


def _max_planted_slide(track: np.ndarray) -> float:
    """Largest ground-plane move between consecutive frames while the foot is down (within
    1 cm of its lowest height)."""
    down = track[:, 2] < track[:, 2].min() + 0.01
    both = down[1:] & down[:-1]
    steps = np.linalg.norm(np.diff(track[:, :2], axis=0), axis=1)
    assert both.sum() > 5, "the foot is never planted"
    return float(steps[both].max())


def _distance_to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    a, b = line[:-1], line[1:]
    ab = b - a
    t = np.clip(((points[:, None] - a[None]) * ab[None]).sum(-1)
                / np.maximum((ab**2).sum(-1), 1e-12)[None], 0, 1)
    closest = a[None] + t[..., None] * ab[None]
    return np.linalg.norm(points[:, None] - closest, axis=-1).min(axis=1)


def test_walk_keys_the_armature_with_planted_feet(room) -> None:
    mara = bpy.data.objects["mara"]
    s = room.previz.motion
    s.action, s.duration = "walk", 2.0
    start = np.array(mara.matrix_world.translation)
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    frames = _keys(mara, 'pose.bones["left_knee"].rotation_euler')
    assert frames.min() == 1 and frames.max() >= 48  # every frame of the walk and its stop
    assert len(frames) == frames.max()
    last = int(frames.max())
    feet = _joint_tracks(room, mara, FEET, range(1, last + 1))
    for name in FEET:
        assert _max_planted_slide(feet[name]) < 0.005, name  # 0.5 cm per frame
    end = _root_track(room, mara, [last])[0]
    # Mara faces +X (front is −Y, turned 90°): 2 s of walking takes her about 2.8 m that way.
    assert end[0] - start[0] > 2.0 and abs(end[1] - start[1]) < 0.05
    # The keys are the World's: the scene reads back with the walk on Mara's root and joints.
    from previz.addon.bridge import read
    from previz.world import Curve

    world = read(room)
    x = world.entity("mara").transform.location[0]
    assert isinstance(x, Curve) and x.keys[-1].value == pytest.approx(end[0], abs=1e-4)
    state = world.evaluate(last)
    foot = state.entities["mara"].joints["left_foot"][:3, 3]
    assert np.allclose(foot, feet["left_foot"][-1], atol=1e-3)


def test_foot_lock_off_is_a_lighter_clip(room) -> None:
    mara = bpy.data.objects["mara"]
    s = room.previz.motion
    s.action = "walk"
    s.foot_lock = False
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    loose = _keys(mara, 'pose.bones["left_knee"].rotation_euler')
    s.foot_lock = True
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    locked = _keys(mara, 'pose.bones["left_knee"].rotation_euler')
    assert loose.max() == locked.max()
    assert len(loose) <= len(locked) // motion.apply.LOOSE_KEY_STEP + 2


def test_action_with_parameters(room) -> None:
    mara = bpy.data.objects["mara"]
    s = room.previz.motion
    s.action, s.duration, s.hand = "wave", 1.5, "LEFT"
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    assert _keys(mara, 'pose.bones["left_shoulder"].rotation_euler').max() == 1 + 36
    tracks = _joint_tracks(room, mara, ("left_wrist", "right_wrist"), (1, 19))
    # Waving with the left hand raises the left wrist, the right one stays down.
    assert tracks["left_wrist"][1, 2] - tracks["left_wrist"][0, 2] > 0.3
    assert abs(tracks["right_wrist"][1, 2] - tracks["right_wrist"][0, 2]) < 0.1


def test_follow_curve_stays_on_the_curve(room) -> None:
    mara = bpy.data.objects["mara"]
    assert bpy.ops.previz.motion_draw_trajectory() == {"FINISHED"}
    curve = room.previz.motion.curve
    assert curve is not None and curve.type == "CURVE"
    # The user reshapes it: pull the last point 1.5 m sideways.
    end_point = curve.data.splines[0].bezier_points[-1]
    end_point.co.y -= 1.5
    bpy.context.view_layer.objects.active = curve  # the character is remembered
    assert bpy.ops.previz.motion_follow_curve() == {"FINISHED"}
    line = motion.apply.curve_points(curve, bpy.context.evaluated_depsgraph_get())
    last = int(_keys(mara, "location").max())
    root = _root_track(room, mara, range(1, last + 1))[:, :2]
    assert np.linalg.norm(root[-1] - line[-1]) < 0.05
    assert np.linalg.norm(root[0] - line[0]) < 0.05
    assert _distance_to_polyline(root, line).max() < 0.02


def test_replan_goes_round_the_table(room) -> None:
    mara = bpy.data.objects["mara"]
    table = bpy.data.objects["table"]
    tx, ty = table.matrix_world.translation.x, table.matrix_world.translation.y
    goal = np.array([tx + 1.0, ty + 0.1])  # beyond the table's far corner, seen from mara
    half = np.array(table.previz.asset_size[:2]) / 2
    start = np.array(mara.matrix_world.translation)[:2]
    straight = start + np.linspace(0, 1, 50)[:, None] * (goal - start)
    assert ((np.abs(straight - (tx, ty)) < half).all(axis=1)).any()  # a straight walk hits it
    room.cursor.location = (*goal, 0.0)
    assert bpy.ops.previz.motion_replan() == {"FINISHED"}
    curve = room.previz.motion.curve
    assert curve is not None and len(curve.data.splines[0].points) >= 2
    last = int(_keys(mara, "location").max())
    root = _root_track(room, mara, range(1, last + 1))
    assert np.linalg.norm(root[-1, :2] - goal) < 0.1
    inside = (np.abs(root[:, 0] - tx) < half[0]) & (np.abs(root[:, 1] - ty) < half[1])
    assert not inside.any()  # never through the table


def test_replan_to_a_goal_object_round_the_other_character(room) -> None:
    theo = np.array(bpy.data.objects["theo"].matrix_world.translation)
    goal = bpy.data.objects.new("goal", None)
    room.collection.objects.link(goal)
    goal.location = (theo[0] + 1.0, theo[1], 0.0)  # straight past theo
    s = room.previz.motion
    s.goal, s.goal_object = "OBJECT", goal
    assert bpy.ops.previz.motion_replan() == {"FINISHED"}
    mara = bpy.data.objects["mara"]
    last = int(_keys(mara, "location").max())
    root = _root_track(room, mara, range(1, last + 1))
    assert np.linalg.norm(root[-1, :2] - np.array(goal.location)[:2]) < 0.1
    # Round theo, not through him: two body radii apart at least.
    assert np.linalg.norm(root[:, :2] - theo[:2], axis=1).min() > 0.45
    s.goal_object = bpy.data.objects["theo"]
    with pytest.raises(RuntimeError, match="another character"):
        bpy.ops.previz.motion_replan()


def _snapshot(scene) -> tuple:
    mara = bpy.data.objects["mara"]
    return (sorted(o.name for o in bpy.data.objects), len(bpy.data.curves),
            tuple(_keys(mara, 'pose.bones["left_knee"].rotation_euler')),
            tuple(mara.location), scene.frame_end)


def test_failures_change_nothing(room) -> None:
    before = _snapshot(room)
    room.cursor.location = bpy.data.objects["table"].matrix_world.translation
    with pytest.raises(RuntimeError, match="inside an obstacle"):
        bpy.ops.previz.motion_replan()
    assert _snapshot(room) == before
    with pytest.raises(RuntimeError, match="choose a curve"):
        bpy.ops.previz.motion_follow_curve()
    room.previz.motion.action = "trot"  # a dog's gait
    with pytest.raises(RuntimeError, match="no gait 'trot'"):
        bpy.ops.previz.motion_apply()
    assert _snapshot(room) == before
    bpy.context.view_layer.objects.active = bpy.data.objects["sofa"]
    with pytest.raises(RuntimeError, match="not a Previz character"):
        bpy.ops.previz.motion_apply()
    bpy.context.view_layer.objects.active = None
    with pytest.raises(RuntimeError, match="select a character"):
        bpy.ops.previz.motion_apply()
    assert _snapshot(room) == before


@pytest.mark.parametrize("op", ["motion_apply", "motion_replan"])
def test_undo_restores_the_character(room, op: str) -> None:
    room.cursor.location = (0.0, -1.5, 0.0)
    before = _snapshot(room)
    bpy.ops.ed.undo_push(message="before")
    getattr(bpy.ops.previz, op)("EXEC_DEFAULT", True)
    assert _snapshot(bpy.context.scene) != before
    bpy.ops.ed.undo()
    assert _snapshot(bpy.context.scene) == before


def test_panel_draws_in_every_state(room, draw_panel) -> None:
    panel = motion.PREVIZ_PT_motion
    no_scene = draw_panel(panel, SimpleNamespace(scene=None, active_object=None))
    assert ("label", (), {"text": "No scene"}) in no_scene
    nothing = draw_panel(panel, SimpleNamespace(scene=room, active_object=None))
    assert any("Select a character" in str(c) for c in nothing)
    mara = bpy.data.objects["mara"]
    drawn = draw_panel(panel, SimpleNamespace(scene=room, active_object=mara))
    assert ("operator", ("previz.motion_apply",), {"icon": "PLAY"}) in drawn
    assert ("prop", (room.previz.motion, "foot_lock"), {}) in drawn
    import threading

    gate = threading.Event()
    job = jobs.JOBS.submit(lambda p: (p(0.5, "planning"), gate.wait(5)), "plan")
    try:
        while job.progress.snapshot()[0] < 0.5:
            pass
        drawn = draw_panel(panel, SimpleNamespace(scene=room, active_object=mara))
        assert any(c[0] == "progress" for c in drawn)
    finally:
        gate.set()
        job.wait(5)


def test_every_listed_action_is_known_to_the_skills() -> None:
    from previz.skills.motion import actions
    from previz.skills.motion.locomotion import HUMAN_STYLES, QUADRUPED_STYLES

    known = {*HUMAN_STYLES, *QUADRUPED_STYLES, *actions.ACTIONS, *actions.GENERATORS,
             "quadruped_sit"}
    assert set(motion.apply.ACTION_NAMES) == known


def test_style_changes_the_walk(room) -> None:
    # Styles are a feature of the panel: if they disappear this fails rather than skips.
    assert motion.HAS_STYLE, "the motion skills have no styles of moving"
    assert "sneak" in motion.apply.STYLES
    mara = bpy.data.objects["mara"]
    s = room.previz.motion
    s.action, s.duration = "walk", 2.0

    def pelvis_height() -> float:
        assert bpy.ops.previz.motion_apply() == {"FINISHED"}
        return float(_joint_tracks(room, mara, ("pelvis",), range(10, 40))["pelvis"][:, 2]
                     .mean())

    neutral = pelvis_height()
    s.style = "sneak"  # a crouched walk
    assert pelvis_height() < neutral - 0.05


def test_a_dog_trots_and_sits(enabled, tmp_path: Path) -> None:
    import json

    from previz.skills.skeletons import make_skeleton

    # The example's dog has its own joint names; the quadruped gaits need the template's.
    data = json.loads((ROOT / "examples" / "quadruped_path.json").read_text())
    for e in data["entities"]:
        if e["id"] == "dog":
            e["skeleton"] = make_skeleton("quadruped").model_dump(mode="json")
            e["transform"] = {"location": [0.0, 0.0, 0.0]}
    data["relations"] = [r for r in data.get("relations", []) if "dog" not in
                         (r.get("subject"), r.get("target"))]
    path = tmp_path / "dog.json"
    path.write_text(json.dumps(data))
    bpy.ops.previz.import_world(filepath=str(path))
    scene = bpy.context.scene
    scene.frame_set(1)
    dog = bpy.data.objects["dog"]
    bpy.context.view_layer.objects.active = dog
    s = scene.previz.motion
    start = np.array(dog.matrix_world.translation)
    s.action, s.duration = "trot", 1.5
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    last = int(_keys(dog, "location").max())
    end = _root_track(scene, dog, [last])[0]
    assert np.linalg.norm(end[:2] - start[:2]) > 2.0  # about 2 m/s for 1.5 s
    s.action = "quadruped_sit"
    assert bpy.ops.previz.motion_apply() == {"FINISHED"}
    s.action = "wave"  # a humanoid's action
    with pytest.raises(RuntimeError, match="humanoid"):
        bpy.ops.previz.motion_apply()
