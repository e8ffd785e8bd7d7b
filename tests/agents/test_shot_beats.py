"""Several beats in one shot: "pulls back to a wide, then dollies in on the leader"."""

from __future__ import annotations

import numpy as np
import pytest

from previz.agents.plan import ScenePlan
from previz.agents.realize import realize

BEATS = [{"movement": "dolly_out", "share": 0.5, "end_size": "wide"},
         {"movement": "dolly_in", "share": 0.5, "end_size": "close_up", "subject": "leader"}]


def _plan(beats: list[dict]) -> dict:
    return {"setting": {"type": "outdoor", "name": "field", "size": [40, 40, 10]},
            "characters": [{"id": "leader"}, {"id": "soldiers", "count": 4}],
            "relations": [{"type": "behind", "subject": "soldiers", "target": "leader"}],
            "shots": [{"id": "shot_1", "size": "medium", "movement": "dolly_out",
                       "subject": "leader", "duration": 4, "beats": beats}]}


def test_pull_back_then_dolly_in_on_the_leader() -> None:
    real = realize(ScenePlan.model_validate(_plan(BEATS)), seed=0)
    w = real.world
    shot = w.shots[0]
    frames = list(range(shot.frame_start, shot.frame_end + 1))
    assert len(frames) == 96
    head = w.evaluate(1).entities["leader"].matrix[:3, 3] + np.array([0.0, 0.0, 1.4])
    eyes = np.array([w.evaluate(f).cameras[shot.camera].matrix[:3, 3] for f in frames])
    d = np.linalg.norm(eyes - head, axis=1)
    peak = int(np.argmax(d))
    # The pull back fills the first beat and the push in the second: distance grows, then
    # shrinks, turning round near the cut between beats (frame 49).
    assert 40 <= peak <= 58, peak
    assert d[peak] > d[0] + 4.0 and d[peak] > d[-1] + 6.0, (d[0], d[peak], d[-1])
    assert np.all(np.diff(d[:40]) > -1e-6) and np.all(np.diff(d[60:]) < 1e-6)
    # One shot, one continuous camera: no jump between beats.
    assert float(np.linalg.norm(np.diff(eyes, axis=0), axis=1).max()) < 0.5


def test_beats_are_checked_when_the_plan_is() -> None:
    bad = [{**BEATS[0], "share": 0.7}, BEATS[1]]
    with pytest.raises(ValueError, match=r"shots\[0\]\.beats: the shares sum to 1\.2"):
        ScenePlan.model_validate(_plan(bad))
    bad = [{**BEATS[0], "params": {"sweep": 2.0}}, BEATS[1]]
    with pytest.raises(ValueError, match=r"shots\[0\]\.beats\[0\]\.params\.sweep"):
        ScenePlan.model_validate(_plan(bad))
    bad = [BEATS[0], {**BEATS[1], "subject": "nobody"}]
    with pytest.raises(ValueError, match=r"shots\[0\]\.beats\[1\]\.subject"):
        ScenePlan.model_validate(_plan(bad))
    with pytest.raises(ValueError, match="movement"):
        ScenePlan.model_validate(_plan([{**BEATS[0], "movement": "somersault"}, BEATS[1]]))
