"""`reduce_keys` keeps the keys the Ramer–Douglas–Peucker rule keeps: the same indices as a
plain numpy reference (its short segments are measured in Python floats for speed, which must not
change a single kept key, or every baked World's hash moves), and linear interpolation between
the kept keys stays within the tolerance."""

from __future__ import annotations

import numpy as np
import pytest

from previz.skills.motion.clip import reduce_keys


def _reference(values: np.ndarray, tolerance: float) -> np.ndarray:
    v = np.asarray(values, float)
    n = len(v)
    if n <= 2 or tolerance <= 0:
        return np.arange(n)
    keep = np.zeros(n, bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        t = (np.arange(a + 1, b) - a) / (b - a)
        err = np.abs(v[a + 1:b] - (v[a] + (v[b] - v[a]) * t))
        k = int(np.argmax(err))
        if err[k] > tolerance:
            keep[a + 1 + k] = True
            stack += [(a, a + 1 + k), (a + 1 + k, b)]
    return np.flatnonzero(keep)


def _signals() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    out = [np.cumsum(rng.normal(size=n)) * 0.01 + np.sin(np.arange(n) / 4.0) * 0.3
           for n in (3, 7, 60, 101, 102, 250, 480, 1200)]
    out.append(np.repeat([0.0, 0.5, 0.5, 1.0], 40))  # ties: the first largest error wins
    return out


@pytest.mark.parametrize("tolerance", [1e-4, 1e-3, 1e-2, 0.2])
def test_kept_keys_match_the_reference_exactly(tolerance: float) -> None:
    for sig in _signals():
        assert reduce_keys(sig, tolerance).tolist() == _reference(sig, tolerance).tolist()


def test_interpolation_between_kept_keys_is_within_the_tolerance() -> None:
    for sig in _signals():
        idx = reduce_keys(sig, 1e-3)
        approx = np.interp(np.arange(len(sig)), idx, sig[idx])
        assert np.abs(approx - sig).max() <= 1e-3 + 1e-12


def test_pinned_cases() -> None:
    assert reduce_keys(np.linspace(0, 1, 300), 1e-6).tolist() == [0, 299]
    assert reduce_keys(np.array([0.0, 1.0, 0.0, 1.0, 0.0]), 0.5).tolist() == [0, 1, 2, 3, 4]
    assert reduce_keys(np.array([0.0, 0.1, 0.0]), 0.5).tolist() == [0, 2]
