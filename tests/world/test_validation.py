"""Every validation error names the path of the bad field."""

from __future__ import annotations

import copy
import json
import sys

import pytest

from previz.world import WorldError, parse_world

BASE = {
    "entities": [
        {"id": "hero", "kind": "character", "skeleton": {"joints": [
            {"name": "root", "offset": [0, 0, 1]},
            {"name": "spine", "parent": "root"},
            {"name": "head", "parent": "spine"},
        ]}},
        {"id": "cup", "kind": "prop"},
    ],
    "cameras": [{"id": "cam"}],
    "lights": [{"id": "key", "type": "area"}],
    "relations": [{"type": "attached_to", "subject": "cup", "target": "hero", "joint": "head"}],
    "shots": [{"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 10}],
}


def problems(mutate) -> list[str]:
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(WorldError) as info:
        parse_world(json.dumps(data))
    return info.value.problems


def test_base_is_valid() -> None:
    parse_world(json.dumps(BASE))


def test_duplicate_ids_across_groups() -> None:
    out = problems(lambda d: d["cameras"].append({"id": "cup"}))
    assert out == ["cameras[1].id: duplicate id 'cup' (also entities[1].id)"]


def test_relation_naming_missing_id() -> None:
    out = problems(lambda d: d["relations"].append(
        {"type": "on", "subject": "cup", "target": "table"}))
    assert out == ["relations[1].target: no entity, camera or light has id 'table'"]


def test_shot_naming_missing_camera() -> None:
    out = problems(lambda d: d["shots"][0].update(camera="crane"))
    assert out == ["shots[0].camera: no camera has id 'crane'"]


def test_attached_to_missing_joint() -> None:
    out = problems(lambda d: d["relations"][0].update(joint="left_hand"))
    assert out == ["relations[0].joint: entity 'hero' has no joint 'left_hand'"]


def test_keyframes_out_of_order() -> None:
    def mutate(d):
        d["entities"][1]["transform"] = {"location": [0, [[1, 0], [20, 1], [10, 2]], 0]}

    (msg,) = problems(mutate)
    assert msg.startswith("entities[1].transform.location[1].keys: keyframes out of order")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_inf_rejected(token: str) -> None:
    text = json.dumps(BASE).replace('"offset": [0, 0, 1]', f'"offset": [0, {token}, 1]')
    with pytest.raises(WorldError) as info:
        parse_world(text)
    assert info.value.problems == [
        "entities[0].skeleton.joints[0].offset[1]: Input should be a finite number"
    ]


def test_nan_inside_a_keyframe() -> None:
    text = json.dumps(BASE).replace('{"id": "cam"}', '{"id": "cam", "fstop": [[1, NaN]]}')
    with pytest.raises(WorldError) as info:
        parse_world(text)
    assert info.value.problems == [
        "cameras[0].fstop.keys[0].value: Input should be a finite number"
    ]


@pytest.mark.parametrize("lens", [0, -35, [[1, 35], [10, 0]]])
def test_non_positive_focal_length(lens) -> None:
    (msg,) = problems(lambda d: d["cameras"][0].update(focal_length=lens))
    assert msg.startswith("cameras[0].focal_length: ")
    assert "must be positive" in msg


def test_empty_frame_range() -> None:
    out = problems(lambda d: d["shots"][0].update(frame_start=10, frame_end=9))
    assert out == ["shots[0]: empty frame range: frame_end (9) is before frame_start (10)"]


def test_missing_parent_joint() -> None:
    out = problems(lambda d: d["entities"][0]["skeleton"]["joints"][2].update(parent="neck"))
    assert out == [
        "entities[0].skeleton.joints[2].parent: joint 'head' names parent 'neck', which is not "
        "a joint of this skeleton"
    ]


def test_cyclic_skeleton() -> None:
    out = problems(lambda d: d["entities"][0]["skeleton"]["joints"][0].update(parent="head"))
    assert out == [
        "entities[0].skeleton.joints[0].parent: cyclic skeleton: root -> head -> spine -> root"
    ]


def test_duplicate_joint_names() -> None:
    out = problems(lambda d: d["entities"][0]["skeleton"]["joints"][2].update(name="spine"))
    assert out[0] == "entities[0].skeleton.joints[2].name: duplicate joint 'spine' (also joints[1])"


def test_attachment_loop() -> None:
    def mutate(d):
        d["relations"].append({"type": "attached_to", "subject": "hero", "target": "cup"})

    assert problems(mutate) == ["relations: attached_to loop: cup -> hero -> cup"]


def test_skeleton_on_a_prop() -> None:
    out = problems(lambda d: d["entities"][1].update(skeleton={"joints": [{"name": "a"}]}))
    assert out == ["entities[1]: a prop has no skeleton; only characters and animals do"]


def test_bad_slug_and_unknown_field() -> None:
    out = problems(lambda d: d["entities"][1].update(id="Cup 1", colour="red"))
    assert out[0].startswith("entities[1].id: String should match pattern")
    assert out[1] == "entities[1].colour: Extra inputs are not permitted"


def test_malformed_json_names_line() -> None:
    with pytest.raises(WorldError) as info:
        parse_world('{"entities": [\n  {"id": "a",}\n]}', "w.json")
    # Python 3.13's json names the trailing comma itself (and the column where it stands).
    reason = (
        "Illegal trailing comma before end of object at line 2, column 13"
        if sys.version_info >= (3, 13)
        else "Expecting property name enclosed in double quotes at line 2, column 14"
    )
    assert info.value.first_line() == f"w.json: not valid JSON: {reason}"
