"""`previz eval`: a malformed prompts file exits 2 naming the prompt and the field; a prompt that
fails to plan scores 0 with its error and the run goes on; the report, the gallery and the
per-prompt files are written; the scores do not depend on the process or the worker count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from previz.addon.cli import main

pytestmark = pytest.mark.blender

PROMPTS = {"version": 1, "prompts": [
    {"id": "room_walk", "kind": "interiors",
     "text": "A living room with a sofa, a lamp and a glorp. Mara walks to the sofa.",
     "expect": [
         {"check": "cast", "category": "person", "count": 1},
         {"check": "setting", "indoor": True},
         {"check": "element", "category": "sofa"},
         {"check": "element", "category": "piano"},
         {"check": "action", "subject": "person", "verb": "walk", "property": "travels",
          "min_distance": 0.5},
         {"check": "shots", "count": 1}]},
    {"id": "nothing", "kind": "exteriors", "text": "Xq zzv blorp.",
     "expect": [{"check": "setting", "indoor": False}]},
]}


def _write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "prompts.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


def test_a_malformed_expectation_exits_2_naming_the_prompt_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = json.loads(json.dumps(PROMPTS))
    bad["prompts"][0]["expect"][4]["property"] = "levitates"
    code = main(["eval", str(_write(tmp_path, bad)), "-o", str(tmp_path / "out"),
                 "--track", "offline"])
    err = capsys.readouterr().err
    assert code == 2
    assert "prompt 'room_walk'" in err and "expect[4].action.property" in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_missing_expert_plan_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    code = main(["eval", str(_write(tmp_path, PROMPTS)), "-o", str(tmp_path / "out"),
                 "--track", "expert"])
    assert code == 2
    assert "no expert plan for prompt 'room_walk'" in capsys.readouterr().err


def test_scores_the_shot_and_goes_on_after_a_failed_prompt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["eval", str(_write(tmp_path, PROMPTS)), "-o", str(out), "--track", "offline",
                 "--frames", "4", "--width", "96"])
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    by_id = {r["id"]: r for r in report["results"]}
    walk = by_id["room_walk"]
    verdicts = [r["ok"] for r in walk["results"]]
    # The text names no piano; the glorp (a word no vocabulary will have) is placed as a proxy
    # named after it, and the supervisor says the library has no model of it.
    assert verdicts == [True, True, True, False, True, True]
    assert walk["score"] == pytest.approx(5 / 6, abs=1e-4)
    nothing = by_id["nothing"]
    assert nothing["score"] == 0.0 and "found nothing to stage" in nothing["error"]
    summary = report["tracks"]["offline"]
    assert summary["errors"] == 1 and summary["prompts"] == 2
    assert summary["confusion"]["ok_failing"] == 0  # neither failing shot was called ok
    assert any(p.startswith("unknown_asset:") and "'glorp'" in p for p in walk["problems"])
    for name in ("world.json", "report.json", "sheet.png", "map.png"):
        assert (out / "offline" / "room_walk" / name).is_file(), name
    page = (out / "gallery.html").read_text()
    assert "room_walk" in page and "data:image/png;base64," in page


@pytest.mark.slow
def test_scores_are_the_same_in_another_process_and_with_two_workers(tmp_path: Path) -> None:
    prompts = _write(tmp_path, PROMPTS)
    runs = []
    for i, (seed, jobs) in enumerate((("1", "1"), ("2", "2"))):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"out{i}"
        subprocess.run([str(Path(sys.executable).with_name("previz")), "eval", str(prompts), "-o",
                        str(out), "--track", "offline", "--frames", "4", "--width", "96",
                        "--jobs", jobs], check=True, env=env, capture_output=True)
        report = json.loads((out / "report.json").read_text())
        runs.append([{k: v for k, v in r.items() if k not in ("seconds", "cpu_seconds")}
                     for r in report["results"]])
        runs[-1].append((out / "offline" / "room_walk" / "world.json").read_bytes())
    assert runs[0] == runs[1]


def test_eval_workers_get_one_blas_thread_and_the_parent_keeps_its_own(monkeypatch) -> None:
    """Spawned eval workers see one BLAS thread each (their 4×4 linear algebra only contends
    with many), and the parent's variables are put back as they were, unset ones unset."""
    import os

    from previz.addon.evaluation.runner import (
        BLAS_THREAD_VARIABLES,
        _one_blas_thread_in_children,
    )

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    with _one_blas_thread_in_children():
        assert [os.environ[k] for k in BLAS_THREAD_VARIABLES] == ["1", "1", "1"]
    assert os.environ["OPENBLAS_NUM_THREADS"] == "3"
    assert "OMP_NUM_THREADS" not in os.environ
