"""Animals a move drives "from" a thing start by it (issue 20: the town square's pigeons were
scattered over the square and no orbit round the fountain saw them)."""

from __future__ import annotations

import math

from previz.agents.layout import solve_layout
from previz.agents.planner import plan_from_text

SQUARE = (
    "A cobbled town square at noon: a fountain in the centre, four street lamps. A boy "
    "chases pigeons from the fountain to the café tables, 15 metres in 5 seconds."
)


def _next_to(plan) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(r.subject, r.target) for r in plan.relations if r.type == "next_to"}


def test_pigeons_chased_from_the_fountain_start_by_it() -> None:
    plan = plan_from_text(SQUARE)
    birds = next(c for c in plan.characters if c.category == "bird")
    assert (birds.id, "fountain") in _next_to(plan)
    lay = solve_layout(plan, seed=0)
    fountain = lay.group("fountain")[0]
    reach = math.hypot(*fountain.size[:2]) / 2 + 2.0
    for b in lay.group(birds.id):
        assert math.hypot(b.x - fountain.x, b.y - fountain.y) <= reach


def test_a_chase_to_a_thing_puts_nothing_by_it() -> None:
    """Only "from" says where the chased start: a chase to the fountain, or a dog chased
    by a boy who comes from the fountain, adds no such relation."""
    for text in (
        "A boy chases a dog to the fountain.",
        "A boy runs from the fountain and chases a dog.",
    ):
        plan = plan_from_text(text)
        assert not any(s == "dog" for s, _ in _next_to(plan)), text


def test_pigeons_at_his_feet_are_by_him_or_by_the_seat_he_sits_on() -> None:
    plan = plan_from_text("An old man stands by the door with three pigeons at his feet.")
    assert ("bird", "man") in _next_to(plan)
    # seated from the start: by the bench (the layout places him apart from it, then the
    # sit puts him on it)
    plan = plan_from_text("An old man sits on a bench feeding three pigeons at his feet.")
    assert ("bird", "bench") in _next_to(plan) and ("bird", "man") not in _next_to(plan)
    lay = solve_layout(plan, seed=0)
    bench = lay.group("bench")[0]
    for b in lay.group("bird"):
        assert math.hypot(b.x - bench.x, b.y - bench.y) <= 2.5
