"""A street: a road with lane markings between two sidewalks, lined on both sides by building
façades of seeded widths and heights."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "street", ("street", "city street", "road", "avenue", "boulevard",
                                 "main street", "high street", "crosswalk"),
               params={"length": 60.0, "road": 8.0, "sidewalk": 3.0, "height": 12.0,
                       "lanes": 2},
               description="road with lanes, sidewalks, façades")
LIMITS = {"length": (10.0, 380.0), "road": (3.0, 40.0), "sidewalk": (0.0, 12.0),
          "height": (3.0, 120.0), "lanes": (1, 8)}
DEPTH = 8.0  # façade block depth, metres


def build(p: dict[str, Any], seed: int) -> SetBuild:
    length, road, walk = float(p["length"]), float(p["road"]), float(p["sidewalk"])
    height, lanes = float(p["height"]), int(p["lanes"])
    rng = np.random.default_rng(seed)
    x, r = length / 2, road / 2
    low = FLAT / 2
    parts = [box("road", "road", -x, -r, 0.0, x, r, low, "surface")]
    for k in range(1, lanes):  # dashed lane lines, 3 m dashes every 9 m
        y = -r + k * road / lanes
        for i, x0 in enumerate(np.arange(-x + 3.0, x - 3.0, 9.0).tolist()):
            parts.append(box(f"lane-{k}-{i + 1}", "road_marking", x0, y - 0.06, low, x0 + 3.0,
                             y + 0.06, FLAT, "surface"))
    if walk > 0:
        parts += [box("sidewalk-south", "sidewalk", -x, -r - walk, 0.0, x, -r, FLAT, "surface"),
                  box("sidewalk-north", "sidewalk", -x, r, 0.0, x, r + walk, FLAT, "surface")]
    for side, sy in (("south", -1.0), ("north", 1.0)):
        at = -x
        k = 0
        while at < x - 1e-6:
            k += 1
            wide = min(float(rng.uniform(6.0, 14.0)), x - at)
            if x - at - wide < 3.0:
                wide = x - at  # no sliver at the end
            hgt = height * float(rng.uniform(0.6, 1.4))
            y0 = sy * (r + walk)
            parts.append(box(f"facade-{side}-{k}", "building", at, y0, 0.0, at + wide,
                             y0 + sy * DEPTH, hgt))
            at += wide
    return SetBuild("street", tuple(parts), path=((-x, 0.0), (x, 0.0)),
                    stage=("sidewalk-south", "sidewalk-north", "road"))
