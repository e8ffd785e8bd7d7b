"""Making frame sizes and counts valid for a backend, and restoring the shot's exact size.

Video diffusion models accept only some shapes: Wan needs ``4k+1`` frames (its VAE compresses time
by 4 and keeps the first frame) and width/height multiples of 16 (VAE ×8, patch ×2); SD1.5-based
AnimateDiff needs multiples of 8. We pick a working size with the shot's aspect ratio within the
backend's pixel budget, resize the conditions to it, pad the frame count by repeating the last
condition frame, and after generation trim the padding and resize back to the shot's resolution,
so the output always matches the shot's frame range and resolution exactly.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image


def working_size(width: int, height: int, multiple: int, max_area: int) -> tuple[int, int]:
    """(w, h): the shot's aspect ratio, area at most ``max_area`` (never upscaled beyond the shot
    size by more than rounding), each side a positive multiple of ``multiple``."""
    scale = min(1.0, math.sqrt(max_area / float(width * height)))
    w = max(multiple, round(width * scale / multiple) * multiple)
    h = max(multiple, round(height * scale / multiple) * multiple)
    return w, h


def valid_frame_count(n: int, temporal: int) -> int:
    """Smallest count ``>= n`` of the form ``temporal*k + 1`` (``temporal`` 1 accepts any n)."""
    if temporal <= 1:
        return max(1, n)
    return math.ceil((max(1, n) - 1) / temporal) * temporal + 1


def pad_frames(frames: np.ndarray, count: int) -> np.ndarray:
    """Repeat the last frame until there are ``count`` frames (``frames``: (T, ...))."""
    if len(frames) >= count:
        return frames[:count]
    pad = np.repeat(frames[-1:], count - len(frames), axis=0)
    return np.concatenate([frames, pad], axis=0)


def resize_frames(frames: np.ndarray, width: int, height: int, nearest: bool = False) -> np.ndarray:
    """Resize ``(T, H, W[, C]) uint8`` frames (on a few threads: Pillow resamples without the
    GIL). ``nearest`` for masks and label images."""
    if frames.shape[1:3] == (height, width):
        return frames
    from .parallel import map_ordered

    method = Image.Resampling.NEAREST if nearest else Image.Resampling.LANCZOS
    return np.stack(map_ordered(
        lambda f: np.asarray(Image.fromarray(f).resize((width, height), method)), frames))


def to_uint8(frames: np.ndarray) -> np.ndarray:
    """Pipeline output in [0, 1] floats → uint8, rounding (not truncating)."""
    return np.clip(np.rint(np.asarray(frames, dtype=np.float64) * 255.0), 0, 255).astype(np.uint8)
