"""`unknown_asset`: a noun of the plan that the prop library does not know.

Such a noun is never dropped — the realiser places a proxy box named and classed after it — but
the shot then shows a box where the director named a thing, which the report must say."""

from __future__ import annotations

from typing import Any

from previz.asset_index.props import lookup
from previz.world import World

PLACED_BY_OTHERS = ("character", "animal", "set")


def unknown_assets(world: World, plan: Any) -> list[tuple[list[str], str]]:
    """(entity ids, noun) for each plan object whose category the library does not know and
    whose entities carry no asset file of their own."""
    if plan is None:
        return []
    out = []
    for group in getattr(plan, "objects", []):
        if lookup(group.category) is not None:
            continue
        ids = sorted(e.id for e in world.entities if e.semantic_class == group.category
                     and e.kind not in PLACED_BY_OTHERS and not e.asset.path)
        if ids:
            out.append((ids, group.category.replace("_", " ")))
    return out
