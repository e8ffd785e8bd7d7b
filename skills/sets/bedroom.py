"""A bedroom interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = ()
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "bedroom", ('bedroom', 'bed room', 'dorm room', 'hotel room'),
    {'width': 5.0, 'depth': 4.0, 'height': 2.7, 'windows': 1}, FITTINGS)
