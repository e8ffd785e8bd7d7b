"""An out-of-range set parameter from a model's plan stops `previz plan` with exit 2 naming the
field, and writes nothing (issue 15's bad-input rule, end to end through the command line)."""

from __future__ import annotations

import json

import pytest
from fake_openai import FakeServer

from previz.addon.cli import main


def _plan(set_name: str, params: dict, setting_type: str = "outdoor") -> dict:
    return {"setting": {"type": setting_type, "set": set_name, "params": params},
            "characters": [{"id": "runner", "category": "person"}]}


@pytest.mark.parametrize(("set_name", "params", "setting_type", "field"), [
    ("alley", {"turns": -3}, "outdoor", "setting.params.turns"),
    ("city_block", {"buildings": 0}, "outdoor", "setting.params.buildings"),
    ("living_room", {"width": 10000.0}, "room", "setting.params.width"),
])
def test_out_of_range_set_parameter_exits_2_naming_the_field(tmp_path, capsys, monkeypatch,
                                                              set_name, params, setting_type,
                                                              field):
    monkeypatch.setenv("PREVIZ_LLM_API_KEY", "k")
    out = tmp_path / "w.json"
    bad = json.dumps(_plan(set_name, params, setting_type))
    with FakeServer([("json", bad)] * 4) as srv:
        code = main(["plan", "a runner in the set", "-o", str(out), "--llm-model", "fake",
                     "--llm-base-url", srv.base_url, "--llm-timeout", "5"])
    err = capsys.readouterr().err
    assert code == 2, err
    errors = [line for line in err.splitlines() if line.startswith("previz:")]
    assert len(errors) == 1 and errors[0].startswith(f"previz: {field}:"), err
    assert "Traceback" not in err
    assert not out.exists() and not (tmp_path / "w.report.json").exists()
