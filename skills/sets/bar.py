"""A bar interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('bar-counter', 'bar_counter', -0.4, 0.3, 0.0, 0.4, 0.38, 1.1, 'solid'),
    ('back-shelves', 'shelving', -0.4, 0.46, 0.0, 0.4, 0.5, 2.4, 'solid'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "bar", ('bar', 'pub', 'saloon', 'tavern', 'nightclub'),
    {'width': 10.0, 'depth': 7.0, 'height': 3.2, 'windows': 0}, FITTINGS)
