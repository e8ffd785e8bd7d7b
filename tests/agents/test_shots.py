"""Each shot its own prompt and seed; a plan's coverage expanded into shots that alternate and
keep the 180° line."""

from __future__ import annotations

from previz.agents import realize
from previz.agents.plan import ScenePlan
from previz.agents.shots import coverage_shots, shot_prompt, shot_seed
from previz.skills.camera.continuity import crossings
from previz.skills.camera.coverage import expand


def _plan(**extra) -> ScenePlan:
    return ScenePlan.model_validate({
        "title": "Interrogation", "description": "A detective questions a suspect.",
        "setting": {"type": "room", "name": "interrogation room", "size": [6.0, 5.0, 3.0]},
        "objects": [{"id": "table", "category": "table"}],
        "characters": [
            {"id": "detective", "appearance": "a detective in a grey suit",
             "actions": [{"verb": "stand", "duration": 12.0}]},
            {"id": "suspect", "appearance": "a young man in a hoodie",
             "actions": [{"verb": "sit", "duration": 12.0}]}],
        "relations": [{"type": "facing", "subject": "detective", "target": "suspect"}],
        **extra})


def test_shot_seed_is_derived_from_plan_seed_and_shot_id():
    assert shot_seed(0, "shot_1") == shot_seed(0, "shot_1")
    assert len({shot_seed(0, "shot_1"), shot_seed(0, "shot_2"), shot_seed(1, "shot_1")}) == 3
    assert 0 < shot_seed(7, "shot_3") < 2**31


def test_shot_prompt_says_what_the_shot_shows():
    plan = _plan(shots=[{"id": "shot_1", "size": "close_up", "subject": "suspect",
                         "duration": 3.0}], mood="dramatic")
    text = shot_prompt(plan, plan.shots[0], 0.0, ["suspect"], "noir")
    assert text == ("close-up of a young man in a hoodie (sit), in interrogation room; noir "
                    "light.")
    assert "detective" not in text


def test_alternating_over_the_shoulder_expands_to_alternating_shots():
    shots = expand("over_the_shoulder", ["detective", "suspect"], 4)
    assert [s.subject for s in shots] == ["suspect", "detective", "suspect", "detective"]
    assert {s.movement for s in shots} == {"over_the_shoulder"}
    srs = expand("shot_reverse_shot", ["her", "him"], 4)
    assert [(s.size, s.subject) for s in srs] == [("wide", None), ("medium", "her"),
                                                  ("medium", "him"), ("medium", "her")]


def test_coverage_becomes_the_worlds_shots_each_with_its_own_prompt_and_seed():
    plan = _plan(coverage={"pattern": "over_the_shoulder",
                           "subjects": ["detective", "suspect"], "shots": 4})
    assert [s.subject for s in coverage_shots(plan)] == ["suspect", "detective"] * 2
    world = realize(plan, seed=3, candidates=8, time_limit=2.0).world
    assert len(world.shots) == 4
    assert len({s.seed for s in world.shots}) == 4
    assert "young man in a hoodie" in world.shots[0].prompt
    assert "grey suit" in world.shots[1].prompt
    ids = {e.id for e in world.entities}
    a, b = (next(i for i in ids if i.startswith(g)) for g in ("detective", "suspect"))
    assert crossings(world, a, b) == []  # the 180° line kept across the four cuts


def _placed(pid: str, kind: str, size, x: float, y: float, yaw: float = 0.0, **kw):
    from previz.agents.layout import Placement

    return Placement(pid, pid.rsplit("-", 1)[0], pid.rsplit("-", 1)[0], kind, size, x, y, 0.0,
                     yaw, **kw)


def _layout(placements):
    from previz.agents.layout import Layout

    return Layout((-15.0, -12.5, 15.0, 12.5), None, False, placements, [], [])


def test_a_shot_without_subject_frames_the_cast_and_what_stands_by_it_not_the_edge_trees():
    from previz.agents.shots import NEAR_CAST, unnamed_subject

    kids = [_placed("child-1", "character", (0.4, 0.3, 1.2), 0.0, 0.0),
            _placed("child-2", "character", (0.4, 0.3, 1.2), 3.0, 1.0)]
    # The slide 2.5 m from a child (turned 90 deg: its 4 m length lies along x, so its edge is
    # 0.3 m from child-1's); a bench 2.9 m off; a tree 12 m off at the set's edge; a rug (flat).
    slide = _placed("slide-1", "prop", (1.0, 4.0, 2.5), -2.5, 0.0, yaw=1.5707963)
    bench = _placed("bench-1", "prop", (1.5, 0.4, 0.45), 3.0, 1.15 + 0.2 + 2.9)
    tree = _placed("tree-1", "prop", (3.0, 3.0, 6.0), -13.0, 11.0)
    rug = _placed("rug-1", "prop", (2.0, 2.0, 0.01), 0.0, 0.0)
    picture = _placed("picture-1", "prop", (0.8, 0.05, 0.6), 0.0, 0.5, support="wall")
    layout = _layout([tree, slide, *kids, bench, rug, picture])
    assert NEAR_CAST == 3.0
    assert unnamed_subject(layout) == ["slide-1", "child-1", "child-2", "bench-1"]
    # One step further than NEAR_CAST and the bench is left out, as the tree is.
    bench.y += 0.2
    assert unnamed_subject(layout) == ["slide-1", "child-1", "child-2"]
    # A dog is cast too; a scene with no cast at all frames every standing thing.
    assert "dog-1" in unnamed_subject(_layout([tree, _placed("dog-1", "animal", (0.3, 0.8, 0.6),
                                                             10.0, 10.0)]))
    assert unnamed_subject(_layout([tree, slide, bench, rug, picture])) == [
        "tree-1", "slide-1", "bench-1"]


def test_a_shot_without_subject_leaves_out_the_edge_trees_and_keeps_what_the_cast_uses():
    from previz.agents.shots import unnamed_subject

    plan = ScenePlan.model_validate({
        "title": "Playground", "description": "Children play; their mother sits on a bench.",
        "setting": {"type": "outdoor", "name": "playground", "size": [30.0, 25.0, 20.0]},
        "objects": [{"id": "bench", "category": "bench"}, {"id": "trees", "category": "tree"},
                    {"id": "slide", "category": "slide"}],
        "characters": [{"id": "child", "category": "child"},
                       {"id": "mother", "actions": [{"verb": "sit", "target": "bench"}]}],
        "relations": [{"type": "edge", "subject": "trees"},
                      {"type": "near", "subject": "child", "target": "slide"}]})
    child = _placed("child-1", "character", (0.4, 0.3, 1.2), 0.0, 0.0)
    mother = _placed("mother-1", "character", (0.5, 0.3, 1.7), 5.0, 0.0)
    # The bench 9 m from anyone (the mother walks to it later), the slide 8 m off, the edge
    # tree 1 m from the child.
    bench = _placed("bench-1", "prop", (1.5, 0.4, 0.45), 5.0, 9.5)
    slide = _placed("slide-1", "prop", (1.0, 4.0, 2.5), -9.0, 0.0)
    tree = _placed("trees-1", "prop", (3.0, 3.0, 6.0), 0.0, -2.8)
    layout = _layout([tree, slide, bench, child, mother])
    assert unnamed_subject(layout, plan) == ["slide-1", "bench-1", "child-1", "mother-1"]
    # Without the plan only distance counts: the tree near the child is in, the rest out.
    assert unnamed_subject(layout) == ["trees-1", "child-1", "mother-1"]


def test_the_world_of_a_subjectless_shot_faces_the_cast_not_the_edge_trees():
    plan = ScenePlan.model_validate({
        "title": "Park", "description": "A man reads on a bench; trees line the park.",
        "setting": {"type": "outdoor", "name": "park", "size": [30.0, 24.0, 20.0]},
        "objects": [{"id": "bench", "category": "bench"},
                    {"id": "trees", "category": "tree", "count": 3}],
        "characters": [{"id": "man", "actions": [{"verb": "sit", "target": "bench",
                                                  "duration": 6.0}]}],
        "relations": [{"type": "edge", "subject": "trees"}],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 4.0}]})
    world = realize(plan, seed=0, candidates=8, time_limit=2.0).world
    framed = sorted(r.target for r in world.relations
                    if r.type == "facing" and r.subject == "cam-shot-1")
    assert framed == ["bench", "man"]
