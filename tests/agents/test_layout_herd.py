"""The layout keeps an animal group together (a herd, a flock) and puts fish in the water
(issue 20: planned cast that no shot saw — three horses 40 m apart, five koi over dry land)."""

from __future__ import annotations

import itertools
import math

import pytest

from previz.agents.layout import solve_layout
from previz.agents.layout.solver import SUBMERGED
from previz.agents.plan import CharacterPlan, ObjectPlan, RelationPlan, ScenePlan, Setting


def _spread(placements) -> float:  # type: ignore[no-untyped-def]
    return max(math.hypot(a.x - b.x, a.y - b.y) for a, b in itertools.combinations(placements, 2))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_herd_stands_together_in_a_wide_meadow(seed: int) -> None:
    plan = ScenePlan(
        setting=Setting(type="outdoor", name="meadow", size=(57.5, 57.5, 10.0)),
        characters=[CharacterPlan(id="horse", kind="animal", category="horse", count=3)],
    )
    lay = solve_layout(plan, seed=seed)
    horses = lay.group("horse")
    assert len(horses) == 3 and not lay.unsatisfied
    # within a few body lengths (2.2 m) of each other, not scattered over the 57 m meadow
    assert _spread(horses) <= 3 * 2.2 * 2 + 0.01
    # and headed the same way, as a herd runs
    assert len({round(h.yaw, 6) for h in horses}) == 1


def test_people_of_a_group_are_not_herded() -> None:
    """Only animals herd: two walkers of one group are placed as before (each freely)."""
    plan = ScenePlan(
        setting=Setting(type="outdoor", name="meadow", size=(57.5, 57.5, 10.0)),
        characters=[CharacterPlan(id="hikers", category="person", count=2)],
    )
    lay = solve_layout(plan, seed=0)
    assert _spread(lay.group("hikers")) > 6.0


@pytest.mark.parametrize("seed", [0, 3])
def test_fish_are_placed_in_the_pond_with_their_backs_at_the_surface(seed: int) -> None:
    plan = ScenePlan(
        setting=Setting(type="outdoor", name="garden", size=(30.0, 25.0, 10.0)),
        objects=[
            ObjectPlan(id="pond", category="pond", size=(4.0, 4.0, 0.05)),
            ObjectPlan(id="lantern", category="lantern"),
        ],
        characters=[CharacterPlan(id="fish", kind="animal", category="fish", count=5)],
    )
    lay = solve_layout(plan, seed=seed)
    pond = lay.group("pond")[0]
    fish = lay.group("fish")
    assert len(fish) == 5 and not lay.unsatisfied
    for f in fish:
        assert abs(f.x - pond.x) <= 2.0 - 0.05 and abs(f.y - pond.y) <= 2.0 - 0.05
        # centre under the surface, back above it (seen through an opaque surface)
        assert f.z + f.size[2] / 2 <= pond.top
        assert f.top > pond.top
        assert f.z == pytest.approx(pond.top - SUBMERGED * f.size[2])
    assert _spread(fish) < 4.0 * math.sqrt(2)


def test_fish_without_water_are_placed_as_before() -> None:
    """No water in the plan: fish get floor spots like any animal (the supervisor says
    wrong_medium), not a silent spot in something else."""
    plan = ScenePlan(
        setting=Setting(type="outdoor", name="garden", size=(30.0, 25.0, 10.0)),
        characters=[CharacterPlan(id="fish", kind="animal", category="fish", count=2)],
    )
    lay = solve_layout(plan, seed=0)
    assert all(f.z == 0.0 for f in lay.group("fish"))


def test_a_pond_is_no_mat_to_stand_on() -> None:
    """A flat pond (0.05 m) a character relates to is water, not a floor covering: the jogger
    running 'around the pond' and the man were placed standing on it."""
    plan = ScenePlan(
        setting=Setting(type="outdoor", name="park", size=(40.0, 40.0, 10.0)),
        objects=[ObjectPlan(id="pond", category="pond", size=(6.0, 4.0, 0.05))],
        characters=[CharacterPlan(id="jogger", category="person")],
        relations=[RelationPlan(type="around", subject="jogger", target="pond")],
    )
    lay = solve_layout(plan, seed=0)
    jogger = lay.group("jogger")[0]
    assert jogger.support == "floor" and jogger.z == 0.0
