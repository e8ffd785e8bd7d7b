"""An office interior: ceiling, windows (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = ()
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "office", ('office', 'workplace', 'study', 'boardroom', 'meeting room'),
    {'width': 6.0, 'depth': 5.0, 'height': 2.8, 'windows': 2}, FITTINGS)
