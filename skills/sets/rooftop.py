"""A rooftop: a building's flat roof at a given height (the building a platform below it),
a parapet round the edge, a stair housing and a few rooftop units standing on the roof."""

from __future__ import annotations

from typing import Any

from ..setparts import SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "rooftop", ("rooftop", "roof top", "roof terrace", "on the roof",
                                  "building roof"),
               params={"width": 24.0, "depth": 18.0, "height": 20.0, "parapet": 1.1,
                       "units": 3},
               description="a flat roof with a parapet, a stair housing, rooftop units")
LIMITS = {"width": (6.0, 200.0), "depth": (6.0, 200.0), "height": (3.0, 300.0),
          "parapet": (0.0, 3.0), "units": (0, 12)}
WALL = 0.25  # parapet thickness


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    w, d, h, ph, n = (float(p["width"]), float(p["depth"]), float(p["height"]),
                      float(p["parapet"]), int(p["units"]))
    x, y = w / 2, d / 2
    parts = [box("roof", "roof", -x, -y, 0.0, x, y, h, "platform")]
    if ph > 0:
        parts += [box("parapet-south", "parapet", -x, -y, h, x, -y + WALL, h + ph),
                  box("parapet-north", "parapet", -x, y - WALL, h, x, y, h + ph),
                  box("parapet-west", "parapet", -x, -y + WALL, h, -x + WALL, y - WALL, h + ph),
                  box("parapet-east", "parapet", x - WALL, -y + WALL, h, x, y - WALL, h + ph)]
    # the stair housing in the north-west corner, clear of the parapet
    parts.append(box("stair-housing", "stair_housing", -x + WALL + 1.0, y - WALL - 4.0, h,
                     -x + WALL + 4.0, y - WALL - 1.0, h + 2.6))
    for k in range(n):  # air-conditioning units along the north side
        cx = -x + WALL + 6.0 + k * 2.5
        if cx + 0.8 > x - WALL - 1.0:
            break
        parts.append(centred(f"rooftop-unit-{k + 1}", "rooftop_unit", cx, y - WALL - 2.0, h,
                             1.6, 1.2, 1.3))
    return SetBuild("rooftop", tuple(parts), stage=("roof",))
