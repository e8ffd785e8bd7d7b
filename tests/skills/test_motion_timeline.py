"""Sequences of steps become one continuous timeline."""

import numpy as np
import pytest

from previz.skills.motion.clip import bake
from previz.skills.motion.metrics import foot_skating
from previz.skills.motion.rig import Rig
from previz.skills.motion.timeline import sequence
from previz.skills.skeletons import make_skeleton
from previz.skills.trajectory.grid import rasterize
from previz.world import Entity, InputError, World

SKEL = make_skeleton("humanoid")
RIG = Rig.from_skeleton(SKEL)


def test_walk_to_the_door_then_turn_then_wave():
    door = (3.0, -4.0)
    m = sequence(SKEL, [{"do": "walk", "to": door}, {"do": "turn", "face": (10.0, -4.0)},
                        {"do": "wave"}])
    np.testing.assert_allclose(m.entity_location[-1, :2], door, atol=1e-6)
    # Faces +X at the end (yaw +90°: the −Y front turned to +X).
    yaw = m.entity_rotation[-1, 2]
    np.testing.assert_allclose([np.sin(yaw), -np.cos(yaw)], [1.0, 0.0], atol=1e-6)
    g = m.globals(RIG)
    wrist, shoulder = g[:, RIG.index("right_wrist"), 2, 3], g[:, RIG.index("right_shoulder"), 2, 3]
    assert (wrist[-30:-15] > shoulder[-30:-15]).all()  # waving at the end
    assert np.linalg.norm(np.diff(m.entity_location, axis=0), axis=1).max() < 0.1
    # Feet stay locked outside the short blends between clips.
    for j in ("left_foot", "right_foot"):
        assert foot_skating(g[:, RIG.index(j), :3, 3], m.contacts[j]).mean_cm < 0.5
    World(entities=[bake(m, Entity(id="a", kind="character", skeleton=SKEL))])


def test_moves_go_around_obstacles_with_a_grid():
    wall = np.array([[-2.0, -2.1], [2.0, -2.1], [2.0, -1.9], [-2.0, -1.9]])
    grid = rasterize([wall], (-5, -6, 5, 2), 0.1).inflate(0.25)
    m = sequence(SKEL, [{"do": "walk", "to": (0.0, -4.0)}], grid=grid)
    xy = m.entity_location[:, :2]
    crossing = np.abs(xy[:, 1] + 2.0) < 0.15
    assert (np.abs(xy[crossing, 0]) > 2.0).all()  # it went round the end of the wall


def test_bad_steps_name_the_step():
    with pytest.raises(InputError, match=r"steps\[1\] \(moonwalk\): unknown step 'moonwalk'"):
        sequence(SKEL, [{"do": "idle"}, {"do": "moonwalk"}])
    with pytest.raises(InputError, match=r"steps\[0\] \(walk\): a move needs 'to'"):
        sequence(SKEL, [{"do": "walk"}])


def test_animate_a_character_in_a_world_around_the_furniture():
    from previz.skills.motion.timeline import animate
    from previz.skills.trajectory.grid import footprints
    from previz.world import AssetRef, Transform

    world = World(entities=[
        Entity(id="hero", kind="character", skeleton=SKEL,
               transform=Transform(location=(0.0, 2.0, 0.0), rotation=(0.0, 0.0, 0.3))),
        Entity(id="table", kind="prop", asset=AssetRef(size=(3.0, 1.0, 0.8)),
               transform=Transform(location=(0.0, 0.0, 0.0))),
    ])
    out = animate(world, "hero", [{"do": "walk", "to": (0.0, -2.0)}, {"do": "wave"}])
    hero = out.entity("hero")
    assert hero.transform.location[0].keys[0].frame == 1
    polys = footprints(out, 1, exclude=["hero"])
    last = int(hero.transform.location[0].keys[-1].frame)
    table = polys[0]
    for f in range(1, last + 1, 3):
        p = out.evaluate(f).entities["hero"].joints["pelvis"][:3, 3]
        inside = (table[:, 0].min() - 0.2 < p[0] < table[:, 0].max() + 0.2
                  and table[:, 1].min() - 0.2 < p[1] < table[:, 1].max() + 0.2)
        assert not inside, f"frame {f}: the pelvis is over the table"
    end = out.evaluate(last).entities["hero"].matrix[:3, 3]
    np.testing.assert_allclose(end[:2], (0.0, -2.0), atol=1e-6)
    start = out.evaluate(1).entities["hero"].matrix
    np.testing.assert_allclose(start[:3, 3], (0.0, 2.0, 0.0), atol=1e-9)
    with pytest.raises(InputError, match="no skeleton"):
        animate(world, "table", [{"do": "idle"}])


def _transition_slides(m, starts, blend):
    """Largest per-frame slide (cm) of a contact joint that is on the ground (within 2 cm of
    its rest height) on both frames, over the frames around each crossfade."""
    g = m.globals(RIG)
    rest = RIG.rest_positions()
    worst = 0.0
    for j in ("left_ankle", "right_ankle", "left_foot", "right_foot"):
        p = g[:, RIG.index(j), :3, 3]
        down = (p[:, 2] - rest[RIG.index(j)][2]) < 0.02
        for s in starts:
            lo, hi = max(0, s - 2), min(m.frames - 1, s + blend + 2)
            for f in range(lo, hi):
                if down[f] and down[f + 1]:
                    worst = max(worst, float(np.linalg.norm(p[f + 1, :2] - p[f, :2])) * 100)
    return worst


def test_feet_stay_locked_through_the_crossfades_of_walk_turn_wave():
    from previz.skills.motion import actions
    from previz.skills.motion.clip import crossfade
    from previz.skills.motion.locomotion import locomotion

    walk = locomotion(SKEL, [(0.0, 0.0), (3.0, -4.0)], style="walk")
    yaw = float(walk.entity_rotation[-1, 2])
    turn = actions.turn(SKEL, 1.2, None, 24.0, walk.entity_location[-1], yaw)
    wave = actions.action(SKEL, "wave", location=turn.entity_location[-1],
                          yaw=float(turn.entity_rotation[-1, 2]))
    blend = 6
    starts = [walk.frames - blend, walk.frames + turn.frames - 2 * blend]
    fixed = crossfade(crossfade(walk, turn, blend, RIG), wave, blend, RIG)
    plain = crossfade(crossfade(walk, turn, blend), wave, blend)
    assert fixed.frames == plain.frames
    assert _transition_slides(fixed, starts, blend) < 0.5
    # Without re-planting, blending two stances drags a planted foot: the check can fail.
    assert _transition_slides(plain, starts, blend) > 0.5
    # The same through `sequence` (which passes the rig), starting already facing the path.
    seq = sequence(SKEL, [{"do": "walk", "to": (3.0, -4.0)}, {"do": "turn", "angle": 1.2},
                          {"do": "wave"}], yaw=float(walk.entity_rotation[0, 2]))
    np.testing.assert_allclose(seq.rotations, fixed.rotations, atol=1e-9)


def test_a_step_with_a_start_time_waits_for_it():
    from previz.skills.motion.locomotion import locomotion

    walk = locomotion(SKEL, [(0.0, 0.0), (0.0, -2.0)], style="walk")
    late = 2.0 + walk.frames / 24.0
    m = sequence(SKEL, [{"do": "walk", "to": (0.0, -2.0)},
                        {"do": "wave", "start": late}])
    g = m.globals(RIG)
    wrist = g[:, RIG.index("right_wrist"), 2, 3]
    shoulder = g[:, RIG.index("right_shoulder"), 2, 3]
    up = np.flatnonzero(wrist > shoulder)
    # The wave's hand goes up a little after the wave starts, never before its start time.
    assert round(late * 24) <= up[0] <= round(late * 24) + 12
    # Standing still while waiting.
    np.testing.assert_allclose(m.entity_location[walk.frames:round(late * 24), :2],
                               np.tile([0.0, -2.0], (round(late * 24) - walk.frames, 1)),
                               atol=1e-9)
    with pytest.raises(InputError, match=r"steps\[1\] \(wave\): start must be"):
        sequence(SKEL, [{"do": "idle"}, {"do": "wave", "start": -1}])


def test_a_move_that_sets_off_sideways_starts_with_a_turn_on_the_spot():
    """Facing −Y and told to walk to +X: the body turns in place first (feet planted, no
    sliding), then walks facing its path."""
    m = sequence(SKEL, [{"do": "idle", "duration": 1.0}, {"do": "walk", "to": (3.0, 0.0)}])
    g = m.globals(RIG)
    x = m.entity_location[:, 0]
    moving = np.flatnonzero(np.abs(np.diff(x)) > 1e-4)
    yaw_at_start = m.entity_rotation[moving[0], 2]
    # By the time it moves it already faces +X (yaw +90°: the −Y front turned to +X).
    assert abs(np.sin(yaw_at_start) - 1.0) < 0.05
    assert _transition_slides(m, [24 - 6, moving[0] - 10], 16) < 0.5
    for j in ("left_ankle", "right_ankle"):
        assert foot_skating(g[:, RIG.index(j), :3, 3], m.contacts[j]).max_cm < 0.5
