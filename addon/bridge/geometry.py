"""Entity geometry in Blender: imported asset files, or white-box proxies when there is no file.

A missing asset never disappears silently: it becomes the proxy of `previz.world.proxy` (a box
for a prop, an open room shell for a set) or, for a skeleton, a mannequin skinned to it, and the
build report says so. Proxies follow the World's conventions: origin at the bottom centre, front
facing −Y.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import bpy
import numpy as np

from previz.world import Entity
from previz.world.proxy import SEE_THROUGH, proxy_boxes, proxy_size


def _import_gltf(path: str) -> set[str]:
    """Blender's glTF importer, without its progress lines: it prints three INFO lines on stdout
    for every file whatever ``loglevel`` says, so a scene of a hundred library props buried the
    command's own output. Its errors go to another logger and still reach stderr."""
    log = logging.getLogger("glTFImporter")
    was = log.disabled
    log.disabled = True
    try:
        return bpy.ops.import_scene.gltf(filepath=path)
    finally:
        log.disabled = was


IMPORTERS = {
    ".glb": _import_gltf,
    ".gltf": _import_gltf,
    ".obj": lambda p: bpy.ops.wm.obj_import(filepath=p),
    ".ply": lambda p: bpy.ops.wm.ply_import(filepath=p),
    ".stl": lambda p: bpy.ops.wm.stl_import(filepath=p),
    ".fbx": lambda p: bpy.ops.import_scene.fbx(filepath=p),
}

_BOX_FACES = [
    (0, 1, 2, 3), (4, 7, 6, 5), (0, 4, 5, 1), (1, 5, 6, 2), (2, 6, 7, 3), (3, 7, 4, 0),
]


def _box(lo: Sequence[float], hi: Sequence[float]) -> tuple[list, list]:
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    verts = [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0),
             (x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)]
    return verts, list(_BOX_FACES)


def _mesh(name: str, boxes: list[tuple[list, list]]) -> bpy.types.Mesh:
    verts: list = []
    faces: list = []
    for v, f in boxes:
        base = len(verts)
        verts += v
        faces += [tuple(i + base for i in face) for face in f]
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata(verts, [], faces)
    mesh.update()
    return mesh


def proxy_mesh(entity: Entity) -> bpy.types.Mesh:
    """The entity's white-box proxy (`previz.world.proxy`) as a mesh: a box, or for a set an open
    room shell, so cameras and characters can stand in it. A pane of glass
    (`previz.world.proxy.SEE_THROUGH`) has no proxy box; it is built as its thin box with the
    glass material (`glass_material`), which the passes look through."""
    if entity.kind == "set" and entity.semantic_class in SEE_THROUGH:
        w, d, h = proxy_size(entity)
        mesh = _mesh(f"{entity.id}-glass", [_box((-w / 2, -d / 2, 0.0), (w / 2, d / 2, h))])
        mesh.materials.append(glass_material())
        return mesh
    return _mesh(f"{entity.id}-proxy", [_box(lo, hi) for lo, hi in proxy_boxes(entity)])


GLASS = "Previz Glass"


def glass_material() -> bpy.types.Material:
    """The one glass material of a scene's window panes: clear, fully transmissive, a faint blue
    in the solid viewport."""
    mat = bpy.data.materials.get(GLASS)
    if mat is not None:
        return mat
    mat = bpy.data.materials.new(GLASS)
    mat.diffuse_color = (0.75, 0.85, 0.95, 0.15)
    mat.roughness = 0.0
    if mat.node_tree is None:  # Blender 4.x; a 5.x material always has nodes
        mat.use_nodes = True
    bsdf = next((n for n in mat.node_tree.nodes if n.type == "BSDF_PRINCIPLED"), None)
    if bsdf is not None:
        for name, value in (("Transmission Weight", 1.0), ("Transmission", 1.0),
                            ("Roughness", 0.0), ("IOR", 1.45)):
            if name in bsdf.inputs:
                bsdf.inputs[name].default_value = value
    if hasattr(mat, "surface_render_method"):  # EEVEE Next: refraction through the pane
        mat.surface_render_method = "BLENDED"
    return mat


def _segment(a: np.ndarray, b: np.ndarray, t: float) -> tuple[list, list]:
    """A square-section box of side ``t`` from ``a`` to ``b``."""
    axis = b - a
    length = float(np.linalg.norm(axis))
    u = axis / length
    helper = np.array([0.0, 0.0, 1.0]) if abs(u[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    v = np.cross(u, helper)
    v /= np.linalg.norm(v)
    w = np.cross(u, v)
    r = t / 2
    corners = [a + r * (sv * v + sw * w) for sv, sw in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    verts = [tuple(c) for c in corners] + [tuple(c + axis) for c in corners]
    return verts, list(_BOX_FACES)


def mannequin(entity: Entity, armature: bpy.types.Object) -> bpy.types.Object:
    """A white-box body skinned to the armature: one box per bone segment (parent joint → joint),
    rigidly weighted to the parent bone, and a cube on every leaf joint."""
    skel = entity.skeleton
    assert skel is not None
    rest = skel.rest_positions()
    pts = np.array(list(rest.values()))
    extent = float(np.ptp(pts, axis=0).max()) if len(pts) > 1 else 1.0
    t = max(0.02, 0.06 * extent)
    children = {j.parent for j in skel.joints if j.parent}
    boxes: list[tuple[list, list, str]] = []
    for j in skel.joints:
        if j.parent is not None and np.linalg.norm(rest[j.name] - rest[j.parent]) > 1e-6:
            boxes.append((*_segment(rest[j.parent], rest[j.name], t), j.parent))
        if j.name not in children:
            c = rest[j.name]
            boxes.append((*_box(c - t, c + t), j.name))
    mesh = _mesh(f"{entity.id}-mannequin", [(v, f) for v, f, _ in boxes])
    obj = bpy.data.objects.new(f"{entity.id}-mannequin", mesh)
    base = 0
    for verts, _, bone in boxes:
        group = obj.vertex_groups.get(bone) or obj.vertex_groups.new(name=bone)
        group.add(list(range(base, base + len(verts))), 1.0, "REPLACE")
        base += len(verts)
    mod = obj.modifiers.new("Armature", "ARMATURE")
    mod.object = armature
    obj.parent = armature
    return obj


def import_asset(path: Path) -> list[bpy.types.Object]:
    """Import a mesh file; returns the new top-level objects (their children come along)."""
    ext = path.suffix.lower()
    before = set(bpy.data.objects)
    if ext == ".blend":
        with bpy.data.libraries.load(str(path), link=False) as (src, dst):
            dst.objects = list(src.objects)
        new = [o for o in dst.objects if o is not None]
    elif ext in IMPORTERS:
        result = IMPORTERS[ext](str(path))
        if "FINISHED" not in result:
            raise RuntimeError(f"the {ext} importer returned {sorted(result)}")
        new = [o for o in bpy.data.objects if o not in before]
    else:
        raise ValueError(f"unsupported asset format {ext!r}")
    for obj in new:
        for coll in list(obj.users_collection):
            coll.objects.unlink(obj)
    return [o for o in new if o.parent is None or o.parent not in new]


def all_descendants(objs: list[bpy.types.Object]) -> list[bpy.types.Object]:
    out: list[bpy.types.Object] = []
    stack = list(objs)
    while stack:
        o = stack.pop()
        out.append(o)
        stack.extend(o.children)
    return out
