"""Nearest-neighbour search over unit-length embedding rows, exact or approximate, behind one
interface: `candidates(query, count, keep)` → (row indices, cosine similarities), best first,
where ``keep`` (optional) maps an array of row indices to a boolean array: the hard filters.

`ExactSearch` is a matrix-vector product: exact, and the fastest choice for small libraries.
`AnnSearch` is an HNSW graph (usearch) for large ones. Hard filters are applied to an
over-fetched candidate list, so a filter costs work in proportion to the candidates, not to the
library. How far to over-fetch comes from the share of a fixed sample of rows that passes the
filter; a filter so selective that the fetch would be too wide (or that still finds too few
rows) is evaluated over all rows and those are searched exactly — an HNSW walk cannot find what
such a filter keeps. `make_search` picks one by library size (`ANN_THRESHOLD`).

The HNSW build is deterministic: rows are added in their stable order on one thread, so the same
vectors give a byte-identical graph (checked in the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

ANN_THRESHOLD = 20_000  # rows; below it exact search is as fast and exact
# Text embeddings of a large library are dense around a query (in the benchmark the 10th and
# 11th neighbours of a query differ by ~6e-4 in cosine). At 1,000,000 entries a graph with
# M=16 / ef_construction=128 reached only recall@10 0.92 at any beam width; M=32 /
# ef_construction=200 reaches 0.966 with a beam (ef) of 256, at ~2 ms a query.
ANN_PARAMS = {"connectivity": 32, "expansion_add": 200, "expansion_search": 256}
WIDEST_FETCH = 4096  # candidates fetched from the graph before a filter falls back to exact
SAMPLE = 4096  # rows on which a filter's selectivity is estimated before searching

Keep = Callable[[np.ndarray], np.ndarray]


class VectorSearch(Protocol):
    kind: str

    def candidates(self, query: np.ndarray, count: int,
                   keep: Keep | None = None) -> tuple[np.ndarray, np.ndarray]:
        ...


def _top(sims: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest values, best first, ties broken by index (stable)."""
    count = min(count, sims.size)
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    full = count >= sims.size
    part = np.arange(sims.size) if full else np.argpartition(-sims, count - 1)[:count]
    order = np.lexsort((part, -sims[part]))
    return part[order]


class ExactSearch:
    kind = "exact"

    def __init__(self, vectors: np.ndarray) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def candidates(self, query: np.ndarray, count: int,
                   keep: Keep | None = None) -> tuple[np.ndarray, np.ndarray]:
        if keep is not None:
            rows = np.flatnonzero(keep(np.arange(len(self.vectors))))
            sims = self.vectors[rows] @ query.astype(np.float32)
            top = _top(sims, count)
            return rows[top], sims[top]
        sims = self.vectors @ query.astype(np.float32)
        top = _top(sims, count)
        return top, sims[top]


class AnnSearch:
    kind = "ann"

    def __init__(self, vectors: np.ndarray, cache: Path | None = None,
                 threads: int = 1) -> None:
        """Build (or load from ``cache``) the graph; ``threads`` > 1 builds faster but the
        insertion order, and so the graph, then varies from run to run."""
        from usearch.index import Index

        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.exact = ExactSearch(self.vectors)
        dim = self.vectors.shape[1]
        rng = np.random.default_rng(0)  # a fixed sample: the same choices on every run
        self.sample = np.sort(rng.permutation(len(self.vectors))[:SAMPLE])
        self.index = Index(ndim=dim, metric="cos", dtype="f16", **ANN_PARAMS)
        if cache is not None and cache.is_file():
            self.index.load(str(cache))
            if len(self.index) != len(self.vectors):
                self.index = Index(ndim=dim, metric="cos", dtype="f16", **ANN_PARAMS)
        if len(self.index) == 0 and len(self.vectors):
            keys = np.arange(len(self.vectors), dtype=np.uint64)
            self.index.add(keys, self.vectors, threads=threads)
            if cache is not None:
                from previz.world.files import atomic_path

                with atomic_path(cache) as tmp:
                    self.index.save(str(tmp))

    def candidates(self, query: np.ndarray, count: int,
                   keep: Keep | None = None) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.vectors)
        fetch = count
        if keep is not None:
            # Estimate what share of rows the filter keeps; fetch enough candidates for ``count``
            # of them to pass, or search the kept rows exactly when that would be too many.
            share = float(keep(self.sample).mean()) if len(self.sample) else 1.0
            if share * n < count or count / max(share, 1e-12) * 3 > WIDEST_FETCH:
                return self.exact.candidates(query, count, keep)
            if share < 1.0:  # (a filter every sampled row passes needs no over-fetch)
                fetch = int(np.ceil(count / share * 3))
        fetch = min(n, fetch)
        while True:
            found = self.index.search(query.astype(np.float32), fetch, threads=1)
            keys = np.asarray(found.keys, dtype=np.int64)
            sims = 1.0 - np.asarray(found.distances, dtype=np.float32)
            if keep is not None:
                passed = keep(keys)
                keys, sims = keys[passed], sims[passed]
            if len(keys) >= count or fetch >= n:
                break
            if fetch >= WIDEST_FETCH:  # a selective filter: search what it keeps, exactly
                return self.exact.candidates(query, count, keep)
            fetch = min(n, fetch * 4)
        order = np.lexsort((keys, -sims))[:count]
        return keys[order], sims[order]


def make_search(vectors: np.ndarray, threshold: int = ANN_THRESHOLD,
                cache: Path | None = None, threads: int = 1) -> VectorSearch:
    """Exact search below ``threshold`` rows, HNSW at or above it."""
    if len(vectors) < threshold:
        return ExactSearch(vectors)
    return AnnSearch(vectors, cache=cache, threads=threads)
