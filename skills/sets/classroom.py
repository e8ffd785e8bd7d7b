"""A classroom interior: ceiling, windows, fixed fittings (the walls are the setting's room)."""

from __future__ import annotations

from typing import Any

from ..setparts import INTERIOR_LIMITS, SetBuild, interior
from ..vocabulary import declare

TERM = declare("set", "classroom", ('classroom', 'class room', 'lecture room', 'school room'),
               params={"width": 9.0, "depth": 7.0, "height": 3.0, "windows": 3},
               description="classroom: ceiling, windows, fittings")
LIMITS = INTERIOR_LIMITS
FITTINGS = (
    ('blackboard', 'blackboard', -0.3, 0.49, 0.9, 0.3, 0.5, 2.1, 'hanging'),
)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    return interior("classroom", p, FITTINGS)
