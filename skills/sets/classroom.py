"""A classroom interior: ceiling, windows, fittings (the walls are the setting's room)."""

from __future__ import annotations

from ..setparts import INTERIOR_LIMITS, Fitting, declare_interior

FITTINGS: tuple[Fitting, ...] = (
    ('blackboard', 'blackboard', -0.3, 0.49, 0.9, 0.3, 0.5, 2.1, 'hanging'),
)
LIMITS = INTERIOR_LIMITS
TERM, build = declare_interior(
    "classroom", ('classroom', 'class room', 'lecture room', 'school room'),
    {'width': 9.0, 'depth': 7.0, 'height': 3.0, 'windows': 3}, FITTINGS)
