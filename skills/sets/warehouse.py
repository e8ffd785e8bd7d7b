"""A warehouse interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "warehouse", ('warehouse', 'storehouse', 'depot', 'garage', 'hangar'),
               params={"width": 30.0, "depth": 20.0, "height": 8.0, "windows": 2},
               description="warehouse: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('rack-1', 'shelving', -0.45, 0.3, 0.0, -0.1, 0.36, 4.0, 'solid'),
    ('rack-2', 'shelving', 0.1, 0.3, 0.0, 0.45, 0.36, 4.0, 'solid'),
    ('rack-3', 'shelving', -0.45, 0.1, 0.0, -0.1, 0.16, 4.0, 'solid'),
    ('rack-4', 'shelving', 0.1, 0.1, 0.0, 0.45, 0.16, 4.0, 'solid'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("warehouse", p, FITTINGS)
