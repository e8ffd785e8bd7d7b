"""A search during an ingest sees a consistent index: the state after some whole batch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from asset_index_meshes import box_mesh, write_glb

from previz.asset_index import AssetIndex
from previz.asset_index import index as index_module
from previz.asset_index.embed import HashEmbedder


def test_search_during_ingest_sees_whole_batches(tmp_path: Path) -> None:
    """(Each file is parsed in the worker process, a few ms each: searches fall between
    batches.)"""
    root = tmp_path / "lib"
    total = 150
    for i in range(total):
        write_glb(root / f"crate_{i:03d}.glb", box_mesh(0.5 + i * 0.001, 0.5, 0.5))
    path = tmp_path / "i.sqlite"
    writer = AssetIndex(path, embedder=HashEmbedder())
    reader = AssetIndex(path, embedder=HashEmbedder())
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            writer.ingest(root)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=ingest)
    thread.start()
    seen: set[int] = set()
    batch = index_module.BATCH
    allowed = {min(n * batch, total) for n in range(total // batch + 2)}
    while thread.is_alive() or not seen:
        catalog = reader.catalog()
        n = len(catalog.ids)
        seen.add(n)
        assert n in allowed, f"search saw {n} entries: not a whole number of batches"
        assert catalog.vectors.shape == (n, reader.embedder.dim)
        assert (abs((catalog.vectors ** 2).sum(axis=1) - 1) < 1e-4).all()  # every row embedded
        for hit in reader.search("crate", k=5):
            assert hit.size is not None and hit.path is not None
        time.sleep(0.01)
    thread.join()
    assert errors == []
    assert reader.count() == total
    assert len(seen - {0, total}) >= 1, f"never searched mid-ingest (saw {sorted(seen)})"
