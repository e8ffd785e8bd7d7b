"""Plan → World: ``hold`` puts a thing in the character's hand for the action's interval (the
whole scene when the plan gives no duration), alongside whatever else it does — "a woman
holding an umbrella crosses the street" — through an ``attached_to`` relation to the wrist;
each member of a group holds its own instance; a missing thing is reported."""

import numpy as np

from previz.agents.fidelity import measures as m
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def plan(objects, characters):
    return ScenePlan.model_validate({
        "title": "t", "description": "d",
        "setting": {"type": "outdoor", "name": "street", "size": [20, 20, 5]},
        "objects": objects, "characters": characters})


def gap(world, st, obj, who, frame):
    """Distance from the wrist to the object's box (0 inside it)."""
    p = st.at(frame).entities[who].joints["right_wrist"][:3, 3]
    lo, hi = m.box_bounds(world, st, obj, frame)
    return float(np.linalg.norm(np.maximum(np.maximum(lo - p, p - hi), 0.0)))


def test_holding_an_umbrella_keeps_it_in_the_hand_from_the_first_frame_while_walking():
    r = realize(plan([{"id": "umbrella", "category": "umbrella", "size": [1.0, 1.0, 0.9]}],
                     [{"id": "ann", "category": "person", "actions": [
                         {"verb": "hold", "target": "umbrella"},
                         {"verb": "stand", "start": 0.0, "duration": 1.0},
                         {"verb": "walk", "start": 1.0, "duration": 3.0,
                          "waypoints": [[0.0, -4.0]]}]}]),
                candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    a, b = m.scene_range(w)
    assert ("umbrella", "ann", "right_wrist") in r.timeline.held
    assert any(x.type == "attached_to" and x.subject == "umbrella" and x.target == "ann"
               for x in w.relations)
    assert m.travels(w, st, "ann", list(range(a, b + 1)), 2.5).ok  # the walk still happens
    for f in range(a, b + 1, 4):  # in the hand at every frame, the first one included
        assert gap(w, st, "umbrella", "ann", f) < 1e-6, f
        z = st.at(f).entities["umbrella"].matrix[:3, 2]
        assert z[2] / np.linalg.norm(z) > 0.999  # held upright, not swung with the wrist
    assert not any("hold" in n for n in r.notes)


def test_a_hold_with_a_duration_lets_go_after_it_and_the_thing_stays_where_it_was_left():
    r = realize(plan([{"id": "lantern", "category": "lantern", "size": [0.25, 0.25, 0.35]}],
                     [{"id": "ann", "category": "person", "actions": [
                         {"verb": "hold", "target": "lantern", "start": 0.0, "duration": 1.0},
                         {"verb": "walk", "start": 0.0, "duration": 3.0,
                          "waypoints": [[0.0, -4.0]]}]}]),
                candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    assert gap(w, st, "lantern", "ann", 20) < 1e-6  # held at 0.8 s
    left = st.at(26).entities["lantern"].matrix[:3, 3]
    for f in (40, 60, 72):  # let go at 1 s: it stays there while she walks on
        assert np.allclose(st.at(f).entities["lantern"].matrix[:3, 3], left, atol=1e-3)
        assert gap(w, st, "lantern", "ann", f) > 0.3


def test_each_member_of_a_group_holds_its_own_lantern():
    r = realize(plan([{"id": "lanterns", "category": "lantern", "count": 3,
                       "size": [0.25, 0.25, 0.35]}],
                     [{"id": "monks", "category": "person", "count": 3, "actions": [
                         {"verb": "hold", "target": "lanterns"},
                         {"verb": "walk", "start": 0.0, "duration": 2.0,
                          "waypoints": [[0.0, -3.0]]}]}]),
                candidates=8, time_limit=1.0)
    held = {o: c for o, c, _ in r.timeline.held}
    assert sorted(held) == ["lanterns-1", "lanterns-2", "lanterns-3"]
    assert sorted(held.values()) == ["monks-1", "monks-2", "monks-3"]
    w, st = r.world, m.States(r.world)
    for o, c in held.items():
        assert gap(w, st, o, c, 30) < 1e-6


def test_holding_what_the_set_lacks_is_reported():
    r = realize(plan([], [{"id": "ann", "category": "person", "actions": [
        {"verb": "hold", "target": "ann"}, {"verb": "stand", "duration": 2.0}]}]),
        candidates=8, time_limit=1.0)
    assert any("hold not performed" in n for n in r.notes), r.notes


def test_affine_inverse_is_the_inverse_of_turned_scaled_matrices():
    from previz.agents.motion import affine_inverse
    from previz.world.transforms import compose

    ms = np.array([compose((1, 2, 3), (0.3, -0.2, 1.1), (1.2, 0.9, 1.1)),
                   compose((0, -1, 0.5), (1, 2, 3), (1, 1, 1))])
    assert np.allclose(affine_inverse(ms) @ ms, np.eye(4), atol=1e-12)
    assert np.allclose(affine_inverse(ms), np.linalg.inv(ms), atol=1e-12)
