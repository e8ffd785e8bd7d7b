"""`previz plan` and `previz check` on the command line."""

from __future__ import annotations

import hashlib
import json

import pytest

from previz.addon.cli import main

TEXT = "A kitchen with a table, four chairs around the table and two cups on the table. " \
    "Mara walks to the door, then turns."


def test_plan_writes_world_and_report_then_check_passes(tmp_path, capsys):
    out = tmp_path / "scene" / "kitchen.json"
    assert main(["plan", TEXT, "-o", str(out), "--seed", "2"]) == 0
    text = capsys.readouterr().out
    assert "wrote" in text and "check: ok" in text
    world = json.loads(out.read_text())
    assert world["description"] == TEXT
    report = json.loads((tmp_path / "scene" / "kitchen.report.json").read_text())
    assert report["ok"] and report["planner"] == "offline" and report["seed"] == 2
    assert report["plan"]["objects"][0]["category"] == "table"
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]

    assert main(["check", str(out)]) == 0
    assert ": ok" in capsys.readouterr().out
    assert main(["check", str(out), "--json", "--shot", "shot-1"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["ok"] and rep["metrics"]["subject_in_frame_fraction"] == 1.0


def test_plan_is_deterministic(tmp_path):
    """`previz plan` writes the same World and report, byte for byte, from two processes with
    different hash seeds (and from this one)."""
    from two_processes import outputs_in_two_processes

    code = ("import hashlib, sys; from pathlib import Path; from previz.addon.cli import main; "
            "out = Path(sys.argv[2]); "
            "assert main(['plan', sys.argv[1], '-o', str(out), '-q']) == 0; "
            "print([hashlib.sha256(p.read_bytes()).hexdigest() "
            "for p in (out, out.with_suffix('.report.json'))])")
    a, b = outputs_in_two_processes(code, TEXT, str(tmp_path / "a.json"))
    assert a == b
    c = tmp_path / "c.json"
    assert main(["plan", TEXT, "-o", str(c), "-q"]) == 0
    assert str([hashlib.sha256(p.read_bytes()).hexdigest()
                for p in (c, tmp_path / "c.report.json")]) == a.splitlines()[-1]


@pytest.mark.parametrize("text", ["", "   ", "blorp fnord"])
def test_meaningless_text_exit_2_nothing_written(tmp_path, capsys, text):
    out = tmp_path / "w.json"
    assert main(["plan", text, "-o", str(out)]) == 2
    assert "previz:" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "w.report.json").exists()


def test_bad_options_exit_2(tmp_path):
    assert main(["plan", TEXT, "-o", str(tmp_path / "w.json"), "--rounds", "0"]) == 2
    assert main(["plan", TEXT, "-o", str(tmp_path / "w.json"), "--seed", "-1"]) == 2


def test_check_reports_problems_exit_1(tmp_path, capsys):
    world = {"entities": [
        {"id": "a", "kind": "prop", "asset": {"size": [1, 1, 1]}},
        {"id": "b", "kind": "prop", "asset": {"size": [1, 1, 1]},
         "transform": {"location": [0.5, 0, 0]}},
        {"id": "c", "kind": "prop", "asset": {"size": [1, 1, 1]},
         "transform": {"location": [3, 0, 2]}}]}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(world))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "interpenetration" in out and "floating" in out
    assert main(["check", str(path), "--json"]) == 1
    rep = json.loads(capsys.readouterr().out)
    assert not rep["ok"]
    assert {p["kind"] for p in rep["problems"]} == {"interpenetration", "floating"}
    assert rep["metrics"]["worst_penetration_m"] == 0.5


def test_check_bad_input_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.json")]) == 2
    (tmp_path / "w.txt").write_text("x")
    assert main(["check", str(tmp_path / "w.txt")]) == 2
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"entities": []}))
    assert main(["check", str(p), "--shot", "nope"]) == 2
    assert "no shot 'nope'" in capsys.readouterr().err


def test_plan_with_skills(tmp_path):
    # The camera and lighting skills are the default; --simple-camera is the old framing.
    out = tmp_path / "w.json"
    text = "Close-up of Anna at her desk with a laptop on the desk, warm light."
    assert main(["plan", text, "-o", str(out)]) == 0
    world = json.loads(out.read_text())
    assert sorted(li["id"] for li in world["lights"]) == [
        "golden-hour-fill", "golden-hour-key", "golden-hour-rim"]
    assert main(["plan", text, "-o", str(out), "--skills"]) == 0  # old flag still accepted
    assert json.loads(out.read_text()) == world
    assert main(["plan", text, "-o", str(out), "--simple-camera"]) == 0
    simple = json.loads(out.read_text())
    assert sorted(li["id"] for li in simple["lights"]) == ["fill", "key"]
    assert simple["cameras"] != world["cameras"]
    assert main(["plan", text, "-o", str(out), "--asset-index", str(tmp_path / "none.db")]) == 2
