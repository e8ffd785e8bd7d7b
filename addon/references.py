"""An entity's reference images in the Object panel: add with a file browser, see thumbnails,
remove. They are the entity's ``reference_images`` in the World (stored in
``Object.previz.reference_images``, read back by the bridge), which the neural renderer gives the
model in every shot where the entity is visible (`previz.neural_render.passes.entity_references`).

A path is stored relative to the saved .blend's folder when the image lies under it (a World
exported beside the .blend then names it relative to its own folder, as the World format wants),
else absolute. The thumbnails come from a `bpy.utils.previews` collection loaded on first draw
and freed on unregister; headless, Blender makes no icons and the rows draw without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import bpy
from bpy.props import CollectionProperty, IntProperty, StringProperty
from bpy_extras.io_utils import ImportHelper

from .previews import free_previews, preview_of

IMAGE_GLOB = "*.png;*.jpg;*.jpeg;*.webp;*.bmp;*.tif;*.tiff"
IMAGE_SUFFIXES = tuple(s[1:] for s in IMAGE_GLOB.split(";"))
THUMBNAIL_SCALE = 3.0

def resolved(path: str) -> Path:
    """Where a stored reference path points (relative to the .blend's folder when relative)."""
    p = Path(path)
    if p.is_absolute():
        return p
    base = Path(bpy.path.abspath("//")) if bpy.data.filepath else Path.cwd()
    return base / p


def stored(path: str) -> str:
    """How a chosen file is stored: relative to the saved .blend's folder when under it. A file
    from elsewhere (not in an asset-library folder either) is copied into the .blend's
    ``refs/`` first: renders read only files inside the scene's folder or the library
    (`previz.world.paths_policy`), so the scene stays self-contained and renderable."""
    chosen = Path(bpy.path.abspath(path)).resolve()
    if bpy.data.filepath:
        base = Path(bpy.path.abspath("//")).resolve()
        if not chosen.is_relative_to(base) and not _in_library(chosen):
            chosen = _copy_into(chosen, base / "refs")
        if chosen.is_relative_to(base):
            return Path(os.path.relpath(chosen, base)).as_posix()
    return str(chosen)


def _in_library(path: Path) -> bool:
    from previz.asset_index.roots import library_roots

    return any(path.is_relative_to(Path(os.path.realpath(r))) for r in library_roots())


def _copy_into(src: Path, folder: Path) -> Path:
    """``src`` copied into ``folder`` under its own name (``name-2.png``… when another file
    has it); the same bytes already there are reused."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    stem, suffix, n = src.stem.lstrip(".") or "image", src.suffix.lower(), 1
    while True:
        dst = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        if not dst.exists():
            shutil.copyfile(src, dst)
            return dst
        if dst.read_bytes() == src.read_bytes():
            return dst
        n += 1


def thumbnail(path: Path) -> int:
    """The icon id of ``path``'s thumbnail (0 when Blender makes no icons, e.g. headless)."""
    preview = preview_of(str(path))
    return preview.icon_id if preview is not None else 0


def _entity(context: bpy.types.Context):  # type: ignore[no-untyped-def]
    obj = context.active_object
    return obj if obj is not None and obj.previz.role == "ENTITY" else None


class PREVIZ_OT_reference_add(bpy.types.Operator, ImportHelper):
    """Add reference images of this entity: the model sees them in every shot showing it"""

    bl_idname = "previz.reference_add"
    bl_label = "Add reference images"
    bl_options = {"REGISTER", "UNDO"}

    filter_glob: StringProperty(default=IMAGE_GLOB, options={"HIDDEN"})
    files: CollectionProperty(type=bpy.types.OperatorFileListElement, options={"HIDDEN"})
    directory: StringProperty(subtype="DIR_PATH", options={"HIDDEN"})

    @classmethod
    def poll(cls, context: bpy.types.Context) -> bool:
        return _entity(context) is not None

    def execute(self, context: bpy.types.Context) -> set[str]:
        obj = _entity(context)
        names = [f.name for f in self.files if f.name] if self.files else []
        chosen = [str(Path(self.directory) / n) for n in names] if names else [self.filepath]
        have = {item.path for item in obj.previz.reference_images}
        added = 0
        for path in chosen:
            real = Path(bpy.path.abspath(path))
            if real.suffix.lower() not in IMAGE_SUFFIXES or not real.is_file():
                self.report({"ERROR"}, f"{real}: not an image file")
                return {"CANCELLED"}
            value = stored(path)
            if value not in have:
                obj.previz.reference_images.add().path = value
                have.add(value)
                added += 1
        self.report({"INFO"}, f"{obj.previz.id}: {added} reference image(s) added")
        return {"FINISHED"}


class PREVIZ_OT_reference_remove(bpy.types.Operator):
    """Remove this reference image from the entity"""

    bl_idname = "previz.reference_remove"
    bl_label = "Remove reference image"
    bl_options = {"REGISTER", "UNDO"}

    index: IntProperty(name="Index", default=0, min=0)

    @classmethod
    def poll(cls, context: bpy.types.Context) -> bool:
        return _entity(context) is not None

    def execute(self, context: bpy.types.Context) -> set[str]:
        refs = _entity(context).previz.reference_images
        if self.index >= len(refs):
            self.report({"ERROR"}, f"no reference image {self.index}")
            return {"CANCELLED"}
        refs.remove(self.index)
        return {"FINISHED"}


def draw_references(layout: bpy.types.UILayout, obj: bpy.types.Object) -> None:
    """The Object panel's box: each reference image with its thumbnail (a missing file shown as
    such, since a render would refuse it), and the add button."""
    box = layout.box()
    box.label(text="Reference images", icon="IMAGE_REFERENCE")
    for i, item in enumerate(obj.previz.reference_images):
        path = resolved(item.path)
        row = box.row(align=True)
        if path.is_file():
            icon = thumbnail(path)
            if icon:
                row.template_icon(icon_value=icon, scale=THUMBNAIL_SCALE)
            row.label(text=path.name)
        else:
            row.label(text=f"{item.path} (not found)", icon="ERROR")
        row.operator(PREVIZ_OT_reference_remove.bl_idname, text="", icon="X").index = i
    box.operator(PREVIZ_OT_reference_add.bl_idname, text="Add…", icon="ADD")


CLASSES = (PREVIZ_OT_reference_add, PREVIZ_OT_reference_remove)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
    free_previews()
