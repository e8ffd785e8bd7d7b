"""Every movement on a group and in a small room, measured from the evaluated camera with the
scorer's and supervisor's own measure (`camera_path`, `move_holds`): two boxers in a 6 × 6 m
ring inside a 12 × 12 m hall, a person and a table in a 4 × 3.5 m room."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest

from previz.agents.adapters import SkillsCamera
from previz.agents.fidelity import measures as m
from previz.agents.interfaces import CameraRequest
from previz.skills.geometry import entity_box
from previz.world import World

ROOT = Path(__file__).resolve().parents[2]
_EX = json.loads((ROOT / "examples" / "two_characters_room.json").read_text())
SKELETON = next(e for e in _EX["entities"] if e["id"] == "mara")["skeleton"]
SKELETON = {**SKELETON, "joints": [{k: v for k, v in j.items() if k in ("name", "parent",
                                                                        "offset")}
                                   for j in SKELETON["joints"]]}
RING_TOP = 1.2
CHEST = RING_TOP + 1.35  # a 1.8 m boxer's chest, standing on the ring
FRAMES = (1, 97)
RES = (1280, 720)


def _person(eid: str, xs, y: float, z: float, yaw: float) -> dict:
    return {"id": eid, "kind": "character", "semantic_class": "person",
            "asset": {"size": [0.5, 0.3, 1.8]}, "skeleton": copy.deepcopy(SKELETON),
            "transform": {"location": [xs, y, z], "rotation": [0.0, 0.0, yaw]}}


def _room(w: float, d: float, h: float) -> dict:
    return {"id": "room", "kind": "set", "semantic_class": "wall",
            "asset": {"size": [w, d, h]}}


def boxing() -> tuple[World, tuple[str, ...], tuple[float, float, float, float], float]:
    """Two boxers facing each other 2 m apart on a 1.2 m ring, circling (red steps 1 m)."""
    red_x = [[1, -1.0, "linear"], [97, -0.5, "linear"]]
    ents = [_room(12.0, 12.0, 5.0),
            {"id": "ring", "kind": "prop", "semantic_class": "boxing_ring",
             "asset": {"size": [6.0, 6.0, RING_TOP]}},
            _person("red", red_x, 0.0, RING_TOP, -math.pi / 2),
            _person("blue", 1.0, 0.0, RING_TOP, math.pi / 2)]
    w = World.model_validate({"name": "ring", "entities": ents})
    return w, ("red", "blue"), (-6.0, -6.0, 6.0, 6.0), 5.0


def small_room() -> tuple[World, tuple[str, ...], tuple[float, float, float, float], float]:
    """A person beside a table in a 4 × 3.5 × 2.6 m room."""
    ents = [_room(4.0, 3.5, 2.6),
            {"id": "table", "kind": "prop", "semantic_class": "table",
             "asset": {"size": [1.2, 0.8, 0.75]}, "transform": {"location": [0.4, 0.0, 0.0]}},
            _person("anna", -0.5, 0.0, 0.0, 0.0)]
    w = World.model_validate({"name": "room", "entities": ents})
    return w, ("anna", "table"), (-2.0, -1.75, 2.0, 1.75), 2.6


def shoot(world: World, ids, bounds, height, movement: str, size: str = "medium",
          **fields) -> tuple[World, SkillsCamera]:
    sizes = {e.id: e.asset.size for e in world.entities}
    boxes = []
    for f in (FRAMES[0], (FRAMES[0] + FRAMES[1]) // 2, FRAMES[1]):
        st = world.evaluate(f)
        boxes += [entity_box(st.entities[i].matrix, sizes[i]) for i in ids]
    req = CameraRequest("s", size, movement, boxes, FRAMES, bounds, height, RES, [], world,
                        tuple(ids), **fields)
    cams = SkillsCamera()
    cam = cams.camera(req, "cam")
    data = world.model_dump(mode="json")
    data["cameras"] = [cam.model_dump(mode="json")]
    data["shots"] = [{"id": "s", "camera": "cam", "frame_start": FRAMES[0],
                      "frame_end": FRAMES[1], "resolution": list(RES)}]
    data["relations"] = [{"type": "facing", "subject": "cam", "target": i} for i in ids]
    return World.model_validate(data), cams


def path_of(world: World, ids) -> m.CameraPath:
    return m.camera_path(world, m.States(world), "s", list(ids), n=FRAMES[1])


def in_frame(world: World, eid: str, fractions=(0.75, 0.95)) -> float:
    """Share of frames where the points at ``fractions`` of ``eid``'s height are in frame."""
    st_all = m.States(world)
    size = world.entity(eid).asset.size
    ok = 0
    frames = range(FRAMES[0], FRAMES[1] + 1)
    for f in frames:
        st = st_all.at(f)
        cam = st.cameras["cam"]
        base = st.entities[eid].matrix[:3, 3]
        pts = np.array([base + np.array([0.0, 0.0, size[2] * q]) for q in fractions])
        uvd = cam.project(pts, *RES)
        ok += bool(np.all((uvd[:, 2] > 0) & (uvd[:, 0] >= 0) & (uvd[:, 0] <= RES[0])
                          & (uvd[:, 1] >= 0) & (uvd[:, 1] <= RES[1])))
    return ok / len(frames)


def inside_room(path: m.CameraPath, bounds, height) -> bool:
    x0, y0, x1, y1 = bounds
    e = path.eye
    return bool(np.all((e[:, 0] > x0) & (e[:, 0] < x1) & (e[:, 1] > y0) & (e[:, 1] < y1)
                       & (e[:, 2] < height)))


def test_orbit_360_at_chest_height_round_two_boxers():
    world, ids, bounds, height = boxing()
    shot, _ = shoot(world, ids, bounds, height, "orbit", params={"height": CHEST})
    path = path_of(shot, ids)
    assert m.move_holds(path, "orbit", min_sweep_deg=355.0).ok, path.sweep_deg()
    assert np.abs(path.eye[:, 2] - CHEST).max() <= 0.05
    assert in_frame(shot, "red") == 1.0 and in_frame(shot, "blue") == 1.0
    assert inside_room(path, bounds, height)


@pytest.mark.parametrize("movement,holds", [
    ("arc", {"min_sweep_deg": 60.0}), ("bullet_time", {"min_sweep_deg": 300.0}),
    ("dolly_in", {}), ("dolly_out", {}), ("truck", {}), ("crane", {}), ("pedestal", {}),
    ("pan", {}), ("tilt", {"min_turn_deg": 5.0}), ("zoom", {}), ("dolly_zoom", {}),
    ("handheld", {}), ("whip_pan", {}),
])
def test_every_move_on_a_group_holds(movement, holds):
    world, ids, bounds, height = boxing()
    params = {"degrees": 30.0} if movement in ("pan", "tilt") else {}
    shot, cams = shoot(world, ids, bounds, height, movement, params=params)
    path = path_of(shot, ids)
    r = m.move_holds(path, movement, **holds)
    assert r.ok, (movement, r.detail, cams.notes)
    assert not any("static framing" in n for n in cams.notes)


@pytest.mark.parametrize("movement", ["orbit", "arc", "dolly_in", "dolly_out", "crane", "truck"])
def test_moves_in_a_small_room_adapt_and_stay_inside(movement):
    world, ids, bounds, height = small_room()
    shot, cams = shoot(world, ids, bounds, height, movement, size="full")
    path = path_of(shot, ids)
    holds = {"min_sweep_deg": 300.0} if movement == "orbit" else {}
    r = m.move_holds(path, movement, **holds)
    assert r.ok, (movement, r.detail, cams.notes)
    assert inside_room(path, bounds, height), cams.notes
    assert not any("static framing" in n for n in cams.notes)


def test_orbit_in_a_small_room_widens_the_lens():
    world, ids, bounds, height = small_room()
    shot, cams = shoot(world, ids, bounds, height, "orbit", size="full")
    # The full shot's 35 mm puts the camera outside a 4 m room: the orbit comes back wider.
    assert float(path_of(shot, ids).focal.max()) < 35.0
    assert any("kept inside the room" in n for n in cams.notes)


def test_orbit_round_a_surrounded_person_keeps_its_sweep():
    # Three people round her block views from every side: the occlusion solver may lift or
    # close in the camera, but not swing it back (the orbit still goes all the way round).
    ents = [_room(24.0, 18.0, 3.0), _person("woman", 0.0, 0.0, 0.0, 0.0)]
    for i, a in enumerate((0.5, 2.6, 4.7)):
        ents.append(_person(f"thug{i}", 1.1 * math.cos(a), 1.1 * math.sin(a), 0.0, a))
    for i, (x, y) in enumerate(((2.5, 1.5), (-2.5, 1.5), (2.5, -1.5), (-2.5, -1.5))):
        ents.append({"id": f"pillar{i}", "kind": "prop", "semantic_class": "pillar",
                     "asset": {"size": [0.6, 0.6, 3.0]}, "transform": {"location": [x, y, 0]}})
    world = World.model_validate({"name": "garage", "entities": ents})
    shot, _ = shoot(world, ("woman",), (-12.0, -9.0, 12.0, 9.0), 3.0, "orbit")
    path = path_of(shot, ("woman",))
    assert m.move_holds(path, "orbit", min_sweep_deg=330.0).ok, path.sweep_deg()


def _team() -> tuple[World, tuple[str, ...]]:
    """24 players across a 24 × 40 m patch of a 200 m ground, 8 m apart."""
    ents = [{"id": "ground", "kind": "set", "semantic_class": "ground",
             "asset": {"size": [200.0, 200.0, 0.01]},
             "transform": {"location": [0.0, 0.0, -0.01]}}]
    ids = []
    for i in range(4):
        for j in range(6):
            ids.append(f"p{i}{j}")
            ents.append(_person(ids[-1], -12.0 + 8.0 * i, -20.0 + 8.0 * j, 0.0, 0.0))
    return World.model_validate({"name": "pitch", "entities": ents}), tuple(ids)


def test_an_aerial_orbit_at_80_m_frames_the_team_on_its_pitch():
    """An extreme-wide orbit asked at 80 m of a team spread across its pitch stands back,
    looking down 60 degrees (not 20 m off it, looking nearly straight down), and a longer lens
    brings the team back to its size with every player in frame on every frame."""
    from previz.skills.camera.movements import STEEPEST

    world, ids = _team()
    shot, _ = shoot(world, ids, (-100.0, -100.0, 100.0, 100.0), None, "orbit",
                    size="extreme_wide", params={"height": 80.0, "degrees": 180.0})
    path = path_of(shot, ids)
    assert m.move_holds(path, "orbit", min_sweep_deg=175.0).ok, path.sweep_deg()
    assert np.abs(path.eye[:, 2] - 80.0).max() <= 0.05
    # The framed middle of the team is 0.9 m up (half a 1.8 m player): 79.1 m below the eye.
    assert math.degrees(STEEPEST) == pytest.approx(60.0)
    assert np.hypot(path.eye[:, 0], path.eye[:, 1]) == pytest.approx(79.1 / math.tan(STEEPEST),
                                                                     abs=0.05)
    assert shot.cameras[0].focal_length > 30.0  # 24 mm, lengthened
    assert min(in_frame(shot, i, (0.0, 1.0)) for i in ids) == 1.0
    st_all = m.States(shot)
    for f in range(FRAMES[0], FRAMES[1] + 1, 8):
        st = st_all.at(f)
        pts = np.array([st.entities[i].matrix[:3, 3] for i in ids])
        uvd = st.cameras["cam"].project(pts, *RES)
        assert np.ptp(uvd[:, 0]) / RES[0] >= 0.25, f  # the team a quarter of the frame across
