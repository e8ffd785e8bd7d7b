"""Plan → World: a bullet-time shot carries its time remap (`Shot.time_map`, from the camera
skill's `bullet_time_map`), so the shot as seen (`World.evaluate_shot`) freezes the walker at
the sync frame while the camera sweeps; any other move leaves the shot unmapped."""

import math

import numpy as np

from previz.agents.plan import ScenePlan
from previz.agents.realize import realize
from previz.skills.camera.movements import bullet_time_map


def plan(movement: str, params: dict) -> ScenePlan:
    return ScenePlan.model_validate({
        "title": "t", "description": "d",
        "setting": {"type": "outdoor", "name": "street", "size": [20, 20, 5]},
        "characters": [{"id": "ann", "category": "person", "actions": [
            {"verb": "walk", "start": 0.0, "duration": 4.0, "waypoints": [[4.0, 0.0]]}]}],
        "shots": [{"id": "shot_1", "size": "full", "movement": movement, "subject": "ann",
                   "duration": 4.0, "params": params}]})


def test_a_bullet_time_shot_freezes_the_walk_while_the_camera_sweeps():
    r = realize(plan("bullet_time", {"degrees": 180.0}), candidates=8, time_limit=1.0)
    w = r.world
    shot = w.shots[0]
    assert shot.time_map == bullet_time_map((shot.frame_start, shot.frame_end))
    sync = (shot.frame_start + shot.frame_end) // 2
    ann = next(e.id for e in w.entities if e.kind == "character")
    seen = [w.evaluate_shot(shot.id, f) for f in range(shot.frame_start, shot.frame_end + 1)]
    still = w.evaluate(sync).entities[ann].matrix
    assert all(np.array_equal(s.entities[ann].matrix, still) for s in seen)
    # The walk itself is there: without the remap Ann covers her 4 m.
    a = w.evaluate(shot.frame_start).entities[ann].matrix[:3, 3]
    b = w.evaluate(shot.frame_end).entities[ann].matrix[:3, 3]
    assert np.linalg.norm(b - a) > 3.0
    eyes = [s.cameras[shot.camera].matrix[:3, 3] - still[:3, 3] for s in seen]
    az = np.unwrap([math.atan2(v[1], v[0]) for v in eyes])
    assert abs(math.degrees(az[-1] - az[0])) > 150.0


def test_an_orbit_leaves_the_shot_in_real_time():
    r = realize(plan("orbit", {"degrees": 180.0}), candidates=8, time_limit=1.0)
    assert r.world.shots[0].time_map is None
