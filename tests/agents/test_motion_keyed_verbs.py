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
