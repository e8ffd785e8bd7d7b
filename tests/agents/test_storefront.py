"""The storefront set (issue 20, the café seen from the street through its front window): its
geometry (a frame of mullions around panes of glass that occlude nothing, the pavement and the
road outside), the expert plan that uses it, the offline reader that picks it, and a camera in
the street that sees someone inside through the glass."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from previz.agents.plan import ScenePlan
from previz.agents.planner.coverage import unread
from previz.agents.planner.offline import plan_from_text
from previz.agents.setting import has_interior, set_entities
from previz.agents.supervisor.framing import supervisor_visibility
from previz.skills.geometry import SceneBoxes, sight_blocked
from previz.skills.setparts import build_set
from previz.world import InputError, World
from previz.world.proxy import SEE_THROUGH, proxy_boxes
from previz.world.transforms import look_at_euler

ROOT = Path(__file__).resolve().parents[2]
PROMPT_ID = "time_weather_cafe_window_dusk"


def _prompt_text() -> str:
    data = json.loads((ROOT / "benchmarks/fidelity/prompts.json").read_text())
    prompts = data["prompts"] if isinstance(data, dict) else data
    return next(p["text"] for p in prompts if p["id"] == PROMPT_ID)


def test_the_shop_front_is_a_frame_around_glass_with_the_street_outside():
    built = build_set("storefront", {"width": 10.0, "depth": 7.0, "height": 3.2})
    assert not built.indoor  # outdoors: the sky shows
    assert built.stage == ("shop-floor",)
    front = -3.5  # the shop's inside face on the street side (depth 7)
    frame, panes = built.of_class("window"), built.of_class("window_glass")
    # A sill, a head, 4 mullions and a transom per bay (5 bays of at most 1.6 m over 7.8 m).
    assert len(frame) == 2 + 4 + 5
    assert len(panes) == 10
    for p in frame + panes:
        assert front - 0.2 <= p.lo[1] and p.hi[1] <= front  # in the front wall's thickness
    sill = next(p for p in frame if p.name == "window-sill")
    head = next(p for p in frame if p.name == "window-head")
    assert sill.lo[2] == pytest.approx(0.45) and head.hi[2] == pytest.approx(2.8)
    glazed = sum((p.hi[0] - p.lo[0]) * (p.hi[2] - p.lo[2]) for p in panes)
    assert glazed > 0.8 * (sill.hi[0] - sill.lo[0]) * (head.lo[2] - sill.hi[2])
    # Outside, south of the front: the pavement against it, then the road.
    walk, road = built.of_class("sidewalk")[0], built.of_class("road")[0]
    assert walk.hi[1] == pytest.approx(front - 0.2) and walk.role == "surface"
    assert road.hi[1] == pytest.approx(walk.lo[1])
    assert road.hi[1] - road.lo[1] == pytest.approx(7.0)
    # Inside: a floor, walls on the three other sides, a ceiling.
    assert built.of_class("ceiling")[0].lo[2] == pytest.approx(3.1)
    assert len(built.of_class("interior_wall")) == 3
    assert has_interior("storefront") and not has_interior("street") and \
        not has_interior("cafe")


def test_the_street_side_turns_the_whole_set():
    east = build_set("storefront", {"street": "east"})
    road = east.of_class("road")[0]
    assert road.lo[0] > 3.5  # the road runs along the east side, north to south
    assert road.hi[1] - road.lo[1] > road.hi[0] - road.lo[0]
    assert all(p.lo[0] >= 3.5 for p in east.of_class("window"))
    with pytest.raises(InputError, match=r"setting\.params\.street"):
        build_set("storefront", {"street": "up"})
    with pytest.raises(InputError, match=r"setting\.params\.width"):
        build_set("storefront", {"width": 500.0})


def test_a_pane_has_no_proxy_box_and_the_frame_has_one():
    ents = {e.id: e for e in set_entities(build_set("storefront"))}
    assert ents["set_pane-1-low"].semantic_class in SEE_THROUGH
    assert proxy_boxes(ents["set_pane-1-low"]) == []
    assert len(proxy_boxes(ents["set_mullion-1"])) == 1


EYE = np.array([-2.2, -9.0, 1.4])  # on the far pavement, across the road


def _street_scene(glass: str = "window_glass") -> World:
    """The storefront's parts, someone standing 2 m inside the window and a camera across the
    street looking at them through a pane (``glass``: the panes' class)."""
    ents = [e.model_dump(mode="json") for e in set_entities(build_set("storefront"))]
    for e in ents:
        if e["semantic_class"] == "window_glass":
            e["semantic_class"] = glass
    euler = look_at_euler(EYE, np.array([-2.2, -1.5, 1.0]))
    return World.model_validate({
        "entities": [*ents, {"id": "hero", "kind": "character",
                             "asset": {"size": [0.5, 0.3, 1.75]},
                             "transform": {"location": [-2.2, -1.5, 0.0]}}],
        "cameras": [{"id": "cam", "transform": {"location": EYE.tolist(),
                                                "rotation": [float(a) for a in euler]}}],
        "shots": [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 1}],
    })


@pytest.mark.parametrize(("glass", "seen"), [("window_glass", True), ("window", False)])
def test_a_camera_in_the_street_sees_someone_inside_through_the_glass(glass, seen):
    world = _street_scene(glass)
    points = np.array([[-2.2, -1.5, 1.0], [-2.2, -1.5, 1.5]])
    blocked = sight_blocked(SceneBoxes(world, exclude=["hero"]).at(1), EYE, points)
    assert (not blocked.any()) == seen
    vis = supervisor_visibility(world, ["s"])
    assert ("hero" in vis.visible_ids("s", ["hero"])) == seen


def test_the_expert_plan_says_the_shot_with_the_set():
    data = json.loads((ROOT / f"benchmarks/fidelity/plans/{PROMPT_ID}.json").read_text())
    assert data["cannot_say"] == []
    plan = ScenePlan.model_validate(data["plan"])
    assert plan.setting.set == "storefront" and plan.setting.type == "outdoor"
    assert plan.shots[0].movement == "dolly_in" and plan.shots[0].subject == "couple"


def test_the_reader_picks_the_storefront_for_a_shop_seen_from_the_street():
    text = _prompt_text()
    plan = plan_from_text(text)
    assert plan.setting.set == "storefront" and plan.setting.type == "outdoor"
    # The window and its glass are the set's, not a window prop and a drinking glass.
    assert not {"window", "glass", "cup"} & {o.category for o in plan.objects}
    # "inside" and "outside" both describe a shop seen from the street.
    assert not [u for u in unread(text, plan) if u.why == "setting"]
    for other in ("A café at dusk: a waitress carries a tray between four tables.",
                  "A man walks down the street and looks through a window."):
        assert plan_from_text(other).setting.set != "storefront", other
    for words in ("We watch through the bakery's window from across the street: a baker "
                  "kneads dough.", "A florist's storefront: a woman arranges flowers."):
        assert plan_from_text(words).setting.set == "storefront", words


@pytest.mark.parametrize("distance", [1.0, 8.0])
def test_a_shot_of_someone_inside_is_filmed_from_the_street_outside_the_glass(distance):
    """The framing of a wide of someone 1.2 m inside the shop stands inside the shop (4.5 m
    from them): it is stepped back out onto the street; an 8 m push in would go through the
    glass: it stops 0.3 m short of it."""
    from previz.agents.realize import realize
    from previz.world.tracks import sample3

    plan = ScenePlan.model_validate({
        "title": "Shop", "setting": {"type": "outdoor", "set": "storefront"},
        "objects": [{"id": "table", "category": "table"}],
        "characters": [{"id": "reader", "category": "person"}],
        "relations": [{"type": "near", "subject": "reader", "target": "table"}],
        "shots": [{"id": "shot_1", "size": "wide", "movement": "dolly_in", "subject": "reader",
                   "duration": 3.0, "params": {"distance": distance}}]})
    done = realize(plan, seed=0)
    cam = done.world.cameras[0]
    glass = -3.6  # the panes' plane (the front wall's middle)
    eyes = np.array([sample3(cam.transform.location, f) for f in range(1, 73)])
    assert eyes[:, 1].max() <= glass - 0.3 + 1e-3  # in the street all the shot
    assert any("seen from outside through the window" in n for n in done.notes)
    assert any("onto the street outside its window glass" in n or "short of the window glass"
               in n for n in done.notes)
    vis = supervisor_visibility(done.world)
    assert vis.visible_ids(None, ["reader"]) == {"reader"}


def test_the_offline_cafe_is_filmed_from_the_street_even_where_the_framing_stood_inside():
    """The reader's café: the waitress walks up to the window, and the dolly's own framing of
    her stands among the tables: the camera is moved out through the window onto the street,
    looking in at her (it was filmed from inside)."""
    from previz.agents.realize import realize
    from previz.world.tracks import sample3

    done = realize(plan_from_text(_prompt_text()), seed=0)
    cam = done.world.cameras[0]
    eyes = np.array([sample3(cam.transform.location, f) for f in range(1, 169)])
    assert eyes[:, 1].max() <= -3.6 - 0.3 + 1e-3
    assert eyes[0, 1] < eyes[-1, 1]  # still pushing in
    assert any("the framing stood in the shop" in n or "out of the shop, onto the street" in n
               for n in done.notes), done.notes
    vis = supervisor_visibility(done.world)
    assert "waitress" in vis.visible_ids(None, ["waitress"])
