"""Re-solving around fixed entities: the layout solver's ``fixed`` and ``stay_near`` options, and
`solve_subset` / `apply_moves` on a World (the panels' Re-solve and Fix problems use these)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from previz.agents.layout import Placement, apply_moves, solve_layout, solve_subset
from previz.agents.plan import CharacterPlan, ObjectPlan, RelationPlan, ScenePlan, Setting
from previz.agents.supervisor import check
from previz.world import World

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"
SIZES = {"sofa": (2.0, 0.9, 0.85), "table": (1.1, 0.6, 0.45), "cup": (0.08, 0.08, 0.1)}


def _plan() -> ScenePlan:
    return ScenePlan(
        setting=Setting(type="room", size=(6, 5, 3)),
        objects=[ObjectPlan(id="sofa", category="sofa"), ObjectPlan(id="table", category="table"),
                 ObjectPlan(id="cup", category="cup")],
        characters=[CharacterPlan(id="mara")],
        relations=[RelationPlan(type="on", subject="cup", target="table"),
                   RelationPlan(type="facing", subject="mara", target="sofa")])


def _fixed() -> list[Placement]:
    return [Placement("sofa", "sofa", "sofa", "prop", SIZES["sofa"], 0.0, 2.0, 0.0, 0.0),
            Placement("table", "table", "table", "prop", SIZES["table"], 1.5, -1.0, 0.0, 0.0)]


def _pose(p: Placement) -> tuple[float, float, float, float]:
    return (p.x, p.y, p.z, p.yaw)


def test_fixed_placements_stand_as_given_and_are_not_placed_again() -> None:
    layout = solve_layout(_plan(), 0, sizes=SIZES, fixed=_fixed())
    assert [p.id for p in layout.placements] == ["sofa", "table", "cup", "mara"]
    by_id = layout.by_id()
    assert _pose(by_id["sofa"]) == (0.0, 2.0, 0.0, 0.0)
    assert _pose(by_id["table"]) == (1.5, -1.0, 0.0, 0.0)
    assert by_id["cup"].support == "table" and by_id["cup"].z == pytest.approx(0.45)
    assert layout.unsatisfied == []


def test_a_free_home_is_kept_exactly_and_facing_does_not_turn_it() -> None:
    layout = solve_layout(_plan(), 0, sizes=SIZES, fixed=_fixed(),
                          stay_near={"mara": (1.0, 0.5, 0.3)})
    mara = layout.by_id()["mara"]
    assert _pose(mara) == pytest.approx((1.0, 0.5, 0.0, 0.3))  # not turned toward the sofa
    without = solve_layout(_plan(), 0, sizes=SIZES, fixed=_fixed()).by_id()["mara"]
    assert (without.x, without.y) != pytest.approx((1.0, 0.5), abs=0.5)


def test_a_blocked_home_moves_to_the_nearest_free_spot() -> None:
    # Home inside the sofa (y 1.55 … 2.45): out in front of it, 0.56 m away.
    layout = solve_layout(_plan(), 0, sizes=SIZES, fixed=_fixed(),
                          stay_near={"mara": (0.2, 1.9, 0.3)})
    mara = layout.by_id()["mara"]
    assert (mara.x, mara.y) == pytest.approx((0.1612, 1.3432), abs=1e-4)
    assert mara.violations == [] and layout.unsatisfied == []


def test_a_home_off_the_edge_of_its_support_lands_on_the_nearest_spot_of_the_top() -> None:
    layout = solve_layout(_plan(), 0, sizes=SIZES, fixed=_fixed(),
                          stay_near={"cup": (2.3, -1.1, 0.0)})
    cup = layout.by_id()["cup"]
    # The table's top spans x 0.95 … 2.05; the cup (8 cm) is clamped to its east edge.
    assert _pose(cup) == pytest.approx((2.01, -1.1, 0.45, 0.0))
    assert cup.support == "table"


def _overlapping_room(theo_animated: bool = False) -> World:
    data = json.loads(ROOM.read_text())
    for e in data["entities"]:
        if e["id"] == "table":
            e["transform"]["location"] = [0.3, 1.8, 0.0]  # inside the sofa
        if e["id"] == "theo" and theo_animated:
            e["transform"]["location"] = [[[1, 0.8], [48, 1.5]], 0.0, 0.0]
    return World.model_validate(data)


def test_solve_subset_keeps_the_others_fixed_is_deterministic_and_skips_animated() -> None:
    world = _overlapping_room(theo_animated=True)
    first = solve_subset(world, {"table", "theo", "room"}, frame=1, seed=3)
    again = solve_subset(world, {"table", "theo", "room"}, frame=1, seed=3)
    assert first.moved == again.moved
    assert set(first.moved) == {"table"} and first.skipped == ["room", "theo"]
    assert "not movable (animated or a set): room, theo" in first.summary()
    moved = apply_moves(world, first.moved)
    same = {e.id: e for e in world.entities}
    for e in moved.entities:
        if e.id != "table":
            assert e == same[e.id]
    assert "interpenetration" not in check(moved).kinds()
    x, y, z = first.moved["table"].location
    assert -3.0 <= x <= 3.0 and -2.5 <= y <= 2.5 and z == pytest.approx(0.0)


def test_solve_subset_moves_the_table_out_of_the_sofa_the_least_distance() -> None:
    solved = solve_subset(_overlapping_room(), {"table"}, frame=1, seed=0)
    table = solved.moved["table"]
    # The first free ring around where it stood: 0.75 m, toward the room's middle.
    assert table.location == pytest.approx((0.012987, 1.10709, 0.0), abs=1e-5)
    assert table.yaw == 0.0 and table.distance == pytest.approx(0.75)
    assert solved.summary() == "moved table 0.75 m" and solved.unsatisfied == []
    applied = apply_moves(_overlapping_room(), solved.moved)
    assert next(e for e in applied.entities if e.id == "table").transform.location == \
        (0.012987, 1.10709, 0.0)
