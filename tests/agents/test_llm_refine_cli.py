"""`previz refine` against the loopback fake server: the World's kept plan and the World itself
go to the model with the edit; only what the edited plan changed is rebuilt, every other entity,
light, relation and shot is copied byte for byte; a model that never answers inside the schema
writes nothing; bad input exits 2."""

from __future__ import annotations

import copy
import json

import pytest
from fake_openai import FakeServer

from previz.addon.cli import main
from previz.world import load_world

PLAN = {
    "title": "living room", "description": "a woman near a sofa",
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


def _respond(edit_answer: dict):
    def respond(body):
        messages = body["messages"]
        users = " ".join(m["content"] for m in messages if m["role"] == "user")
        if "The director asks to change the plan" in users:
            return ("json", json.dumps(edit_answer))
        if "has these problems" in messages[-1]["content"]:
            return ("json", messages[-2]["content"])  # a repair that changes nothing
        return ("json", json.dumps(PLAN))

    return respond


@pytest.fixture
def planned(tmp_path, monkeypatch):
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
    monkeypatch.delenv("PREVIZ_LLM_VISION", raising=False)
    world = tmp_path / "w.json"
    with FakeServer([], _respond(PLAN)) as srv:
        assert main(["plan", "a woman in a living room with a grey sofa, a table and a lamp",
                     "-o", str(world), "--llm-model", "fake", "--llm-base-url",
                     srv.base_url]) == 0
    return world


def _entities(world) -> dict[str, str]:
    return {e.id: e.model_dump_json() for e in world.entities}


def test_refine_edits_the_kept_plan_and_copies_the_rest(planned, tmp_path):
    out = tmp_path / "w2.json"
    kept = json.loads((tmp_path / "w.report.json").read_text())["plan"]
    with FakeServer([], _respond(_edited())) as srv:
        assert main(["refine", str(planned), EDIT, "-o", str(out), "--llm-model", "fake",
                     "--llm-base-url", srv.base_url]) == 0
    messages = srv.requests[0]["body"]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert json.loads(messages[2]["content"]) == kept
    assert f"<<<\n{EDIT}\n>>>" in messages[3]["content"]
    assert '"id":"lamp"' in messages[3]["content"]  # the current World, as data
    before, after = load_world(planned), load_world(out)
    old, new = _entities(before), _entities(after)
    assert set(new) == set(old) and new["sofa"] != old["sofa"]
    assert [i for i in old if new[i] != old[i]] == ["sofa"]
    cam = {c.id: c for c in before.cameras}["cam-shot-1"].transform.location[2]
    assert {c.id: c for c in after.cameras}["cam-shot-1"].transform.location[2] < cam - 0.4
    assert [x.model_dump_json() for x in after.lights] == \
        [x.model_dump_json() for x in before.lights]
    assert after.shots == before.shots and after.relations == before.relations
    report = json.loads((tmp_path / "w2.report.json").read_text())
    assert report["changed"] == ["cam-shot-1", "sofa"] and report["edited_plan"] is True
    assert report["plan"]["objects"][0]["style"] == "red"


def test_refine_with_answers_outside_the_schema_writes_nothing(planned, tmp_path, capsys):
    bad = _edited()
    bad["shots"][0]["params"] = {"wobble": 3}
    out = tmp_path / "w2.json"
    with FakeServer([], _respond(bad)) as srv:
        code = main(["refine", str(planned), EDIT, "-o", str(out), "--llm-model", "fake",
                     "--llm-base-url", srv.base_url, "--llm-timeout", "5"])
    assert code == 1 and len(srv.requests) == 3
    assert not out.exists() and not (tmp_path / "w2.report.json").exists()
    assert "wobble" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["refine", "missing.json", "x", "-o", "o.json"], "missing.json: no such World file"),
    (["refine", "{w}", " ", "-o", "o.json"], "the edit is empty"),
    (["refine", "{w}", "x", "-o", "o.json", "--only", "ghost"], "--only ghost"),
])
def test_refine_bad_input_exits_2(planned, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    argv = [a.replace("{w}", str(planned)) for a in argv]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()
