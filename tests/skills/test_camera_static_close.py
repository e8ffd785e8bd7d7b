"""A static camera stays static whatever keeps it clear (the occlusion solver, the room clamp),
and a close-up of a spread-out group frames the member the action is at (issue 17)."""

from __future__ import annotations

import math

import numpy as np

from previz.skills.camera import SHOT_SIZES, ShotSpec, Subject, camera_for, solve
from previz.skills.camera import movements as mv
from previz.skills.camera.confine import clamp
from previz.skills.camera.subject import measure, member_in_close
from previz.skills.geometry import SceneBoxes, segments_hit
from previz.world import DEFAULT_RESOLUTION, World
from previz.world.tracks import sample3

F0, F1 = 1, 72


def _walk_past_pillar() -> World:
    """A figure walks 6 m along +X; a 4 m pillar stands between it and a camera that frames
    it from its left side at the start."""
    return World.model_validate({"fps": 24, "entities": [
        {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
         "transform": {"location": [[[F0, -3.0, "linear"], [F1, 3.0]], 0.0, 0.0],
                       "rotation": [0, 0, math.pi / 2]}},
        {"id": "pillar", "kind": "prop", "asset": {"size": [0.8, 0.8, 4.0]},
         "transform": {"location": [-1.0, -2.2, 0.0]}},
    ]})


def _poses(cam, frames):
    eyes = np.array([sample3(cam.transform.location, f) for f in frames])
    rots = np.array([sample3(cam.transform.rotation, f) for f in frames])
    return eyes, rots


def _occluded(world, sp, cam) -> int:
    boxes = SceneBoxes(world, exclude=["hero"]).at(F0)
    n = 0
    for f in sp.frame_list:
        eye = np.array(sample3(cam.transform.location, f))
        pts = measure(world, f, sp.subject).sight_points(sp.size.span, 3)
        n += bool(segments_hit(boxes, np.repeat(eye[None], 3, 0), pts).any())
    return n


def test_a_blocked_static_camera_moves_once_and_stays_static():
    """The pillar hides the walker in the middle of the shot. Solved as a path, the camera
    travels to get round it (what made the tennis wide move 11 m); locked, it takes one clear
    place for the whole shot: one eye, one orientation, the walker seen in every frame."""
    world = _walk_past_pillar()
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["LS"], azimuth=-math.pi / 2)
    raw = mv.static(world, sp)
    assert _occluded(world, sp, raw) > 0
    moving, _ = solve(world, sp, raw)
    eyes, _ = _poses(moving, sp.frame_list)
    assert np.ptp(eyes, axis=0).max() > 0.1  # the path solve travels
    cam, report = solve(world, sp, raw, locked=True)
    eyes, rots = _poses(cam, sp.frame_list)
    assert np.ptp(eyes, axis=0).max() <= 1e-6
    assert np.ptp(rots, axis=0).max() <= 1e-6
    assert np.linalg.norm(eyes[0] - np.array(sample3(raw.transform.location, F0))) > 0.1
    assert _occluded(world, sp, cam) == 0
    assert report.moved_frames and not report.occluded_frames


def test_camera_for_locks_a_static_shot():
    world = _walk_past_pillar()
    cam = camera_for("LS", "static", "hero", (F0, F1), world, azimuth=-math.pi / 2)
    eyes, rots = _poses(cam, list(range(F0, F1 + 1)))
    assert np.ptp(eyes, axis=0).max() <= 1e-6 and np.ptp(rots, axis=0).max() <= 1e-6


def test_a_static_camera_clamped_into_a_room_stays_static():
    world = _walk_past_pillar()
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["LS"], azimuth=-math.pi / 2)
    raw = mv.static(world, sp)
    eye = np.array(sample3(raw.transform.location, F0))
    room = (-5.0, float(eye[1]) + 1.0, 5.0, 5.0, 3.0)  # the eye is 1 m beyond the near wall
    cam = clamp(world, sp, raw, room)
    eyes, rots = _poses(cam, sp.frame_list)
    assert eyes[0, 1] >= room[1] + 0.1
    assert np.ptp(eyes, axis=0).max() <= 1e-6 and np.ptp(rots, axis=0).max() <= 1e-6


def _court() -> World:
    """Two 3.95 m hoops 28 m apart and a player under the second one."""
    return World.model_validate({"fps": 24, "entities": [
        {"id": "hoops-1", "kind": "prop", "asset": {"size": [1.8, 1.2, 3.95]},
         "transform": {"location": [-14.0, 0.0, 0.0]}},
        {"id": "hoops-2", "kind": "prop", "asset": {"size": [1.8, 1.2, 3.95]},
         "transform": {"location": [14.0, 0.0, 0.0], "rotation": [0, 0, math.pi]}},
        {"id": "player", "kind": "character", "asset": {"size": [0.5, 0.3, 1.9]},
         "transform": {"location": [[[1, 6.0, "linear"], [48, 12.5]], 0.5, 0.0],
                       "rotation": [0, 0, -math.pi / 2]}},
        {"id": "a", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
         "transform": {"location": [0.0, 5.0, 0.0]}},
        {"id": "b", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
         "transform": {"location": [1.2, 5.0, 0.0]}},
    ]})


def test_a_close_up_of_a_spread_group_frames_the_member_at_the_action():
    world = _court()
    group = Subject("hoops-1", group=("hoops-2",))
    subj, note = member_in_close(world, group, (1, 48), "CU")
    assert subj == Subject("hoops-2") and "hoops-2" in note
    # Not close: the group is framed whole; close but not spread (two people 1.2 m apart):
    # both are.
    assert member_in_close(world, group, (1, 48), "LS") == (group, "")
    pair = Subject("a", group=("b",))
    assert member_in_close(world, pair, (1, 48), "CU") == (pair, "")
    # The camera of the shot sees the hoop the player dunks on, filling the frame.
    said: list[str] = []
    cam = camera_for("CU", "static", group, (40, 48), world, report=said)
    assert any("hoops-2" in s for s in said)
    shot = World(fps=world.fps, entities=world.entities, cameras=[cam])
    cs = shot.evaluate(44).cameras["cam"]
    w, h = DEFAULT_RESOLUTION
    near = cs.project(measure(world, 44, Subject("hoops-2")).at(0.9)[None], w, h)[0]
    far = cs.project(measure(world, 44, Subject("hoops-1")).at(0.5)[None], w, h)[0]
    assert near[2] > 0 and 0 <= near[0] <= w and 0 <= near[1] <= h
    assert not (far[2] > 0 and 0 <= far[0] <= w and 0 <= far[1] <= h)


def _walker(path) -> World:
    """One person on open ground following ``path`` (x keys over frames 1..97)."""
    return World.model_validate({"fps": 24, "entities": [
        {"id": "p", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
         "transform": {"location": [path, 0.0, 0.0], "rotation": [0, 0, -math.pi / 2]}},
    ]})


def test_a_static_close_shot_of_a_mover_frames_where_it_stays_or_pans():
    """Walks 4 m in a second then stays put: framed where it stays (the whole action would
    be a wide). Runs 12 m in a line: stays nowhere, so the camera pans with it."""
    from previz.skills.camera.still import still_on_moving

    settles = _walker([[1, -4.0, "linear"], [25, 0.0, "linear"], [97, 0.0]])
    move, params, note = still_on_moving(settles, Subject("p"), (1, 97), "MS")
    assert move == "static" and 25 <= params["at_frame"] <= 97 and "stays" in note
    assert still_on_moving(settles, Subject("p"), (1, 97), "LS") == ("static", {}, "")
    runs = _walker([[1, -6.0, "linear"], [97, 6.0]])
    move, params, note = still_on_moving(runs, Subject("p"), (1, 97), "CU")
    assert (move, params) == ("pan", {}) and "pans" in note


def test_the_adapter_keeps_a_static_medium_of_a_mover_at_its_size():
    """The agents' camera for a static medium of someone who walks in and stays: framed
    where they stay, the camera still, the subject at a medium's size there (it was framed
    on the whole walk: a wide)."""
    from previz.agents.adapters import SkillsCamera
    from previz.agents.interfaces import CameraRequest
    from previz.skills.geometry import entity_box

    world = _walker([[1, -4.0, "linear"], [25, 0.0, "linear"], [97, 0.0]])
    size = world.entity("p").asset.size
    boxes = [entity_box(world.evaluate(f).entities["p"].matrix, size) for f in (1, 49, 97)]
    req = CameraRequest("s", "medium", "static", boxes, (1, 97), (-50.0, -50.0, 50.0, 50.0),
                        None, DEFAULT_RESOLUTION, [], world, ("p",))
    cams = SkillsCamera()
    cam = cams.camera(req, "cam")
    assert any("framed where it stays" in n for n in cams.notes)
    eyes, rots = _poses(cam, list(range(1, 98)))
    assert np.ptp(eyes, axis=0).max() <= 1e-6 and np.ptp(rots, axis=0).max() <= 1e-6
    cs = World(fps=world.fps, entities=world.entities, cameras=[cam]).evaluate(60).cameras["cam"]
    w, h = DEFAULT_RESOLUTION
    head, hip = cs.project(np.array([[0.0, 0.0, 1.75], [0.0, 0.0, 0.9]]), w, h)
    assert head[2] > 0 and 0 <= head[1] <= h and 0 <= head[0] <= w
    # A medium: head to hips take more than half the picture's height.
    assert abs(hip[1] - head[1]) > 0.5 * h


def _seated(pelvis) -> World:
    """A 1.75 m figure whose pelvis joint is moved by ``pelvis`` (seated on a stool beside
    its box: down 0.45 m and 0.4 m along +X), facing −Y."""
    import copy
    import json
    from pathlib import Path

    ex = json.loads((Path(__file__).resolve().parents[2] / "examples"
                     / "two_characters_room.json").read_text())
    skel = copy.deepcopy(next(e for e in ex["entities"] if e["id"] == "mara")["skeleton"])
    skel["joints"] = [{k: v for k, v in j.items() if k in ("name", "parent", "offset")}
                      for j in skel["joints"]]
    skel["joints"][0]["location"] = list(pelvis)
    return World.model_validate({"fps": 24, "entities": [
        {"id": "p", "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]},
         "skeleton": skel, "transform": {"location": [0.0, 0.0, 0.0]}}]})


def test_a_close_up_of_a_seated_figure_frames_its_head_not_its_box():
    """The drummer on his stool: the box's close-up looks at a standing head 0.45 m above and
    0.4 m beside his real one (it showed the wall); by the joints the head is in the middle
    of the picture. A standing figure keeps its box framing."""
    from previz.skills.camera.subject import entity_state, posed_close

    world = _seated((0.4, 0.0, -0.45))
    subj, note = posed_close(world, Subject("p"), (1, 24), "CU")
    assert subj.joints == ("head",) and "not standing" in note
    standing = _seated((0.0, 0.0, 0.0))
    assert posed_close(standing, Subject("p"), (1, 24), "CU") == (Subject("p"), "")
    assert posed_close(world, Subject("p"), (1, 24), "LS") == (Subject("p"), "")
    head = entity_state(world, "p", 12.0).joints["head"][:3, 3]
    w, h = DEFAULT_RESOLUTION

    def where(cam):
        cs = World(fps=24, entities=world.entities, cameras=[cam]).evaluate(12).cameras["cam"]
        u, v, d = cs.project(head[None], w, h)[0]
        return u / w, v / h, d

    said: list[str] = []
    u, v, d = where(camera_for("CU", "static", "p", (1, 24), world, report=said))
    assert d > 0 and 0.2 <= u <= 0.8 and 0.1 <= v <= 0.6, (u, v)
    assert any("not standing" in s for s in said)
    sp = ShotSpec(Subject("p"), (1, 24), size=SHOT_SIZES["CU"])
    u, v, d = where(mv.static(world, sp))  # by the box, as before
    assert not (0.0 <= u <= 1.0 and 0.0 <= v <= 1.0)


def test_a_close_up_of_a_figure_falling_down_frames_its_head_where_it_lies():
    """The fallen fighter: the box stays, the head falls 1.3 m down and 1 m along; framed at
    the first frame the close-up would show the empty air where the head was."""
    world = _seated((0.0, 0.0, 0.0))
    data = world.model_dump(mode="json")
    data["entities"][0]["skeleton"]["joints"][0]["location"] = [
        [[1, 0.0, "linear"], [12, 1.0]], 0.0, [[1, 0.0, "linear"], [12, -0.75]]]
    world = World.model_validate(data)
    from previz.skills.camera.subject import entity_state

    said: list[str] = []
    cam = camera_for("CU", "static", "p", (1, 48), world, report=said)
    assert any("framed where it stays" in s for s in said)
    eyes, rots = _poses(cam, list(range(1, 49)))
    assert np.ptp(eyes, axis=0).max() <= 1e-6 and np.ptp(rots, axis=0).max() <= 1e-6
    w, h = DEFAULT_RESOLUTION
    shot = World(fps=24, entities=world.entities, cameras=[cam])
    for f in (12, 30, 48):
        head = entity_state(world, "p", float(f)).joints["head"][:3, 3]
        u, v, d = shot.evaluate(f).cameras["cam"].project(head[None], w, h)[0]
        assert d > 0 and 0 <= u <= w and 0 <= v <= h, (f, u / w, v / h)


def test_an_orbit_beside_a_block_of_pillars_round_a_surrounded_subject_keeps_its_sweep():
    """The garage as laid out: she stands at the edge of a block of six pillars with three
    attackers round her (every view of her is blocked by one of them, so no detour helps);
    the 2 m orbit passes through the pillars. It still goes all the way round — it swept 76°:
    the eyes inside the pillars were pushed out by one shared shift, which pulled the circle
    into a wobble — and its eye is never inside a pillar."""
    from previz.agents.fidelity import measures as fm
    from previz.skills.geometry import points_inside

    def person(eid, x, y):
        return {"id": eid, "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]},
                "transform": {"location": [x, y, 0.0]}}

    ents = [{"id": "room", "kind": "set", "semantic_class": "wall",
             "asset": {"size": [24.0, 18.0, 3.0]}},
            person("woman", 0.2, 0.94), person("thug-1", 0.7, 1.21),
            person("thug-2", 1.21, 1.23), person("thug-3", -0.31, 1.23)]
    ents += [{"id": f"pillar-{k}", "kind": "prop", "asset": {"size": [0.65, 0.65, 3.75]},
              "transform": {"location": [x, y, 0.0]}}
             for k, (x, y) in enumerate((x, y) for y in (-0.45, 0.45) for x in (-0.9, 0.0, 0.9))]
    world = World.model_validate({"fps": 24, "entities": ents})
    cam = camera_for("MS", "orbit", "woman", (1, 240), world, room=(-12.0, -9.0, 12.0, 9.0, 3.0))
    shot = World.model_validate({**world.model_dump(mode="json"),
                                 "cameras": [cam.model_dump(mode="json")],
                                 "shots": [{"id": "s", "camera": "cam", "frame_start": 1,
                                            "frame_end": 240}]})
    path = fm.camera_path(shot, fm.States(shot), "s", ["woman"], n=240)
    assert path.sweep_deg() >= 355.0, path.sweep_deg()
    pillars = SceneBoxes(world, exclude=["woman", "thug-1", "thug-2", "thug-3"]).at(1)
    assert not points_inside(pillars, path.eye).any()


def test_a_close_up_of_a_figure_sitting_down_in_the_shot_follows_its_head():
    """Standing mid-shot, seated by its end: the head drops 0.45 m in the box, so the close
    shot is framed by the head joint (where it stays), not by the box's standing head."""
    from previz.skills.camera.subject import posed_close

    world = _seated((0.0, 0.0, 0.0))
    data = world.model_dump(mode="json")
    data["entities"][0]["skeleton"]["joints"][0]["location"] = [
        [[36, 0.0, "linear"], [48, 0.4]], 0.0, [[36, 0.0, "linear"], [48, -0.45]]]
    world = World.model_validate(data)
    subj, note = posed_close(world, Subject("p"), (1, 48), "CU")
    assert subj.joints == ("head",) and "moving 0.6" in note
    assert posed_close(world, Subject("p"), (1, 30), "CU") == (Subject("p"), "")
