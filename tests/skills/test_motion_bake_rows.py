"""Baking keys every channel of a skeleton in one pass: `reduce_keys_rows` keeps the keys
`reduce_keys` keeps row by row (ties to the first largest error included), and `_curves` gives
each row what `_curve` gives it (still rows as numbers, near-zero values as 0.0, reduced or full
keys)."""

from __future__ import annotations

import numpy as np

from previz.skills.motion.clip import _curve, _curves, reduce_keys, reduce_keys_rows
from previz.world import Curve


def _rows(n: int, rng: np.random.Generator) -> np.ndarray:
    v = np.cumsum(rng.normal(size=(12, n)) * 0.02, axis=1)
    v += np.sin(np.linspace(0.0, 6.0, n)) * rng.uniform(0.0, 1.0, (12, 1))
    v[3] = 0.0  # still
    v[4] = np.round(v[4], 1)  # plateaus: equal errors, the first largest is kept
    v[5] = 1e-13 * rng.normal(size=n)  # below ZERO: a still 0.0
    v[6, ::2] = 0.0  # a zigzag
    return v


def test_reduce_keys_rows_keeps_what_reduce_keys_keeps() -> None:
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 5, 50, 101, 102, 192, 300):
        for tol in (0.0, 1e-3, 0.05, 0.5):
            v = _rows(n, rng)
            got = reduce_keys_rows(v, tol)
            assert len(got) == len(v)
            for row, keys in zip(v, got, strict=True):
                assert keys.tolist() == reduce_keys(row, tol).tolist(), (n, tol)


def _same(a: float | Curve, b: float | Curve) -> bool:
    if isinstance(a, Curve) or isinstance(b, Curve):
        return isinstance(a, Curve) and isinstance(b, Curve) and \
            a.model_dump_json() == b.model_dump_json()
    return repr(a) == repr(b)  # -0.0 is not 0.0 here


def test_curves_is_curve_of_each_row() -> None:
    rng = np.random.default_rng(1)
    v = _rows(96, rng)
    frames = 1 + np.arange(96)
    for interpolation, tol in (("linear", 1e-3), ("linear", 0.0), ("bezier", 1e-3)):
        got = _curves(v, frames, interpolation, tol)
        want = [_curve(row, frames, interpolation, tol) for row in v]
        assert all(_same(a, b) for a, b in zip(got, want, strict=True)), interpolation
    assert isinstance(got[0], Curve) and got[3] == 0.0 and repr(got[5]) == "0.0"
