"""A cafe interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "cafe", ("cafe", "café", "coffee shop", "coffeehouse", "tea house",
                               "bistro", "diner"),
               params={"width": 8.0, "depth": 6.0, "height": 3.0, "windows": 3},
               description="cafe: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('counter', 'counter', 0.1, 0.36, 0.0, 0.5, 0.5, 1.05, 'solid'),
    ('shopfront', 'window', -0.45, -0.5, 0.5, 0.45, -0.49, 2.6, 'hanging'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("cafe", p, FITTINGS)
