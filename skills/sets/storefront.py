"""A shop seen from the street: a shop interior (floor, walls, ceiling) whose street-side wall is
an open shop front — a big window of mullions and a transom around panes of glass, a door — with
the pavement and the road in front of it, neighbouring façades either side and the storeys
above, all outdoors under the sky (a café at dusk filmed from across the street).

The panes are ``window_glass`` (`previz.world.proxy.SEE_THROUGH`): no proxy box, so the
white-box passes, the camera solver and the supervisor see what lies behind the glass (the
frame is geometry, class ``window``); the layout still keeps everyone off the glass, and the
Blender bridge builds each pane as glass.

Built with the street on the south (−y) side and turned a quarter turn at a time to the side
``street`` names. The shop's floor is the set's stage: the layout puts the room's furniture and
cast inside.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from previz.world import InputError

from ..setparts import FLAT, Part, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "storefront", ("storefront", "store front", "shopfront", "shop front",
                                     "shop window", "display window", "shop seen from the street"),
               params={"width": 10.0, "depth": 7.0, "height": 3.2, "road": 7.0,
                       "sidewalk": 3.0, "street": "south"},
               description="a shop interior behind a glazed shop front, with the pavement, "
                           "the road and the sky outside")
LIMITS = {"width": (4.0, 40.0), "depth": (3.0, 40.0), "height": (2.4, 8.0),
          "road": (3.0, 30.0), "sidewalk": (1.0, 10.0)}
SIDES = ("south", "east", "north", "west")  # quarter turns from the built (south) side
WALL = 0.2  # wall thickness, metres
PIER = 0.4  # brick either side of the window and the door
DOOR = 1.0  # door width
DOOR_TOP = 2.2
SILL = 0.45  # the stall riser under the window
FRAME = 0.08  # mullion and rail width
BAY = 1.6  # widest pane between mullions
TRANSOM = 0.5  # the top lights above the transom
UPPER = 6.0  # storeys above the shop
GLASS = 0.012  # pane thickness


def build(p: dict[str, Any], seed: int) -> SetBuild:
    side = str(p["street"])
    if side not in SIDES:
        raise InputError(f"setting.params.street: {side!r} is not a side (one of "
                         f"{', '.join(SIDES)})")
    w, d, h = float(p["width"]), float(p["depth"]), float(p["height"])
    road, walk = float(p["road"]), float(p["sidewalk"])
    rng = np.random.default_rng(seed)
    x, y, t = w / 2, d / 2, WALL
    front = -y - t  # the shop front's street face
    parts = [
        box("shop-floor", "shop_floor", -x, -y, 0.0, x, y, FLAT, "surface"),
        box("back-wall", "interior_wall", -x - t, y, 0.0, x + t, y + t, h),
        box("west-wall", "interior_wall", -x - t, front, 0.0, -x, y, h),
        box("east-wall", "interior_wall", x, front, 0.0, x + t, y, h),
        box("ceiling", "ceiling", -x, front, h - 0.1, x, y, h, "hanging", "back-wall"),
        box("upper-storeys", "building", -x - t, front, h, x + t, y + t, h + UPPER),
    ]
    # The shop front, west to east: pier, window, pier, door, pier.
    door_x1 = x - PIER
    door_x0 = door_x1 - DOOR
    win_x0, win_x1 = -x + PIER, door_x0 - PIER
    top = min(h - 0.4, 2.8)
    parts += [
        box("front-pier-west", "facade", -x, front, 0.0, win_x0, -y, h - 0.1),
        box("front-pier-middle", "facade", win_x1, front, 0.0, door_x0, -y, h - 0.1),
        box("front-pier-east", "facade", door_x1, front, 0.0, x, -y, h - 0.1),
        box("stall-riser", "facade", win_x0, front, 0.0, win_x1, -y, SILL),
        box("fascia", "facade", win_x0, front, top, win_x1, -y, h - 0.1),
        box("door-head", "facade", door_x0, front, DOOR_TOP, door_x1, -y, h - 0.1),
        box("door", "door", door_x0, front + 0.05, 0.0, door_x1, front + 0.1, DOOR_TOP),
    ]
    # The frame sits in the wall's middle: rails along the opening's bottom and top, a
    # transom below the top lights, mullions between bays no wider than `BAY`.
    fy0, fy1 = front + 0.04, front + 0.16
    gy = (fy0 + fy1) / 2
    bottom, head = SILL + FRAME, top - FRAME
    transom = head - TRANSOM
    parts += [
        box("window-sill", "window", win_x0, fy0, SILL, win_x1, fy1, bottom, "hanging",
            "stall-riser"),
        box("window-head", "window", win_x0, fy0, head, win_x1, fy1, top, "hanging", "fascia"),
    ]
    bays = max(1, int(np.ceil((win_x1 - win_x0) / BAY)))
    edges = np.linspace(win_x0, win_x1, bays + 1).tolist()
    for k in range(1, bays):
        parts.append(box(f"mullion-{k}", "window", edges[k] - FRAME / 2, fy0, bottom,
                         edges[k] + FRAME / 2, fy1, head, "hanging", "window-sill"))
    for k in range(bays):
        x0 = edges[k] + (FRAME / 2 if k > 0 else 0.0)
        x1 = edges[k + 1] - (FRAME / 2 if k < bays - 1 else 0.0)
        parts.append(box(f"transom-{k + 1}", "window", x0, fy0, transom - FRAME, x1, fy1,
                         transom, "hanging", f"mullion-{k}" if k > 0 else "front-pier-west"))
        for j, (z0, z1) in enumerate(((bottom, transom - FRAME), (transom, head))):
            parts.append(box(f"pane-{k + 1}-{'low' if j == 0 else 'top'}", "window_glass",
                             x0, gy - GLASS / 2, z0, x1, gy + GLASS / 2, z1, "hanging",
                             "window-sill" if j == 0 else "window-head"))
    # Outside: the pavement along the front and the road beyond it, as long as the façades
    # either side reach (two neighbours a side, seeded widths and heights).
    length = w + 2 * t
    west = east = length / 2
    for k in range(2):
        for sign, name in ((-1.0, "west"), (1.0, "east")):
            wide = float(rng.uniform(6.0, 11.0))
            tall = h + float(rng.uniform(0.3, 1.6)) * UPPER
            at = west if sign < 0 else east
            parts.append(box(f"neighbour-{name}-{k + 1}", "building", sign * at, front,
                             0.0, sign * (at + wide), y + t, tall))
            if sign < 0:
                west += wide
            else:
                east += wide
    kerb = front - walk
    parts += [
        box("sidewalk", "sidewalk", -west, kerb, 0.0, east, front, FLAT, "surface"),
        box("road", "road", -west, kerb - road, 0.0, east, kerb, FLAT / 2, "surface"),
        box("sidewalk-far", "sidewalk", -west, kerb - road - walk, 0.0, east, kerb - road,
            FLAT, "surface"),
    ]
    turns = SIDES.index(side)
    parts = [_turn(q, turns) for q in parts]
    return SetBuild("storefront", tuple(parts), stage=("shop-floor",))


def _turn(part: Part, quarter_turns: int) -> Part:
    """The part turned ``quarter_turns`` × 90° anticlockwise about the origin (south → east)."""
    (x0, y0, z0), (x1, y1, z1) = part.lo, part.hi
    for _ in range(quarter_turns % 4):
        x0, y0, x1, y1 = -y1, x0, -y0, x1
    return box(part.name, part.semantic_class, x0, y0, z0, x1, y1, z1, part.role,
               part.attached_to)
