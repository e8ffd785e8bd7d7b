"""A truck with someone on the move rides on the side away from the set's middle, so the lens
looks across the subject into the set: three guests walking the south side of a dining table
were tracked from their left, from the table's edge, with the candles, the fireplaces and the
piano behind the camera."""

from __future__ import annotations

import pytest

from previz.agents.adapters import skill_providers
from previz.agents.fidelity import measures as m
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def _truck(y: float):  # type: ignore[no-untyped-def]
    plan = ScenePlan.model_validate({
        "title": "t", "description": "d",
        "setting": {"type": "room", "name": "hall", "size": [20.0, 10.0, 5.0]},
        "objects": [{"id": "table", "category": "table", "size": [2.0, 1.0, 0.75]}],
        "characters": [{"id": "guest", "kind": "character", "category": "person",
                        "actions": [{"verb": "walk", "start": 0.0, "duration": 6.0,
                                     "waypoints": [[-4.0, y], [4.0, y]]}]}],
        "relations": [{"type": "center", "subject": "table"}],
        "shots": [{"id": "s", "size": "wide", "movement": "truck", "subject": "guest",
                   "duration": 6.0}]})
    r = realize(plan, providers=skill_providers(), candidates=8, time_limit=1.0)
    w, st = r.world, m.States(r.world)
    shot = w.shots[0]
    frames = range(shot.frame_start, shot.frame_end + 1, 12)
    cam = [st.at(f).cameras[shot.camera].matrix[:3, 3] for f in frames]
    me = [st.at(f).entities["guest"].matrix[:3, 3] for f in frames]
    return cam, me


@pytest.mark.parametrize("y, side", [(-2.2, -1), (2.2, 1)])
def test_the_truck_rides_on_the_side_away_from_the_middle(y: float, side: int) -> None:
    cam, me = _truck(y)
    # The guest south of the middle (y -2.2): the camera south of the guest, looking north
    # across the guest at the table; north of it (y 2.2): north of the guest.
    rel = [side * float(c[1] - p[1]) for c, p in zip(cam, me, strict=True)]
    assert min(rel) > 0.5, rel
