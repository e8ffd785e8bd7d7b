"""Splitting a long shot into overlapping chunks the model can generate, and blending them.

A model generates a bounded window of frames (Wan2.1: 81, AnimateDiff: 16). A longer shot is split
into chunks of at most ``window`` frames that overlap by ``overlap`` frames. Each chunk after
the first is conditioned on the previous chunk's last ``overlap`` output frames (the backend
decides how: VACE takes them as known frames under a black mask, AnimateDiff pins their
latents), and the two generations are cross-faded over the overlap so no seam shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world.errors import InputError


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # index into the shot's frames, inclusive
    stop: int  # exclusive
    overlap: int  # frames shared with the previous chunk (0 for the first)

    @property
    def length(self) -> int:
        return self.stop - self.start


def plan_chunks(frame_count: int, window: int, overlap: int) -> list[Chunk]:
    """Chunks covering ``[0, frame_count)``; consecutive chunks share ``overlap`` frames.

    The last chunk is shifted back to end at the shot's end, so every chunk except possibly the
    only one has ``window`` frames and its overlap may be larger than ``overlap``."""
    if window < 1:
        raise InputError(f"chunk size must be at least 1 frame, got {window}")
    if not 0 <= overlap < window:
        raise InputError(f"chunk overlap must be in [0, {window - 1}] frames, got {overlap}")
    if frame_count <= window:
        return [Chunk(0, 0, frame_count, 0)]
    chunks = [Chunk(0, 0, window, 0)]
    step = window - overlap
    while chunks[-1].stop < frame_count:
        prev = chunks[-1]
        start = min(prev.start + step, frame_count - window)
        chunks.append(Chunk(len(chunks), start, start + window, prev.stop - start))
    return chunks


def blend_weights(overlap: int) -> np.ndarray:
    """Weights of the *new* chunk over the overlap: linear ramp strictly inside (0, 1)."""
    return (np.arange(1, overlap + 1, dtype=np.float64) / (overlap + 1)).astype(np.float64)


def blend_into(video: np.ndarray, chunk: Chunk, frames: np.ndarray) -> None:
    """Write a chunk's ``uint8`` frames into ``video`` (T, H, W, 3), cross-fading the overlap."""
    n = chunk.overlap
    if n:
        w = blend_weights(n)[:, None, None, None]
        old = video[chunk.start : chunk.start + n].astype(np.float64)
        mixed = old * (1.0 - w) + frames[:n].astype(np.float64) * w
        video[chunk.start : chunk.start + n] = np.clip(np.rint(mixed), 0, 255).astype(np.uint8)
    video[chunk.start + n : chunk.stop] = frames[n:]
