""""At the edge" of an exterior set means the set's own side (the café tables along one side of
a square), not the edge of the setting around it, which is a margin wider and grows with each
repair round: tables there stood off the paving, behind the façades, in no shot."""

from __future__ import annotations

from previz.agents.layout import solve_layout
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize
from previz.agents.setting import set_for


def _plan(setting_size: float) -> ScenePlan:
    return ScenePlan.model_validate({
        "setting": {"type": "outdoor", "name": "town square", "set": "plaza",
                    "params": {"width": 30.0, "depth": 30.0, "steps": 0},
                    "size": [setting_size, setting_size, 15.0]},
        "objects": [{"id": "cafe_tables", "category": "table", "count": 4}],
        "relations": [{"type": "edge", "subject": "cafe_tables"}],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 2}]})


def _off_side(p, area) -> float:
    """How far a placement's nearest side is from the nearest side of ``area``."""
    x0, y0, x1, y1 = area
    return min(abs(p.x - x0), abs(x1 - p.x), abs(p.y - y0), abs(y1 - p.y))


def test_edge_tables_stand_at_the_squares_side_in_a_wider_setting():
    plan = _plan(80.0)  # the setting reaches 25 m past the square on every side
    built = set_for(plan, 0)
    area = built.footprint
    assert area[2] - area[0] < 35.0
    tables = [p for p in realize(plan, 0, time_limit=2.0).layout.placements
              if p.group == "cafe_tables"]
    assert len(tables) == 4
    for p in tables:
        inside = area[0] <= p.x <= area[2] and area[1] <= p.y <= area[3]
        assert inside and _off_side(p, area) <= 2.0, (p.id, p.x, p.y, area)


def test_without_a_set_edge_is_the_settings_edge():
    plan = ScenePlan.model_validate({
        "setting": {"type": "outdoor", "size": [40.0, 40.0, 10.0]},
        "objects": [{"id": "crates", "category": "box", "count": 3}],
        "relations": [{"type": "edge", "subject": "crates"}]})
    layout = solve_layout(plan, 0, time_limit=2.0)
    for p in layout.placements:
        assert _off_side(p, layout.bounds) <= 2.0, (p.id, p.x, p.y)


def _side(p, area) -> str:
    x0, y0, x1, y1 = area
    d = {"west": abs(p.x - x0), "east": abs(x1 - p.x), "south": abs(p.y - y0),
         "north": abs(y1 - p.y)}
    return min(d, key=d.__getitem__)


def _street_plan() -> ScenePlan:
    return ScenePlan.model_validate({
        "setting": {"type": "outdoor", "size": [40.0, 40.0, 10.0]},
        "objects": [{"id": "tables", "category": "table", "count": 6},
                    {"id": "lamps", "category": "street_lamp", "count": 4},
                    {"id": "flags", "category": "flag", "count": 4}],
        "relations": [{"type": "edge", "subject": "tables"},
                      {"type": "edge", "subject": "lamps"},
                      {"type": "next_to", "subject": "flags", "target": "lamps"}]})


def test_a_group_at_the_edge_stands_along_one_side_facing_in():
    """'Six café tables along one side': one side (the north, the one the default camera
    faces), spread along it, each facing into the place — not two on the south edge, one on
    the east and some up on the church's podium."""
    layout = solve_layout(_street_plan(), 0, time_limit=2.0)
    for gid, n in (("tables", 6), ("lamps", 4)):
        group = layout.group(gid)
        assert len(group) == n
        assert {_side(p, layout.bounds) for p in group} == {"north"}, gid
        assert all(_off_side(p, layout.bounds) <= 1.0 for p in group)
        xs = sorted(p.x for p in group)
        assert xs[-1] - xs[0] >= 0.6 * 40.0, (gid, xs)  # the row spans the side
        assert all(abs(p.yaw) < 1e-6 for p in group)  # front (−Y at rest) toward the place


def test_members_next_to_a_group_spread_over_its_members():
    """'Flags on the lamp posts': four flags next to four lamps hang one by each lamp, not
    all round the first."""
    layout = solve_layout(_street_plan(), 0, time_limit=2.0)
    lamps, flags = layout.group("lamps"), layout.group("flags")
    nearest = sorted(min(lamps, key=lambda q: (q.x - f.x) ** 2 + (q.y - f.y) ** 2).id
                     for f in flags)
    assert nearest == sorted(q.id for q in lamps)


def test_a_row_at_the_edge_takes_the_side_with_room_not_the_churchs():
    """The square's north side is the church on its podium: the six café tables stood two up
    on the podium by the church's steps (the sitters' seats 1.3 m up) and the rest below. The
    row takes a side where its slots are free and on the ground."""
    plan = ScenePlan.model_validate({
        "setting": {"type": "outdoor", "name": "town square", "set": "plaza",
                    "params": {"width": 40.0, "depth": 40.0, "building": "church",
                               "hall_height": 18.0, "steps": 5},
                    "size": [40.0, 40.0, 15.0]},
        "objects": [{"id": "cafe_tables", "category": "table", "count": 6}],
        "relations": [{"type": "edge", "subject": "cafe_tables"}],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 2}]})
    area = set_for(plan, 0).footprint
    tables = [p for p in realize(plan, 0, time_limit=2.0).layout.placements
              if p.group == "cafe_tables"]
    assert len(tables) == 6
    assert all(p.z == 0.0 for p in tables)
    sides = {_side(p, area) for p in tables}
    assert len(sides) == 1 and sides != {"north"}, sides


def test_a_lone_thing_at_the_edge_is_not_sent_to_the_side_whose_middle_is_free():
    """Ranking sides by their free middle is for a row; a lone plant 'in the corner' was sent to
    the east wall's middle, in the walker's way to the sofa, and the benchmark room took four
    repair rounds (path_blocked) instead of one. A lone thing tries the walls in their order
    (north first), each at several spots along it."""
    from previz.agents import plan_from_text, run

    text = ("A living room with a sofa against the wall, a coffee table in front of the sofa, two "
            "armchairs next to the coffee table, a bookshelf, a lamp next to the sofa, a rug, a "
            "plant in the corner, a tv and a vase on the coffee table. Mara walks to the sofa.")
    result = run(plan_from_text(text))
    assert result.ok, result.report["problems"]
    assert len(result.report["rounds"]) == 1
    plant = next(e for e in result.world.entities if e.id == "plant")
    half_depth = result.world.entities[0].asset.size[1] / 2  # the room
    assert plant.transform.location[1] > half_depth - 1.0  # along the north wall
