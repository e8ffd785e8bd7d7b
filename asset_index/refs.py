"""From a search hit to the `AssetRef` an entity of the World carries."""

from __future__ import annotations

from previz.world import AssetRef

from .index import Hit


def to_asset_ref(hit: Hit) -> AssetRef:
    """An `AssetRef` with the hit's library id, file path and size (width, depth, height).

    Raises ValueError for a motion clip, which is not geometry."""
    if hit.kind != "asset":
        raise ValueError(f"{hit.id} is a {hit.kind}, not an asset")
    size = None
    if hit.size is not None:  # a flat asset (a decal) still gets a positive, 1 mm thickness
        size = tuple(max(float(v), 1e-3) for v in hit.size)
    return AssetRef(id=hit.id, path=hit.path, size=size)  # type: ignore[arg-type]
