"""Ranking: semantic similarity plus size compatibility, after hard filters.

The size term follows Holodeck (Yang et al., 2024, the Objaverse retriever): sort the three
dimensions of the wanted size and of each asset, so that a rotated asset still matches, and
penalise the mean absolute difference, in metres:

    score = semantic − SIZE_WEIGHT · mean(|sort(wanted) − sort(asset)|)

The hard size filter drops assets whose sorted dimensions are not each within a factor
(1 + tolerance) of the wanted ones (or within 10 cm of them): a 3 m "chair" is not a
candidate for a 0.9 m chair.
"""

from __future__ import annotations

import re

import numpy as np

from previz.world.errors import InputError

SIZE_WEIGHT = 0.5  # score per metre of mean sorted-dimension difference
SIZE_TOLERANCE = 1.0  # hard filter: each sorted dimension within a factor of 2 ...
SIZE_SLACK = 0.1  # ... or within 10 cm (thin things: a 2 cm vs a 5 cm thick painting)

_SIZE = re.compile(r"^\s*([0-9.]+)\s*[xX×,]\s*([0-9.]+)\s*[xX×,]\s*([0-9.]+)\s*$")


def parse_size(text: str) -> tuple[float, float, float]:
    """'0.5x0.5x0.9' → (0.5, 0.5, 0.9): width x, depth y, height z in metres."""
    match = _SIZE.match(text)
    if not match:
        raise InputError(f"--size {text!r}: expected WxDxH in metres, e.g. 0.5x0.5x0.9")
    try:
        size = tuple(float(v) for v in match.groups())
    except ValueError as exc:
        raise InputError(f"--size {text!r}: {exc}") from exc
    if min(size) <= 0:
        raise InputError(f"--size {text!r}: every dimension must be positive")
    return size  # type: ignore[return-value]


def sorted_sizes(sizes: np.ndarray) -> np.ndarray:
    return np.sort(np.asarray(sizes, dtype=np.float32), axis=-1)


def size_difference(wanted: tuple[float, float, float], sorted_assets: np.ndarray) -> np.ndarray:
    """Holodeck's mean difference of sorted dimensions (metres), one value per asset row."""
    target = np.sort(np.asarray(wanted, dtype=np.float32))
    return np.abs(sorted_assets - target).mean(axis=-1)


def size_fits(wanted: tuple[float, float, float], sorted_assets: np.ndarray,
              tolerance: float = SIZE_TOLERANCE) -> np.ndarray:
    """Hard filter: True where every sorted dimension is within a factor (1 + tolerance)."""
    target = np.sort(np.asarray(wanted, dtype=np.float32))
    ratio = np.maximum(sorted_assets, 1e-6) / target
    factor = 1.0 + tolerance
    close = np.abs(sorted_assets - target) <= SIZE_SLACK
    return np.all(close | ((ratio <= factor) & (ratio >= 1.0 / factor)), axis=-1)
