"""Benchmark: search an asset index of up to 1,000,000 entries.

What it builds (all seeded):
- metadata: synthetic assets — a category from the starter library's categories, a material and
  a style, a size drawn around the category's real size, a support type;
- embeddings: the real MiniLM model (numpy, `previz.asset_index.minilm`) embeds a subset of
  distinct description texts (every category in 24 seeded material/style phrasings, ~2,500
  sentences); every entry's vector is a random convex mix (Dirichlet(0.5) weights) of three
  real embeddings of one category plus seeded Gaussian noise (σ = 0.01 per dimension),
  re-normalised. So the vectors are "real for a subset, structured for the rest": they lie on
  the manifold the real model spans, clustered by category, with many near-ties (the 10th and
  11th neighbours of a query differ by ~6e-4 in cosine) — what makes ANN recall non-trivial.
- the index: rows written to the SQLite index file, the snapshot loaded, the HNSW graph built.

What it measures, for queries embedded with the real model (phrasings not in the corpus):
- the graph alone at several beam widths (ef): p50/p95 latency and recall@10 against exact;
- query encoding (one text, the real model) apart from search, and a repeated query (served by
  the index's LRU cache of query embeddings);
- p50/p95 (wall clock, and this thread's CPU time: other jobs on a shared machine inflate the
  wall clock) of a full `AssetIndex.search` (hard filters, Holodeck size score, metadata
  lookup) for three kinds of query: unfiltered; filtered as a layout agent asks (the
  category's support type and a size around its typical size); and a support filter that
  contradicts the text (the worst case for a graph). For each, recall@10 against the same
  search answered by exact search, the baseline, timed in the same run (the ratio is printed);
- build time (SQLite write, snapshot load, graph build, re-open with the saved graph) and
  memory (peak RSS, vectors, graph, file sizes);
- an incremental update: 0.5% of the rows written (half deleted, half new), then the index
  re-opened: the saved graph is updated in place instead of rebuilt; time and recall after.

    python benchmarks/asset_search.py                # 100,000 entries (~2-3 min on 2 cores)
    python benchmarks/asset_search.py --full         # 1,000,000 entries (~15 min, 8 GB)
    python benchmarks/asset_search.py --n 300000 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from previz.asset_index import AssetIndex, store
from previz.asset_index.index import _ENTRY_COLUMNS
from previz.asset_index.starter import ITEMS
from previz.asset_index.vectors import AnnSearch, ExactSearch, entry_keys

MATERIALS = ("wooden", "oak", "pine", "metal", "steel", "brass", "plastic", "glass", "stone",
             "marble", "leather", "fabric", "concrete", "white", "black", "red", "blue", "green")
STYLES = ("modern", "vintage", "rustic", "industrial", "minimalist", "antique", "cheap",
          "luxury", "scandinavian", "victorian")
TEXTS_PER_CATEGORY = 24
TEXT_FORMS = ("a {s} {m} {c}", "{c}, {m}, {s} style", "{m} {c} in a {s} look",
              "a {c} made of {m} ({s})")
QUERY_FORMS = ("a {m} {c}", "{c} made of {m}, {s} style", "I need a {s} {c}", "{m} {c}")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def category_sizes() -> dict[str, tuple[tuple[float, float, float], str]]:
    """Category → (typical size, support), from the starter library's proxies."""
    cats = {}
    for it in ITEMS:
        if it.category not in cats:
            mesh = it.build().mesh()
            cats[it.category] = (tuple(float(v) for v in mesh.extents), it.support)
    return cats


def synthesize(n: int, seed: int, embedder) -> tuple[list[tuple], np.ndarray, list[tuple]]:
    """Rows for the entries table (without embeddings), their vectors, and text counts."""
    rng = np.random.default_rng(seed)
    cats = category_sizes()
    categories = sorted(cats)
    # every category in TEXTS_PER_CATEGORY distinct seeded phrasings (material, style, form)
    texts = []
    for c in categories:
        combos = rng.permutation(len(MATERIALS) * len(STYLES))[:TEXTS_PER_CATEGORY]
        for j, combo in enumerate(combos):
            m, s = MATERIALS[combo // len(STYLES)], STYLES[combo % len(STYLES)]
            texts.append(TEXT_FORMS[j % len(TEXT_FORMS)].format(m=m, s=s, c=c))
    t0 = time.perf_counter()
    base = embedder.encode(texts)
    embed_s = time.perf_counter() - t0
    # each entry: a random convex mix of three real phrasings of one category, plus a little
    # isotropic noise — vectors on the manifold the real model spans, not copies of it
    cat = rng.integers(0, len(categories), n)
    picks = cat[:, None] * TEXTS_PER_CATEGORY + rng.integers(0, TEXTS_PER_CATEGORY, (n, 3))
    weights = rng.dirichlet(np.full(3, 0.5), n).astype(np.float32)
    vectors = np.einsum("nk,nkd->nd", weights, base[picks])
    vectors += rng.normal(0.0, 0.01, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = []
    scale = rng.uniform(0.8, 1.25, (n, 3))
    main_text = picks[np.arange(n), weights.argmax(axis=1)]
    for i in range(n):
        c = categories[int(cat[i])]
        size, support = cats[c]
        w, d, h = (np.asarray(size) * scale[i]).tolist()
        text = texts[int(main_text[i])]
        rows.append((f"a-{i:012x}", "asset", f"/synthetic/{c}/{i}.glb", f"{c} {i}", c, "[]",
                     text, text, w, d, h, w * d, 1000, 0, support, "-y", None, None,
                     None, "synthetic", "{}"))
    return rows, vectors.astype(np.float32), [(len(texts), embed_s)]


def percentile_ms(samples: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(samples) * 1000.0, q))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="entries (default 100,000)")
    ap.add_argument("--full", action="store_true", help="1,000,000 entries")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1,
                    help="threads building the graph (1 = reproducible graph)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", metavar="DIR", help="build the index here and keep it")
    args = ap.parse_args(argv)
    n = 1_000_000 if args.full else args.n

    from previz.asset_index.embed import get_embedder

    embedder = get_embedder()
    print(f"asset search benchmark: {n:,} entries, embedder {embedder.name}, "
          f"graph threads {args.threads}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} (other jobs on the machine skew latencies)")
    t0 = time.perf_counter()
    rows, vectors, [(n_texts, embed_s)] = synthesize(n, args.seed, embedder)
    print(f"  synthetic data: {time.perf_counter() - t0:.1f} s "
          f"({n_texts:,} distinct texts embedded by {embedder.name} in {embed_s:.1f} s)")

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="previz-bench-"))
    path = folder / "index.sqlite"
    index = AssetIndex(path, embedder=embedder, ann_threads=args.threads)
    t0 = time.perf_counter()
    conn = store.connect(path)
    with store.write(conn):
        conn.executemany(
            f"INSERT INTO entries ({', '.join(_ENTRY_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(_ENTRY_COLUMNS))})",
            ((*r, vectors[i].tobytes()) for i, r in enumerate(rows)))
    conn.close()
    write_s = time.perf_counter() - t0
    del rows
    t0 = time.perf_counter()
    catalog = index.catalog()  # snapshot load + graph build (cached next to the index)
    catalog_s = time.perf_counter() - t0
    graph_mb = sum(f.stat().st_size for f in path.parent.glob("*.ann/*.usearch")) / 2**20
    search = catalog.search
    # Re-opening the index with its graph saved: the snapshot load alone (the graph is loaded
    # and checked, nothing to change), so the graph's build time is the difference.
    t0 = time.perf_counter()
    reopen = AssetIndex(path, embedder=embedder, ann_threads=args.threads).catalog()
    reopen_s = time.perf_counter() - t0
    del reopen
    print(f"  build: SQLite write {write_s:.1f} s, snapshot load + HNSW build {catalog_s:.1f} s"
          f" (graph ≈ {catalog_s - reopen_s:.1f} s), total {write_s + catalog_s:.1f} s; "
          f"re-open with the saved graph {reopen_s:.1f} s")

    rng = np.random.default_rng(args.seed + 1)
    cats = sorted({it.category for it in ITEMS})
    qtexts = [QUERY_FORMS[i % len(QUERY_FORMS)].format(
        m=MATERIALS[rng.integers(len(MATERIALS))], s=STYLES[rng.integers(len(STYLES))],
        c=cats[rng.integers(len(cats))]) for i in range(args.queries)]
    qvecs = embedder.encode(qtexts)
    exact = ExactSearch(catalog.vectors)
    truths = [exact.candidates(q, 10)[0] for q in qvecs]
    sweep = {}
    if search.kind == "ann":  # the beam width trades latency for recall: show the curve
        default_ef = search.index.expansion_search
        for ef in (64, 128, 256, 512):
            search.index.expansion_search = ef
            times, hits = [], []
            for q, truth in zip(qvecs, truths, strict=True):
                t = time.perf_counter()
                got = search.candidates(q, 10)[0]
                times.append(time.perf_counter() - t)
                hits.append(len(set(got.tolist()) & set(truth.tolist())) / 10)
            sweep[ef] = (percentile_ms(times, 50), percentile_ms(times, 95), float(np.mean(hits)))
            print(f"  graph alone, ef {ef:3d}: p50 {sweep[ef][0]:.3f} ms  p95 "
                  f"{sweep[ef][1]:.3f} ms  recall@10 {sweep[ef][2]:.4f}"
                  + ("  (the default)" if ef == default_ef else ""))
        search.index.expansion_search = default_ef

    # Query encoding, measured apart from search: a first encoding, then the LRU cache.
    encode_t, cached_t = [], []
    for text in qtexts:
        t = time.perf_counter()
        index.encode_query(text)
        encode_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.encode_query(text)
        cached_t.append(time.perf_counter() - t)
    print(f"  query encoding ({embedder.name}, one text): p50 "
          f"{percentile_ms(encode_t, 50):.2f} ms  p95 {percentile_ms(encode_t, 95):.2f} ms; "
          f"repeated query (LRU cache): p50 "
          f"{percentile_ms(cached_t, 50) * 1000:.1f} µs")

    # Full searches (`AssetIndex.search`: filters, Holodeck size score, metadata lookup), the
    # query embedding already cached, so this is search time alone. Three kinds of query:
    # - unfiltered;
    # - filtered as a layout agent asks: the query category's support type and a size around
    #   its typical size (±20% per dimension);
    # - a support filter that contradicts the text (a support type other than the category's):
    #   few semantic neighbours pass, the worst case for a graph.
    # Recall@10: the hits against the same search answered by exact search (the baseline,
    # timed in the same run).
    sizes = category_sizes()
    qcats = [next(c for c in sorted(sizes, key=len, reverse=True) if c in t) for t in qtexts]
    kinds = {
        "unfiltered": [{} for _ in qtexts],
        "filtered (size + support)": [
            {"size": tuple(float(v) * float(rng.uniform(0.8, 1.2)) for v in sizes[c][0]),
             "support": sizes[c][1]} for c in qcats],
        "contradicting support filter": [
            {"support": "wall" if sizes[c][1] != "wall" else "ceiling"} for c in qcats],
    }
    full = {}
    for label, filters in kinds.items():
        runs = {}
        for backend in ("graph", "exact"):
            catalog.search = search if backend == "graph" else exact
            times, cpu, found = [], [], []
            for text, kw in zip(qtexts, filters, strict=True):
                t, c = time.perf_counter(), time.thread_time()
                hits = index.search(text, k=10, **kw)
                times.append(time.perf_counter() - t)
                cpu.append(time.thread_time() - c)
                found.append([h.id for h in hits])
            runs[backend] = (times, cpu, found)
        catalog.search = search
        (g_t, g_cpu, g_ids), (e_t, _, e_ids) = runs["graph"], runs["exact"]
        recall = float(np.mean([len(set(g) & set(e)) / max(len(e), 1)
                                for g, e in zip(g_ids, e_ids, strict=True)]))
        full[label] = {"p50_ms": round(percentile_ms(g_t, 50), 3),
                       "p95_ms": round(percentile_ms(g_t, 95), 3),
                       "recall_at_10": round(recall, 4),
                       "cpu_p50_ms": round(percentile_ms(g_cpu, 50), 3),
                       "cpu_p95_ms": round(percentile_ms(g_cpu, 95), 3),
                       "exact_p50_ms": round(percentile_ms(e_t, 50), 3),
                       "exact_p95_ms": round(percentile_ms(e_t, 95), 3)}
        f = full[label]
        print(f"  search, {label:<29}: p50 {f['p50_ms']:7.3f} ms  p95 {f['p95_ms']:7.3f} ms "
              f"(CPU p50 {f['cpu_p50_ms']:.3f}  p95 {f['cpu_p95_ms']:.3f})  recall@10 "
              f"{f['recall_at_10']:.4f}  | exact baseline p50 {f['exact_p50_ms']:.2f} ms  p95 "
              f"{f['exact_p95_ms']:.2f} ms  ({f['exact_p50_ms'] / f['p50_ms']:.1f}x at p50)")
    result = {
        "entries": n, "queries": len(qtexts), "embedder": embedder.name,
        "search_backend": search.kind,
        "ef_sweep": {str(ef): {"p50_ms": round(a, 3), "p95_ms": round(b, 3),
                               "recall_at_10": round(r, 4)} for ef, (a, b, r) in sweep.items()},
        "search": full,
        "query_encoding_ms": {"p50": round(percentile_ms(encode_t, 50), 3),
                              "p95": round(percentile_ms(encode_t, 95), 3),
                              "cached_p50": round(percentile_ms(cached_t, 50), 4)},
        "build_s": {"sqlite_write": round(write_s, 1), "load_and_graph": round(catalog_s, 1),
                    "reopen_with_saved_graph": round(reopen_s, 1)},
        "memory_mb": {"peak_rss": round(_rss_mb(), 1),
                      "vectors": round(catalog.vectors.nbytes / 2**20, 1),
                      "graph_file": round(graph_mb, 1),
                      "sqlite_file": round(path.stat().st_size / 2**20, 1)},
    }
    print(f"  memory: peak RSS {result['memory_mb']['peak_rss']:.0f} MB, vectors "
          f"{result['memory_mb']['vectors']:.0f} MB, graph {result['memory_mb']['graph_file']:.0f}"
          f" MB, SQLite {result['memory_mb']['sqlite_file']:.0f} MB")

    if search.kind == "ann":
        del catalog, search, exact  # (one snapshot in memory at a time)
        result["update"] = incremental_update(index, path, qvecs, args, catalog_s, reopen_s)
    result["load_average_end"] = round(os.getloadavg()[0], 1)
    print(f"  load average at the end {result['load_average_end']:.1f}")
    print(json.dumps(result))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def incremental_update(index: AssetIndex, path: Path, qvecs: np.ndarray,
                       args: argparse.Namespace, build_s: float, reopen_s: float) -> dict:
    """A write of 0.5% of the rows (half deleted, half new), then a search: the saved graph is
    updated in place (`AnnSearch` removes and adds keys) instead of built again."""
    rng = np.random.default_rng(args.seed + 2)
    catalog = index.catalog()  # (cached)
    n = len(catalog.ids)
    m = max(1, n // 400)
    gone = [catalog.ids[i] for i in np.sort(rng.choice(n, m, replace=False))]
    donors = rng.choice(n, m, replace=False)
    new = catalog.vectors[donors] + rng.normal(0, 0.01, (m, catalog.vectors.shape[1]))
    new = (new / np.linalg.norm(new, axis=1, keepdims=True)).astype(np.float32)
    graph = path.with_name(path.name + ".ann") / f"{index.embedder.name}.usearch"
    saved = Path(tempfile.mkdtemp(prefix="previz-graph-")) / "before.usearch"
    shutil.copy(graph, saved)  # the graph as it was before the write, to time its update alone
    shutil.copy(graph.with_suffix(".json"), saved.with_suffix(".json"))
    conn = store.connect(path)
    copies = [dict(conn.execute("SELECT * FROM entries WHERE id=?", (catalog.ids[d],))
                   .fetchone()) for d in donors]  # (read before any donor is deleted)
    with store.write(conn):
        conn.executemany("DELETE FROM entries WHERE id=?", ((i,) for i in gone))
        for j, row in enumerate(copies):
            row.update(id=f"a-new{j:09x}", embedding=new[j].tobytes())
            conn.execute(f"INSERT INTO entries ({', '.join(_ENTRY_COLUMNS)}) VALUES "
                         f"({', '.join('?' * len(_ENTRY_COLUMNS))})",
                         [row[c] for c in _ENTRY_COLUMNS])
    conn.close()
    index._catalog = None  # (free the old snapshot's arrays before loading the new one)
    del catalog
    t0 = time.perf_counter()
    updated = index.catalog()
    update_s = time.perf_counter() - t0
    exact = ExactSearch(updated.vectors)
    recall = float(np.mean([
        len(set(updated.search.candidates(q, 10)[0].tolist())
            & set(exact.candidates(q, 10)[0].tolist())) / 10 for q in qvecs]))
    info = updated.search.update
    t0 = time.perf_counter()  # the same update again, from the saved copy: the graph alone
    AnnSearch(updated.vectors, keys=entry_keys(updated.ids), cache=saved, threads=args.threads)
    graph_s = time.perf_counter() - t0
    shutil.rmtree(saved.parent, ignore_errors=True)
    print(f"  write of {2 * m:,} rows ({m:,} deleted, {m:,} added), then re-open: {update_s:.1f}"
          f" s; of which the graph updated in place ({info['removed']:,} removed, "
          f"{info['added']:,} added; load, check, update, save) {graph_s:.1f} s, against "
          f"{build_s - reopen_s:.1f} s to build it; recall@10 after the update {recall:.4f}")
    return {"rows_written": 2 * m, "reopen_s": round(update_s, 1), "graph_s": round(graph_s, 1),
            "rebuild_graph_s": round(build_s - reopen_s, 1), "recall_at_10": round(recall, 4),
            **{k: v for k, v in info.items()}}


if __name__ == "__main__":
    sys.exit(main())
