"""The repair rounds of `previz.agents.pipeline.run`: a replan is asked only when a round is
left to build its answer (issue 14: the replan after the last round was thrown away)."""

from __future__ import annotations

from previz.agents.interfaces import default_providers
from previz.agents.pipeline import run
from previz.agents.plan import ScenePlan

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
