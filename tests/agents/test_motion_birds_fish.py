"""Planned birds fly (take off, cruise at a height, land when told) and fish swim along their
planned path: offline plan → realize → the World's keyed bodies."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.agents.motion import FLIGHT_ALTITUDE, TAKE_OFF, SkillsMotion
from previz.agents.planner.offline import plan_from_text
from previz.agents.realize import realize
from previz.skills.skeletons import make_skeleton
from previz.world import Curve, Entity, World


def _realized(text: str, template: str):
    real = realize(plan_from_text(text), 0)
    ent = next(e for e in real.world.entities
               if e.skeleton is not None and e.skeleton.template == template)
    return real, ent


def _keyed(ent: Entity) -> set[str]:
    return {j.name for j in ent.skeleton.joints if any(isinstance(c, Curve) for c in j.rotation)}


def _roots(world: World, eid: str, end: int) -> np.ndarray:
    return np.array([world.evaluate(f).entities[eid].matrix[:3, 3] for f in range(1, end + 1)])


def _distance_to_polyline(p: np.ndarray, pts: np.ndarray) -> np.ndarray:
    a, b = pts[:-1], pts[1:]
    ab = b - a
    t = np.clip(((p[:, None] - a) * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-12), 0, 1)
    near = a + t[..., None] * ab
    return np.linalg.norm(p[:, None] - near, axis=-1).min(axis=1)


def test_the_offline_planner_knows_flying_landing_and_swimming():
    # It flies over the park (no object to fly to), then lands by the fountain.
    bird = plan_from_text("A pigeon flies over the park and lands by the fountain.").characters
    assert [(c.category, [(a.verb, a.goal) for a in c.actions]) for c in bird] == [
        ("bird", [("fly", None), ("land", "fountain")])]
    fish = plan_from_text("A fish swims across the pond.")
    assert [(c.category, [a.verb for a in c.actions]) for c in fish.characters] == [
        ("fish", ["swim"])]
    assert [o.category for o in fish.objects] == ["pond"]


def test_a_pigeon_flies_to_the_fountain_at_a_height():
    real, bird = _realized("A pigeon flies over the park to the fountain.", "bird")
    assert {"left_wing1", "right_wing1", "left_wing2"} <= _keyed(bird)
    assert not any("bird" in n for n in real.notes)  # not played in the rest pose
    end = real.timeline.end_frame
    z = _roots(real.world, bird.id, end)
    script = real.timeline.scripts[bird.id]
    flying = slice(round(TAKE_OFF * real.world.fps) + 1, end)
    assert z[flying, 2].min() > FLIGHT_ALTITUDE - 0.2  # up in the air once it has climbed
    assert z[0, 2] == pytest.approx(0.0, abs=1e-3)  # it takes off from where it stood
    np.testing.assert_allclose(z[-1, :2], script[-1]["path"][-1], atol=0.05)
    # The wings beat: the wing tip goes well above and below the chest.
    states = [real.world.evaluate(f).entities[bird.id] for f in range(flying.start, end)]
    tip = [s.joints["left_wingtip"][2, 3] - s.joints["chest"][2, 3] for s in states]
    assert max(tip) > 0.1 and min(tip) < -0.1


def test_a_pigeon_lands_when_the_plan_says_so():
    real, bird = _realized("A pigeon flies over the park and lands by the fountain.", "bird")
    end = real.timeline.end_frame
    z = _roots(real.world, bird.id, end)
    land = real.timeline.scripts[bird.id][-1]
    assert land["do"] == "land"
    assert z[:, 2].max() > FLIGHT_ALTITUDE - 0.2
    # It comes down a glide slope (not straight down) and stands where the plan said.
    high = int(np.argmax(z[:, 2] > FLIGHT_ALTITUDE - 0.2)) + int(np.sum(
        z[:, 2] > FLIGHT_ALTITUDE - 0.2)) - 1
    assert math.dist(z[high, :2], land["path"][-1]) > 0.5 * FLIGHT_ALTITUDE
    np.testing.assert_allclose(z[-1], (*land["path"][-1], 0.0), atol=0.02)
    state = real.world.evaluate(end).entities[bird.id]
    for toe in ("left_toe", "right_toe"):
        assert state.joints[toe][2, 3] < 0.05


def test_a_fish_swims_along_its_planned_path():
    real, fish = _realized("A fish swims across the pond.", "fish")
    assert {"spine1", "spine2", "tail"} <= _keyed(fish)
    end = real.timeline.end_frame
    root = _roots(real.world, fish.id, end)
    script = real.timeline.scripts[fish.id]
    assert [s["do"] for s in script] == ["swim"]
    path = np.vstack([root[0, :2], np.asarray(script[0]["path"], float)])
    assert _distance_to_polyline(root[:, :2], path).max() < 0.05
    np.testing.assert_allclose(root[-1, :2], path[-1], atol=0.05)
    assert np.ptp(root[:, 2]) < 1e-6  # at its own depth throughout
    # The body wave travels: the tail swings both ways.
    tail = [real.world.evaluate(f).entities[fish.id].joints["tail"][:3, 0] for f in
            range(1, end, 3)]
    assert np.ptp(np.arctan2([t[1] for t in tail], [t[0] for t in tail])) > 0.1


def test_gestures_hold_the_pose_and_walkers_told_to_fly_walk():
    prov = SkillsMotion()
    bird = Entity(id="tweety", kind="animal", skeleton=make_skeleton("bird"))
    script = [{"do": "fly", "start": 0.0, "path": [(6.0, 0.0)], "duration": 2.0},
              {"verb": "wave", "start": 3.0, "duration": 1.0, "goal": None}]
    res = prov.animate(bird, script, 24.0, {})
    assert res is not None and res.notes == ["tweety: wave played in the rest pose"]
    world = World(entities=[res.entity])
    # Held in the air from the end of the flight until the gesture starts (frame 73) and on.
    z = [world.evaluate(f).entities["tweety"].matrix[2, 3] for f in range(60, res.end_frame)]
    assert min(z) > FLIGHT_ALTITUDE - 0.2 and res.end_frame >= 1 + 4 * 24 - 6
    steps, notes = prov.steps("mara", [script[0]], 24.0, np.zeros(3), 0.0, {})
    assert steps[0]["do"] == "walk" and notes == ["mara: fly played as walk"]


def test_a_bird_in_flight_is_not_reported_as_floating():
    from previz.agents.supervisor import check

    real, bird = _realized("A pigeon flies over the park to the fountain.", "bird")
    report = check(real.world)
    floating = [p for p in report.problems if p.kind in ("floating", "unsupported")]
    assert not any(bird.id in p.entities for p in floating), floating
