"""A palace hall interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "palace_hall", ("palace hall", "throne room", "ballroom", "great hall",
                                      "banquet hall", "dining hall"),
               params={"width": 24.0, "depth": 16.0, "height": 9.0, "windows": 4},
               description="palace hall: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('column-south-1', 'column', -0.362, -0.318, 0.0, -0.33799999999999997, -0.282, 30.0, 'solid'),
    ('column-south-2', 'column', -0.187, -0.318, 0.0, -0.16299999999999998, -0.282, 30.0, 'solid'),
    ('column-south-3', 'column', -0.012, -0.318, 0.0, 0.012, -0.282, 30.0, 'solid'),
    ('column-south-4', 'column', 0.16299999999999998, -0.318, 0.0, 0.187, -0.282, 30.0, 'solid'),
    ('column-south-5', 'column', 0.33799999999999997, -0.318, 0.0, 0.362, -0.282, 30.0, 'solid'),
    ('column-north-1', 'column', -0.362, 0.282, 0.0, -0.33799999999999997, 0.318, 30.0, 'solid'),
    ('column-north-2', 'column', -0.187, 0.282, 0.0, -0.16299999999999998, 0.318, 30.0, 'solid'),
    ('column-north-3', 'column', -0.012, 0.282, 0.0, 0.012, 0.318, 30.0, 'solid'),
    ('column-north-4', 'column', 0.16299999999999998, 0.282, 0.0, 0.187, 0.318, 30.0, 'solid'),
    ('column-north-5', 'column', 0.33799999999999997, 0.282, 0.0, 0.362, 0.318, 30.0, 'solid'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("palace_hall", p, FITTINGS)
