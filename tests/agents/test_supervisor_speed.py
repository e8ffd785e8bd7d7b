"""The supervisor's vectorised shortcuts decide what the one-box-at-a-time tests decide:
`_may_contain` keeps every box that `Box.contains` would find (so the camera-inside check sees
the same boxes), in their order."""

from __future__ import annotations

import numpy as np

from previz.agents.supervisor.check import _may_contain
from previz.skills.geometry import entity_box
from previz.world.transforms import compose


def test_may_contain_keeps_every_box_that_contains_the_point() -> None:
    rng = np.random.default_rng(11)
    boxes = {}
    for k in range(60):
        m = compose(rng.uniform(-5, 5, 3), rng.uniform(-3, 3, 3), rng.uniform(0.5, 2, 3))
        boxes[f"b{k}"] = entity_box(m, tuple(rng.uniform(0.2, 4, 3)))
    found = 0
    for _ in range(300):
        point = rng.uniform(-7, 7, 3)
        for grow in (0.0, 0.1, 0.5):
            kept = _may_contain(boxes, point, grow)
            inside = [k for k, b in boxes.items() if b.contains(point, -grow)]
            # all of them, in order (the margin is far below these random points' distances
            # from a face, so here no other box is kept either)
            assert kept == inside
            found += len(inside)
    assert found > 50  # the points did fall inside boxes
    assert _may_contain({}, np.zeros(3), 0.1) == []
