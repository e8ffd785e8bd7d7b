"""The 180° rule: cameras of one scene stay on one side of the line of action.

The line of action runs through two subjects (two characters talking, a chase and its
target). Cutting between cameras on opposite sides flips screen direction, so this module says
which side a camera is on, finds the shots that break the rule, and mirrors a camera position
back across the line.
"""

from __future__ import annotations

import numpy as np

from previz.world import World

from .subject import Subject, measure


def line_of_action(world: World, a: str, b: str, frame: float) -> tuple[np.ndarray, np.ndarray]:
    """A point on the line through subjects ``a`` and ``b`` (ground plane) and its unit
    direction from a to b."""
    pa = measure(world, frame, Subject(a)).bottom
    pb = measure(world, frame, Subject(b)).bottom
    d = (pb - pa) * np.array([1.0, 1.0, 0.0])
    n = np.linalg.norm(d)
    if n < 1e-9:
        raise ValueError(f"{a!r} and {b!r} stand at the same place; there is no line of action")
    return pa, d / n


def side(eye: np.ndarray, point: np.ndarray, direction: np.ndarray) -> float:
    """+1 if ``eye`` is left of the line (seen from above, looking along ``direction``), −1 if
    right, 0 on it."""
    v = np.asarray(eye, float) - point
    return float(np.sign(direction[0] * v[1] - direction[1] * v[0]))


def mirror(eye: np.ndarray, point: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """``eye`` reflected across the vertical plane of the line of action."""
    v = np.asarray(eye, float) - point
    normal = np.array([-direction[1], direction[0], 0.0])
    return np.asarray(eye, float) - 2.0 * (v @ normal) * normal


def crossings(world: World, a: str, b: str) -> list[str]:
    """Ids of the shots whose camera (at the shot's first frame) is on the other side of the
    a–b line from the first shot's camera: the cuts that break the 180° rule."""
    shots = sorted(world.shots, key=lambda s: (s.frame_start, s.id))
    out: list[str] = []
    reference = None
    for shot in shots:
        state = world.evaluate(shot.frame_start)
        point, direction = line_of_action(world, a, b, shot.frame_start)
        s = side(state.cameras[shot.camera].matrix[:3, 3], point, direction)
        if s == 0:
            continue
        if reference is None:
            reference = s
        elif s != reference:
            out.append(shot.id)
    return out
