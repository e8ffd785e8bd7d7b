"""Shot sizes and camera angles as data.

A shot size says which part of the subject fills how much of the frame: the *span* is a slice of
the subject's height (0 = feet, 1 = top of the head; for a non-character, of its box), and
``top``/``bottom`` are where that slice's ends sit on screen as fractions of the frame height
from the top edge. A bottom of 1.0 means the frame edge cuts the body at ``edge``. The headroom
of a shot is its ``top``. Fractions of a human figure follow the usual eight-heads canon: eyes at
0.93, chin 0.87, shoulders 0.82, chest 0.72, waist 0.6, hips 0.5, knees 0.28.

An angle is the pitch of the view axis (positive looks up) and its roll (a dutch tilt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ShotSize:
    code: str
    name: str
    span: tuple[float, float]
    top: float
    bottom: float
    edge: str
    focal_length: float
    synonyms: tuple[str, ...] = ()

    @property
    def frame_fraction(self) -> float:
        """Fraction of the frame height the span covers."""
        return self.bottom - self.top


SHOT_SIZES: dict[str, ShotSize] = {
    s.code: s
    for s in (
        ShotSize("ECU", "extreme close-up", (0.885, 0.975), 0.0, 1.0, "nose (eyes fill the frame)",
                 100.0, ("extreme close up", "extreme closeup", "eyes", "macro")),
        ShotSize("CU", "close-up", (0.80, 1.0), 0.06, 1.0, "shoulders", 85.0,
                 ("close up", "closeup", "head shot", "tight")),
        ShotSize("MCU", "medium close-up", (0.70, 1.0), 0.08, 1.0, "chest", 65.0,
                 ("medium close up", "chest shot", "bust shot")),
        ShotSize("MS", "medium shot", (0.55, 1.0), 0.10, 1.0, "waist", 50.0,
                 ("medium", "mid shot", "waist shot", "waist up")),
        ShotSize("MLS", "medium long shot", (0.28, 1.0), 0.10, 1.0, "knees", 40.0,
                 ("medium full shot", "cowboy shot", "american shot", "three quarter")),
        ShotSize("FS", "full shot", (0.0, 1.0), 0.10, 0.90, "feet (whole body)", 35.0,
                 ("full body", "full figure", "head to toe")),
        ShotSize("LS", "long shot", (0.0, 1.0), 0.40, 0.82, "feet, with the setting around", 28.0,
                 ("wide shot", "wide", "long")),
        ShotSize("ELS", "extreme long shot", (0.0, 1.0), 0.56, 0.68, "feet, figure small in the "
                 "landscape", 24.0, ("extreme wide shot", "establishing shot", "very wide")),
    )
}


@dataclass(frozen=True)
class Angle:
    name: str
    pitch: float  # radians; positive looks up at the subject
    roll: float  # radians
    synonyms: tuple[str, ...] = ()


ANGLES: dict[str, Angle] = {
    a.name: a
    for a in (
        Angle("eye_level", 0.0, 0.0, ("eye level", "neutral", "straight on")),
        Angle("high", math.radians(-30.0), 0.0, ("high angle", "looking down")),
        Angle("low", math.radians(20.0), 0.0, ("low angle", "looking up", "heroic")),
        Angle("birds_eye", math.radians(-88.0), 0.0, ("bird's eye", "birds eye", "overhead",
                                                      "top down", "top shot")),
        Angle("worms_eye", math.radians(60.0), 0.0, ("worm's eye", "worms eye",
                                                     "ground looking up")),
        Angle("dutch", 0.0, math.radians(20.0), ("dutch angle", "canted", "tilted", "oblique")),
    )
}


def shot_size(code: str) -> ShotSize:
    from previz.world.errors import InputError

    key = code.strip().upper()
    if key in SHOT_SIZES:
        return SHOT_SIZES[key]
    for s in SHOT_SIZES.values():
        if code.strip().lower() in (s.name, *s.synonyms):
            return s
    raise InputError(f"unknown shot size {code!r}; use one of {', '.join(SHOT_SIZES)}")


def angle(name: str) -> Angle:
    from previz.world.errors import InputError

    key = name.strip().lower().replace("-", "_").replace(" ", "_").replace("'", "")
    if key in ANGLES:
        return ANGLES[key]
    for a in ANGLES.values():
        if name.strip().lower() in a.synonyms:
            return a
    raise InputError(f"unknown camera angle {name!r}; use one of {', '.join(ANGLES)}")
