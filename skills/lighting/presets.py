"""Lighting presets as data: roles with ratios, colour temperatures, softness and placement.

Each preset is a set of lights by role (key, fill, rim, and sometimes a background or
practical light). A role's ``ratio`` is the illuminance it puts on the subject relative to the
key (key = 1), so a 4:1 key-to-fill is a fill ratio of 0.25 — the ratio a gaffer means and a
light meter (or a clay render) measures. Placement is relative to the subject and the camera:
``azimuth`` in degrees round the subject from the camera's side (0 = beside the lens, positive
= counter-clockwise seen from above, which is the camera's right as seen through the lens;
180 = behind the subject), ``elevation`` in degrees above the subject's face, ``distance`` in metres
for a 1.8 m figure (scaled with the subject's height). ``softness`` is the light's size: the
edge of an area light or the radius of a point/spot (metres), or a sun's angular diameter
(degrees). ``kelvin`` is a black-body colour; ``color`` (linear RGB) is for lights that are not
black bodies (neon).

The sky (``sky_kelvin``, ``sky_strength``) is the World's environment (`environment_for`): the
background colour and strength that light the scene from everywhere; with ``sky_sun`` the sky
follows the preset's sun light (Blender draws a physical sky with its sun there).
"""

from __future__ import annotations

from dataclasses import dataclass

from previz.world.errors import InputError

from ..vocabulary import declare


@dataclass(frozen=True)
class LightRole:
    role: str
    ratio: float
    azimuth: float
    elevation: float
    distance: float
    softness: float
    kelvin: float | None = 5600.0
    color: tuple[float, float, float] | None = None
    type: str = "area"


@dataclass(frozen=True)
class LightingPreset:
    name: str
    description: str
    roles: tuple[LightRole, ...]
    key_irradiance: float = 4.0  # W/m² the key puts on the subject
    sky_kelvin: float = 6500.0
    sky_strength: float = 0.3
    sky_sun: bool = False  # the sky follows the preset's sun light
    synonyms: tuple[str, ...] = ()

    def role(self, name: str) -> LightRole:
        for r in self.roles:
            if r.role == name:
                return r
        raise KeyError(name)

    @property
    def ratios(self) -> dict[str, float]:
        """key:fill:rim (and any other role) as illuminance ratios, key = 1."""
        return {r.role: r.ratio for r in self.roles}


R = LightRole

DARK_REST = 0.25
"""In the dark looks (low key, noir, moonlight, neon, candle, harsh overhead, under light; and
the lamp-lit interior practical) the
key is most of the light: fill, rim and any other role together give at most this share of
the key's illuminance on the subject (the key >= 80 % of the whole), so a rim outlines the
subject without lighting it."""

PRESETS: dict[str, LightingPreset] = {
    p.name: p
    for p in (
        LightingPreset(
            "three_point", "classic key, fill and rim; 2:1 key to fill",
            (R("key", 1.0, 35, 30, 2.5, 0.8), R("fill", 0.5, -50, 10, 3.0, 1.5),
             R("rim", 0.75, 160, 40, 2.5, 0.4)),
            synonyms=("three point", "standard", "interview", "classic", "neutral")),
        LightingPreset(
            "high_key", "bright, soft, low contrast (comedy, commercials); 1.25:1",
            (R("key", 1.0, 20, 25, 2.5, 1.5), R("fill", 0.8, -40, 10, 2.5, 2.0),
             R("rim", 0.6, 170, 35, 2.5, 1.0), R("background", 0.6, 180, 5, 4.0, 3.0)),
            key_irradiance=6.0, sky_strength=1.0,
            synonyms=("high key", "bright", "daylight", "cheerful", "sitcom", "commercial",
                      "airy")),
        LightingPreset(
            "low_key", "dark, contrasty, moody; 8:1",
            (R("key", 1.0, 60, 35, 2.0, 0.3, 4300), R("fill", 0.125, -60, 5, 3.0, 1.0, 4300),
             R("rim", 0.125, 165, 40, 2.5, 0.2, 4300)),
            key_irradiance=3.0, sky_strength=0.02,
            synonyms=("low key", "moody", "dramatic", "dark", "chiaroscuro", "thriller")),
        LightingPreset(
            "noir", "hard side light, deep shadows; 16:1 (film noir)",
            (R("key", 1.0, 75, 50, 3.0, 0.03, 4000, type="spot"),
             R("fill", 0.0625, -45, 0, 3.5, 0.5, 4000),
             R("rim", 0.1875, 150, 30, 3.0, 0.03, 4000, type="spot")),
            key_irradiance=3.0, sky_strength=0.01,
            synonyms=("film noir", "noir", "hard light", "detective", "venetian blind")),
        LightingPreset(
            "golden_hour", "low warm sun from the side and behind, cool sky fill, warm sky",
            (R("key", 1.0, 120, 8, 50.0, 0.53, 2800, type="sun"),
             R("fill", 0.35, -30, 30, 3.0, 3.0, 7500), R("rim", 0.6, 170, 10, 3.0, 1.0, 2600)),
            key_irradiance=5.0, sky_kelvin=3800, sky_strength=0.6, sky_sun=True,
            synonyms=("golden hour", "magic hour", "warm sunset", "sunset", "sunrise", "warm")),
        LightingPreset(
            "blue_hour", "after sunset: soft cold sky, a warm practical in the frame",
            (R("key", 1.0, 30, 45, 4.0, 4.0, 9500), R("fill", 0.6, -60, 20, 4.0, 4.0, 9500),
             R("practical", 0.3, -100, 0, 2.0, 0.1, 2700, type="point")),
            key_irradiance=1.5, sky_kelvin=11000, sky_strength=0.4,
            synonyms=("blue hour", "twilight", "dusk", "after sunset", "evening")),
        LightingPreset(
            "moonlight", "cold, hard-ish top-side light; 6:1",
            (R("key", 1.0, 110, 45, 50.0, 0.53, 7500, type="sun"),
             R("fill", 0.16, -40, 15, 3.0, 2.0, 8500), R("rim", 0.09, 175, 30, 3.0, 0.5, 7500)),
            key_irradiance=1.0, sky_kelvin=9000, sky_strength=0.05,
            synonyms=("moonlight", "moonlit", "cold moonlight", "night exterior", "night",
                      "cold")),
        LightingPreset(
            "overcast", "a big soft sky from above, almost no shadow; 1.5:1",
            (R("key", 1.0, 0, 60, 5.0, 6.0, 6500), R("fill", 0.66, -90, 15, 5.0, 6.0, 7000),
             R("rim", 0.3, 180, 40, 5.0, 4.0, 7000)),
            key_irradiance=4.0, sky_kelvin=6800, sky_strength=0.8,
            synonyms=("overcast", "cloudy", "grey day", "gray day", "flat light", "diffuse",
                      "soft")),
        LightingPreset(
            "interior_practical", "lamps in the room motivate the light; warm tungsten falling "
            "off into the dark; 8:1",
            (R("key", 1.0, 45, 10, 1.5, 0.15, 2700, type="point"),
             R("fill", 0.125, -60, 20, 3.0, 1.0, 3200), R("rim", 0.125, 150, 30, 2.5, 0.3, 3200)),
            key_irradiance=2.5, sky_kelvin=3200, sky_strength=0.05,
            synonyms=("practical", "interior", "lamp light", "tungsten", "living room",
                      "indoor")),
        LightingPreset(
            "neon", "saturated magenta key, cyan fill and edge (neon noir)",
            (R("key", 1.0, 60, 15, 2.0, 0.6, None, (1.0, 0.08, 0.6)),
             R("fill", 0.1, -70, 10, 2.0, 0.6, None, (0.05, 0.6, 1.0)),
             R("rim", 0.15, 165, 20, 2.5, 0.3, None, (0.05, 0.8, 1.0))),
            key_irradiance=3.0, sky_kelvin=12000, sky_strength=0.02,
            synonyms=("neon", "neon noir", "cyberpunk", "club", "signs", "blade runner")),
        LightingPreset(
            "candle", "one tiny, very warm source close to the face; 10:1",
            (R("key", 1.0, 20, -5, 0.6, 0.02, 1850, type="point"),
             R("fill", 0.1, -50, 10, 3.0, 1.0, 1900), R("rim", 0.15, 160, 20, 3.0, 0.3, 2000)),
            key_irradiance=1.5, sky_kelvin=2000, sky_strength=0.0,
            synonyms=("candle", "candlelight", "candle lit", "firelight", "fire")),
        LightingPreset(
            "silhouette", "strong light behind the subject, almost none in front",
            (R("key", 1.0, 178, 10, 4.0, 2.0, 6000), R("fill", 0.04, -30, 10, 4.0, 2.0, 6000),
             R("rim", 0.7, 150, 25, 3.0, 0.5, 6000)),
            key_irradiance=6.0, sky_strength=1.2,
            synonyms=("silhouette", "backlit", "back lit", "contre jour", "against the light")),
        LightingPreset(
            "harsh_overhead", "one hard light straight above, the rest dark (boxing ring, "
            "interrogation lamp, bare bulb); 20:1",
            (R("key", 1.0, 0, 80, 2.0, 0.05, 4500, type="spot"),
             R("fill", 0.05, -60, 10, 3.5, 1.0, 4500), R("rim", 0.15, 170, 40, 3.0, 0.2, 4500)),
            key_irradiance=5.0, sky_kelvin=4500, sky_strength=0.0,
            synonyms=("harsh overhead", "overhead light", "top light", "hard top light",
                      "bare bulb", "single bulb", "interrogation lamp")),
        LightingPreset(
            "under_light_horror", "key from below the face, cold edge; 12:1",
            (R("key", 1.0, 10, -55, 1.2, 0.2, 3500, type="spot"),
             R("fill", 0.08, -60, 10, 3.0, 1.0, 3500), R("rim", 0.17, 170, 30, 2.5, 0.3, 8000)),
            key_irradiance=2.0, sky_kelvin=8000, sky_strength=0.02,
            synonyms=("under light", "underlight", "horror", "flashlight under chin",
                      "creepy", "spooky")),
    )
}

for _p in PRESETS.values():  # each preset is a look the plan, the reader and the panel can name
    declare("look", _p.name, (_p.name.replace("_", " "), *_p.synonyms),
            description=_p.description)

# The plan's moods: the words the offline reader maps to each and the look that lights it.
for _mood, _look, _words in (
    ("neutral", "three_point", ("neutral", "even", "flat")),
    ("warm", "golden_hour", ("warm", "cozy", "cosy", "golden", "sunset", "candlelit", "candle",
                             "fireplace")),
    ("cool", "moonlight", ("cool", "cold", "blue", "moonlit", "moonlight", "night")),
    ("dramatic", "noir", ("dramatic", "noir", "moody", "tense", "dark", "ominous", "horror",
                          "spooky")),
    ("bright", "high_key", ("bright", "sunny", "cheerful", "daylight", "noon", "day")),
    ("soft", "overcast", ("soft", "overcast", "gentle", "diffuse", "calm", "romantic")),
):
    declare("mood", _mood, _words, skill=_look, description=PRESETS[_look].description)


def preset(name: str) -> LightingPreset:
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in PRESETS:
        return PRESETS[key]
    for p in PRESETS.values():
        if name.strip().lower() in p.synonyms:
            return p
    raise InputError(f"unknown lighting preset {name!r}; use one of {', '.join(PRESETS)}")
