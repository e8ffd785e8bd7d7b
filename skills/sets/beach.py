"""A beach: sand down to a straight water line, then the sea — a water volume whose surface is
just above the ground, so a swimmer swims in it and a walker's feet stay on the sand."""

from __future__ import annotations

from typing import Any

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "beach", ("beach", "seaside", "seashore", "sandy beach", "coast",
                                "beachfront"),
               params={"width": 60.0, "sand": 30.0, "sea": 20.0, "water_depth": 2.0},
               description="sand, a water line, the sea")
LIMITS = {"width": (5.0, 300.0), "sand": (2.0, 200.0), "sea": (2.0, 200.0),
          "water_depth": (0.1, 30.0)}
SURFACE = 0.02  # the sea's surface above the ground (it shows over the ground slab)
LINE = 0.6  # the wet strip along the water line


def build(p: dict[str, Any], seed: int) -> SetBuild:
    """The shore runs along x; the sand is on the south (−y) side, the sea on the north."""
    del seed
    w, sand, sea, deep = (float(p["width"]), float(p["sand"]), float(p["sea"]),
                          float(p["water_depth"]))
    x = w / 2
    y0 = -(sand + sea) / 2  # the footprint is centred on the origin
    shore = y0 + sand
    parts = [box("sand", "sand", -x, y0, 0.0, x, shore - LINE, FLAT, "surface"),
             box("water-line", "water_line", -x, shore - LINE, 0.0, x, shore, FLAT, "surface"),
             box("sea", "water", -x, shore, SURFACE - deep, x, shore + sea, SURFACE, "water")]
    return SetBuild("beach", tuple(parts), stage=("sand",))
