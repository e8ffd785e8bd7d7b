"""The supervisor on hand-made Worlds: every problem kind is found where it is, and only there."""

from __future__ import annotations

import math

import pytest

from previz.agents.supervisor import check
from previz.world import InputError, World
from previz.world.transforms import look_at_euler


def _world(entities, *, cameras=None, relations=None, shots=None) -> World:
    room = {"id": "room", "kind": "set", "semantic_class": "wall", "asset": {"size": [6, 5, 3]}}
    cam = {"id": "cam", "transform": {"location": [0, -2.3, 1.6],
                                      "rotation": look_at_euler([0, -2.3, 1.6], [0, 0.5, 0.8])},
           "focal_length": 18}
    return World.model_validate({
        "entities": [room, *entities],
        "cameras": cameras if cameras is not None else [cam],
        "relations": relations or [],
        "shots": shots if shots is not None else [
            {"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 10}],
    })


def _box(id, loc, size=(1, 1, 1), kind="prop", rot=0.0):
    return {"id": id, "kind": kind, "asset": {"size": list(size)},
            "transform": {"location": list(loc), "rotation": [0, 0, rot]}}


def kinds(report):
    return sorted({p.kind for p in report.problems})


def test_clean_world():
    w = _world([_box("a", (-1, 0, 0)), _box("b", (1, 0, 0)),
                _box("cup", (1, 0, 1), (0.1, 0.1, 0.1))],
               relations=[{"type": "on", "subject": "cup", "target": "b"},
                          {"type": "facing", "subject": "cam", "target": "a"}])
    r = check(w)
    assert r.ok, r.to_json()
    assert r.metrics["worst_penetration_m"] == 0
    assert r.metrics["subject_in_frame_fraction"] == 1.0
    assert (r.metrics["relations_hold"], r.metrics["relations_total"]) == (1, 1)
    assert r.metrics["frames_checked"] == 10


def test_interpenetration_depth_and_rotation():
    # Two unit boxes 0.8 m apart overlap by 0.2 m; turned 45° the overlap grows.
    r = check(_world([_box("a", (0, 0, 0)), _box("b", (0.8, 0, 0))]))
    assert kinds(r) == ["interpenetration"]
    assert r.metrics["worst_penetration_m"] == pytest.approx(0.2, abs=1e-6)
    assert r.problems[0].entities == ["a", "b"] and r.problems[0].frames == list(range(1, 11))
    r = check(_world([_box("a", (0, 0, 0)), _box("b", (1.1, 0, 0), rot=math.pi / 4)]))
    assert r.metrics["worst_penetration_m"] == pytest.approx(0.5 + math.sqrt(0.5) - 1.1,
                                                             abs=1e-4)
    # Touching is not penetrating.
    assert check(_world([_box("a", (0, 0, 0)), _box("b", (1.0, 0, 0))])).ok


def test_floating_unsupported_and_declared_on():
    r = check(_world([_box("a", (0, 0, 0.5))]))
    assert kinds(r) == ["floating"]
    # A cup resting on the table's top but with its centre past the edge.
    r = check(_world([_box("t", (0, 0, 0)), _box("cup", (0.55, 0, 1), (0.2, 0.2, 0.1))]))
    assert kinds(r) == ["unsupported"]
    # Declared on the table, standing on the floor instead.
    r = check(_world([_box("t", (0, 0, 0)), _box("cup", (2, 0, 0), (0.2, 0.2, 0.1))],
                     relations=[{"type": "on", "subject": "cup", "target": "t"}]))
    assert kinds(r) == ["unsupported"]
    assert r.metrics["relations_hold"] == 0
    # Wall-mounted things do not float.
    r = check(_world([_box("pic", (0, 2.48, 1.4), (0.8, 0.04, 0.6))],
                     relations=[{"type": "against", "subject": "pic", "target": "room"}]))
    assert r.ok, r.to_json()


def test_out_of_bounds():
    r = check(_world([_box("a", (2.8, 0, 0)), _box("b", (0, 1, 0))],
                     relations=[{"type": "facing", "subject": "cam", "target": "b"}]))
    assert kinds(r) == ["out_of_bounds"]
    assert r.problems[0].entities == ["a"]
    assert "0.30 m" in r.problems[0].detail


def test_path_blocked_only_while_moving_through():
    walker = _box("walker", (0, 0, 0), (0.5, 0.3, 1.7), kind="character")
    walker["transform"]["location"] = [0.0, [[1, -2.0, "linear"], [10, 2.0]], 0.0]
    r = check(_world([walker, _box("crate", (0, 0.0, 0), (1, 1.0, 1))],
                     relations=[{"type": "facing", "subject": "cam", "target": "crate"}]))
    assert "path_blocked" in kinds(r) and "interpenetration" not in kinds(r)
    p = next(p for p in r.problems if p.kind == "path_blocked")
    assert p.entities == ["walker", "crate"]
    assert 1 not in p.frames and 10 not in p.frames and len(p.frames) >= 2


def test_subject_out_of_frame_and_fraction():
    mover = _box("m", (0, 0, 0), (0.5, 0.3, 1.7), kind="character")
    mover["transform"]["location"] = [[[1, 0.0, "linear"], [10, 4.0]], 0.0, 0.0]
    cam = {"id": "cam", "transform": {"location": [0, -2.3, 1.6],
                                      "rotation": look_at_euler([0, -2.3, 1.6], [0, 0, 0.8])},
           "focal_length": 18}
    w = World.model_validate({
        "entities": [_box("floor", (0, 0, -0.01), (40, 40, 0.01), kind="set")
                     | {"semantic_class": "ground"}, mover],
        "cameras": [cam], "shots": [{"id": "s1", "camera": "cam", "frame_start": 1,
                                     "frame_end": 10}]})
    r = check(w)
    assert "subject_out_of_frame" in kinds(r)
    frac = r.metrics["subject_in_frame_fraction"]
    assert 0.0 < frac < 1.0
    out = next(p for p in r.problems if p.kind == "subject_out_of_frame")
    assert out.frames[-1] == 10 and 1 not in out.frames


def test_subject_occluded():
    w = _world([_box("actor", (0, 1.5, 0), (0.5, 0.3, 1.7), kind="character"),
                _box("wall_piece", (0, 0, 0), (2.5, 0.2, 2.5))],
               relations=[{"type": "facing", "subject": "cam", "target": "actor"}])
    assert "subject_occluded" in kinds(check(w))


def test_camera_inside_geometry_and_outside_room():
    w = _world([_box("wardrobe", (0, -2.3, 0), (1, 0.8, 2.0)), _box("a", (0, 1, 0))])
    assert "camera_inside_geometry" in kinds(check(w))
    cam = {"id": "cam", "transform": {"location": [0, -8, 1.6],
                                      "rotation": look_at_euler([0, -8, 1.6], [0, 0, 0.8])}}
    w = _world([_box("a", (0, 1, 0))], cameras=[cam])
    r = check(w)
    assert "camera_inside_geometry" in kinds(r)
    assert "outside the room" in next(p.detail for p in r.problems
                                      if p.kind == "camera_inside_geometry")


def test_shot_option_limits_frames_and_unknown_shot():
    w = _world([_box("a", (0, 0, 0))], shots=[
        {"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 10},
        {"id": "s2", "camera": "cam", "frame_start": 11, "frame_end": 15}])
    assert check(w, "s2").metrics["frames_checked"] == 5
    with pytest.raises(InputError, match="no shot 'nope'"):
        check(w, "nope")


def test_example_world_is_checked():
    from pathlib import Path

    from previz.world import load_world

    root = Path(__file__).resolve().parents[2]
    world = load_world(root / "examples" / "two_characters_room.json")
    r = check(world)
    # Every frame of both shots (1-48 wide, 49-96 over the shoulder), every entity, every
    # spatial relation (on, next_to, facing: three of the eight; the rest are attachments and
    # looks) checked and holding, nothing interpenetrating.
    assert r.metrics["frames_checked"] == 96
    assert r.metrics["entities"] == len(world.entities) == 7
    assert (r.metrics["relations_hold"], r.metrics["relations_total"]) == (3, 3)
    assert r.metrics["relations_failing"] == [] and r.metrics["worst_penetration_m"] == 0.0
    assert not {"interpenetration", "floating", "unsupported", "out_of_bounds"} & set(r.kinds())
    ids = {e.id for e in world.entities}
    for p in r.problems:  # what is reported names this World's entities and frames
        assert set(p.entities) <= ids and all(1 <= f <= 96 for f in p.frames), p
    assert r.to_json()["ok"] is r.ok is (not r.problems)


def _heli(location) -> dict:
    return {"id": "heli", "kind": "prop", "semantic_class": "helicopter",
            "asset": {"size": [2.0, 2.0, 1.0]}, "transform": {"location": location}}


def test_a_flying_aircraft_is_not_floating_a_hanging_one_is():
    # Crossing the room 1.5 m up (keyed): it flies. Standing still 1.5 m up: it floats.
    path = [[[1, -1.0], [10, 1.0]], 0.0, 1.5]
    flying = check(_world([_heli(path)]))
    assert "floating" not in kinds(flying), flying.to_json()["problems"]
    still = check(_world([_heli([0.0, 0.0, 1.5])]))
    assert [p.entities for p in still.problems if p.kind == "floating"] == [["heli"]]
    # A box that is no aircraft, moved the same way, still floats.
    crate = _heli(path) | {"id": "crate", "semantic_class": "crate"}
    moved = check(_world([crate]))
    assert [p.entities for p in moved.problems if p.kind == "floating"] == [["crate"]]


def test_a_walk_over_a_floor_covering_is_not_a_blocked_path():
    # The sprinter on the running track, Mara across the rug: a still thing at most 5 cm thick
    # is walked over; 6 cm is a step in the way.
    def crossing(thickness: float) -> list[str]:
        walker = _box("walker", (0, 0, 0), (0.5, 0.3, 1.7), kind="character")
        walker["transform"]["location"] = [0.0, [[1, -2.0, "linear"], [10, 2.0]], 0.0]
        rug = _box("rug", (0, 0.0, 0), (2, 1.0, thickness))
        r = check(_world([walker, rug],
                         relations=[{"type": "facing", "subject": "cam", "target": "walker"}]))
        return [k for k in kinds(r) if k in ("path_blocked", "interpenetration")]

    assert crossing(0.02) == []
    assert crossing(0.05) == []
    assert crossing(0.06) == ["path_blocked"]
