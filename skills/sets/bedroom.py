"""A bedroom interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "bedroom", ('bedroom', 'bed room', 'dorm room', 'hotel room'),
               params={"width": 5.0, "depth": 4.0, "height": 2.7, "windows": 1},
               description="bedroom: ceiling, windows")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("bedroom", p, FITTINGS)
