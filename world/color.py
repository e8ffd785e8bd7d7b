"""Colour helpers for lights: colour temperature (kelvin) to linear RGB."""

from __future__ import annotations

import math


def kelvin_to_rgb(kelvin: float) -> tuple[float, float, float]:
    """Linear RGB (max channel 1) of a black body, after Tanner Helland's fit of the CIE data.

    Good to a few percent from 1000 K to 40000 K, which is all a lighting preset needs."""
    t = min(max(kelvin, 1000.0), 40000.0) / 100.0
    r = 255.0 if t <= 66 else 329.698727446 * (t - 60) ** -0.1332047592
    if t <= 66:
        g = 99.4708025861 * math.log(t) - 161.1195681661
    else:
        g = 288.1221695283 * (t - 60) ** -0.0755148492
    if t >= 66:
        b = 255.0
    elif t <= 19:
        b = 0.0
    else:
        b = 138.5177312231 * math.log(t - 10) - 305.0447927307
    srgb = [min(max(c, 0.0), 255.0) / 255.0 for c in (r, g, b)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    peak = max(lin)
    return (lin[0] / peak, lin[1] / peak, lin[2] / peak)
