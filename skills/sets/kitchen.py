"""A kitchen interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "kitchen", ('kitchen', 'kitchenette'),
               params={"width": 5.0, "depth": 4.0, "height": 2.7, "windows": 1},
               description="kitchen: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('counter', 'counter', -0.5, 0.38, 0.0, 0.5, 0.5, 0.9, 'solid'),
    ('upper-cabinets', 'cabinet', -0.5, 0.42, 1.5, 0.2, 0.5, 2.2, 'solid'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("kitchen", p, FITTINGS)
