"""The plan language's fields beyond the first version: parameters are the ones the executing
skill declares, references name groups of the plan, and every new field is optional (a plan
written before them means the same)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from previz.agents.plan import ScenePlan


def _error(data: dict) -> str:
    with pytest.raises(ValidationError) as info:
        ScenePlan.model_validate(data)
    return str(info.value)


def test_parameters_are_the_declared_ones() -> None:
    plan = ScenePlan.model_validate({
        "characters": [{"id": "mara", "actions": [{"verb": "walk", "params": {"speed": 2.0}}]}],
        "shots": [{"id": "s", "movement": "orbit", "subject": "mara",
                   "params": {"degrees": 180.0}}]})
    assert plan.shots[0].params == {"degrees": 180.0}
    assert "walk takes no parameter 'zz' (it takes: speed)" in _error(
        {"characters": [{"id": "a", "actions": [{"verb": "walk", "params": {"zz": 1.0}}]}]})
    assert "shots[0].params.degrees: expected float, got 'x'" in _error(
        {"shots": [{"movement": "orbit", "params": {"degrees": "x"}}]})


def test_references_and_sets_are_checked() -> None:
    assert "actions[0].target: unknown 'chair'" in _error(
        {"characters": [{"id": "a", "actions": [{"verb": "sit", "target": "chair"}]}]})
    assert "lighting.practicals[0]: no object 'lamp'" in _error(
        {"lighting": {"practicals": ["lamp"]}})
    assert "coverage.subjects[0]: no object or character 'b'" in _error(
        {"coverage": {"pattern": "shot_reverse_shot", "subjects": ["b"]}})
    assert "setting.set: unknown set 'moon_base'" in _error({"setting": {"set": "moon_base"}})
    assert "setting.params: parameters need a setting.set" in _error(
        {"setting": {"params": {"turns": 3}}})


def test_a_first_version_plan_means_the_same() -> None:
    old = {"setting": {"type": "room", "size": [6, 5, 3]},
           "objects": [{"id": "sofa", "category": "sofa"}],
           "characters": [{"id": "mara", "actions": [{"verb": "walk", "goal": "sofa"}]}],
           "shots": [{"id": "shot_1", "movement": "dolly_in", "subject": "mara"}],
           "mood": "warm"}
    plan = ScenePlan.model_validate(old)
    assert plan.lighting is None and plan.coverage is None and plan.setting.set is None
    assert plan.model_dump(mode="json", exclude_defaults=True) == {
        "objects": [{"id": "sofa", "category": "sofa"}],
        "characters": [{"id": "mara", "actions": [{"verb": "walk", "goal": "sofa"}]}],
        "shots": [{"movement": "dolly_in", "subject": "mara"}], "mood": "warm"}
