"""The action library: each action's defining property, measured on the evaluated World's joints
(baked onto an entity and evaluated as Blender would), with the feet planted where they stand."""

import numpy as np
import pytest

from previz.agents.fidelity import measures as m
from previz.skills.motion import action
from previz.skills.motion.clip import bake
from previz.skills.motion.metrics import foot_skating
from previz.skills.motion.repertoire import (
    MORE,
    QUADRUPED,
    SIT_CLEARANCE,
    leap,
    quadruped_action,
    reach,
    sit_on,
)
from previz.skills.motion.rig import Rig
from previz.skills.skeletons import make_skeleton
from previz.skills.vocabulary import terms
from previz.world import Entity, World

HUMAN = make_skeleton("humanoid")
DOG = make_skeleton("quadruped")


def evaluated(motion, skeleton, extra=()):
    ent = bake(motion, Entity(id="a", kind="character", skeleton=skeleton), 1)
    world = World(entities=[ent, *extra])
    return world, m.States(world), list(range(1, motion.frames + 1))


def box(eid, cls, size, at):
    return Entity(id=eid, kind="prop", semantic_class=cls, asset={"size": size},
                  transform={"location": at})


def feet_still(motion, skeleton):
    rig = Rig.from_skeleton(skeleton)
    g = motion.globals(rig)
    for leg in rig.require_template().legs:
        for j in (leg.end, leg.tip):
            sk = foot_skating(g[:, rig.index(j), :3, 3], motion.contacts[j])
            assert sk.max_cm < 0.5, f"{j} slides {sk.max_cm:.2f} cm/frame"


@pytest.mark.parametrize("name", sorted(set(MORE) - {"sit_still", "lie_fallen"}))
def test_every_new_keyed_action_moves_arms_or_head_with_feet_planted(name):
    mo = action(HUMAN, name)
    world, st, frames = evaluated(mo, HUMAN)
    r = m.moves_joints(world, st, "a", frames, (), 10.0)
    assert r.ok, f"{name}: {r.detail}"
    feet_still(mo, HUMAN)


@pytest.mark.parametrize("name", sorted(QUADRUPED))
def test_every_animal_action_moves_its_neck_head_or_tail(name):
    mo = quadruped_action(DOG, name)
    world, st, frames = evaluated(mo, DOG)
    r = m.moves_joints(world, st, "a", frames, ("neck", "head", "tail1", "pelvis", "chest"),
                       10.0)
    assert r.ok, f"{name}: {r.detail}"
    feet_still(mo, DOG)


def test_talk_turns_the_head_both_ways_and_gestures_with_both_hands():
    mo = action(HUMAN, "talk")
    world, st, frames = evaluated(mo, HUMAN)
    assert m.moves_joints(world, st, "a", frames, ("head",), 20.0).ok
    assert m.moves_joints(world, st, "a", frames, ("left_elbow",), 40.0).ok
    assert m.moves_joints(world, st, "a", frames, ("right_elbow",), 40.0).ok


def test_sit_on_puts_the_pelvis_over_the_seat_at_its_surface():
    seat = box("bench", "bench", (1.2, 0.4, 0.45), (0.0, 0.4, 0.0))
    mo = sit_on(HUMAN, 0.45, back=0.4)
    world, st, frames = evaluated(mo, HUMAN, [seat])
    r = m.seated(world, st, "a", frames, ["bench"])
    assert r.ok, r.detail
    pelvis = st.at(frames[-1]).entities["a"].joints["pelvis"][:3, 3]
    assert pelvis[2] == pytest.approx(0.45 + SIT_CLEARANCE, abs=0.03)
    assert pelvis[1] == pytest.approx(0.4, abs=0.03)  # 0.4 m behind where the feet stand
    feet_still(mo, HUMAN)


def test_a_seat_out_of_reach_is_an_error_not_a_squat():
    with pytest.raises(Exception, match="cannot be sat on"):
        sit_on(HUMAN, 2.0)


def test_leap_onto_a_table_is_airborne_and_ends_with_both_feet_on_its_top():
    table = box("table", "table", (1.4, 0.8, 0.75), (0.0, -1.2, 0.0))
    mo = leap(HUMAN, (0.0, -1.2), top=0.75)
    world, st, frames = evaluated(mo, HUMAN, [table])
    assert m.airborne(world, st, "a", frames, 0.5).ok
    r = m.ends_on(world, st, "a", frames, ["table"])
    assert r.ok, r.detail
    assert r.value == pytest.approx(0.0, abs=0.03)  # feet (ankles) on the top, within 3 cm


def test_a_cat_leaps_onto_the_table_too():
    cat = make_skeleton("quadruped", height=0.3)
    table = box("table", "table", (1.4, 0.8, 0.75), (0.0, -1.0, 0.0))
    mo = leap(cat, (0.0, -1.0), top=0.75)
    world, st, frames = evaluated(mo, cat, [table])
    assert m.ends_on(world, st, "a", frames, ["table"]).ok


def test_reach_brings_the_wrist_to_an_object_on_a_counter():
    cup = box("cup", "cup", (0.08, 0.08, 0.1), (-0.15, -0.3, 0.9))
    mo = reach(HUMAN, (-0.15, -0.3, 0.95))
    world, st, frames = evaluated(mo, HUMAN, [cup])
    r = m.holds(world, st, "a", frames, ["cup"])
    assert r.ok, r.detail
    feet_still(mo, HUMAN)


def test_drink_lifts_the_hand_to_the_mouth():
    mo = action(HUMAN, "drink")
    world, st, frames = evaluated(mo, HUMAN)
    assert m.reaches(world, st, "a", frames, "right_wrist", 1.4).ok


def test_raise_arms_puts_the_wrists_above_the_head():
    mo = action(HUMAN, "raise_arms")
    world, st, frames = evaluated(mo, HUMAN)
    assert m.reaches(world, st, "a", frames, "right_wrist", 1.9).ok
    assert m.reaches(world, st, "a", frames, "left_wrist", 1.9).ok


def test_fall_brings_the_pelvis_near_the_floor_and_get_up_stands_again():
    mo = action(HUMAN, "fall")
    _, st, frames = evaluated(mo, HUMAN)
    assert st.at(frames[-1]).entities["a"].joints["pelvis"][2, 3] < 0.3
    mo = action(HUMAN, "get_up")
    _world, st, frames = evaluated(mo, HUMAN)
    assert st.at(frames[-1]).entities["a"].joints["pelvis"][2, 3] == pytest.approx(0.96, abs=0.03)


def test_every_declared_action_names_the_property_that_measures_it():
    props = {"travels", "airborne", "reaches", "ends_on", "seated", "moves_joints", "toward",
             "in_water", "in_air", "holds"}
    new = [t for t in terms("action") if t.skill == "motion"]
    assert len(list(terms("action"))) >= 60
    for t in new:
        tags = [x for x in t.tags if x.startswith("measure:")]
        assert len(tags) == 1 and tags[0].split(":")[1] in props, t.name


def test_seated_actions_keep_the_pelvis_on_the_seat():
    from previz.skills.motion.repertoire import seated_offset

    mo = action(HUMAN, "play_piano", pelvis_base=seated_offset(HUMAN, 0.5))
    seat = box("bench", "bench", (0.8, 0.4, 0.5), (0.0, 0.4, 0.0))
    world, st, frames = evaluated(mo, HUMAN, [seat])
    z = [st.at(f).entities["a"].joints["pelvis"][2, 3] for f in frames]
    assert np.allclose(z, 0.5 + SIT_CLEARANCE, atol=0.03)
    assert m.moves_joints(world, st, "a", frames, ("left_wrist", "right_wrist"), 10.0).ok


def test_a_fishing_cast_goes_up_over_the_head_then_out_in_front_and_holds():
    # Right-handed, facing -Y: the rod hand starts out in front, goes up above the head on the
    # back cast, is driven forward beyond where it started, and holds out over the water.
    mo = action(HUMAN, "cast")
    world, st, frames = evaluated(mo, HUMAN)
    wrist = np.array([st.at(f).entities["a"].joints["right_wrist"][:3, 3] for f in frames])
    head = st.at(frames[0]).entities["a"].joints["head"][2, 3]
    back = int(np.argmax(wrist[:, 2]))
    assert wrist[back, 2] > head + 0.1  # the back cast: the hand above the head
    assert wrist[back, 1] > wrist[0, 1] + 0.25  # … and taken back toward the shoulder
    assert wrist[back:, 1].min() < wrist[0, 1] - 0.1  # driven forward past the start
    assert wrist[-1, 1] < -0.3 and wrist[-1, 2] < head  # held out in front, below the head
    assert m.moves_joints(world, st, "a", frames, ("right_wrist", "right_elbow"), 30.0).ok
    feet_still(mo, HUMAN)


def test_step_up_walks_onto_a_stage_and_ends_with_both_feet_on_its_top():
    from previz.skills.motion.repertoire import step_up

    stage = box("stage", "stage", (6.0, 2.0, 0.8), (0.0, -3.5, 0.0))
    mo = step_up(HUMAN, (0.0, -3.5), (0.0, -3.5, 6.0, 2.0, 0.0), 0.8)
    world, st, frames = evaluated(mo, HUMAN, [stage])
    r = m.ends_on(world, st, "a", frames, ["stage"])
    assert r.ok, r.detail
    assert r.value == pytest.approx(0.0, abs=0.04)  # the feet on the top, not in or over it
    assert not m.airborne(world, st, "a", frames, 0.9).ok  # a step up, not a leap over it
    pelvis = [st.at(f).entities["a"].joints["pelvis"][2, 3] for f in frames]
    assert pelvis[-1] == pytest.approx(pelvis[0] + 0.8, abs=0.05)


def test_a_top_too_high_to_step_onto_is_an_error():
    from previz.skills.motion.repertoire import step_up

    with pytest.raises(Exception, match="cannot be stepped onto"):
        step_up(HUMAN, (0.0, -3.5), (0.0, -3.5, 6.0, 2.0, 0.0), 1.6)


def test_box_top_is_the_top_inside_its_turned_outline_and_the_ground_outside():
    from previz.skills.motion.terrain import box_top

    h = box_top((2.0, 1.0), (4.0, 1.0), np.pi / 2, 0.8, 0.1)  # turned 90°: 1 m along x
    got = h(np.array([2.0, 2.0, 2.6, 3.5]), np.array([1.0, 2.8, 1.0, 1.0]))
    assert got.tolist() == [0.8, 0.8, 0.1, 0.1]
