"""Refine with context through the Director panel's operators, against the loopback fake
OpenAI-compatible server: Generate keeps the plan; Refine sends that plan and the current
scene (with the director's hand edit) to the model, whose recorded answer makes the sofa red and
the camera lower — and every entity, light and shot the edit does not name stays exactly as it
was, the hand-moved table included."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import bpy
import pytest

from previz.addon.bridge import read

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agents"))
from fake_openai import FakeServer

PLAN = {
    "title": "living room", "description": "a woman sits near a sofa",
    "setting": {"type": "room", "name": "living room", "size": [7, 6, 3]},
    "objects": [{"id": "sofa", "category": "sofa", "style": "grey", "description": "grey sofa"},
                {"id": "table", "category": "table"},
                {"id": "lamp", "category": "lamp"}],
    "characters": [{"id": "woman", "category": "person", "appearance": "green coat"}],
    "relations": [{"type": "against_wall", "subject": "sofa"},
                  {"type": "in_front_of", "subject": "table", "target": "sofa"}],
    "shots": [{"id": "shot_1", "size": "wide", "movement": "static", "duration": 2,
               "params": {"height": 1.6}}],
}
EDIT = "make the sofa red and move the camera lower"


def _edited() -> dict:
    out = copy.deepcopy(PLAN)
    out["objects"][0].update(style="red", description="red sofa")
    out["shots"][0]["params"] = {"height": 0.6}
    return out


def _text(content) -> str:
    return content if isinstance(content, str) else content[0]["text"]


def conversation(edit_answer: dict):
    """The model's side: the first plan, a repair turn answered with the plan unchanged (the
    supervisor's problems of this room are not the test's subject), an edit answered with
    ``edit_answer`` (and so is a re-ask after a schema error)."""

    def respond(body: dict) -> tuple:
        messages = body["messages"]
        asks = " ".join(_text(m["content"]) for m in messages if m["role"] == "user")
        if "The director asks to change the plan" in asks:
            return ("json", json.dumps(edit_answer))
        if "has these problems" in _text(messages[-1]["content"]):
            return ("json", messages[-2]["content"])
        return ("json", json.dumps(PLAN))

    return respond


@pytest.fixture
def endpoint(monkeypatch):
    def start(respond):
        srv = FakeServer([], respond).__enter__()
        monkeypatch.setenv("PREVIZ_LLM_BASE_URL", srv.base_url)
        monkeypatch.setenv("PREVIZ_LLM_MODEL", "fake-model")
        monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
        monkeypatch.delenv("PREVIZ_LLM_VISION", raising=False)
        started.append(srv)
        return srv

    started: list[FakeServer] = []
    yield start
    for srv in started:
        srv.__exit__(None, None, None)


def _by_id(items) -> dict[str, str]:
    return {x.id: x.model_dump_json() for x in items}


def _plan_requests(srv: FakeServer) -> list[list[dict]]:
    return [r["body"]["messages"] for r in srv.requests]


def test_refine_sends_the_plan_and_the_scene_and_edits_only_what_it_names(enabled, endpoint):
    srv = endpoint(conversation(_edited()))
    s = enabled.previz.director
    s.text = "A woman in a living room with a grey sofa, a coffee table and a lamp."
    assert bpy.ops.previz.director_generate() == {"FINISHED"}
    assert s.status.startswith("Generated (llm:fake-model)"), s.status
    stored = json.loads(s.plan)
    assert stored["objects"][0]["style"] == "grey"
    # The director moves the table by hand before refining.
    bpy.data.objects["table"].location.x += 0.4
    before = read(enabled)
    hand_x = next(e for e in before.entities if e.id == "table").transform.location[0]
    asked = len(srv.requests)
    assert asked >= 1

    s.text = EDIT
    assert bpy.ops.previz.director_refine() == {"FINISHED"}
    after = read(enabled)

    # What was sent: the plan kept by Generate as the model's own answer, then the edit with
    # the current scene (the table where the director put it).
    messages = _plan_requests(srv)[asked]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert json.loads(messages[2]["content"]) == stored
    assert f"<<<\n{EDIT}\n>>>" in messages[3]["content"]
    scene = messages[3]["content"].split("<<<\n", 1)[1].split("\n>>>", 1)[0]
    table = next(e for e in json.loads(scene)["entities"] if e["id"] == "table")
    assert table["location"][0] == pytest.approx(hand_x, abs=0.01)

    # What changed: the sofa and the shot's camera; nothing else, byte for byte.
    old_e, new_e = _by_id(before.entities), _by_id(after.entities)
    assert set(new_e) == set(old_e)
    assert new_e["sofa"] != old_e["sofa"]
    assert "red" in next(e for e in after.entities if e.id == "sofa").appearance
    for i in old_e:
        if i != "sofa":
            assert new_e[i] == old_e[i], i
    cam_before = next(c for c in before.cameras if c.id == "cam-shot-1")
    cam_after = next(c for c in after.cameras if c.id == "cam-shot-1")
    assert cam_after.transform.location[2] < cam_before.transform.location[2] - 0.4
    assert _by_id(after.lights) == _by_id(before.lights)
    assert after.shots == before.shots and after.relations == before.relations
    assert "changed cam-shot-1, sofa" in s.status and "edited the scene's plan" in s.status
    assert json.loads(s.plan)["objects"][0]["style"] == "red"


def test_a_refine_answer_outside_the_schema_leaves_the_scene_unchanged(enabled, endpoint):
    bad = _edited()
    bad["shots"][0]["params"] = {"wobble": 3}  # no movement declares it
    srv = endpoint(conversation(bad))
    s = enabled.previz.director
    s.text = "A woman in a living room with a grey sofa, a coffee table and a lamp."
    assert bpy.ops.previz.director_generate() == {"FINISHED"}
    before = read(enabled).canonical_json()
    plan = s.plan
    s.text = EDIT
    with pytest.raises(RuntimeError, match="wobble"):
        bpy.ops.previz.director_refine()
    assert read(enabled).canonical_json() == before
    assert s.plan == plan
    edits = [r for r in _plan_requests(srv)
             if "The director asks to change the plan" in _text(r[3]["content"] if len(r) > 3
                                                               else "")]
    assert len(edits) == 3  # the edit, then two re-asks with the schema error
    assert "wobble" in edits[-1][-1]["content"]
