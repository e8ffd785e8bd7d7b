"""A football (soccer) pitch: grass, its lines (touchlines, goal lines, halfway line, penalty
and goal areas) and a goal on each goal line — posts 7.32 m apart inside, the crossbar's
underside at 2.44 m, a net behind — at FIFA sizes (105 × 68 m)."""

from __future__ import annotations

from typing import Any

from ..setparts import FLAT, SetBuild, box
from ..vocabulary import declare

TERM = declare("set", "football_pitch", ("football pitch", "soccer pitch", "football field",
                                         "soccer field", "football ground"),
               params={"length": 105.0, "width": 68.0, "goals": 2, "goal_width": 7.32,
                       "goal_height": 2.44},
               description="grass, lines, goals with the crossbar at 2.44 m")
LIMITS = {"length": (40.0, 120.0), "width": (25.0, 90.0), "goals": (0, 2),
          "goal_width": (2.0, 8.0), "goal_height": (1.0, 2.5)}
LINE = 0.12  # FIFA: lines at most 12 cm wide
POST = 0.12
RUN_OFF = 3.0  # grass beyond the lines
NET_DEPTH = 2.0
PENALTY = (16.5, 40.32)  # depth from the goal line, width
GOAL_AREA = (5.5, 18.32)


def build(p: dict[str, Any], seed: int) -> SetBuild:
    del seed
    length, width, goals = float(p["length"]), float(p["width"]), int(p["goals"])
    gw, gh = float(p["goal_width"]), float(p["goal_height"])
    x, y = length / 2, width / 2
    low, top = FLAT / 2, FLAT
    parts = [box("grass", "football_pitch", -x - RUN_OFF, -y - RUN_OFF, 0.0, x + RUN_OFF,
                 y + RUN_OFF, low, "surface")]

    def line(name: str, x0: float, y0: float, x1: float, y1: float) -> None:
        parts.append(box(name, "pitch_line", x0, y0, low, x1, y1, top, "surface"))

    line("touchline-south", -x, -y, x, -y + LINE)
    line("touchline-north", -x, y - LINE, x, y)
    line("goal-line-west", -x, -y + LINE, -x + LINE, y - LINE)
    line("goal-line-east", x - LINE, -y + LINE, x, y - LINE)
    line("halfway", -LINE / 2, -y + LINE, LINE / 2, y - LINE)
    for side, sx in (("west", -1.0), ("east", 1.0)):
        inner = sx * (x - LINE)
        for area, (depth, wide) in (("penalty", PENALTY), ("goal-area", GOAL_AREA)):
            wide = min(wide, width - 2 * LINE - 0.2)
            front = sx * (x - depth)
            a, b = sorted((inner, front))
            line(f"{area}-{side}-south", a, -wide / 2, b, -wide / 2 + LINE)
            line(f"{area}-{side}-north", a, wide / 2 - LINE, b, wide / 2)
            fa, fb = sorted((front, front - sx * LINE))
            line(f"{area}-{side}-front", fa, -wide / 2 + LINE, fb, wide / 2 - LINE)
    for k, (side, sx) in enumerate((("west", -1.0), ("east", 1.0))):
        if k >= goals:
            break
        g0, g1 = sorted((sx * x, sx * (x - POST)))  # posts stand on the goal line
        half = gw / 2
        parts += [box(f"post-{side}-south", "goal_post", g0, -half - POST, 0.0, g1, -half,
                      gh + POST),
                  box(f"post-{side}-north", "goal_post", g0, half, 0.0, g1, half + POST,
                      gh + POST),
                  box(f"crossbar-{side}", "goal_post", g0, -half, gh, g1, half, gh + POST,
                      "hanging", f"post-{side}-south")]
        n0, n1 = sorted((sx * x, sx * (x + NET_DEPTH)))
        b0, b1 = sorted((sx * (x + NET_DEPTH), sx * (x + NET_DEPTH + 0.02)))
        parts += [box(f"net-{side}-back", "goal_net", b0, -half, 0.0, b1, half, gh),
                  box(f"net-{side}-top", "goal_net", n0, -half, gh + POST, n1, half,
                      gh + POST + 0.02, "hanging", f"crossbar-{side}")]
    return SetBuild("football_pitch", tuple(parts), stage=("grass",))
