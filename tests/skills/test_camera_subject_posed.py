"""`previz.skills.camera.subject.entity_state` poses a skeleton's joints only as they are read
(issue 14: posing every joint of every group member at every sampled frame was most of the
camera stage of a crowd), and what it reads is `joint_matrices` to the bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import previz.skills.camera.subject as subject_module
from previz.skills.camera.subject import Subject, entity_state, eye_point, measure
from previz.world import Relation, World
from previz.world.evaluate import joint_matrices, transform_matrix

ROOT = Path(__file__).resolve().parents[2]
FRAMES = (1.0, 17.0, 40.5, 73.0)


@pytest.fixture(scope="module")
def world() -> World:
    return World.model_validate_json(
        (ROOT / "examples" / "two_characters_room.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("eid", ["mara", "theo"])
def test_every_joint_is_joint_matrices_to_the_bit(world, eid):
    ent = world.entity(eid)
    for f in FRAMES:
        want = joint_matrices(ent.skeleton, transform_matrix(ent.transform, f), f)
        es = entity_state(world, eid, f)
        assert list(es.joints) == list(want)  # skeleton order, as the dict
        assert len(es.joints) == len(want)
        # Read leaf first (its parents posed on the way), then the rest.
        for name in [*reversed(list(want)), *want]:
            assert np.array_equal(es.joints[name], want[name]), (eid, f, name)
        assert "head" in es.joints and "tail" not in es.joints
        with pytest.raises(KeyError):
            es.joints["tail"]
        assert es.joints.get("tail") is None


def test_reading_one_joint_poses_only_its_chain(world, monkeypatch):
    posed: list[int] = []
    real = subject_module.compose

    def counting(*args):  # type: ignore[no-untyped-def]
        posed.append(1)
        return real(*args)

    es = entity_state(world, "mara", 12.0)
    monkeypatch.setattr(subject_module, "compose", counting)
    es.joints["head"]  # pelvis, spine1, spine2, spine3, neck, head
    assert len(posed) == 6
    es.joints["head"]
    assert len(posed) == 6  # kept, not posed again
    assert "left_wrist" in es.joints and len(posed) == 6  # membership poses nothing


def test_the_state_matrix_changed_after_does_not_move_the_joints(world):
    ent = world.entity("mara")
    want = joint_matrices(ent.skeleton, transform_matrix(ent.transform, 9.0), 9.0)
    es = entity_state(world, "mara", 9.0)
    es.matrix[:3, 3] += 5.0  # a caller moving the matrix it was given
    assert np.array_equal(es.joints["right_wrist"], want["right_wrist"])


def test_measures_and_eyes_are_those_of_the_posed_world(world):
    for f in FRAMES:
        state = world.evaluate(f)
        for s in (Subject("mara"), Subject("theo", ("head", "neck"), pad=0.32),
                  Subject("mara", group=("theo", "sofa"))):
            a, b = measure(world, f, s), measure(world, state, s)
            assert np.array_equal(a.bottom, b.bottom) and a.height == b.height
            assert np.array_equal(a.forward, b.forward) and a.width == b.width
        assert np.array_equal(eye_point(world, f, Subject("theo")),
                              eye_point(world, state, Subject("theo")))


def _same(a, b) -> bool:
    return (np.array_equal(a.bottom, b.bottom) and np.array_equal(a.up, b.up)
            and a.height == b.height and np.array_equal(a.forward, b.forward)
            and a.width == b.width)


def test_a_kept_measure_is_the_callers_own_copy(world):
    s = Subject("mara", group=("theo",))
    first = measure(world, 30, s)
    want = measure(world, world.evaluate(30), s)
    assert _same(first, want)
    first.bottom[:] = 99.0  # a caller working on the arrays it was given
    first.forward[0] = 5.0
    again = measure(world, 30.0, s)
    assert _same(again, want)
    assert again.bottom is not first.bottom


def test_another_world_with_the_same_ids_is_measured_afresh(world):
    s = Subject("theo")
    before = measure(world, 20, s)
    moved = world.model_copy(deep=True)
    moved.entity("theo").transform.location = [3.0, -1.0, 0.0]
    after = measure(moved, 20, s)
    assert _same(after, measure(moved, moved.evaluate(20), s))
    assert not np.array_equal(after.bottom, before.bottom)
    assert _same(measure(world, 20, s), before)  # and back


def test_a_relation_added_in_place_is_seen(world):
    w = world.model_copy(deep=True)
    s = Subject("cup")
    loose = measure(w, 10, s)
    w.relations.append(Relation(type="attached_to", subject="cup", target="theo",
                                joint="right_wrist"))
    held = measure(w, 10, s)
    assert _same(held, measure(w, w.evaluate(10), s))
    assert not np.array_equal(held.bottom, loose.bottom)
