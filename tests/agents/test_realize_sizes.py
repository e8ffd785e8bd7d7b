"""A size the plan names is the size placed: a library model is scaled to it (a 2.4 m table is
2.4 m long in the World and in what the camera sees), and a prop without a named size keeps
the library's own model at its own size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from previz.agents.plan import ScenePlan
from previz.agents.realize import fit_scale, realize
from previz.skills.geometry import entity_box
from previz.world import AssetRef


@pytest.fixture(autouse=True)
def _data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def _plan() -> ScenePlan:
    return ScenePlan.model_validate({
        "setting": {"type": "room", "name": "dining room", "size": [8.0, 6.0, 3.0]},
        "objects": [
            {"id": "table", "category": "table", "size": [2.4, 1.0, 0.75]},
            {"id": "chair", "category": "chair"},
        ],
        "shots": [{"id": "shot_1", "size": "wide", "duration": 2.0}],
    })


def _extent(world, eid: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    e = next(x for x in world.entities if x.id == eid)
    box = entity_box(world.evaluate(1).entities[eid].matrix, e.asset.size)
    return [*np.sort(2.0 * box.half[:2]).tolist(), 2.0 * float(box.half[2])]


def test_a_named_size_scales_the_library_model_to_it() -> None:
    world = realize(_plan(), seed=0).world
    table = next(e for e in world.entities if e.semantic_class == "table")
    assert table.asset.path is not None and Path(table.asset.path).is_file()
    # The library's table is not 2.4 m long of itself: the World scales it to the plan's size.
    assert tuple(table.asset.size) != pytest.approx((2.4, 1.0, 0.75), abs=0.02)
    assert _extent(world, table.id) == pytest.approx([1.0, 2.4, 0.75], abs=1e-3)


def test_a_prop_without_a_named_size_keeps_the_library_size() -> None:
    world = realize(_plan(), seed=0).world
    chair = next(e for e in world.entities if e.semantic_class == "chair")
    assert chair.asset.path is not None
    assert tuple(chair.transform.scale) == (1.0, 1.0, 1.0)
    w, d, h = chair.asset.size
    assert _extent(world, chair.id) == pytest.approx([min(w, d), max(w, d), h], abs=1e-3)


def test_fit_scale_per_axis_and_only_for_a_model() -> None:
    model = AssetRef(id="a-1", path="x.glb", size=(1.6, 0.8, 0.75))
    assert fit_scale(model, (2.4, 1.0, 0.75)) == pytest.approx((1.5, 1.25, 1.0))
    assert fit_scale(model, (1.61, 0.8, 0.75)) is None  # within tolerance: as it is
    assert fit_scale(AssetRef(size=(1.6, 0.8, 0.75)), (2.4, 1.0, 0.75)) is None  # a proxy box


def test_a_size_of_another_shape_keeps_the_model_at_its_own_size_and_says_so() -> None:
    data = _plan().model_dump(mode="json")
    data["objects"].append({"id": "sailboat", "category": "boat", "size": [3.0, 9.0, 12.0]})
    real = realize(ScenePlan.model_validate(data), seed=0)
    boat = next(e for e in real.world.entities if e.semantic_class == "boat")
    # The library's boats are hulls under 1 m high: stretched 16 times up they would be a
    # block, so the model keeps its own size, and the note says what was asked.
    assert tuple(boat.transform.scale) == (1.0, 1.0, 1.0)
    assert boat.asset.size[2] < 2.0
    assert [n for n in real.notes if n.startswith("sailboat: the library's boat is ")] == [
        n for n in real.notes if "not the shape asked (3 × 9 × 12 m)" in n] != []
