"""A square or plaza: paving, and at its north side a hall (or palace) on a podium reached by a
flight of steps, with columns along its front."""

from __future__ import annotations

from typing import Any

from previz.world import InputError

from ..setparts import FLAT, SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "plaza", ("plaza", "square", "town square", "piazza", "city square",
                                "forecourt", "palace square", "courtyard"),
               params={"width": 40.0, "depth": 30.0, "hall": True, "steps": 5,
                       "hall_height": 12.0, "building": "hall"},
               description="paved square, hall with steps and columns")
LIMITS = {"width": (10.0, 300.0), "depth": (10.0, 300.0), "steps": (0, 20),
          "hall_height": (3.0, 80.0)}
RISE, TREAD = 0.17, 0.35
BUILDINGS = ("hall", "church", "palace", "temple", "town_hall", "museum", "cathedral")
"""What stands on the podium (the ``building`` parameter): its semantic class."""


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    w, d, n, hh = float(p["width"]), float(p["depth"]), int(p["steps"]), float(p["hall_height"])
    if p["building"] not in BUILDINGS:
        raise InputError(f"setting.params.building: {p['building']!r} is not one of "
                         f"{', '.join(BUILDINGS)}")
    x, y = w / 2, d / 2
    parts = []
    if not p["hall"]:
        return SetBuild("plaza", (box("paving", "plaza", -x, -y, 0.0, x, y, FLAT, "surface"),))
    hall_w, hall_d = min(0.6 * w, 30.0), min(0.3 * d, 14.0)
    back = y  # the hall's back on the plaza's north edge
    front = back - hall_d  # the podium's front edge
    podium = max(1, n) * RISE
    stairs = front - n * TREAD  # where the steps start
    parts.append(box("paving", "plaza", -x, -y, 0.0, x, stairs, FLAT, "surface"))
    parts.append(box("paving-west", "plaza", -x, stairs, 0.0, -hall_w / 2, y, FLAT, "surface"))
    parts.append(box("paving-east", "plaza", hall_w / 2, stairs, 0.0, x, y, FLAT, "surface"))
    for i in range(n):
        parts.append(box(f"step-{i + 1}", "steps", -hall_w / 2, stairs + i * TREAD, 0.0,
                         hall_w / 2, stairs + (i + 1) * TREAD, (i + 1) * RISE, "platform"))
    parts.append(box("podium", "steps", -hall_w / 2, front, 0.0, hall_w / 2, back, podium,
                     "platform"))
    parts.append(box("hall", str(p["building"]), -hall_w / 2 + 1.0, front + 3.0, podium,
                     hall_w / 2 - 1.0, back, podium + hh))
    cols = max(2, int(hall_w // 4))
    for k in range(cols):
        cx = -hall_w / 2 + 1.5 + k * (hall_w - 3.0) / (cols - 1)
        parts.append(centred(f"column-{k + 1}", "column", cx, front + 1.2, podium, 0.6, 0.6,
                             hh * 0.8))
    return SetBuild("plaza", tuple(parts), stage=("podium",))
