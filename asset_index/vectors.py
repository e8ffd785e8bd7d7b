"""Nearest-neighbour search over unit-length embedding rows, exact or approximate, behind one
interface: `candidates(query, count, keep, span)` → (row indices, cosine similarities), best
first. ``span`` (optional) is a contiguous range of rows ``(start, stop)``: the caller keeps its
rows sorted by the coarse hard filters (asset or motion, support type), so such a filter is a
range, known exactly, and an exact search over it is a matrix-vector product on a slice (no
copy). ``keep`` (optional) maps an array of row indices to a boolean array: the other hard
filters (size, category, ...), evaluated only on the rows that need it.

`ExactSearch` is a matrix-vector product: exact, and the fastest choice for small libraries.
`AnnSearch` is an HNSW graph (usearch) for large ones. Usearch's Python `Index.search` takes no
filter predicate (2.26), so filters are applied to the graph's candidates with progressive
widening: fetch twice the count wanted, and widen the fetch (as far as the pass rate so far
says is needed) while too few candidates pass. Filters follow the text
in practice (the neighbours of "a building" are buildings, which pass a building-sized
filter), so the first or second fetch nearly always suffices. Only a span small enough to
scan in a few ms (``EXACT_SPAN`` rows) or a filter that contradicts the text (too few pass
even at ``WIDEST_FETCH`` candidates) is searched exactly over the rows that pass. Rows found
through the graph are scored exactly (f32): a similarity does not depend on the path taken.

Keys: each row has a stable 64-bit key (a hash of its entry id), so the graph survives writes to
the index: `AnnSearch` loads the saved graph and brings it in line with the current rows — keys
gone or whose vector changed are removed, new ones added — instead of rebuilding. The graph is
rebuilt only when its version marker (format, dimensions, graph parameters) does not match, or
when removals since the last build exceed ``REBUILD_SHARE`` of the graph. A fresh build is
deterministic: rows are added in key order on one thread, so the same rows give a
byte-identical graph (checked in the tests).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

ANN_THRESHOLD = 20_000  # rows; below it exact search is as fast and exact
# Text embeddings of a large library are dense around a query (in the benchmark the 10th and
# 11th neighbours of a query differ by ~6e-4 in cosine). At 1,000,000 entries a graph with
# M=16 / ef_construction=128 reached only recall@10 0.92 at any beam width; M=32 /
# ef_construction=200 reaches 0.945 with a beam (ef) of 256 and 0.965 with 512, at 2 ms p50 /
# 3.3 ms p95 a query (benchmarks/asset_search.py --full).
ANN_PARAMS = {"connectivity": 32, "expansion_add": 200}  # the graph's build parameters
EXPANSION_SEARCH = 512  # the beam at search time (not part of the saved graph's identity)
GRAPH_FORMAT = 2  # the saved graph's layout (keys = hashed entry ids); bump to force a rebuild
WIDEST_FETCH = 4096  # candidates fetched from the graph before a filter falls back to exact
EXACT_SPAN = 20_000  # a span of at most this many rows is searched exactly (a few ms)
REBUILD_SHARE = 0.25  # rebuild the graph once this share of it was removed since the build

Keep = Callable[[np.ndarray], np.ndarray]
Span = tuple[int, int]


class VectorSearch(Protocol):
    kind: str

    def candidates(self, query: np.ndarray, count: int, keep: Keep | None = None,
                   span: Span | None = None) -> tuple[np.ndarray, np.ndarray]:
        ...


def entry_keys(ids: Sequence[str]) -> np.ndarray:
    """Stable 63-bit graph keys for entry ids (blake2b): the same id keeps its key across
    writes, whatever its row number."""
    return np.array([int.from_bytes(hashlib.blake2b(i.encode("utf-8"), digest_size=8).digest(),
                                    "little") >> 1 for i in ids], dtype=np.uint64)


def _dot(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """matrix @ query, on this thread. Not BLAS: a matrix-vector product is bound by memory,
    and BLAS would wake its worker threads for it, which on busy cores costs more than the
    product (measured: 12 ms instead of 0.5 ms for 100 rows on 2 loaded cores). One code path
    also makes every similarity bit-identical, whichever search found the row."""
    return np.einsum("ij,j->i", matrix, query)


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

    def candidates(self, query: np.ndarray, count: int, keep: Keep | None = None,
                   span: Span | None = None) -> tuple[np.ndarray, np.ndarray]:
        start, stop = span if span is not None else (0, len(self.vectors))
        query = query.astype(np.float32)
        if keep is None:
            sims = _dot(self.vectors[start:stop], query)  # a slice: no copy
            top = _top(sims, count)
            return top + start, sims[top]
        rows = np.arange(start, stop)
        passed = keep(rows)
        rows = rows[passed]
        if len(rows) * 2 > stop - start:  # most rows pass: the slice product is cheaper
            sims = _dot(self.vectors[start:stop], query)[passed]
        else:  # few pass: gather just those
            sims = _dot(self.vectors[rows], query)
        top = _top(sims, count)
        return rows[top], sims[top]


class AnnSearch:
    kind = "ann"

    def __init__(self, vectors: np.ndarray, keys: np.ndarray | None = None,
                 cache: Path | None = None, threads: int = 1) -> None:
        """The graph over ``vectors`` (row i has key ``keys[i]``; default: the row number),
        loaded from ``cache`` and updated in place when one is saved there, else built.
        ``threads`` > 1 builds faster but the insertion order, and so the graph, then varies
        from run to run. ``self.update`` says what loading did (for tests and benchmarks)."""
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.exact = ExactSearch(self.vectors)
        n = len(self.vectors)
        self.keys = (np.arange(n, dtype=np.uint64) if keys is None
                     else np.asarray(keys, dtype=np.uint64))
        if len(self.keys) != n or len(np.unique(self.keys)) != n:
            raise ValueError("graph keys must be unique, one per row")
        self._key_order = np.argsort(self.keys, kind="stable")
        self._sorted_keys = self.keys[self._key_order]
        self.threads = threads
        self.update = {"built": False, "loaded": False, "added": 0, "removed": 0}
        self.index = self._open(cache)

    # Building and updating ----------------------------------------------------------------

    def _new(self):
        from usearch.index import Index

        return Index(ndim=self.vectors.shape[1], metric="cos", dtype="f16",
                     expansion_search=EXPANSION_SEARCH, **ANN_PARAMS)

    def _marker(self, removed: int) -> dict:
        return {"format": GRAPH_FORMAT, "ndim": int(self.vectors.shape[1]), "metric": "cos",
                "dtype": "f16", **ANN_PARAMS, "removed_since_build": removed}

    def _open(self, cache: Path | None):
        marker_path = cache.with_suffix(".json") if cache is not None else None
        index, removed = None, 0
        if cache is not None and cache.is_file() and marker_path.is_file():
            try:
                marker = json.loads(marker_path.read_text())
                removed = int(marker.get("removed_since_build", 0))
                if marker == self._marker(removed):
                    index = self._new()
                    index.load(str(cache))
                    index.expansion_search = EXPANSION_SEARCH
            except (OSError, ValueError, RuntimeError):
                index = None  # unreadable: rebuild
        changed = False
        if index is not None:
            self.update["loaded"] = True
            added, dropped = self._sync(index)
            removed += dropped
            changed = bool(added or dropped)
            if removed > REBUILD_SHARE * max(len(index), 1):
                index = None  # too many tombstones: a fresh graph searches better
        if index is None:
            index = self._new()
            if len(self.vectors):
                # In key order: pseudo-random, so not one support type or cluster after
                # another (rows are sorted by support), which leaves HNSW poorly connected.
                order = self._key_order
                index.add(self.keys[order], self.vectors[order], threads=self.threads)
            self.update.update(built=True, added=len(self.vectors), removed=0)
            removed, changed = 0, True
        if cache is not None and changed:
            from previz.world.files import atomic_path, atomic_write_text

            with atomic_path(cache) as tmp:
                index.save(str(tmp))
            atomic_write_text(marker_path, json.dumps(self._marker(removed)))
        return index

    def _sync(self, index) -> tuple[int, int]:
        """Make a loaded graph hold exactly this object's rows: remove keys that are gone or
        whose vector changed, add keys that are new (in row order). Returns (added, removed)."""
        stored = np.asarray(index.keys, dtype=np.uint64)
        present = np.isin(stored, self.keys)
        stale = stored[~present]
        common = stored[present]
        if len(common):
            rows = self.rows_of(common)
            saved = np.asarray(np.vstack(index.get(common)), dtype=np.float16)
            differs = (saved != self.vectors[rows].astype(np.float16)).any(axis=1)
            stale = np.concatenate([stale, common[differs]])
        if len(stale):
            index.remove(stale)
        missing = np.isin(self.keys, index.keys if len(index) else np.zeros(0, np.uint64),
                          invert=True)
        fresh = self._key_order[missing[self._key_order]]  # (in key order, as a build)
        if len(fresh):
            index.add(self.keys[fresh], self.vectors[fresh], threads=self.threads)
        self.update.update(added=len(fresh), removed=len(stale))
        return len(fresh), len(stale)

    # Searching ----------------------------------------------------------------------------

    def rows_of(self, keys: np.ndarray) -> np.ndarray:
        """Row numbers of graph keys."""
        return self._key_order[np.searchsorted(self._sorted_keys, keys)]

    def candidates(self, query: np.ndarray, count: int, keep: Keep | None = None,
                   span: Span | None = None) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.vectors)
        start, stop = span if span is not None else (0, n)
        if stop - start <= 0 or count <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        whole = start == 0 and stop == n
        if not whole and stop - start <= EXACT_SPAN:
            return self.exact.candidates(query, count, keep, span)
        # Filters follow the text, so the span's share of all rows says little about how many
        # of the query's neighbours pass: probe with twice ``count`` (the same beam cost as an
        # unfiltered search), then widen by the pass rate seen.
        fetch = count if whole and keep is None else 2 * count
        query = query.astype(np.float32)
        while True:
            fetch = min(n, fetch)
            found = self.index.search(query, fetch, threads=1)
            rows = self.rows_of(np.asarray(found.keys, dtype=np.uint64))
            sims = 1.0 - np.asarray(found.distances, dtype=np.float32)
            seen_all = len(rows) >= n
            passed = (rows >= start) & (rows < stop)
            if keep is not None and passed.any():
                passed[passed] = keep(rows[passed])
            rows, sims = rows[passed], sims[passed]
            if len(rows) >= count or seen_all:
                break
            # Too few passed. Widen, unless the fetch is at its widest (the filter contradicts
            # the text) or asked for every row and the graph returned fewer (removed rows
            # still take places in its beam): then search what the filters keep, exactly.
            # The pass rate so far says how wide a fetch would do (with a margin); when that
            # is wider than the widest, the exact search is the cheaper one.
            needed = fetch * count * 1.5 / max(len(rows), 0.5)
            if fetch >= WIDEST_FETCH or fetch >= n or needed > WIDEST_FETCH * 2:
                return self.exact.candidates(query, count, keep, span)
            fetch = int(min(WIDEST_FETCH, max(fetch * 2, needed)))
        # The graph's distances are f16: score the found rows exactly, so a hit's similarity
        # is the same whichever path found it (and ties order the same as in exact search).
        sims = _dot(self.vectors[rows], query)
        order = np.lexsort((rows, -sims))[:count]
        return rows[order], sims[order]


def make_search(vectors: np.ndarray, threshold: int = ANN_THRESHOLD,
                cache: Path | None = None, threads: int = 1,
                keys: np.ndarray | None = None) -> VectorSearch:
    """Exact search below ``threshold`` rows, HNSW at or above it."""
    if len(vectors) < threshold:
        return ExactSearch(vectors)
    return AnnSearch(vectors, keys=keys, cache=cache, threads=threads)
