"""A procession marches to its goal (issue 20: "100 soldiers march in a procession to the flag").

The layout lays a procession out as a column along y wherever it fits and the goal anywhere; a
group moves as a block and stops when its leading member reaches the goal, so 100 soldiers
placed beside their flag marched 0.24 m. The motion turns the column toward the goal, front
row first, and sets it back by the march's pace × time, on a ground made big enough for it."""

from __future__ import annotations

import numpy as np
import pytest

from previz.agents.motion import _column_length, _column_march, room_for_moves
from previz.agents.plan import ScenePlan
from previz.agents.realize import realize


def procession_plan(n: int = 24, size: tuple[float, float] = (20.0, 20.0),
                    duration: float | None = None) -> ScenePlan:
    act = {"verb": "march_on", "start": 0.0, "goal": "flag"}
    if duration is not None:
        act["duration"] = duration
    return ScenePlan.model_validate({
        "title": "t", "description": "d",
        "setting": {"type": "outdoor", "name": "parade ground", "size": [*size, 10.0]},
        "objects": [{"id": "flag", "category": "flag"}],
        "characters": [{"id": "soldier", "category": "person", "count": n,
                        "actions": [act]}],
        "relations": [{"type": "in_formation", "subject": "soldier",
                       "formation": "procession"}],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 8.0}]})


def test_the_ground_holds_the_column_and_its_march_whichever_side_the_goal_leaves():
    p = procession_plan()
    # 24 soldiers two abreast: 12 rows 0.85 m apart (a 0.5 m wide member and the crowd's
    # 0.35 m gap), one member long at the end; the march is 1.3 m/s over the 191 frames' 7.96 s.
    assert _column_length(p.characters[0]) == pytest.approx(11 * 0.85 + 0.5)
    assert _column_march(p, p.characters[0]) == pytest.approx(1.3 * 191 / 24)
    need = 2 ** 0.5 * (11 * 0.85 + 0.5 + 1.3 * 191 / 24) + 6.0  # the half diagonal holds it
    assert room_for_moves(p).setting.size == pytest.approx((need, need, 10.0))
    # Not a procession: no room asked for a column.
    q = p.model_copy(update={"relations": []})
    assert room_for_moves(q).setting.size == (20.0, 20.0, 10.0)


@pytest.mark.parametrize("seed", [0, 7919])
def test_a_procession_marches_its_pace_times_the_shot_toward_its_goal_front_row_first(seed):
    r = realize(procession_plan(), seed, candidates=8, time_limit=1.0)
    w = r.world
    ids = [e.id for e in w.entities if e.id.startswith("soldier")]
    a = np.array([w.evaluate(1).entities[i].matrix[:2, 3] for i in ids])
    b = np.array([w.evaluate(192).entities[i].matrix[:2, 3] for i in ids])
    flag = w.evaluate(1).entities["flag"].matrix[:2, 3]
    moved = b - a
    way = moved[0] / np.linalg.norm(moved[0])
    # Everyone marches the same way and as far: 1.3 m/s over the whole shot.
    assert np.allclose(moved, moved[0], atol=1e-6)
    assert np.linalg.norm(moved[0]) == pytest.approx(1.3 * 191 / 24, abs=0.05)
    # The column lies along the march, its front row (the first member's) ahead...
    along = (a - a.mean(0)) @ way
    across = (a - a.mean(0)) @ np.array([-way[1], way[0]])
    assert np.ptp(along) > 4 * np.ptp(across)
    assert along[0] == pytest.approx(along.max())
    # ... and stops on the goal's near side, the front row by the flag, the rest behind it.
    assert np.linalg.norm(b[0] - flag) < 2.0
    assert all(float((p - flag) @ way) < 0.5 for p in b)
    # Facing the way it marches.
    fwd = -w.evaluate(96).entities[ids[0]].matrix[:2, 1]  # an entity's front is its −Y
    assert float(fwd @ way) > 0.95
    # What the supervisor asks of the move holds.
    assert not [p for p in r.timeline.problems if "march_on" in p]
