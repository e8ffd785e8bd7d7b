"""Animals a move drives "from" a thing start by it (issue 20: the town square's pigeons were
scattered over the square and no orbit round the fountain saw them)."""

from __future__ import annotations

import itertools
import math

import pytest

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


def test_the_goalkeeper_and_a_penalty_ball_are_in_front_of_the_goal() -> None:
    plan = plan_from_text(
        "A penalty kick at night. The striker runs in and kicks the ball into "
        "the goal while the goalkeeper dives the wrong way."
    )
    goal = next(o.id for o in plan.objects if o.category == "goal")
    ball = next(o.id for o in plan.objects if o.category == "ball")
    front = {(r.subject, r.target) for r in plan.relations if r.type == "in_front_of"}
    assert ("goalkeeper", goal) in front and (ball, goal) in front
    assert not any(s == "striker" for s, _ in front)
    near = {(r.subject, r.target) for r in plan.relations if r.type == "near"}
    assert ("striker", ball) in near  # who takes it starts by it
    lay = solve_layout(plan, seed=0)
    g, k = lay.group(goal)[0], lay.group("goalkeeper")[0]
    assert math.hypot(k.x - g.x, k.y - g.y) <= 4.0
    # no penalty: a ball kicked about is not put by the goal
    plan = plan_from_text("Two boys kick a ball across a field with a goal at one end.")
    assert not any(r.type == "in_front_of" for r in plan.relations)


def test_a_lap_around_the_pond_in_the_middle_goes_once_round_it() -> None:
    plan = plan_from_text(
        "A city park: a pond in the middle and two benches. A jogger runs a "
        "full lap around the pond in 12 seconds."
    )
    run = next(c for c in plan.characters if c.id == "jogger").actions[0]
    pts = run.waypoints
    assert run.verb == "run" and run.goal is None and len(pts) == 9
    pond = next(o for o in plan.objects if o.category == "pond")
    w, d, _ = pond.size or (6.0, 4.0, 0.05)
    radius = max(w, d) / 2 + 2.0
    assert all(math.hypot(x, y) == pytest.approx(radius, abs=1e-3) for x, y in pts)
    assert pts[0] == pytest.approx(pts[-1], abs=1e-6)  # back where it started
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(pts))
    assert length > 25.0  # the benchmark's 'travels 25 m' of a lap


def test_no_lap_round_a_thing_not_at_the_centre() -> None:
    """Where the thing stands is the layout's: with no centre to go round, no made-up ring."""
    plan = plan_from_text("A jogger runs a lap around the pond in 12 seconds.")
    assert not next(c for c in plan.characters if c.id == "jogger").actions[0].waypoints
