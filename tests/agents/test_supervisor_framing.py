"""What a shot shows, from the supervisor's low-resolution label render (issue 14's failures,
rebuilt as small scenes): each is flagged with its kind, and a good shot of each size stays ok.

Pixel shares are counted by hand: the camera looks straight along +Y at a person's box
(0.5 × 0.3 × 1.75 m) from its middle, so the box's image is its front face, a rectangle of
``fx · size / depth`` pixels in a 96 × 54 render, where ``fx = focal / 36 mm · 96``; a pixel
counts when its centre is inside.
"""

from __future__ import annotations

import math

import pytest

from previz.agents.supervisor import check
from previz.agents.supervisor.framing import (
    MAX_FRAMES,
    framing_checks,
    sample_frames,
    shot_subjects,
    size_name,
    sizes_from_plan,
)
from previz.world import World
from previz.world.transforms import look_at_euler

LEVEL = [math.pi / 2, 0.0, 0.0]  # a camera looking along +Y, horizontally
PIXELS = 96 * 54
NEW_KINDS = {"subject_rarely_visible", "subject_too_small", "empty_frames", "no_subject",
             "camera_outside_set", "camera_below_ground"}


def _ground(size=40.0):
    return {"id": "ground", "kind": "set", "semantic_class": "ground",
            "asset": {"size": [size, size, 0.01]}, "transform": {"location": [0, 0, -0.01]}}


def _person(loc=(0.0, 0.0, 0.0), id="anna"):
    return {"id": id, "kind": "character", "semantic_class": "person",
            "asset": {"size": [0.5, 0.3, 1.75]}, "transform": {"location": list(loc)}}


def _world(entities, cam_loc, cam_rot=None, focal=50.0, frames=(1, 10), relations=None):
    cam = {"id": "cam", "focal_length": focal,
           "transform": {"location": list(cam_loc), "rotation": cam_rot or LEVEL}}
    return World.model_validate({
        "entities": entities, "cameras": [cam], "relations": relations or [],
        "shots": [{"id": "s1", "camera": "cam", "frame_start": frames[0],
                   "frame_end": frames[1], "resolution": [96, 54]}]})


def kinds(report):
    return sorted({p.kind for p in report.problems})


def problem(report, kind):
    return next(p for p in report.problems if p.kind == kind)


# Good shots stay ok, with hand-counted pixel shares -----------------------------------------

def test_a_medium_shot_fills_a_sixth_of_the_frame():
    # 50 mm: fx = 133.3 px; the front face is 4.0 m away: 16.7 px wide → 16 pixel centres
    # (40.5 … 55.5), taller than the frame → all 54 rows: 864 pixels.
    w = _world([_ground(), _person()], (0.0, -4.15, 0.875))
    r = check(w, sizes={"s1": "medium"})
    assert r.ok, r.to_json()["problems"]
    m = r.metrics["framing"]["s1"]
    assert m["size"] == "medium" and m["frames_sampled"] == [1]  # nothing moves: one frame
    assert m["subjects"]["anna"] == {"visible_share": 1.0,
                                     "pixel_share": pytest.approx(864 / PIXELS, abs=1e-4)}
    assert m["empty_frame_share"] == 0.0


def test_a_close_up_is_mostly_subject():
    # 1.0 m away at head height: 66.7 px wide → 66 columns; the top edge 20 px above the
    # centre row → rows 7 … 53: 47 rows, 3102 pixels, 60 % of the frame.
    w = _world([_ground(), _person()], (0.0, -1.15, 1.6))
    r = check(w, sizes={"s1": "close_up"})
    assert r.ok, r.to_json()["problems"]
    share = r.metrics["framing"]["s1"]["subjects"]["anna"]["pixel_share"]
    assert share == pytest.approx(66 * 47 / PIXELS, abs=1e-4)


def test_a_wide_shot_on_the_ground():
    # 35 mm: fx = 93.3 px; 9.85 m away from 1.6 m high: 4 columns × 16 rows = 64 pixels.
    w = _world([_ground(), _person()], (0.0, -10.0, 1.6), focal=35.0)
    r = check(w, sizes={"s1": "wide"})
    assert r.ok, r.to_json()["problems"]
    share = r.metrics["framing"]["s1"]["subjects"]["anna"]["pixel_share"]
    assert share == pytest.approx(64 / PIXELS, abs=1e-5)


# The failures -------------------------------------------------------------------------------

def test_a_close_up_too_far_away_is_too_small():
    # The medium shot's framing (16.7 % of the frame) called a close-up (needs 25 %).
    w = _world([_ground(), _person()], (0.0, -4.15, 0.875))
    r = check(w, sizes={"s1": "CU"})
    assert kinds(r) == ["subject_too_small"]
    p = problem(r, "subject_too_small")
    assert p.entities == ["anna"] and p.frames == list(range(1, 11))
    assert "16.67%" in p.detail and "close up" in p.detail


def test_the_cat_off_screen_while_the_close_up_frames_a_blank_wall():
    # The camera faces the north wall from 1 m; the cat idles behind it: in frame 0 % of the
    # time, and every frame shows nothing but the room.
    room = {"id": "kitchen", "kind": "set", "semantic_class": "wall",
            "asset": {"size": [6, 5, 3]}}
    cat = {"id": "cat", "kind": "animal", "semantic_class": "cat",
           "asset": {"size": [0.2, 0.5, 0.3]}, "transform": {"location": [0, -1.5, 0]}}
    w = _world([room, cat], (0.0, 1.5, 1.2), focal=85.0,
               relations=[{"type": "facing", "subject": "cam", "target": "cat"}])
    r = check(w, sizes={"s1": "close_up"})
    assert {"subject_rarely_visible", "empty_frames"} <= set(kinds(r))
    p = problem(r, "subject_rarely_visible")
    assert p.entities == ["cat"] and p.frames == list(range(1, 11))
    assert "visible in 0%" in p.detail
    assert problem(r, "empty_frames").frames == list(range(1, 11))
    m = r.metrics["framing"]["s1"]
    assert m["subjects"]["cat"] == {"visible_share": 0.0, "pixel_share": 0.0}
    assert m["empty_frame_share"] == 1.0


def test_a_shot_with_no_subjects():
    room = {"id": "ring", "kind": "set", "semantic_class": "room",
            "asset": {"size": [8, 8, 4]}}
    w = _world([room], (0.0, -3.0, 1.6))
    r = check(w)
    assert "no_subject" in kinds(r)
    assert problem(r, "no_subject").frames == list(range(1, 11))
    assert shot_subjects(w, "cam") == []


def test_a_drone_shot_whose_last_frames_show_only_void():
    # 100 frames, 12 sampled (1, 10, …, 100); from frame 56 the drone looks 40° above the
    # horizon (its view's lower edge is 24° up): frames 64, 73, 82, 91, 100 are sky.
    eye = [0.0, -10.0, 5.0]
    down = look_at_euler(eye, [0.0, 0.0, 0.9])
    up = look_at_euler(eye, [0.0, 0.0, 5.0 + 10.0 * math.tan(math.radians(40))])
    rot = [[[1, down[i], "constant"], [56, up[i], "constant"]] for i in range(3)]
    w = _world([_ground(), _person()], eye, cam_rot=rot, focal=35.0, frames=(1, 100))
    r = check(w)
    assert sample_frames(1, 100) == [1, 10, 19, 28, 37, 46, 55, 64, 73, 82, 91, 100]
    sky = [64, 73, 82, 91, 100]
    assert problem(r, "empty_frames").frames == sky
    assert problem(r, "subject_rarely_visible").frames == sky
    m = r.metrics["framing"]["s1"]
    assert m["empty_frame_share"] == pytest.approx(5 / 12, abs=1e-4)
    assert m["subjects"]["anna"]["visible_share"] == pytest.approx(7 / 12, abs=1e-4)


def test_a_subject_that_walks_out_of_frame():
    # 12 frames, all sampled; the box moves 8 m to the right. The frame's right edge is
    # 1.44 m right of centre at 4 m: the box's left edge (x - 0.25) passes it after frame 3.
    mover = _person()
    mover["transform"]["location"] = [[[1, 0.0, "linear"], [12, 8.0]], 0.0, 0.0]
    w = _world([_ground(), mover], (0.0, -4.15, 0.875), frames=(1, 12))
    r = check(w)
    p = problem(r, "subject_rarely_visible")
    assert p.frames == list(range(4, 13))
    assert r.metrics["framing"]["s1"]["subjects"]["anna"]["visible_share"] == 0.25


def test_a_camera_standing_outside_the_ground():
    # The ground ends at y = -10; the camera stands 4 m beyond its edge.
    w = _world([_ground(20.0), _person()], (0.0, -14.0, 1.6), focal=50.0)
    r = check(w)
    assert kinds(r) == ["camera_outside_set"]
    assert problem(r, "camera_outside_set").frames == list(range(1, 11))
    # On the ground's edge (within 5 cm) is on the set.
    assert check(_world([_ground(20.0), _person()], (0.0, -10.04, 1.6))).ok


def test_a_camera_under_the_ground():
    w = _world([_ground(20.0), _person(loc=(0.0, 4.0, 0.0))], (0.0, -2.0, -0.5))
    r = check(w)
    assert "camera_below_ground" in kinds(r)
    assert problem(r, "camera_below_ground").entities == ["cam"]


def test_a_crowd_counts_as_seen_when_half_of_it_is():
    # Six people in a row across the frame, one far off to the side: 5 of 6 visible.
    people = [_person((x, 0.0, 0.0), id=f"p{k}") for k, x in
              enumerate((-0.9, -0.3, 0.3, 0.9, 1.2, 30.0))]
    people[4]["transform"]["location"] = [1.2, 1.0, 0.0]
    w = _world([_ground(), *people], (0.0, -6.0, 1.0), focal=35.0)
    r = check(w)
    assert not NEW_KINDS & set(kinds(r)), r.to_json()["problems"]
    assert r.metrics["framing"]["s1"]["subjects"]["p5"]["visible_share"] == 0.0


def test_a_crowd_is_judged_on_a_render_fine_enough_to_see_its_members():
    # Three ranks of ten, 30 m off through 35 mm, 0.2 m between neighbours: the second rank
    # shows only in the gaps of the first (strips ~0.2 m wide), the third not at all. The same
    # rasteriser at the pass's 832 px sees all ten strips; at 96 px a strip is 0.6 px wide and
    # only 6 of them cover a pixel centre. The crowd's `CROWD_RENDER_WIDTH` render sees the 10.
    people = []
    for rank, (dy, dx) in enumerate(((0.0, 0.0), (1.0, 0.35), (2.0, 0.0))):
        people += [_person((-3.15 + 0.7 * k + dx, 30.0 + dy, 0.0), id=f"r{rank}p{k}")
                   for k in range(10)]
    w = _world([_ground(200.0), *people], (0.0, 0.0, 0.875), focal=35.0)
    r = check(w, sizes={"s1": "wide"})
    seen = r.metrics["framing"]["s1"]["subjects"]
    assert [sum(seen[f"r{rank}p{k}"]["visible_share"] for k in range(10))
            for rank in range(3)] == [10.0, 10.0, 0.0]
    assert "subject_rarely_visible" not in kinds(r)
    # The same crowd behind a wall is not seen.
    wall = {"id": "wall", "kind": "prop", "semantic_class": "wall",
            "asset": {"size": [40.0, 0.3, 4.0]}, "transform": {"location": [0.0, 20.0, 0.0]}}
    r = check(_world([_ground(200.0), wall, *people], (0.0, 0.0, 0.875), focal=35.0),
              sizes={"s1": "wide"})
    assert "subject_rarely_visible" in kinds(r)


# Helpers ------------------------------------------------------------------------------------

def test_sizes_from_plan_and_codes():
    from previz.agents.plan import ScenePlan

    plan = ScenePlan.model_validate({"shots": [{"id": "shot_1", "size": "close_up"},
                                               {"id": "shot_2", "size": "wide"}]})
    assert sizes_from_plan(plan)["shot-1"] == "close_up"
    assert sizes_from_plan(plan.model_dump(mode="json"))["shot-2"] == "wide"
    assert [size_name(s) for s in ("ECU", "ms", "close-up", "huge", None)] == [
        "extreme_close_up", "medium", "close_up", None, None]
    assert len(sample_frames(1, 500)) == MAX_FRAMES and sample_frames(3, 5) == [3, 4, 5]


def test_framing_checks_samples_at_most_twelve_frames_of_a_long_shot():
    mover = _person()
    mover["transform"]["location"] = [[[1, 0.0, "linear"], [400, 0.5]], 0.0, 0.0]
    w = _world([_ground(), mover], (0.0, -4.15, 0.875), frames=(1, 400))
    seen: list[int] = []

    def state_at(f: int):
        seen.append(f)
        return w.evaluate(f)

    metrics, issues = framing_checks(w, ["s1"], state_at, {"anna"}, True)
    assert metrics["s1"]["frames_sampled"] == seen
    assert len(seen) == MAX_FRAMES and seen[0] == 1 and seen[-1] == 400
    assert issues == []
