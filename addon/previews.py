"""The add-on's image thumbnails (asset search hits, reference images): one Blender preview
collection, keyed by file path, created on first use and freed when the add-on unregisters."""

from __future__ import annotations

from pathlib import Path

_previews = None


def previews():  # type: ignore[no-untyped-def]
    """The add-on's preview collection (created on first use, freed on unregister)."""
    global _previews
    if _previews is None:
        import bpy.utils.previews

        _previews = bpy.utils.previews.new()
    return _previews


def free_previews() -> None:
    global _previews
    if _previews is not None:
        import bpy.utils.previews

        bpy.utils.previews.remove(_previews)
        _previews = None


def preview_of(thumbnail: str):  # type: ignore[no-untyped-def]
    """The preview of a thumbnail file (loaded into the collection on first use), or None.
    Its ``icon_id`` is what layouts draw (0 headless, where Blender makes no icons)."""
    if not thumbnail or not Path(thumbnail).is_file():
        return None
    coll = previews()
    if thumbnail not in coll:
        coll.load(thumbnail, thumbnail, "IMAGE")
    return coll[thumbnail]
