"""The many-frame evaluators equal the one-frame ones they speed up: `sample_frames` equals
`sample` at every frame (constant, linear and Bézier keys, explicit handles, frames before,
between, on and after keys), `joint_tracks` equals `joint_matrices` for a posed skeleton, and a
state's lazily posed joints equal the eagerly posed ones, also after pickling; `evaluate_frames`
is `evaluate` at each frame bit for bit (keyed, still and attached objects, joints, cameras,
lights)."""

from __future__ import annotations

import pickle

import numpy as np

from previz.skills.skeletons import make_skeleton
from previz.world import Curve, World
from previz.world.evaluate import LazyJoints, joint_matrices, joint_tracks
from previz.world.tracks import sample, sample_frames
from previz.world.transforms import compose, compose_exact_many, compose_many

FRAMES = np.array([-3.0, 1.0, 1.5, 2.0, 7.25, 10.0, 13.0, 20.0, 20.5, 33.0, 40.0, 41.0, 55.0])


def _curves() -> list[Curve]:
    return [
        Curve.model_validate([[1, 0.0], [10, 2.0], [20, -1.0], [40, 0.5]]),
        Curve.model_validate([[1, 0.0, "linear"], [13, 3.0, "constant"], [20, 1.0, "linear"],
                              [41, 2.0]]),
        Curve.model_validate({"keys": [
            {"frame": 2, "value": 1.0, "handle_right": [12, 4.0], "handle_left": [0, 1.0]},
            {"frame": 10, "value": -2.0, "handle_left": [3, -5.0], "handle_right": [11, 0.0]},
            {"frame": 33, "value": 0.25}]}),
        Curve.model_validate([[5, 1.5]]),
    ]


def test_sample_frames_equals_sample_at_every_frame() -> None:
    for curve in _curves():
        many = sample_frames(curve, FRAMES)
        one = np.array([sample(curve, float(f)) for f in FRAMES])
        assert np.abs(many - one).max() <= 1e-12, curve
    assert sample_frames(2.5, FRAMES).tolist() == [2.5] * len(FRAMES)


def test_compose_many_equals_compose() -> None:
    rng = np.random.default_rng(3)
    loc, rot, scale = rng.normal(size=(3, 9, 3))
    many = compose_many(loc, rot, scale)
    for i in range(9):
        assert np.abs(many[i] - compose(loc[i], rot[i], scale[i])).max() <= 1e-12


def _posed_skeleton():  # type: ignore[no-untyped-def]
    skel = make_skeleton("humanoid")
    curves = _curves()
    joints = []
    for k, j in enumerate(skel.joints):
        rot = (curves[k % 3], 0.1 * k, curves[(k + 1) % 3]) if k % 2 else j.rotation
        loc = (curves[2], 0.0, 0.0) if k == 0 else j.location
        joints.append(j.model_copy(update={"rotation": rot, "location": loc}))
    return skel.model_copy(update={"joints": joints})


def test_joint_tracks_equals_joint_matrices() -> None:
    skel = _posed_skeleton()
    rng = np.random.default_rng(5)
    roots = compose_many(rng.normal(size=(len(FRAMES), 3)), rng.normal(size=(len(FRAMES), 3)))
    tracks = joint_tracks(skel, roots, FRAMES)
    for i, f in enumerate(FRAMES):
        one = joint_matrices(skel, roots[i], float(f))
        assert list(one) == [j.name for j in skel.joints]
        assert np.abs(tracks[i] - np.array(list(one.values()))).max() <= 1e-12


def test_lazy_joints_equal_eager_ones_and_pickle_as_a_dict() -> None:
    skel = _posed_skeleton()
    root = compose([1.0, 2.0, 0.0], [0.0, 0.0, 0.7])
    calls = []

    def pose() -> dict:
        calls.append(1)
        return joint_matrices(skel, root, 12.0)

    lazy = LazyJoints(pose)
    assert calls == []  # nothing posed until read
    eager = joint_matrices(skel, root, 12.0)
    assert "pelvis" in lazy and len(lazy) == len(eager) and list(lazy) == list(eager)
    assert all(np.array_equal(lazy[n], eager[n]) for n in eager)
    assert calls == [1]  # posed once
    back = pickle.loads(pickle.dumps(lazy))
    assert type(back) is dict and all(np.array_equal(back[n], eager[n]) for n in eager)


def test_compose_exact_many_is_compose_bit_for_bit() -> None:
    # `compose_many` may differ from `compose` in the last bit; the exact one never does (the
    # World's many-frame evaluation relies on it for byte-identical Worlds).
    rng = np.random.default_rng(5)
    loc, rot, scale = rng.normal(size=(3, 400, 3)) * 4
    rot[::7] = 0.0  # zero angles: their -0.0 entries must match too
    many = compose_exact_many(loc, rot, scale)
    one = np.stack([compose(loc[i], rot[i], scale[i]) for i in range(400)])
    assert many.tobytes() == one.tobytes()
    assert compose_exact_many(loc, rot).tobytes() == np.stack(
        [compose(loc[i], rot[i]) for i in range(400)]).tobytes()


def _moving_world() -> World:
    curves = _curves()
    skel = _posed_skeleton()
    return World.model_validate({
        "entities": [
            {"id": "walker", "kind": "character", "skeleton": skel.model_dump(),
             "transform": {"location": [curves[0], curves[1], 0.0],
                           "rotation": [0.0, curves[2], curves[0]]}},
            {"id": "cup", "kind": "prop", "transform": {"location": [0.1, 0.0, 0.0],
                                                        "rotation": [curves[1], 0.0, 0.3]}},
            {"id": "car", "kind": "prop", "transform": {
                "location": [curves[1], 2.0, 0.0], "scale": [1.0, curves[3], 2.0]}},
            {"id": "box", "kind": "prop", "transform": {"location": [0.0, 0.0, 1.0]}},
            {"id": "still", "kind": "prop", "transform": {"location": [3.0, -0.0, 0.0],
                                                          "rotation": [0.0, 0.0, 0.7]}},
        ],
        "cameras": [{"id": "cam", "focal_length": [[1, 35.0], [20, 50.0, "linear"], [40, 24.0]],
                     "transform": {"location": [0.0, -8.0, curves[2]],
                                   "rotation": [1.2, 0.0, curves[1]]}}],
        "lights": [{"id": "sun", "type": "sun", "power": [[1, 3.0], [30, 5.0]],
                    "transform": {"rotation": [0.4, curves[0], 0.0]}}],
        "relations": [
            {"type": "attached_to", "subject": "cup", "target": "walker",
             "joint": skel.joints[-1].name},
            {"type": "attached_to", "subject": "box", "target": "car"},
            {"type": "attached_to", "subject": "cam", "target": "box"},
        ],
    })


def test_evaluate_frames_is_evaluate_at_each_frame_bit_for_bit() -> None:
    world = _moving_world()
    frames = [int(f) for f in FRAMES] + [7.25]  # whole frames as the checks ask, and a between
    states = world.evaluate_frames(frames)
    assert [s.frame for s in states] == frames
    for frame, many in zip(frames, states, strict=True):
        one = world.evaluate(frame)
        for part in ("entities", "cameras", "lights"):
            a, b = getattr(one, part), getattr(many, part)
            assert list(a) == list(b)
            for key in a:
                assert a[key].matrix.tobytes() == b[key].matrix.tobytes(), (frame, key)
        for key in one.entities:
            ja, jb = one.entities[key].joints, many.entities[key].joints
            assert list(ja) == list(jb)
            assert all(ja[n].tobytes() == jb[n].tobytes() for n in ja), (frame, key)
        ca, cb = one.cameras["cam"], many.cameras["cam"]
        assert (ca.focal_length, ca.fstop) == (cb.focal_length, cb.fstop)
        la, lb = one.lights["sun"], many.lights["sun"]
        assert (la.power, la.color) == (lb.power, lb.color)
    assert world.evaluate_frames([]) == []


def test_sample_frames_of_linear_and_constant_keys_is_sample_bit_for_bit() -> None:
    # All segments at once when no segment is Bézier: the same numbers as frame by frame, on
    # the keys, between them, before and after.
    rng = np.random.default_rng(2)
    frames = np.cumsum(rng.uniform(0.3, 3.0, 60))
    curves = [Curve.model_validate([[float(f), float(v), str(kind)] for f, v, kind in zip(
        frames, rng.normal(size=60), rng.choice(["linear", "constant"], 60), strict=True)]),
        Curve.model_validate([[float(f), float(v), "linear"]
                              for f, v in zip(frames, rng.normal(size=60), strict=True)])]
    at = np.r_[frames, np.linspace(-2.0, frames[-1] + 2.0, 701)]
    for curve in curves:
        many = sample_frames(curve, at)
        one = np.array([sample(curve, float(f)) for f in at])
        assert many.tobytes() == one.tobytes()
