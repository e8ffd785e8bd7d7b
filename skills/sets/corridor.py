"""A corridor interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = ()
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "corridor", ('corridor', 'hallway', 'hall way', 'passageway', 'hospital corridor'),
    {'width': 3.0, 'depth': 20.0, 'height': 2.8, 'windows': 0}, FITTINGS)
