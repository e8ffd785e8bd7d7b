"""Asset and motion-clip libraries: ingest, metadata, embeddings, search, and the built-in
white-box starter library.

    from previz.asset_index import open_index
    index = open_index()                      # the default index, starter library included
    hits = index.search("wooden chair", size=(0.5, 0.5, 0.9), support="floor")
    ref = to_asset_ref(hits[0])               # a previz.world.AssetRef for an Entity

Heavy parts (trimesh, the MiniLM weights, usearch) load on first use, not on import.
"""

from __future__ import annotations

from .index import AssetIndex, Hit, IngestReport
from .motions import MotionClip
from .paths import data_dir, default_index_path
from .refs import to_asset_ref
from .selector import LibraryAssets

__all__ = ["AssetIndex", "Hit", "IngestReport", "LibraryAssets", "MotionClip", "data_dir",
           "default_index_path", "open_index", "to_asset_ref"]


def open_index(path: str | None = None) -> AssetIndex:
    """The index at ``path``, or the default one in the user's data folder, which is created with
    the starter library on first use (and refreshed when the starter library changes)."""
    if path is not None:
        return AssetIndex(path)
    from .defaults import open_default

    return open_default()
