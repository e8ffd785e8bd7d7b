"""The agents' interface to camera skills: names, synonyms, parameters, errors."""

import pytest

from previz.skills.camera import MOVEMENTS, SHOT_SIZES, VOCABULARY, camera_for, parse_movement
from previz.skills.camera.shots import angle, shot_size
from previz.world import InputError, World


def world():
    return World.model_validate({"entities": [
        {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}}]})


def test_vocabulary_covers_every_name():
    assert set(VOCABULARY["movements"]) == set(MOVEMENTS)
    assert set(VOCABULARY["shot_sizes"]) == set(SHOT_SIZES)
    assert shot_size("close up").code == "CU" and shot_size("ms").code == "MS"
    assert angle("bird's eye").name == "birds_eye" and angle("Dutch").name == "dutch"


@pytest.mark.parametrize("text,move,params", [
    ("slow dolly-in with slight tilt", "dolly", {"distance": 0.6}),
    ("pull back to reveal the room", "dolly", {"distance": -1.2}),
    ("a follow shot as she runs", "follow", {}),
    ("orbit the ring at chest height", "orbit", {"degrees": 360.0}),
    ("orbit 90 degrees round him", "orbit", {"degrees": 90.0}),
    ("classic vertigo dolly zoom", "dolly_zoom", {}),
    ("whip pan to the door", "whip_pan", {}),
    ("pan right across the skyline", "pan", {"degrees": -45.0}),
    ("nothing moves", "static", {}),
])
def test_parse_movement(text, move, params):
    assert parse_movement(text) == (move, params)


def test_camera_for_checks_its_inputs():
    w = world()
    cam = camera_for("close up", "dolly in", "hero", (1, 24), w, distance=0.5, camera_id="a")
    assert cam.id == "a" and cam.dof
    with pytest.raises(InputError, match="takes no parameter"):
        camera_for("CU", "dolly", "hero", (1, 24), w, degrees=3)
    with pytest.raises(InputError, match="unknown camera movement"):
        camera_for("CU", "moonwalk", "hero", (1, 24), w)
    with pytest.raises(InputError, match="unknown shot size"):
        camera_for("XXL", "static", "hero", (1, 24), w)
    with pytest.raises(InputError, match="no entity"):
        camera_for("CU", "static", "ghost", (1, 24), w)
    with pytest.raises(InputError, match="before start"):
        camera_for("CU", "static", "hero", (24, 1), w)


CAMERAS_BY_MOVEMENT = (
    "import hashlib, json, sys; sys.path.insert(0, sys.argv[1]); "
    "import test_camera_vocabulary as t; "
    "w = t.world(); "
    "print(json.dumps({n: hashlib.sha256(t.camera_for('MS', n, 'hero', (1, 12), w)"
    ".model_dump_json().encode()).hexdigest() for n in t.MOVEMENTS if n != 'over_the_shoulder'}))"
)


def test_generators_are_deterministic():
    """Every movement gives the same camera in two processes with different hash seeds (and in
    this one)."""
    import hashlib
    import json
    from pathlib import Path

    from two_processes import outputs_in_two_processes

    a, b = outputs_in_two_processes(CAMERAS_BY_MOVEMENT, str(Path(__file__).parent))
    assert a == b
    w = world()
    here = {n: hashlib.sha256(camera_for("MS", n, "hero", (1, 12), w).model_dump_json()
                              .encode()).hexdigest()
            for n in MOVEMENTS if n != "over_the_shoulder"}
    assert json.loads(a) == here
