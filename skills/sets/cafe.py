"""A cafe interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('counter', 'counter', 0.1, 0.36, 0.0, 0.5, 0.5, 1.05, 'solid'),
    ('shopfront', 'window', -0.45, -0.5, 0.5, 0.45, -0.49, 2.6, 'hanging'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "cafe", ('cafe', 'café', 'coffee shop', 'coffeehouse', 'tea house', 'bistro', 'diner'),
    {'width': 8.0, 'depth': 6.0, 'height': 3.0, 'windows': 3}, FITTINGS)
