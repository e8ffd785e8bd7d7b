"""A kitchen interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('counter', 'counter', -0.5, 0.38, 0.0, 0.5, 0.5, 0.9, 'solid'),
    ('upper-cabinets', 'cabinet', -0.5, 0.42, 1.5, 0.2, 0.5, 2.2, 'solid'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "kitchen", ('kitchen', 'kitchenette'),
    {'width': 5.0, 'depth': 4.0, 'height': 2.7, 'windows': 1}, FITTINGS)
