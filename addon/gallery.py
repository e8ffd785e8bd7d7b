"""`previz assets gallery`: one clay contact sheet per group of the prop library.

Each category's first variant is built straight from its parts (no file import), scaled to fit
one cell, turned a three-quarter view towards the camera and labelled; a front orthographic
camera and Workbench's studio clay render the sheet (small: ``cell`` pixels a cell). The same
library gives the same sheets. This is how to look at the library without a scene: what a
director's noun will be placed as.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from previz.asset_index.props import ROWS, variant
from previz.world import InputError

CELL = 1.0  # scene units per cell (each prop fits in 0.8 of it)
COLUMNS = 8
GREY = (0.72, 0.72, 0.72, 1.0)
INK = (0.08, 0.08, 0.08, 1.0)


def groups() -> list[str]:
    """The library's groups in table order."""
    return list(dict.fromkeys(r.group for r in ROWS))


def render_gallery(out: str | Path, only: list[str] | None = None, cell: int = 160,
                   columns: int = COLUMNS) -> list[Path]:
    """Render ``out/<group>.png`` for each group (or those in ``only``); returns the files."""
    import bpy

    known = groups()
    wanted = only or known
    unknown = [g for g in wanted if g not in known]
    if unknown:
        raise InputError(f"--groups {','.join(unknown)}: no such group (groups: "
                         f"{', '.join(known)})")
    if not 48 <= cell <= 512:
        raise InputError(f"--cell {cell}: must be between 48 and 512 pixels")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for group in wanted:
        rows = [r for r in ROWS if r.group == group]
        bpy.ops.wm.read_homefile(use_empty=True)
        scene = bpy.context.scene
        n_rows = math.ceil(len(rows) / columns)
        for i, row in enumerate(rows):
            col, line = i % columns, i // columns
            _place(bpy, scene, row.name, (col + 0.5) * CELL, -(line + 0.5) * CELL * 1.2)
        _camera(bpy, scene, columns * CELL, n_rows * CELL * 1.2)
        path = folder / f"{group}.png"
        _render(bpy, scene, path, columns * cell, round(n_rows * cell * 1.2))
        written.append(path)
    return written


def _place(bpy, scene, name: str, x: float, z: float) -> None:
    """The category's first variant in the cell centred at (x, z) of the sheet (the x–z
    plane, facing −Y), with its label under it."""
    prop = variant(name, 0)
    lo, hi = prop.bounds
    centre = (lo + hi) / 2
    scale = 0.8 * CELL / float(np.linalg.norm(hi - lo))
    verts, faces, base = [], [], 0
    for part in prop.parts:
        m = part.mesh()
        verts.append(m.vertices)
        faces.append(m.faces + base)
        base += len(m.vertices)
    v = (np.concatenate(verts) - centre) * scale
    mesh = bpy.data.meshes.new(prop.name)
    mesh.from_pydata(v.tolist(), [], np.concatenate(faces).tolist())
    obj = bpy.data.objects.new(prop.name, mesh)
    obj.color = GREY
    # a three-quarter view: turned 35° about its vertical, tipped 20° towards the camera
    obj.rotation_mode = "XYZ"
    obj.rotation_euler = (math.radians(20), 0.0, math.radians(-35))
    obj.location = (x, 0.0, z + 0.08 * CELL)
    scene.collection.objects.link(obj)
    curve = bpy.data.curves.new(f"label {name}", "FONT")
    curve.body = name
    curve.align_x = "CENTER"
    curve.size = 0.085 * CELL
    label = bpy.data.objects.new(f"label {name}", curve)
    label.rotation_euler = (math.pi / 2, 0.0, 0.0)
    label.location = (x, -0.6 * CELL, z - 0.52 * CELL)
    label.color = INK
    scene.collection.objects.link(label)


def _camera(bpy, scene, width: float, height: float) -> None:
    data = bpy.data.cameras.new("sheet")
    data.type = "ORTHO"
    data.ortho_scale = max(width, height)
    cam = bpy.data.objects.new("sheet", data)
    cam.location = (width / 2, -10.0, -height / 2)
    cam.rotation_euler = (math.pi / 2, 0.0, 0.0)
    scene.collection.objects.link(cam)
    scene.camera = cam


def _render(bpy, scene, path: Path, width: int, height: int) -> None:
    r = scene.render
    r.engine = "BLENDER_WORKBENCH"
    r.resolution_x, r.resolution_y, r.resolution_percentage = width, height, 100
    r.film_transparent = False
    r.dither_intensity = 0.0
    r.image_settings.file_format = "PNG"
    r.image_settings.color_mode = "RGB"
    r.image_settings.compression = 90
    scene.view_settings.view_transform = "Standard"
    scene.display.render_aa = "8"
    shading = scene.display.shading
    shading.light = "STUDIO"
    shading.color_type = "OBJECT"
    shading.show_cavity = True
    shading.show_object_outline = False
    world = bpy.data.worlds.new("sheet")
    world.color = (0.95, 0.95, 0.95)
    scene.world = world
    tmp = path.with_name(f".{path.stem}.tmp.png")
    r.filepath = str(tmp)
    bpy.ops.render.render(write_still=True, scene=scene.name)
    tmp.replace(path)
