"""An alley of a given width that makes N right-angle turns, walled by buildings of seeded
heights, with a doorway at each turn; its centreline is the set's ``path``."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "alley", ("alley", "alleyway", "back alley", "narrow street", "passage",
                                "lane between buildings"),
               params={"width": 2.5, "turns": 3, "leg": 7.5, "height": 9.0, "depth": 4.0},
               description="walled alley with N turns, doorways at the turns")
LIMITS = {"width": (1.0, 12.0), "turns": (0, 12), "leg": (3.0, 60.0), "height": (3.0, 60.0),
          "depth": (1.0, 20.0)}


def centreline(turns: int, leg: float, width: float) -> list[tuple[float, float]]:
    """The alley's centreline: legs of ``leg`` metres alternating north and east (a staircase,
    so it never crosses itself), centred on the origin."""
    pts = [(0.0, 0.0)]
    for i in range(turns + 1):
        x, y = pts[-1]
        pts.append((x, y + leg) if i % 2 == 0 else (x + leg, y))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [(round(x - cx, 4), round(y - cy, 4)) for x, y in pts]


def build(p: dict[str, Any], seed: int) -> SetBuild:
    w, n, leg = float(p["width"]), int(p["turns"]), float(p["leg"])
    height, depth = float(p["height"]), float(p["depth"])
    rng = np.random.default_rng(seed)
    path = centreline(n, leg, w)
    legs = []  # each leg's corridor rectangle (x0, y0, x1, y1)
    for (ax, ay), (bx, by) in itertools.pairwise(path):
        legs.append((min(ax, bx) - w / 2, min(ay, by) - w / 2, max(ax, bx) + w / 2,
                     max(ay, by) + w / 2))
    x0 = min(r[0] for r in legs) - depth
    y0 = min(r[1] for r in legs) - depth
    x1 = max(r[2] for r in legs) + depth
    y1 = max(r[3] for r in legs) + depth
    xs = sorted({round(v, 4) for r in legs for v in (r[0], r[2])} | {round(x0, 4), round(x1, 4)})
    ys = sorted({round(v, 4) for r in legs for v in (r[1], r[3])} | {round(y0, 4), round(y1, 4)})
    parts = []
    k = 0
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            cx, cy = (xs[i] + xs[i + 1]) / 2, (ys[j] + ys[j + 1]) / 2
            inside = any(r[0] < cx < r[2] and r[1] < cy < r[3] for r in legs)
            near = min(max(r[0] - cx, cx - r[2], r[1] - cy, cy - r[3]) for r in legs)
            if inside:
                parts.append(box(f"paving-{i}-{j}", "alley", xs[i], ys[j], 0.0, xs[i + 1],
                                 ys[j + 1], FLAT, "surface"))
            elif near < depth + (xs[i + 1] - xs[i] + ys[j + 1] - ys[j]) / 2:
                k += 1
                hgt = height * float(rng.uniform(0.75, 1.25))
                parts.append(box(f"building-{k}", "building", xs[i], ys[j], 0.0, xs[i + 1],
                                 ys[j + 1], hgt))
    # A doorway at each turn, in the wall that the alley runs into before it turns.
    for t in range(1, n + 1):
        (ax, ay), (bx, by) = path[t - 1], path[t]
        if ax == bx:  # the leg ran north: the doorway is in the north wall, facing south
            parts.append(box(f"door-{t}", "door", bx - 0.5, by + w / 2 - 0.05, 0.0, bx + 0.5,
                             by + w / 2, 2.1))
        else:  # ran east: doorway in the east wall
            parts.append(box(f"door-{t}", "door", bx + w / 2 - 0.05, by - 0.5, 0.0, bx + w / 2,
                             by + 0.5, 2.1))
    paving = tuple(p.name for p in parts if p.semantic_class == "alley")
    return SetBuild("alley", tuple(parts), path=tuple(path), stage=paving)
