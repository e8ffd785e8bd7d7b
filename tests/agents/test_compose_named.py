"""Named things in the shots (issue 15): a shot whose default side leaves a named prop out of
every shot is framed from a side that shows it and its subject; what no framing of the plan's
move can show is said by name, never dropped in silence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.agents.adapters import SkillsCamera
from previz.agents.compose import ShotView, cast_of, compose_named, named_things, turned
from previz.agents.interfaces import CameraRequest
from previz.skills.geometry import entity_box
from previz.world import Entity, Transform, World
from previz.world.evaluate import transform_matrix
from previz.world.tracks import sample

RES = (1280, 720)
FRAMES = (1, 24)


def _world(prop_at: tuple[float, float]) -> World:
    """A 1.8 m statue at the origin facing −Y (the camera skill's default side is in front of
    it, a little to one side) and a lamp post at ``prop_at``."""
    return World(entities=[
        Entity(id="ground", name="Ground", kind="set", semantic_class="ground",
               asset={"size": (200.0, 200.0, 0.01)}, transform=Transform(location=(0, 0, -0.01))),
        Entity(id="statue", name="Statue", kind="prop", semantic_class="statue",
               asset={"size": (0.6, 0.6, 1.8)}),
        Entity(id="lamp", name="Lamp", kind="prop", semantic_class="street_lamp",
               asset={"size": (0.4, 0.4, 4.0)},
               transform=Transform(location=(prop_at[0], prop_at[1], 0.0))),
    ])


def _request(world: World, size: str = "medium") -> CameraRequest:
    state = world.evaluate(FRAMES[0])
    box = entity_box(state.entities["statue"].matrix, (0.6, 0.6, 1.8))
    return CameraRequest("shot_1", size, "static", [box, box, box], FRAMES,
                         (-100.0, -100.0, 100.0, 100.0), None, RES, [], world, ("statue",))


def _ahead(cam) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The camera's view direction on the ground (x, y, unit) at the shot's first frame."""
    m = transform_matrix(cam.transform, FRAMES[0])
    return -m[:3, 2][:2] / np.linalg.norm(m[:3, 2][:2])


def _behind_camera(world: World, cam) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """A point 6 m behind the camera's eye, on the ground: out of its view."""
    m = transform_matrix(cam.transform, FRAMES[0])
    back = m[:3, 2] / np.linalg.norm(m[:3, 2][:2]) * 6.0  # camera +Z points backwards
    return float(m[0, 3] + back[0]), float(m[1, 3] + back[1])


def test_a_named_prop_behind_the_default_camera_is_brought_into_the_shot() -> None:
    probe = _world((50.0, 50.0))
    first = SkillsCamera().camera(_request(probe), "cam-shot-1")
    world = _world(_behind_camera(probe, first))
    req = _request(world)
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"lamp": ("street_lamp", ["lamp"])})
    assert [t.key for t in things] == ["lamp"]
    view = ShotView(world, list(range(*FRAMES, 4)), RES)
    assert view.seen(view.counts(cam), things) == set()  # the default side: not in the shot
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.missing == [] and "shot_1" in out.reframed
    counts = view.counts(out.cameras[0])
    assert view.seen(counts, things) == {"lamp"}
    assert view.subject_share(counts, ["statue"]).tolist() == [1.0]  # the statue still framed
    assert [n for n in out.notes if "to show the street lamp" in n] == out.notes != []


def test_what_no_framing_shows_is_said_by_name() -> None:
    world = _world((95.0, -95.0))  # 134 m away: a speck from any side of a medium shot
    req = _request(world)
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"lamp": ("street_lamp", ["lamp"])})
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert [t.key for t in out.missing] == ["lamp"]
    assert out.reframed == {} and out.cameras[0] is cam  # the shot as the skill made it
    assert out.notes == ["the street lamp (lamp) is in no shot: no framing of the planned "
                         "moves shows it"]


def test_named_things_are_plan_groups_and_set_parts_not_the_place() -> None:
    world = World(entities=[
        Entity(id="room", name="Room", kind="set", semantic_class="wall",
               asset={"size": (8.0, 6.0, 3.0)}),
        Entity(id="set_canvas", name="Canvas", kind="set", semantic_class="boxing_ring",
               asset={"size": (6.0, 6.0, 0.01)}),
        Entity(id="set_floor", name="Floor", kind="set", semantic_class="floor",
               asset={"size": (8.0, 6.0, 0.01)}),
        Entity(id="piano", name="Piano", kind="prop", semantic_class="piano",
               asset={"size": (1.5, 1.6, 1.0)}),
    ])
    things = named_things(world, {"piano": ("piano", ["piano"]), "ghost": ("harp", [])})
    assert [(t.key, t.ids, t.weight) for t in things] == [
        ("piano", ("piano",), 1.0), ("set:boxing_ring", ("set_canvas",), 0.5)]


def test_a_turned_draft_circles_what_the_camera_looks_at() -> None:
    world = _world((50.0, 50.0))
    cam = SkillsCamera().camera(_request(world), "cam-shot-1")
    f = FRAMES[0]
    m = transform_matrix(cam.transform, f)
    pivot = m[:3, 3] - float(sample(cam.focus_distance, f)) * m[:3, 2]
    draft = turned(cam, [f], math.pi, False, _request(world))
    d = transform_matrix(draft.transform, f)
    # Half a turn: the eye on the other side of the pivot at the same height and distance,
    # looking at it.
    assert d[:3, 3] == pytest.approx(
        np.array([2 * pivot[0] - m[0, 3], 2 * pivot[1] - m[1, 3], m[2, 3]]), abs=1e-4)
    look = -d[:3, 2]
    to_pivot = (pivot - d[:3, 3]) / np.linalg.norm(pivot - d[:3, 3])
    assert float(look @ to_pivot) == pytest.approx(1.0, abs=1e-6)
    high = transform_matrix(turned(cam, [f], 0.0, True, _request(world)).transform, f)
    assert high[2, 3] > m[2, 3] + 0.5  # raised round it
    assert np.linalg.norm(high[:3, 3] - pivot) == pytest.approx(np.linalg.norm(m[:3, 3] - pivot))


def test_a_thing_in_frame_but_hidden_by_a_box_is_not_framed_again_for() -> None:
    """Behind a goal's box proxy the ball is hidden in the box render though the goal's open
    frame shows it: a thing in frame is not missing, so the shot keeps its framing."""
    probe = _world((50.0, 50.0))
    ahead = _ahead(SkillsCamera().camera(_request(probe), "cam-shot-1"))
    lamp = (float(ahead[0] * 12.0), float(ahead[1] * 12.0))  # 12 m beyond, behind the statue
    world = _world(lamp)
    screen = Entity(id="screen", name="Screen", kind="prop", semantic_class="screen",
                    asset={"size": (6.0, 0.3, 6.0)}, transform=Transform(
                        location=(lamp[0] - ahead[0], lamp[1] - ahead[1], 0.0),
                        rotation=(0.0, 0.0, math.atan2(ahead[1], ahead[0]) - math.pi / 2)))
    world = world.model_copy(update={"entities": [*world.entities, screen]})
    req = _request(world)
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"lamp": ("street_lamp", ["lamp"])})
    view = ShotView(world, list(range(*FRAMES, 4)), RES)
    assert view.seen(view.counts(cam), things) == set()  # hidden behind the screen
    assert view.framed(cam, things) == {"lamp"}  # but in frame
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.reframed == {} and out.missing == [] and out.notes == []


def _kiosk_world(at: tuple[float, float], kind: str = "prop") -> World:
    """The statue and a 5 m kiosk at ``at`` (a prop, or a part of the set)."""
    return World(entities=[
        Entity(id="ground", name="Ground", kind="set", semantic_class="ground",
               asset={"size": (300.0, 300.0, 0.01)}, transform=Transform(location=(0, 0, -0.01))),
        Entity(id="statue", name="Statue", kind="prop", semantic_class="statue",
               asset={"size": (0.6, 0.6, 1.8)}),
        Entity(id="kiosk", name="Kiosk", kind=kind, semantic_class="kiosk",
               asset={"size": (5.0, 5.0, 5.0)},
               transform=Transform(location=(at[0], at[1], 0.0))),
    ])


def _at_45_degrees(size: str, kind: str = "prop") -> tuple[World, CameraRequest]:
    """The kiosk 40 m from the statue, 45° off the default camera's view: out of the frame of
    a wide shot from each of the four sides (45° off every one), in the frame of an extreme
    wide one from the skill's own side."""
    probe = _kiosk_world((140.0, 140.0))
    ahead = _ahead(SkillsCamera().camera(_request(probe, size), "cam-shot-1"))
    c, s = math.cos(math.radians(45.0)), math.sin(math.radians(45.0))
    d = (ahead[0] * c - ahead[1] * s, ahead[0] * s + ahead[1] * c)
    world = _kiosk_world((float(d[0] * 40.0), float(d[1] * 40.0)), kind)
    return world, _request(world, size)


def test_a_wide_shot_is_framed_wider_to_show_a_named_thing_no_side_shows() -> None:
    world, req = _at_45_degrees("wide")
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"kiosk": ("kiosk", ["kiosk"])})
    view = ShotView(world, list(range(*FRAMES, 4)), RES)
    assert view.seen(view.counts(cam), things) == set()
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.missing == [] and out.widened == {"shot_1": "extreme_wide"}
    counts = view.counts(out.cameras[0])
    assert view.seen(counts, things) == {"kiosk"}
    assert view.subject_share(counts, ["statue"]).tolist() == [1.0]
    assert out.notes == ["shot_1: framed again, from 17° round the subject at eye level and "
                         "wider (extreme wide, asked wide), to show the kiosk"]


def test_a_medium_shot_keeps_its_size() -> None:
    """A closer shot is the director's framing of a person: not widened, and what it cannot
    show is said."""
    world, req = _at_45_degrees("medium")
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"kiosk": ("kiosk", ["kiosk"])})
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.widened == {} and out.reframed == {} and out.cameras[0] is cam
    assert [t.key for t in out.missing] == ["kiosk"]


def test_a_wide_shot_is_not_widened_for_a_part_of_the_set_alone() -> None:
    """Widening is for a plan object the director named, not for a set part (a boardroom's
    wide went to a 12 mm lens to show its door)."""
    world, req = _at_45_degrees("wide", kind="set")
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {})
    assert [t.key for t in things] == ["set:kiosk"]
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.widened == {} and [t.key for t in out.missing] == ["set:kiosk"]


def test_a_reframing_does_not_lose_the_cast() -> None:
    """The lamp behind the default camera is shown from the other side only by losing the
    passer-by beyond the statue: a character is not traded for a prop (the square's orbit,
    turned for a café chair, lost the three pigeons); the lamp is said missing instead."""
    probe = _world((50.0, 50.0))
    first = SkillsCamera().camera(_request(probe), "cam-shot-1")
    ahead = _ahead(first)
    world = _world(_behind_camera(probe, first))
    walker = Entity(id="passers-1", name="Passer-by", kind="character",
                    semantic_class="person", asset={"size": (0.5, 0.3, 1.75)},
                    transform=Transform(location=(float(ahead[0] * 8.0 - ahead[1] * 3.0),
                                                  float(ahead[1] * 8.0 + ahead[0] * 3.0),
                                                  0.0)))
    world = world.model_copy(update={"entities": [*world.entities, walker]})
    req = _request(world)
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {"lamp": ("street_lamp", ["lamp"])})
    view = ShotView(world, list(range(*FRAMES, 4)), RES)
    cast = [t for t in cast_of(world) if t.key == "cast:passers"]
    assert [t.ids for t in cast] == [("passers-1",)]
    assert view.seen(view.counts(cam), cast) == {"cast:passers"}
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert view.seen(view.counts(out.cameras[0]), cast) == {"cast:passers"}
    assert out.reframed == {} and [t.key for t in out.missing] == ["lamp"]


def _moving_camera(start: tuple[float, float, float], end: tuple[float, float, float],
                   look: tuple[float, float, float]):  # type: ignore[no-untyped-def]
    """A camera travelling from ``start`` to ``end`` over frames 1–48, looking along ``look``."""
    from previz.world import Camera
    from previz.world.transforms import look_at_euler

    rot = [float(a) for a in look_at_euler(np.array(start), np.array(start) + np.array(look))]
    loc = [{"keys": [{"frame": 1.0, "value": a}, {"frame": 48.0, "value": b}]}
           for a, b in zip(start, end, strict=True)]
    return Camera.model_validate({"id": "cam", "transform": {"location": loc,
                                                             "rotation": rot}})


def test_a_reframing_that_turns_a_truck_into_a_follow_is_not_kept():
    """The harbour's truck, turned 107° round the boat to show the pond, rode behind it looking
    along its heading (0.0 m sideways, `move_not_executed`): a reframing must keep the move."""
    from previz.agents.compose import _move_kept

    frames = [1, 12, 24, 36, 48]
    truck = _moving_camera((0.0, -10.0, 2.0), (12.0, -10.0, 2.0), (0.0, 1.0, 0.0))
    follow = _moving_camera((-12.0, 0.0, 2.0), (0.0, 0.0, 2.0), (1.0, 0.0, 0.0))
    other_side = _moving_camera((12.0, 10.0, 2.0), (0.0, 10.0, 2.0), (0.0, -1.0, 0.0))
    assert not _move_kept("truck", truck, follow, frames)
    assert _move_kept("truck", truck, other_side, frames)
    assert _move_kept("dolly_in", truck, follow, frames)  # measured with its subject elsewhere
    assert _move_kept("truck", follow, follow, frames)  # nothing to keep: not undone here


def _ring_world() -> World:
    """The statue on a 1 m platform whose top is a 6 m canvas (a part of the set, classed
    ``boxing_ring``), on a wide floor."""
    return World(entities=[
        Entity(id="ground", name="Ground", kind="set", semantic_class="ground",
               asset={"size": (60.0, 60.0, 0.01)}, transform=Transform(location=(0, 0, -0.01))),
        Entity(id="platform", name="Platform", kind="set", semantic_class="ring_platform",
               asset={"size": (7.0, 7.0, 1.0)}),
        Entity(id="canvas", name="Canvas", kind="set", semantic_class="boxing_ring",
               asset={"size": (6.0, 6.0, 0.01)}, transform=Transform(location=(0, 0, 1.0))),
        Entity(id="statue", name="Statue", kind="prop", semantic_class="statue",
               asset={"size": (0.6, 0.6, 1.8)}, transform=Transform(location=(0, 0, 1.01))),
    ])


def _ring_request(world: World) -> CameraRequest:
    """A medium shot of the statue with the camera held at 1.35 m (the plan's 'chest
    height'): 0.34 m above the canvas, looking up at the chest."""
    state = world.evaluate(FRAMES[0])
    box = entity_box(state.entities["statue"].matrix, (0.6, 0.6, 1.8))
    return CameraRequest("shot_1", "medium", "static", [box, box, box], FRAMES,
                         (-30.0, -30.0, 30.0, 30.0), None, RES, [], world, ("statue",),
                         params={"height": 1.35})


def test_what_the_subject_stands_on_is_what_is_under_its_feet() -> None:
    from previz.agents.compose import underfoot

    world = _ring_world()
    things = named_things(world, {})
    assert [t.key for t in things] == ["set:boxing_ring"]  # the platform is the place
    assert underfoot(world, [1], ["statue"], things) == {"set:boxing_ring"}
    lifted = world.model_copy(update={"entities": [
        e if e.id != "statue" else e.model_copy(update={"transform": Transform(
            location=(0, 0, 1.5))}) for e in world.entities]})
    assert underfoot(lifted, [1], ["statue"], things) == set()  # 0.49 m over it: not on it
    aside = world.model_copy(update={"entities": [
        e if e.id != "statue" else e.model_copy(update={"transform": Transform(
            location=(4.0, 0, 0.0))}) for e in world.entities]})
    assert underfoot(aside, [1], ["statue"], things) == set()  # beside the ring, on the floor


def _with_crate(at: tuple[float, float], height: float) -> World:
    """The statue on the floor and a crate of ``height`` at ``at`` (its centre; 1 m wide)."""
    return World(entities=[
        Entity(id="statue", name="Statue", kind="prop", semantic_class="statue",
               asset={"size": (0.6, 0.6, 1.8)}),
        Entity(id="crate", name="Crate", kind="prop", semantic_class="pallet",
               asset={"size": (1.0, 1.0, height)},
               transform=Transform(location=(at[0], at[1], 0.0))),
    ])


def test_a_low_thing_beside_the_feet_is_at_the_feet_a_far_or_tall_one_is_not() -> None:
    from previz.agents.compose import underfoot

    things = named_things(_with_crate((0.0, 0.0), 0.15), {"crate": ("pallet", ["crate"])})
    at = {(x, h): underfoot(_with_crate((x, 0.0), h), [1], ["statue"], things)
          for x, h in [(1.0, 0.15), (1.25, 0.15), (1.0, 0.75), (2.0, 0.15)]}
    assert at == {(1.0, 0.15): {"crate"},  # a pallet 0.2 m from the feet
                  (1.25, 0.15): {"crate"},  # 0.45 m away: within reach
                  (1.0, 0.75): set(),  # a table's height: not at the feet
                  (2.0, 0.15): set()}  # 1.2 m away


def test_a_medium_shot_is_framed_to_the_feet_to_show_what_the_subject_stands_on() -> None:
    """The boxer on the ring's canvas, a medium shot at a held chest height: it ends at the
    waist, above the canvas, from every side; framed full (to the feet) it shows the canvas,
    at the same held height, and the note says so."""
    world = _ring_world()
    req = _ring_request(world)
    prov = SkillsCamera()
    cam = prov.camera(req, "cam-shot-1")
    things = named_things(world, {})
    view = ShotView(world, list(range(*FRAMES, 4)), RES)
    assert view.seen(view.counts(cam), things) == set()
    out = compose_named(world, [req], [cam], things, prov.camera, prov.notes)
    assert out.missing == [] and out.widened == {"shot_1": "full"}
    counts = view.counts(out.cameras[0])
    assert view.seen(counts, things, 2.0) == {"set:boxing_ring"}
    assert view.subject_share(counts, ["statue"]).tolist() == [1.0]
    eye = transform_matrix(out.cameras[0].transform, FRAMES[0])[:3, 3]
    assert abs(eye[2] - 1.35) < 0.05  # the plan's height kept
    assert len(out.notes) == 1 and "wider (full, asked medium, to take in what is at the " \
        "subject's feet), to show the boxing ring" in out.notes[0]


def _across(table_at: tuple[float, float], height: float) -> World:
    """Two people 2 m apart along x and a 0.8 m table of ``height`` at ``table_at``."""
    person = {"kind": "character", "semantic_class": "person", "asset": {"size": (0.5, 0.3, 1.75)}}
    return World(entities=[
        Entity(id="detective", name="Detective", transform=Transform(location=(-1.0, 0, 0)),
               **person),
        Entity(id="suspect", name="Suspect", transform=Transform(location=(1.0, 0, 0)),
               **person),
        Entity(id="table", name="Table", kind="prop", semantic_class="table",
               asset={"size": (0.8, 0.8, height)},
               transform=Transform(location=(table_at[0], table_at[1], 0.0))),
    ])


def test_what_lies_between_the_two_of_an_over_the_shoulder_is_a_low_thing_on_their_line() -> None:
    from previz.agents.compose import between

    things = named_things(_across((0.0, 0.0), 0.75), {"table": ("table", ["table"])})
    got = {(at, h): between(_across(at, h), [1], ["suspect"], things)
           for at, h in [((0.0, 0.0), 0.75), ((0.0, 1.5), 0.75), ((0.0, 0.0), 2.0)]}
    assert got == {((0.0, 0.0), 0.75): {"table"},  # the table they face across
                   ((0.0, 1.5), 0.75): set(),  # off their line
                   ((0.0, 0.0), 2.0): set()}  # a 2 m cabinet: not a thing a wider frame adds


def test_a_closer_shot_is_widened_only_for_what_is_at_the_feet_or_between() -> None:
    from previz.agents.compose import Named, _size_kept

    chair, mat = Named("chair", "chair", ("chair",)), Named("set:mat", "mat", ("mat",), 0.5)
    things, missing = [chair, mat], {"chair", "set:mat"}
    assert _size_kept("medium", "medium", set(), things, set(), missing, set())
    # a chair elsewhere (a plan object) does not widen a medium; the mat under the feet does
    assert not _size_kept("medium", "full", {"chair"}, things, set(), missing, {"set:mat"})
    assert _size_kept("medium", "full", {"set:mat"}, things, set(), missing, {"set:mat"})
    assert not _size_kept("medium", "full", {"set:mat"}, things, {"set:mat"}, missing,
                          {"set:mat"})  # another shot shows it already
    # a wide shot is widened for a plan object, not for a part of the set
    assert _size_kept("wide", "extreme_wide", {"chair"}, things, set(), missing, set())
    assert not _size_kept("wide", "extreme_wide", {"set:mat"}, things, set(), missing, set())
    assert not _size_kept("close_up", "medium", {"set:mat"}, things, set(), missing,
                          {"set:mat"})
