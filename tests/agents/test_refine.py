"""Changing an existing World: `merge` (planned text into the current scene) and `repair` (move
what the supervisor blames), without Blender."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from previz.agents.refine import merge, repair
from previz.agents.supervisor import check
from previz.world import InputError, World, load_world

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"


def _overlapping_room() -> World:
    """The room example with the coffee table pushed into the sofa."""
    data = json.loads(ROOM.read_text())
    for e in data["entities"]:
        if e["id"] == "table":
            e["transform"]["location"] = [0.3, 1.8, 0.0]
    return World.model_validate(data)


def _planned() -> World:
    return World.model_validate({
        "entities": [{"id": "room", "kind": "set", "semantic_class": "wall",
                      "asset": {"size": [4, 4, 3]}},
                     {"id": "lamp", "kind": "prop", "semantic_class": "lamp",
                      "asset": {"size": [0.3, 0.3, 1.5]},
                      "transform": {"location": [0.0, 2.0, 0.0]}}]})


def test_refine_without_selection_adds_what_the_text_names() -> None:
    current = load_world(ROOM)
    merged = merge(current, _planned(), None)
    ids = [e.id for e in merged.world.entities]
    assert merged.added == ["lamp"] and "lamp" in ids
    # The scene's room is kept; the lamp, placed inside the sofa by the plan, is moved apart.
    assert merged.world.entities[ids.index("room")] == current.entities[0]
    assert merged.moved_apart == "moved lamp 1.00 m"
    with_sel = merge(current, _planned(), {"table"})
    assert with_sel.world == current and not with_sel.added


def test_merge_with_a_selection_replaces_only_the_selected() -> None:
    current = load_world(ROOM)
    merged = merge(current, _planned(), {"room", "sofa"})
    assert merged.changed == ["room"] and merged.added == []  # sofa is not in the plan
    new = {e.id: e for e in merged.world.entities}
    assert new["room"].asset.size == (4.0, 4.0, 3.0)
    old = {e.id: e for e in current.entities}
    assert all(new[i] == old[i] for i in old if i != "room")
    assert merged.world.shots == current.shots and merged.world.relations == current.relations


def test_repair_moves_the_smaller_of_two_overlapping_entities() -> None:
    world = _overlapping_room()
    fixed = repair(world, seed=0)
    assert (fixed.before, fixed.after) == (7, 4)
    assert fixed.summary == "moved table 0.75 m"
    assert "interpenetration" not in check(fixed.world).kinds()
    new = {e.id: e for e in fixed.world.entities}
    assert new["table"].transform.location == (0.012987, 1.10709, 0.0)
    old = {e.id: e for e in world.entities}
    assert all(new[i] == old[i] for i in old if i != "table")


def test_repair_refuses_when_there_is_nothing_it_can_fix() -> None:
    data = json.loads(ROOM.read_text())
    data["shots"], data["cameras"] = [], []
    data["relations"] = [r for r in data["relations"] if r["type"] != "facing"]
    with pytest.raises(InputError, match="finds no problems"):
        repair(World.model_validate(data))
    # The example itself: only framing problems, which repair does not move cameras for.
    with pytest.raises(InputError, match="no automatic fix reduced the problems"):
        repair(load_world(ROOM))
