"""A forest clearing: a grassy opening of a given width in a forest floor, with trees (trunk
and crown) standing round it at seeded spots, none inside the clearing."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..setparts import FLAT, SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "forest_clearing", ("forest clearing", "clearing", "glade",
                                          "woodland clearing", "clearing in the woods"),
               params={"size": 40.0, "clearing": 14.0, "trees": 40},
               description="a grassy clearing ringed by trees")
LIMITS = {"size": (10.0, 300.0), "clearing": (2.0, 250.0), "trees": (0, 400)}


def build(p: dict[str, Any], seed: int) -> SetBuild:
    size, clear, n = float(p["size"]), float(p["clearing"]), int(p["trees"])
    if clear > size - 4.0:
        from previz.world import InputError

        raise InputError(f"setting.params.clearing: {clear:g} m leaves no room for the forest "
                         f"in a {size:g} m set (at most {size - 4.0:g})")
    rng = np.random.default_rng(seed)
    s, c = size / 2, clear / 2
    parts = [box("clearing", "lawn", -c, -c, 0.0, c, c, FLAT, "surface")]
    for name, (x0, y0, x1, y1) in (("south", (-s, -s, s, -c)), ("north", (-s, c, s, s)),
                                   ("west", (-s, -c, -c, c)), ("east", (c, -c, s, c))):
        parts.append(box(f"forest-floor-{name}", "forest_floor", x0, y0, 0.0, x1, y1, FLAT,
                         "surface"))
    spots: list[tuple[float, float, float]] = []
    tries = 0
    while len(spots) < n and tries < 200 * max(1, n):
        tries += 1
        crown = float(rng.uniform(1.2, 2.4))
        cx = float(rng.uniform(-s + crown, s - crown))
        cy = float(rng.uniform(-s + crown, s - crown))
        if max(abs(cx), abs(cy)) < c + crown:  # nothing grows in the clearing
            continue
        if any(max(abs(cx - a), abs(cy - b)) < crown + r + 0.2 for a, b, r in spots):
            continue
        spots.append((cx, cy, crown))
    for k, (cx, cy, crown) in enumerate(spots):
        trunk_h = 3.0 + crown
        parts.append(centred(f"trunk-{k + 1}", "tree_trunk", cx, cy, FLAT, 0.4, 0.4,
                             trunk_h - FLAT))
        parts.append(centred(f"crown-{k + 1}", "tree", cx, cy, trunk_h, 2 * crown, 2 * crown,
                             2.5 * crown))
    return SetBuild("forest_clearing", tuple(parts), stage=("clearing",))
