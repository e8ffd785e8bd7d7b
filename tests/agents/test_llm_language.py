"""The LLM layer speaks the whole plan language: the schema it sends holds every field, the
system prompt explains them with the declared names, and a repair turn carries the
supervisor's problems and the words no part of the plan said — recorded answers from the
loopback fake server, over several turns."""

from __future__ import annotations

import copy
import json

import pytest
from fake_openai import FakeServer

from previz.agents.llm import LLMConfig, LLMError, plan_with_llm
from previz.agents.llm.client import repair_prompt
from previz.agents.llm.prompts import system_prompt
from previz.agents.plan import ScenePlan
from previz.skills.vocabulary import names

PLAN = {
    "title": "ring", "description": "two boxers spar",
    "setting": {"type": "room", "name": "gym", "size": [10, 10, 4]},
    "characters": [{"id": "boxers", "category": "person", "count": 2,
                    "appearance": "red and blue gloves",
                    "actions": [{"verb": "walk", "duration": 2}]}],
    "shots": [{"id": "shot_1", "size": "wide", "movement": "orbit", "duration": 8,
               "params": {"degrees": 180}}],
    "lighting": {"key_direction": "above", "temperature_k": 3200, "fog": 0.3},
}


def _config(server: FakeServer, tmp_path) -> LLMConfig:
    return LLMConfig(model="fake-model", base_url=server.base_url, api_key="k", timeout=5.0,
                     log_path=str(tmp_path / "llm.jsonl"))


def test_schema_holds_the_whole_plan_language():
    schema = ScenePlan.model_json_schema()
    assert {"lighting", "coverage"} <= set(schema["properties"])
    shot = schema["$defs"]["ShotPlan"]["properties"]
    assert {"params", "lens_mm", "camera_body", "subject_part", "end_size"} <= set(shot)
    assert {"target", "params"} <= set(schema["$defs"]["ActionPlan"]["properties"])
    assert "appearance" in schema["$defs"]["CharacterPlan"]["properties"]
    assert {"set", "params"} <= set(schema["$defs"]["Setting"]["properties"])
    light = schema["$defs"]["LightingPlan"]["properties"]
    assert {"look", "key_direction", "temperature_k", "practicals", "fog",
            "time_of_day"} <= set(light)


def test_system_prompt_explains_the_new_fields_with_declared_names():
    prompt = system_prompt()
    for field in ("setting.set", "appearance", "target", "shots[].params", "end_size",
                  "coverage", "key_direction", "temperature_k", "practicals", "time_of_day"):
        assert field in prompt, field
    for kind in ("coverage", "look", "set"):
        for name in names(kind)[:3]:
            assert name in prompt, (kind, name)
    assert "orbit(degrees" in prompt  # each movement with the parameters it declares


def test_repair_prompt_names_the_unsaid_words():
    text = repair_prompt({"problems": [{"kind": "duration_changed", "detail": "4 s, asked 8"}],
                          "not_understood": [{"word": "fog", "span": [3, 6]},
                                             {"word": "8", "span": [10, 11]}]})
    assert "duration_changed: 4 s, asked 8" in text
    assert "no part of your plan says: fog, 8" in text


def test_multi_turn_repair_with_recorded_answers(tmp_path):
    """Turn 1 (the first plan) is repaired: the repair answer breaks the schema (a parameter
    the orbit does not declare), is re-asked with the error, and the third answer is kept."""
    previous = ScenePlan.model_validate({**PLAN, "lighting": None})
    bad = copy.deepcopy(PLAN)
    bad["shots"][0]["params"] = {"wobble": 3}
    with FakeServer([("json", json.dumps(bad)), ("json", json.dumps(PLAN))]) as srv:
        plan = plan_with_llm("Two boxers spar under harsh overhead light, fog.",
                             _config(srv, tmp_path), previous=previous,
                             report={"problems": [], "not_understood": [
                                 {"word": "overhead"}, {"word": "fog"}]})
    assert plan.lighting is not None and plan.lighting.fog == 0.3
    assert plan.shots[0].params == {"degrees": 180}
    first, second = (r["body"]["messages"] for r in srv.requests)
    assert first[2] == {"role": "assistant", "content": previous.model_dump_json()}
    assert "overhead, fog" in first[3]["content"]
    assert "wobble" in second[-1]["content"] and second[-2]["role"] == "assistant"
    assert first[0]["content"] == system_prompt()


def test_an_answer_that_stays_outside_the_schema_is_refused(tmp_path):
    bad = copy.deepcopy(PLAN)
    bad["lighting"]["temperature_k"] = 1e9
    with FakeServer([("json", json.dumps(bad))] * 2) as srv:
        config = _config(srv, tmp_path)
        config.attempts = 2
        with pytest.raises(LLMError, match="temperature_k"):
            plan_with_llm("two boxers", config)


def test_refine_edits_the_previous_plan(tmp_path):
    """Refine sends the current plan and the edit; the model's answer changes only what the
    edit names (a recorded answer: the sofa red, the camera lower)."""
    previous = ScenePlan.model_validate({
        "setting": {"type": "room", "name": "living room"},
        "objects": [{"id": "sofa", "category": "sofa", "style": "grey"}],
        "shots": [{"id": "shot_1", "size": "wide", "movement": "static", "duration": 4}]})
    edited = previous.model_dump(mode="json")
    edited["objects"][0]["style"] = "red"
    edited["shots"][0]["movement"] = "pedestal"
    edited["shots"][0]["params"] = {"height": -0.5}
    with FakeServer([("json", json.dumps(edited))]) as srv:
        plan = plan_with_llm("A living room with a sofa.", _config(srv, tmp_path),
                             previous=previous, edit="make the sofa red and move the camera "
                             "lower")
    assert plan.objects[0].style == "red" and plan.objects[0].id == "sofa"
    messages = srv.requests[0]["body"]["messages"]
    assert messages[2] == {"role": "assistant", "content": previous.model_dump_json()}
    assert "<<<\nmake the sofa red and move the camera lower\n>>>" in messages[3]["content"]
    assert "keep every id" in messages[3]["content"]
