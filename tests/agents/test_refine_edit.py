"""`plan_edit` and `apply_edit`: what an edited plan changes, taken into the current World and
nothing else — a restyled object, a shot's camera, fewer instances of a group, a removed group,
a new group, a changed look; the rest of the World byte-identical (hand edits included)."""

from __future__ import annotations

import copy

import pytest

from previz.agents.pipeline import run
from previz.agents.plan import ScenePlan
from previz.agents.refine import apply_edit, plan_edit, scene_summary

PLAN = {
    "setting": {"type": "room", "name": "living room", "size": [8, 7, 3]},
    "objects": [{"id": "sofa", "category": "sofa", "style": "grey"},
                {"id": "table", "category": "table"},
                {"id": "chairs", "category": "chair", "count": 3},
                {"id": "lamp", "category": "lamp"}],
    "relations": [{"type": "against_wall", "subject": "sofa"},
                  {"type": "next_to", "subject": "chairs", "target": "table"},
                  {"type": "next_to", "subject": "lamp", "target": "sofa"}],
    "shots": [{"id": "shot_1", "size": "wide", "duration": 2, "params": {"height": 1.6}}],
}


@pytest.fixture(scope="module")
def current():
    plan = ScenePlan.model_validate(PLAN)
    world = run(plan, 0, max_rounds=1).world
    # The director nudges the table by hand.
    data = world.model_dump(mode="json")
    for e in data["entities"]:
        if e["id"] == "table":
            e["transform"]["location"][0] += 0.3
    return plan, type(world).model_validate(data)


def _edit(current, change):
    plan, world = current
    data = copy.deepcopy(PLAN)
    change(data)
    edited = ScenePlan.model_validate(data)
    planned = run(edited, 0, max_rounds=1).world
    edit = plan_edit(plan, edited, planned)
    return edit, apply_edit(world, planned, edit), world


def _json(items) -> dict[str, str]:
    return {x.id: x.model_dump_json() for x in items}


def test_restyle_and_lower_camera_touch_only_those(current):
    def change(d):
        d["objects"][0].update(style="red", description="a red sofa")
        d["shots"][0]["params"] = {"height": 0.6}

    edit, merged, world = _edit(current, change)
    assert edit.groups == ["sofa", "shot_1"] and edit.ids == {"sofa", "cam-shot-1"}
    assert not edit.shots and merged.changed == ["cam-shot-1", "sofa"] and not merged.removed
    old, new = _json(world.entities), _json(merged.world.entities)
    assert [i for i in old if old[i] != new[i]] == ["sofa"]
    assert _json(merged.world.lights) == _json(world.lights)
    assert merged.world.relations == world.relations and merged.world.shots == world.shots


def test_fewer_chairs_and_no_lamp_remove_them(current):
    def change(d):
        d["objects"][2]["count"] = 2
        del d["objects"][3]
        d["relations"] = d["relations"][:2]

    _, merged, world = _edit(current, change)
    assert sorted(merged.removed) == ["chairs-3", "lamp"]
    ids = {e.id for e in merged.world.entities}
    assert {"chairs-1", "chairs-2", "sofa", "table"} <= ids and not ids & {"chairs-3", "lamp"}
    assert all("lamp" not in (r.subject, r.target) for r in merged.world.relations)
    old, new = _json(world.entities), _json(merged.world.entities)
    assert new["table"] == old["table"] and new["sofa"] == old["sofa"]  # the hand edit kept


def test_a_new_group_is_added_and_a_new_look_relights(current):
    def change(d):
        d["objects"].append({"id": "plant", "category": "plant"})
        d["lighting"] = {"look": "low_key"}

    edit, merged, world = _edit(current, change)
    assert "plant" in merged.added
    assert "lighting" in edit.groups
    # A dark look lights what is a light by nature: the plan's lamp becomes a practical.
    assert {x.id for x in merged.world.lights} == {"low-key-key", "low-key-fill", "low-key-rim",
                                                   "practical-lamp"}
    assert {x.id for x in world.lights} == {"three-point-key", "three-point-fill",
                                            "three-point-rim"}
    assert {"three-point-key", "three-point-fill", "three-point-rim"} <= set(merged.removed)
    old, new = _json(world.entities), _json(merged.world.entities)
    assert all(new[i] == old[i] for i in old)


def test_a_longer_shot_takes_the_shots(current):
    def change(d):
        d["shots"][0]["duration"] = 3

    edit, merged, world = _edit(current, change)
    assert edit.shots == {"shot-1"}
    assert merged.world.shots[0].frame_end == 72 and world.shots[0].frame_end == 48


def test_scene_summary_is_compact_sorted_json(current):
    _, world = current
    text = scene_summary(world)
    assert text == scene_summary(world) and " " not in text.replace("living room", "")
    assert '"id":"table"' in text and text.index('"id":"chairs-1"') < text.index('"id":"sofa"')
