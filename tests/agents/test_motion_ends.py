"""Actions end where the text says (issue 16), measured on the evaluated bones of the World:
a nurse who lies down on her bed ends with her feet on its top, a bird that lands on a rock
stands on the rock's top, a walker told to walk 15 s to its one waypoint starts far enough back
to walk them, a character seated from the first frame does not sit down first, a child sits on
a swing's seat, and a walk to a table before a sit ends at the chair at it."""

import numpy as np

from previz.agents.fidelity import measures as m
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def scene(setting, characters, objects=(), relations=(), shot=None):
    return ScenePlan.model_validate({
        "title": "t", "description": "d", "setting": setting, "objects": list(objects),
        "characters": characters, "relations": list(relations),
        "shots": [{"id": "shot_1", "size": "wide", "duration": shot}] if shot else []})


def all_frames(world):
    a, b = m.scene_range(world)
    return list(range(a, b + 1))


ROOM = {"type": "room", "name": "bedroom", "size": [5.0, 5.0, 2.7]}


def test_lying_down_on_a_bed_ends_with_both_feet_on_its_top():
    """Sat on the bed's edge, then lies back: the feet come up onto the top, not left in the
    air beside the bed (they ended 0.2 m past its edge, at its height)."""
    r = realize(scene(ROOM, [{"id": "nurse", "category": "person", "actions": [
        {"verb": "sit", "start": 0.0, "duration": 3.0, "goal": "bed"},
        {"verb": "lie_on", "start": 3.0, "duration": 5.0, "goal": "bed"}]}],
        objects=[{"id": "bed", "category": "bed"}], shot=8.0), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    frames = all_frames(w)
    assert m.seated(w, st, "nurse", frames, ["bed"]).ok
    res = m.ends_on(w, st, "nurse", frames, ["bed"])
    assert res.ok, res.detail
    # Every contact (ankles and toes) inside the bed's outline at the end, none below its top.
    last = frames[-1]
    lo, hi = m.box_bounds(w, st, "bed", last)
    state = st.at(last).entities["nurse"]
    for c in ("left_ankle", "left_foot", "right_ankle", "right_foot"):
        p = state.joints[c][:3, 3]
        assert lo[0] <= p[0] <= hi[0] and lo[1] <= p[1] <= hi[1], c
        assert p[2] >= hi[2] - 0.02, c
    # Lying: the pelvis on the top, the head no higher than a hand's breadth above it.
    pelvis = state.joints["pelvis"][:3, 3]
    assert abs(pelvis[2] - hi[2]) < 0.2
    assert state.joints["head"][2, 3] < pelvis[2] + 0.35


OUTDOOR = {"type": "outdoor", "name": "lake", "size": [50.0, 40.0, 10.0]}


def _heron(land):
    return scene(OUTDOOR, [{"id": "heron", "kind": "animal", "category": "bird", "actions": [
        {"verb": "fly", "start": 0.0, "duration": 4.0, "waypoints": [[-10.0, 0.0], [10.0, 0.0]]},
        {"verb": "land", "start": 4.0, "duration": 3.0, **land}]}],
        objects=[{"id": "rock", "category": "rock", "size": [1.0, 0.8, 0.6]}],
        relations=[{"type": "near", "subject": "rock", "target": "heron"}], shot=8.0)


def test_a_bird_that_lands_on_a_rock_stands_on_its_top():
    r = realize(_heron({"target": "rock"}), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    res = m.ends_on(w, st, "heron", all_frames(w), ["rock"])
    assert res.ok, res.detail  # before: on the ground 0.55 m in front of the rock
    assert abs(res.value) < 0.1  # its toes standing on it (as on the ground: 8 cm up)
    assert r.timeline.scripts["heron"][-1]["top"] == 0.6


def test_a_bird_that_lands_by_a_rock_lands_on_the_ground_beside_it():
    r = realize(_heron({"goal": "rock"}), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    last = all_frames(w)[-1]
    assert not m.ends_on(w, st, "heron", [last], ["rock"]).ok
    toes = [st.at(last).entities["heron"].joints[t][2, 3] for t in ("left_toe", "right_toe")]
    assert max(toes) < 0.1  # on the ground (the toe joints stand 8 cm up)
    assert "top" not in r.timeline.scripts["heron"][-1]


CORRIDOR = {"type": "room", "name": "corridor", "size": [30.0, 3.0, 3.0]}


def test_a_walker_placed_by_its_one_waypoint_starts_back_to_walk_as_long_as_asked():
    """15 s of walking (19.5 m at 1.3 m/s) to a waypoint 2 m west of where the layout stands
    the doctor (the corridor's centre): it starts back east, as far as the corridor allows,
    and walks it (it walked the 2 m and stood)."""
    r = realize(scene(CORRIDOR, [{"id": "doctor", "category": "person", "actions": [
        {"verb": "walk", "start": 0.0, "duration": 15.0, "waypoints": [[-2.0, 0.0]]}]}],
        relations=[{"type": "center", "subject": "doctor"}], shot=15.0),
        candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    frames = all_frames(w)
    res = m.travels(w, st, "doctor", frames, 15.0)
    assert res.ok, res.detail
    end = st.at(frames[-1]).entities["doctor"].joints["pelvis"][:2, 3]
    np.testing.assert_allclose(end, (-2.0, 0.0), atol=0.4)  # still ends at its waypoint


def test_a_character_seated_from_the_first_frame_does_not_sit_down_first():
    """"A girl already seated at the table waves": seated on frame 1, her arms still until
    the wave (sitting down bent the body and moved the arms in the first 1.5 s, which read as
    the wave starting 6 s early)."""
    r = realize(scene(ROOM, [{"id": "girl", "category": "child", "actions": [
        {"verb": "sit", "start": 0.0, "duration": 4.0, "goal": "chair"},
        {"verb": "wave", "start": 4.0, "duration": 2.0}]}],
        objects=[{"id": "chair", "category": "chair"}], shot=6.0), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    assert m.seated(w, st, "girl", [1], ["chair"]).ok
    arms = ["left_wrist", "right_wrist", "left_elbow", "right_elbow"]
    before = m.moves_joints(w, st, "girl", list(range(1, 4 * 24)), arms, 20.0)
    assert not before.ok, before.detail
    wave = m.moves_joints(w, st, "girl", all_frames(w), arms, 20.0)
    assert wave.ok and wave.onset is not None and wave.onset > 4 * 24, wave.detail


def test_a_child_sits_on_the_swing_seat_not_up_on_its_frame():
    """A swing's seat hangs 0.45 m up in its 2.2 m frame: the sit was asked for a 2.2 m seat,
    refused ('cannot be sat on'), and the child kept its rest pose."""
    r = realize(scene({"type": "outdoor", "name": "playground", "size": [12.0, 12.0, 6.0]},
                      [{"id": "kid", "category": "child", "actions": [
                          {"verb": "sit", "start": 0.0, "duration": 4.0, "target": "swing"}]}],
                      objects=[{"id": "swing", "category": "swing", "size": [0.6, 0.5, 2.2]}],
                      relations=[{"type": "near", "subject": "kid", "target": "swing"}],
                      shot=4.0), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    res = m.seated(w, st, "kid", all_frames(w), ["swing"])
    assert res.ok, res.detail
    assert r.timeline.scripts["kid"][-1]["seat_height"] == 0.45
    assert not any("no body motion" in n for n in r.notes)


def test_a_walk_to_the_table_before_sitting_ends_at_the_chair_at_it():
    """"Carries two plates to the table and sits down": the walk goes to where the sit on a
    chair at the table is done from, not to the table's front and then a second walk."""
    r = realize(scene({"type": "room", "name": "kitchen", "size": [6.0, 5.0, 2.7]},
                      [{"id": "man", "category": "person", "actions": [
                          {"verb": "walk", "start": 0.0, "duration": 3.0, "goal": "table"},
                          {"verb": "sit", "start": 3.0, "duration": 3.0, "goal": "chairs"}]}],
                      objects=[{"id": "table", "category": "table"},
                               {"id": "chairs", "category": "chair", "count": 2}],
                      relations=[{"type": "center", "subject": "table"},
                                 {"type": "around", "subject": "chairs", "target": "table"},
                                 {"type": "far", "subject": "man", "target": "table"}],
                      shot=6.0), candidates=8, time_limit=1.0)
    script = r.timeline.scripts["man"]
    assert [s.get("do") for s in script if "do" in s].count("walk") == 1, script
    w, st = r.world, m.States(r.world)
    assert m.seated(w, st, "man", all_frames(w), [f"chairs-{i}" for i in (1, 2)]).ok


def test_a_later_first_move_along_waypoints_starts_where_the_route_starts():
    """A dog that runs down the hall at 2 s along [(-3, 0), (3, 0)] waits at the route's start:
    it ran from where the layout stood it to (-3, 0) first, and every later beat came late."""
    r = realize(scene({"type": "room", "name": "hall", "size": [8.0, 3.0, 2.7]},
                      [{"id": "dog", "kind": "animal", "category": "dog", "actions": [
                          {"verb": "run", "start": 2.0,
                           "waypoints": [[-3.0, 0.0], [3.0, 0.0]]},
                          {"verb": "sit", "start": 4.5, "duration": 1.5}]}],
                      relations=[{"type": "center", "subject": "dog"}], shot=6.0),
                candidates=8, time_limit=1.0)
    track = r.timeline.tracks["dog"]
    assert track.keys[0][1:3] == (-3.0, 0.0)
    run = r.timeline.scripts["dog"][0]
    assert run["start"] == 2.0 and run["path"][-1] == (3.0, 0.0)
    assert run["duration"] < 6.5 / 3.5  # 6 m at a run, not 6 m plus the way to (-3, 0)
    assert r.timeline.scripts["dog"][1]["start"] == 4.5  # the sit on time, not after it
