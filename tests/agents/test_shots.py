"""Each shot its own prompt and seed; a plan's coverage expanded into shots that alternate and
keep the 180° line."""

from __future__ import annotations

from previz.agents import realize
from previz.agents.plan import ScenePlan
from previz.agents.shots import coverage_shots, shot_prompt, shot_seed
from previz.skills.camera.continuity import crossings
from previz.skills.camera.coverage import expand


def _plan(**extra) -> ScenePlan:
    return ScenePlan.model_validate({
        "title": "Interrogation", "description": "A detective questions a suspect.",
        "setting": {"type": "room", "name": "interrogation room", "size": [6.0, 5.0, 3.0]},
        "objects": [{"id": "table", "category": "table"}],
        "characters": [
            {"id": "detective", "appearance": "a detective in a grey suit",
             "actions": [{"verb": "stand", "duration": 12.0}]},
            {"id": "suspect", "appearance": "a young man in a hoodie",
             "actions": [{"verb": "sit", "duration": 12.0}]}],
        "relations": [{"type": "facing", "subject": "detective", "target": "suspect"}],
        **extra})


def test_shot_seed_is_derived_from_plan_seed_and_shot_id():
    assert shot_seed(0, "shot_1") == shot_seed(0, "shot_1")
    assert len({shot_seed(0, "shot_1"), shot_seed(0, "shot_2"), shot_seed(1, "shot_1")}) == 3
    assert 0 < shot_seed(7, "shot_3") < 2**31


def test_shot_prompt_says_what_the_shot_shows():
    plan = _plan(shots=[{"id": "shot_1", "size": "close_up", "subject": "suspect",
                         "duration": 3.0}], mood="dramatic")
    text = shot_prompt(plan, plan.shots[0], 0.0, ["suspect"], "noir")
    assert text == ("close-up of a young man in a hoodie (sit), in interrogation room; noir "
                    "light.")
    assert "detective" not in text


def test_alternating_over_the_shoulder_expands_to_alternating_shots():
    shots = expand("over_the_shoulder", ["detective", "suspect"], 4)
    assert [s.subject for s in shots] == ["suspect", "detective", "suspect", "detective"]
    assert {s.movement for s in shots} == {"over_the_shoulder"}
    srs = expand("shot_reverse_shot", ["her", "him"], 4)
    assert [(s.size, s.subject) for s in srs] == [("wide", None), ("medium", "her"),
                                                  ("medium", "him"), ("medium", "her")]


def test_coverage_becomes_the_worlds_shots_each_with_its_own_prompt_and_seed():
    plan = _plan(coverage={"pattern": "over_the_shoulder",
                           "subjects": ["detective", "suspect"], "shots": 4})
    assert [s.subject for s in coverage_shots(plan)] == ["suspect", "detective"] * 2
    world = realize(plan, seed=3, candidates=8, time_limit=2.0).world
    assert len(world.shots) == 4
    assert len({s.seed for s in world.shots}) == 4
    assert "young man in a hoodie" in world.shots[0].prompt
    assert "grey suit" in world.shots[1].prompt
    ids = {e.id for e in world.entities}
    a, b = (next(i for i in ids if i.startswith(g)) for g in ("detective", "suspect"))
    assert crossings(world, a, b) == []  # the 180° line kept across the four cuts
