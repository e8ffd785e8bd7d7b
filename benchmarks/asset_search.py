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
- p50/p95 latency of the vector search alone (ANN) and of the exact baseline on the same
  queries (a matrix-vector product over all rows) — their ratio is the speed-up;
- p50/p95 of a full `AssetIndex.search` (hard filters, Holodeck size score, metadata lookup),
  with and without the query's text encoding;
- recall@10 of the ANN against exact search, with and without a support filter;
- build time (SQLite write, snapshot load, graph build) and memory (peak RSS, vectors, graph,
  file sizes).

    python benchmarks/asset_search.py                # 100,000 entries (~1-2 min on 2 cores)
    python benchmarks/asset_search.py --full         # 1,000,000 entries (several minutes)
    python benchmarks/asset_search.py --n 300000 --threads 2
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from previz.asset_index import AssetIndex, store
from previz.asset_index.index import _ENTRY_COLUMNS
from previz.asset_index.metadata import SUPPORTS
from previz.asset_index.starter import ITEMS
from previz.asset_index.vectors import ANN_PARAMS, ExactSearch

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
          f"graph threads {args.threads}")
    t0 = time.perf_counter()
    rows, vectors, [(n_texts, embed_s)] = synthesize(n, args.seed, embedder)
    print(f"  synthetic data: {time.perf_counter() - t0:.1f} s "
          f"({n_texts:,} distinct texts embedded by the real model in {embed_s:.1f} s)")

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
    print(f"  build: SQLite write {write_s:.1f} s, snapshot load + HNSW build {catalog_s:.1f} s"
          f", total {write_s + catalog_s:.1f} s")

    rng = np.random.default_rng(args.seed + 1)
    cats = sorted({it.category for it in ITEMS})
    qtexts = [QUERY_FORMS[i % len(QUERY_FORMS)].format(
        m=MATERIALS[rng.integers(len(MATERIALS))], s=STYLES[rng.integers(len(STYLES))],
        c=cats[rng.integers(len(cats))]) for i in range(args.queries)]
    qvecs = embedder.encode(qtexts)
    search = catalog.search
    exact = ExactSearch(catalog.vectors)
    ann_t, exact_t, recall, recall_f = [], [], [], []
    floor = catalog.supports == SUPPORTS.index("floor")
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
            print(f"  ef {ef:3d}: p50 {sweep[ef][0]:.3f} ms  p95 {sweep[ef][1]:.3f} ms  "
                  f"recall@10 {sweep[ef][2]:.4f}")
        search.index.expansion_search = default_ef
    for q in qvecs:
        t = time.perf_counter()
        got = search.candidates(q, 10)[0]
        ann_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        truth = exact.candidates(q, 10)[0]
        exact_t.append(time.perf_counter() - t)
        recall.append(len(set(got.tolist()) & set(truth.tolist())) / 10)
        got_f = search.candidates(q, 10, lambda r: floor[r])[0]
        truth_f = exact.candidates(q, 10, lambda r: floor[r])[0]
        recall_f.append(len(set(got_f.tolist()) & set(truth_f.tolist())) / 10)
    # Full searches: every other query has a size filter (the category's typical size, ±20%,
    # as a layout agent would ask), every third a support filter.
    sizes = category_sizes()
    qcats = [next(c for c in sorted(sizes, key=len, reverse=True) if c in t) for t in qtexts]
    full_t, encode_t = [], []
    for i, text in enumerate(qtexts):
        size = tuple(float(v) * float(rng.uniform(0.8, 1.2)) for v in sizes[qcats[i]][0])
        t = time.perf_counter()
        embedder.encode([text])
        encode_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.search(text, k=10, size=size if i % 2 else None,
                     support=sizes[qcats[i]][1] if i % 3 == 0 else None)
        full_t.append(time.perf_counter() - t)
    encode_ms = float(np.mean(encode_t)) * 1000
    full_wo_encode = [max(t - e, 0.0) for t, e in zip(full_t, encode_t, strict=True)]

    ann50, ann95 = percentile_ms(ann_t, 50), percentile_ms(ann_t, 95)
    ex50, ex95 = percentile_ms(exact_t, 50), percentile_ms(exact_t, 95)
    result = {
        "entries": n, "queries": len(qtexts), "embedder": embedder.name,
        "search_backend": search.kind,
        "ann_ms": {"p50": round(ann50, 3), "p95": round(ann95, 3)},
        "exact_ms": {"p50": round(ex50, 3), "p95": round(ex95, 3)},
        "speedup_p50": round(ex50 / ann50, 1),
        "ef_sweep": {str(ef): {"p50_ms": round(a, 3), "p95_ms": round(b, 3),
                               "recall_at_10": round(r, 4)} for ef, (a, b, r) in sweep.items()},
        "recall_at_10": round(float(np.mean(recall)), 4),
        "recall_at_10_support_filter": round(float(np.mean(recall_f)), 4),
        "full_search_ms": {"p50": round(percentile_ms(full_t, 50), 3),
                           "p95": round(percentile_ms(full_t, 95), 3)},
        "full_search_without_encoding_ms": {
            "p50": round(percentile_ms(full_wo_encode, 50), 3),
            "p95": round(percentile_ms(full_wo_encode, 95), 3)},
        "query_encoding_ms_mean": round(encode_ms, 3),
        "build_s": {"sqlite_write": round(write_s, 1), "load_and_graph": round(catalog_s, 1)},
        "memory_mb": {"peak_rss": round(_rss_mb(), 1),
                      "vectors": round(catalog.vectors.nbytes / 2**20, 1),
                      "graph_file": round(graph_mb, 1),
                      "sqlite_file": round(path.stat().st_size / 2**20, 1)},
    }
    print(f"  ANN search (default ef {ANN_PARAMS['expansion_search']}) p50 {ann50:.3f} ms  "
          f"p95 {ann95:.3f} ms")
    print(f"  exact baseline p50 {ex50:.3f} ms  p95 {ex95:.3f} ms  "
          f"(ANN is {ex50 / ann50:.1f}x faster at p50)")
    print(f"  recall@10 vs exact: {np.mean(recall):.4f} (with a support filter: "
          f"{np.mean(recall_f):.4f})")
    print(f"  full search (filters, size score, metadata) p50 "
          f"{result['full_search_ms']['p50']:.2f} ms  p95 {result['full_search_ms']['p95']:.2f}"
          f" ms; of which query encoding {encode_ms:.2f} ms (mean); without it p50 "
          f"{result['full_search_without_encoding_ms']['p50']:.2f} ms  p95 "
          f"{result['full_search_without_encoding_ms']['p95']:.2f} ms")
    print(f"  memory: peak RSS {result['memory_mb']['peak_rss']:.0f} MB, vectors "
          f"{result['memory_mb']['vectors']:.0f} MB, graph {result['memory_mb']['graph_file']:.0f}"
          f" MB, SQLite {result['memory_mb']['sqlite_file']:.0f} MB")
    print(json.dumps(result))
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
