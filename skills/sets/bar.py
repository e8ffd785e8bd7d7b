"""A bar interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "bar", ('bar', 'pub', 'saloon', 'tavern', 'nightclub'),
               params={"width": 10.0, "depth": 7.0, "height": 3.2, "windows": 0},
               description="bar: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('bar-counter', 'bar_counter', -0.4, 0.3, 0.0, 0.4, 0.38, 1.1, 'solid'),
    ('back-shelves', 'shelving', -0.4, 0.46, 0.0, 0.4, 0.5, 2.4, 'solid'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("bar", p, FITTINGS)
