"""Crowd formations: slots (x, y, yaw) for n members around an anchor.

Spacing is the member's footprint plus a gap, so neighbours never touch; `fit` shrinks the gap
(never below a small clearance) until the formation fits the bounds, and says when it cannot.
"""

from __future__ import annotations

import math

from ..geometry import facing_yaw

Slot = tuple[float, float, float]

MIN_GAP = 0.05


def grid(n: int, pitch_x: float, pitch_y: float, cx: float, cy: float,
         yaw: float = 0.0, cols: int | None = None) -> list[Slot]:
    """Rows across x (``cols`` to a row, else as many as make the grid squarest), filled front
    (−Y) to back; everyone faces ``yaw``."""
    cols = cols or max(1, math.ceil(math.sqrt(n * pitch_y / pitch_x)))
    rows = math.ceil(n / cols)
    out: list[Slot] = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        x = cx + (c - (in_row - 1) / 2.0) * pitch_x
        y = cy + (r - (rows - 1) / 2.0) * pitch_y
        out.append((x, y, yaw))
    return out


def across(n: int, width: float, depth: float, cx: float, cy: float,
           share: float) -> list[Slot]:
    """A grid of ``n`` spread over ``share`` of a ``width`` × ``depth`` surface centred on
    (cx, cy): a team in its formation across a pitch, not packed at the kick-off spot. As many
    columns along the surface's longer side as keep the cells near square."""
    cols = max(1, min(n, math.ceil(math.sqrt(n * width / depth))))
    rows = math.ceil(n / cols)
    return grid(n, share * width / cols, share * depth / rows, cx, cy, cols=cols)


def line(n: int, pitch_x: float, cx: float, cy: float, yaw: float = 0.0) -> list[Slot]:
    return [(cx + (i - (n - 1) / 2.0) * pitch_x, cy, yaw) for i in range(n)]


def circle(n: int, pitch: float, cx: float, cy: float, min_radius: float = 0.0) -> list[Slot]:
    """Evenly round a circle whose circumference holds n pitches; everyone faces the centre."""
    radius = max(min_radius, n * pitch / (2.0 * math.pi), pitch / 2.0 if n > 1 else 0.0)
    out: list[Slot] = []
    for i in range(n):
        a = -math.pi / 2.0 + 2.0 * math.pi * i / n  # first member at the front (−Y)
        x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
        out.append((x, y, facing_yaw(cx - x, cy - y) if n > 1 else 0.0))
    return out


def procession(n: int, pitch_x: float, pitch_y: float, cx: float, cy: float,
               yaw: float = 0.0) -> list[Slot]:
    """A column `width` abreast (2, or 4 for large groups), leaders at the front (−Y)."""
    width = 1 if n <= 3 else (2 if n < 40 else 4)
    rows = math.ceil(n / width)
    out: list[Slot] = []
    for i in range(n):
        r, c = divmod(i, width)
        in_row = min(width, n - r * width)
        out.append((cx + (c - (in_row - 1) / 2.0) * pitch_x,
                    cy + (r - (rows - 1) / 2.0) * pitch_y, yaw))
    return out


def slots(kind: str, n: int, footprint: tuple[float, float], cx: float, cy: float,
          gap: float, min_radius: float = 0.0) -> list[Slot]:
    w, d = footprint
    px, py = w + gap, d + gap
    if kind == "grid":
        return grid(n, px, max(py, px), cx, cy)
    if kind == "line":
        return line(n, px, cx, cy)
    if kind == "circle":
        return circle(n, max(px, py), cx, cy, min_radius)
    if kind == "procession":
        return procession(n, px, max(py, px), cx, cy)
    raise ValueError(f"unknown formation {kind!r}")


def extent(points: list[Slot], footprint: tuple[float, float]) -> tuple[float, float, float,
                                                                         float]:
    r = math.hypot(*footprint) / 2.0
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r


def fit(kind: str, n: int, footprint: tuple[float, float], cx: float, cy: float,
        bounds: tuple[float, float, float, float], gap: float,
        min_radius: float = 0.0, movable: bool = True) -> tuple[list[Slot], bool]:
    """Slots that fit inside ``bounds`` (xmin, ymin, xmax, ymax): the anchor is moved inward
    (when ``movable``; a formation around a target stays centred on it) and the gap shrunk as
    needed. Returns (slots, fits)."""
    g = gap
    while True:
        pts = slots(kind, n, footprint, cx, cy, g, min_radius)
        x0, y0, x1, y1 = extent(pts, footprint)
        bw, bh = bounds[2] - bounds[0], bounds[3] - bounds[1]
        inside = bounds[0] <= x0 and x1 <= bounds[2] and bounds[1] <= y0 and y1 <= bounds[3]
        if inside or (movable and x1 - x0 <= bw and y1 - y0 <= bh):
            sx = max(0.0, bounds[0] - x0) - max(0.0, x1 - bounds[2])
            sy = max(0.0, bounds[1] - y0) - max(0.0, y1 - bounds[3])
            return [(x + sx, y + sy, yaw) for x, y, yaw in pts], True
        if g <= MIN_GAP:
            return pts, False
        g = max(MIN_GAP, g * 0.7)
