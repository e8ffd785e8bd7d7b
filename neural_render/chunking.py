"""Splitting a long shot into overlapping chunks the model can generate, and blending them.

A model generates a bounded window of frames (Wan2.1: 81, AnimateDiff: 16). A longer shot is split
into chunks of at most ``window`` frames that overlap by ``overlap`` frames. Each chunk after
the first is conditioned on the previous chunk's last ``overlap`` output frames (the backend
decides how: VACE takes them as known frames under a black mask, AnimateDiff pins their
latents), and the two generations are cross-faded over the overlap so no seam shows.

Two more things hold a long shot together. The *anchor*: the first chunk's first frame is
given to every later chunk as a reference image (VACE), so its look — faces, colours, light —
is what later chunks are drawn towards, not only the few overlap frames. And *colour matching*
(`match_seam`): a new chunk's colours are moved, per L*a*b* channel, to the mean and spread of
the previous chunk over the frames they share, so the drift that builds up chunk after chunk
does not show as a jump; the mean ΔE over the overlap before and after is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world.errors import InputError

from .colour import delta_e, lab_to_rgb, rgb_to_lab

#: A channel's spread is scaled by at most this factor (or its inverse) when matching a seam:
#: an overlap of nearly flat frames must not blow the new chunk's contrast up.
MAX_SPREAD_RATIO = 2.0


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


@dataclass(frozen=True)
class Seam:
    """The colour difference (mean CIE76 ΔE) over a chunk's overlap with the previous chunk,
    before and after `match_seam`."""

    chunk: int
    before: float
    after: float


def match_seam(previous: np.ndarray, frames: np.ndarray, overlap: int,
               chunk: int = 0) -> tuple[np.ndarray, Seam]:
    """``frames`` (a new chunk, uint8 ``(T, h, w, 3)``) with its colours moved so that its
    first ``overlap`` frames have the L*a*b* mean and standard deviation per channel of
    ``previous`` (the previous chunk's output over the same frames); the same affine change
    applies to every frame of the chunk. Returns the new frames and the `Seam` measured."""
    n = overlap
    before = delta_e(previous[:n], frames[:n])
    ref = rgb_to_lab(previous[:n]).reshape(-1, 3)
    lab = rgb_to_lab(frames)
    own = lab[:n].reshape(-1, 3)
    mu_ref, mu_own = ref.mean(axis=0), own.mean(axis=0)
    sd_ref, sd_own = ref.std(axis=0), own.std(axis=0)
    ratio = np.where(sd_own > 1e-6, sd_ref / np.maximum(sd_own, 1e-6), 1.0)
    ratio = np.clip(ratio, 1.0 / MAX_SPREAD_RATIO, MAX_SPREAD_RATIO)
    matched = lab_to_rgb((lab - mu_own) * ratio + mu_ref)
    after = delta_e(previous[:n], matched[:n])
    if after > before:  # never make a seam worse than it was
        return frames, Seam(chunk, before, before)
    return matched, Seam(chunk, before, after)
