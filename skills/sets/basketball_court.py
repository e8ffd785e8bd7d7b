"""A basketball court: the playing surface and its lines, and a hoop at each end (pole, arm,
backboard, rim with its top at 3.05 m, net), at FIBA sizes (28 × 15 m). The rim and its net are
the hoop (class ``basketball_hoop``): a rim alone is edge-on from most cameras."""

from __future__ import annotations

from typing import Any

from ..setparts import FLAT, SetBuild, box, centred
from ..vocabulary import declare

TERM = declare("set", "basketball_court", ("basketball court", "streetball court"),
               params={"length": 28.0, "width": 15.0, "hoops": 2, "rim_height": 3.05},
               description="court, lines, hoops with the rim at 3.05 m")
LIMITS = {"length": (12.0, 40.0), "width": (8.0, 25.0), "hoops": (0, 2),
          "rim_height": (2.0, 3.5)}
LINE = 0.05  # line width
KEY_W, KEY_D = 4.9, 5.8  # the restricted area (key): width and depth from the baseline
BOARD_IN = 1.2  # backboard face, in from the baseline
RIM = 0.45  # rim diameter


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    length, width = float(p["length"]), float(p["width"])
    rim_z, hoops = float(p["rim_height"]), int(p["hoops"])
    x, y = length / 2, width / 2
    low, top = FLAT / 2, FLAT
    parts = [box("floor", "basketball_court", -x, -y, 0.0, x, y, low, "surface")]

    def line(name: str, x0: float, y0: float, x1: float, y1: float) -> None:
        parts.append(box(name, "court_line", x0, y0, low, x1, y1, top, "surface"))

    line("sideline-south", -x, -y, x, -y + LINE)
    line("sideline-north", -x, y - LINE, x, y)
    line("baseline-west", -x, -y + LINE, -x + LINE, y - LINE)
    line("baseline-east", x - LINE, -y + LINE, x, y - LINE)
    line("halfway", -LINE / 2, -y + LINE, LINE / 2, y - LINE)
    for side, sx in (("west", -1.0), ("east", 1.0)):
        inner = sx * (x - LINE)
        ft = sx * (x - KEY_D)
        a, b = sorted((inner, ft))
        line(f"key-{side}-south", a, -KEY_W / 2, b, -KEY_W / 2 + LINE)
        line(f"key-{side}-north", a, KEY_W / 2 - LINE, b, KEY_W / 2)
        fa, fb = sorted((ft, ft - sx * LINE))
        line(f"free-throw-{side}", fa, -KEY_W / 2 + LINE, fb, KEY_W / 2 - LINE)
    for k, (side, sx) in enumerate((("west", -1.0), ("east", 1.0))):
        if k >= hoops:
            break
        board = sx * (x - BOARD_IN)  # the backboard's playing face
        pole = sx * (x + 1.0)
        parts.append(centred(f"pole-{side}", "post", pole, 0.0, 0.0, 0.2, 0.2, rim_z + 0.4))
        b0, b1 = sorted((board, board + sx * 0.05))
        parts.append(box(f"backboard-{side}", "backboard", b0, -0.9, rim_z - 0.15, b1, 0.9,
                         rim_z + 0.9, "hanging", f"arm-{side}"))
        a0, a1 = sorted((board + sx * 0.05, pole - sx * 0.1))
        parts.append(box(f"arm-{side}", "post", a0, -0.1, rim_z + 0.2, a1, 0.1, rim_z + 0.35,
                         "hanging", f"pole-{side}"))
        k0, k1 = sorted((board, board - sx * 0.15))
        parts.append(box(f"bracket-{side}", "post", k0, -0.05, rim_z - 0.02, k1, 0.05, rim_z,
                         "hanging", f"backboard-{side}"))
        r0, r1 = sorted((board - sx * 0.15, board - sx * (0.15 + RIM)))
        parts.append(box(f"rim-{side}", "basketball_hoop", r0, -RIM / 2, rim_z - 0.02, r1,
                         RIM / 2, rim_z, "hanging", f"bracket-{side}"))
        n0, n1 = sorted((board - sx * 0.2, board - sx * (0.15 + RIM - 0.05)))
        parts.append(box(f"net-{side}", "basketball_hoop", n0, -0.17, rim_z - 0.42, n1, 0.17,
                         rim_z - 0.02, "hanging", f"rim-{side}"))
    return SetBuild("basketball_court", tuple(parts), stage=("floor",))
