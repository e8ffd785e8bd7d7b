"""The offline reader puts what the text says is *in* an open structure (a pavilion, a gazebo)
on its raised floor, so the layout seats the player there and no proxy box hides him
(issue 20: the qin scholar was in no shot)."""

from __future__ import annotations

from previz.agents.layout import solve_layout
from previz.agents.planner import plan_from_text
from previz.agents.planner.lexicon import OPEN_FLOOR

QIN = (
    "An old scholar in grey robes sits cross-legged on a mat in a wooden garden pavilion "
    "and plays a guqin laid on a low table; bamboo grows around the pavilion beside a lotus "
    "pond. A slow crane up from 1 metre to a 6-metre high view of the pavilion and pond, "
    "9 seconds."
)


def _on(plan) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(r.subject, r.target) for r in plan.relations if r.type == "on"}


def test_a_mat_in_a_pavilion_puts_the_sitter_and_his_table_on_its_floor() -> None:
    plan = plan_from_text(QIN)
    pavilion = next(o for o in plan.objects if o.category == "pavilion")
    assert pavilion.size is not None and pavilion.size[2] == OPEN_FLOOR
    on = _on(plan)
    assert ("rug", pavilion.id) in on  # the mat
    assert ("scholar", pavilion.id) in on  # who sits on the mat
    assert ("table", pavilion.id) in on and ("qin", "table") in on  # what he plays, by him
    lay = solve_layout(plan, seed=0)
    floor = lay.group(pavilion.id)[0]
    scholar = lay.group("scholar")[0]
    assert scholar.z == floor.top == OPEN_FLOOR
    assert abs(scholar.x - floor.x) <= 3.0 and abs(scholar.y - floor.y) <= 3.0


def test_a_pavilion_nothing_is_in_keeps_its_height() -> None:
    """Only what is *in* it makes a floor of it: one that stands on a hill, or that people
    stop under, stays a structure seen from afar."""
    for text in (
        "A white pavilion stands on a lawn.",
        "Two travellers climb the path up to the pavilion, then stop under it.",
    ):
        plan = plan_from_text(text)
        pavilion = next(o for o in plan.objects if o.category == "pavilion")
        assert pavilion.size == (6.0, 6.0, 4.5)
        assert not any(t == pavilion.id for _, t in _on(plan))


def test_a_man_in_a_red_coat_is_no_structure() -> None:
    """'in' before a thing that is no open structure adds nothing."""
    plan = plan_from_text("A man in a red coat sits on a bench by the pond.")
    assert not any(r.type == "on" and r.subject == "man" for r in plan.relations)


def test_a_fisherman_on_a_jetty_stands_on_it_but_a_sitter_on_a_sofa_is_a_pose() -> None:
    plan = plan_from_text("A lone fisherman on a wooden jetty casts his line.")
    jetty = next(o for o in plan.objects if o.category == "jetty")
    assert ("fisherman", jetty.id) in _on(plan)
    lay = solve_layout(plan, seed=0)
    assert lay.group("fisherman")[0].z == lay.group(jetty.id)[0].top
    plan = plan_from_text("Mara sits on the sofa.")
    assert not _on(plan)
