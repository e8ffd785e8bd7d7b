"""Interpolation against values computed by hand."""

from __future__ import annotations

import itertools
import math

import pytest

from previz.world.tracks import Curve, Keyframe, auto_handles, sample


def curve(*keys: list) -> Curve:
    return Curve.model_validate(list(keys))


def test_static_value_is_itself() -> None:
    assert sample(2.5, 100) == 2.5


def test_constant_holds_until_next_key() -> None:
    c = curve([1, 0.0, "constant"], [10, 5.0])
    assert sample(c, 1) == 0.0
    assert sample(c, 9.99) == 0.0
    assert sample(c, 10) == 5.0


def test_linear_interpolates_and_extrapolates_constant() -> None:
    c = curve([1, 0.0, "linear"], [11, 10.0])
    assert sample(c, 6) == pytest.approx(5.0)
    assert sample(c, 3.5) == pytest.approx(2.5)
    assert sample(c, -100) == 0.0  # before the first key: the first value
    assert sample(c, 1000) == 10.0  # after the last key: the last value


def test_bezier_with_automatic_flat_end_handles() -> None:
    # Keys (1, 0) and (4, 3): flat handles at a third of the span, so x(t) is linear and
    # y(t) = 9 t^2 - 6 t^3 with t = (frame - 1) / 3.
    c = curve([1, 0.0], [4, 3.0])
    for frame in (1.0, 1.75, 2.0, 2.5, 3.0, 3.9, 4.0):
        t = (frame - 1) / 3
        assert sample(c, frame) == pytest.approx(9 * t**2 - 6 * t**3, abs=1e-9)


def test_bezier_with_explicit_handles() -> None:
    # Handles at thirds again but with given values: y(t) = 3(1-t)^2 t * 2 + 3(1-t) t^2 * 2.
    c = Curve(keys=[
        Keyframe(frame=0, value=0, handle_right=(1.0, 2.0)),
        Keyframe(frame=3, value=0, handle_left=(2.0, 2.0)),
    ])
    for frame in (0.5, 1.5, 2.25):
        t = frame / 3
        expected = 6 * (1 - t) ** 2 * t + 6 * (1 - t) * t**2
        assert sample(c, frame) == pytest.approx(expected, abs=1e-9)


def test_bezier_overlong_handles_are_shortened_like_blender() -> None:
    # Handles reaching past each other are scaled so x(t) stays monotone: no loops, no NaN.
    c = Curve(keys=[
        Keyframe(frame=0, value=0, handle_right=(5.0, 1.0)),
        Keyframe(frame=2, value=1, handle_left=(-3.0, 0.0)),
    ])
    values = [sample(c, f / 10) for f in range(21)]
    assert all(math.isfinite(v) for v in values)
    assert values[0] == 0 and values[-1] == 1


def test_auto_handles_secant_slope_limited() -> None:
    keys = curve([0, 0.0], [1, 1.0], [2, 3.0]).keys
    left, right = auto_handles(keys, 1)
    # slope of the neighbours' secant: (3 - 0) / 2 = 1.5 (under the 3x limit of 3.0)
    assert left == pytest.approx((2 / 3, 0.5))
    assert right == pytest.approx((4 / 3, 1.5))


def test_auto_handles_flat_at_extremum_so_no_overshoot() -> None:
    c = curve([0, 0.0], [10, 1.0], [20, 0.0])
    left, right = auto_handles(c.keys, 1)
    assert left[1] == right[1] == 1.0
    assert max(sample(c, f / 4) for f in range(81)) == pytest.approx(1.0)


def test_monotone_keys_give_monotone_curve() -> None:
    c = curve([0, 0.0], [1, 0.1], [2, 5.0], [3, 5.1])
    samples = [sample(c, f / 50) for f in range(151)]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(samples))


def test_short_forms_equal_long_form() -> None:
    assert Curve.model_validate([[1, 2.0, "linear"]]) == Curve(
        keys=[Keyframe(frame=1, value=2.0, interpolation="linear")]
    )


def test_keyframes_out_of_order_rejected() -> None:
    with pytest.raises(ValueError, match=r"keys\[2\] \(frame 3\) does not come after keys\[1\]"):
        curve([1, 0.0], [5, 1.0], [3, 2.0])


def test_sampling_does_not_change_equality() -> None:
    a = curve([1, 0.0], [5, 1.0])
    b = curve([1, 0.0], [5, 1.0])
    sample(a, 3)  # fills a's frame cache
    assert a == b
    a.keys = [Keyframe(frame=1, value=0.0), Keyframe(frame=9, value=2.0)]
    assert sample(a, 9) == 2.0  # the cache follows the new keys
    assert a != b
