"""Checking a World's reference images before a render starts (no torch here).

The passes writer copies each entity's reference images into the shot folder and, since a pass
does not need them, only warns about a missing one. A render does need them: the scene form of
``previz render`` checks them all first, so a missing or unreadable image is bad input (exit 2)
naming the entity and the file, before any pass or model work. The copies in a passes folder are
checked again when that folder is rendered (`previz.neural_render.passes.Passes.entity_references`).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from previz.world import World
from previz.world.errors import InputError


def check_image(path: Path, entity: str) -> None:
    """Bad input naming ``entity`` and the file when ``path`` is not a readable image."""
    if not path.is_file():
        raise InputError(f"{path}: reference image of entity {entity!r} not found")
    try:
        with Image.open(path) as im:
            im.convert("RGB").load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(
            f"{path}: reference image of entity {entity!r} is not a readable image "
            f"({type(exc).__name__})"
        ) from None


def check_world_references(world: World, base_dir: str | Path) -> None:
    """Every reference image the World names (relative to ``base_dir``) exists and reads."""
    for entity in sorted(world.entities, key=lambda e: e.id):
        for ref in entity.reference_images:
            path = Path(ref) if Path(ref).is_absolute() else Path(base_dir) / ref
            check_image(path, entity.id)
