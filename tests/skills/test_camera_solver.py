"""The framing solver against a scene with a pillar: occlusion avoided wherever a clear view
exists, the camera never inside or through geometry, smooth, focused; plus two-subject (toric)
framing and the 180° rule."""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from previz.skills.camera import SHOT_SIZES, ShotSpec, Subject, camera_for, solve
from previz.skills.camera import movements as mv
from previz.skills.camera.continuity import crossings, line_of_action, mirror, side
from previz.skills.camera.framing import Lens, toric
from previz.skills.camera.solver import motion_limits, smooth_bounded
from previz.skills.camera.subject import measure
from previz.skills.geometry import SceneBoxes, grown, points_inside, segments_hit
from previz.world import Camera, Transform, World
from previz.world.tracks import sample3

W, H = 832, 480
F0, F1 = 1, 72


def pillar_scene() -> World:
    """A figure walks 6 m along +X past a pillar that stands between it and a camera that
    would follow it from the side (at azimuth π/2, i.e. on its left, −Y... see below)."""
    return World.model_validate({
        "fps": 24,
        "entities": [
            {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"location": [[[F0, -3.0, "linear"], [F1, 3.0]], 0.0, 0.0],
                           "rotation": [0, 0, math.pi / 2]}},
            {"id": "pillar", "kind": "prop", "asset": {"size": [0.8, 0.8, 4.0]},
             "transform": {"location": [0.0, -1.6, 0.0]}},
            {"id": "stage", "kind": "set", "asset": {"size": [40.0, 40.0, 6.0]}},
        ],
    })


def with_camera(world, cam):
    return World(fps=world.fps, entities=world.entities, cameras=[cam])


def visible(world, cam, sp):
    """Per frame: (subject points unoccluded, eye outside every box, subject centre in frame)."""
    w = with_camera(world, cam)
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    out = []
    for f in range(F0, F1 + 1):
        cs = w.evaluate(f).cameras[cam.id]
        m = measure(world, f, sp.subject)
        eye = cs.matrix[:3, 3]
        pts = m.sight_points(sp.size.span, 3)
        clear = not segments_hit(boxes, np.repeat(eye[None], 3, 0), pts).any()
        outside = not points_inside(boxes, eye[None]).any()
        u, v, d = cs.project(m.at(sp.mid_span)[None], W, H)[0]
        out.append((clear, outside, d > 0 and 0 <= u <= W and 0 <= v <= H, eye))
    return out


def test_side_follow_is_occluded_without_solver_and_clear_with_it():
    world = pillar_scene()
    # Camera on the subject's right side (it walks along +X facing +X; right is −Y): the
    # pillar at y = −1.6 passes between them mid-shot.
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    raw = mv.follow(world, sp)
    before = visible(world, raw, sp)
    assert sum(not c for c, *_ in before) >= 5  # the wanted path is blocked

    cam, report = solve(world, sp, raw)
    after = visible(world, cam, sp)
    assert all(clear for clear, *_ in after), [i for i, a in enumerate(after) if not a[0]]
    assert all(outside for _, outside, *_ in after)
    assert sum(inframe for *_, inframe, _ in after) / len(after) >= 0.98
    assert report.moved_frames and not report.occluded_frames and not report.inside_frames
    # Never passes through geometry between frames either.
    eyes = np.stack([a[3] for a in after])
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    assert not segments_hit(boxes, eyes[:-1], eyes[1:]).any()
    acc, jerk = motion_limits(eyes, 24)
    assert acc <= 3.0 + 1e-6 and jerk <= 20.0 + 1e-6
    # Focused on the subject every frame.
    w = with_camera(world, cam)
    for f in (F0, 36, F1):
        cs = w.evaluate(f).cameras["cam"]
        depth = cs.project(measure(world, f, sp.subject).at(sp.mid_span)[None], W, H)[0, 2]
        assert cs.focus_distance == pytest.approx(depth, rel=1e-6)


def test_camera_for_solves_by_default_and_leaves_clear_shots_alone():
    world = pillar_scene()
    cam = camera_for("MLS", "follow", "hero", (F0, F1), world, azimuth=-math.pi / 2,
                     screen_x=0.5)
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"])
    assert all(c for c, *_ in visible(world, cam, sp))
    # A shot from the other side is never blocked: the solver returns it untouched.
    sp2 = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"], azimuth=math.pi / 2)
    raw = mv.follow(world, sp2)
    solved, report = solve(world, sp2, raw)
    assert solved == raw and not report.moved_frames


def test_camera_never_starts_inside_a_wall():
    world = World.model_validate({
        "fps": 24,
        "entities": [
            {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}},
            {"id": "wall", "kind": "prop", "asset": {"size": [8.0, 1.0, 3.0]},
             "transform": {"location": [0.0, -4.0, 0.0]}},
        ],
    })
    sp = ShotSpec(Subject("hero"), (1, 24), size=SHOT_SIZES["FS"], azimuth=0.0)
    raw = mv.static(world, sp)
    assert points_inside(SceneBoxes(world, exclude=["hero"]).at(1),
                         np.array(raw.transform.location)[None]).any()
    cam, _ = solve(world, sp, raw)
    for clear, outside, inframe, _ in visible_short(world, cam, sp):
        assert clear and outside and inframe


def visible_short(world, cam, sp):
    w = with_camera(world, cam)
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    for f in range(sp.frames[0], sp.frames[1] + 1):
        cs = w.evaluate(f).cameras[cam.id]
        m = measure(world, f, sp.subject)
        eye = cs.matrix[:3, 3]
        clear = not segments_hit(boxes, np.repeat(eye[None], 3, 0),
                                 m.sight_points(sp.size.span, 3)).any()
        u, v, d = cs.project(m.at(sp.mid_span)[None], W, H)[0]
        yield clear, not points_inside(boxes, eye[None], 0.2).any(), \
            d > 0 and 0 <= u <= W and 0 <= v <= H, eye


def test_a_set_is_a_room_shell():
    """As the Blender bridge builds it: floor and four walls, open inside."""
    world = World.model_validate({"entities": [
        {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}},
        {"id": "room", "kind": "set", "asset": {"size": [10.0, 10.0, 3.0]}},
    ]})
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    inside_room = np.array([[3.0, -3.0, 1.5]])
    outside = np.array([[0.0, -8.0, 1.5]])
    face = np.array([[0.0, 0.0, 1.6]])
    assert not points_inside(boxes, inside_room).any()
    assert points_inside(boxes, np.array([[0.0, -5.05, 1.0], [0.0, 0.0, -0.05]])).any(axis=0).all()
    assert not segments_hit(boxes, inside_room, face).any()
    assert segments_hit(boxes, outside, face).all()
    # a camera asked to stand outside the room is brought inside to see the subject
    sp = ShotSpec(Subject("hero"), (1, 12), size=SHOT_SIZES["LS"], azimuth=0.0)
    raw = mv.static(world, sp)
    assert np.array(raw.transform.location)[1] < -5.0
    cam, report = solve(world, sp, raw)
    assert not report.occluded_frames and not report.inside_frames
    for clear, outside_box, inframe, eye in visible_short(world, cam, sp):
        assert clear and outside_box and inframe and abs(eye[1]) < 5.0


def test_smoothing_bounds_acceleration_and_jerk():
    rng = np.random.default_rng(0)
    path = np.cumsum(rng.normal(0, 0.05, (120, 3)), axis=0)
    out = smooth_bounded(path, 24.0, max_accel=2.0, max_jerk=10.0)
    acc, jerk = motion_limits(out, 24.0)
    assert acc <= 2.0 and jerk <= 10.0
    assert motion_limits(path, 24.0)[0] > 2.0
    assert np.abs(out - path).mean() < 0.5  # still follows the path


def test_toric_two_shot_puts_both_subjects_on_their_thirds():
    lens = Lens(35.0, 36.0, (W, H))
    a, b = np.array([0.0, 0.0, 1.6]), np.array([2.0, 0.5, 1.7])
    for beta, phi, s in [(None, 0.0, 1.0), (0.5, 0.3, -1.0), (1.2, -0.2, 1.0)]:
        eye, eul = toric(a, b, lens, (1 / 3, 0.4), (2 / 3, 0.45), beta=beta, phi=phi, side=s)
        cam = Camera(id="c", transform=Transform(location=tuple(eye), rotation=tuple(eul)),
                     focal_length=35.0)
        cs = World(cameras=[cam]).evaluate(1).cameras["c"]
        uv = cs.project(np.stack([a, b]), W, H)
        assert uv[0, :2] / [W, H] == pytest.approx((1 / 3, 0.4), abs=1e-3)
        assert uv[1, :2] / [W, H] == pytest.approx((2 / 3, 0.45), abs=1e-3)
        assert (uv[:, 2] > 0).all()
        d = (b - a) * [1, 1, 0]
        assert side(eye, a, d / np.linalg.norm(d)) == s


def test_180_degree_rule():
    world = World.model_validate({
        "entities": [
            {"id": "ann", "kind": "character", "asset": {"size": [0.5, 0.3, 1.7]}},
            {"id": "bob", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"location": [2.0, 0.0, 0.0]}},
        ],
        "cameras": [
            {"id": "wide", "transform": {"location": [1.0, -5.0, 1.6]}},
            {"id": "ots", "transform": {"location": [-0.5, -0.6, 1.6]}},
            {"id": "wrong", "transform": {"location": [2.5, 1.5, 1.6]}},
        ],
        "shots": [
            {"id": "s1", "camera": "wide", "frame_start": 1, "frame_end": 10},
            {"id": "s2", "camera": "ots", "frame_start": 11, "frame_end": 20},
            {"id": "s3", "camera": "wrong", "frame_start": 21, "frame_end": 30},
        ],
    })
    assert crossings(world, "ann", "bob") == ["s3"]
    p, d = line_of_action(world, "ann", "bob", 1)
    fixed = mirror(np.array([2.5, 1.5, 1.6]), p, d)
    assert fixed == pytest.approx([2.5, -1.5, 1.6])
    assert side(fixed, p, d) == side(np.array([1.0, -5.0, 1.6]), p, d)
    data = world.model_dump()
    data["cameras"][2]["transform"]["location"] = tuple(fixed)
    assert crossings(World.model_validate(data), "ann", "bob") == []


def test_weaves_past_pillars_on_both_sides():
    """Pillars on the camera's side and, further on, on both sides: the subject stays in clear
    view in every frame."""
    ents = [
        {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
         "transform": {"location": [[[F0, -4.0, "linear"], [F1, 4.0]], 0.0, 0.0],
                       "rotation": [0, 0, math.pi / 2]}},
    ]
    for i, (x, y) in enumerate([(-2.5, -1.6), (0.0, -1.6), (0.0, 1.6), (2.5, 1.6), (2.5, -1.6)]):
        ents.append({"id": f"pillar-{i}", "kind": "prop", "asset": {"size": [0.6, 0.6, 4.0]},
                     "transform": {"location": [x, y, 0.0]}})
    world = World.model_validate({"fps": 24, "entities": ents})
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    raw = mv.follow(world, sp)
    assert sum(not c for c, *_ in visible(world, raw, sp)) >= 10
    cam, report = solve(world, sp, raw)
    after = visible(world, cam, sp)
    assert all(clear and outside for clear, outside, *_ in after), report
    assert sum(inframe for *_, inframe, _ in after) / len(after) >= 0.98


def cluttered_scene(props: int = 250, seed: int = 1) -> World:
    rng = np.random.default_rng(seed)
    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"location": [[[F0, -4.0, "linear"], [F1, 4.0]], 0.0, 0.0],
                           "rotation": [0, 0, math.pi / 2]}}]
    while len(ents) <= props:
        x, y = rng.uniform(-7, 7), rng.uniform(-7, 7)
        if abs(y) < 0.8:
            continue
        ents.append({"id": f"prop-{len(ents)}", "kind": "prop",
                     "asset": {"size": [*rng.uniform(0.3, 1.0, 2).tolist(),
                                        float(rng.uniform(1.0, 3.5))]},
                     "transform": {"location": [x, y, 0.0]}})
    return World.model_validate({"fps": 24, "entities": ents})


def test_cluttered_scene_uses_per_frame_choice(monkeypatch):
    """Where no single detour clears a whole run, offsets are chosen frame by frame (the
    dynamic-programming path): every blocked frame gets cleared here, none is inside a box, and
    the smoothing bounds still hold."""
    import previz.skills.camera.solver as solver_mod

    used = []
    real = solver_mod._offset_grid
    monkeypatch.setattr(solver_mod, "_offset_grid", lambda *a: used.append(a) or real(*a))
    world = cluttered_scene()
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    raw = mv.follow(world, sp)
    before = sum(not c for c, *_ in visible(world, raw, sp))
    cam, report = solve(world, sp, raw)
    after = visible(world, cam, sp)
    still = sum(not c for c, *_ in after)
    assert used, "the per-frame (dynamic programming) choice did not run"
    assert before >= 20 and still == 0, (before, still)
    assert all(outside for _, outside, *_ in after)
    eyes = np.stack([a[3] for a in after])
    acc, jerk = motion_limits(eyes, 24)
    assert acc <= 3.0 + 1e-6 and jerk <= 20.0 + 1e-6
    assert len(report.occluded_frames) == still


def test_cascaded_visibility_equals_every_ray_and_stops_at_first_hit():
    """The solver tests candidate eyes as a cascade (inside test, then one sight line at a
    time, only for eyes still clear): the answer equals casting every ray, and an eye costs
    rays only until its first blocked one."""
    from previz.skills import geometry
    from previz.skills.camera.solver import _blocked_eyes, _offset_eyes_one, _offset_grid

    world = cluttered_scene()
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"])
    grid, _ = _offset_grid(150.0, 10.0)
    eyes, pts = [], []
    for f in (F0, 30, F1):
        m = measure(world, f, sp.subject)
        pivot = m.at(sp.mid_span)
        e = _offset_eyes_one(pivot, pivot + np.array([0.0, -4.0, 0.3]), grid)
        eyes.append(e)
        pts.append(np.broadcast_to(m.sight_points(sp.size.span, 3), (len(e), 3, 3)))
    eyes, pts = np.concatenate(eyes), np.concatenate(pts)
    k, p = pts.shape[:2]
    inside = points_inside(boxes, eyes, 0.3).any(axis=0)
    hits = segments_hit(boxes, np.repeat(eyes, p, axis=0), pts.reshape(-1, 3)).reshape(k, p)
    expected = inside | hits.any(axis=1)
    assert 0 < expected.sum() < k  # some candidates blocked, some clear
    before = geometry.COUNTERS["segments"]
    got = _blocked_eyes(boxes, eyes, pts, 0.3)
    rays = geometry.COUNTERS["segments"] - before
    np.testing.assert_array_equal(got, expected)
    # Rays cast: per eye not inside, sight lines up to and including its first blocked one.
    first = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, p)
    assert rays == int(first[~inside].sum()) < k * p


def field_scene(objects: int, seconds: float, seed: int) -> World:
    """The benchmark's cluttered scene (`benchmarks/camera.py`'s `scene`) at a small size: a
    figure walking along +X through a field of seeded random rotated boxes."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "camera.py"
    spec = importlib.util.spec_from_file_location("previz_benchmark_camera", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.scene(objects, seconds, seed=seed)


def test_smoothing_never_pulls_the_camera_into_a_box():
    """In this seeded field the bounded-acceleration smoothing used to pull the detour back
    through the clutter: 2 frames with the eye inside a box (and 8 occluded). The eyes are now
    pushed out and the correction re-smoothed with them pinned: no frame inside any box, no
    occluded frame, the motion bounds still held."""
    world = field_scene(400, 3.0, seed=3)
    n = 72
    sp = ShotSpec(Subject("hero"), (1, n), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    cam, report = solve(world, sp, mv.follow(world, sp))
    w = with_camera(world, cam)
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    eyes = np.stack([w.evaluate(f).cameras[cam.id].matrix[:3, 3] for f in range(1, n + 1)])
    inside = points_inside(boxes, eyes).any(axis=0)
    assert not inside.any(), np.flatnonzero(inside) + 1
    assert not report.inside_frames and not report.occluded_frames
    occluded = [f for f, e in zip(range(1, n + 1), eyes, strict=True) if segments_hit(
        boxes, np.repeat(e[None], 3, 0),
        measure(world, f, sp.subject).sight_points(sp.size.span, 3)).any()]
    assert not occluded, occluded
    acc, jerk = motion_limits(eyes, 24)
    assert acc <= 3.0 + 1e-3 and jerk <= 20.0 + 1e-3, (acc, jerk)


def test_push_run_frees_every_eye_by_one_shared_shift():
    """The push that takes a run of eyes out of geometry moves them all by one shift (a smooth
    correction), frees every one of them from the grown boxes, and never goes down."""
    from previz.skills.camera.solver import _push_run

    world = pillar_scene()
    boxes_at = SceneBoxes(world, exclude=["hero"])
    boxes = boxes_at.at(1)
    eyes = np.array([[0.1, -1.5, 1.5], [0.0, -1.6, 1.5], [-0.2, -1.7, 1.5]])  # in the pillar
    assert points_inside(boxes, eyes).any(axis=0).all()
    pts = [measure(world, f, Subject("hero")).sight_points(SHOT_SIZES["MLS"].span, 3)
           for f in (30, 31, 32)]
    moved = _push_run(eyes, [30, 31, 32], pts, boxes_at, 0.3)
    shift = moved - eyes
    np.testing.assert_allclose(shift, np.broadcast_to(shift[0], shift.shape), atol=1e-12)
    assert shift[0, 2] >= 0.0 and np.linalg.norm(shift[0]) > 0.1
    assert not points_inside(boxes, moved, 0.3).any()


def test_no_inside_wins_over_the_motion_bounds(monkeypatch):
    """A straight dolly through the pillar, with motion bounds no detour can meet: the path
    is still taken out of the pillar at every frame (never inside geometry comes first), and
    frames far from the pillar keep their place."""
    from previz.skills.camera.solver import _Frame, _keep_outside

    world = pillar_scene()
    boxes_at = SceneBoxes(world, exclude=["hero"])
    n = 144  # 6 s: room for a detour within 3 m/s² that leaves the ends alone
    path = np.stack([np.linspace(-8.0, 8.0, n), np.full(n, -1.6), np.full(n, 1.5)], axis=1)
    state = [_Frame(f, path[f - 1], np.zeros(3), 35.0, np.array([0.0, 0.0, 1.0]),
                    np.array([[0.0, 0.0, 0.3], [0.0, 0.0, 1.0], [0.0, 0.0, 1.7]]), (0.5, 0.5))
             for f in range(1, n + 1)]
    boxes = boxes_at.at(1)
    assert points_inside(boxes, path).any(axis=0).sum() >= 4
    out = _keep_outside(path, state, boxes_at, 24.0, 0.05, 0.3, 3.0, 20.0)
    assert not points_inside(boxes, out).any()
    np.testing.assert_allclose(out[[0, -1]], path[[0, -1]], atol=0.05)
    acc, jerk = motion_limits(out, 24)
    assert acc <= 3.0 + 1e-6 and jerk <= 20.0 + 1e-6
    # A curved dolly (its own acceleration above the bound) with a bound of ~0: no smoothing
    # can meet it, the camera still ends outside the pillar at every frame.
    bent = path + np.stack([np.zeros(n), 0.2 * np.sin(np.linspace(0, 18 * np.pi, n)),
                            np.zeros(n)], axis=1)
    assert points_inside(boxes, bent).any(axis=0).sum() >= 4
    out = _keep_outside(bent, state, boxes_at, 24.0, 0.05, 0.3, 1e-9, 1e-9)
    assert not points_inside(boxes, out).any()
    # Where the smoothing cannot hold the pins at all (stood in for by a correction of zero),
    # the last resort pushes the eyes out unsmoothed: still never inside.
    import previz.skills.camera.solver as solver_mod

    def no_correction(path, delta, *a):
        return np.zeros_like(delta)

    monkeypatch.setattr(solver_mod, "_smooth_bounded_delta", no_correction)
    out = _keep_outside(path, state, boxes_at, 24.0, 0.05, 0.3, 3.0, 20.0)
    assert not points_inside(boxes, out, 0.05).any()
    moved = np.flatnonzero(np.abs(out - path).max(axis=1) > 0)
    np.testing.assert_array_equal(moved, np.flatnonzero(points_inside(boxes, path, 0.05).any(0)))


def test_a_named_height_is_held_and_what_it_cannot_see_is_reported():
    """"At shoulder height": a figure in a pen of 1.9 m walls is seen over them only from
    higher up. Left to itself the solver rises over the wall; with the height held it keeps
    1.5 m (round the subject or closer is all it may try) and reports the frames it cannot
    clear, for the supervisor, instead of changing what was asked."""
    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"rotation": [0, 0, math.pi / 2]}},
            {"id": "stage", "kind": "set", "asset": {"size": [40.0, 40.0, 6.0]}}]
    for k, (x, y, w, d) in enumerate(((0, -1.2, 2.7, 0.3), (0, 1.2, 2.7, 0.3),
                                      (-1.2, 0, 0.3, 2.7), (1.2, 0, 0.3, 2.7))):
        ents.append({"id": f"wall-{k}", "kind": "prop", "asset": {"size": [w, d, 1.9]},
                     "transform": {"location": [x, y, 0.0]}})
    world = World.model_validate({"fps": 24, "entities": ents})
    sp = ShotSpec(Subject("hero"), (F0, 24), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2)
    raw = mv.static(world, sp, height=1.5)
    free, _ = solve(world, sp, raw)
    held, report = solve(world, sp, raw, hold_height=True)
    eyes = lambda cam: np.array([with_camera(world, cam).evaluate(f).cameras["cam"]  # noqa: E731
                                 .matrix[:3, 3] for f in range(F0, 25)])
    assert eyes(free)[:, 2].max() > 1.7  # over the wall
    z = eyes(held)[:, 2]
    assert np.abs(z - 1.5).max() <= 0.02, (z.min(), z.max())
    assert report.occluded_frames  # said, not hidden




def _post_orbit_scene(jitter: bool) -> tuple[World, ShotSpec, Camera]:
    """A figure (shifting its weight when ``jitter``: a path the generator cannot make smooth)
    with a thin post standing between it and where a 360° orbit at 1.35 m starts and ends."""
    x = [[1, 0.0, "linear"], *[[f, 0.06 * (-1) ** (f // 6), "linear"] for f in range(6, 96, 6)],
         [96, 0.0]] if jitter else 0.0
    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"location": [x, 0.0, 0.0]}}]
    world = World.model_validate({"fps": 24, "entities": ents})
    sp = ShotSpec(Subject("hero"), (1, 96), size=SHOT_SIZES["MS"])
    raw = mv.orbit(world, sp, degrees=360.0, height=1.35)
    eye = np.array(sample3(raw.transform.location, 1))
    post = 0.85 * eye[:2]  # between the hero (at the origin) and the lens, 15 % from the lens
    ents.append({"id": "post", "kind": "prop", "asset": {"size": [0.12, 0.12, 2.2]},
                 "transform": {"location": [float(post[0]), float(post[1]), 0.0]}})
    return World.model_validate({"fps": 24, "entities": ents}), sp, raw


@pytest.mark.parametrize("jitter", [False, True])
def test_an_orbit_blocked_where_it_starts_keeps_its_whole_sweep_and_height(jitter):
    """A move round the subject comes closer before it turns: the first and last frames keep
    their azimuth, so a 360° orbit still sweeps 360° (the scorer asks >= 360), and a height
    the plan named is held exactly, also where the eye comes closer."""
    from previz.agents.fidelity import measures as fm

    world, sp, raw = _post_orbit_scene(jitter)
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    pts = measure(world, 1, sp.subject).sight_points(sp.size.span, 3)
    eye0 = np.array(sample3(raw.transform.location, 1))
    assert segments_hit(boxes, np.repeat(eye0[None], 3, 0), pts).any()  # the post is in the way
    cam, report = solve(world, sp, raw, hold_height=True, max_degrees=20.0, keep_sweep=True)
    assert report.moved_frames and not report.occluded_frames
    shot = World.model_validate({**world.model_dump(mode="json"),
                                 "cameras": [cam.model_dump(mode="json")],
                                 "shots": [{"id": "s", "camera": "cam", "frame_start": 1,
                                            "frame_end": 96}]})
    path = fm.camera_path(shot, fm.States(shot), "s", ["hero"], n=96)
    assert path.sweep_deg() >= 360.0 - 1e-6
    assert np.abs(path.eye[:, 2] - 1.35).max() <= 1e-9


def test_coarse_to_fine_clears_every_frame_the_whole_grid_clears_with_fewer_tests():
    """The per-frame choice tests the offset grid coarse to fine (`_sparse_clear`): what it
    finds clear is clear, every frame that some offset of the whole grid clears gets a clear
    offset, and it casts far fewer rays than testing the whole grid for every frame."""
    from previz.skills import geometry
    from previz.skills.camera.solver import (
        _change_cost,
        _Frame,
        _grid_clear,
        _offset_grid,
        _sparse_clear,
    )

    world = field_scene(400, 4.0, seed=5)
    sp = ShotSpec(Subject("hero"), (1, 96), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    raw = mv.follow(world, sp)
    state = []
    for f in sp.frame_list:
        m = measure(world, f, sp.subject)
        state.append(_Frame(f, np.array(sample3(raw.transform.location, f)), np.zeros(3), 35.0,
                            m.at(sp.mid_span), m.sight_points(sp.size.span, 3), (0.5, 0.5)))
    wanted = np.stack([s.eye for s in state])
    boxes = grown(SceneBoxes(world, exclude=["hero"]).at(1), 0.3)
    grid, cost = _offset_grid(150.0, 10.0)
    n = len(state)
    before = geometry.COUNTERS["segments"]
    full = _grid_clear(state, wanted, grid, [boxes] * n, 0, n, 0.3, True)
    full_rays = geometry.COUNTERS["segments"] - before
    known = np.zeros((n, len(grid)), bool)
    before = geometry.COUNTERS["segments"]
    sparse = _sparse_clear(state, wanted, grid, cost, _change_cost(grid), [boxes] * n, 0, n,
                           0.3, True, known, False, 10.0)
    sparse_rays = geometry.COUNTERS["segments"] - before
    assert full.any(axis=1).sum() > 0 and (~full.all(axis=1)).all()  # a cluttered field
    assert not (sparse & ~full).any()  # nothing blocked is called clear
    np.testing.assert_array_equal(sparse.any(axis=1), full.any(axis=1))
    assert not (known & full).any()  # what it marked blocked is blocked
    assert sparse_rays * 3 < full_rays, (sparse_rays, full_rays)


def test_a_frame_cleared_only_far_from_the_coarse_path_still_gets_its_offset():
    """A ring of tall posts round the subject with one gap, 50° round from the wanted eye (off
    the coarse 30° azimuths and beyond the fine pass's reach from 'no change'): the last stage
    of the coarse-to-fine test (the whole grid for a frame nothing near clears) finds it."""
    from previz.skills.camera.solver import _change_cost, _Frame, _offset_grid, _sparse_clear

    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}}]
    for k in range(36):
        if k == 5:
            continue  # the gap at 50°
        a = math.radians(10.0 * k)
        ents.append({"id": f"post-{k}", "kind": "prop", "asset": {"size": [0.3, 0.2, 10.0]},
                     "transform": {"location": [math.cos(a), math.sin(a), 0.0],
                                   "rotation": [0.0, 0.0, a]}})
    world = World.model_validate({"fps": 24, "entities": ents})
    m = measure(world, 1, Subject("hero"))
    span = SHOT_SIZES["MLS"].span
    pivot = m.at((span[0] + span[1]) / 2)
    eye = pivot + np.array([4.0, 0.0, 0.3])
    state = [_Frame(1, eye, np.zeros(3), 35.0, pivot, m.sight_points(span, 3), (0.5, 0.5))]
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    grid, cost = _offset_grid(150.0, 10.0)
    known = np.zeros((1, len(grid)), bool)
    clear = _sparse_clear(state, eye[None], grid, cost, _change_cost(grid), [boxes], 0, 1, 0.3,
                          True, known, False, 10.0)
    found = grid[clear[0]]
    assert len(found) and np.all(found[:, 0] == 50.0), found


def test_a_wide_fast_orbit_beyond_the_motion_bounds_keeps_its_sweep_and_its_circle():
    """A 360° orbit at 30 m in 4 s is far beyond 3 m/s²: smoothing must round it off, and
    pinning its ends inside the smoothing pulled the whole circle into a line between them
    (a ceremony's orbit round the flag swept 0°). The ends are set after smoothing, eased in:
    the sweep stays 360° and mid-shot the camera is still far out round the subject."""
    from previz.agents.fidelity import measures as fm

    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}}]
    world = World.model_validate({"fps": 24, "entities": ents})
    sp = ShotSpec(Subject("hero"), (1, 96), size=SHOT_SIZES["MS"])
    raw = mv.orbit(world, sp, degrees=360.0, height=1.35, radius=30.0)
    half = 0.9 * np.array(sample3(raw.transform.location, 48))[:2]  # a post in the way mid-shot
    ents.append({"id": "post", "kind": "prop", "asset": {"size": [0.5, 0.5, 3.0]},
                 "transform": {"location": [float(half[0]), float(half[1]), 0.0]}})
    world = World.model_validate({"fps": 24, "entities": ents})
    cam, report = solve(world, sp, raw, hold_height=True, max_degrees=20.0, keep_sweep=True)
    assert report.moved_frames
    shot = World.model_validate({**world.model_dump(mode="json"),
                                 "cameras": [cam.model_dump(mode="json")],
                                 "shots": [{"id": "s", "camera": "cam", "frame_start": 1,
                                            "frame_end": 96}]})
    path = fm.camera_path(shot, fm.States(shot), "s", ["hero"], n=96)
    assert path.sweep_deg() >= 360.0 - 1e-6
    mid = np.hypot(*path.eye[24:72, :2].T)
    assert mid.min() > 10.0, mid.min()


def hedge_scene() -> World:
    """The pillar scene with a hedge 1 m high across the path at x = 0: the figure walks
    through it, its lowest sight point (0.5 m up) inside the hedge at frames 36 and 37."""
    world = pillar_scene()
    hedge = {"id": "hedge", "kind": "prop", "asset": {"size": [0.2, 2.0, 1.0]},
             "transform": {"location": [0.0, 0.0, 0.0]}}
    return World.model_validate({**world.model_dump(), "entities": [
        *world.model_dump()["entities"], hedge]})


def test_a_subject_inside_a_box_is_hidden_from_every_offset_and_costs_no_ray():
    """`_hidden` marks the frames whose subject point lies inside a box (every ray to it hits
    the box, whatever the eye): exactly the frames the hedge swallows the figure's legs. The
    solve that skips their offset tests gives the same camera as the one that tests them all,
    with fewer rays."""
    from previz.skills import geometry
    from previz.skills.camera import solver as sv

    world = hedge_scene()
    sp = ShotSpec(Subject("hero"), (F0, F1), size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                  screen_x=0.5)
    state = [sv._Frame(f, np.zeros(3), np.zeros(3), 35.0, np.zeros(3),
                       measure(world, f, sp.subject).sight_points(sp.size.span, 3), (0.5, 0.5))
             for f in sp.frame_list]
    boxes = SceneBoxes(world, exclude=["hero"]).at(1)
    hidden = sv._hidden([boxes], state, 0, len(state), True)
    assert [state[i].frame for i in np.flatnonzero(hidden)] == [36, 37]
    per_frame = sv._hidden([boxes] * len(state), state, 0, len(state), False)
    np.testing.assert_array_equal(per_frame, hidden)

    raw = mv.follow(world, sp)
    before = geometry.COUNTERS["segments"]
    cam, report = solve(world, sp, raw)
    rays = geometry.COUNTERS["segments"] - before
    saved = sv._hidden
    sv._hidden = lambda fb, st, lo, hi, static: np.zeros(hi - lo, bool)
    try:
        before = geometry.COUNTERS["segments"]
        cam_all, report_all = solve(world, sp, raw)
        rays_all = geometry.COUNTERS["segments"] - before
    finally:
        sv._hidden = saved
    assert cam.model_dump() == cam_all.model_dump()
    assert report.occluded_frames == report_all.occluded_frames
    assert rays < rays_all, (rays, rays_all)
