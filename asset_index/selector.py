"""An asset selector for the agents: category, style and wanted size in, an `AssetRef` out.

It has the shape of `previz.agents.interfaces.AssetSelector` (``select(category, style, size)``)
without importing the agents (the asset index may import only the world). Pass one to the agents
in place of their white-box default to get library assets.
"""

from __future__ import annotations

from previz.world import AssetRef

from .index import AssetIndex
from .refs import to_asset_ref
from .scoring import SIZE_TOLERANCE


class LibraryAssets:
    """Picks the best asset of the index for a category and style at a size.

    The query text is "<style> <category>", the size is a hard filter (within a factor
    1 + ``tolerance`` per sorted dimension) and part of the score, and the best hit must be at
    least ``min_similarity`` (cosine) like the query: a building that happens to have the size
    asked for is no chair. The returned `AssetRef` carries the asset's id, file and *its own*
    size; when nothing fits, a white-box `AssetRef` of the wanted size, as the agents' default
    would give."""

    def __init__(self, index: AssetIndex | None = None, tolerance: float = SIZE_TOLERANCE,
                 support: str | None = None, min_similarity: float = 0.3) -> None:
        if index is None:
            from .defaults import open_default

            index = open_default()
        self.index = index
        self.tolerance = tolerance
        self.support = support
        self.min_similarity = min_similarity

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        query = f"{style} {category}".strip() or "object"
        hits = self.index.search(query, k=1, size=tuple(float(v) for v in size),  # type: ignore[arg-type]
                                 support=self.support, size_tolerance=self.tolerance)
        if not hits or hits[0].score["semantic"] < self.min_similarity:
            return AssetRef(size=tuple(float(v) for v in size))  # type: ignore[arg-type]
        return to_asset_ref(hits[0])
