"""A tennis court at ITF sizes: the doubles court (23.77 × 10.97 m) with its lines (baselines,
doubles and singles sidelines, service lines 6.40 m from the net, the centre service line),
the run-off round it, and the net — 0.914 m high at the centre — between posts 1.07 m high,
0.914 m outside the doubles sidelines. The court inside the outer lines is a part of its own
(class ``tennis_court``), the run-off four strips round it (``court_surround``)."""

from __future__ import annotations

from typing import Any

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "tennis_court", ("tennis court", "clay court", "grass court",
                                       "hard court", "tennis courts"),
               params={"length": 23.77, "width": 10.97, "net_height": 0.914},
               description="court, lines, net and posts")
LIMITS = {"length": (10.0, 30.0), "width": (5.0, 15.0), "net_height": (0.5, 1.2)}
LINE = 0.05
SINGLES = 8.23
SERVICE = 6.40  # service line from the net
POST_OUT = 0.914  # posts outside the doubles sidelines
POST_H = 1.07
POST = 0.1
RUN_BACK, RUN_SIDE = 6.4, 3.66


def build(p: dict[str, Any], seed: int) -> SetBuild:
    """The net runs along y at x = 0; the baselines are at x = ±length/2."""
    del seed
    length, width, net_h = float(p["length"]), float(p["width"]), float(p["net_height"])
    x, y = length / 2, width / 2
    sy = min(SINGLES, width - 0.5) / 2
    sv = min(SERVICE, x - 1.0)
    low, top = FLAT / 2, FLAT
    # The court inside its outer lines (class tennis_court: what a director calls the court)
    # and the run-off round it, four strips of their own class.
    bx, by = x + RUN_BACK, y + RUN_SIDE
    parts = [box("court", "tennis_court", -x, -y, 0.0, x, y, low, "surface"),
             box("run-off-west", "court_surround", -bx, -by, 0.0, -x, by, low, "surface"),
             box("run-off-east", "court_surround", x, -by, 0.0, bx, by, low, "surface"),
             box("run-off-south", "court_surround", -x, -by, 0.0, x, -y, low, "surface"),
             box("run-off-north", "court_surround", -x, y, 0.0, x, by, low, "surface")]

    def line(name: str, x0: float, y0: float, x1: float, y1: float) -> None:
        parts.append(box(name, "court_line", x0, y0, low, x1, y1, top, "surface"))

    line("baseline-west", -x, -y, -x + LINE, y)
    line("baseline-east", x - LINE, -y, x, y)
    line("doubles-sideline-south", -x + LINE, -y, x - LINE, -y + LINE)
    line("doubles-sideline-north", -x + LINE, y - LINE, x - LINE, y)
    line("singles-sideline-south", -x + LINE, -sy, x - LINE, -sy + LINE)
    line("singles-sideline-north", -x + LINE, sy - LINE, x - LINE, sy)
    for side, s in (("west", -1.0), ("east", 1.0)):
        a, b = sorted((s * sv, s * (sv - LINE)))
        line(f"service-line-{side}", a, -sy + LINE, b, sy - LINE)
    line("centre-service-line-west", -sv + LINE, -LINE / 2, -LINE / 2, LINE / 2)
    line("centre-service-line-east", LINE / 2, -LINE / 2, sv - LINE, LINE / 2)
    post_y = y + POST_OUT
    parts += [box("net-post-south", "net_post", -POST / 2, -post_y - POST, 0.0, POST / 2,
                  -post_y, POST_H),
              box("net-post-north", "net_post", -POST / 2, post_y, 0.0, POST / 2,
                  post_y + POST, POST_H),
              box("net", "tennis_net", -0.01, -post_y, 0.0, 0.01, post_y, net_h,
                  "hanging", "net-post-south")]
    return SetBuild("tennis_court", tuple(parts), stage=(
        "court", "run-off-west", "run-off-east", "run-off-south", "run-off-north"))
