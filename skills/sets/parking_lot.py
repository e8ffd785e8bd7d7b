"""A parking lot: asphalt with rows of marked bays of a given width and length either side of
a driving aisle, and kerbs round it."""

from __future__ import annotations

from typing import Any

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "parking_lot", ("parking lot", "car park", "parking area",
                                      "parking space", "parking spaces"),
               params={"bays": 10, "rows": 2, "bay_width": 2.5, "bay_length": 5.0,
                       "aisle": 6.0},
               description="asphalt, marked bays in rows, a driving aisle, kerbs")
LIMITS = {"bays": (1, 60), "rows": (1, 2), "bay_width": (2.0, 4.0), "bay_length": (4.0, 7.0),
          "aisle": (3.0, 12.0)}
LINE = 0.1
KERB = 0.3  # kerb width (and 0.15 m high)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    """Bays run along x; row 1 south of the aisle, row 2 north of it."""
    del seed
    n, rows, bw, bl, aisle = (int(p["bays"]), int(p["rows"]), float(p["bay_width"]),
                              float(p["bay_length"]), float(p["aisle"]))
    length = n * bw + 2.0
    depth = aisle + rows * bl + 2.0
    x, y = length / 2, depth / 2
    low, top = FLAT / 2, FLAT
    parts = [box("asphalt", "asphalt", -x, -y, 0.0, x, y, low, "surface")]
    south = -y + 1.0  # the bays of row 1 start here (row 2 ends 1 m from the north edge)
    bands = [(south, south + bl)]
    if rows == 2:
        bands.append((south + bl + aisle, south + 2 * bl + aisle))
    for r, (b0, b1) in enumerate(bands):
        for k in range(n + 1):
            bx = -n * bw / 2 + k * bw
            parts.append(box(f"bay-line-{r + 1}-{k + 1}", "parking_line", bx - LINE / 2, b0, low,
                             bx + LINE / 2, b1, top, "surface"))
    parts += [box("kerb-south", "kerb", -x, -y - KERB, 0.0, x, -y, 0.15, "platform"),
              box("kerb-north", "kerb", -x, y, 0.0, x, y + KERB, 0.15, "platform")]
    return SetBuild("parking_lot", tuple(parts), stage=("asphalt",))
