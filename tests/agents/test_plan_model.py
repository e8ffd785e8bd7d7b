"""`ScenePlan` refuses what no scene can be: absurd sizes and counts, dangling references."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from previz.agents.plan import ScenePlan


def _plan(**kw):
    base = {"objects": [{"id": "table", "category": "table"}]}
    base.update(kw)
    return ScenePlan.model_validate(base)


@pytest.mark.parametrize("patch,where", [
    ({"objects": [{"id": "table", "category": "table", "size": [1e9, 1, 1]}]}, "size"),
    ({"objects": [{"id": "chairs", "category": "chair", "count": 10000}]}, "count"),
    ({"objects": [{"id": f"g{i}", "category": "chair", "count": 400} for i in range(3)]},
     "at most 1000"),
    ({"setting": {"size": [1e6, 5, 3]}}, "setting"),
    ({"relations": [{"type": "on", "subject": "cup", "target": "table"}]}, "no object"),
    ({"relations": [{"type": "levitates", "subject": "table"}]}, "relations"),
    ({"relations": [{"type": "next_to", "subject": "table"}]}, "needs a target"),
    ({"shots": [{"subject": "ghost"}]}, "ghost"),
    ({"objects": [{"id": "Table; rm -rf", "category": "table"}]}, "id"),
    ({"fps": float("nan")}, "fps"),
    ({"exec": "print(1)"}, "exec"),
])
def test_absurd_plans_are_refused(patch, where):
    with pytest.raises(ValidationError, match=where):
        _plan(**patch)


def test_a_valid_plan_round_trips():
    plan = _plan(characters=[{"id": "mara", "actions": [{"verb": "walk", "goal": "table"}]}],
                 relations=[{"type": "next_to", "subject": "mara", "target": "table"}])
    assert ScenePlan.model_validate_json(plan.model_dump_json()) == plan
