"""The repair rounds of `previz.agents.pipeline.run`: a replan is asked only when a round is
left to build its answer (issue 14: the replan after the last round was thrown away)."""

from __future__ import annotations

from previz.agents import pipeline
from previz.agents.interfaces import default_providers
from previz.agents.pipeline import run
from previz.agents.plan import ScenePlan
from previz.agents.supervisor import Problem

PLAN = {
    "title": "kitchen", "description": "a table",
    "setting": {"type": "room", "name": "kitchen", "size": [6, 5, 3]},
    "objects": [{"id": "table", "category": "table"}],
    "shots": [{"id": "shot_1", "size": "wide", "duration": 1}],
}


def _replans(max_rounds: int) -> tuple[list[int], dict]:
    asked: list[int] = []

    def replan(plan: ScenePlan, report: dict) -> ScenePlan | None:
        asked.append(len(report["problems"]))
        return None  # the model has nothing better: the deterministic repairs go on

    # What the plan itself says it cannot express stays a problem in every round.
    result = run(ScenePlan.model_validate(PLAN), 0, providers=default_providers(),
                 max_rounds=max_rounds, replan=replan, unsaid=("a thing the language lacks",))
    return asked, result.report


def test_no_replan_after_the_last_round():
    asked, report = _replans(3)
    assert [r["round"] for r in report["rounds"]] == [0, 1, 2]
    assert len(asked) == 2  # after rounds 0 and 1; round 2 has no round after it
    assert all(n >= 1 for n in asked)


def test_one_round_asks_no_replan():
    asked, report = _replans(1)
    assert len(report["rounds"]) == 1
    assert asked == []


def _rounds(max_rounds: int, unsaid: tuple[str, ...], text: str | None = None) -> dict:
    return run(ScenePlan.model_validate(PLAN), 0, providers=default_providers(),
               max_rounds=max_rounds, unsaid=unsaid, text=text).report


def test_rounds_stop_when_only_the_plan_and_text_are_left(monkeypatch):
    # The kitchen builds clean but for what the plan says it cannot express: no repair round
    # changes that, so the first round is the last and says why.
    report = _rounds(4, ("a thing the language lacks",))
    assert [r["round"] for r in report["rounds"]] == [0]
    assert report["rounds"][0]["problems"] == {"cannot_say": 1}
    assert "no repair round changes it" in report["rounds"][0]["stopped"]
    # The same World as when all four rounds run: round 0 was the best of them.
    monkeypatch.setattr(pipeline, "PLAN_KINDS", ())
    full = _rounds(4, ("a thing the language lacks",))
    assert [r["round"] for r in full["rounds"]] == [0, 1, 2, 3]
    assert all(r["problems"] == {"cannot_say": 1} for r in full["rounds"])
    assert "stopped" not in full["rounds"][0]
    assert full["content_hash"] == report["content_hash"]
    assert full["problems"] == report["problems"]


def test_rounds_go_on_for_a_problem_a_round_may_repair(monkeypatch):
    # The same plan whose round reports a camera problem besides: the repairs run.
    real_check = pipeline.check

    def check(world, **kw):
        rep = real_check(world, **kw)
        rep.problems.append(Problem("subject_occluded", ["table"], [1], "hidden"))
        return rep

    monkeypatch.setattr(pipeline, "check", check)
    report = _rounds(3, ("a thing the language lacks",))
    assert [r["round"] for r in report["rounds"]] == [0, 1, 2]
    assert [r["free_walls"] for r in report["rounds"]] == [[], ["south"], ["south"]]
