"""World state at a frame: transforms, joints, attachments, cameras and lights by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.world import World
from previz.world.color import kelvin_to_rgb


def make(**parts) -> World:
    return World.model_validate(parts)


def test_entity_transform_trs_order() -> None:
    w = make(entities=[{
        "id": "box", "kind": "prop",
        "transform": {"location": [1, 2, 3], "rotation": [0, 0, math.pi / 2], "scale": [2, 2, 2]},
    }])
    m = w.evaluate(1).entities["box"].matrix
    # local +X (scaled by 2) rotated 90 degrees about Z lands on +Y, then translated.
    assert m @ np.array([1, 0, 0, 1]) == pytest.approx([1, 4, 3, 1])


def test_euler_xyz_applies_x_first() -> None:
    w = make(entities=[{"id": "a", "kind": "prop",
                        "transform": {"rotation": [math.pi / 2, 0, math.pi / 2]}}])
    m = w.evaluate(1).entities["a"].matrix
    # X first: +Y -> +Z; then Z: +Z stays +Z.  (Z first would send +Y -> -X -> -X.)
    assert m[:3, :3] @ np.array([0, 1, 0]) == pytest.approx([0, 0, 1], abs=1e-12)


def test_joint_chain_hand_computed() -> None:
    w = make(entities=[{
        "id": "arm", "kind": "character",
        "transform": {"location": [10, 0, 0]},
        "skeleton": {"joints": [
            {"name": "shoulder", "offset": [0, 0, 1.5], "rotation": [0, 0, [[1, 0.0, "linear"],
                                                                         [11, math.pi]]]},
            {"name": "elbow", "parent": "shoulder", "offset": [0.3, 0, 0],
             "rotation": [0, 0, math.pi / 2]},
            {"name": "wrist", "parent": "elbow", "offset": [0.25, 0, 0]},
        ]},
    }])
    j = w.evaluate(6).entities["arm"].joints  # shoulder yaw = pi/2 at frame 6
    assert j["shoulder"][:3, 3] == pytest.approx([10, 0, 1.5])
    assert j["elbow"][:3, 3] == pytest.approx([10, 0.3, 1.5])
    # elbow adds another 90 degrees: the forearm points along -X
    assert j["wrist"][:3, 3] == pytest.approx([9.75, 0.3, 1.5])


def test_joint_location_channel_moves_joint() -> None:
    w = make(entities=[{"id": "c", "kind": "character", "skeleton": {"joints": [
        {"name": "root", "offset": [0, 0, 1], "location": [0, 0, [[1, 0.0, "linear"], [3, 0.5]]]},
    ]}}])
    assert w.evaluate(2).entities["c"].joints["root"][:3, 3] == pytest.approx([0, 0, 1.25])


def test_attached_to_joint_follows_it() -> None:
    w = make(
        entities=[
            {"id": "arm", "kind": "character", "skeleton": {"joints": [
                {"name": "hand", "offset": [0, 0, 1], "rotation": [0, 0, [[1, 0.0, "linear"],
                                                                          [5, math.pi]]]}]}},
            {"id": "cup", "kind": "prop", "transform": {"location": [0.1, 0, 0]}},
        ],
        relations=[{"type": "attached_to", "subject": "cup", "target": "arm", "joint": "hand"}],
    )
    assert w.evaluate(1).entities["cup"].location == pytest.approx([0.1, 0, 1])
    assert w.evaluate(5).entities["cup"].location == pytest.approx([-0.1, 0, 1])


def test_attached_to_entity_chains() -> None:
    w = make(
        entities=[
            {"id": "car", "kind": "prop", "transform": {"location": [[[1, 0.0, "linear"],
                                                                      [11, 10.0]], 0, 0]}},
            {"id": "box", "kind": "prop", "transform": {"location": [0, 0, 1]}},
        ],
        cameras=[{"id": "cam", "transform": {"location": [0, -1, 0]}}],
        relations=[
            {"type": "attached_to", "subject": "box", "target": "car"},
            {"type": "attached_to", "subject": "cam", "target": "box"},
        ],
    )
    s = w.evaluate(6)
    assert s.entities["box"].location == pytest.approx([5, 0, 1])
    assert s.cameras["cam"].matrix[:3, 3] == pytest.approx([5, -1, 1])


def test_camera_projection_and_intrinsics() -> None:
    # A camera at the origin looking down -Z (Blender rest): a point 10 m ahead and 1 m right
    # lands right of centre by f_px / 10.
    w = make(cameras=[{"id": "c", "focal_length": 50, "sensor_width": 36}])
    cam = w.evaluate(1).cameras["c"]
    k = cam.intrinsics(1000, 500)
    assert k[0, 0] == pytest.approx(50 / 36 * 1000)
    uvd = cam.project(np.array([[1.0, 0.5, -10.0]]), 1000, 500)[0]
    assert uvd[0] == pytest.approx(500 + k[0, 0] / 10)
    assert uvd[1] == pytest.approx(250 - k[0, 0] / 20)  # +Y up in the world is up in the image
    assert uvd[2] == pytest.approx(10.0)


def test_light_state_and_temperature_tint() -> None:
    w = make(lights=[{"id": "k", "type": "spot", "power": [[1, 0.0, "linear"], [5, 100.0]],
                      "temperature": 6500, "color": [1.0, 0.5, 1.0]}])
    s = w.evaluate(3).lights["k"]
    assert s.power == pytest.approx(50.0)
    bb = kelvin_to_rgb(6500)
    assert s.color == pytest.approx((bb[0], 0.5 * bb[1], bb[2]))


PINNED_X_AT_9_3 = 2.6686827492034593  # auto-clamped Bézier from 3.0 at frame 7 to -1.0 at frame 20
DETERMINISM_WORLD = {"entities": [
    {"id": eid, "kind": "prop", "transform": {
        "location": [[[1, 0.0], [7, 2.0 + i], [20, -1.0]], 0.5 * i, 0]}}
    for i, eid in enumerate(["zeta", "a", "mid", "b7", "k"])]}


def test_evaluate_is_deterministic() -> None:
    """Two processes with different string-hash seeds give the same states, in the World's
    order, bit for bit, and the value pinned here (the key-frame curve between frames 7 and 20)."""
    import json

    from two_processes import outputs_in_two_processes

    code = ("import json, sys; from previz.world import World; "
            "s = World.model_validate(json.loads(sys.argv[1])).evaluate(9.3); "
            "print(json.dumps([[k, v.matrix.tobytes().hex()] for k, v in s.entities.items()]))")
    a, b = outputs_in_two_processes(code, json.dumps(DETERMINISM_WORLD))
    assert a == b
    here = make(**DETERMINISM_WORLD).evaluate(9.3).entities
    assert [k for k, _ in json.loads(a)] == ["zeta", "a", "mid", "b7", "k"] == list(here)
    assert json.loads(a)[1][1] == here["a"].matrix.tobytes().hex()
    assert here["a"].matrix[:3, 3] == pytest.approx([PINNED_X_AT_9_3, 0.5, 0.0], abs=1e-12)


def test_a_still_transform_is_composed_once_and_handed_out_fresh() -> None:
    """A transform with nothing keyed gives `compose`'s matrix bit for bit at every frame; each
    caller gets its own array (changing one leaves the next call alone), and -0.0 is not 0.0."""
    from previz.world.evaluate import transform_matrix
    from previz.world.models import Transform
    from previz.world.transforms import compose

    t = Transform(location=(1.0, 2.0, 3.0), rotation=(0.3, -0.2, 1.1), scale=(1.0, 2.0, 0.5))
    want = compose((1.0, 2.0, 3.0), (0.3, -0.2, 1.1), (1.0, 2.0, 0.5)).tobytes()
    first = transform_matrix(t, 1)
    assert first.tobytes() == want
    first[:] = 0.0  # the caller's array
    assert transform_matrix(t, 7).tobytes() == want
    plus = Transform(location=(0.0, 0.0, 0.0))
    minus = Transform(location=(-0.0, 0.0, 0.0))
    assert transform_matrix(plus, 1).tobytes() == compose((0.0, 0, 0), (0, 0, 0)).tobytes()
    assert transform_matrix(minus, 1).tobytes() == compose((-0.0, 0, 0), (0, 0, 0)).tobytes()
    assert transform_matrix(minus, 1).tobytes() != transform_matrix(plus, 1).tobytes()


def _remapped(time_map) -> World:
    """A box sliding 10 m along +X over frames 1..11, a camera dollying 5 m along +Y, and a
    camera attached to the box (riding on it); one shot of frames 1..11."""
    return make(
        entities=[{"id": "box", "kind": "prop",
                   "transform": {"location": [[[1, 0.0, "linear"], [11, 10.0]], 0.0, 0.0]}}],
        cameras=[{"id": "cam", "transform": {"location": [0.0, [[1, 0.0, "linear"], [11, 5.0]],
                                                          2.0]},
                  "focal_length": [[1, 20.0, "linear"], [11, 70.0]]},
                 {"id": "rider", "transform": {"location": [[[1, 0.0, "linear"], [11, 1.0]],
                                                            0.0, 1.0]}}],
        relations=[{"type": "attached_to", "subject": "rider", "target": "box"}],
        shots=[{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 11,
                "time_map": time_map}],
    )


def test_a_shot_time_map_moves_the_action_and_not_the_cameras() -> None:
    """`Shot.time_map` (shot frame → scene frame): entities at the mapped scene frame, camera
    keys (place and lens) at the shot's own frame; a camera riding on an entity follows the
    entity's remapped place plus its own keys at the shot frame. No map: `evaluate`."""
    w = _remapped([[1, 6.0], [11, 6.0]])  # frozen at scene frame 6 (the box at x = 5)
    for f in (1, 4, 11):
        st = w.evaluate_shot("s", f)
        assert st.entities["box"].matrix[0, 3] == pytest.approx(5.0)
        assert st.cameras["cam"].matrix[1, 3] == pytest.approx(0.5 * (f - 1))
        assert st.cameras["cam"].focal_length == pytest.approx(20.0 + 5.0 * (f - 1))
        assert st.cameras["rider"].matrix[0, 3] == pytest.approx(5.0 + 0.1 * (f - 1))
    slow = _remapped([[1, 1.0], [11, 3.0]])  # a fifth of the pace
    assert slow.shot("s").scene_frame(6) == pytest.approx(2.0)
    assert slow.evaluate_shot("s", 6).entities["box"].matrix[0, 3] == pytest.approx(1.0)
    plain = _remapped(None)
    for f in (1, 6):
        a, b = plain.evaluate_shot("s", f), plain.evaluate(f)
        assert np.array_equal(a.entities["box"].matrix, b.entities["box"].matrix)
        assert np.array_equal(a.cameras["cam"].matrix, b.cameras["cam"].matrix)
    # No map: nothing in the canonical form (a World without one keeps its content hash).
    assert "time_map" not in plain.canonical_json()


@pytest.mark.parametrize("bad", [[], [[5, 1.0], [5, 2.0]], [[6, 1.0], [2, 2.0]]])
def test_a_time_map_needs_rising_shot_frames(bad) -> None:
    with pytest.raises(ValueError, match="time_map"):
        _remapped(bad)
