"""Path planning on an occupancy grid: A*, then a smooth path that stays clear.

A* is our own (about forty lines over a flat numpy grid with `heapq`): the libraries we looked
at either plan on general graphs in pure Python (networkx's `astar_path`, `pathfinding`) and
are several times slower on a million-cell grid, or are compiled game libraries that would be a
heavy dependency for one function. The grid search is 8-connected with the octile distance as
heuristic (admissible and consistent, so the path is shortest on the grid) and no corner
cutting past blocked cells.

The grid path is then shortened by line-of-sight (string pulling) and its corners rounded by
Chaikin subdivision; every new segment is checked against the inflated grid and a corner is
only rounded where the rounded segment is free, so the smooth path never enters an obstacle.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from previz.world import InputError

from .grid import Grid

_SQRT2 = math.sqrt(2.0)
_MOVES = ((0, 1, 1.0), (1, 0, 1.0), (0, -1, 1.0), (-1, 0, 1.0),
          (1, 1, _SQRT2), (1, -1, _SQRT2), (-1, 1, _SQRT2), (-1, -1, _SQRT2))


class NoPath(InputError):
    """No collision-free path exists between the two points."""


def astar(blocked: np.ndarray, start: tuple[int, int], goal: tuple[int, int],
          weight: float = 1.0) -> list[tuple[int, int]]:
    """Shortest 8-connected path of cells from ``start`` to ``goal`` avoiding ``blocked``.

    ``weight`` > 1 inflates the heuristic (weighted A*): much faster on open ground, and the
    path is at most ``weight`` times longer than the shortest (later smoothing removes most of
    the difference)."""
    rows, cols = blocked.shape
    for name, (r, c) in (("start", start), ("goal", goal)):
        if not (0 <= r < rows and 0 <= c < cols):
            raise NoPath(f"the {name} is outside the planning area")
        if blocked[r, c]:
            raise NoPath(f"the {name} is inside an obstacle (or closer to one than the body "
                         "radius)")
    free = (~blocked).ravel().tolist()
    gr, gc = goal
    g_cost = {start[0] * cols + start[1]: 0.0}
    parent: dict[int, int] = {}
    closed = bytearray(rows * cols)
    goal_i = gr * cols + gc

    def h(r: int, c: int) -> float:
        dr, dc = abs(r - gr), abs(c - gc)
        return weight * ((dr + dc) + (_SQRT2 - 2.0) * min(dr, dc))

    heap = [(h(*start), 0.0, start[0] * cols + start[1])]
    push, pop = heapq.heappush, heapq.heappop
    while heap:
        _, g, i = pop(heap)
        if closed[i]:
            continue
        if i == goal_i:
            out = [i]
            while out[-1] in parent:
                out.append(parent[out[-1]])
            return [(k // cols, k % cols) for k in reversed(out)]
        closed[i] = 1
        r, c = divmod(i, cols)
        for dr, dc, cost in _MOVES:
            nr, nc = r + dr, c + dc
            if nr < 0 or nr >= rows or nc < 0 or nc >= cols:
                continue
            j = nr * cols + nc
            if closed[j] or not free[j]:
                continue
            if dr and dc and not (free[r * cols + nc] and free[nr * cols + c]):
                continue  # no squeezing diagonally between two blocked cells
            ng = g + cost
            if ng < g_cost.get(j, math.inf):
                g_cost[j] = ng
                parent[j] = i
                push(heap, (ng + h(nr, nc), ng, j))
    raise NoPath("no collision-free path: the goal is walled off")


def shortcut(grid: Grid, points: np.ndarray) -> np.ndarray:
    """String pulling: from each kept point walk forward while the next grid point is still in
    line of sight, then keep the last visible one."""
    out = [points[0]]
    i = 0
    n = len(points)
    while i < n - 1:
        j = i + 1
        while j + 1 < n and grid.segment_free(points[i], points[j + 1]):
            j += 1
        out.append(points[j])
        i = j
    return np.asarray(out)


def round_corners(grid: Grid, points: np.ndarray, iterations: int = 4) -> np.ndarray:
    """Chaikin corner cutting, accepting a cut only where the new segments are free."""
    pts = np.asarray(points, float)
    for _ in range(iterations):
        if len(pts) < 3:
            return pts
        out = [pts[0]]
        for k in range(1, len(pts) - 1):
            a, b, c = pts[k - 1], pts[k], pts[k + 1]
            q = 0.75 * b + 0.25 * a
            r = 0.75 * b + 0.25 * c
            if grid.segment_free(out[-1], q) and grid.segment_free(q, r):
                out.extend([q, r])
            else:
                out.append(b)
        out.append(pts[-1])
        pts = np.asarray(out)
    return pts


def plan_path(grid: Grid, start: np.ndarray, goal: np.ndarray, weight: float = 1.0,
              smooth: bool = True) -> np.ndarray:
    """(N, 2) smooth collision-free path from ``start`` to ``goal`` on an inflated ``grid``."""
    start = np.asarray(start, float)[:2]
    goal = np.asarray(goal, float)[:2]
    if grid.segment_free(start, goal):
        return np.array([start, goal])
    s = tuple(int(v) for v in grid.to_cell(start))
    g = tuple(int(v) for v in grid.to_cell(goal))
    cells = astar(grid.occupied, s, g, weight)  # type: ignore[arg-type]
    pts = grid.to_world(np.array(cells))
    pts[0], pts[-1] = start, goal
    if not smooth:
        return pts
    return round_corners(grid, shortcut(grid, pts))
