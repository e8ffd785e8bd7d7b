"""Keeping a camera move inside an indoor set: adapt the move, never replace it.

A movement generator frames its subject at the shot size's distance, which a small room may not
have (an orbit at 4 m round a table in a 3 m room). `fit_in_room` answers with the same move,
adapted: first the move again through wider lenses (the framing distance shrinks with the focal
length, so an orbit's radius shrinks and the lens widens), then, when even the widest lens
leaves the room somewhere, the path clamped inside the walls and under the ceiling and every
frame re-aimed at the subject — the move's shape (its sweep, its rise, its push) is kept where
the room allows it. The result says which of the two it did, so a report can name it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from previz.world import Camera
from previz.world.tracks import sample, sample3

from .framing import Lens, aim
from .movements import ShotSpec, focus_depths, measures
from .track import camera_track

Room = tuple[float, float, float, float, float]
"""An indoor set's interior: x0, y0, x1, y1 and the ceiling height (metres)."""

MARGIN = 0.15  # metres a camera keeps from the walls and the ceiling
WIDER = (0.7, 0.5, 0.35)  # focal length factors tried, widest last
MIN_FOCAL = 12.0  # mm: the widest lens tried


@dataclass(frozen=True)
class Fitted:
    camera: Camera
    how: str  # "as generated", "wider lens <f> mm", "clamped inside the room"


def eyes_of(camera: Camera, frames: list[int]) -> np.ndarray:
    """The camera's position at each frame."""
    return np.array([sample3(camera.transform.location, f) for f in frames])


def inside(camera: Camera, frames: list[int], room: Room, margin: float = MARGIN) -> bool:
    """Whether the camera stays inside the room (walls and ceiling) at every frame."""
    x0, y0, x1, y1, top = room
    e = eyes_of(camera, frames)
    return bool(np.all((e[:, 0] >= x0 + margin - 1e-6) & (e[:, 0] <= x1 - margin + 1e-6)
                       & (e[:, 1] >= y0 + margin - 1e-6) & (e[:, 1] <= y1 - margin + 1e-6)
                       & (e[:, 2] <= top - margin + 1e-6)))


def fit_in_room(world, spec: ShotSpec, make: Callable[[ShotSpec], Camera],  # type: ignore[no-untyped-def]
                room: Room) -> Fitted:
    """``make(spec)`` kept inside ``room``: as generated when it fits, else through wider
    lenses, else clamped inside and re-aimed (see the module docstring)."""
    frames = spec.frame_list
    cam = make(spec)
    if inside(cam, frames, room):
        return Fitted(cam, "as generated")
    base = spec.lens.focal_length
    last = cam
    for factor in WIDER:
        focal = max(MIN_FOCAL, base * factor)
        wider = replace(spec, focal_length=focal)
        last = make(wider)
        if inside(last, frames, room):
            return Fitted(last, f"wider lens {focal:.0f} mm")
        if focal <= MIN_FOCAL:
            break
    widest = replace(spec, focal_length=max(MIN_FOCAL, base * WIDER[-1]))
    return Fitted(clamp(world, widest, last, room), "clamped inside the room")


def clamp(world, spec: ShotSpec, camera: Camera, room: Room) -> Camera:  # type: ignore[no-untyped-def]
    """``camera``'s path with every eye moved inside ``room`` (by the margin) and re-aimed so
    the subject's framed middle sits where the shot size puts it; a static camera (one eye
    and one orientation throughout) stays static: aimed once, at the first frame."""
    x0, y0, x1, y1, top = room
    frames = spec.frame_list
    eyes = eyes_of(camera, frames)
    rots = np.array([sample3(camera.transform.rotation, f) for f in frames])
    still = bool(np.ptp(eyes, axis=0).max() < 1e-9 and np.ptp(rots, axis=0).max() < 1e-9)
    lo = np.array([x0 + MARGIN, y0 + MARGIN, 0.1])
    hi = np.array([x1 - MARGIN, y1 - MARGIN, top - MARGIN])
    eyes = np.clip(eyes, lo, np.maximum(lo, hi))
    ms = measures(world, spec)
    focals = np.array([sample(camera.focal_length, f) for f in frames], float)
    targets = np.stack([m.at(spec.mid_span) for m in ms])
    eulers = np.array([
        aim(e, t, Lens(f, spec.sensor_width, spec.resolution), 0.5, spec.mid_y, spec.angle.roll)
        for e, t, f in zip(eyes, targets, focals, strict=True)])
    if still:
        eulers[:] = eulers[0]
    return camera_track(spec.camera_id, frames, eyes, eulers, focals,
                        focus_depths(eyes, eulers, targets), sensor_width=spec.sensor_width,
                        fstop=spec.fstop)
