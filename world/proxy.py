"""The white-box proxy of an entity: the solid boxes that stand for it when no mesh is loaded.

One definition shared by everything that needs an entity's shape without Blender — the Blender
bridge builds these boxes as the proxy mesh, the camera solver ray-casts against them, the
supervisor measures interpenetration with them — so all agree on where an entity is solid.

In the entity's own frame (origin at the bottom centre, front facing −Y, +Z up): a prop,
character or animal is one box of its `asset.size` (width x, depth y, height z; a per-kind
default when none is given), and so is a set part (a set of a class not in `SHELLS`; none for
a pane of glass, `SEE_THROUGH`); a
`set` is an open room shell — a floor slab whose top is at z = 0
and four walls standing outside the given inner size — so cameras and characters can stand in it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Entity

Box = tuple[tuple[float, float, float], tuple[float, float, float]]  # (lo, hi) corners

DEFAULT_SIZES: dict[str, tuple[float, float, float]] = {
    "set": (8.0, 8.0, 3.0),
    "prop": (0.5, 0.5, 0.5),
    "character": (0.5, 0.3, 1.75),
    "animal": (0.4, 1.0, 0.8),
}
WALL = 0.1  # thickness of a set's floor and walls, metres
SHELLS = ("", "wall", "room", "ground", "floor", "terrain", "grass")
"""Set classes drawn as an open room shell (a setting's room or ground). A set entity of any
other class is one part of a procedural set (`previz.skills.setparts`: a post, a rope, a hill
column, a water volume) and is one solid box, like a prop."""
SEE_THROUGH = ("window_glass",)
"""Set classes that are seen through: a shop window's panes (`previz.skills.sets.storefront`).
They have no proxy box, so the white-box passes show what lies behind the glass (its depth,
normals and segmentation), the camera solver and the supervisor look through it, and the bridge
builds them as glass; the layout still keeps everyone off them (they are the set's parts)."""


def proxy_size(entity: Entity) -> tuple[float, float, float]:
    """The entity's size (w, d, h): its asset's, or the default of its kind."""
    size = entity.asset.size or DEFAULT_SIZES[entity.kind]
    return (float(size[0]), float(size[1]), float(size[2]))


def proxy_boxes(entity: Entity) -> list[Box]:
    """The proxy's solid boxes as (lo, hi) corners in the entity's frame."""
    if entity.kind == "set" and entity.semantic_class in SEE_THROUGH:
        return []
    w, d, h = proxy_size(entity)
    x, y = w / 2, d / 2
    if entity.kind != "set" or entity.semantic_class not in SHELLS:
        return [((-x, -y, 0.0), (x, y, h))]
    t = WALL
    return [
        ((-x - t, -y - t, -t), (x + t, y + t, 0.0)),  # floor, top face at z = 0
        ((-x - t, -y - t, 0.0), (-x, y + t, h)),  # west wall
        ((x, -y - t, 0.0), (x + t, y + t, h)),  # east wall
        ((-x, y, 0.0), (x, y + t, h)),  # north wall
        ((-x, -y - t, 0.0), (x, -y, h)),  # south wall
    ]
