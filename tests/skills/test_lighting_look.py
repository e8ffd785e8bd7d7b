"""A plan's lighting executed and measured with the scorer's own measures (`key_light`,
`compass`, `kelvin_of`): the key from the named side at the named temperature, lamps that are
lights, a low sun from the east at dawn, night, haze, and power that grows with the set."""

from __future__ import annotations

import numpy as np
import pytest

from previz.agents import realize
from previz.agents.fidelity import measures as m
from previz.agents.plan import ScenePlan
from previz.world import World


def _plan(lighting: dict | None, room: bool = True, size=(6.0, 5.0, 3.0), mood="neutral"):
    return ScenePlan.model_validate({
        "title": "t", "setting": {"type": "room" if room else "outdoor", "name": "study",
                                  "size": list(size)},
        "objects": [{"id": "lamp", "category": "lamp"}, {"id": "desk", "category": "desk"}],
        "characters": [{"id": "anna"}],
        "shots": [{"id": "shot_1", "size": "medium", "subject": "anna", "duration": 1.0}],
        "mood": mood, **({"lighting": lighting} if lighting else {})})


def _world(plan: ScenePlan) -> World:
    return realize(plan, seed=1, candidates=8, time_limit=2.0).world


def _key(world: World):
    states = m.States(world)
    subj = m.shot_subjects(world, world.shots[0].id)
    lo, hi = m.box_bounds(world, states, subj[0], 1)
    point = (lo + hi) / 2
    key, share = m.key_light(world, states, point, 1)
    cam = states.at(1).cameras[world.shots[0].camera]
    words = m.compass(m.direction_to_light(key, point), -cam.matrix[:3, 2])
    return key, share, words


@pytest.mark.parametrize("direction", ["west", "north", "east", "south", "above"])
def test_key_comes_from_the_named_direction(direction):
    world = _world(_plan({"key_direction": direction}))
    key, _, words = _key(world)
    assert direction in words, (key.id, words)


def test_key_temperature_is_the_plans():
    world = _world(_plan({"key_direction": "west", "temperature_k": 3200.0}))
    key, _, _ = _key(world)
    assert m.kelvin_of(world, key.id, key.color, 1) == pytest.approx(3200.0)


def test_practicals_are_lights_attached_to_their_objects():
    world = _world(_plan({"practicals": ["lamp"], "look": "interior_practical"}))
    lamp = next(li for li in world.lights if li.id.startswith("practical-"))
    rel = next(r for r in world.relations if r.subject == lamp.id)
    assert rel.type == "attached_to" and rel.target.startswith("lamp")
    st = world.evaluate(1.0)
    lamp_top = st.entities[rel.target].matrix[:3, 3][2] + world.entity(rel.target).asset.size[2]
    assert abs(st.lights[lamp.id].matrix[2, 3] - lamp_top) < 0.1


def test_candlelight_practicals_burn_at_the_plans_temperature():
    """Eight candles the only light at 1900 K: the flames are the key the text names, so the
    measured key (a candle) is at 1900 K, not a household bulb's 2700 K; a plain lamp in a
    daylight look stays a 2700 K bulb."""
    world = _world(_plan({"practicals": ["lamp"], "look": "candle", "temperature_k": 1900.0}))
    flame = next(li for li in world.lights if li.id.startswith("practical-"))
    assert m.kelvin_of(world, flame.id, flame.color, 1) == pytest.approx(1900.0)
    world = _world(_plan({"practicals": ["lamp"], "look": "candle"}))
    flame = next(li for li in world.lights if li.id.startswith("practical-"))
    assert m.kelvin_of(world, flame.id, flame.color, 1) == pytest.approx(1850.0)
    world = _world(_plan({"practicals": ["lamp"], "look": "overcast", "temperature_k": 6500.0}))
    bulb = next(li for li in world.lights if li.id.startswith("practical-"))
    assert m.kelvin_of(world, bulb.id, bulb.color, 1) == pytest.approx(2700.0)


def test_low_sun_from_the_east_at_dawn():
    world = _world(_plan({"key_direction": "east", "time_of_day": "dawn"}, room=False,
                         size=(40.0, 40.0, 10.0)))
    key, _, words = _key(world)
    assert key.type == "sun" and "east" in words
    sun_up = world.evaluate(1.0).lights[key.id].matrix[:3, 2]
    assert np.degrees(np.arcsin(sun_up[2])) < 15.0  # low


def test_night_is_dark_and_fog_is_kept():
    world = _world(_plan({"time_of_day": "night", "fog": 0.6}, room=False,
                         size=(30.0, 30.0, 10.0)))
    assert any(li.id.startswith("moonlight") for li in world.lights)
    assert world.environment is not None and world.environment.fog == pytest.approx(0.6)
    assert world.environment.strength < 0.1


def test_a_big_set_gets_light_power_for_its_size():
    small = _world(_plan(None, size=(6.0, 5.0, 3.0), mood="bright"))
    big = _world(_plan(None, size=(25.0, 25.0, 6.0), mood="bright"))
    assert not any(li.id == "set-wash" for li in small.lights)
    wash = next(li for li in big.lights if li.id == "set-wash")
    # A quarter of the key's 6 W/m² on the floor from 5.8 m up, from a 12.5 m square (half
    # the set): 0.25 × 6 × (π × 5.8² + 12.5²) W.
    assert wash.size == pytest.approx(12.5)
    assert wash.power == pytest.approx(0.25 * 6.0 * (np.pi * 5.8**2 + 12.5**2), rel=1e-6)


def test_a_big_sets_wash_has_the_plans_colour_temperature():
    """A 25 m tungsten-lit hall: the wash that lights the set is at the plan's 3200 K (the
    look's colour), not daylight; with no temperature it takes the key's."""
    warm = _world(_plan({"temperature_k": 3200.0}, size=(25.0, 25.0, 6.0), mood="bright"))
    wash = next(li for li in warm.lights if li.id == "set-wash")
    assert m.kelvin_of(warm, wash.id, wash.color, 1) == pytest.approx(3200.0)
    plain = _world(_plan({"look": "interior_practical"}, size=(25.0, 25.0, 6.0)))
    wash = next(li for li in plain.lights if li.id == "set-wash")
    key = next(li for li in plain.lights if li.id.endswith("-key"))
    assert wash.temperature == pytest.approx(key.temperature) == pytest.approx(2700.0)


def test_outdoors_by_day_the_key_is_a_sun_from_above():
    world = _world(_plan({"key_direction": "above", "time_of_day": "noon"}, room=False,
                         size=(40.0, 24.0, 10.0)))
    key, _, words = _key(world)
    assert key.type == "sun" and "above" in words
    assert key.power == pytest.approx(6.0)  # high key's 6 W/m² on the subject


def test_harsh_overhead_keeps_the_rest_dark_in_a_big_room():
    world = _world(_plan({"look": "harsh_overhead", "key_direction": "above"},
                         size=(20.0, 15.0, 6.0)))
    _, share, words = _key(world)
    assert "above" in words and share >= 0.7
    assert not any(li.id == "set-wash" for li in world.lights)


@pytest.mark.parametrize("look", ["low_key", "noir", "moonlight", "neon", "harsh_overhead",
                                  "candle", "under_light_horror", "interior_practical"])
def test_a_dark_look_is_mostly_its_key_even_with_a_lamp_beside_the_subject(look):
    """The scorer's low key: the key gives >= 70 % of the light on the subject. A rim or a
    neon edge outlines, a bulb by the head is dimmed (and says so): the key stays the key,
    and the lamp is still a light in the set."""
    from previz.skills.lighting.look import KEYED_LOOKS
    from previz.skills.lighting.presets import DARK_REST, PRESETS

    assert look in KEYED_LOOKS
    rest = sum(r.ratio for r in PRESETS[look].roles if r.role != "key")
    assert rest <= DARK_REST + 1e-9
    plan = _plan({"look": look, "practicals": ["lamp"]}).model_dump(mode="json")
    plan["relations"] = [{"type": "next_to", "subject": "lamp", "target": "anna"}]
    world = _world(ScenePlan.model_validate(plan))
    key, share, _ = _key(world)
    assert not key.id.startswith("practical-") and share >= 0.7, (key.id, share)
    lamp = next(li for li in world.lights if li.id.startswith("practical-"))
    st = world.evaluate(1.0)
    near = np.linalg.norm(st.lights[lamp.id].matrix[:3, 3] - st.entities["anna"].matrix[:3, 3])
    assert near < 2.5  # beside her: without the dimming it would outshine the key
    assert lamp.power < 40.0 and "dimmed" in (lamp.name or "")


def test_a_lantern_is_lit_at_night_without_being_listed():
    """A stone lantern (a class the library may not know) at night is a light by nature: it
    gets a practical attached to it, named so; by day it is not lit, and a desk never is."""
    plan = _plan({"time_of_day": "night"}).model_dump(mode="json")
    plan["objects"].append({"id": "lantern", "category": "stone_lantern", "size": [0.4, 0.4, 1.0]})
    world = _world(ScenePlan.model_validate(plan))
    lit = {r.target for r in world.relations if r.type == "attached_to"
           and r.subject.startswith("practical-")}
    assert any(t.startswith("lantern") for t in lit), lit
    assert any(t.startswith("lamp") for t in lit) and not any(t.startswith("desk") for t in lit)
    names = [li.name for li in world.lights if li.id.startswith("practical-lantern")]
    assert names and all("light by nature" in (n or "") for n in names)
    assert m.practical_lights(world, m.States(world), 1,
                              m.matching(world, [*m.PRACTICAL_CLASSES, "stone_lantern"])) >= 2
    day = _world(ScenePlan.model_validate({**plan, "lighting": {"time_of_day": "noon"}}))
    assert not any(li.id.startswith("practical-") for li in day.lights)
