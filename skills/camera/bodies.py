"""Camera bodies: name, sensor size and the lenses a body is used with, declared in the
``camera_body`` vocabulary. A shot plan names one in ``camera_body``."""

from __future__ import annotations

from dataclasses import dataclass

from previz.world import World
from previz.world.errors import InputError

from ..vocabulary import declare


@dataclass(frozen=True)
class Body:
    """A camera body: its sensor's active width and height (mm, the makers' published figures
    for the mode named) and the focal lengths (mm) of the lenses it is used with."""

    name: str
    sensor_width: float
    sensor_height: float
    lenses: tuple[float, float]
    description: str
    synonyms: tuple[str, ...] = ()


BODIES: dict[str, Body] = {b.name: b for b in (
    Body("full_frame", 36.0, 24.0, (12.0, 800.0), "full-frame stills/cinema, 36 × 24 mm",
         ("full frame", "ff", "35mm stills", "vista vision")),
    Body("super35", 24.89, 18.66, (8.0, 600.0), "Super 35 film gate, 24.89 × 18.66 mm",
         ("super 35", "super35", "s35", "35mm film")),
    Body("arri_alexa_35", 27.99, 19.22, (8.0, 600.0),
         "ARRI ALEXA 35, 4.6K 3:2 open gate, 27.99 × 19.22 mm",
         ("alexa 35", "arri alexa 35", "alexa")),
    Body("arri_alexa_mini_lf", 36.70, 25.54, (12.0, 600.0),
         "ARRI ALEXA Mini LF, open gate, 36.70 × 25.54 mm", ("alexa mini lf", "mini lf")),
    Body("arri_alexa_65", 54.12, 25.58, (20.0, 600.0), "ARRI ALEXA 65, 54.12 × 25.58 mm",
         ("alexa 65", "large format")),
    Body("red_komodo", 27.03, 14.26, (8.0, 600.0), "RED KOMODO 6K S35, 27.03 × 14.26 mm",
         ("red komodo", "komodo")),
    Body("red_v_raptor", 40.96, 21.60, (12.0, 600.0),
         "RED V-RAPTOR 8K VV, 40.96 × 21.60 mm", ("v raptor", "red v raptor")),
    Body("sony_venice_2", 35.9, 24.0, (12.0, 600.0), "Sony VENICE 2 8.6K, 35.9 × 24.0 mm",
         ("venice", "sony venice")),
    Body("blackmagic_pocket_6k", 23.10, 12.99, (8.0, 400.0),
         "Blackmagic Pocket Cinema Camera 6K, 23.10 × 12.99 mm", ("bmpcc 6k", "pocket 6k")),
    Body("aps_c", 23.5, 15.6, (8.0, 600.0), "APS-C stills, 23.5 × 15.6 mm", ("aps-c", "apsc")),
    Body("micro_four_thirds", 17.3, 13.0, (7.0, 400.0), "Micro Four Thirds, 17.3 × 13.0 mm",
         ("mft", "m43", "micro four thirds")),
    Body("iphone", 9.8, 7.3, (4.0, 16.0),
         "iPhone main camera (about 1/1.28-inch, 9.8 × 7.3 mm); real focal lengths, not the "
         "'24 mm equivalent'", ("iphone", "phone", "smartphone")),
)}

for _b in BODIES.values():
    declare("camera_body", _b.name, _b.synonyms, description=_b.description,
            params={"sensor_width": _b.sensor_width, "sensor_height": _b.sensor_height,
                    "min_focal": _b.lenses[0], "max_focal": _b.lenses[1]})


def body(name: str) -> Body:
    """The body called ``name`` (or one of its synonyms); an InputError naming the known ones."""
    key = name.strip().lower()
    if key.replace(" ", "_").replace("-", "_") in BODIES:
        return BODIES[key.replace(" ", "_").replace("-", "_")]
    for b in BODIES.values():
        if key in b.synonyms:
            return b
    raise InputError(f"unknown camera body {name!r}; use one of {', '.join(BODIES)}")


def check_lens(b: Body, focal: float) -> float:
    """``focal`` when ``b`` takes such a lens; an InputError naming both otherwise."""
    lo, hi = b.lenses
    if not lo <= focal <= hi:
        raise InputError(f"camera body {b.name!r} takes lenses of {lo:g}-{hi:g} mm, "
                         f"not {focal:g} mm")
    return focal


def check_shots(world: World) -> None:
    """Every shot's camera body known and its camera's lens one that body takes: an
    InputError naming the field (``shots[i].camera_body``, ``cameras[j].focal_length``) and
    the value otherwise. A World names bodies by text the World model cannot check, so the
    commands that build it ask here before anything is made."""
    from previz.world.tracks import values

    cams = {c.id: (j, c) for j, c in enumerate(world.cameras)}
    for i, shot in enumerate(world.shots):
        if shot.camera_body is None:
            continue
        try:
            b = body(shot.camera_body)
        except InputError as exc:
            raise InputError(f"shots[{i}].camera_body: {exc}") from None
        if shot.camera not in cams:
            continue
        j, cam = cams[shot.camera]
        for focal in values(cam.focal_length):
            try:
                check_lens(b, float(focal))
            except InputError as exc:
                raise InputError(f"cameras[{j}].focal_length ({shot.id}): {exc}") from None
