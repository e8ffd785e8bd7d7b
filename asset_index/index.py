"""`AssetIndex`: one SQLite file of assets and motion clips, with ingest and search.

Ingest walks a folder, parses only files whose signature (size and modification time of the
file, its sidecar JSON and the resources a glTF references) changed since the last ingest, and
writes in batches, each one transaction. Each file is parsed in a worker process with a time
limit (`_Parser`), so a pathological file is rejected as timed out instead of hanging the
ingest; the worker is a fresh interpreter, never a fork of this process, whose BLAS threads (the
embedder's) may hold locks a forked child would wait on forever (`parse_worker`). Search reads
one consistent snapshot, keeps the embedding matrix of that snapshot in memory (keyed by the
index's generation counter; rows sorted so that the kind and support filters are row ranges),
encodes queries through a small LRU cache, and ranks with `previz.asset_index.scoring`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from previz.world.errors import InputError
from previz.world.folders import pause_point

from . import parse_worker, store
from .embed import Embedder, encode, get_embedder
from .meshinfo import (
    MAX_FILE_BYTES,
    MESH_EXTENSIONS,
    RejectedFile,
    content_id,
    read_mesh,
    read_sidecar,
)
from .metadata import SUPPORTS, describe, embedding_text
from .motions import BvhError, MotionClip, bvh_clip
from .scoring import SIZE_TOLERANCE, SIZE_WEIGHT, size_difference, size_fits, sorted_sizes
from .vectors import ANN_THRESHOLD, Span, VectorSearch, entry_keys, make_search

#: Files only Blender reads: ingest converts each to a GLB (with the ``convert`` it is given,
#: `previz.addon.asset_convert` on the Blender side) and indexes that; without one they are
#: rejected with the reason, never skipped.
CONVERTED_EXTENSIONS = (".fbx", ".blend")
INGEST_EXTENSIONS = (*MESH_EXTENSIONS, *CONVERTED_EXTENSIONS, ".bvh")
#: A converter: write the GLB of the source file (first argument) to the path (second); raise
#: with a one-line reason when the source cannot be read.
Converter = Callable[[Path, Path], None]
BATCH = 64
# Seconds one file may take to parse (in a worker process) before it is rejected. Generous: a
# large kitbash GLB takes seconds; only a pathological file takes minutes.
PARSE_TIMEOUT = 120.0
QUERY_CACHE = 1024  # query embeddings kept (identical queries are not encoded twice)

_ENTRY_COLUMNS = ("id", "kind", "path", "name", "category", "tags", "description", "text",
                  "width", "depth", "height", "footprint", "triangles", "rigged", "support",
                  "front", "skeleton", "duration", "loops", "source", "extra", "embedding")


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.duplicates} duplicates, "
                f"{len(self.rejected)} rejected")


@dataclass
class Hit:
    """One search result. ``score`` holds the total and its parts."""

    id: str
    kind: str
    path: str | None
    name: str
    category: str
    description: str
    size: tuple[float, float, float] | None
    support: str | None
    rigged: bool
    skeleton: str | None
    duration: float | None
    loops: bool | None
    score: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "kind": self.kind, "path": self.path, "name": self.name,
               "category": self.category, "size": list(self.size) if self.size else None,
               "support": self.support, "rigged": self.rigged, "score": self.score}
        if self.kind == "motion":
            out.update(skeleton=self.skeleton, duration=self.duration, loops=self.loops)
        return out


@dataclass
class _Catalog:
    """The searchable arrays of one snapshot. Rows are sorted by (kind, support, id), so the
    coarse hard filters select a contiguous span of rows (`span`)."""

    generation: str
    ids: list[str]
    kinds: np.ndarray  # 0 asset, 1 motion
    supports: np.ndarray  # index into SUPPORTS, −1 none
    sorted_sizes: np.ndarray  # (n, 3), NaN for motions
    rigged: np.ndarray
    categories: np.ndarray  # object array of str
    skeletons: np.ndarray  # object array of str
    loops: np.ndarray  # int8: −1 unknown
    vectors: np.ndarray
    search: VectorSearch | None = None

    def span(self, kind: int, support: int | None = None) -> Span:
        """The rows of one kind (and support type): contiguous by the sort order."""
        lo = int(np.searchsorted(self.kinds, kind, side="left"))
        hi = int(np.searchsorted(self.kinds, kind, side="right"))
        if support is None:
            return lo, hi
        part = self.supports[lo:hi]
        return (lo + int(np.searchsorted(part, support, side="left")),
                lo + int(np.searchsorted(part, support, side="right")))


def _signature(path: Path, resources: Iterable[str] = ()) -> dict[str, Any]:
    def stamp(p: Path) -> list[int] | None:
        try:
            st = p.stat()
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    sidecars = {}
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate.is_file():
            sidecars[candidate.name] = stamp(candidate)
    return {"file": stamp(path), "sidecar": sidecars,
            "resources": {r: stamp(Path(r)) for r in sorted(resources)}}


def _walk(root: Path) -> list[Path]:
    """Indexable files under ``root``, sorted; hidden folders and files are skipped, and symbolic
    links are not followed (a link could lead outside the folder)."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink():
                continue
            if path.suffix.lower() in INGEST_EXTENSIONS:
                found.append(path)
    return sorted(found)


class AssetIndex:
    """An index file. Safe to use from several threads and processes: each write opens its own
    SQLite connection, each thread reads through one kept-open connection, and WAL lets readers
    run during a write."""

    def __init__(self, path: str | Path, embedder: Embedder | None = None,
                 ann_threshold: int = ANN_THRESHOLD, ann_threads: int = 1) -> None:
        """``ann_threshold``: library size from which search uses the HNSW graph;
        ``ann_threads``: threads building it (1 keeps the graph byte-for-byte reproducible)."""
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise InputError(f"--index {self.path}: is a folder; give the index file's path")
        self.embedder = embedder or get_embedder()
        self.ann_threshold = ann_threshold
        self.ann_threads = ann_threads
        self._catalog: _Catalog | None = None
        self._queries: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._local = threading.local()
        conn = self._connect()
        try:
            store.initialise(conn)
            self._sync_embedder(conn)
        finally:
            conn.close()

    def _connect(self):
        try:
            return store.connect(self.path)
        except Exception as exc:
            raise InputError(f"--index {self.path}: cannot open as an index ({exc})") from exc

    def _reader(self):
        """This thread's connection for reads, kept open: a search then costs no connect."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    # Writing -------------------------------------------------------------------------------

    def _sync_embedder(self, conn) -> None:
        """Re-embed every stored text if the index was built with another embedder."""
        if store.get_meta(conn, "embedder") == self.embedder.name:
            return
        rows = conn.execute("SELECT id, text FROM entries ORDER BY id").fetchall()
        vectors = encode(self.embedder, [r["text"] for r in rows]) if rows else []
        with store.write(conn):
            for row, vec in zip(rows, vectors, strict=True):
                conn.execute("UPDATE entries SET embedding=? WHERE id=?",
                             (np.asarray(vec, dtype=np.float32).tobytes(), row["id"]))
            store.set_meta(conn, "embedder", self.embedder.name)

    def ingest(self, folder: str | Path,
               progress: Callable[[int, int], None] | None = None,
               parse_timeout: float | None = PARSE_TIMEOUT,
               convert: Converter | None = None) -> IngestReport:
        """Bring the index in line with ``folder``: new and changed files parsed, deleted ones
        removed, unchanged ones skipped without being read. Never stops on a bad file.

        FBX and .blend files are turned into GLBs by ``convert`` (Blender's importers and glTF
        exporter, in the caller's process) under `converted_dir`, and those are parsed and
        searched; the source file is what is tracked for changes. Without ``convert`` they are
        rejected, saying why.

        Each file is parsed in a worker process within ``parse_timeout`` seconds (None or 0:
        in this process, no limit); a file that takes longer is rejected as timed out, and
        tried again by a later ingest only if that one allows it more time (or it changed)."""
        if parse_timeout is not None and not parse_timeout >= 0:  # (nan too)
            raise InputError(f"--parse-timeout {parse_timeout}: must not be negative")
        root = Path(folder).expanduser()
        if not root.is_dir():
            raise InputError(f"{folder}: not a folder")
        root = root.resolve()
        report = IngestReport()
        files = _walk(root)
        conn = self._connect()
        parser = _Parser(root, parse_timeout, self.converted_dir, convert)
        try:
            prefix = str(root) + os.sep
            known = {r["path"]: r for r in conn.execute("SELECT * FROM files").fetchall()
                     if r["path"].startswith(prefix)}
            todo: list[tuple[Path, dict[str, Any]]] = []
            for path in files:
                old = known.get(str(path))
                stored = json.loads(old["signature"]) if old else {}
                sig = _signature(path, stored.get("resources", {}))
                limit = stored.pop("timed_out_after", None)
                more_time = limit is not None and (not parse_timeout or parse_timeout > limit)
                if old is not None and stored == sig and not more_time:
                    report.unchanged += 1
                    continue
                todo.append((path, sig))
            gone = sorted(set(known) - {str(p) for p in files})
            for start in range(0, len(todo), BATCH):
                parsed = [parser(path) for path, _ in todo[start:start + BATCH]]
                texts = [p["entry"]["text"] for p in parsed if p.get("entry")]
                vectors = iter(encode(self.embedder, texts)) if texts else iter(())
                with store.write(conn):
                    for (path, sig), result in zip(todo[start:start + BATCH], parsed,
                                                   strict=True):
                        self._store_file(conn, root, path, sig, result, vectors, known, report)
                if progress:
                    progress(min(start + BATCH, len(todo)), len(todo))
                pause_point("ingest-batch")  # tests: kill an ingest between two batches
            if gone:
                with store.write(conn):
                    old_ids = set()
                    for path in gone:
                        old_ids.add(known[path]["entry_id"])
                        conn.execute("DELETE FROM files WHERE path=?", (path,))
                    report.removed = len(gone)
                    self._collect(conn, old_ids)
        finally:
            parser.close()
            conn.close()
        return report

    @property
    def converted_dir(self) -> Path:
        """Where the GLBs converted from FBX and .blend files live: beside the index file."""
        return self.path.with_name(self.path.name + ".converted")

    def _store_file(self, conn, root: Path, path: Path, sig: dict[str, Any],
                    result: dict[str, Any], vectors, known: dict[str, Any],
                    report: IngestReport) -> None:
        old = known.get(str(path))
        old_id = old["entry_id"] if old is not None else None
        entry = result.get("entry")
        if entry is None:
            if "timed_out" in result:  # remembered, so that more time gives it another try
                sig = {**sig, "timed_out_after": result["timed_out"]}
            conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, 'rejected', NULL, ?)",
                         (str(path), str(root), json.dumps(sig), result["reason"]))
            report.rejected.append((str(path), result["reason"]))
        else:
            sig = {**sig, "resources": _signature(path, result["resources"])["resources"]}
            vec = next(vectors)
            owner = conn.execute(
                "SELECT path FROM files WHERE entry_id=? AND status='ok' AND path<>?",
                (entry["id"], str(path))).fetchone()
            status = "duplicate" if owner is not None else "ok"
            if status == "ok":
                entry["embedding"] = np.asarray(vec, dtype=np.float32).tobytes()
                conn.execute(
                    f"INSERT OR REPLACE INTO entries ({', '.join(_ENTRY_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(_ENTRY_COLUMNS))})",
                    [entry[c] for c in _ENTRY_COLUMNS])
            else:
                report.duplicates += 1
            conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, NULL)",
                         (str(path), str(root), json.dumps(sig), status, entry["id"]))
        if old is None:
            report.added += entry is not None
        else:
            report.updated += entry is not None
        if old_id is not None and old_id != (entry or {}).get("id"):
            self._collect(conn, {old_id})

    @staticmethod
    def _collect(conn, ids: Iterable[str | None]) -> None:
        """Entries that lost their file: promote a duplicate file to owner, or delete."""
        for entry_id in sorted(i for i in ids if i):
            if conn.execute("SELECT 1 FROM files WHERE entry_id=? AND status='ok'",
                            (entry_id,)).fetchone():
                continue
            dup = conn.execute("SELECT path FROM files WHERE entry_id=? AND status='duplicate' "
                               "ORDER BY path LIMIT 1", (entry_id,)).fetchone()
            if dup is None:
                conn.execute("DELETE FROM entries WHERE id=? AND source='file'", (entry_id,))
            else:
                conn.execute("UPDATE files SET status='ok' WHERE path=?", (dup["path"],))
                conn.execute("UPDATE entries SET path=? WHERE id=?", (dup["path"], entry_id))

    def set_procedural_motions(self, clips: list[MotionClip], source: str = "procedural") -> int:
        """Make the index hold exactly ``clips`` as the motions of ``source`` (e.g. the motion
        skills' procedural motions); returns how many entries changed."""
        entries = []
        for clip in clips:
            key = json.dumps([source, clip.name, clip.skeleton, clip.duration, clip.frames,
                              clip.loops, clip.description, clip.extra], sort_keys=True)
            entry_id = "m-" + hashlib.sha256(key.encode()).hexdigest()[:20]
            entries.append(_motion_entry(entry_id, clip, None, source))
        conn = self._connect()
        try:
            current = {r["id"] for r in conn.execute("SELECT id FROM entries WHERE source=?",
                                                     (source,))}
            new = [e for e in entries if e["id"] not in current]
            stale = current - {e["id"] for e in entries}
            if not new and not stale:
                return 0
            vectors = encode(self.embedder, [e["text"] for e in new]) if new else []
            with store.write(conn):
                for entry, vec in zip(new, vectors, strict=True):
                    entry["embedding"] = np.asarray(vec, dtype=np.float32).tobytes()
                    conn.execute(
                        f"INSERT OR REPLACE INTO entries ({', '.join(_ENTRY_COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(_ENTRY_COLUMNS))})",
                        [entry[c] for c in _ENTRY_COLUMNS])
                for entry_id in sorted(stale):
                    conn.execute("DELETE FROM entries WHERE id=?", (entry_id,))
            return len(new) + len(stale)
        finally:
            conn.close()

    # Reading -------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        return store.get_meta(self._reader(), key)

    def set_meta(self, key: str, value: str) -> None:
        conn = self._connect()
        try:
            with store.write(conn):
                store.set_meta(conn, key, value)
        finally:
            conn.close()

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        row = self._reader().execute("SELECT * FROM entries WHERE id=?", (entry_id,)).fetchone()
        if row is None:
            return None
        out = {k: row[k] for k in row.keys() if k != "embedding"}  # noqa: SIM118 - sqlite3.Row
        out["tags"] = json.loads(out["tags"])
        out["extra"] = json.loads(out["extra"])
        out["rigged"] = bool(out["rigged"])
        return out

    def files(self, status: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT path, status, entry_id, reason FROM files"
        rows = self._reader().execute(
            query + (" WHERE status=?" if status else "") + " ORDER BY path",
            (status,) if status else ()).fetchall()
        return [dict(r) for r in rows]

    def count(self, kind: str | None = None) -> int:
        conn = self._reader()
        if kind:
            return conn.execute("SELECT COUNT(*) FROM entries WHERE kind=?",
                                (kind,)).fetchone()[0]
        return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def catalog(self) -> _Catalog:
        """The searchable arrays of the latest committed snapshot (cached per generation)."""
        conn = self._reader()
        with store.snapshot(conn):
            generation = (store.get_meta(conn, "instance") or "") + "-" + \
                (store.get_meta(conn, "generation") or "0")
            with self._lock:
                if self._catalog is not None and self._catalog.generation == generation:
                    return self._catalog
            rows = conn.execute(
                "SELECT id, kind, support, width, depth, height, rigged, category, skeleton, "
                "loops, embedding FROM entries ORDER BY id").fetchall()
        kinds = np.array([r["kind"] == "motion" for r in rows], dtype=np.int8)
        supports = np.array([SUPPORTS.index(r["support"]) if r["support"] in SUPPORTS else -1
                             for r in rows], dtype=np.int8)
        # (kind, support, id) order: rows come sorted by id, and the sort is stable
        order = np.lexsort((supports, kinds))
        rows = [rows[i] for i in order]
        n = len(rows)
        dim = self.embedder.dim
        vectors = np.zeros((n, dim), dtype=np.float32)
        sizes = np.full((n, 3), np.nan, dtype=np.float32)
        for i, r in enumerate(rows):
            vectors[i] = np.frombuffer(r["embedding"], dtype=np.float32)
            if r["width"] is not None:
                sizes[i] = (r["width"], r["depth"], r["height"])
        ids = [r["id"] for r in rows]
        catalog = _Catalog(
            generation=generation, ids=ids,
            kinds=kinds[order], supports=supports[order], sorted_sizes=sorted_sizes(sizes),
            rigged=np.array([bool(r["rigged"]) for r in rows], dtype=bool),
            categories=np.array([r["category"] for r in rows], dtype=object),
            skeletons=np.array([r["skeleton"] or "" for r in rows], dtype=object),
            loops=np.array([-1 if r["loops"] is None else int(r["loops"]) for r in rows],
                           dtype=np.int8),
            vectors=vectors)
        del rows
        cache, keys = None, None
        if n >= self.ann_threshold:
            # One graph per embedder, kept up to date in place (see `vectors.AnnSearch`).
            cache_dir = self.path.with_name(self.path.name + ".ann")
            cache = cache_dir / f"{self.embedder.name}.usearch"
            if cache_dir.is_dir():
                for old in sorted(cache_dir.iterdir()):
                    if old.stem != cache.stem and old.suffix in (".usearch", ".json"):
                        old.unlink(missing_ok=True)
            keys = entry_keys(ids)
            if len(np.unique(keys)) != n:  # two ids share a 63-bit hash: never seen; be safe
                cache, keys = None, None
        catalog.search = make_search(vectors, self.ann_threshold, cache, self.ann_threads,
                                     keys=keys)
        with self._lock:
            self._catalog = catalog
        return catalog

    def encode_query(self, query: str) -> np.ndarray:
        """The query's embedding, from a small LRU cache: a layout agent asks for the same
        things again and again, and encoding one text costs ~10 ms."""
        key = (self.embedder.name, query)
        with self._lock:
            vec = self._queries.get(key)
            if vec is not None:
                self._queries.move_to_end(key)
                return vec
        vec = np.asarray(encode(self.embedder, [query])[0], dtype=np.float32)
        vec.setflags(write=False)
        with self._lock:
            self._queries[key] = vec
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vec

    def search(self, query: str, k: int = 10, *, kind: str = "asset",
               size: tuple[float, float, float] | None = None, support: str | None = None,
               category: str | None = None, rigged: bool | None = None,
               skeleton: str | None = None, loops: bool | None = None,
               size_tolerance: float = SIZE_TOLERANCE, size_weight: float = SIZE_WEIGHT,
               candidates: int = 100) -> list[Hit]:
        """The ``k`` best entries for ``query`` that pass every hard filter given.

        Score = semantic similarity (cosine) − size_weight · Holodeck's size difference (only
        when ``size`` is given). The ``candidates`` most similar entries passing the filters are
        re-ranked by the total."""
        if k <= 0:
            raise InputError(f"--k {k}: must be positive")
        if kind not in ("asset", "motion"):
            raise InputError(f"kind {kind!r}: must be 'asset' or 'motion'")
        if support is not None and support not in SUPPORTS:
            raise InputError(f"--support {support!r}: must be one of {', '.join(SUPPORTS)}")
        cat = self.catalog()
        if not cat.ids:
            return []
        # kind and support select a span of rows; the other filters test candidate rows
        span = cat.span(1 if kind == "motion" else 0,
                        None if support is None else SUPPORTS.index(support))
        tests: list[Callable[[np.ndarray], np.ndarray]] = []
        if category is not None:
            tests.append(lambda r: cat.categories[r] == category.lower())
        if rigged is not None:
            tests.append(lambda r: cat.rigged[r] == rigged)
        if skeleton is not None:
            tests.append(lambda r: cat.skeletons[r] == skeleton)
        if loops is not None:
            tests.append(lambda r: cat.loops[r] == int(loops))
        if size is not None and kind == "asset":
            tests.append(lambda r: size_fits(size, np.nan_to_num(cat.sorted_sizes[r]),
                                             size_tolerance))

        def keep(rows: np.ndarray) -> np.ndarray:
            passed = np.ones(len(rows), dtype=bool)
            for test in tests:
                passed &= test(rows)
            return passed

        qvec = self.encode_query(query)
        assert cat.search is not None
        rows, sims = cat.search.candidates(qvec, max(candidates, k), keep if tests else None,
                                           span)
        if len(rows) == 0:
            return []
        totals = sims.astype(np.float64)
        penalty = np.zeros_like(totals)
        if size is not None and kind == "asset":
            penalty = size_weight * size_difference(size, cat.sorted_sizes[rows]).astype(
                np.float64)
            totals = totals - penalty
        order = np.lexsort((np.array([cat.ids[r] for r in rows]), -totals))[:k]
        return self._hits([int(rows[i]) for i in order], cat,
                          [(float(totals[i]), float(sims[i]), float(-penalty[i]))
                           for i in order])

    def _hits(self, rows: list[int], cat: _Catalog,
              scores: list[tuple[float, float, float]]) -> list[Hit]:
        ids = [cat.ids[r] for r in rows]
        found = {r["id"]: r for r in self._reader().execute(
            f"SELECT * FROM entries WHERE id IN ({', '.join('?' * len(ids))})", ids)}
        hits = []
        for entry_id, (total, semantic, size_part) in zip(ids, scores, strict=True):
            r = found.get(entry_id)
            if r is None:  # removed by a writer since the snapshot
                continue
            size = None if r["width"] is None else (r["width"], r["depth"], r["height"])
            hits.append(Hit(
                id=entry_id, kind=r["kind"], path=r["path"], name=r["name"],
                category=r["category"], description=r["description"], size=size,
                support=r["support"], rigged=bool(r["rigged"]), skeleton=r["skeleton"],
                duration=r["duration"], loops=None if r["loops"] is None else bool(r["loops"]),
                score={"total": round(total, 6), "semantic": round(semantic, 6),
                       "size": round(size_part, 6)}))
        return hits


def _words(text: str) -> list[str]:
    from .metadata import words

    return words(text)


def _motion_entry(entry_id: str, clip: MotionClip, path: str | None,
                  source: str) -> dict[str, Any]:
    tags = [*clip.tags, clip.skeleton, "motion"] + (["loop"] if clip.loops else [])
    return {
        "id": entry_id, "kind": "motion", "path": path, "name": clip.name,
        "category": "motion", "tags": json.dumps(tags), "description": clip.description,
        "text": embedding_text(clip.name, "motion", tags, clip.description),
        "width": None, "depth": None, "height": None, "footprint": None, "triangles": None,
        "rigged": 0, "support": None, "front": None, "skeleton": clip.skeleton,
        "duration": clip.duration, "loops": int(clip.loops), "source": source,
        "extra": json.dumps({"frames": clip.frames, "joints": clip.joints, **clip.extra}),
    }


def parse_file(path: Path, root: Path, mesh: Path | None = None) -> dict[str, Any]:
    """Parse one file (outside any transaction, usually in the `_Parser` worker process):
    ``{"entry": ..., "resources": [...]}`` or ``{"reason": why it was rejected}``. ``mesh``:
    the GLB converted from ``path`` (an FBX or .blend file), read in its place; the entry's id
    is the source's content and its path the GLB (what every importer reads)."""
    pause_point("parse", path.name)  # tests: a parser stuck on this file
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RejectedFile(f"larger than {MAX_FILE_BYTES >> 30} GiB")
        data = path.read_bytes()
        if mesh is not None:
            return _parse_converted(path, root, data, mesh)
        if path.suffix.lower() == ".bvh":
            try:
                clip = bvh_clip(" ".join(_words(path.stem)) or path.stem,
                                data.decode("utf-8"))
            except (BvhError, UnicodeDecodeError) as exc:
                raise RejectedFile(f"not a valid BVH file ({exc})") from exc
            entry = _motion_entry("m-" + hashlib.sha256(data).hexdigest()[:20], clip,
                                  str(path), "file")
            return {"entry": entry, "resources": []}
        sidecar, _ = read_sidecar(path)
        unit = sidecar.get("unit_scale", 1.0)
        if not isinstance(unit, int | float) or unit <= 0:
            raise RejectedFile("sidecar: 'unit_scale' must be a positive number")
        info = read_mesh(path, root, data, up=sidecar.get("up"), unit_scale=float(unit))
        try:
            meta = describe(path, root, sidecar, info.extras, info.rigged)
        except ValueError as exc:
            raise RejectedFile(str(exc)) from exc
        blobs = [r.read_bytes() for r in info.resources]
        w, d, h = info.size
        entry = {
            "id": content_id(data, blobs), "kind": "asset", "path": str(path),
            "name": meta["name"], "category": meta["category"],
            "tags": json.dumps(meta["tags"]), "description": meta["description"],
            "text": embedding_text(meta["name"], meta["category"], meta["tags"],
                                   meta["description"]),
            "width": w, "depth": d, "height": h, "footprint": info.footprint,
            "triangles": info.triangles, "rigged": int(info.rigged),
            "support": meta["support"], "front": meta["front"] or info.front,
            "skeleton": None, "duration": None, "loops": None, "source": "file",
            "extra": json.dumps({"min_corner": info.min_corner}),
        }
        return {"entry": entry, "resources": [str(r) for r in info.resources]}
    except RejectedFile as exc:
        return {"reason": str(exc)}
    except Exception as exc:  # a parser bug on a hostile file must not stop the ingest
        return {"reason": f"cannot read ({type(exc).__name__}: {exc})"}


def _parse_converted(path: Path, root: Path, data: bytes, mesh: Path) -> dict[str, Any]:
    """The entry of an FBX or .blend file from the GLB Blender wrote for it (Y up, metres)."""
    sidecar, _ = read_sidecar(path)
    unit = sidecar.get("unit_scale", 1.0)
    if not isinstance(unit, int | float) or unit <= 0:
        raise RejectedFile("sidecar: 'unit_scale' must be a positive number")
    glb = mesh.read_bytes()
    info = read_mesh(mesh, mesh.parent, glb, up="y", unit_scale=float(unit))
    try:
        meta = describe(path, root, sidecar, info.extras, info.rigged)
    except ValueError as exc:
        raise RejectedFile(str(exc)) from exc
    w, d, h = info.size
    entry = {
        "id": content_id(data), "kind": "asset", "path": str(mesh),
        "name": meta["name"], "category": meta["category"],
        "tags": json.dumps(meta["tags"]), "description": meta["description"],
        "text": embedding_text(meta["name"], meta["category"], meta["tags"],
                               meta["description"]),
        "width": w, "depth": d, "height": h, "footprint": info.footprint,
        "triangles": info.triangles, "rigged": int(info.rigged),
        "support": meta["support"], "front": meta["front"] or info.front,
        "skeleton": None, "duration": None, "loops": None, "source": "file",
        "extra": json.dumps({"min_corner": info.min_corner, "converted_from": str(path)}),
    }
    return {"entry": entry, "resources": [str(mesh)]}


def convert_file(path: Path, folder: Path, convert: Converter | None) -> Path:
    """The GLB of an FBX or .blend file under ``folder``, named by the source's content (made
    once; written to a temporary name and renamed, so a killed conversion leaves no file that
    a later ingest would trust). Raises `RejectedFile` with the reason."""
    if convert is None:
        raise RejectedFile(f"{path.suffix.lower()} files need Blender to read: run the ingest "
                           "from Blender or with bpy installed (pip install 'previz[blender]'), "
                           "or export the file as glTF")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise RejectedFile(f"larger than {MAX_FILE_BYTES >> 30} GiB")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    target = folder / f"{digest}.glb"
    if target.is_file() and target.stat().st_size > 0:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{digest}.{os.getpid()}.tmp.glb"
    try:
        convert(path, tmp)
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise RejectedFile("Blender wrote no geometry for it")
        os.replace(tmp, target)
    except RejectedFile:
        raise
    except Exception as exc:  # the converter's message is the reason (Blender's own words)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise RejectedFile(first or f"Blender cannot read it ({type(exc).__name__})") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


class _Parser:
    """Parses files one at a time in a worker process (`previz.asset_index.parse_worker`: a
    fresh interpreter, never a fork of this threaded process), each within ``timeout`` seconds:
    a pathological file (a parser stuck in a loop, a decompression bomb) is rejected as "timed
    out" and its worker killed, instead of hanging the ingest. ``timeout`` None or 0 parses in
    this process, unbounded. The worker starts with the first file, so an ingest with nothing to
    parse starts none; it is replaced every `parse_worker.WORKER_FILES` files."""

    def __init__(self, root: Path, timeout: float | None, converted: Path | None = None,
                 convert: Converter | None = None) -> None:
        self.root = root
        self.timeout = timeout
        self.converted = converted
        self.convert = convert
        self._worker: parse_worker.Worker | None = None

    def __call__(self, path: Path) -> dict[str, Any]:
        mesh = None
        if path.suffix.lower() in CONVERTED_EXTENSIONS:
            try:  # in this process: the converter is Blender, which the worker has not got
                mesh = convert_file(path, self.converted or path.parent, self.convert)
            except RejectedFile as exc:
                return {"reason": str(exc)}
            except OSError as exc:
                return {"reason": f"cannot read ({exc})"}
        if not self.timeout:
            return parse_file(path, self.root, mesh)
        worker = self._worker
        if worker is None or not worker.alive or worker.served >= parse_worker.WORKER_FILES:
            self._stop()
            worker = self._worker = parse_worker.Worker()
        result = worker.parse(path, self.root, self.timeout, mesh)
        if result is None:
            self._stop()  # the worker may be stuck for good: kill it, start another next time
            return {"reason": f"timed out after {self.timeout:g} s", "timed_out": self.timeout}
        return result

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def close(self) -> None:
        self._stop()
