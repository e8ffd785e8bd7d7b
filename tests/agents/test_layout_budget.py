"""The layout solver's time box is a budget of candidate evaluations, not a wall clock: the layout
does not depend on how fast (or how loaded) the machine is, and running out of budget is
deterministic and reported."""

from __future__ import annotations

import itertools
import time

from previz.agents.layout import solve_layout
from previz.agents.layout import solver as solver_module
from previz.agents.plan import CharacterPlan, ObjectPlan, Opening, RelationPlan, ScenePlan, Setting


def _plan() -> ScenePlan:
    return ScenePlan(
        setting=Setting(size=(7, 6, 3), openings=[Opening(kind="door", wall="north")]),
        objects=[ObjectPlan(id="table", category="table"),
                 ObjectPlan(id="chairs", category="chair", count=4),
                 ObjectPlan(id="cups", category="cup", count=3),
                 ObjectPlan(id="sofa", category="sofa"),
                 ObjectPlan(id="plant", category="plant", count=2)],
        characters=[CharacterPlan(id="mara")],
        relations=[RelationPlan(type="around", subject="chairs", target="table"),
                   RelationPlan(type="on", subject="cups", target="table"),
                   RelationPlan(type="next_to", subject="plant", target="sofa")])


def _places(layout) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p.id, round(p.x, 9), round(p.y, 9), round(p.z, 9), round(p.yaw, 9))
            for p in layout.placements]


def test_a_slow_clock_changes_nothing(monkeypatch):
    """Every clock read jumps 100 s (a machine 1,000× slower): the layout, and that it did not
    run out of budget, are the same as with the real clock."""
    plan = _plan()
    normal = solve_layout(plan, seed=3)
    ticks = itertools.count(0.0, 100.0)

    def slow() -> float:
        return float(next(ticks))

    for name in ("perf_counter", "monotonic", "time", "process_time"):
        monkeypatch.setattr(time, name, slow)
    slowed = solve_layout(plan, seed=3)
    assert not normal.timed_out and not slowed.timed_out
    assert _places(slowed) == _places(normal)


def test_the_budget_counts_candidates_and_is_reported():
    """A budget too small for the plan runs out at the same candidate every time: the layout is
    marked timed out and the same in two runs; the default budget does not run out here."""
    plan = _plan()
    small = solver_module.EVALUATIONS_PER_SECOND and 60 / solver_module.EVALUATIONS_PER_SECOND
    a = solve_layout(plan, seed=3, time_limit=small)
    b = solve_layout(plan, seed=3, time_limit=small)
    assert a.timed_out and b.timed_out
    assert _places(a) == _places(b)
    full = solve_layout(plan, seed=3)
    assert not full.timed_out
    assert _places(a) != _places(full)  # fewer candidates after the budget: another layout


def test_the_default_budget_is_five_seconds_of_evaluations():
    """Pinned: 5 s at 5,000 evaluations a second (the rate measured on the benchmark)."""
    assert solver_module.EVALUATIONS_PER_SECOND == 5000
    s = solver_module._Solver(_plan(), 0, {}, 48, 5.0)
    assert s.budget == 25_000 and s.budget_left() == 25_000
