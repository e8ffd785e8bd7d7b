"""The camera's eye stays out of set geometry (`previz.skills.camera.clearance`), and the
supervisor names a camera standing in it."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from previz.agents.plan import ScenePlan
from previz.agents.realize import realize
from previz.agents.supervisor.check import check
from previz.skills.camera.clearance import EYE_RADIUS, clear_eye
from previz.skills.camera.track import camera_track, forward_of
from previz.skills.geometry import SceneBoxes, points_inside
from previz.world import Camera, Relation, Shot, Transform, World
from previz.world.tracks import sample, sample3
from previz.world.transforms import look_at_euler


def _inside_frames(world: World, camera: Camera, frames: list[int], subject: str,
                   radius: float) -> list[int]:
    boxes = SceneBoxes(world, exclude=(subject,))
    return [f for f in frames if points_inside(
        boxes.at(f), np.array([sample3(camera.transform.location, f)]), radius).any()]


@pytest.fixture(scope="module")
def kitchen() -> World:
    """A 5 × 4 m kitchen set (counter and upper cabinets along the north wall), a man 1.1 m in
    front of the counter, no cameras."""
    plan = {"setting": {"type": "room", "name": "kitchen", "set": "kitchen",
                        "size": [5, 4, 2.7]},
            "characters": [{"id": "man"}],
            "shots": [{"id": "shot_1", "size": "wide", "subject": "man", "duration": 1}]}
    w = realize(ScenePlan.model_validate(plan), seed=0).world
    ents = [e.model_copy(update={"transform": Transform(location=(-0.75, 0.4, 0.0),
                                                         rotation=(0.0, 0.0, math.pi))})
            if e.id == "man" else e for e in w.entities]
    return World.model_validate({**w.model_dump(), "entities": [e.model_dump() for e in ents],
                                 "cameras": [], "shots": [],
                                 "relations": [r.model_dump() for r in w.relations
                                               if not r.subject.startswith("cam")]})


def test_kitchen_dolly_through_the_cabinets_is_kept_out(kitchen: World) -> None:
    cab = kitchen.entity("set_upper-cabinets")
    assert cab.asset.size is not None
    pivot = np.array([-0.75, 0.4, 1.3])
    frames = list(range(1, 25))
    # A dolly from inside the upper cabinets (y 1.68–2.0, z 1.5–2.2) out into the room.
    eyes = np.stack([np.array([-0.75, 1.9 - 0.02 * i, 1.85]) for i in range(len(frames))])
    rots = np.array([look_at_euler(e.tolist(), pivot.tolist()) for e in eyes])
    naive = camera_track("cam-a", frames, eyes, rots, 35.0, np.full(len(frames), 2.0))
    naive_inside = _inside_frames(kitchen, naive, frames, "man", 0.0)
    assert naive_inside == frames[:11]

    cleared = clear_eye(kitchen, naive, frames, pivot, exclude=("man",))
    cam = cleared.camera
    assert _inside_frames(kitchen, cam, frames, "man", EYE_RADIUS - 1e-6) == []
    assert set(naive_inside) <= set(cleared.moved) and not cleared.inside
    assert "set_upper-cabinets" in cleared.note and "closer to the subject" in cleared.note
    for f in frames:
        eye = np.array(sample3(cam.transform.location, f))
        to = (pivot - eye) / np.linalg.norm(pivot - eye)
        # Still looking at the man, from between the cabinets and him, on a wider lens.
        assert float(forward_of(sample3(cam.transform.rotation, f)) @ to) > 0.99
        if f in naive_inside:
            assert np.linalg.norm(pivot - eye) < np.linalg.norm(pivot - eyes[f - 1]) - 0.1
            assert sample(cam.focal_length, f) < 35.0
    # The dolly is still a dolly: the eye keeps moving away from the cabinets.
    ys = [sample3(cam.transform.location, f)[1] for f in frames]
    assert all(b < a for a, b in itertools.pairwise(ys))


def test_a_clear_camera_is_returned_unchanged(kitchen: World) -> None:
    frames = list(range(1, 9))
    cam = Camera(id="cam-b", transform=Transform(location=(-0.75, -1.5, 1.4),
                                                  rotation=(math.pi / 2, 0.0, 0.0)))
    cleared = clear_eye(kitchen, cam, frames, np.array([-0.75, 0.4, 1.3]), exclude=("man",))
    assert cleared.camera is cam and cleared.note == ""


def _with_camera(world: World, location: tuple[float, float, float]) -> World:
    rot = look_at_euler(list(location), [-0.75, 0.4, 1.3])
    cam = Camera(id="cam-a", transform=Transform(location=location, rotation=tuple(rot)))
    return World.model_validate({
        **world.model_dump(), "cameras": [cam.model_dump()],
        "shots": [Shot(id="s1", camera="cam-a", frame_start=1, frame_end=12).model_dump()],
        "relations": [*[r.model_dump() for r in world.relations],
                      Relation(type="facing", subject="cam-a", target="man").model_dump()]})


def test_supervisor_names_a_camera_in_the_cabinets(kitchen: World) -> None:
    # Inside the cabinets, and 5 cm in front of their face (the 10 cm near clip is inside).
    for location in ((-0.75, 1.84, 1.85), (-0.75, 1.63, 1.85)):
        rep = check(_with_camera(kitchen, location))
        inside = [p for p in rep.problems if p.kind == "camera_inside_geometry"]
        assert inside, location
        assert inside[0].entities == ["cam-a", "set_upper-cabinets"]
        assert inside[0].frames == list(range(1, 13))
    rep = check(_with_camera(kitchen, (-0.75, 1.4, 1.85)))  # 28 cm out: fine
    assert not [p for p in rep.problems if p.kind == "camera_inside_geometry"]


def test_street_static_wide_stands_on_the_street_not_in_a_facade() -> None:
    """A static wide of a man walking down the street: the built-in framing backs the camera
    into the south facade; the camera is brought out onto the street, and the notes say so."""
    walk = [{"verb": "walk", "start": 0, "duration": 3, "waypoints": [[-6, 0], [6, 0]]}]
    plan = {"setting": {"type": "outdoor", "name": "street", "set": "street"},
            "characters": [{"id": "man", "actions": walk}],
            "shots": [{"id": "shot_1", "size": "wide", "subject": "man", "duration": 3}]}
    real = realize(ScenePlan.model_validate(plan), seed=0)
    w = real.world
    shot = w.shots[0]
    frames = list(range(shot.frame_start, shot.frame_end + 1))
    cam = w.cameras[0]
    assert _inside_frames(w, cam, frames, "man", EYE_RADIUS - 1e-6) == []
    assert any("camera kept out of set_facade-south" in n for n in real.notes), real.notes
    rep = check(w)
    assert "camera_inside_geometry" not in rep.kinds()
    assert "subject_out_of_frame" not in rep.kinds()


def test_a_close_up_that_cannot_come_closer_turns_round_its_subject(kitchen: World) -> None:
    """An extreme close-up 0.55 m from a point under the cabinets, its eye in them: coming
    closer stops 0.4 m short of the subject and rising goes deeper in, so it turns round."""
    pivot = np.array([-0.75, 1.3, 1.2])
    frames = list(range(1, 9))
    eye = np.array([-0.75, 1.75, 1.6])
    naive = Camera(id="cam-e", focal_length=85.0, transform=Transform(
        location=tuple(eye), rotation=tuple(look_at_euler(eye.tolist(), pivot.tolist()))))
    cleared = clear_eye(kitchen, naive, frames, pivot, exclude=("man",))
    assert "turned" in cleared.note and not cleared.inside, cleared.note
    assert _inside_frames(kitchen, cleared.camera, frames, "man", EYE_RADIUS - 1e-6) == []
    at = np.array(sample3(cleared.camera.transform.location, 1))
    assert np.linalg.norm(at - pivot) < 0.7  # still a close-up's distance
    to = (pivot - at) / np.linalg.norm(pivot - at)
    assert float(forward_of(sample3(cleared.camera.transform.rotation, 1)) @ to) > 0.99
    # Static stays static.
    assert isinstance(cleared.camera.transform.location[0], float)
