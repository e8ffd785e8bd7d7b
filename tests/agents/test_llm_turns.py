"""Conversations with the model over several turns, against the loopback fake server that
records every request: a schema error re-asked, the supervisor's problems sent back, the third
answer kept — the exact messages asserted; an answer that never fits the schema refused with
the World on disk unchanged; and the vision turn (the contact sheet and the map as data-URL
images), its refusal by a text-only endpoint, and its being off by default."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from fake_openai import FakeServer

from previz.addon.cli import main
from previz.addon.console.director_agents import LLM, generate
from previz.agents.llm.client import edit_prompt, repair_prompt, vision_from_env
from previz.agents.llm.prompts import system_prompt
from previz.agents.llm.vision import shot_images
from previz.world import InputError

GOOD = {
    "title": "kitchen", "description": "two chairs at a table",
    "setting": {"type": "room", "name": "kitchen", "size": [6, 5, 3]},
    "objects": [{"id": "table", "category": "table"},
                {"id": "chairs", "category": "chair", "count": 2}],
    "characters": [{"id": "mara", "actions": [{"verb": "walk", "goal": "table"}]}],
    "relations": [{"type": "next_to", "subject": "chairs", "target": "table"}],
    "shots": [{"id": "shot_1", "size": "wide", "subject": "mara", "duration": 3}],
}
#: Builds, but twelve wardrobes do not fit a 4 m room: the supervisor reports it.
CRAMPED = {"setting": {"size": [4, 3.5, 2.6]},
           "objects": [{"id": "wardrobes", "category": "wardrobe", "count": 12}]}
#: Outside the schema: an orbit has no parameter "wobble".
BAD = {**copy.deepcopy(GOOD), "shots": [{"id": "shot_1", "movement": "orbit",
                                         "params": {"wobble": 3}}]}
TEXT = "a room full of wardrobes"


def _plan(srv: FakeServer, out, *extra: str) -> int:
    return main(["plan", TEXT, "-o", str(out), "--llm-model", "fake", "--llm-base-url",
                 srv.base_url, "--llm-timeout", "5", *extra])


def test_three_turns_schema_error_then_supervisor_problems_then_accepted(tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
    out = tmp_path / "w.json"
    steps = [("json", json.dumps(BAD)), ("json", json.dumps(CRAMPED)), ("json", json.dumps(GOOD))]
    with FakeServer(steps) as srv:
        assert _plan(srv, out) == 0
    assert len(srv.requests) == 3
    first, second, third = (r["body"]["messages"] for r in srv.requests)
    ask = {"role": "user", "content": f"Director's text:\n<<<\n{TEXT}\n>>>"}
    assert first == [{"role": "system", "content": system_prompt()}, ask]
    # Turn 2: the invalid answer back as the model's, then the field that broke the schema.
    assert second[:2] == first
    assert second[2] == {"role": "assistant", "content": json.dumps(BAD)}
    assert second[3]["role"] == "user" and len(second) == 4
    assert second[3]["content"].startswith("Your plan is invalid.")
    assert "wobble" in second[3]["content"]
    # Turn 3: a new conversation about the plan that built, with the supervisor's problems.
    report = json.loads((tmp_path / "w.report.json").read_text())
    assert [m["role"] for m in third] == ["system", "user", "assistant", "user"]
    assert third[:2] == first
    assert json.loads(third[2]["content"])["objects"][0]["id"] == "wardrobes"
    assert third[3]["content"].startswith("The scene built from your plan has these problems:")
    problems = [line for line in third[3]["content"].splitlines() if line.startswith("- ")]
    assert problems and any("wardrobes-" in p for p in problems)
    kinds = set(report["rounds"][0]["problems"]) | {"layout"}  # the round's, and unsatisfied
    assert {p[2:].split(":")[0] for p in problems} <= kinds
    # The third answer is the World.
    assert report["ok"] and report["plan"]["objects"][0]["id"] == "table"
    assert [not r["problems"] for r in report["rounds"]] == [False, True]


def test_an_answer_that_never_fits_the_schema_leaves_the_world_unchanged(tmp_path,
                                                                         monkeypatch, capsys):
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
    out = tmp_path / "w.json"
    out.write_text("the World before")
    with FakeServer([("json", json.dumps(BAD))] * 3) as srv:
        assert _plan(srv, out) == 1
    assert len(srv.requests) == 3
    assert out.read_text() == "the World before"
    assert not (tmp_path / "w.report.json").exists()
    err = capsys.readouterr().err
    assert "does not fit the plan schema" in err and "wobble" in err


def test_edit_prompt_carries_the_scene_as_data():
    text = edit_prompt("make it red", scene='{"entities":[]}')
    assert text.index('<<<\n{"entities":[]}\n>>>') < text.index("<<<\nmake it red\n>>>")
    assert "as it stands now" in text and "as it stands now" not in edit_prompt("make it red")


def _vision_server(refuse_images: bool = False):
    def respond(body):
        last = body["messages"][-1]["content"]
        if isinstance(last, list):
            return ("status", 400) if refuse_images else ("json", json.dumps(GOOD))
        if "has these problems" in last:
            return ("json", json.dumps(GOOD))
        return ("json", json.dumps(CRAMPED))

    return FakeServer([], respond)


def test_vision_turn_sends_the_sheet_and_the_map_with_the_problems():
    with _vision_server() as srv:
        out = generate(TEXT, 0, LLM(srv.base_url, "fake", "k", vision=True), rounds=1)
    with_images = [r for r in srv.requests if isinstance(r["body"]["messages"][-1]["content"],
                                                         list)]
    assert len(with_images) == 1 and with_images[0] is srv.requests[-1]
    turn = with_images[0]["body"]["messages"][-1]["content"]
    assert [p["type"] for p in turn] == ["text", "text", "image_url", "text", "image_url"]
    assert turn[0]["text"].startswith("The scene built from your plan has these problems:")
    assert "wardrobes-" in turn[0]["text"]
    assert [turn[1]["text"], turn[3]["text"]] == ["contact_sheet:", "top_down_map:"]
    for part in (turn[2], turn[4]):
        url = part["image_url"]["url"]
        assert url.startswith("data:image/png;base64,")
        assert base64.b64decode(url.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert {e.id for e in out.world.entities} >= {"table", "mara"}
    assert out.notes and out.notes[0].startswith("the vision turn: ")
    assert out.notes[0].endswith("→ 0 problem(s)")


def test_images_refused_by_the_endpoint_are_dropped_and_said():
    with _vision_server(refuse_images=True) as srv:
        out = generate(TEXT, 0, LLM(srv.base_url, "fake", "k", vision=True), rounds=1)
    kinds = [type(r["body"]["messages"][-1]["content"]).__name__ for r in srv.requests]
    assert kinds[-2:] == ["list", "str"] and kinds.count("list") == 1
    assert srv.requests[-1]["body"]["messages"][-1]["content"] == \
        srv.requests[-2]["body"]["messages"][-1]["content"][0]["text"]
    assert any("refused the images (HTTP 400)" in n for n in out.notes)
    assert "table" in {e.id for e in out.world.entities}


def test_vision_is_off_by_default(monkeypatch):
    monkeypatch.delenv("PREVIZ_LLM_VISION", raising=False)
    assert vision_from_env() is False
    assert LLM().vision is False
    with _vision_server() as srv:
        out = generate(TEXT, 0, LLM(srv.base_url, "fake", "k"), rounds=1)
    assert all(isinstance(r["body"]["messages"][-1]["content"], str) for r in srv.requests)
    assert not out.notes
    monkeypatch.setenv("PREVIZ_LLM_VISION", "1")
    assert vision_from_env() is True
    monkeypatch.setenv("PREVIZ_LLM_VISION", "maybe")
    with pytest.raises(InputError, match="PREVIZ_LLM_VISION"):
        vision_from_env()


def test_shot_images_are_deterministic_pngs():
    from previz.agents.pipeline import run
    from previz.agents.plan import ScenePlan

    result = run(ScenePlan.model_validate(GOOD), 0, max_rounds=1)
    a = shot_images(result.world, result.report)
    b = shot_images(result.world, result.report)
    assert [n for n, _ in a] == ["contact_sheet", "top_down_map"]
    assert a == b and all(png.startswith(b"\x89PNG") for _, png in a)
    assert repair_prompt(result.report).startswith("The scene built")


def test_previz_plan_vision_turn(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
    monkeypatch.setenv("PREVIZ_LLM_VISION", "1")
    out = tmp_path / "w.json"
    with _vision_server() as srv:
        assert _plan(srv, out, "--rounds", "1") == 0
    assert isinstance(srv.requests[-1]["body"]["messages"][-1]["content"], list)
    report = json.loads((tmp_path / "w.report.json").read_text())
    assert report["ok"] and report["plan"]["objects"][0]["id"] == "table"
    assert "previz: the vision turn: " in capsys.readouterr().err


def test_shot_images_are_the_same_bytes_across_processes():
    import os
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "two_characters_room.json"
    code = ("import hashlib, sys\nfrom previz.world import World\n"
            "from previz.agents.llm.vision import shot_images\n"
            "from previz.agents.supervisor import check\n"
            "w = World.model_validate_json(open(sys.argv[1]).read())\n"
            "print(hashlib.sha256(b''.join(b for _, b in shot_images(w, check(w).to_json())))"
            ".hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code, str(example)], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
               for seed in ("1", "2")}
    assert len(digests) == 1 and len(next(iter(digests))) == 64
