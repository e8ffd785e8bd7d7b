"""A gym interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "gym", ('gym', 'gymnasium', 'dojo', 'fitness room'),
               params={"width": 14.0, "depth": 14.0, "height": 5.0, "windows": 2},
               description="gym: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('mat', 'mat', -0.35, -0.35, 0.0, 0.35, 0.35, 0.01, 'surface'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("gym", p, FITTINGS)
