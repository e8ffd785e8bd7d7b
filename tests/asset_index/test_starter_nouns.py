"""Starter proxies for nouns directors name that the library lacked (taxi, helicopter, train
carriage, violin, qin, fruit bowl): present, real-world sized, readable parts."""

from __future__ import annotations

import numpy as np
import pytest

from previz.asset_index.starter import ITEMS


def _mesh(name: str):  # type: ignore[no-untyped-def]
    return next(it for it in ITEMS if it.name == name).build().mesh()


def test_the_new_nouns_are_categories_of_the_library():
    cats = {it.category for it in ITEMS}
    for c in ("taxi", "helicopter", "train carriage", "violin", "qin", "fruit bowl"):
        assert c in cats, c


def test_a_taxis_four_wheels_touch_the_ground_at_its_corners():
    v = _mesh("taxi").vertices
    ground = v[v[:, 2] < 0.005]
    for sx in (-1, 1):
        for sy in (-1, 1):
            near = ground[(np.sign(ground[:, 0]) == sx) & (np.sign(ground[:, 1]) == sy)]
            assert len(near), (sx, sy)
            assert abs(abs(near[:, 1]).mean() - 1.4) < 0.1  # on the axles, 1.4 m from centre
    assert _mesh("taxi").extents[2] == pytest.approx(1.66, abs=0.01)  # with its roof sign


def test_helicopter_has_a_ten_metre_rotor_and_stands_on_skids():
    m = _mesh("helicopter")
    assert m.extents[0] == pytest.approx(10.0)
    v = m.vertices
    low = v[v[:, 2] < 0.005]
    assert {np.sign(x) for x in low[:, 0]} == {-1.0, 1.0}  # two skids, left and right
    assert abs(low[:, 0]).min() > 0.7


@pytest.mark.parametrize(("name", "size", "tol"), [
    ("train_carriage", (2.9, 20.0, 3.9), 0.05),
    ("violin", (0.2, 0.04, 0.61), 0.02),
    ("qin", (1.3, 0.45, 0.74), 0.02),
    ("fruit_bowl", (0.26, 0.26, 0.17), 0.02),
])
def test_real_world_sizes(name, size, tol):
    np.testing.assert_allclose(_mesh(name).extents, size, atol=tol)
