"""A lighting plan executed: a look (preset) with the key where the text puts it, its colour
temperature, lit practicals, the time of day, haze, and power scaled to the set.

`lights_for` places a preset round a subject and a camera; `look_lights` then applies what the
director said on top of it:

- ``key_direction``: the key light moved to that side of the subject at its own distance, so
  it keeps its illuminance (compass points are world axes, north = +Y, east = +X; ``above`` is
  a top light; front/behind/left/right are relative to the camera). A sun key from a direction
  stands low when the time of day is dawn, golden hour or dusk (a low sun from the east).
- ``temperature_k``: the key's colour temperature.
- ``practicals``: each named object gets a warm point light at its top (a lamp, a candle, a
  sign), tied to it by an ``attached_to`` relation so it moves with it. In a night, dark or
  lamp-lit look, what is a light by nature (a lantern, a candle, a street lamp, even of a
  class the library does not know) is lit too, listed or not; in a dark look practicals
  that would outshine the key on the subject are dimmed (their names say so).
- ``time_of_day`` picks the look when the plan names none: night → moonlight, dusk → blue hour,
  dawn and golden hour → golden hour, noon → high key.
- outdoors by day (high key, three point, overcast) the key becomes the sun, so the whole set
  is lit from the key's direction;
- power scaled to the set: an indoor set wider than `WASH_FROM` metres gets an overhead wash
  (a large area light under the ceiling) so the room is lit, not only the subject — except in
  the dark looks, where the dark is the point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from previz.world import Light, Relation, Transform, World
from previz.world.transforms import look_at_euler

from .place import FACE, irradiance_from, lights_for, power_for
from .presets import PRESETS, preset

TIME_LOOKS = {"night": "moonlight", "dusk": "blue_hour", "dawn": "golden_hour",
              "golden_hour": "golden_hour", "noon": "high_key"}
LOW_SUN = ("dawn", "golden_hour", "dusk")
DARK_LOOKS = ("harsh_overhead", "low_key", "noir", "moonlight", "neon", "candle",
              "under_light_horror", "silhouette")
COMPASS = {"east": (1.0, 0.0), "north": (0.0, 1.0), "west": (-1.0, 0.0), "south": (0.0, -1.0)}
ELEVATION = {"above": 75.0, "low_sun": 8.0}
PRACTICAL_KELVIN = 2700.0
#: Looks lit by their practicals (the flame, the lamp is the key the text names): a bulb's or a
#: flame's colour, and the plan's key temperature, when it gives one, is theirs too.
PRACTICAL_LOOKS = {"candle": 1850.0, "interior_practical": PRACTICAL_KELVIN}
PRACTICAL_WATTS = 40.0  # a household bulb's radiant power as Blender watts
LIGHT_WORDS = ("lamp", "lantern", "lanterns", "candle", "candles", "torch", "torches",
               "chandelier", "bulb", "fireplace", "streetlight", "streetlamp", "lamppost")
LIT_LOOKS = (*DARK_LOOKS, "interior_practical", "blue_hour")
"""Looks in which a light by nature in the set (`lights_by_nature`) is lit without being
listed: night, dark and lamp-lit looks."""
MAX_LIT = 16
KEYED_LOOKS = (*(n for n in DARK_LOOKS if n != "silhouette"), "interior_practical")
"""Looks whose key carries the subject (`presets.DARK_REST`): their practicals are dimmed where
they would outshine it (`dim_practicals`). A silhouette's key is behind the subject."""
PRACTICAL_DARK_SHARE = 0.05  # at most this share of the key's light on the subject, dark looks
DAYLIGHT = {"high_key": 0.53, "three_point": 0.53, "overcast": 15.0}
"""Looks whose key is the sun outdoors, and the sun's angular size (degrees; overcast: a big
soft sky)."""
WASH_FROM = 8.0  # metres: a set wider than this gets an overhead wash
WASH_KELVIN = 5000.0  # the wash's colour when neither the plan nor the key gives one
WASH_RATIO = 0.25  # the wash's illuminance on the floor, as a share of the key's on the subject


@dataclass(frozen=True)
class Look:
    """What the plan said about the light (all optional)."""

    look: str | None = None
    mood_look: str = "three_point"
    key_direction: str | None = None
    temperature_k: float | None = None
    practicals: tuple[str, ...] = ()
    time_of_day: str | None = None


def look_name(look: Look) -> str:
    """The preset that lights the plan: its look, else the time of day's, else the mood's."""
    if look.look:
        return preset(look.look).name
    if look.time_of_day in TIME_LOOKS:
        return TIME_LOOKS[look.time_of_day]
    return look.mood_look


def direction_of(word: str, camera_forward: np.ndarray, elevation: float) -> np.ndarray:
    """Unit vector from the subject toward a light "from ``word``" at ``elevation`` degrees."""
    if word == "above":
        h = -np.asarray(camera_forward[:2], float)  # tipped a little toward the lens
        el = ELEVATION["above"]
    elif word in COMPASS:
        h, el = np.array(COMPASS[word]), elevation
    else:
        f = np.asarray(camera_forward[:2], float)
        f = f / max(float(np.linalg.norm(f)), 1e-9)
        right = np.array([f[1], -f[0]])
        h = {"front": -f, "behind": f, "right": right, "left": -right}[word]
        el = elevation
    h = h / max(float(np.linalg.norm(h)), 1e-9)
    e = math.radians(el)
    return np.array([math.cos(e) * h[0], math.cos(e) * h[1], math.sin(e)])


def look_lights(look: Look, world: World, subject: str, camera: str,
                bounds: tuple[float, float, float, float], height: float | None,
                ) -> tuple[list[Light], list[Relation], str]:
    """The lights of ``look`` for ``subject`` seen by ``camera`` in a set of ``bounds`` (x0, y0,
    x1, y1) and ceiling ``height`` (None outdoors), the relations that attach the practicals
    to their objects, and the preset used."""
    name = look_name(look)
    lights = lights_for(name, world, subject, camera)
    state = world.evaluate(1.0)
    key_i = next(i for i, li in enumerate(lights) if li.id.endswith("-key"))
    key = lights[key_i]
    from previz.skills.camera.subject import Subject, measure

    face = measure(world, 1.0, Subject(subject)).at(FACE)
    cam_m = state.cameras[camera].matrix
    if look.key_direction is not None:
        at = np.array(key.transform.location, float)
        dist = float(np.linalg.norm(at - face))
        el0 = math.degrees(math.asin(max(-1.0, min(1.0, (at[2] - face[2]) / max(dist, 1e-9)))))
        el = ELEVATION["low_sun"] if key.type == "sun" and look.time_of_day in LOW_SUN else el0
        el = max(el, 10.0) if key.type != "sun" else el
        d = direction_of(look.key_direction, -cam_m[:3, 2], el)
        pos = face + d * dist
        if height is not None:
            pos[2] = min(pos[2], height - 0.2)  # under the ceiling
        key = replace_light(key, pos, face)
    if height is None and key.type != "sun" and name in DAYLIGHT \
            and look.time_of_day not in ("night", "dusk"):
        # Outdoors by day the key is the sun: the same direction and illuminance, the same
        # everywhere on the set (a 40 m court is lit, not only the subject's face).
        key = key.model_copy(update={
            "type": "sun", "power": PRESETS[name].key_irradiance,
            "size": math.radians(DAYLIGHT[name])})
    if look.temperature_k is not None:
        key = key.model_copy(update={"temperature": float(look.temperature_k),
                                     "color": (1.0, 1.0, 1.0)})
    lights[key_i] = key
    relations: list[Relation] = []
    kelvin = PRACTICAL_KELVIN
    if name in PRACTICAL_LOOKS:
        kelvin = look.temperature_k if look.temperature_k is not None else PRACTICAL_LOOKS[name]
    lamps = []
    for eid in look.practicals:
        lamp, rel = practical(world, eid, kelvin)
        lamps.append(lamp)
        relations.append(rel)
    if name in LIT_LOOKS:
        # In the dark, what is a light by nature (a lantern, a candle, a street lamp) shines
        # whether or not the plan listed it; its name says why it is lit.
        for eid in lights_by_nature(world, subject, exclude=look.practicals):
            lamp, rel = practical(world, eid, kelvin)
            lamps.append(lamp.model_copy(update={"name": f"{eid} practical (a light by nature)"}))
            relations.append(rel)
    if name in KEYED_LOOKS:
        lamps = dim_practicals(lamps, world, subject, key)
    lights += lamps
    x0, y0, x1, y1 = bounds
    if height is not None and max(x1 - x0, y1 - y0) > WASH_FROM and name not in DARK_LOOKS:
        # The set's light is the look's colour: the plan's temperature, else the key's.
        kelvin_w = look.temperature_k or key.temperature or WASH_KELVIN
        lights.append(wash(bounds, height, PRESETS[name].key_irradiance, kelvin_w))
    return lights, relations, name


def lights_by_nature(world: World, subject: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """Entities whose class names a light (`LIGHT_WORDS`: lamp, lantern, candle, torch,
    chandelier, bulb, fireplace, neon …, also as a word of a class the library does not know:
    ``stone_lantern``), nearest the subject first, at most `MAX_LIT` of them."""
    state = world.evaluate(1.0)
    here = state.entities[subject].matrix[:3, 3]
    found = []
    for e in world.entities:
        if e.id in exclude or e.id == subject or e.kind in ("character", "animal", "set"):
            continue
        words = (e.semantic_class or "").lower().replace("-", "_").split("_")
        if any(w in LIGHT_WORDS for w in words) or "neon" in words:
            d = float(np.linalg.norm(state.entities[e.id].matrix[:3, 3] - here))
            found.append((d, e.id))
    return [eid for _, eid in sorted(found)[:MAX_LIT]]


def dim_practicals(lamps: list[Light], world: World, subject: str, key: Light) -> list[Light]:
    """In a dark or lamp-lit look the key is most of the light (`DARK_REST`): practicals that
    would put more than `PRACTICAL_DARK_SHARE` of the key's illuminance on the subject (a bare
    bulb by the head) are dimmed together to that share, and their names say so; a lamp
    across the room keeps its 40 W."""
    from previz.skills.camera.subject import Subject, measure

    if not lamps:
        return lamps
    ms = measure(world, 1.0, Subject(subject))
    points = [ms.at(0.5), ms.at(FACE)]
    state = world.evaluate(1.0)
    key_at = np.array(key.transform.location, float)
    key_e = min(irradiance_from(key.type, key.power, float(np.linalg.norm(key_at - p)),
                                key.size if key.type != "sun" else 0.0) for p in points)
    on_subject = 0.0
    for lamp in lamps:
        eid = lamp.id.removeprefix("practical-")
        at = state.entities[eid].matrix @ np.array([*lamp.transform.location, 1.0])
        on_subject += max(irradiance_from("point", lamp.power, float(np.linalg.norm(at[:3] - p)))
                          for p in points)
    allowed = PRACTICAL_DARK_SHARE * key_e
    if on_subject <= allowed:
        return lamps
    k = allowed / on_subject
    return [lamp.model_copy(update={"power": lamp.power * k,
                                    "name": f"{lamp.name} (dimmed to {k:.0%} in a dark look)"})
            for lamp in lamps]


def replace_light(light: Light, pos: np.ndarray, face: np.ndarray) -> Light:
    """``light`` moved to ``pos``, aimed at ``face``."""
    return light.model_copy(update={"transform": Transform(
        location=tuple(float(v) for v in pos), rotation=tuple(look_at_euler(pos, face)))})


def practical(world: World, entity_id: str, kelvin: float = PRACTICAL_KELVIN
              ) -> tuple[Light, Relation]:
    """A warm bulb (``kelvin``) at the top of ``entity_id`` (a lamp's shade, a candle's flame,
    a sign), attached to it."""
    ent = world.entity(entity_id)
    top = ent.asset.size[2] if ent.asset.size is not None else 0.5
    # In the object's own frame: the attachment puts it where the object is, frame by frame.
    lamp = Light(id=f"practical-{entity_id}", name=f"{entity_id} practical", type="point",
                 power=PRACTICAL_WATTS, temperature=float(kelvin), size=0.05,
                 transform=Transform(location=(0.0, 0.0, max(top - 0.05, 0.05))))
    return lamp, Relation(type="attached_to", subject=lamp.id, target=entity_id)


def wash(bounds: tuple[float, float, float, float], height: float,
         key_irradiance: float, kelvin: float = 5000.0) -> Light:
    """An overhead area light the size of half the set, under the ceiling, that puts
    `WASH_RATIO` of the key's illuminance on the floor: power grows with the set. Its colour
    is ``kelvin`` (the look's: warm tungsten in a tungsten-lit hall, not daylight)."""
    x0, y0, x1, y1 = bounds
    top = height - 0.2
    centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0, top)
    size = 0.5 * max(x1 - x0, y1 - y0)
    return Light(id="set-wash", name="Set wash", type="area", temperature=float(kelvin),
                 power=power_for("area", WASH_RATIO * key_irradiance, top, size), size=size,
                 transform=Transform(location=centre, rotation=(0.0, 0.0, 0.0)))

