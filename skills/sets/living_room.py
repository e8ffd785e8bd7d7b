"""A living room interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "living_room", ('living room', 'lounge', 'sitting room', 'family room'),
               params={"width": 6.0, "depth": 5.0, "height": 2.7, "windows": 2},
               description="living room: ceiling, windows")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("living_room", p, FITTINGS)
