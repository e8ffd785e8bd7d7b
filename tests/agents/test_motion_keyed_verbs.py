"""A keyed action the skills declare is played by the character whose plan names it, with no
row of its own in the motion agent's table (a fishing cast); a verb nobody keys is still played
as idle and said so."""

from __future__ import annotations

import numpy as np

from previz.agents.fidelity import measures as m
from previz.agents.motion import SkillsMotion
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def test_a_declared_keyed_verb_is_played_not_idled():
    steps, notes = SkillsMotion().steps("f", [{"verb": "cast", "start": 0.0,
                                               "duration": 4.0}], 24.0, np.zeros(3), 0.0, {})
    assert [s["do"] for s in steps] == ["cast"]
    assert notes == []


def test_a_verb_nobody_keys_is_idle_and_said():
    steps, notes = SkillsMotion().steps("f", [{"verb": "juggle", "start": 0.0,
                                               "duration": 4.0}], 24.0, np.zeros(3), 0.0, {})
    assert [s["do"] for s in steps] == ["idle"]
    assert notes == ["f: juggle played as idle"]


def test_the_fisherman_casts_his_line_in_the_world():
    plan = ScenePlan.model_validate({
        "setting": {"type": "outdoor", "size": [12, 12, 6]},
        "characters": [{"id": "fisherman", "actions": [
            {"verb": "cast", "start": 0.0, "duration": 3.0}]}],
        "shots": [{"id": "shot_1", "size": "wide", "subject": "fisherman", "duration": 3.0}]})
    world = realize(plan, 0).world
    states = m.States(world)
    frames = list(range(1, 73))
    r = m.moves_joints(world, states, "fisherman", frames, ("right_wrist", "right_elbow"), 30.0)
    assert r.ok, r.detail


def _stage_plan(height: float) -> ScenePlan:
    return ScenePlan.model_validate({
        "setting": {"type": "outdoor", "size": [14, 14, 6]},
        "objects": [{"id": "stage", "category": "stage", "size": [4.0, 2.0, height]}],
        "characters": [{"id": "grad", "actions": [
            {"verb": "walk", "start": 0.0, "duration": 3.0, "goal": "stage"},
            {"verb": "step_up", "start": 3.0, "duration": 2.0, "target": "stage"}]}],
        "shots": [{"id": "shot_1", "size": "wide", "subject": "grad", "duration": 6.0}]})


def test_a_graduate_steps_up_onto_the_stage_and_stands_on_its_top():
    r = realize(_stage_plan(0.8), 0)
    states = m.States(r.world)
    frames = list(range(1, 6 * 24 + 1))
    on = m.ends_on(r.world, states, "grad", frames, ["stage"])
    assert on.ok, on.detail
    assert on.onset is not None and on.onset > 3 * 24  # up there after the walk, not before
    assert not [p for p in r.timeline.problems if "step_up" in p]


def test_a_top_too_high_to_step_onto_is_reported_not_climbed():
    r = realize(_stage_plan(1.6), 0)
    assert [p for p in r.timeline.problems if "step_up not performed" in p and "1.60 m up"
            in p]
    states = m.States(r.world)
    assert not m.ends_on(r.world, states, "grad", list(range(1, 6 * 24 + 1)), ["stage"]).ok
