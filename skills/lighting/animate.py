"""Lights keyed over time: from one lighting to another, and a sunset.

Position, rotation, power, colour (per channel) and colour temperature are all keyable in the
World, so a light that changes colour is one light with keyed ``color`` / ``temperature``.
Only a change between a black-body light and a plain-RGB one (a temperature on one side and
none on the other), or of light type, is made the way a gaffer would on a dimmer board: the
light in its first colour fades out while a twin in the second fades in at the same place.
"""

from __future__ import annotations

import math

import numpy as np

from previz.world import Curve, Environment, Keyframe, Light, Transform, World
from previz.world.color import kelvin_to_rgb
from previz.world.errors import InputError
from previz.world.tracks import sample, sample3
from previz.world.transforms import look_at_euler

from .place import power_for


def _curve(f0: int, f1: int, a: float, b: float) -> float | Curve:
    if a == b:
        return float(a)
    return Curve(keys=[Keyframe(frame=f0, value=a), Keyframe(frame=f1, value=b)])


def _static(light: Light, frame: float) -> tuple[list[float], list[float], float]:
    t = light.transform
    return sample3(t.location, frame), sample3(t.rotation, frame), sample(light.power, frame)


def transition(before: list[Light], after: list[Light], frames: tuple[int, int]) -> list[Light]:
    """Lights that go from ``before`` to ``after`` over ``frames`` (eased Bézier keys). Lights
    are matched by id; one present on only one side fades in or out; a colour change is a
    crossfade to a twin ``<id>-to`` in the new colour."""
    f0, f1 = frames
    if f1 <= f0:
        raise InputError(f"transition: frames {f0}..{f1} are empty")
    a_by, b_by = {li.id: li for li in before}, {li.id: li for li in after}
    out: list[Light] = []
    for lid in [*a_by, *(i for i in b_by if i not in a_by)]:
        a, b = a_by.get(lid), b_by.get(lid)
        if a is None or b is None:
            only = a or b
            loc, rot, p = _static(only, f0 if a else f1)
            powers = (p, 0.0) if a else (0.0, p)
            out.append(only.model_copy(update={
                "transform": Transform(location=tuple(loc), rotation=tuple(rot)),
                "power": _curve(f0, f1, *powers)}))
            continue
        la, ra, pa = _static(a, f0)
        lb, rb, pb = _static(b, f1)
        rb = [ra[i] + math.remainder(rb[i] - ra[i], 2 * math.pi) for i in range(3)]
        moving = Transform(location=tuple(_curve(f0, f1, x, y) for x, y in zip(la, lb,
                                                                               strict=True)),
                           rotation=tuple(_curve(f0, f1, x, y) for x, y in zip(ra, rb,
                                                                               strict=True)))
        keyable = a.type == b.type and (a.temperature is None) == (b.temperature is None)
        if keyable:
            ca, cb = sample3(a.color, f0), sample3(b.color, f1)
            update = {"transform": moving, "power": _curve(f0, f1, pa, pb),
                      "color": tuple(_curve(f0, f1, x, y) for x, y in zip(ca, cb, strict=True))}
            if a.temperature is not None and b.temperature is not None:
                update["temperature"] = _curve(f0, f1, sample(a.temperature, f0),
                                               sample(b.temperature, f1))
            out.append(b.model_copy(update=update))
        else:
            out.append(a.model_copy(update={"transform": moving, "power": _curve(f0, f1, pa, 0.0)}))
            out.append(b.model_copy(update={"id": f"{lid}-to", "transform": moving,
                                            "power": _curve(f0, f1, 0.0, pb)}))
    return out


def sunset(world: World, frames: tuple[int, int], *, azimuth_degrees: float = 250.0,
           start_elevation: float = 20.0, end_elevation: float = 0.5,
           start_kelvin: float = 4500.0, end_kelvin: float = 1900.0,
           start_irradiance: float = 5.0, end_irradiance: float = 0.4,
           target: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> list[Light]:
    """A sun going down over ``frames``: one sun light (id ``sun``) with its elevation,
    strength and colour temperature (warmer) keyed. ``azimuth_degrees`` is the sun's compass
    direction from +X, counter-clockwise. Pair it with `sunset_sky` for the sky."""
    del world  # the sun does not depend on the scene; kept for a uniform skill signature

    def sun(elev: float, kelvin: float, irr: float) -> Light:
        az, el = math.radians(azimuth_degrees), math.radians(elev)
        d = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
        pos = np.asarray(target, float) + 100.0 * d
        return Light(id="sun", name="sun", type="sun", temperature=kelvin,
                     power=power_for("sun", irr, 1.0), size=math.radians(0.53),
                     transform=Transform(location=tuple(float(v) for v in pos),
                                         rotation=tuple(look_at_euler(pos, target))))

    return transition([sun(start_elevation, start_kelvin, start_irradiance)],
                      [sun(end_elevation, end_kelvin, end_irradiance)], frames)


def sunset_sky(frames: tuple[int, int], *, start_kelvin: float = 7500.0,
               end_kelvin: float = 2200.0, start_strength: float = 0.8,
               end_strength: float = 0.05, sun: str | None = "sun") -> Environment:
    """The sky of a sunset over ``frames``: its colour goes from a blue day sky to an orange
    dusk (black-body colours keyed per channel) and its strength falls; linked to the sun
    light ``sun`` (from `sunset`), or a plain background with ``sun=None``."""
    f0, f1 = frames
    if f1 <= f0:
        raise InputError(f"sunset_sky: frames {f0}..{f1} are empty")
    a, b = kelvin_to_rgb(start_kelvin), kelvin_to_rgb(end_kelvin)
    return Environment(color=tuple(_curve(f0, f1, x, y) for x, y in zip(a, b, strict=True)),
                       strength=_curve(f0, f1, start_strength, end_strength), sun=sun)
