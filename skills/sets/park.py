"""A park: lawns crossed by two paths, with trees (trunk and crown) on the lawns at seeded
spots clear of the paths and of each other."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..setparts import FLAT, SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "park", ("park", "public park", "garden", "meadow", "lawn", "gardens"),
               params={"width": 40.0, "depth": 30.0, "trees": 12, "path": 3.0},
               description="lawns, crossing paths, trees")
LIMITS = {"width": (10.0, 300.0), "depth": (10.0, 300.0), "trees": (0, 200),
          "path": (0.0, 10.0)}


def build(p: dict[str, Any], seed: int) -> SetBuild:
    w, d, n, pw = float(p["width"]), float(p["depth"]), int(p["trees"]), float(p["path"])
    rng = np.random.default_rng(seed)
    x, y, h = w / 2, d / 2, pw / 2
    parts = []
    if pw > 0:
        parts += [box("path-east-west", "path", -x, -h, 0.0, x, h, FLAT, "surface"),
                  box("path-south", "path", -h, -y, 0.0, h, -h, FLAT, "surface"),
                  box("path-north", "path", -h, h, 0.0, h, y, FLAT, "surface")]
    for name, (x0, y0, x1, y1) in (("sw", (-x, -y, -h, -h)), ("se", (h, -y, x, -h)),
                                   ("nw", (-x, h, -h, y)), ("ne", (h, h, x, y))):
        parts.append(box(f"lawn-{name}", "lawn", x0, y0, 0.0, x1, y1, FLAT, "surface"))
    spots: list[tuple[float, float, float]] = []
    tries = 0
    while len(spots) < n and tries < 200 * max(1, n):
        tries += 1
        crown = float(rng.uniform(1.5, 2.5))  # crown radius
        cx = float(rng.uniform(-x + crown, x - crown))
        cy = float(rng.uniform(-y + crown, y - crown))
        if abs(cx) < h + crown or abs(cy) < h + crown:
            continue
        if any(max(abs(cx - a), abs(cy - b)) < crown + r + 0.3 for a, b, r in spots):
            continue
        spots.append((cx, cy, crown))
    for k, (cx, cy, crown) in enumerate(spots):
        trunk_h = 2.0 + crown * 0.6
        parts.append(centred(f"trunk-{k + 1}", "tree_trunk", cx, cy, FLAT, 0.35, 0.35,
                             trunk_h - FLAT))
        parts.append(centred(f"crown-{k + 1}", "tree", cx, cy, trunk_h, 2 * crown, 2 * crown,
                             2.2 * crown))
    return SetBuild("park", tuple(parts))
