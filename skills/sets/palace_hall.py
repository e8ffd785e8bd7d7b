"""A palace hall interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('column-south-1', 'column', -0.362, -0.318, 0.0, -0.33799999999999997, -0.282, 30.0, 'solid'),
    ('column-south-2', 'column', -0.187, -0.318, 0.0, -0.16299999999999998, -0.282, 30.0, 'solid'),
    ('column-south-3', 'column', -0.012, -0.318, 0.0, 0.012, -0.282, 30.0, 'solid'),
    ('column-south-4', 'column', 0.16299999999999998, -0.318, 0.0, 0.187, -0.282, 30.0, 'solid'),
    ('column-south-5', 'column', 0.33799999999999997, -0.318, 0.0, 0.362, -0.282, 30.0, 'solid'),
    ('column-north-1', 'column', -0.362, 0.282, 0.0, -0.33799999999999997, 0.318, 30.0, 'solid'),
    ('column-north-2', 'column', -0.187, 0.282, 0.0, -0.16299999999999998, 0.318, 30.0, 'solid'),
    ('column-north-3', 'column', -0.012, 0.282, 0.0, 0.012, 0.318, 30.0, 'solid'),
    ('column-north-4', 'column', 0.16299999999999998, 0.282, 0.0, 0.187, 0.318, 30.0, 'solid'),
    ('column-north-5', 'column', 0.33799999999999997, 0.282, 0.0, 0.362, 0.318, 30.0, 'solid'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "palace_hall", ('palace hall', 'throne room', 'ballroom', 'great hall', 'banquet hall',
                    'dining hall'),
    {'width': 24.0, 'depth': 16.0, 'height': 9.0, 'windows': 4}, FITTINGS)
