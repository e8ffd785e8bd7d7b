"""Lighting presets placed in a World: ratios, colour, placement, keyed changes, moods."""

import itertools
import math

import numpy as np
import pytest

from previz.skills.lighting import (
    PRESETS,
    irradiance_from,
    lights_for,
    parse_mood,
    preset,
    sunset,
    transition,
)
from previz.skills.lighting.place import FACE
from previz.world import InputError, World
from previz.world.color import kelvin_to_rgb

ISSUE_PRESETS = {"three_point", "high_key", "low_key", "noir", "golden_hour", "blue_hour",
                 "moonlight", "overcast", "interior_practical", "neon", "candle", "silhouette",
                 "under_light_horror"}


def scene(camera=(1.0, -4.0, 1.5)):
    return World.model_validate({
        "entities": [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
                      "transform": {"location": [0.3, 0.2, 0.0]}}],
        "cameras": [{"id": "cam", "transform": {"location": list(camera)}}],
    })


def lit(world, lights):
    return World(entities=world.entities, cameras=world.cameras, lights=lights)


FACE_POINT = np.array([0.3, 0.2, 1.8 * FACE])


def measured(state, face=FACE_POINT, world=None):
    """Illuminance each light puts on the face, from the evaluated light states: irradiance
    (an area light's side from ``world``) times its colour's luminance (1 for a temperature)."""
    out = {}
    for lid, ls in state.lights.items():
        size = world.light(lid).size if world is not None else 0.0
        temp = world.light(lid).temperature if world is not None else None
        lum = 1.0 if temp is not None else float(np.dot((0.2126, 0.7152, 0.0722), ls.color))
        pos = ls.matrix[:3, 3]
        aim = -ls.matrix[:3, 2]
        to_face = face - pos
        d = np.linalg.norm(to_face)
        assert aim @ (to_face / d) == pytest.approx(1.0, abs=1e-9)  # pointed at the face
        out[lid.rsplit("-", 1)[-1]] = irradiance_from(ls.type, ls.power, d, size) * lum
    return out


def test_the_thirteen_presets_exist():
    assert set(PRESETS) >= ISSUE_PRESETS
    for p in PRESETS.values():
        assert p.role("key").ratio == 1.0
        assert {"key", "fill"} <= set(p.ratios)


@pytest.mark.parametrize("name", sorted(ISSUE_PRESETS))
def test_lights_give_the_preset_ratios_and_colours(name):
    world = scene()
    p = PRESETS[name]
    w = lit(world, lights_for(name, world, "hero", "cam"))
    state = w.evaluate(1)
    e = measured(state, world=w)
    for role in p.roles:
        assert e[role.role] / e["key"] == pytest.approx(role.ratio, rel=1e-6)
        ls = state.lights[f"{name.replace('_', '-')}-{role.role}"]
        want = kelvin_to_rgb(role.kelvin) if role.kelvin else role.color
        assert ls.color == pytest.approx(want)
    assert e["key"] == pytest.approx(p.key_irradiance, rel=1e-6)


@pytest.mark.parametrize("camera", [(1.0, -4.0, 1.5), (-3.0, 2.0, 1.5), (4.0, 4.0, 3.0)])
def test_three_point_placement_follows_the_camera(camera):
    world = scene(camera)
    state = lit(world, lights_for("three_point", world, "hero", "cam")).evaluate(1)
    to_cam = np.array(camera[:2]) - FACE_POINT[:2]

    def azimuth(lid):
        v = state.lights[lid].matrix[:2, 3] - FACE_POINT[:2]
        return math.degrees(math.atan2(to_cam[0] * v[1] - to_cam[1] * v[0], to_cam @ v))

    key, fill, rim = (azimuth(f"three-point-{r}") for r in ("key", "fill", "rim"))
    assert 15 <= abs(key) <= 45  # key 15–45° off the camera axis
    assert np.sign(fill) == -np.sign(key)  # fill on the other side
    assert abs(rim) > 120  # rim behind the subject


def test_unknown_preset_and_camera_are_input_errors():
    world = scene()
    with pytest.raises(InputError, match="unknown lighting preset"):
        lights_for("disco inferno", world, "hero", "cam")
    with pytest.raises(InputError, match="no camera"):
        lights_for("noir", world, "hero", "nocam")
    assert preset("film noir").name == "noir"


def test_sunset_is_keyed_down_and_warmer():
    world = scene()
    lights = sunset(world, (1, 120))
    w = lit(world, lights)
    elevations, warmth = [], []
    for f in (1, 30, 60, 90, 120):
        st = w.evaluate(f)
        sun = st.lights["sun"]
        elevations.append(math.degrees(math.asin(-(-sun.matrix[:3, 2])[2])))
        mix = sum(np.array(ls.color) * ls.power for ls in st.lights.values())
        warmth.append(mix[2] / mix[0])  # blue over red falls as it warms
    assert elevations[0] == pytest.approx(20.0, abs=1e-6)
    assert elevations[-1] == pytest.approx(0.5, abs=1e-6)
    assert all(b < a for a, b in itertools.pairwise(elevations))
    assert all(b < a for a, b in itertools.pairwise(warmth))


def test_transition_between_presets():
    world = scene()
    a = lights_for("three_point", world, "hero", "cam", prefix="set")
    b = lights_for("low_key", world, "hero", "cam", prefix="set")
    w = lit(world, transition(a, b, (10, 58)))
    start, end = measured(w.evaluate(10), world=w), w.evaluate(58)
    # A light's size is not keyed: the keyed lights carry the end look's (smaller) area sizes
    # from the start, so the start's ratio is the three-point 0.5 within the size term.
    assert start["fill"] / start["key"] == pytest.approx(0.5, rel=0.02)
    # at the end the three-point lights are dark and the low-key twins carry the look
    e = {}
    for lid, ls in end.lights.items():
        role = lid.split("-")[1]
        d = np.linalg.norm(FACE_POINT - ls.matrix[:3, 3])
        e[role] = e.get(role, 0.0) + irradiance_from(ls.type, ls.power, d, w.light(lid).size)
    assert e["fill"] / e["key"] == pytest.approx(0.125, rel=1e-6)


def test_moods_map_to_presets():
    assert parse_mood("warm sunset over the harbour") == "golden_hour"
    assert parse_mood("cold moonlight on the snow") == "moonlight"
    assert parse_mood("neon noir alley in the rain") == "neon"
    assert parse_mood("a film noir office") == "noir"
    assert parse_mood("something unclassifiable") == "three_point"
    # the plan's mood words (agents/plan.py MoodName, through agents/adapters.py)
    assert parse_mood("bright daylight") == "high_key"
    assert parse_mood("soft") == "overcast"
    assert parse_mood("warm") == "golden_hour" and parse_mood("cool moonlight") == "moonlight"


def test_transition_keys_colour_on_one_light_and_crossfades_only_rgb_to_kelvin():
    from previz.world.tracks import sample

    world = scene()
    a = lights_for("three_point", world, "hero", "cam", prefix="set")
    b = lights_for("low_key", world, "hero", "cam", prefix="set")
    keyed = transition(a, b, (1, 49))
    assert sorted(li.id for li in keyed) == ["set-fill", "set-key", "set-rim"]  # no twins
    key = next(li for li in keyed if li.id == "set-key")
    assert sample(key.temperature, 1) == pytest.approx(5600)
    assert sample(key.temperature, 49) == pytest.approx(4300)
    w = lit(world, keyed)
    reds = [w.evaluate(f).lights["set-key"].color for f in (1, 25, 49)]
    assert reds[0][2] > reds[1][2] > reds[2][2]  # bluer to warmer, keyed
    neon = lights_for("neon", world, "hero", "cam", prefix="set")
    mixed = transition(a, neon, (1, 49))  # kelvin → RGB: fade one out, the twin in
    assert "set-key-to" in {li.id for li in mixed}


def test_environment_for_presets():
    from previz.skills.lighting import environment_for

    night = environment_for("moonlight")
    assert night.strength == pytest.approx(0.05) and night.color[2] > night.color[0]
    assert night.sun is None
    lights = lights_for("golden_hour", scene(), "hero", "cam")
    gold = environment_for("golden_hour", lights)
    assert gold.color[0] > gold.color[1] > gold.color[2]  # warm
    assert gold.sun == "golden-hour-key"
    assert environment_for("golden_hour").sun is None  # no lights given: nothing to link
    for p in PRESETS.values():
        env = environment_for(p)
        assert env.color == pytest.approx(kelvin_to_rgb(p.sky_kelvin))
        assert env.strength == p.sky_strength


@pytest.mark.parametrize("name", sorted(ISSUE_PRESETS | {"harsh_overhead"}))
def test_the_key_is_the_brightest_light_on_the_subject_by_the_scorers_measure(name):
    """What the fidelity scorer takes for the key (`key_light`: the most light at the
    subject's middle, inverse square, no size or colour term) is the preset's key: a high-key
    background light (a big soft source behind) no longer outweighs it."""
    from previz.agents.fidelity import measures as fm

    world = scene()
    data = lit(world, lights_for(name, world, "hero", "cam")).model_dump(mode="json")
    data["shots"] = [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 2}]
    w = World.model_validate(data)
    st = fm.States(w)
    lo, hi = fm.box_bounds(w, st, "hero", 1)
    key, _ = fm.key_light(w, st, (lo + hi) / 2, 1)
    assert key.id.endswith("-key"), key.id
