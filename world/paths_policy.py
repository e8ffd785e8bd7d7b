"""Which files a World may name: the one policy every reader of asset paths and reference
images applies (the command line, batch, a .blend read back, the Blender panels).

A World is data a stranger may hand us, and the passes writer copies an entity's reference
images into ``OUT/<shot>/refs/`` (and the bridge imports asset files). Without a rule, a World
naming ``/etc/passwd``, ``../../.ssh/id_rsa`` or a symlink out of its folder would copy any
readable file into the outputs. The rule: a named file resolves — symlinks followed — inside
the World's own folder or inside an allow-listed library root (the asset library folders),
names no hidden file or folder on the way, and has an extension of its kind. Anything else is
refused with an `InputError` naming the field (``entities[3].reference_images[0]``). A file
that is allowed but missing is not an error here (the caller warns and uses a proxy).

Pure: no Blender, no index; the caller passes the roots (`previz.asset_index.library_roots`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .models import World

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".exr")
#: What the bridge imports (`previz.addon.bridge.geometry.import_asset`).
ASSET_SUFFIXES = (".glb", ".gltf", ".obj", ".ply", ".stl", ".fbx", ".blend")


class PathRefused(InputError):
    """A World names a file outside what it may read."""


def _inside(path: Path, root: Path) -> Path | None:
    """``path`` relative to ``root`` when it lies inside it, else None."""
    try:
        return path.relative_to(root)
    except ValueError:
        return None


def resolve_named_file(ref: str, field: str, base: str | Path, roots: Iterable[str | Path] = (),
                       suffixes: Sequence[str] = ()) -> Path:
    """The real path of the file ``ref`` that the World field ``field`` names, checked.

    ``base`` is the World's folder (relative names resolve against it); ``roots`` the library
    folders also allowed. Raises `PathRefused` (an `InputError`: exit code 2) for a name that
    leaves them (absolute elsewhere, ``..``, a symlink out), names a hidden file or folder, or
    has a suffix not in ``suffixes`` (when given)."""
    if not ref or "\x00" in ref:
        raise PathRefused(f"{field}: {ref!r} is not a file name")
    name = Path(ref)
    base_real = Path(os.path.realpath(base))
    candidate = name if name.is_absolute() else base_real / name
    real = Path(os.path.realpath(candidate))  # follows every symlink on the way
    allowed = [base_real, *(Path(os.path.realpath(r)) for r in roots)]
    for root in allowed:
        rel = _inside(real, root)
        if rel is None:
            continue
        hidden = next((part for part in rel.parts if part.startswith(".")), None)
        if hidden is not None:
            raise PathRefused(f"{field}: {ref!r} names a hidden file or folder ({hidden}); "
                              "Previz reads no hidden files")
        if suffixes and real.suffix.lower() not in suffixes:
            raise PathRefused(f"{field}: {ref!r} is not one of the file types allowed here "
                              f"({', '.join(suffixes)})")
        return real
    where = "the World's folder" + (" or the asset library" if len(allowed) > 1 else "")
    raise PathRefused(f"{field}: {ref!r} is outside {where} ({base_real}); a World may only "
                      "name files inside its own folder or an asset-library folder "
                      "(PREVIZ_LIBRARY_PATH adds one)")


def world_files(world: World, base: str | Path, roots: Iterable[str | Path] = ()
                ) -> dict[tuple[str, str, int], Path]:
    """Check every file ``world`` names; their real paths keyed by (entity id, field, index),
    field ``"asset"`` (index 0) or ``"reference_images"``. Raises `PathRefused` for the first
    name the policy refuses (fields numbered as in the World's own entity order)."""
    roots = list(roots)
    out: dict[tuple[str, str, int], Path] = {}
    for i, entity in enumerate(world.entities):
        if entity.asset.path:
            out[(entity.id, "asset", 0)] = resolve_named_file(
                entity.asset.path, f"entities[{i}].asset.path", base, roots, ASSET_SUFFIXES)
        for k, ref in enumerate(entity.reference_images):
            out[(entity.id, "reference_images", k)] = resolve_named_file(
                ref, f"entities[{i}].reference_images[{k}]", base, roots, IMAGE_SUFFIXES)
    return out
