"""Motion clips in the index: BVH files found by ingest, and procedural motions registered by
the caller (the motion skills live outside `asset_index`, which may import only the world).

A clip's entry holds a text description, the skeleton type, the duration in seconds, the frame
count and whether it loops (its last pose returns to its first, ignoring travel of the root).
A procedural motion is parametric (it follows any path, for as long as the path takes): its
duration and frame count are None, and ``loops`` says whether it is a cycle (a gait).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Joint-name hints that identify a skeleton type, checked in order.
_SKELETON_HINTS = (
    ("bird", ("wing", "beak")),
    ("fish", ("fin", "tail_fin", "caudal")),
    ("quadruped", ("front_leg", "hind_leg", "foreleg", "hindleg", "paw", "hoof")),
    ("humanoid", ("hips", "pelvis", "spine", "head", "neck", "shoulder", "hip")),
)


class BvhError(ValueError):
    pass


@dataclass
class MotionClip:
    """What the index records about one clip."""

    name: str
    description: str
    skeleton: str
    duration: float | None  # seconds; None for a parametric (procedural) motion
    frames: int | None
    loops: bool
    joints: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def guess_skeleton(joint_names: list[str]) -> str:
    low = " ".join(j.lower() for j in joint_names)
    for skeleton, hints in _SKELETON_HINTS:
        if any(h in low for h in hints):
            return skeleton
    return "unknown"


def parse_bvh(text: str) -> tuple[list[str], list[list[str]], int, float, np.ndarray]:
    """(joint names, channels per joint, frame count, frame time, motion array) of a BVH file."""
    tokens = text.split()
    if not tokens or tokens[0] != "HIERARCHY":
        raise BvhError("does not start with HIERARCHY")
    joints: list[str] = []
    channels: list[list[str]] = []
    i = 1
    depth = 0
    try:
        while i < len(tokens) and tokens[i] != "MOTION":
            tok = tokens[i]
            if tok in ("ROOT", "JOINT"):
                joints.append(tokens[i + 1])
                channels.append([])
                i += 2
            elif tok == "End":
                i += 2
            elif tok == "{":
                depth += 1
                i += 1
            elif tok == "}":
                depth -= 1
                i += 1
            elif tok == "OFFSET":
                [float(t) for t in tokens[i + 1:i + 4]]
                i += 4
            elif tok == "CHANNELS":
                n = int(tokens[i + 1])
                if not joints:
                    raise BvhError("CHANNELS before any joint")
                channels[-1] = tokens[i + 2:i + 2 + n]
                i += 2 + n
            else:
                raise BvhError(f"unexpected token {tok!r} in HIERARCHY")
        if depth != 0 or i >= len(tokens):
            raise BvhError("unbalanced braces or no MOTION section")
        if tokens[i + 1] != "Frames:" or tokens[i + 3:i + 5] != ["Frame", "Time:"]:
            raise BvhError("MOTION section lacks 'Frames:' and 'Frame Time:'")
        frames = int(tokens[i + 2])
        frame_time = float(tokens[i + 5])
        data = np.array([float(t) for t in tokens[i + 6:]], dtype=np.float64)
    except (IndexError, ValueError) as exc:
        if isinstance(exc, BvhError):
            raise
        raise BvhError(f"malformed BVH ({exc})") from exc
    width = sum(len(c) for c in channels)
    if not joints or width == 0:
        raise BvhError("has no joints with channels")
    if frames <= 0 or frame_time <= 0:
        raise BvhError("needs a positive frame count and frame time")
    if data.size != frames * width:
        raise BvhError(f"MOTION has {data.size} values, expected {frames} frames × {width} "
                       "channels (truncated?)")
    return joints, channels, frames, frame_time, data.reshape(frames, width)


def bvh_clip(name: str, text: str) -> MotionClip:
    joints, channels, frames, frame_time, motion = parse_bvh(text)
    rotation_cols = [c for c, ch in enumerate(x for chs in channels for x in chs)
                     if ch.lower().endswith("rotation")]
    loops = False
    if frames > 2 and rotation_cols:
        first, last = motion[0, rotation_cols], motion[-1, rotation_cols]
        diff = np.abs((last - first + 180.0) % 360.0 - 180.0)
        loops = bool(diff.max() < 5.0)
    skeleton = guess_skeleton(joints)
    duration = frames * frame_time
    description = (f"{name} motion clip, {skeleton} skeleton, {duration:.1f} s"
                   + (", looping" if loops else ""))
    return MotionClip(name=name, description=description, skeleton=skeleton, duration=duration,
                      frames=frames, loops=loops, joints=joints,
                      extra={"fps": round(1.0 / frame_time, 3), "joint_count": len(joints)})
