"""Retrieval by default: a plan's nouns are placed as the prop library's models with no index
or option, and a noun the library does not know is kept as a named proxy and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from previz.agents.pipeline import run
from previz.agents.plan import ScenePlan
from previz.agents.planner import plan_from_text


@pytest.fixture(autouse=True)
def _data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_nouns_become_library_models_and_an_unknown_one_a_reported_proxy(_data: Path) -> None:
    plan = plan_from_text("A man plays the qin beside a fruit bowl on a table.")
    cats = {g.category for g in plan.objects}
    assert {"qin", "fruit_bowl", "table"} <= cats  # the library's nouns reach the plan
    data = plan.model_dump(mode="json")
    data["objects"].append({"id": "gizmo", "category": "flux_capacitor", "count": 1})
    result = run(ScenePlan.model_validate(data), seed=0, max_rounds=1)
    by_class = {e.semantic_class: e for e in result.world.entities}
    for cat in ("qin", "fruit_bowl", "table"):
        asset = by_class[cat].asset
        assert asset.path is not None and Path(asset.path).is_file(), cat
        assert Path(asset.path).is_relative_to(_data / "assets" / "library"), cat
        assert asset.id is not None and asset.id.startswith("a-")
    unknown = by_class["flux_capacitor"]
    assert unknown.asset.path is None and unknown.asset.size is not None
    assert unknown.kind == "prop" and "gizmo" in unknown.id
    reported = [p for p in result.report["problems"] if p["kind"] == "unknown_asset"]
    assert len(reported) == 1
    assert reported[0]["entities"] == [unknown.id]
    assert "flux capacitor" in reported[0]["detail"]
    assert not result.report["ok"]
