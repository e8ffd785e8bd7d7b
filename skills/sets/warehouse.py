"""A warehouse interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('rack-1', 'shelving', -0.45, 0.3, 0.0, -0.1, 0.36, 4.0, 'solid'),
    ('rack-2', 'shelving', 0.1, 0.3, 0.0, 0.45, 0.36, 4.0, 'solid'),
    ('rack-3', 'shelving', -0.45, 0.1, 0.0, -0.1, 0.16, 4.0, 'solid'),
    ('rack-4', 'shelving', 0.1, 0.1, 0.0, 0.45, 0.16, 4.0, 'solid'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "warehouse", ('warehouse', 'storehouse', 'depot', 'garage', 'hangar'),
    {'width': 30.0, 'depth': 20.0, 'height': 8.0, 'windows': 2}, FITTINGS)
