"""The pose pass paints its limbs and keypoints in batches (`skeleton._paint`): the same image,
byte for byte, as drawing each shape in turn — overlaps included (the later shape wins)."""

from __future__ import annotations

import numpy as np
import pytest

from previz.addon.passes import skeleton


@pytest.mark.parametrize("spread", [3.0, 40.0, 300.0])  # small, mixed and big shapes
def test_batched_painting_equals_drawing_one_by_one(spread: float) -> None:
    rng = np.random.default_rng(int(spread))
    h, w = 120, 200
    shapes = []
    for k in range(400):
        p = rng.uniform([-20, -20], [w + 20, h + 20])
        color = rng.integers(1, 256, 3).astype(np.uint8)
        if k % 3 == 0:
            shapes.append((p, p, -float(rng.uniform(1.0, 6.0)), color))
        else:
            q = p + rng.normal(0, spread, 2)
            shapes.append((p, q, float(rng.uniform(1.0, 5.0)), color))
    batched = np.zeros((h, w, 3), np.uint8)
    skeleton._paint(batched, shapes)
    one_by_one = np.zeros((h, w, 3), np.uint8)
    for p, q, size, color in shapes:
        if size < 0:
            skeleton._disc(one_by_one, p, -size, color)
        else:
            skeleton._ellipse(one_by_one, p, q, size, color)
    assert np.array_equal(batched, one_by_one)
    assert (one_by_one.any(-1)).mean() > 0.05  # the shapes really cover and overlap
