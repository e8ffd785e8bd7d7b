"""FBX and .blend files to GLB, through Blender, for `previz assets ingest`.

The asset index (`previz.asset_index`, no bpy) reads glTF, OBJ, PLY and STL itself; the formats
most downloaded packs also come in — FBX and .blend — only Blender reads well. So the ingest is
given `convert_to_glb`: it imports the file into a scene of its own (Blender's FBX importer, or
the .blend's objects appended from it as a library), writes that scene with Blender's glTF
exporter (+Y up, metres: what the index reads for every GLB), and then removes every data-block
it made, so the user's open file is left as it was. A file Blender cannot read raises with
Blender's own reason; the index rejects it with that reason and stores nothing else for it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import bpy

#: The bpy.data collections whose new members a conversion removes again.
_KINDS = ("objects", "meshes", "materials", "images", "textures", "armatures", "actions",
          "cameras", "lights", "curves", "collections", "node_groups", "libraries")
#: Object types that carry geometry (cameras, lights and empties of a .blend are not the asset).
_GEOMETRY = {"MESH", "CURVE", "SURFACE", "META", "FONT", "ARMATURE"}


class ConversionError(Exception):
    """The file could not be read as what its extension says."""


def _ids() -> set:
    return {idb for kind in _KINDS for idb in getattr(bpy.data, kind)}


@contextmanager
def _quiet() -> Iterator[None]:
    """Blender's importers and exporter print progress on stdout (from Python and from C), and
    ``previz assets ingest --json`` writes its answer there: for the conversion, stdout goes to
    stderr (file descriptor 1 itself, so C prints follow), and the glTF loggers are muted."""
    names = ("glTFImporter", "glTFExporter", "io_scene_gltf2")
    logs = [logging.getLogger(n) for n in names]
    was = [log.disabled for log in logs]
    for log in logs:
        log.disabled = True
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        for log, w in zip(logs, was, strict=True):
            log.disabled = w


def _append_blend(source: Path, scene: bpy.types.Scene) -> None:
    try:
        with bpy.data.libraries.load(str(source), link=False) as (src, dst):
            dst.objects = list(src.objects)
    except (OSError, RuntimeError) as exc:
        raise ConversionError(f"not a readable .blend file ({_first_line(exc)})") from exc
    objects = [o for o in dst.objects if o is not None and o.type in _GEOMETRY]
    if not objects:
        raise ConversionError("the .blend file holds no mesh objects")
    for obj in objects:
        scene.collection.objects.link(obj)


def _import_fbx(source: Path, scene: bpy.types.Scene) -> None:
    try:
        result = bpy.ops.import_scene.fbx(filepath=str(source))
    except (RuntimeError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise ConversionError(f"not a readable FBX file ({_first_line(exc)})") from exc
    if "FINISHED" not in result:
        raise ConversionError("not a readable FBX file (Blender's importer gave up)")
    if not any(o.type in _GEOMETRY for o in scene.objects):
        raise ConversionError("the FBX file holds no mesh objects")


@contextmanager
def _in_scene(scene: bpy.types.Scene) -> Iterator[None]:
    """Make ``scene`` the one operators act on. The window's scene is switched (and switched
    back): a `temp_override` of only the scene crashed Blender 4.5 in the exporter's view-layer
    update, since the window's view layer belongs to the other scene."""
    window = bpy.context.window
    if window is None:
        with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
            yield
        return
    old = window.scene
    window.scene = scene
    try:
        yield
    finally:
        window.scene = old


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # Blender prefixes operator errors with "Error: " and often a Python traceback: keep the
    # last line, which is the reason.
    return (lines[-1] if lines else type(exc).__name__).removeprefix("Error: ")


def convert_to_glb(source: Path, target: Path) -> None:
    """Write the GLB of the FBX or .blend file ``source`` to ``target``; raise
    `ConversionError` with the reason when Blender cannot read it. Nothing it made stays in
    ``bpy.data``."""
    ext = source.suffix.lower()
    if ext not in (".fbx", ".blend"):
        raise ConversionError(f"unsupported extension {ext!r}")
    before = _ids()
    scene = bpy.data.scenes.new("previz-convert")
    try:
        with _quiet(), _in_scene(scene):
            if ext == ".blend":
                _append_blend(source, scene)
            else:
                _import_fbx(source, scene)
            bpy.ops.export_scene.gltf(filepath=str(target), export_format="GLB",
                                      use_active_scene=True, export_yup=True, export_apply=True,
                                      export_animations=False, export_cameras=False,
                                      export_lights=False)
    finally:
        bpy.data.scenes.remove(scene)
        made = list(_ids() - before)
        if made:
            bpy.data.batch_remove(made)
