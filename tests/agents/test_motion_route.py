"""Time and distance as asked, measured on the evaluated bones (the pelvis joint of
`World.evaluate`): a run along waypoints runs the whole route in its duration, a 6 s sprint
covers ~48 m at sprint speed, a sprint the set cannot hold says so, a procession walks to its
goal keeping its formation, and a put_down leaves the object where it is put."""

import itertools

import numpy as np

from previz.agents.fidelity import measures as m
from previz.agents.plan import ScenePlan
from previz.agents.planner.offline import plan_from_text
from previz.agents.realize import realize

ALLEY = {"type": "outdoor", "name": "alley", "size": [24.0, 24.0, 8.0], "set": "alley",
         "params": {"width": 2.5, "turns": 3, "leg": 7.5, "height": 9.0}}
ROUTE = [[-7.5, -7.5], [-7.5, 0.0], [0.0, 0.0], [0.0, 7.5], [7.5, 7.5]]  # 30 m, 3 turns


def scene(setting, characters, objects=(), relations=(), shot=None):
    return ScenePlan.model_validate({
        "title": "t", "description": "d", "setting": setting, "objects": list(objects),
        "characters": characters, "relations": list(relations),
        "shots": [{"id": "shot_1", "size": "wide", "duration": shot}] if shot else []})


def pelvis_track(world, eid, last):
    return np.array([world.evaluate(f).entities[eid].joints["pelvis"][:3, 3]
                     for f in range(1, last + 1)])


def test_a_run_along_waypoints_runs_the_whole_alley_in_its_ten_seconds():
    r = realize(scene(ALLEY, [{"id": "runner", "actions": [
        {"verb": "run", "start": 0.0, "duration": 10.0, "waypoints": ROUTE}]}], shot=10.0),
        candidates=8, time_limit=1.0)
    p = pelvis_track(r.world, "runner", 241)
    travelled = float(np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1).sum())
    assert travelled >= 27.0  # 30 m less the corners; was 4.85 m, from mid-alley to its end
    assert np.linalg.norm(p[0, :2] - ROUTE[0]) < 0.3  # starts where the route starts
    assert np.linalg.norm(p[-1, :2] - ROUTE[-1]) < 0.6  # at its end when the 10 s are up
    # It fills its duration: at 8 s it still has the last stretch ahead.
    assert np.linalg.norm(p[8 * 24, :2] - ROUTE[-1]) > 3.0
    # Through the corners, never across the buildings: every frame near the centreline.
    segs = list(itertools.pairwise(ROUTE))

    def off(q):
        return min(np.linalg.norm(q - (np.array(a) + np.clip(
            np.dot(q - a, np.subtract(b, a)) / 56.25, 0, 1) * np.subtract(b, a)))
            for a, b in segs)
    assert max(off(q[:2]) for q in p[::4]) < 1.0


def test_sprints_is_a_sprint_and_six_seconds_of_it_cover_48_m_at_sprint_speed():
    plan = plan_from_text("A man sprints across a park for 6 seconds.", embedder=None)
    assert [a.verb for a in plan.characters[0].actions] == ["sprint"]
    r = realize(scene({"type": "outdoor", "name": "park", "size": [24.0, 20.0, 10.0]},
                      [{"id": "man", "actions": [{"verb": "sprint", "duration": 6.0}]}],
                      shot=7.0), candidates=8, time_limit=1.0)
    p = pelvis_track(r.world, "man", 169)
    v = np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1) * 24
    travelled = float(v.sum() / 24)
    assert 44.0 <= travelled <= 52.0  # was 0.5 m, then 17.7 m as a run capped by the ground
    assert 7.0 <= float(np.mean(v[24:120])) <= 10.5  # sprint speed from 1 s to 5 s
    assert float(v.max()) <= 11.0
    moving = np.nonzero(v > 0.5)[0]
    assert (moving[-1] - moving[0]) / 24 >= 5.0  # it fills the 6 s


def test_a_sprint_longer_than_the_alley_runs_it_all_and_says_what_it_could_not():
    r = realize(scene(ALLEY, [{"id": "man", "actions": [{"verb": "sprint", "duration": 6.0}]}],
                      shot=6.0), candidates=8, time_limit=1.0)
    p = pelvis_track(r.world, "man", 145)
    travelled = float(np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1).sum())
    assert travelled >= 27.0  # the alley's 30 m (less the corners)
    assert any(n.startswith("man: sprint covers 30.0 m of the 48.0 m asked") for n in r.notes)


def test_a_procession_walks_to_its_goal_keeping_its_formation():
    r = realize(scene({"type": "outdoor", "name": "avenue", "size": [16.0, 24.0, 10.0]},
                      [{"id": "monks", "count": 6, "actions": [
                          {"verb": "walk", "duration": 8.0, "goal": "gate"}]}],
                      objects=[{"id": "gate", "category": "gate"}],
                      relations=[{"type": "far", "subject": "monks", "target": "gate"}],
                      shot=9.0), candidates=8, time_limit=1.0)
    w = r.world
    ids = [f"monks-{i}" for i in range(1, 7)]
    first = np.array([w.evaluate(1).entities[i].joints["pelvis"][:3, 3] for i in ids])
    last = np.array([w.evaluate(216).entities[i].joints["pelvis"][:3, 3] for i in ids])
    gate = w.evaluate(216).entities["gate"].matrix[:3, 3]
    d0 = np.linalg.norm(first[:, None, :2] - first[None, :, :2], axis=2)
    d1 = np.linalg.norm(last[:, None, :2] - last[None, :, :2], axis=2)
    assert np.abs(d1 - d0).max() < 0.05  # the formation kept
    before = np.linalg.norm(first[:, :2] - gate[:2], axis=1).min()
    after = np.linalg.norm(last[:, :2] - gate[:2], axis=1).min()
    assert after < 2.5 and before - after > 3.0  # the leading row walked up to the gate


def test_put_down_leaves_the_cup_on_the_table_where_it_was_put():
    r = realize(scene({"type": "room", "name": "room", "size": [6, 5, 2.7]}, [{
        "id": "ann", "actions": [
            {"verb": "pick_up", "start": 0.0, "duration": 2.0, "target": "cup"},
            {"verb": "put_down", "duration": 2.0, "target": "table"},
            {"verb": "walk", "duration": 2.0}]}],
        objects=[{"id": "counter", "category": "counter"}, {"id": "table", "category": "table"},
                 {"id": "cup", "category": "cup", "size": [0.08, 0.08, 0.1]}],
        relations=[{"type": "on", "subject": "cup", "target": "counter"},
                   {"type": "far", "subject": "table", "target": "counter"}]),
        candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    a, b = m.scene_range(w)
    frames = list(range(a, b + 1))
    cup = np.array([st.at(f).entities["cup"].matrix[:3, 3] for f in frames])
    wrist = np.array([st.at(f).entities["ann"].joints["right_wrist"][:3, 3] for f in frames])
    gap = np.linalg.norm(cup - wrist, axis=1)
    held = np.nonzero(gap < 0.2)[0]
    assert len(held) > 24  # it was carried
    put = held[-1] + 1  # the frame it leaves the hand
    still = cup[put:]
    assert np.ptp(still, axis=0).max() < 1e-4  # left where it was put, however the hand moves
    assert gap[-1] > 0.5  # she walked off without it (before: in her hand to the end)
    lo, hi = m.box_bounds(w, st, "table", frames[-1])
    assert abs(still[0, 2] - hi[2]) < 0.01  # standing on the top
    assert np.all(still[0, :2] >= lo[:2]) and np.all(still[0, :2] <= hi[:2])


def test_a_dunk_after_a_run_up_puts_the_right_wrist_at_the_rim_at_the_top_of_the_jump():
    r = realize(scene({"type": "outdoor", "name": "court", "size": [30.0, 18.0, 10.0]}, [{
        "id": "player", "actions": [
            {"verb": "run", "start": 0.0, "duration": 3.0, "waypoints": [[-5.0, 0.0], [5.0, 0.0]]},
            {"verb": "dunk", "start": 3.0}]}], shot=6.0), candidates=8, time_limit=1.0)
    w = r.world
    pelvis = pelvis_track(w, "player", 144)
    wrist = np.array([w.evaluate(f).entities["player"].joints["right_wrist"][:3, 3]
                      for f in range(1, 145)])
    top = int(np.argmax(pelvis[:, 2]))  # the top of the jump
    assert abs(wrist[top, 2] - 3.05) < 0.05  # at the rim (was 2.57 m: a fixed 0.65 m hop)
    assert wrist[:, 2].max() < 3.10
    assert pelvis[top, 2] - pelvis[0, 2] >= 0.8  # both feet well off the ground
    run_up = np.linalg.norm(np.diff(pelvis[:top, :2], axis=0), axis=1).sum()
    assert run_up >= 9.0


def test_a_rim_out_of_reach_is_said_not_hopped_at():
    r = realize(scene({"type": "outdoor", "name": "court", "size": [30.0, 18.0, 10.0]}, [{
        "id": "player", "actions": [{"verb": "dunk", "params": {"rim": 4.5}}]}], shot=3.0),
        candidates=8, time_limit=1.0)
    assert any(n.startswith("player: no body motion") and "rim 4.5 m" in n for n in r.notes)


def test_a_gallop_that_fills_the_scene_arrives_on_its_last_frame():
    """40 m in 8 s from the first frame: on the 192nd (last) frame the horse is there, not one
    frame short of it (39.995 m)."""
    r = realize(scene({"type": "outdoor", "name": "meadow", "size": [60.0, 20.0, 5.0]},
                      [{"id": "horse", "kind": "animal", "category": "horse", "actions": [
                          {"verb": "gallop", "start": 0.0, "duration": 8.0,
                           "waypoints": [[-20.0, 0.0], [20.0, 0.0]]}]}], shot=8.0),
                candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    a, b = m.scene_range(w)
    assert b == 192
    res = m.travels(w, st, "horse", m.sample(a, b), 40.0)
    assert res.ok, res.detail
    assert r.timeline.scripts["horse"][0]["duration"] == 191 / 24


def test_a_procession_placed_by_its_goal_starts_back_and_walks_as_long_as_asked():
    """Ten monks told to walk to the gate for 15 s (19.5 m at 1.3 m/s), placed near it by the
    layout, start further back: every one gains the distance toward the gate."""
    r = realize(scene({"type": "outdoor", "name": "avenue", "size": [30.0, 40.0, 5.0]},
                      [{"id": "monks", "category": "person", "count": 10, "actions": [
                          {"verb": "walk", "start": 0.0, "duration": 15.0, "goal": "gate"}]}],
                      objects=[{"id": "gate", "category": "gate", "size": [6.0, 1.0, 5.0]}],
                      relations=[{"type": "in_formation", "subject": "monks",
                                  "formation": "procession"},
                                 {"type": "near", "subject": "monks", "target": "gate"}],
                      shot=15.0),
                candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    ids = [f"monks-{i}" for i in range(1, 11)]
    a, b = m.scene_range(w)
    res = m.toward(w, st, ids, m.sample(a, b), ["gate"], 15.0)
    assert res.ok, res.detail


def test_a_bird_gliding_over_a_lake_starts_where_its_route_starts_and_flies_straight():
    """The first waypoint lies over the water: a walker may not start there, a bird may (it
    glided 25 m back across the lake first); its landing flies straight, not round the lake."""
    r = realize(scene({"type": "outdoor", "name": "lake", "size": [50.0, 40.0, 10.0]},
                      [{"id": "heron", "kind": "animal", "category": "bird", "actions": [
                          {"verb": "fly", "start": 0.0, "duration": 4.0,
                           "waypoints": [[-10.0, 0.0], [10.0, 0.0]]},
                          {"verb": "land", "start": 4.0, "duration": 2.0, "goal": "rock"}]}],
                      objects=[{"id": "lake", "category": "pond", "size": [30.0, 20.0, 0.05]},
                               {"id": "rock", "category": "rock"}],
                      relations=[{"type": "center", "subject": "lake"}]),
                candidates=8, time_limit=1.0)
    script = r.timeline.scripts["heron"]
    assert script[0]["path"] == [(-10.0, 0.0), (10.0, 0.0)]
    assert r.timeline.tracks["heron"].keys[0][1:3] == (-10.0, 0.0)
    assert len(script[1]["path"]) == 1  # straight to where it lands
