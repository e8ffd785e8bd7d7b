"""Agent-level orientation helpers: which way an entity faces.

The geometry itself — oriented boxes, rays and segments against boxes (vectorised), overlap and
penetration, 2D footprints — is the one kernel `previz.skills.geometry`, shared by the layout
solver, the camera solver and the supervisor. The kernel's single-box names are re-exported here
for callers that still import them from the agents.
"""

from __future__ import annotations

import math

from previz.skills.geometry import (
    Box,
    entity_box,
    penetration,
    proxy_part_boxes,
    rect_extent,
    rect_overlaps,
    yaw_box,
)

__all__ = ["Box", "entity_box", "facing_yaw", "front", "penetration", "proxy_part_boxes",
           "rect_extent", "rect_overlaps", "yaw_box"]


def facing_yaw(dx: float, dy: float) -> float:
    """The yaw that turns an entity's front (−Y at rest) toward direction (dx, dy)."""
    return math.atan2(dx, -dy)


def front(yaw: float) -> tuple[float, float]:
    """The direction an entity's front faces at ``yaw``."""
    return math.sin(yaw), -math.cos(yaw)
