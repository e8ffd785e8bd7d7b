"""A corridor interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "corridor", ("corridor", "hallway", "hall way", "passageway",
                                   "hospital corridor"),
               params={"width": 3.0, "depth": 20.0, "height": 2.8, "windows": 0},
               description="corridor: ceiling, windows")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("corridor", p, FITTINGS)
