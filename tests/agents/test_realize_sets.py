"""A plan's procedural set reaches the World: its parts are set entities with their own
semantic classes, the layout keeps the cast on its walkable parts and out of its solid ones, and
the supervisor finds nothing wrong with the set itself."""

from __future__ import annotations

import pytest

from previz.agents.plan import ScenePlan
from previz.agents.realize import realize
from previz.agents.setting import fit_setting, layout_parts, set_for
from previz.agents.supervisor.check import check
from previz.world import InputError
from previz.world.proxy import proxy_boxes

SET_KINDS = {"interpenetration", "floating", "unsupported", "out_of_bounds", "path_blocked",
             "camera_below_ground"}


def _plan(name: str, kind: str = "outdoor", params: dict | None = None,
          size: tuple = (10.0, 10.0, 4.0), characters: int = 2) -> ScenePlan:
    return ScenePlan.model_validate({
        "setting": {"type": kind, "name": name, "set": name, "params": params or {},
                    "size": list(size)},
        "characters": [{"id": f"person_{k}", "actions": [{"verb": "stand", "duration": 2}]}
                       for k in range(characters)],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 2}]})


def _set_problems(world) -> list:
    parts = {e.id for e in world.entities if e.id.startswith("set_")}
    return [p for p in check(world).problems
            if p.kind in SET_KINDS and (set(p.entities) & parts or p.kind == "camera_below_ground")]


def test_boxing_ring_parts_are_set_entities_and_the_boxers_stand_on_the_canvas():
    r = realize(_plan("boxing_ring", "room", size=(14.0, 14.0, 5.0)), 0, time_limit=2.0)
    classes = [e.semantic_class for e in r.world.entities if e.kind == "set"]
    assert classes.count("post") == 4 and classes.count("rope") == 16
    assert classes.count("boxing_ring") == 1 and classes[0] == "wall"  # the gym's room first
    assert classes.count("ring_platform") == 1
    people = [e for e in r.world.entities if e.kind == "character"]
    assert len(people) == 2
    for p in r.layout.placements:
        assert p.z == pytest.approx(1.0)  # on the canvas, not under the ring
        assert abs(p.x) < 3.05 and abs(p.y) < 3.05  # inside the ropes
    assert _set_problems(r.world) == []


def test_a_set_part_is_one_solid_box_not_a_room_shell():
    r = realize(_plan("boxing_ring", "room", size=(14.0, 14.0, 5.0)), 0, time_limit=2.0)
    post = next(e for e in r.world.entities if e.id == "set_post-sw")
    assert proxy_boxes(post) == [((-0.1, -0.1, 0.0), (0.1, 0.1, 1.6))]
    room = r.world.entities[0]
    assert len(proxy_boxes(room)) == 5  # the room stays a shell


def test_hanging_parts_are_held_by_what_holds_them():
    r = realize(_plan("basketball_court"), 0, time_limit=2.0)
    held = {(x.subject, x.target) for x in r.world.relations if x.type == "against"}
    assert ("set_rim-east", "set_bracket-east") in held
    rims = [e for e in r.world.entities if e.id.startswith("set_rim")]
    assert [round(e.transform.location[2] + e.asset.size[2], 3) for e in rims] == [3.05, 3.05]
    assert _set_problems(r.world) == []


@pytest.mark.parametrize("name", ["alley", "hill", "pond", "stage", "plaza", "park", "street",
                                  "city_block"])
def test_exterior_sets_realize_without_set_problems(name):
    r = realize(_plan(name), 0, time_limit=2.0)
    assert r.world.entities[0].semantic_class == "ground"
    assert _set_problems(r.world) == []
    for p in r.layout.placements:  # nobody inside a solid part
        assert not p.violations, (p.id, p.violations)


def test_the_setting_grows_to_hold_an_exterior_set():
    plan = _plan("street", params={"length": 80.0})
    fitted = fit_setting(plan, set_for(plan))
    assert fitted.setting.size[0] == pytest.approx(84.0)  # 80 m + 2 m a side
    assert fitted.setting.type == "outdoor"


def test_an_interior_takes_the_plan_size_unless_its_params_name_one():
    plan = _plan("living_room", "room", size=(7.0, 6.0, 3.0))
    built = set_for(plan)
    assert (built.params["width"], built.params["depth"], built.params["height"]) == \
        (7.0, 6.0, 3.0)
    plan = _plan("living_room", "outdoor", params={"width": 5.0}, size=(7.0, 6.0, 3.0))
    fitted = fit_setting(plan, set_for(plan))
    assert fitted.setting.type == "room" and tuple(fitted.setting.size) == (5.0, 6.0, 3.0)
    r = realize(plan, 0, time_limit=2.0)
    assert any(e.semantic_class == "ceiling" for e in r.world.entities)
    assert _set_problems(r.world) == []


def test_the_hill_puts_the_cast_on_its_summit():
    r = realize(_plan("hill", params={"height": 6.0}), 0, time_limit=2.0)
    assert all(p.z == pytest.approx(6.0) for p in r.layout.placements)
    obstacles, tops = layout_parts(set_for(_plan("hill", params={"height": 6.0})))
    assert len(obstacles) == len(tops) > 50 and sum(t[5] for t in tops) == 1


@pytest.mark.parametrize(("name", "params", "field"), [
    ("alley", {"turns": -3}, "setting.params.turns"),
    ("city_block", {"buildings": 0}, "setting.params.buildings"),
    ("living_room", {"width": 10000.0}, "setting.params.width"),
])
def test_out_of_range_set_parameters_stop_realize_naming_the_field(name, params, field):
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        realize(_plan(name, params=params), 0, time_limit=1.0)


def test_a_plan_without_a_set_has_no_set_parts():
    plan = ScenePlan.model_validate({"setting": {"type": "room"},
                                     "characters": [{"id": "a"}]})
    r = realize(plan, 0, time_limit=1.0)
    assert [e.id for e in r.world.entities if e.kind == "set"] == ["room"]
