"""Humanoid poses as data: per joint, a list of (axis, degrees) turns applied in order.

``{"right_shoulder": [("y", -70), ("x", -40)]}`` reads "lower the right arm 70° about Y, then
swing it 40° forward about X": later turns act in the parent's frame (left-multiplied), which is
how a person describes a pose. The rest pose is the SMPL T-pose facing −Y (left is +X), so:

- arms hang with shoulder Y = +78° (left) / −78° (right); arms forward with Z = −90° / +90°;
  raising a hanging arm forward is a negative X turn;
- an elbow flexes (forearm towards the front) with Z < 0 (left) / Z > 0 (right), and lifts the
  forearm upwards from a T-pose with Y > 0 (right) / Y < 0 (left);
- bending the spine forward, or nodding the head down, is a positive X turn; turning to the
  left is a positive Z turn.

`mirror` turns a right-handed pose into the left-handed one (swap sides, negate Y and Z).
"""

from __future__ import annotations

import numpy as np

from .rig import axis_angle

Turns = list[tuple[str, float]]
Pose = dict[str, Turns]

_AXES = {"x": np.array([1.0, 0, 0]), "y": np.array([0, 1.0, 0]), "z": np.array([0, 0, 1.0])}


def turns_matrix(turns: Turns) -> np.ndarray:
    m = np.eye(3)
    for axis, deg in turns:
        m = axis_angle(_AXES[axis], np.array(np.radians(deg))) @ m
    return m


def pose_matrices(pose: Pose) -> dict[str, np.ndarray]:
    return {joint: turns_matrix(turns) for joint, turns in pose.items()}


def mirror(pose: Pose) -> Pose:
    def side(name: str) -> str:
        if name.startswith("left_"):
            return "right_" + name[5:]
        if name.startswith("right_"):
            return "left_" + name[6:]
        return name

    return {side(j): [(a, d if a == "x" else -d) for a, d in turns] for j, turns in pose.items()}


ARMS_DOWN: Pose = {
    "left_shoulder": [("y", 78)], "right_shoulder": [("y", -78)],
    "left_elbow": [("z", -10)], "right_elbow": [("z", 10)],
}

GUARD: Pose = {
    "right_shoulder": [("y", -65), ("z", 20), ("x", -45)], "right_elbow": [("z", 125)],
    "left_shoulder": [("y", 65), ("z", -20), ("x", -55)], "left_elbow": [("z", -120)],
    "spine1": [("x", 8)], "spine3": [("x", 5)], "neck": [("x", 5)], "head": [("x", -8)],
}


def guard(frames: int) -> dict[str, np.ndarray]:
    """The boxing guard held for ``frames`` frames: fists up by the chin, elbows in."""
    return {j: np.broadcast_to(m, (frames, 3, 3)).copy() for j, m in pose_matrices(GUARD).items()}
