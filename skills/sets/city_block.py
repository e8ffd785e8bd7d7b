"""A city block grid: N buildings of seeded heights on square lots, each ringed by sidewalk,
with roads between the lots."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from previz.world import InputError

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "city_block", ("city block", "block of buildings", "downtown", "skyline",
                                     "city blocks"),
               params={"buildings": 9, "height": 24.0, "lot": 20.0, "street": 12.0,
                       "sidewalk": 3.0},
               description="grid of N buildings with heights, sidewalks and roads")
LIMITS = {"buildings": (1, 100), "height": (3.0, 300.0), "lot": (6.0, 80.0),
          "street": (4.0, 40.0), "sidewalk": (0.0, 6.0)}


def build(p: dict[str, Any], seed: int) -> SetBuild:
    n, height = int(p["buildings"]), float(p["height"])
    lot, street, walk = float(p["lot"]), float(p["street"]), float(p["sidewalk"])
    if lot - 2 * walk < 2.0:
        raise InputError(f"setting.params.sidewalk: {walk:g} m of sidewalk leaves no room for "
                         f"a building on a {lot:g} m lot")
    rng = np.random.default_rng(seed)
    nx = math.ceil(math.sqrt(n))
    ny = math.ceil(n / nx)
    pitch = lot + street
    w, d = nx * pitch + street, ny * pitch + street
    x0, y0 = -w / 2, -d / 2
    parts = []
    for j in range(ny + 1):  # east-west roads, full width
        yy = y0 + j * pitch
        parts.append(box(f"road-row-{j + 1}", "road", x0, yy, 0.0, -x0, yy + street, FLAT,
                         "surface"))
    k = 0
    for j in range(ny):
        ly = y0 + street + j * pitch
        for i in range(nx + 1):  # north-south road pieces between the rows
            xx = x0 + i * pitch
            parts.append(box(f"road-{i + 1}-{j + 1}", "road", xx, ly, 0.0, xx + street,
                             ly + lot, FLAT, "surface"))
        for i in range(nx):
            lx = x0 + street + i * pitch
            if k >= n:
                parts.append(box(f"lot-{i + 1}-{j + 1}", "sidewalk", lx, ly, 0.0, lx + lot,
                                 ly + lot, FLAT, "surface"))
                continue
            k += 1
            s = walk
            parts += [
                box(f"sidewalk-{k}-s", "sidewalk", lx, ly, 0.0, lx + lot, ly + s, FLAT,
                    "surface"),
                box(f"sidewalk-{k}-n", "sidewalk", lx, ly + lot - s, 0.0, lx + lot, ly + lot,
                    FLAT, "surface"),
                box(f"sidewalk-{k}-w", "sidewalk", lx, ly + s, 0.0, lx + s, ly + lot - s, FLAT,
                    "surface"),
                box(f"sidewalk-{k}-e", "sidewalk", lx + lot - s, ly + s, 0.0, lx + lot,
                    ly + lot - s, FLAT, "surface"),
            ]
            hgt = height * float(rng.uniform(2 / 3, 4 / 3))  # 20–40 m around 30 m
            parts.append(box(f"building-{k}", "building", lx + s, ly + s, 0.0, lx + lot - s,
                             ly + lot - s, hgt))
    parts = [p for p in parts if min(p.size) > 0]
    return SetBuild("city_block", tuple(parts),
                    stage=tuple(p.name for p in parts if p.semantic_class == "road"))
