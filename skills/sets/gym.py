"""A gym interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('mat', 'mat', -0.35, -0.35, 0.0, 0.35, 0.35, 0.01, 'surface'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "gym", ('gym', 'gymnasium', 'dojo', 'fitness room'),
    {'width': 14.0, 'depth': 14.0, 'height': 5.0, 'windows': 2}, FITTINGS)
