"""Every expert plan of the fidelity benchmark is a valid plan: the plan language's limits
(issue 23's bounds on instances, frames and character-frames) must leave room for the shots the
benchmark asks for — a 112-person, 20-second night march among them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from previz.agents.plan import ScenePlan

PLANS = sorted((Path(__file__).parents[2] / "benchmarks" / "fidelity" / "plans").glob("*.json"))


def test_there_are_expert_plans() -> None:
    assert len(PLANS) >= 60


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_expert_plan_validates(path: Path) -> None:
    ScenePlan.model_validate(json.loads(path.read_text())["plan"])
