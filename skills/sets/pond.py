"""A pond or small lake: a water volume whose surface sits just above the ground, in a low
bank; something can swim in it and a heron can wade at its edge."""

from __future__ import annotations

from typing import Any

from ..setparts import SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "pond", ("pond", "lake", "small lake", "mere", "koi pond", "duck pond",
                               "lakeside", "lakeshore"),
               params={"width": 12.0, "length": 8.0, "water_depth": 1.0, "bank": 1.5},
               description="water surface and bank")
LIMITS = {"width": (1.0, 300.0), "length": (1.0, 300.0), "water_depth": (0.1, 20.0),
          "bank": (0.2, 20.0)}
SURFACE = 0.02  # the water's surface above the ground (so it shows over the ground slab)
BANK_H = 0.15


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    w, ln, deep, b = float(p["width"]), float(p["length"]), float(p["water_depth"]), \
        float(p["bank"])
    x, y = w / 2, ln / 2
    parts = [
        box("water", "water", -x, -y, SURFACE - deep, x, y, SURFACE, "water"),
        box("bank-south", "bank", -x - b, -y - b, 0.0, x + b, -y, BANK_H, "platform"),
        box("bank-north", "bank", -x - b, y, 0.0, x + b, y + b, BANK_H, "platform"),
        box("bank-west", "bank", -x - b, -y, 0.0, -x, y, BANK_H, "platform"),
        box("bank-east", "bank", x, -y, 0.0, x + b, y, BANK_H, "platform"),
    ]
    return SetBuild("pond", tuple(parts))
