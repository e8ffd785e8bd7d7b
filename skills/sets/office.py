"""A office interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "office", ('office', 'workplace', 'study', 'boardroom', 'meeting room'),
               params={"width": 6.0, "depth": 5.0, "height": 2.8, "windows": 2},
               description="office: ceiling, windows")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("office", p, FITTINGS)
