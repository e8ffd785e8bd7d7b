"""The agents' default motion provider: plan scripts → skills steps → a keyed body."""

from __future__ import annotations

import math

import numpy as np

from previz.agents.motion import SkillsMotion
from previz.skills.skeletons import make_skeleton
from previz.world import Curve, Entity, Transform, World


def test_script_verbs_become_skills_steps():
    prov = SkillsMotion()
    script = [
        {"do": "walk", "start": 0.0, "path": [(0.0, -3.0)], "duration": 3.0},
        {"verb": "point", "start": 3.0, "duration": 1.5, "goal": "door"},
        {"verb": "fight", "start": 5.0, "duration": 4.0, "goal": None},
        {"verb": "talk", "start": 9.0, "duration": 2.0, "goal": None, "style": "tired"},
        {"verb": "look", "start": 11.0, "duration": 1.0, "goal": None},
    ]
    steps, notes = prov.steps("mara", script, 24.0, np.zeros(3), 0.0,
                              {"door": (2.0, -3.0, 1.2)})
    kinds = [s["do"] for s in steps]
    assert kinds[:2] == ["walk", "point"] and steps[1]["target"] == (2.0, -3.0, 1.2)
    punches = [k for k in kinds if k in ("jab", "cross", "hook")]
    assert len(punches) >= 6 and set(punches) == {"jab", "cross", "hook"}
    assert steps[2]["start"] == 5.0 and "start" not in steps[3]
    talk = next(s for s in steps if s.get("start") == 9.0)
    assert talk["do"] == "talk" and talk["style"] == "tired"  # a real talk, not idle
    assert notes == []
    # Looking without a goal: 3 m ahead of where the walk ended, facing along it (−Y).
    look = steps[-1]
    assert look["do"] == "look_at"
    np.testing.assert_allclose(look["target"][:2], (0.0, -6.0), atol=1e-9)


def test_animate_keys_a_humanoid_and_leaves_others_in_the_rest_pose():
    prov = SkillsMotion()
    skel = make_skeleton("humanoid")
    mara = Entity(id="mara", kind="character", skeleton=skel,
                  transform=Transform(location=(1.0, 2.0, 0.0), rotation=(0.0, 0.0, math.pi)))
    script = [{"do": "walk", "start": 0.0, "path": [(1.0, 5.0)], "duration": 3.0},
              {"verb": "wave", "start": 3.5, "duration": 2.0, "goal": None}]
    res = prov.animate(mara, script, 24.0, {})
    assert res is not None
    world = World(entities=[res.entity])
    assert any(isinstance(c, Curve) for j in res.entity.skeleton.joints for c in j.rotation)
    np.testing.assert_allclose(world.evaluate(1).entities["mara"].matrix[:3, 3], (1, 2, 0),
                               atol=1e-3)
    end = world.evaluate(res.end_frame).entities["mara"].matrix[:3, 3]
    np.testing.assert_allclose(end[:2], (1.0, 5.0), atol=1e-2)
    # The wave starts on its beat (3.5 s) or later, never before: the arm is down until then.
    wrist = [world.evaluate(f).entities["mara"].joints["right_wrist"][2, 3]
             for f in range(1, res.end_frame + 1)]
    shoulder = world.evaluate(1).entities["mara"].joints["right_shoulder"][2, 3]
    up = [f for f, z in enumerate(wrist, start=1) if z > shoulder]
    assert up and up[0] >= 1 + round(3.5 * 24)
    # Birds fly their moves now (tests/agents/test_motion_birds_fish.py); a walker standing on
    # a support (a stage 0.8 m high) walks and waves on its top, feet on it.
    bird = Entity(id="tweety", kind="animal", skeleton=make_skeleton("bird"))
    assert prov.animate(bird, script, 24.0, {}).notes == ["tweety: wave played in the rest pose"]
    raised = mara.model_copy(update={"transform": Transform(location=(1.0, 2.0, 0.8))})
    res = prov.animate(raised, script, 24.0, {})
    assert res is not None
    world = World(entities=[res.entity])
    feet = [min(world.evaluate(f).entities["mara"].joints[j][2, 3]
                for j in ("left_ankle", "right_ankle")) for f in range(1, res.end_frame + 1)]
    assert min(feet) > 0.8 and min(feet) < 0.8 + 0.1  # on the stage, not sunk or floating
    end = world.evaluate(res.end_frame).entities["mara"].matrix[:3, 3]
    np.testing.assert_allclose(end, (1.0, 5.0, 0.8), atol=1e-2)


def test_a_dog_gallops_and_sits_with_its_paws_planted():
    from previz.agents.supervisor import check

    prov = SkillsMotion()
    rex = Entity(id="rex", kind="animal", skeleton=make_skeleton("quadruped", 0.6),
                 asset={"size": (0.3, 0.8, 0.6)})
    script = [{"do": "run", "start": 0.0, "path": [(3.0, -2.0)], "duration": 1.5},
              {"verb": "sit", "start": 2.0, "duration": 1.5, "goal": None},
              {"verb": "bark", "start": 4.0, "duration": 1.0, "goal": None}]
    steps, notes = prov.steps("rex", script, 24.0, np.zeros(3), 0.0, {}, animal=True)
    assert [s["do"] for s in steps] == ["gallop", "sit", "bark"]  # a real bark, not idle
    assert notes == []
    res = prov.animate(rex, script, 24.0, {})
    assert res is not None and res.notes == notes
    world = World(entities=[res.entity])
    end = world.evaluate(res.end_frame).entities["rex"].matrix[:3, 3]
    np.testing.assert_allclose(end[:2], (3.0, -2.0), atol=1e-2)
    motion = check(world).metrics["motion"]
    assert motion["entities"] == ["rex"]
    assert motion["foot_skating_cm_per_frame"]["rex"]["mean"] < 0.5
