"""Move parameters from the plan, measured on the evaluated camera: heights (a drone rising
from 20 m to 60 m, a crane from 1.5 m to 8 m, a static at a child's eye level, a rail at hip
height), the drone's compass direction, a close-up of the hands, a dolly that ends on a
close-up, and camera bodies with their sensors (an unknown body, or a lens the body cannot
take, is refused by name)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_camera_groups import FRAMES, RES, boxing, path_of, shoot

from previz.agents.fidelity import measures as m
from previz.skills.camera.bodies import BODIES, body, check_lens
from previz.world import World
from previz.world.errors import InputError


def _outdoor():
    """The two boxers on open ground (no ring to see over)."""
    world, ids, _, _ = boxing()
    data = world.model_dump(mode="json")
    data["entities"] = [e for e in data["entities"] if e["id"] in ids]
    for e in data["entities"]:
        e["transform"]["location"][2] = 0.0
    return World.model_validate(data), ids, (-60.0, -60.0, 60.0, 60.0), None


def test_drone_rises_from_20_to_60_m_flying_west():
    world, ids, bounds, height = _outdoor()
    shot, _ = shoot(world, ids, bounds, height, "drone_flyover", size="extreme_wide",
                    params={"start_height": 20.0, "end_height": 60.0, "direction": "west"})
    path = path_of(shot, ids)
    assert m.move_holds(path, "drone_flyover", start_height=20.0, end_height=60.0).ok
    assert path.eye[0, 2] == pytest.approx(20.0, abs=0.01)
    assert path.eye[-1, 2] == pytest.approx(60.0, abs=0.01)
    travel = path.eye[-1, :2] - path.eye[0, :2]
    assert travel[0] < -10.0 and abs(travel[1]) < 1e-6  # west is −X


def test_crane_from_1_5_to_8_m():
    world, ids, bounds, height = _outdoor()
    shot, _ = shoot(world, ids, bounds, height, "crane", size="wide",
                    params={"start_height": 1.5, "end_height": 8.0})
    path = path_of(shot, ids)
    assert m.move_holds(path, "crane", start_height=1.5, end_height=8.0).ok


@pytest.mark.parametrize("movement,h", [("static", 1.0), ("truck", 0.95), ("orbit", 2.5),
                                         ("arc", 0.95)])
def test_height_param_puts_the_camera_there(movement, h):
    world, ids, bounds, height = _outdoor()
    shot, _ = shoot(world, ids, bounds, height, movement, size="wide", params={"height": h})
    z = path_of(shot, ids).eye[:, 2]
    assert np.abs(z - h).max() <= 0.05, (z.min(), z.max())


def test_close_up_of_the_hands_frames_the_wrists():
    world, _, bounds, height = _outdoor()
    shot, _ = shoot(world, ("red",), bounds, height, "static", size="close_up",
                    subject_part="hands")
    st = m.States(shot).at(FRAMES[0])
    cam = st.cameras["cam"]
    joints = st.entities["red"].joints
    # The template's rest pose holds the arms out (wrists 1.38 m apart): both in frame.
    wrists = np.stack([joints[j][:3, 3] for j in ("left_wrist", "right_wrist")])
    uv = cam.project(wrists, *RES)
    assert np.all((uv[:, 0] > 0) & (uv[:, 0] < RES[0]) & (uv[:, 1] > 0) & (uv[:, 1] < RES[1]))
    ankle = cam.project(joints["left_ankle"][:3, 3][None], *RES)[0]
    assert ankle[1] > RES[1]  # the frame is on the hands, not the whole figure


def test_dolly_in_ends_on_the_close_up():
    world, _, bounds, height = _outdoor()
    shot, _ = shoot(world, ("red",), bounds, height, "dolly_in", size="wide",
                    end_size="close_up")
    path = path_of(shot, ("red",))
    r = m.move_holds(path, "dolly_in")
    assert r.ok and r.value < -0.5, r.detail


def test_camera_body_sets_the_sensor_and_lens():
    world, ids, bounds, height = _outdoor()
    shot, _ = shoot(world, ids, bounds, height, "static", camera_body="ARRI Alexa 35",
                    lens_mm=32.0)
    cam = shot.cameras[0]
    assert cam.sensor_width == pytest.approx(27.99) and cam.focal_length == pytest.approx(32.0)
    assert BODIES["super35"].sensor_width == pytest.approx(24.89)
    assert BODIES["full_frame"].sensor_width == 36.0


def test_unknown_body_and_impossible_lens_are_refused_by_name():
    with pytest.raises(InputError, match="unknown camera body 'bolex'"):
        body("bolex")
    with pytest.raises(InputError, match=r"'iphone' takes lenses of 4-16 mm, not 85 mm"):
        check_lens(body("iphone"), 85.0)
    assert math.isclose(check_lens(body("red komodo"), 50.0), 50.0)
