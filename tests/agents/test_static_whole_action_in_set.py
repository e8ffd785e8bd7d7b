"""A static wide of someone crossing a long narrow outdoor set ("4-second static wide as the
bike leaves", 30 m down a 14 m street): the built-in whole-action framing backed 30 m out of
the street, beyond the shopfronts, the action a thin line. It is framed from inside the set,
behind the way the subject goes, and every frame of the action is in the picture; said."""

import numpy as np

from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def test_a_static_wide_of_a_long_ride_down_a_narrow_street_stays_in_the_street():
    plan = ScenePlan.model_validate({
        "title": "t", "description": "d",
        "setting": {"type": "outdoor", "name": "city street", "size": [50, 14, 20]},
        "characters": [{"id": "ann", "category": "person", "actions": [
            {"verb": "run", "start": 0.0, "duration": 4.0, "waypoints": [[30.0, 0.0]]}]}],
        "shots": [{"id": "shot_1", "size": "wide", "movement": "static", "subject": "ann",
                   "duration": 4.0}]})
    r = realize(plan, candidates=8, time_limit=1.0)
    w = r.world
    shot = w.shots[0]
    ann = next(e.id for e in w.entities if e.kind == "character")
    first = w.evaluate(shot.frame_start)
    eye = first.cameras[shot.camera].matrix[:3, 3]
    assert -25.0 <= eye[0] <= 25.0 and -7.0 <= eye[1] <= 7.0, eye
    a = first.entities[ann].matrix[:3, 3]
    b = w.evaluate(shot.frame_end).entities[ann].matrix[:3, 3]
    assert np.linalg.norm(b - a) > 20.0
    way = (b - a)[:2] / np.linalg.norm((b - a)[:2])
    assert float((a[:2] - eye[:2]) @ way) > 0.0  # behind the way she goes
    for f in range(shot.frame_start, shot.frame_end + 1, 8):
        st = w.evaluate(f)
        u, v, depth = st.cameras[shot.camera].project(
            st.entities[ann].matrix[:3, 3][None] + [0.0, 0.0, 0.9], *shot.resolution)[0]
        assert depth > 0 and 0 <= u <= shot.resolution[0] and 0 <= v <= shot.resolution[1], f
    assert any("framed from inside the set" in n for n in r.notes)
