"""Exact and HNSW search behind one interface: same answers on easy data, a deterministic
graph, and hard filters that never let a filtered-out row through."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from previz.asset_index.vectors import AnnSearch, ExactSearch, make_search


def _clustered(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((32, dim))
    x = centres[rng.integers(0, 32, n)] + 0.6 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_exact_top_k_is_sorted_and_stable() -> None:
    vectors = np.eye(4, dtype=np.float32)[[0, 1, 1, 2]]
    rows, sims = ExactSearch(vectors).candidates(np.array([0, 1, 0, 0], np.float32), 3)
    assert rows.tolist() == [1, 2, 0] and sims.tolist() == [1.0, 1.0, 0.0]  # ties by row
    mask = np.array([True, False, True, True])
    rows, _ = ExactSearch(vectors).candidates(np.array([0, 1, 0, 0], np.float32), 2,
                                              lambda r: mask[r])
    assert rows.tolist() == [2, 0]


def test_ann_recall_and_filters(tmp_path: Path) -> None:
    vectors = _clustered(3000)
    queries = _clustered(50, seed=1)
    exact = ExactSearch(vectors)
    ann = make_search(vectors, threshold=1000, cache=tmp_path / "g.usearch")
    assert isinstance(ann, AnnSearch)
    recall = []
    for q in queries:
        truth = set(exact.candidates(q, 10)[0].tolist())
        got = ann.candidates(q, 10)[0].tolist()
        recall.append(len(truth & set(got)) / 10)
    assert np.mean(recall) >= 0.95
    rng = np.random.default_rng(2)
    for share in (0.5, 0.003):  # a broad filter (over-fetch) and a selective one (exact)
        mask = rng.random(len(vectors)) < share
        for q in queries[:10]:
            rows, sims = ann.candidates(q, 10, lambda r, mask=mask: mask[r])
            assert mask[rows].all() and len(rows) == min(10, mask.sum())
            assert (np.diff(sims) <= 1e-6).all()
            if share < 0.01:  # answered exactly
                assert rows.tolist() == exact.candidates(q, 10, lambda r, m=mask: m[r])[0] \
                    .tolist()
    # a second instance loads the cached graph instead of building it
    again = AnnSearch(vectors, cache=tmp_path / "g.usearch")
    assert again.candidates(queries[0], 10)[0].tolist() == ann.candidates(queries[0], 10)[0] \
        .tolist()


def test_ann_build_is_deterministic(tmp_path: Path) -> None:
    vectors = _clustered(2000, seed=3)
    a = AnnSearch(vectors, cache=tmp_path / "a.usearch")
    b = AnnSearch(vectors, cache=tmp_path / "b.usearch")
    assert (tmp_path / "a.usearch").read_bytes() == (tmp_path / "b.usearch").read_bytes()
    q = _clustered(5, seed=4)
    for row in q:
        assert a.candidates(row, 10)[0].tolist() == b.candidates(row, 10)[0].tolist()


def test_make_search_threshold() -> None:
    small = _clustered(100)
    assert make_search(small, threshold=1000).kind == "exact"
    assert make_search(small, threshold=50).kind == "ann"


def _keys(n: int, offset: int = 0) -> np.ndarray:
    from previz.asset_index.vectors import entry_keys

    return entry_keys([f"a-{i + offset:06d}" for i in range(n)])


def test_incremental_update_matches_a_fresh_build(tmp_path: Path) -> None:
    """A saved graph brought up to date (rows removed, changed, added) answers like a graph
    built from scratch on the final rows, and only the difference is written."""
    cache = tmp_path / "g.usearch"
    vectors = _clustered(3000, seed=5)
    keys = _keys(3000)
    first = AnnSearch(vectors, keys=keys, cache=cache)
    assert first.update["built"] and cache.is_file() and cache.with_suffix(".json").is_file()

    # the next snapshot: 200 rows gone, 50 changed vectors, 300 new rows (other keys)
    rng = np.random.default_rng(6)
    kept = np.sort(rng.permutation(3000)[200:])
    changed = _clustered(50, seed=7)
    new_vectors = np.concatenate([vectors[kept], _clustered(300, seed=8)])
    new_keys = np.concatenate([keys[kept], _keys(300, offset=10_000)])
    new_vectors[:50] = changed
    order = np.argsort(new_keys)  # any row order: rows are found by key
    new_vectors, new_keys = new_vectors[order], new_keys[order]

    updated = AnnSearch(new_vectors, keys=new_keys, cache=cache)
    assert updated.update == {"built": False, "loaded": True, "added": 350, "removed": 250}
    assert len(updated.index) == len(new_vectors)
    fresh = AnnSearch(new_vectors, keys=new_keys)
    exact = ExactSearch(new_vectors)
    for q in _clustered(40, seed=9):
        got = updated.candidates(q, 10)
        assert got[0].tolist() == fresh.candidates(q, 10)[0].tolist()
        # the same rows as exact search (the order of near-ties may differ: f16 in the graph)
        assert set(got[0].tolist()) == set(exact.candidates(q, 10)[0].tolist())
        np.testing.assert_allclose(got[1], exact.candidates(q, 10)[1], atol=2e-3)
    # reloading the updated graph finds nothing left to do
    again = AnnSearch(new_vectors, keys=new_keys, cache=cache)
    assert again.update == {"built": False, "loaded": True, "added": 0, "removed": 0}


def test_graph_is_rebuilt_when_its_marker_does_not_match(tmp_path: Path, monkeypatch) -> None:
    from previz.asset_index import vectors as vectors_module

    cache = tmp_path / "g.usearch"
    vectors = _clustered(1500, seed=10)
    AnnSearch(vectors, keys=_keys(1500), cache=cache)
    # the search beam is a search-time setting: changing it loads the saved graph
    monkeypatch.setattr(vectors_module, "EXPANSION_SEARCH", 64)
    narrow = AnnSearch(vectors, keys=_keys(1500), cache=cache)
    assert narrow.update["loaded"] and not narrow.update["built"]
    assert narrow.index.expansion_search == 64
    marker = json.loads(cache.with_suffix(".json").read_text())
    cache.with_suffix(".json").write_text(json.dumps({**marker, "format": 1}))
    assert AnnSearch(vectors, keys=_keys(1500), cache=cache).update["built"]
    assert json.loads(cache.with_suffix(".json").read_text()) == marker
    cache.write_bytes(b"garbage")  # a damaged graph file is rebuilt, not trusted
    assert AnnSearch(vectors, keys=_keys(1500), cache=cache).update["built"]
    # removing most rows rebuilds too (a graph of tombstones searches badly)
    few = AnnSearch(vectors[:500], keys=_keys(500), cache=cache)
    assert few.update["built"] and len(few.index) == 500


def test_spans_and_progressive_widening(monkeypatch) -> None:
    """A span (rows of one kind/support) is searched exactly when small, through the graph
    with a widening fetch when large; filters never let a row outside through."""
    from previz.asset_index import vectors as vectors_module

    vectors = _clustered(4000, seed=11)
    exact = ExactSearch(vectors)
    ann = AnnSearch(vectors, keys=_keys(4000))
    queries = _clustered(20, seed=12)
    monkeypatch.setattr(vectors_module, "EXACT_SPAN", 500)
    rng = np.random.default_rng(13)
    for span in ((0, 4000), (1000, 3500), (3600, 4000)):
        for share in (None, 0.6, 0.01):
            mask = None if share is None else rng.random(4000) < share
            keep = None if mask is None else (lambda r, m=mask: m[r])
            for q in queries[:8]:
                rows, sims = ann.candidates(q, 10, keep, span)
                truth, _ = exact.candidates(q, 10, keep, span)
                assert ((rows >= span[0]) & (rows < span[1])).all()
                if mask is not None:
                    assert mask[rows].all()
                assert len(rows) == len(truth)
                assert len(set(rows.tolist()) & set(truth.tolist())) >= min(9, len(truth))
                assert (np.diff(sims) <= 1e-6).all()
    # a large span with a broad filter is answered by the graph, not by the exact fallback
    def no_exact(*args, **kwargs):
        raise AssertionError("fell back to exact search")

    monkeypatch.setattr(ann.exact, "candidates", no_exact)
    broad = rng.random(4000) < 0.6
    for q in queries:
        rows, _ = ann.candidates(q, 10, lambda r: broad[r], (1000, 3500))
        assert len(rows) == 10 and broad[rows].all()
    # exact search over a span slices without copying, and agrees with a gathered search
    q = queries[0]
    rows, sims = exact.candidates(q, 5, None, (100, 900))
    sub = ExactSearch(vectors[100:900]).candidates(q, 5)
    assert rows.tolist() == (sub[0] + 100).tolist()
    np.testing.assert_allclose(sims, sub[1])
