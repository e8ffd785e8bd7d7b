"""The offline reader gives a step up what it steps onto: "steps up onto the stage" targets the
stage (the motion needs the top to climb; without a target the graduate stepped up onto
nothing and the action was reported not performed)."""

from previz.agents.fidelity import measures as m
from previz.agents.planner.offline import plan_from_text
from previz.agents.realize import realize


def _plan(text: str):  # type: ignore[no-untyped-def]
    p = plan_from_text(text)
    return p[0] if isinstance(p, tuple) else p


def test_steps_up_onto_the_stage_targets_the_stage() -> None:
    p = _plan("A graduate walks across the lawn and steps up onto the stage.")
    acts = {a.verb: a for a in p.group("graduate").actions}
    assert acts["step_up"].target == "stage"


def test_the_graduate_ends_standing_on_the_stage_top() -> None:
    p = _plan("A graduate walks across the lawn and steps up onto the stage.")
    r = realize(p, candidates=8, time_limit=1.0)
    assert not any("step_up not performed" in q for q in r.timeline.problems), \
        r.timeline.problems
    w, st = r.world, m.States(r.world)
    a, b = m.scene_range(w)
    stage = [e.id for e in w.entities if e.id.startswith("stage")]
    res = m.ends_on(w, st, "graduate", list(range(a, b + 1)), stage)
    assert res.ok, res.detail
