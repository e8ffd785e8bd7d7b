"""The system prompt explains every field of the plan schema (walked from the schema itself,
so a field added to `agents/plan.py` without a word in the prompt fails here), and its whole
example plan is a valid ScenePlan that builds."""

from __future__ import annotations

import json
import re

from previz.agents.llm.prompts import EXAMPLE, system_prompt
from previz.agents.plan import ScenePlan


def _fields(schema: dict) -> list[tuple[str, str]]:
    out = [("ScenePlan", f) for f in schema["properties"]]
    for model, d in sorted(schema["$defs"].items()):
        out += [(model, f) for f in d.get("properties", {})]
    return out


def test_every_schema_field_is_named_in_the_system_prompt():
    prompt = system_prompt()
    fields = _fields(ScenePlan.model_json_schema())
    assert len(fields) >= 60  # the walk reaches the nested models
    missing = [f"{m}.{f}" for m, f in fields if not re.search(rf"\b{f}\b", prompt)]
    assert missing == []


def test_the_prompt_explains_openings_beats_goals_and_kinds():
    prompt = system_prompt()
    assert '"wall": "west"' in prompt and "north = +y" in prompt
    assert "share is the fraction of the shot" in prompt
    assert '{"verb": "walk", "goal": "table"}' in prompt
    assert "kind (character or animal)" in prompt


def test_the_whole_example_is_valid_and_builds():
    plan = ScenePlan.model_validate(EXAMPLE)
    assert plan.shots[0].beats and plan.setting.openings and plan.lighting is not None
    assert json.dumps(EXAMPLE, separators=(",", ":")) in system_prompt()
    from previz.agents.pipeline import run

    result = run(plan, 0, max_rounds=1)
    ids = {e.id for e in result.world.entities}
    assert {"table", "chairs-1", "chairs-2", "lamp", "detective", "suspect"} <= ids
    assert [s.id for s in result.world.shots] == ["shot-1"]
