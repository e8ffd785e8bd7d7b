"""The bridge World ⇄ Blender scene (`build`, `read`) and their file forms for the CLI.

The model side is `previz.world` (pure); this is the thin Blender side, in the spirit of the
glTF-Blender-IO add-on. ``read(build(w)) == w`` for every valid World, to float32 precision.

Like glTF-Blender-IO's one importer per element, each element has its own module with a public
``build_<element>`` / ``read_<element>`` pair: `camera`, `light`, `environment`, `entity` (with
its skeleton), `relation` and `shot`, over the shared object helpers of `objects` (collection,
tag, ``write_transform``/``read_transform``). `build` and `read` only orchestrate them; panels
and operators that re-key one element use these modules, never the orchestrators' internals.
The element functions expect the property groups registered (`properties.ensure_registered`,
which `build` and `read` call; the enabled extension has them).
"""

from __future__ import annotations

from pathlib import Path

import bpy

from previz.world import World
from previz.world.errors import InputError

from .build import build
from .read import read

__all__ = ["build", "build_file", "read", "read_file"]


def build_file(
    world: World, path: str | Path, base_dir: str | Path | None = None,
    report: list[str] | None = None,
) -> Path:
    """Build ``world`` into a new empty scene and save it to ``path`` (a .blend).

    Blender saves through a temporary file and renames it, so a killed build leaves no partial
    .blend behind."""
    out = Path(path).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    bpy.ops.wm.read_homefile(use_empty=True)
    warnings: list[str] = [] if report is None else report
    build(world, bpy.context.scene, base_dir=base_dir, report=warnings)
    if report is None:
        for line in warnings:
            print(f"previz: warning: {line}")
    result = bpy.ops.wm.save_as_mainfile(filepath=str(out), check_existing=False)
    if "FINISHED" not in result:
        raise RuntimeError(f"Blender could not save {out}")
    return out


def read_file(path: str | Path | None = None) -> World:
    """The World held by a .blend file; with no path, by the file open in Blender."""
    if path is None:
        if not bpy.data.filepath:
            raise InputError("no .blend given and no file is open in Blender")
        return read(bpy.context.scene)
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    with open(p, "rb") as fh:
        magic = fh.read(7)
    if magic != b"BLENDER" and magic[:2] not in (b"\x1f\x8b", b"\x28\xb5"):  # plain/gzip/zstd
        raise InputError(f"{path}: not a .blend file")
    try:
        bpy.ops.wm.open_mainfile(filepath=str(p.resolve()), load_ui=False)
    except RuntimeError as exc:
        raise InputError(f"{path}: Blender cannot open it ({str(exc).strip()})") from None
    return read(bpy.context.scene)
