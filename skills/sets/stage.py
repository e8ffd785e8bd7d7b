"""A stage: a raised platform with steps up at the front and a backdrop at the back."""

from __future__ import annotations

from typing import Any

from ..setparts import SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "stage", ("stage", "concert stage", "podium stage", "bandstand",
                                "theatre stage"),
               params={"width": 8.0, "depth": 5.0, "height": 1.0, "backdrop": True},
               description="raised platform, front steps, backdrop")
LIMITS = {"width": (2.0, 40.0), "depth": (2.0, 20.0), "height": (0.2, 2.5)}
RISE = 0.2  # step height


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    w, d, h = float(p["width"]), float(p["depth"]), float(p["height"])
    parts = [box("platform", "stage", -w / 2, -d / 2, 0.0, w / 2, d / 2, h, "platform")]
    n = max(1, round(h / RISE) - 1)
    tread = 0.3
    sw = min(2.0, w / 2)
    for i in range(n):  # step i (lowest first) rises to (i + 1) h / (n + 1)
        y1 = -d / 2 - (n - 1 - i) * tread
        parts.append(box(f"step-{i + 1}", "steps", -sw / 2, y1 - tread, 0.0, sw / 2, y1,
                         (i + 1) * h / (n + 1), "platform"))
    if p["backdrop"]:
        parts.append(box("backdrop", "backdrop", -w / 2, d / 2 - 0.1, h, w / 2, d / 2, h + 4.0))
    return SetBuild("stage", tuple(parts), stage=("platform",))
