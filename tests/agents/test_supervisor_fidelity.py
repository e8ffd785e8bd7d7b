"""Plan fidelity: the failures of issue 14's "Why" that are about the plan not reaching the shot,
rebuilt as small scenes, each flagged with its problem kind — and the faithful shot left ok."""

from __future__ import annotations

import pytest

from previz.agents import check, run
from previz.agents.adapters import skill_providers
from previz.agents.interfaces import default_providers
from previz.agents.plan import ScenePlan
from previz.agents.planner.coverage import unread


def _plan(**kw) -> ScenePlan:  # type: ignore[no-untyped-def]
    base = {"setting": {"type": "room", "name": "living room", "size": [7, 6, 3]},
            "objects": [{"id": "sofa", "category": "sofa"}],
            "characters": [{"id": "mara", "category": "person"}],
            "shots": [{"id": "shot_1", "size": "wide", "subject": "mara", "duration": 3.0}]}
    base.update(kw)
    return ScenePlan.model_validate(base)


def _kinds(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.kind for p in report.problems}


def test_a_faithful_shot_has_no_fidelity_problem() -> None:
    plan = _plan(characters=[{"id": "mara", "category": "person", "actions": [
        {"verb": "walk", "goal": "sofa"}, {"verb": "wave", "duration": 2.0}]}], shots=[])
    world = run(plan, providers=skill_providers()).world
    fid = {"noun_dropped", "setting_changed", "move_not_executed", "action_not_performed",
           "duration_changed", "shot_count_changed"}
    assert not (_kinds(check(world, plan=plan)) & fid)


def test_orbit_executed_as_a_static_shot_is_flagged() -> None:
    plan = _plan(shots=[{"id": "shot_1", "size": "wide", "movement": "orbit",
                         "subject": "mara", "duration": 3.0}])
    static = run(plan, providers=default_providers(), max_rounds=1).world  # static framing
    rep = check(static, plan=plan)
    (p,) = [p for p in rep.problems if p.kind == "move_not_executed"]
    assert "orbit planned, the camera is static" in p.detail
    # Outdoors there is room to orbit, and the skills camera does.
    outdoor = plan.model_copy(update={"setting": plan.setting.model_copy(update={
        "type": "outdoor", "size": (20.0, 20.0, 10.0)})})
    moving = run(outdoor, providers=skill_providers(), max_rounds=1).world
    assert "move_not_executed" not in _kinds(check(moving, plan=outdoor))


def test_a_changed_duration_and_shot_count_are_flagged() -> None:
    plan = _plan(shots=[{"id": "shot_1", "duration": 8.0}, {"id": "shot_2", "duration": 2.0}])
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    assert not ({"duration_changed", "shot_count_changed"} & _kinds(check(world, plan=plan)))
    first = world.shots[0]
    shorter = world.model_copy(update={"shots": [
        first.model_copy(update={"frame_end": first.frame_start + 4 * 24 - 1})]})
    rep = check(shorter, plan=plan)
    assert {"duration_changed", "shot_count_changed"} <= _kinds(rep)
    (d,) = [p for p in rep.problems if p.kind == "duration_changed"]
    assert d.detail == "shot shot-1 lasts 4.00 s; the plan asks 8 s"


def _frozen(world, eid: str):  # type: ignore[no-untyped-def]
    """``world`` with ``eid``'s joints held in their rest pose (played as idle)."""
    ent = next(e for e in world.entities if e.id == eid)
    joints = [j.model_copy(update={"rotation": (0.0, 0.0, 0.0), "location": (0.0, 0.0, 0.0)})
              for j in ent.skeleton.joints]
    still = ent.model_copy(update={"skeleton": ent.skeleton.model_copy(update={"joints": joints})})
    return world.model_copy(update={"entities": [still if e.id == eid else e
                                                 for e in world.entities]})


def test_a_gesture_played_as_idle_is_flagged_and_a_played_one_is_not() -> None:
    wave = _plan(characters=[{"id": "mara", "category": "person",
                              "actions": [{"verb": "wave", "duration": 3.0}]}])
    world = run(wave, providers=skill_providers(), max_rounds=1).world
    assert "action_not_performed" not in _kinds(check(world, plan=wave))
    rep = check(_frozen(world, "mara"), plan=wave)
    (p,) = [p for p in rep.problems if p.kind == "action_not_performed"]
    assert p.detail == "mara: wave played as idle (joints turn up to 0°)"


def test_a_dropped_noun_is_flagged() -> None:
    plan = _plan(characters=[{"id": "mara", "category": "person"},
                             {"id": "heron", "category": "bird"}])
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    assert "noun_dropped" not in _kinds(check(world, plan=plan))
    without = world.model_copy(update={
        "entities": [e for e in world.entities if e.id != "heron"],
        "relations": [r for r in world.relations if "heron" not in (r.subject, r.target)]})
    (p,) = [p for p in check(without, plan=plan).problems if p.kind == "noun_dropped"]
    assert p.detail == "heron (bird, 1 asked): dropped"


def test_a_sprint_that_stops_short_is_flagged() -> None:
    plan = _plan(characters=[{"id": "mara", "category": "person", "actions": [
        {"verb": "run", "goal": "sofa"}]}])
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    assert "action_not_performed" not in _kinds(check(world, plan=plan))
    mara = next(e for e in world.entities if e.id == "mara")
    parked = mara.model_copy(update={"transform": mara.transform.model_copy(update={
        "location": tuple(float(v.keys[0].value) if hasattr(v, "keys") else v
                          for v in mara.transform.location)})})
    still = world.model_copy(update={"entities": [parked if e.id == "mara" else e
                                                  for e in world.entities]})
    (p,) = [p for p in check(still, plan=plan).problems if p.kind == "action_not_performed"]
    assert p.detail.startswith("mara: run covers 0.")


@pytest.mark.parametrize("verb", ["sprint", "jog", "march_on"])
def test_every_move_of_the_vocabulary_is_measured_not_only_walk_and_run(verb: str) -> None:
    plan = _plan(characters=[{"id": "mara", "category": "person", "actions": [
        {"verb": verb, "goal": "sofa"}]}])
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    assert "action_not_performed" not in _kinds(check(world, plan=plan))
    mara = next(e for e in world.entities if e.id == "mara")
    parked = mara.model_copy(update={"transform": mara.transform.model_copy(update={
        "location": tuple(float(v.keys[0].value) if hasattr(v, "keys") else v
                          for v in mara.transform.location)})})
    still = world.model_copy(update={"entities": [parked if e.id == "mara" else e
                                                  for e in world.entities]})
    (p,) = [p for p in check(still, plan=plan).problems if p.kind == "action_not_performed"]
    assert p.detail.startswith(f"mara: {verb} covers 0.")  # before: not checked at all


#: A fixed plan (a room with Mara, one 4 s static shot), so what the text adds is what the plan
#: does not use, whatever the offline reader learns.
FIXED = {"setting": {"type": "room", "name": "room"},
         "characters": [{"id": "mara", "category": "person"}],
         "shots": [{"id": "shot_1", "subject": "mara", "duration": 4.0}]}


@pytest.mark.parametrize("text,words", [
    # Numbers the plan does not hold: no two of anything but Mara, one 4 s shot.
    ("Mara and two boxers spar in a boxing ring over 8 seconds.", ["two", "8"]),
    # Words in no vocabulary and no part of the plan.
    ("Mara waits beside a rusty, gloomy shed.", ["rusty", "gloomy"]),
    # An outdoor court planned as a room, a hill planned as flat ground.
    ("Mara stands on an outdoor court by a hill.", ["outdoor", "hill"]),
])
def test_words_the_plan_did_not_use_are_listed_with_their_spans(text: str,
                                                                words: list[str]) -> None:
    plan = ScenePlan.model_validate(FIXED)
    got = unread(text, plan)
    assert set(words) <= {u.word for u in got}, got
    for u in got:
        assert text[u.start:u.end] == u.word
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    (p,) = [p for p in check(world, plan=plan, text=text).problems
            if p.kind == "not_understood"]
    assert all(repr(w) in p.detail for w in words)


def test_a_text_the_plan_holds_entirely_has_nothing_unread() -> None:
    plan = ScenePlan.model_validate(FIXED)
    assert unread("Mara stands in the room.", plan) == []


def test_what_a_plan_says_it_cannot_say_is_a_problem() -> None:
    plan = _plan()
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    rep = check(world, plan=plan, unsaid=("no set type for a boxing ring",))
    assert [p.detail for p in rep.problems if p.kind == "cannot_say"] == [
        "the plan cannot say: no set type for a boxing ring"]
    assert not rep.ok


def test_doors_and_windows_in_the_walls_are_not_out_of_bounds() -> None:
    plan = ScenePlan.model_validate({
        "setting": {"type": "room", "size": [6, 5, 3], "openings": [
            {"kind": "door", "wall": "south"}, {"kind": "window", "wall": "east"}]},
        "characters": [{"id": "mara", "category": "person"}]})
    report = run(plan, providers=skill_providers(), max_rounds=1).report
    assert [p for p in report["problems"] if p["kind"] == "out_of_bounds"] == []


def test_a_lighting_look_the_lights_do_not_give_is_flagged() -> None:
    plan = _plan(lighting={"key_direction": "west", "temperature_k": 3200.0})
    world = run(plan, providers=skill_providers(), max_rounds=1).world
    assert "lighting_not_executed" not in _kinds(check(world, plan=plan))  # the skills give it
    swapped = world.model_copy(update={"lights": [
        li.model_copy(update={"temperature": 6500.0}) for li in world.lights]})
    details = [p.detail for p in check(swapped, plan=plan).problems
               if p.kind == "lighting_not_executed"]
    assert len(details) == 1 and details[0].startswith("key at 3200 K planned") \
        and details[0].endswith("has 6500 K")


def test_a_still_over_the_shoulder_and_a_descending_drone_are_moves_done() -> None:
    ots = _plan(characters=[{"id": "mara", "category": "person"},
                            {"id": "theo", "category": "person"}],
                shots=[{"id": "shot_1", "movement": "over_the_shoulder", "subject": "mara",
                        "duration": 3.0}])
    still = run(ots, providers=default_providers(), max_rounds=1).world  # a still camera
    assert "move_not_executed" not in _kinds(check(still, plan=ots))
    drone = _plan(setting={"type": "outdoor", "name": "lake", "size": [60, 60, 30]},
                  shots=[{"id": "shot_1", "movement": "drone_flyover", "subject": "mara",
                          "duration": 6.0, "params": {"start_height": 15.0,
                                                      "end_height": 4.0}}])
    world = run(drone, providers=skill_providers(), max_rounds=1).world
    z = [world.evaluate(f).cameras[world.shots[0].camera].matrix[2, 3]
         for f in (world.shots[0].frame_start, world.shots[0].frame_end)]
    assert z[0] == pytest.approx(15.0, abs=1.0) and z[1] == pytest.approx(4.0, abs=1.0)
    assert "move_not_executed" not in _kinds(check(world, plan=drone))
