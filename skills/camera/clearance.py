"""The camera's eye never inside set geometry: the last word of every camera the skills make.

A movement generator, the occlusion solver, the room clamp (`confine.clamp`) and the agents'
built-in static framing each place the eye by their own rule; none of them, alone, promises
that the eye (a lens has a body round it) stands clear of every solid set part and prop box at
every frame. A camera standing in a street facade or in kitchen cabinets renders a jumble of
inside faces. `clear_eye` checks the eye, grown by `EYE_RADIUS`, against the World's solid
boxes (the geometry kernel, `previz.skills.geometry`, the same boxes the supervisor measures)
and, where it is inside, adapts the move instead of replacing it:

- along the subject–camera line toward the subject (the move's radius shrinks) with the lens
  widened by the same ratio so the shot size holds (down to `MIN_FOCAL`), then
- raised, or turned round the subject (at the same distance and height), when coming closer
  alone does not free it (a close-up already at the subject cannot come closer); the lens
  follows the new distance (longer when farther), so the shot size holds.

A run of inside frames takes one shared adaptation (a static camera stays static, a move keeps
its shape), eased in and out over half a second on either side where that stays clear. What it
did is returned (`Cleared.note`) for the shot's notes; frames no adaptation frees are listed
(`Cleared.inside`), and the supervisor reports them as ``camera_inside_geometry``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from previz.world import Camera, World
from previz.world.evaluate import transform_matrix
from previz.world.tracks import sample, sample3

from ..geometry import Box, SceneBoxes, entity_box, points_inside
from .framing import Lens, aim
from .track import channel, ease, rotation_matrix, true_runs

EYE_RADIUS = 0.25  # metres round the eye that must be free of geometry (the camera body)
MIN_FOCAL = 12.0  # mm: the widest lens the adaptation widens to
MAX_FOCAL = 600.0  # mm: the longest it lengthens to (a camera raised away from a close-up)
PULLS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)  # shares of the way to the subject
RISES = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0)  # metres up
TURNS = (0.0, 20.0, -20.0, 45.0, -45.0, 90.0, -90.0)  # degrees round the subject
MIN_DISTANCE = 0.4  # metres the eye keeps from the subject's pivot
ROOM_MARGIN = 0.15  # metres a camera in a room keeps from its walls and ceiling (as confine)


@dataclass(frozen=True)
class Cleared:
    """A camera with its eye out of geometry, and what that took."""

    camera: Camera
    moved: list[int] = field(default_factory=list)  # frames whose eye was moved
    blockers: list[str] = field(default_factory=list)  # entities the eye stood in
    inside: list[int] = field(default_factory=list)  # frames no adaptation could free
    pulled: float = 0.0  # largest move toward the subject (m)
    raised: float = 0.0  # largest rise (m)
    turned: float = 0.0  # largest turn round the subject (degrees)

    @property
    def note(self) -> str:
        """One line for the shot's notes ('' when nothing was done or left)."""
        if not self.moved and not self.inside:
            return ""
        what = ", ".join(self.blockers) or "geometry"
        parts = []
        if self.moved:
            how = []
            if self.pulled > 1e-6:
                how.append(f"{self.pulled:.2f} m closer to the subject")
            if self.raised > 1e-6:
                how.append(f"raised {self.raised:.2f} m")
            if self.turned > 1e-6:
                how.append(f"turned {self.turned:.0f}° round the subject")
            parts.append(f"camera kept out of {what}: {' and '.join(how) or 'moved'}, lens "
                         f"matched to the distance, on {_span(self.moved)}")
        if self.inside:
            parts.append(f"camera still inside {what} on {_span(self.inside)}")
        return "; ".join(parts)


def _span(frames: list[int]) -> str:
    if len(frames) == 1:
        return f"frame {frames[0]}"
    return f"{len(frames)} frames ({frames[0]}–{frames[-1]})"


def eye_inside(world: World, camera: Camera, frames: list[int], exclude: Iterable[str] = (),
               radius: float = EYE_RADIUS) -> dict[int, list[str]]:
    """Frames at which ``camera``'s eye, grown by ``radius``, is inside a solid box of
    ``world`` (its entities' proxies, ``exclude`` left out), with the entities it is in."""
    boxes_at = SceneBoxes(world, exclude=exclude, frame=frames[0])
    out: dict[int, list[str]] = {}
    for f in frames:
        boxes = boxes_at.at(f)
        hit = points_inside(boxes, np.array([sample3(camera.transform.location, f)]),
                            radius)[:, 0]
        if hit.any():
            out[f] = sorted({boxes.ids[i] for i in np.flatnonzero(hit)})
    return out


def clear_eye(world: World, camera: Camera, frames: list[int], pivots: np.ndarray,
              exclude: Iterable[str] = (), radius: float = EYE_RADIUS,
              resolution: tuple[int, int] = (1280, 720), fps: float | None = None) -> Cleared:
    """``camera`` with its eye outside every solid box (grown by ``radius``) of ``world`` at
    every one of ``frames``; ``pivots`` (one point per frame) is what the camera looks at (the
    subject's framed middle), which moved frames are re-aimed at, keeping it where it was on
    screen. ``exclude``: entities the camera may be in (the subject, an over-the-shoulder's
    foreground). See the module docstring."""
    exclude = tuple(exclude)
    boxes_at = SceneBoxes(world, exclude=exclude, frame=frames[0])
    n = len(frames)
    pivots = np.broadcast_to(np.asarray(pivots, float), (n, 3))
    eyes = np.array([sample3(camera.transform.location, f) for f in frames], float)

    # The boxes of every frame, built once (a moving scene evaluates the World per frame).
    boxes = ([boxes_at.at(frames[0])] * n if boxes_at.static
             else [boxes_at.at(f) for f in frames])

    # An eye inside a room stays in it: a camera does not rise through the ceiling or step
    # through a wall to get out of the cabinets.
    rooms = _rooms(world)

    def inside_at(i: int, pts: np.ndarray) -> np.ndarray:
        """(K,) bool: which of the points (K×3) are inside a grown box at frame index i, or
        out of the room the frame's eye is in."""
        out = points_inside(boxes[i], pts, radius).any(axis=0)
        for room in rooms:
            if _in_box(room, eyes[i][None], 0.0)[0]:
                out |= ~_in_box(room, pts, ROOM_MARGIN)
        return out

    if boxes_at.static:
        bad = inside_at(0, eyes)
    else:
        bad = np.array([inside_at(i, eyes[i][None])[0] for i in range(n)])
    if not bad.any():
        return Cleared(camera)
    blockers: set[str] = set()
    for i in np.flatnonzero(bad):
        blockers |= {boxes[i].ids[j] for j in np.flatnonzero(
            points_inside(boxes[i], eyes[i][None], radius)[:, 0])}
    # Candidate adaptations (pull share, rise m, turn degrees), cheapest first: closer, then
    # a little higher or a little round, then far higher or far round.
    cands = sorted(((p, r, t) for p in PULLS for r in RISES for t in TURNS),
                   key=lambda c: (c[0] + 0.6 * c[1] + abs(c[2]) / 90.0, c))
    weight = np.zeros(n)  # how much of the run's adaptation each frame takes (eased ends)
    choice = np.zeros((n, 3))
    still: list[int] = []

    def moved_eye(i: int, pull: float, rise: float, turn: float = 0.0) -> np.ndarray:
        to = pivots[i] - eyes[i]
        d = float(np.linalg.norm(to))
        share = min(pull, max(0.0, 1.0 - MIN_DISTANCE / max(d, 1e-9)))
        e = eyes[i] + share * to + np.array([0.0, 0.0, rise])
        if turn:
            c, s = np.cos(np.radians(turn)), np.sin(np.radians(turn))
            v = e - pivots[i]
            e = pivots[i] + np.array([c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]])
        return e

    k = max(1, round((fps or float(world.fps)) * 0.5))
    for lo, hi in true_runs(bad):
        run = range(lo, hi)
        # free[c, j]: candidate c frees frame lo + j (one test per frame for all candidates).
        free = np.stack([~inside_at(i, np.stack([moved_eye(i, *c) for c in cands]))
                         for i in run], axis=1)
        shared = np.flatnonzero(free.all(axis=1))
        if not len(shared):  # no shared adaptation: frame by frame, the cheapest that frees it
            for j, i in enumerate(run):
                ok = np.flatnonzero(free[:, j])
                if len(ok):
                    choice[i], weight[i] = cands[ok[0]], 1.0
                else:
                    still.append(frames[i])
            continue
        found = cands[shared[0]]
        choice[lo:hi], weight[lo:hi] = found, 1.0
        # Ease in before the run and out after it, where the eased eye is clear (else the
        # frame keeps its own, clear, eye: the run's neighbours were not inside).
        for side in (range(lo - 1, max(-1, lo - 1 - k), -1), range(hi, min(n, hi + k))):
            for step, i in enumerate(side, start=1):
                if bad[i] or weight[i] >= 1.0:
                    break
                w = float(ease(1.0 - step / (k + 1)))
                eased = (found[0] * w, found[1] * w, found[2] * w)
                if not inside_at(i, moved_eye(i, *eased)[None])[0] and w > weight[i]:
                    choice[i], weight[i] = eased, 1.0
    moved = [i for i in range(n) if weight[i] > 0 and np.any(choice[i] != 0)]
    if not moved:
        return Cleared(camera, [], sorted(blockers), still)
    new_eyes = eyes.copy()
    rots = np.array([sample3(camera.transform.rotation, f) for f in frames], float)
    focals = np.array([sample(camera.focal_length, f) for f in frames], float)
    focus = (np.array([sample(camera.focus_distance, f) for f in frames], float)
             if camera.dof else None)
    pulled = raised = turned = 0.0
    for i in moved:
        e = moved_eye(i, *choice[i])
        before = float(np.linalg.norm(pivots[i] - eyes[i]))
        after = float(np.linalg.norm(pivots[i] - e))
        pulled = max(pulled, before - after)
        raised = max(raised, float(choice[i][1]))
        turned = max(turned, abs(float(choice[i][2])))
        lens = Lens(focals[i], camera.sensor_width, resolution)
        screen = _screen_of(pivots[i], eyes[i], rots[i], lens)
        if abs(after - before) > 1e-6:  # the same shot size from the new distance
            focals[i] = float(np.clip(focals[i] * after / before, MIN_FOCAL, MAX_FOCAL))
            lens = Lens(focals[i], camera.sensor_width, resolution)
        rots[i] = aim(e, pivots[i], lens, *screen, 0.0)
        new_eyes[i] = e
        if focus is not None:
            fwd = -rotation_matrix(rots[i])[:, 2]
            focus[i] = max(0.01, float((pivots[i] - e) @ fwd))
    rots = np.unwrap(rots, axis=0)
    update = {
        "transform": camera.transform.model_copy(update={
            "location": tuple(channel(frames, new_eyes[:, j]) for j in range(3)),
            "rotation": tuple(channel(frames, rots[:, j]) for j in range(3))}),
        "focal_length": channel(frames, focals),
    }
    if focus is not None:
        update["focus_distance"] = channel(frames, focus)
    out = camera.model_copy(update=update)
    out = Camera.model_validate(out.model_dump())
    return Cleared(out, [frames[i] for i in moved], sorted(blockers), still, pulled, raised,
                   turned)


def _rooms(world: World) -> list[Box]:
    """The boxes of the World's rooms (``set`` entities of class wall or room: an interior)."""
    out = []
    for e in world.entities:
        if e.kind == "set" and e.semantic_class in ("wall", "room") and e.asset.size:
            out.append(entity_box(transform_matrix(e.transform, 1), tuple(e.asset.size)))
    return out


def _in_box(box: Box, pts: np.ndarray, margin: float) -> np.ndarray:
    """(K,) bool: which points are inside ``box`` shrunk by ``margin``."""
    local = (np.asarray(pts, float) - box.center) @ box.axes
    return np.all(np.abs(local) < box.half - margin, axis=1)


def _screen_of(point: np.ndarray, eye: np.ndarray, euler: np.ndarray,
               lens: Lens) -> tuple[float, float]:
    """Where ``point`` is on screen (0..1 from the top left) for a camera at ``eye``; the
    middle when it is behind the camera."""
    c = rotation_matrix(euler).T @ (point - eye)
    if c[2] >= -1e-6:
        return (0.5, 0.5)
    w, h = lens.resolution
    u = lens.fx * c[0] / -c[2] + w / 2.0
    v = lens.fx * -c[1] / -c[2] + h / 2.0
    return (float(np.clip(u / w, 0.05, 0.95)), float(np.clip(v / h, 0.05, 0.95)))


__all__ = ["EYE_RADIUS", "Cleared", "clear_eye", "eye_inside"]
