"""A hill: a real heightfield of terrain columns (a cosine bell of the given height and radius
with seeded unevenness) around a flat summit where a pavilion or a person can stand, and
optionally a lake (``lake`` metres long) at its south foot.

Columns, not a picture: each is a box whose top is the ground there, so the layout puts things
on the tops, the supervisor measures support and relief on them, and the camera stands above
them. Their class is ``hill`` (``terrain`` is the supervisor's class for a whole ground
volume, an enclosure, which these columns are not: each is solid ground under its top)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..setparts import SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "hill", ("hill", "hilltop", "hillside", "mound", "knoll", "slope",
                               "mountain", "dune"),
               params={"height": 8.0, "radius": 20.0, "summit": 3.0, "cells": 16,
                       "lake": 0.0},
               description="heightfield terrain with a flat summit")
LIMITS = {"height": (0.5, 120.0), "radius": (4.0, 180.0), "summit": (0.0, 30.0),
          "cells": (4, 32), "lake": (0.0, 150.0)}
SHORE = 3.0  # metres of flat shore between the hill's foot and its lake
MIN_COLUMN = 0.05  # lower columns are left to the flat ground


def height_at(r: float, radius: float, height: float) -> float:
    """The bell profile: ``height`` at the centre, 0 at ``radius`` and beyond."""
    return height * 0.5 * (1.0 + math.cos(math.pi * min(r / radius, 1.0)))


def build(p: dict[str, Any], seed: int) -> SetBuild:
    height, radius = float(p["height"]), float(p["radius"])
    summit, n = float(p["summit"]), int(p["cells"])
    rng = np.random.default_rng(seed)
    cell = 2 * radius / n
    edges = [-radius + i * cell for i in range(n + 1)]
    # The summit: the cells whose centres lie within `summit` of the centre, one flat top.
    top_cells = [i for i in range(n) if abs((edges[i] + edges[i + 1]) / 2) < max(summit,
                                                                                  cell / 2)]
    s0, s1 = (min(top_cells), max(top_cells)) if summit > 0 else (n, -1)
    parts = []
    if s0 <= s1:
        parts.append(box("summit", "hill", edges[s0], edges[s0], 0.0, edges[s1 + 1],
                         edges[s1 + 1], height, "platform"))
    bumps = rng.uniform(-0.05, 0.05, (n, n))
    for i in range(n):
        for j in range(n):
            if s0 <= i <= s1 and s0 <= j <= s1:
                continue
            cx, cy = (edges[i] + edges[i + 1]) / 2, (edges[j] + edges[j + 1]) / 2
            h = height_at(math.hypot(cx, cy), radius, height) * (1.0 + float(bumps[i, j]))
            h = min(h, height)
            if h < MIN_COLUMN:
                continue
            parts.append(box(f"terrain-{i}-{j}", "hill", edges[i], edges[j], 0.0,
                             edges[i + 1], edges[j + 1], h, "platform"))
    if p["lake"] > 0:  # a lake at the hill's south foot, as wide as the hill
        y1 = -radius - SHORE
        y0 = y1 - float(p["lake"])
        parts.append(box("lake", "water", -radius, y0, -1.5, radius, y1, 0.02, "water"))
    return SetBuild("hill", tuple(parts), stage=("summit",) if s0 <= s1 else ())
