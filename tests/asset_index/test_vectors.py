"""Exact and HNSW search behind one interface: same answers on easy data, a deterministic
graph, and hard filters that never let a filtered-out row through."""

from __future__ import annotations

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
