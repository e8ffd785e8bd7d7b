"""Search: semantic ranking, Holodeck size score, hard filters, the exact/ANN interface."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from asset_index_meshes import box_mesh, chair_mesh, write_glb

from previz.asset_index import AssetIndex, to_asset_ref
from previz.asset_index.embed import HashEmbedder
from previz.asset_index.scoring import parse_size, size_difference, size_fits, sorted_sizes
from previz.world import AssetRef, Entity
from previz.world.errors import InputError


@pytest.fixture
def furniture(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write_glb(root / "chairs" / "wooden_chair.glb", chair_mesh(0.9))
    write_glb(root / "chairs" / "kitchen_chair.glb", chair_mesh(0.85))
    write_glb(root / "chairs" / "giant_chair.glb", chair_mesh(3.0))  # a 3 m "chair"
    write_glb(root / "tables" / "dining_table.glb", box_mesh(1.6, 0.9, 0.75))
    write_glb(root / "tables" / "coffee_table.glb", box_mesh(1.1, 0.6, 0.4))
    write_glb(root / "lamps" / "ceiling_pendant.glb", box_mesh(0.4, 0.4, 0.6))
    return root


def test_wooden_chair_ranks_chairs_above_tables(furniture: Path, tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(furniture)
    hits = index.search("wooden chair", k=6)
    categories = [h.category for h in hits]
    last_chair = max(i for i, c in enumerate(categories) if c == "chairs")
    first_table = min(i for i, c in enumerate(categories) if c == "tables")
    assert last_chair < first_table, categories
    assert all(h.score["size"] == 0 for h in hits)  # no size given: no size term


def test_size_filter_excludes_a_3m_chair_and_size_score_ranks(furniture: Path,
                                                              tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(furniture)
    unfiltered = {h.name for h in index.search("chair", k=10)}
    assert "giant chair" in unfiltered
    hits = index.search("chair", k=10, size=(0.45, 0.45, 0.9))
    names = [h.name for h in hits]
    assert "giant chair" not in names
    assert names[0] == "wooden chair"  # the exact size wins over the 0.85 m one
    for h in hits:
        assert h.score["total"] == pytest.approx(h.score["semantic"] + h.score["size"], abs=1e-5)
        assert h.score["size"] <= 0
    # a generous tolerance lets the giant back in, ranked down by its size term
    loose = index.search("chair", k=10, size=(0.45, 0.45, 0.9), size_tolerance=10.0)
    giant = next(h for h in loose if h.name == "giant chair")
    assert giant.score["size"] == pytest.approx(
        -0.5 * np.mean(np.abs(np.sort([1.5, 1.5, 3.0]) - np.sort([0.45, 0.45, 0.9]))), abs=1e-3)


def test_support_and_category_filters(furniture: Path, tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(furniture)
    assert [h.name for h in index.search("anything", support="ceiling")] == ["ceiling pendant"]
    assert {h.category for h in index.search("chair", category="tables")} == {"tables"}
    assert index.search("chair", kind="motion") == []
    with pytest.raises(InputError, match="--support"):
        index.search("x", support="roof")
    with pytest.raises(InputError, match="--k"):
        index.search("x", k=0)


def test_holodeck_size_terms() -> None:
    sizes = sorted_sizes(np.array([[0.9, 0.45, 0.45], [3.0, 1.5, 1.5]], dtype=np.float32))
    diff = size_difference((0.45, 0.45, 0.9), sizes)
    assert diff[0] == pytest.approx(0.0) and diff[1] == pytest.approx((1.05 + 1.05 + 2.1) / 3)
    assert size_fits((0.45, 0.45, 0.9), sizes).tolist() == [True, False]
    # a thin painting: 2 cm wanted, 5 cm found is within the 10 cm slack
    assert size_fits((1.0, 0.02, 0.8), sorted_sizes(np.array([[1.1, 0.05, 0.7]]))).tolist() == [
        True]
    assert parse_size("0.5x0.4X1") == (0.5, 0.4, 1.0)
    for bad in ("1x2", "axbxc", "0x1x1", "-1x1x1"):
        with pytest.raises(InputError, match="--size"):
            parse_size(bad)


def test_ann_and_exact_behind_one_interface(tmp_path: Path) -> None:
    """Above the threshold the index answers from the HNSW graph; on a small library both
    backends must return the same hits."""
    root = tmp_path / "lib"
    rng = np.random.default_rng(0)
    for i in range(40):
        w, d, h = rng.uniform(0.2, 2.0, 3)
        write_glb(root / f"group{i % 4}" / f"thing_{chr(97 + i % 26)}{i}.glb", box_mesh(w, d, h))
    exact = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder())
    exact.ingest(root)
    ann = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder(), ann_threshold=10)
    assert exact.catalog().search.kind == "exact"
    assert ann.catalog().search.kind == "ann"
    for query in ("thing group1", "group3 k", "box"):
        a = [(h.id, round(h.score["total"], 4)) for h in exact.search(query, k=5)]
        b = [(h.id, round(h.score["total"], 4)) for h in ann.search(query, k=5)]
        assert a == b
        fa = [h.id for h in exact.search(query, k=5, size=(1, 1, 1))]
        fb = [h.id for h in ann.search(query, k=5, size=(1, 1, 1))]
        assert fa == fb
    assert list((tmp_path / "i.sqlite.ann").glob("*.usearch"))  # the graph is cached on disk


def test_graph_follows_writes_incrementally(tmp_path: Path) -> None:
    """After an ingest adds, changes and removes files, the saved graph is updated in place
    (not rebuilt), and search answers exactly as from a freshly built graph."""
    root = tmp_path / "lib"
    rng = np.random.default_rng(1)
    for i in range(40):
        w, d, h = rng.uniform(0.2, 2.0, 3)
        write_glb(root / f"group{i % 4}" / f"thing_{chr(97 + i % 26)}{i}.glb", box_mesh(w, d, h))
    path = tmp_path / "i.sqlite"
    index = AssetIndex(path, embedder=HashEmbedder(), ann_threshold=10)
    index.ingest(root)
    assert index.catalog().search.update["built"]
    (root / "group0" / "thing_a0.glb").unlink()
    (root / "group1" / "thing_b1.glb").unlink()
    write_glb(root / "group2" / "thing_c2.glb", box_mesh(0.7, 0.7, 0.7))  # changed content
    write_glb(root / "group9" / "new_crate.glb", box_mesh(0.5, 0.5, 0.5))
    report = index.ingest(root)
    assert (report.removed, report.updated, report.added) == (2, 1, 1)
    search = index.catalog().search
    assert search.update == {"built": False, "loaded": True, "added": 2, "removed": 3}
    queries = ("thing group1", "group9 crate", "box", "thing c")
    sizes = (None, (1.0, 1.0, 1.0))
    updated = [[(h.id, h.score) for h in index.search(q, k=5, size=size)]
               for q in queries for size in sizes]
    assert updated[2][0][0] == index.search("new crate", k=1)[0].id  # the new file is found
    import shutil

    shutil.rmtree(tmp_path / "i.sqlite.ann")  # the same rows, no saved graph: built anew
    fresh = AssetIndex(path, embedder=HashEmbedder(), ann_threshold=10)
    assert fresh.catalog().search.update["built"]
    assert updated == [[(h.id, h.score) for h in fresh.search(q, k=5, size=size)]
                       for q in queries for size in sizes]


def test_query_embeddings_are_cached(furniture: Path, tmp_path: Path) -> None:
    class Counting(HashEmbedder):
        texts: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.texts.extend(texts)
            return super().encode(texts)

    embedder = Counting()
    index = AssetIndex(tmp_path / "i.sqlite", embedder=embedder)
    index.ingest(furniture)
    embedder.texts.clear()
    first = index.search("wooden chair", k=3)
    again = index.search("wooden chair", k=3, size=(0.5, 0.5, 0.9))
    index.search("dining table", k=3)
    assert embedder.texts == ["wooden chair", "dining table"]  # the repeat was not encoded
    assert first[0].id == again[0].id
    vec = index.encode_query("wooden chair")
    np.testing.assert_array_equal(vec, HashEmbedder().encode(["wooden chair"])[0])
    with pytest.raises(ValueError):
        vec[0] = 1.0  # shared between searches: read-only


def test_hit_to_asset_ref(furniture: Path, tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(furniture)
    hit = index.search("dining table", k=1)[0]
    ref = to_asset_ref(hit)
    assert isinstance(ref, AssetRef)
    assert ref.id == hit.id and ref.path == hit.path
    assert ref.size == pytest.approx((1.6, 0.9, 0.75), abs=1e-4)
    entity = Entity(id="table", kind="prop", asset=ref)
    assert entity.asset.size == ref.size


def test_library_assets_selector(starter_index: AssetIndex) -> None:
    """The agents' `AssetSelector` shape, served from the starter library."""
    from previz.asset_index import LibraryAssets

    selector = LibraryAssets(starter_index)
    ref = selector.select("chair", "wooden dining", (0.45, 0.45, 0.9))
    assert ref.id is not None and ref.path is not None and ref.path.endswith("chair.glb")
    assert ref.size == pytest.approx((0.45, 0.45, 0.92), abs=1e-3)
    car = selector.select("car", "sedan", (1.8, 4.5, 1.5))
    assert car.path.endswith("car.glb")
    # nothing of that size: a white-box of the wanted size, like the agents' default
    none = selector.select("chair", "wooden", (30.0, 30.0, 30.0))
    assert none == AssetRef(size=(30.0, 30.0, 30.0))
