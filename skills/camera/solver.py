"""The framing solver's second half: keep a generated camera clear of the scene, smooth.

A movement generator says where the camera *wants* to be. This pass makes that physically
sensible against the World's solid boxes (`previz.skills.geometry`):

1. every frame where a ray from the eye to the subject (three points over the framed span)
   hits a box, or the eye is inside a box grown by a margin, is marked; runs of marked frames,
   widened by half a second so the camera starts moving before the view is lost, are moved
   round the subject (other azimuths, higher, closer). A run first tries one offset for all
   its frames — cheapest first, clear with clearance to spare, and reachable from the wanted
   path at the run's ends without crossing geometry (all offsets tested together, chunk by
   chunk of frames); failing that, a per-frame offset is chosen by dynamic programming
   (Viterbi) over the offset grid, minimising the total of "how far from the wanted view" and
   "how much the offset changes between frames" — coarse to fine: a path through every 16th
   frame and every 3rd azimuth first, then every frame near that path, the whole grid only
   for a frame nothing near clears;
2. the path is smoothed by least squares with penalties on acceleration and jerk, with the
   smallest penalty weight that brings both under the asked bounds (bisection; a generated
   path already within them has only its correction smoothed); frames that smoothing pushes
   back into trouble (or whose frame-to-frame segment crosses a box) are pinned harder and
   the runs round them are redone with more clearance while that helps, keeping the best
   attempt; eyes that smoothing still leaves inside a box are pushed out (one shared shift
   per run) and the correction is re-smoothed with them pinned — never inside geometry comes
   before the motion bounds;
3. every frame is re-aimed so the subject sits where the generator put it on screen, and the
   lens is focused on it (depth of field).

Frames that were fine and stay fine keep their generated pose, so a dolly that is never
occluded is returned unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from previz.world import Camera, World
from previz.world.blas import one_blas_thread
from previz.world.tracks import sample, sample3

from ..geometry import Boxes, SceneBoxes, grown, inside_any, points_inside, segments_hit
from .framing import Lens, aim
from .movements import ShotSpec, focus_depths, measures
from .smoothing import motion_limits, smooth_bounded, smooth_path
from .track import camera_track, ease, rotation_matrix, true_runs

Z = np.array([0.0, 0.0, 1.0])
SWEEP_AROUND = 5.0  # cost of a degree round the subject for a sweep (1 otherwise)


def _push_directions() -> np.ndarray:
    """Unit directions a run of eyes may be pushed along: 16 horizontal, 8 rising at 45°,
    straight up (never down: the floor is below)."""
    az = np.radians(np.arange(0.0, 360.0, 22.5))
    flat = np.stack([np.cos(az), np.sin(az), np.zeros_like(az)], axis=1)
    az8 = az[::2]
    rising = np.stack([np.cos(az8), np.sin(az8), np.ones_like(az8)], axis=1) / math.sqrt(2.0)
    return np.concatenate([flat, rising, Z[None]])


def _push_run(eyes: np.ndarray, frames: list[int], points: list[np.ndarray],
              boxes_at: SceneBoxes, clearance: float, context=None, reach: float = 3.0,
              step: float = 0.05) -> np.ndarray:
    """Where to move a run of eyes (K×3) that are inside geometry: all by one shift, along the
    direction (of `_push_directions`) where the shortest shift frees every eye of the run from
    the boxes grown by ``clearance``, preferring shifts that also leave the subject unoccluded.

    One shared shift keeps the correction smooth from frame to frame (per-frame nearest exits
    jump from one face of a box to another). Ties go to the earlier direction: deterministic.
    ``context`` (eyes, frames, sight points of the run and its neighbours) is what the
    occlusion preference is scored on: smoothing carries the shift into the neighbouring
    frames, so their view counts too. Returns the moved eyes; unchanged if no direction frees
    the run within ``reach`` metres."""
    view_eyes, view_frames, view_points = context or (eyes, frames, points)
    dirs = _push_directions()
    ts = np.arange(0.0, reach + 1e-9, step)
    best, best_key = eyes, None
    cand = eyes[None, :, None, :] + dirs[:, None, None, :] * ts[None, None, :, None]  # D,K,T,3
    free = np.empty(cand.shape[:3], bool)
    for j, f in enumerate(frames):
        boxes = boxes_at.at(f)
        free[:, j] = ~points_inside(boxes, cand[:, j].reshape(-1, 3), clearance).any(
            axis=0).reshape(len(dirs), len(ts))
    for d in range(len(dirs)):
        # The first shift that frees every eye of the run at once.
        shared = np.flatnonzero(free[d].all(axis=0))
        if not len(shared):
            continue
        t = ts[shared[0]]
        moved = eyes + t * dirs[d]
        occluded = sum(
            bool(blocked(boxes_at.at(f), view_eyes[j] + t * dirs[d], view_points[j], 0.0)[0])
            for j, f in enumerate(view_frames))
        key = (occluded, float(t), d)
        if best_key is None or key < best_key:
            best, best_key = moved, key
    return best


def _keep_outside(path: np.ndarray, state, boxes_at: SceneBoxes, fps: float, margin: float,
                  clearance: float, max_accel: float, max_jerk: float,
                  rounds: int = 8) -> np.ndarray:
    """Deflect a smoothed path out of geometry: first priority over the motion bounds.

    Runs of frames whose eye is within ``margin`` of a box are pushed to free points
    (`_push_run`: ``clearance`` from every box); the correction is then spread to the
    neighbouring frames by the same banded least squares as `smooth_path` — the pushed frames
    pinned with a heavy weight, the others pulled to "no change" — with the least smoothing
    that keeps acceleration and jerk within the bounds. Frames still inside are pushed again
    from where they ended up and pinned harder; frames the correction newly occludes are
    pinned (up to 1000) to stay where they were. The best round (fewest inside, then fewest
    occluded) is kept. If frames are still inside after ``rounds``, the bounds and the pins
    conflict and no-inside wins: those eyes are pushed out without smoothing, so the path may
    exceed the bounds (`SolveReport` gives the reached values)."""
    n = len(path)
    frames = [s.frame for s in state]
    k = round(fps * 0.5)  # neighbours whose view a push is also scored on

    def inside_of(p: np.ndarray) -> np.ndarray:
        if boxes_at.static:
            return points_inside(boxes_at.at(frames[0]), p, margin).any(axis=0)
        return np.array([points_inside(boxes_at.at(f), e[None], margin).any()
                         for f, e in zip(frames, p, strict=True)])

    inside = inside_of(path)
    if not inside.any():
        return path
    occluded = _blocked_frames(boxes_at, state, path, 0.0)
    delta = np.zeros_like(path)
    pins = np.ones(n)
    out, best, best_key = path, None, None
    for _ in range(rounds):
        for lo, hi in true_runs(inside):
            a, b = max(0, lo - k), min(n, hi + k)
            moved = _push_run(out[lo:hi], frames[lo:hi], [s.points for s in state[lo:hi]],
                              boxes_at, clearance,
                              (out[a:b], frames[a:b], [s.points for s in state[a:b]]))
            delta[lo:hi] = moved - path[lo:hi]
            pins[lo:hi] = np.maximum(pins[lo:hi] * 10.0, 1e3)
        out = path + _smooth_bounded_delta(path, delta, fps, max_accel, max_jerk, pins)
        inside = inside_of(out)
        # Frames the correction made occluded are held where they were, harder each round.
        now = _blocked_frames(boxes_at, state, out, 0.0) & ~inside
        spoiled = now & ~occluded
        key = (int(inside.sum()), int(now.sum()))
        if best_key is None or key < best_key:
            best, best_key = out, key
        if not inside.any() and not spoiled.any():
            break
        pins = np.where(spoiled & (pins < 1e3), pins * 10.0, pins)
    out = best.copy()
    inside = inside_of(out)
    if not inside.any():
        return out
    # The bounds and the pins conflict: no-inside comes first, so take the pushed eyes as they
    # are at the frames still inside (the motion limits are reported as reached).
    for lo, hi in true_runs(inside):
        out[lo:hi] = _push_run(out[lo:hi], frames[lo:hi], [s.points for s in state[lo:hi]],
                               boxes_at, clearance)
    return out


def _smooth_bounded_delta(path: np.ndarray, delta: np.ndarray, fps: float, max_accel: float,
                         max_jerk: float, pins: np.ndarray) -> np.ndarray:
    """A smooth correction to add to ``path``: near ``delta`` where ``pins`` is heavy, near 0
    elsewhere, with the least smoothing weight (bisection on its log, as `smooth_bounded`)
    that keeps ``path`` plus the correction within the motion bounds. Smoothing the
    correction alone, not the path again, leaves the already smoothed path where no push
    reaches."""
    lo, hi = -6.0, 12.0
    best = smooth_path(delta, fps, 10.0**hi, pins)
    for _ in range(24):
        mid = 0.5 * (lo + hi)
        cand = smooth_path(delta, fps, 10.0**mid, pins)
        acc, jerk = motion_limits(path + cand, fps)
        if acc <= max_accel and jerk <= max_jerk:
            hi, best = mid, cand
        else:
            lo = mid
    return best


@dataclass
class SolveReport:
    """What the solver did and what it could not do."""

    moved_frames: list[int] = field(default_factory=list)
    occluded_frames: list[int] = field(default_factory=list)
    inside_frames: list[int] = field(default_factory=list)
    max_accel: float = 0.0
    max_jerk: float = 0.0


@dataclass
class _Frame:
    frame: int
    eye: np.ndarray
    euler: np.ndarray
    focal: float
    pivot: np.ndarray
    points: np.ndarray
    screen: tuple[float, float]


def _sample_camera(camera: Camera, frame: int) -> tuple[np.ndarray, np.ndarray, float]:
    t = camera.transform
    return (np.array(sample3(t.location, frame)), np.array(sample3(t.rotation, frame)),
            sample(camera.focal_length, frame))


def _screen_of(point: np.ndarray, eye: np.ndarray, euler: np.ndarray, lens: Lens):
    r = rotation_matrix(euler)
    c = r.T @ (point - eye)
    w, h = lens.resolution
    u = lens.fx * c[0] / -c[2] + w / 2.0
    v = lens.fx * -c[1] / -c[2] + h / 2.0
    return (u / w, v / h)


def blocked(boxes: Boxes, eyes: np.ndarray, points: np.ndarray, margin: float) -> np.ndarray:
    """For each candidate eye (K×3): inside a box (grown by ``margin``) or any ray to a subject
    point (P×3) blocked."""
    eyes = np.atleast_2d(eyes)
    return _blocked_eyes(boxes, eyes, np.broadcast_to(points, (len(eyes), *points.shape)),
                         margin)


def _blocked_eyes(boxes: Boxes, eyes: np.ndarray, points: np.ndarray,
                  margin: float) -> np.ndarray:
    """(K,) bool: eye k (K×3) is inside a box grown by ``margin``, or a ray from it to one of
    its own subject points ``points[k]`` (K×P×3) is blocked.

    The tests run as a cascade with early exit: the cheap inside test first, then one ray per
    eye to the lowest subject point (legs are what low clutter hides), then the next point only
    for the eyes still clear, and so on. An eye is decided by its first failure, so blocked eyes
    cost one ray instead of P; the answer equals testing every ray."""
    out = inside_any(boxes, eyes, margin)
    live = np.flatnonzero(~out)
    for j in range(points.shape[1]):
        if not len(live):
            break
        hit = segments_hit(boxes, eyes[live], points[live, j])
        out[live[hit]] = True
        live = live[~hit]
    return out


# How far inside a box a subject point must lie to count as hidden from everywhere: far above
# the rounding of the ray test, so `_hidden` never says hidden where a ray would miss.
HIDDEN_DEPTH = 1e-6


def _hidden(frames_boxes: list[Boxes], state, lo: int, hi: int, static: bool) -> np.ndarray:
    """(hi - lo,) bool: frame i has a subject point inside one of its boxes, so every ray to
    that point hits the box and no eye whatever can see the subject (every offset of the grid
    is blocked without a test). A cheap exact shortcut: what it marks, the ray tests would
    find blocked one by one (a frame the subject walks half into a bush, a wall it leans on)."""
    if hi <= lo:
        return np.zeros(0, bool)
    if static:
        pts = np.concatenate([state[i].points for i in range(lo, hi)])
        owner = np.repeat(np.arange(hi - lo), [len(state[i].points) for i in range(lo, hi)])
        inside = inside_any(frames_boxes[0], pts, -HIDDEN_DEPTH)
        out = np.zeros(hi - lo, bool)
        out[owner[inside]] = True
        return out
    return np.array([bool(points_inside(frames_boxes[i - lo], state[i].points,
                                        -HIDDEN_DEPTH).any()) for i in range(lo, hi)])


def _blocked_frames(boxes_at: SceneBoxes, state, eyes: np.ndarray, margin: float,
                    lo: int = 0, clearance: float = 0.0) -> np.ndarray:
    """Per frame lo.. (one eye each): blocked? One vectorised test when the scene is static."""
    pts = np.stack([state[lo + i].points for i in range(len(eyes))])
    if boxes_at.static:
        return _blocked_eyes(grown(boxes_at.at(state[lo].frame), clearance), eyes, pts, margin)
    return np.array([
        blocked(grown(boxes_at.at(state[lo + i].frame), clearance), e, pts[i], margin)[0]
        for i, e in enumerate(eyes)
    ])


def _candidates(eye: np.ndarray, pivot: np.ndarray, max_degrees: float, step: float):
    """Eyes round ``pivot`` (every offset but 'no change'), with their costs."""
    grid, cost = _offset_grid(max_degrees, step)
    return _offset_eyes_one(pivot, eye, grid[1:]), cost[1:]


def _dilate(mask: np.ndarray, k: int) -> np.ndarray:
    if k <= 0 or not mask.any():
        return mask
    full = np.convolve(mask.astype(float), np.ones(2 * k + 1), mode="full")
    return full[k : k + len(mask)] > 0


def _offset_eyes(state, lo: int, hi: int, base: np.ndarray, da: float, de: float,
                 scale: float, hold_height: bool = False) -> np.ndarray:
    """Eyes for frames lo..hi moved round each frame's pivot by (da, de) and ``scale``;
    ``hold_height``: each eye keeps its own height (closer is closer across the floor)."""
    pivots = np.stack([state[i].pivot for i in range(lo, hi)])
    v = base[lo:hi] - pivots
    r = np.linalg.norm(v, axis=1) * scale
    a = np.arctan2(v[:, 1], v[:, 0]) + math.radians(da)
    e = np.clip(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1])) + math.radians(de), -1.2, 1.45)
    out = pivots + r[:, None] * np.stack(
        [np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)], axis=1)
    if hold_height:
        out[:, :2] = pivots[:, :2] + (v[:, :2] * scale) @ _turn(da).T
        out[:, 2] = base[lo:hi, 2]
    return out


def _turn(degrees: float) -> np.ndarray:
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return np.array([[c, -s], [s, c]])


def _relocate(state, target, wanted, lo, hi, boxes_at, margin, clearance, max_degrees, step,
              known: np.ndarray | None = None, hold_height: bool = False, around: float = 1.0):
    """Move frames lo..hi of ``target`` to a clear offset (common to the run if possible).

    ``known`` (frames × offsets of `_offset_grid`, optional) marks offset eyes already found
    blocked at this clearance or a smaller one; it is read and updated. Boxes grown by a larger
    clearance contain the smaller ones, so a blocked eye stays blocked and is not tested again
    when the solver retries with more clearance."""
    grid, gcost = _offset_grid(max_degrees, step, hold_height, around)
    if known is None:
        known = np.zeros((len(state), len(grid)), bool)
    # The grid's rows, cheapest first (ties: by azimuth, elevation, scale, as before).
    offsets = sorted(((float(c), *map(float, g), j) for j, (g, c) in enumerate(
        zip(grid, gcost, strict=True))), key=lambda o: o[:4])
    first = grown(boxes_at.at(state[lo].frame), clearance)
    frames_boxes = [first if boxes_at.static else grown(boxes_at.at(state[i].frame), clearance)
                    for i in range(lo, hi)]
    if boxes_at.static:
        frames_boxes = [frames_boxes[0]] * (hi - lo)

    def blends_clear(eyes: np.ndarray) -> bool:
        # Smoothing blends from the wanted path into the run and back out; at the run's ends
        # (widened, so the wanted eye is clear there) that blend must not cross geometry.
        ends = [i for i, inner in ((0, lo > 0), (len(eyes) - 1, hi < len(state))) if inner]
        if not ends:
            return True
        starts = np.stack([wanted[lo + i] for i in ends])
        return not segments_hit(first, starts, eyes[ends]).any()

    # The offsets clear for every frame of the run, cheapest first: all the offsets still in
    # the running are tested together on each chunk of 8 frames, and one that fails a chunk
    # drops out (as testing them one by one, chunk by chunk, in far fewer calls). The frames
    # are taken spread over the run (every n/8-th, then the next ones), the first chunk only
    # two of them: an offset blocked somewhere drops out early, while many are still in the
    # running; which offsets survive does not depend on the order.
    # A frame whose subject is inside a box is blocked from every offset: no offset is common
    # to the run, and the per-frame choice below skips that frame's tests.
    hidden = _hidden(frames_boxes, state, lo, hi, boxes_at.static)
    known[lo:hi][hidden] = True
    alive = np.array([j for *_, j in offsets if not known[lo:hi, j].any()], int)
    stride = max(1, -(-(hi - lo) // 8))
    spread = np.concatenate([np.arange(lo + c, hi, stride) for c in range(stride)])
    for rows in np.split(spread, [2, *range(10, len(spread), 8)]):
        if not len(alive):
            break
        if not len(rows):
            continue
        eyes = np.concatenate([_offset_eyes_one(state[i].pivot, wanted[i], grid[alive],
                                                hold_height) for i in rows])
        if boxes_at.static:
            pts = np.repeat(np.stack([state[i].points for i in rows]), len(alive), 0)
            b = _blocked_eyes(first, eyes, pts, margin)
        else:
            b = np.concatenate([blocked(frames_boxes[i - lo], eyes[k * len(alive):
                                                                   (k + 1) * len(alive)],
                                        state[i].points, margin)
                                for k, i in enumerate(rows)])
        b = b.reshape(len(rows), len(alive))
        known[np.ix_(rows, alive)] |= b
        alive = alive[~b.any(axis=0)]
    for j in alive:
        da, de, scale = grid[j]
        eyes = _offset_eyes(state, lo, hi, wanted, da, de, scale, hold_height)
        if blends_clear(eyes):
            target[lo:hi] = eyes
            return
    # No single offset works for the whole run: choose one per frame by dynamic programming
    # (Viterbi) over the offset grid — least total cost of straying from the wanted view plus
    # changing offset between frames, with blocked offsets all but forbidden. Coarse to fine
    # (`_sparse_clear`): the grid is tested where the path can go, not everywhere.
    change = _change_cost(grid)
    clear_at = _sparse_clear(state, wanted, grid, gcost, change, frames_boxes, lo, hi, margin,
                             boxes_at.static, known, hold_height, step)
    # Offsets clear at no frame add nothing but the cost of a choice between blocked ones.
    cols = np.flatnonzero(clear_at.any(axis=0) | (np.arange(len(grid)) == 0))
    choice = cols[_viterbi(gcost[cols], change[np.ix_(cols, cols)], clear_at[:, cols],
                           change[0, cols] if lo > 0 else None,
                           change[cols, 0] if hi < len(state) else None)]
    for i, j in zip(range(lo, hi), choice, strict=True):
        target[i] = _offset_eyes_one(state[i].pivot, wanted[i], grid[j:j + 1], hold_height)[0]


def _ends_to(path: np.ndarray, want: np.ndarray, k: int) -> np.ndarray:
    """``path`` with its first and last points moved to ``want``'s, the shift eased out over
    ``k`` frames from each end."""
    n = len(path)
    k = max(1, min(k, n // 2))
    fade = np.zeros(n)
    fade[:k] = 1.0 - ease(np.linspace(0.0, 1.0, k))
    out = path + fade[:, None] * (want[0] - path[0])
    return out + fade[::-1, None] * (want[-1] - out[-1])


BLOCKED_COST = 1e6  # an offset found blocked (or never tested) is all but forbidden


def _viterbi(gcost: np.ndarray, change: np.ndarray, clear: np.ndarray,
             enter: np.ndarray | None, leave: np.ndarray | None) -> np.ndarray:
    """The per-frame offsets (column indices) of least total cost: ``gcost`` per offset plus
    `BLOCKED_COST` where not ``clear`` (frames × offsets), plus ``change`` (offsets × offsets)
    between frames, plus ``enter`` / ``leave`` (from / to 'no change' at the run's ends)."""
    acc = None
    back = []
    idx = np.arange(len(gcost))
    for row in clear:
        unary = gcost + np.where(row, 0.0, BLOCKED_COST)
        if acc is None:
            acc = unary + (enter if enter is not None else 0.0)
            continue
        total = acc[:, None] + change
        back.append(np.argmin(total, axis=0))
        acc = unary + total[back[-1], idx]
    assert acc is not None
    if leave is not None:
        acc = acc + leave
    j = int(np.argmin(acc))
    choice = [j]
    for b in reversed(back):
        j = int(b[j])
        choice.append(j)
    choice.reverse()
    return np.array(choice)


COARSE_FRAMES = 16  # the coarse pass looks at every 16th frame of a run
COARSE_STEPS = 3  # and at every 3rd azimuth step (30° with the default 10° step)


def _sparse_clear(state, wanted, grid, gcost, change, frames_boxes, lo, hi, margin, static,
                  known, hold_height, step):
    """Coarse to fine, which offsets of frames lo..hi are clear (frames × offsets); an offset
    not tested counts as blocked (and one found blocked is marked in ``known``).

    1. coarse: every `COARSE_FRAMES`-th frame (and the last) against the offsets whose azimuth
       is a multiple of `COARSE_STEPS` steps, and a Viterbi path through those;
    2. fine: every frame against the offsets near the coarse choices of the sampled frames
       either side of it (the same elevation and distance within two azimuth steps, and every
       elevation and distance at the same azimuth), and 'no change';
    3. a frame with no clear offset among those is tested against the whole grid, so a frame
       that some offset can clear is never left blocked for want of a test.

    Pairs marked in ``known`` are not tested: `_relocate` marks there every offset of a frame
    whose subject is inside a box (`_hidden`), so such a frame costs no ray at all.
    """
    n, g = hi - lo, len(grid)
    clear = np.zeros((n, g), bool)
    tested = np.zeros((n, g), bool)

    def run(pairs_f: np.ndarray, pairs_j: np.ndarray) -> None:
        todo = ~tested[pairs_f, pairs_j]
        pairs_f, pairs_j = pairs_f[todo], pairs_j[todo]
        tested[pairs_f, pairs_j] = True
        skip = known[lo + pairs_f, pairs_j]
        pairs_f, pairs_j = pairs_f[~skip], pairs_j[~skip]
        if not len(pairs_f):
            return
        eyes = np.empty((len(pairs_f), 3))
        # One call per frame on that frame's pairs (grouped by a stable sort, in their order).
        order = np.argsort(pairs_f, kind="stable")
        cuts = np.flatnonzero(np.diff(pairs_f[order])) + 1
        for sel in np.split(order, cuts):
            f = pairs_f[sel[0]]
            eyes[sel] = _offset_eyes_one(state[lo + f].pivot, wanted[lo + f], grid[pairs_j[sel]],
                                         hold_height)
        if static:
            pts = np.stack([state[lo + f].points for f in pairs_f])
            b = np.zeros(len(pairs_f), bool)
            for c in range(0, len(pairs_f), 4096):
                b[c:c + 4096] = _blocked_eyes(frames_boxes[0], eyes[c:c + 4096], pts[c:c + 4096],
                                              margin)
        else:
            b = np.zeros(len(pairs_f), bool)
            for f in np.unique(pairs_f):
                sel = np.flatnonzero(pairs_f == f)
                b[sel] = blocked(frames_boxes[f], eyes[sel], state[lo + f].points, margin)
        clear[pairs_f[~b], pairs_j[~b]] = True
        known[lo + pairs_f[b], pairs_j[b]] = True

    def pairs(frames: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.repeat(frames, len(cols)), np.tile(cols, len(frames))

    # 1. Coarse.
    k = np.rint(np.abs(grid[:, 0]) / step).astype(int)
    coarse = np.flatnonzero(k % COARSE_STEPS == 0)
    sampled = np.unique(np.r_[np.arange(0, n, COARSE_FRAMES), n - 1])
    run(*pairs(sampled, coarse))
    pick = coarse[_viterbi(gcost[coarse], change[np.ix_(coarse, coarse)],
                           clear[np.ix_(sampled, coarse)], None, None)]
    # 2. Fine, round the coarse path.
    fs, js = [], []
    near_cols: dict[frozenset, np.ndarray] = {}  # the frames between two samples share them
    for f in range(n):
        s = np.searchsorted(sampled, f)
        near = frozenset((int(pick[min(s, len(sampled) - 1)]), int(pick[max(s - 1, 0)])))
        if near not in near_cols:
            cand = {0}
            for c in near:
                da, de, sc = grid[c]
                same = np.flatnonzero((grid[:, 1] == de) & (grid[:, 2] == sc)
                                      & (np.abs(grid[:, 0] - da) <= 2 * step + 1e-9))
                cand.update(same.tolist())
                cand.update(np.flatnonzero(grid[:, 0] == da).tolist())
            near_cols[near] = np.array(sorted(cand))
        cols = near_cols[near]
        fs.append(np.full(len(cols), f))
        js.append(cols)
    run(np.concatenate(fs), np.concatenate(js))
    # 3. Whatever the fine pass could not clear: the coarse offsets, then the whole grid for
    #    that frame.
    for cols in (coarse, np.arange(g)):
        stuck = np.flatnonzero(~clear.any(axis=1))
        if len(stuck):
            run(*pairs(stuck, cols))
    return clear


def _grid_clear(state, wanted, grid, frames_boxes, lo, hi, margin, static,
                chunk: int = 8, known: np.ndarray | None = None,
                hold_height: bool = False) -> np.ndarray:
    """(frames, offsets) bool: is each offset eye of frames lo..hi clear? In a static scene
    many frames go in one ray batch (fewer, larger batches for the spatial index). Eyes marked
    in ``known`` (frames × offsets, all frames of the shot) are blocked without a test; the
    ones found blocked here are marked in it."""
    if known is None:
        known = np.zeros((hi, len(grid)), bool)
    out = np.zeros((hi - lo, len(grid)), bool)
    if not static or len({len(state[i].points) for i in range(lo, hi)}) > 1:
        for i in range(lo, hi):
            todo = np.flatnonzero(~known[i])
            eyes = _offset_eyes_one(state[i].pivot, wanted[i], grid, hold_height)[todo]
            b = blocked(frames_boxes[i - lo], eyes, state[i].points, margin)
            out[i - lo, todo] = ~b
            known[i, todo[b]] = True
        return out
    boxes = frames_boxes[0]
    for c0 in range(lo, hi, chunk):
        c1 = min(hi, c0 + chunk)
        todo = np.flatnonzero(~known[c0:c1].ravel())
        eyes = np.concatenate([_offset_eyes_one(state[i].pivot, wanted[i], grid, hold_height)
                               for i in range(c0, c1)])[todo]
        pts = np.stack([state[i].points for i in range(c0, c1)])[todo // len(grid)]
        b = _blocked_eyes(boxes, eyes, pts, margin)
        flat = np.zeros((c1 - c0) * len(grid), bool)
        flat[todo[~b]] = True
        out[c0 - lo:c1 - lo] = flat.reshape(c1 - c0, -1)
        known[c0 + todo[b] // len(grid), todo[b] % len(grid)] = True
    return out


def _offset_grid(max_degrees: float, step: float, hold_height: bool = False,
                 around: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (degrees of azimuth, degrees of elevation, distance scale) and their costs; the
    first row is 'no change'. ``hold_height``: no elevation offsets (the director named the
    camera's height: a blocked view is won round the subject or closer, never by rising).
    ``around``: the cost of a degree of azimuth (a move round the subject weighs it more, so
    a blocked view comes closer before it gives up any of the sweep)."""
    n = int(max_degrees // step)
    da = np.array([0.0, *[s * k * step for k in range(1, n + 1) for s in (1, -1)]])
    de = np.array([0.0] if hold_height else [0.0, 15.0, 30.0, -10.0, 50.0])
    sc = np.array([1.0, 0.75, 0.5])
    g = np.stack(np.meshgrid(da, de, sc, indexing="ij"), axis=-1).reshape(-1, 3)
    return g, around * np.abs(g[:, 0]) + 1.5 * np.abs(g[:, 1]) + 80.0 * (1.0 - g[:, 2])


def _change_cost(grid: np.ndarray, weight: float = 10.0) -> np.ndarray:
    """Cost of going from offset i to offset j between two frames (K×K); made once per grid
    (read only: the same few grids serve every run of every shot)."""
    return _change_cost_of(np.ascontiguousarray(grid, float).tobytes(), float(weight))


@lru_cache(maxsize=16)
def _change_cost_of(grid_bytes: bytes, weight: float) -> np.ndarray:
    grid = np.frombuffer(grid_bytes).reshape(-1, 3)
    d = np.abs(grid[:, None, :] - grid[None, :, :])
    got = weight * (d[..., 0] + 1.5 * d[..., 1] + 80.0 * d[..., 2])
    got.setflags(write=False)
    return got


def _offset_eyes_one(pivot: np.ndarray, eye: np.ndarray, grid: np.ndarray,
                     hold_height: bool = False) -> np.ndarray:
    """``eye`` moved round ``pivot`` by each (da, de, scale) of ``grid``; ``hold_height``: at
    the eye's own height, the scale applied across the floor."""
    v = eye - pivot
    r = np.linalg.norm(v)
    a = math.atan2(v[1], v[0]) + np.radians(grid[:, 0])
    if hold_height:
        flat = math.hypot(v[0], v[1]) * grid[:, 2]
        return np.stack([pivot[0] + flat * np.cos(a), pivot[1] + flat * np.sin(a),
                         np.full(len(grid), eye[2])], axis=1)
    e = np.clip(math.atan2(v[2], math.hypot(v[0], v[1])) + np.radians(grid[:, 1]), -1.2, 1.45)
    return pivot + (r * grid[:, 2])[:, None] * np.stack(
        [np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)], axis=1)


def solve(
    world: World,
    spec: ShotSpec,
    camera: Camera,
    *,
    margin: float = 0.3,
    max_accel: float = 3.0,
    max_jerk: float = 20.0,
    max_degrees: float = 150.0,
    step_degrees: float = 10.0,
    clearance: float = 0.3,
    widen: float = 0.5,
    exclude: tuple[str, ...] = (),
    hold_height: bool = False,
    keep_sweep: bool = False,
    locked: bool = False,
) -> tuple[Camera, SolveReport]:
    """Make ``camera`` (from a movement generator for ``spec``) see the subject unoccluded in
    every frame where some nearby view can, never enter geometry, and move smoothly.
    ``hold_height``: the eye keeps its height (a height the plan named: chest, shoulder).
    ``keep_sweep``: a move round the subject (orbit, arc): a blocked view comes closer before
    it turns, since turning at the ends of the shot takes degrees off the sweep.
    ``locked``: a static camera (one eye and one orientation for the whole shot): a blocked
    view moves the one eye to one clear offset round the subject (`_solve_locked`), never a
    path, so the camera stays static; what no single offset clears is reported occluded.

    numpy's BLAS runs on one thread meanwhile (`previz.world.blas`): the solve's products are
    small and many, and OpenBLAS's spinning threads doubled its CPU time for no gain in wall
    time (the same floats)."""
    with one_blas_thread():
        return _solve(world, spec, camera, margin=margin, max_accel=max_accel,
                      max_jerk=max_jerk, max_degrees=max_degrees, step_degrees=step_degrees,
                      clearance=clearance, widen=widen, exclude=exclude,
                      hold_height=hold_height, keep_sweep=keep_sweep, locked=locked)


def _solve(world: World, spec: ShotSpec, camera: Camera, *, margin: float, max_accel: float,
           max_jerk: float, max_degrees: float, step_degrees: float, clearance: float,
           widen: float, exclude: tuple[str, ...], hold_height: bool, keep_sweep: bool,
           locked: bool) -> tuple[Camera, SolveReport]:
    fps = float(world.fps)
    frames = spec.frame_list
    ms = measures(world, spec)
    carried = {r.subject for r in world.relations
               if r.type == "attached_to" and r.target in spec.subject.entities}
    boxes_at = SceneBoxes(world, exclude=(*spec.subject.entities, *carried, *exclude),
                          frame=frames[0])
    state: list[_Frame] = []
    for f, m in zip(frames, ms, strict=True):
        eye, euler, focal = _sample_camera(camera, f)
        pivot = m.at(spec.mid_span)
        lens = Lens(focal, spec.sensor_width, spec.resolution)
        state.append(_Frame(f, eye, euler, focal, pivot, m.sight_points(spec.size.span, 3),
                            _screen_of(pivot, eye, euler, lens)))

    report = SolveReport()
    wanted = np.stack([s.eye for s in state])
    bad = _blocked_frames(boxes_at, state, wanted, margin)
    if not bad.any():
        return camera, report
    if locked:
        return _solve_locked(spec, camera, state, boxes_at, bad, margin, clearance, max_degrees,
                             step_degrees, hold_height, report)

    # 1. Runs of bad frames (widened so the camera starts moving before the view is lost)
    #    move as a block to the cheapest offset round the subject that is clear, with
    #    clearance to spare, for the whole run; a run with no common offset goes frame by frame.
    k = round(fps * widen)
    fix = _dilate(bad, k)
    target = wanted.copy()
    path = target
    best_broken = len(frames) + 1
    clearance0 = clearance
    pins = np.ones(len(frames))
    # Offset eyes found blocked; valid for every later round, whose clearance is never smaller.
    around = SWEEP_AROUND if keep_sweep else 1.0
    acc0, jerk0 = motion_limits(wanted, fps)
    within = acc0 <= max_accel and jerk0 <= max_jerk
    known = np.zeros((len(frames), len(_offset_grid(max_degrees, step_degrees, hold_height)[0])),
                     bool)
    for _ in range(4):
        for lo, hi in true_runs(fix):
            _relocate(state, target, wanted, lo, hi, boxes_at, margin, clearance, max_degrees,
                      step_degrees, known, hold_height, around)
            pins[lo:hi] = np.maximum(pins[lo:hi], 5.0)
        # 2. Smooth within the bounds, then check what smoothing did. A generated path that is
        #    already within them keeps its own motion: only the correction is smoothed, so the
        #    frames no run reaches keep their pose (an orbit's last frame its 360°).
        if within:
            cand = wanted + _smooth_bounded_delta(wanted, target - wanted, fps, max_accel,
                                                  max_jerk, pins)
        else:
            cand = smooth_bounded(target, fps, max_accel, max_jerk, pins)
        if keep_sweep:
            # Exactly where the sweep starts and ends (it is measured between the first and
            # the last frame), the difference eased out over half a second; pinning the ends
            # inside the smoothing instead would pull a fast wide orbit into a line.
            cand = _ends_to(cand, target, k)
        broken = _blocked_frames(boxes_at, state, cand, margin)
        travel = segments_hit(boxes_at.at(frames[0]), cand[:-1], cand[1:])
        broken[:-1] |= travel
        broken[1:] |= travel
        if broken.sum() < best_broken:  # keep the best attempt, not merely the last
            path, best_broken = cand, int(broken.sum())
            report.moved_frames = [s.frame for i, s in enumerate(state)
                                   if not np.allclose(target[i], wanted[i])]
        elif best_broken <= len(frames):
            # More clearance made it worse, not better: the rounds after this one grow it
            # again and would not find the better attempt either (the best one is kept).
            break
        if not broken.any():
            break
        # The next round redoes only the runs round the broken frames (the rest keep where
        # this round put them), with more clearance.
        redo = _dilate(broken, k)
        fix = redo if redo.any() else fix
        pins = np.where(broken, pins * 4.0, pins)
        clearance = min(clearance * 1.25, 2.0 * clearance0)

    # 2b. Never inside geometry, whatever the smoothing did: push the eyes out, re-smooth the
    #     correction with those frames pinned.
    #     A move round the subject is left to `clearance.clear_eye` (which `camera_for` runs on
    #     every camera): it comes closer or turns frame by frame and keeps the sweep, where one
    #     shared shift for a long run pulled a 2 m orbit through a ring of pillars into a 76°
    #     wobble.
    kept = path if keep_sweep else _keep_outside(path, state, boxes_at, fps, 0.05, margin,
                                                 max_accel, max_jerk)
    deflected = {state[i].frame for i in np.flatnonzero(np.abs(kept - path).max(axis=1) > 1e-9)}
    report.moved_frames = sorted(set(report.moved_frames) | deflected)
    path = kept

    # 3. Re-aim at the subject where the generator put it on screen, focus on it.
    eulers = []
    # np.allclose(eye, s.eye, atol=1e-6) for every frame at once.
    kept_pose = np.all(np.abs(path - wanted) <= 1e-6 + 1e-5 * np.abs(wanted), axis=1)
    for s, eye, same in zip(state, path, kept_pose, strict=True):
        lens = Lens(s.focal, spec.sensor_width, spec.resolution)
        if same:
            eulers.append(s.euler)
        else:
            eulers.append(aim(eye, s.pivot, lens, *s.screen, spec.angle.roll))
    eulers = np.array(eulers)
    pivots = np.stack([s.pivot for s in state])
    for i in np.flatnonzero(_blocked_frames(boxes_at, state, path, 0.0)):
        s = state[i]
        if points_inside(boxes_at.at(s.frame), path[i][None], 0.0).any():
            report.inside_frames.append(s.frame)
        else:
            report.occluded_frames.append(s.frame)
    report.max_accel, report.max_jerk = motion_limits(path, fps)
    out = camera_track(
        spec.camera_id, frames, path, eulers, np.array([s.focal for s in state]),
        focus_depths(path, eulers, pivots), sensor_width=spec.sensor_width, fstop=spec.fstop,
    )
    return out, report


LOCKED_BATCH = 32  # offsets of a locked camera tested together against every frame


def _solve_locked(spec: ShotSpec, camera: Camera, state: list[_Frame], boxes_at: SceneBoxes,
                  bad: np.ndarray, margin: float, clearance: float, max_degrees: float, step: float,
                  hold_height: bool, report: SolveReport) -> tuple[Camera, SolveReport]:
    """A static camera whose view is blocked in the frames ``bad``: its one eye moved to the
    cheapest offset (`_offset_grid`) round the subject's pivot at the frame the shot is
    composed on that sees the subject in every frame, with ``clearance`` to spare — or, when
    none does, the one blocked in the fewest frames (ties: the cheapest) if that is fewer than
    now. The eye and the orientation are the same in every frame (re-aimed once, so the
    subject sits where the generator put it on screen in that frame): the shot stays static.
    The frames still blocked are reported occluded (or inside)."""
    grid, gcost = _offset_grid(max_degrees, step, hold_height)
    order = np.lexsort((np.arange(len(grid)), gcost))[1:]  # cheapest first, 'no change' out

    # The frame the shot is composed on: where the subject is nearest the middle of the
    # picture (the first frame of a plain static; where a subject on the move stays longest).
    def off_centre(s: _Frame) -> float:
        ahead = float((s.pivot - s.eye) @ -rotation_matrix(s.euler)[:, 2]) > 0.0
        return math.hypot(s.screen[0] - 0.5, s.screen[1] - 0.5) if ahead else math.inf

    s0 = state[int(np.argmin([off_centre(s) for s in state]))]
    eyes = _offset_eyes_one(s0.pivot, s0.eye, grid[order], hold_height)
    n = len(state)
    pts = np.stack([s.points for s in state])
    best_j, best_blocked = -1, int(bad.sum())
    for c in range(0, len(order), LOCKED_BATCH):
        cand = eyes[c:c + LOCKED_BATCH]
        k = len(cand)
        if boxes_at.static:
            boxes = grown(boxes_at.at(s0.frame), clearance)
            b = _blocked_eyes(boxes, np.repeat(cand, n, axis=0), np.tile(pts, (k, 1, 1)),
                              margin).reshape(k, n)
        else:
            b = np.stack([blocked(grown(boxes_at.at(s.frame), clearance), cand, s.points,
                                  margin) for s in state], axis=1)
        counts = b.sum(axis=1)
        i = int(np.argmin(counts))  # the first (cheapest) of the fewest blocked
        if counts[i] < best_blocked:
            best_j, best_blocked = c + i, int(counts[i])
        if best_blocked == 0:
            break
    if best_j < 0:
        report.occluded_frames = [s.frame for s, b in zip(state, bad, strict=True) if b]
        return camera, report
    eye = eyes[best_j]
    euler = aim(eye, s0.pivot, Lens(s0.focal, spec.sensor_width, spec.resolution), *s0.screen,
                spec.angle.roll)
    report.moved_frames = [s.frame for s in state]
    path = np.repeat(eye[None], n, axis=0)
    eulers = np.repeat(np.asarray(euler, float)[None], n, axis=0)
    for i in np.flatnonzero(_blocked_frames(boxes_at, state, path, 0.0)):
        if points_inside(boxes_at.at(state[i].frame), path[i][None], 0.0).any():
            report.inside_frames.append(state[i].frame)
        else:
            report.occluded_frames.append(state[i].frame)
    pivots = np.stack([s.pivot for s in state])
    out = camera_track(
        spec.camera_id, spec.frame_list, path, eulers, np.array([s.focal for s in state]),
        focus_depths(path, eulers, pivots), sensor_width=spec.sensor_width, fstop=spec.fstop,
    )
    return out, report
