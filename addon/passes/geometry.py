"""Blender scene → world-space triangles of one frame, labelled by entity (the bpy side).

Everything Blender would render is taken from the evaluated depsgraph (`object_instances`), so
modifiers, the armature-deformed mannequins, imported asset hierarchies and collection instances
all come out as Blender shows them. An object's label is its entity's (``Object.previz.id``, for
the ENTITY object and for its PART objects alike), so an entity's segmentation and mask include
all of its geometry; geometry that belongs to no entity still occludes and gets a label of its
own above the entities' (black in segmentation, but it draws edges).

Per-frame set-up is the cost worth removing: a mesh that cannot change shape (no modifiers, no
shape keys, not an instance) is read from Blender once and then only moved by its world matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import bpy
import numpy as np

from previz.world.proxy import SEE_THROUGH

#: A body posed outside Blender: (sort key, world triangles, world normals, owner object).
Posed = tuple[tuple, np.ndarray, np.ndarray, Any]

GEOMETRY_TYPES = frozenset({"MESH", "CURVE", "SURFACE", "META", "FONT"})


@dataclass(frozen=True)
class LocalMesh:
    """Triangles (T×3×3) and unit corner normals (T×3×3) in object space."""

    triangles: np.ndarray
    normals: np.ndarray


def read_mesh(obj: bpy.types.Object) -> LocalMesh:
    """The evaluated object's triangles and Blender's corner normals (sharp edges and smooth
    shading as the user set them)."""
    mesh = obj.to_mesh()
    try:
        mesh.calc_loop_triangles()
        nv, nt, nl = len(mesh.vertices), len(mesh.loop_triangles), len(mesh.loops)
        co = np.empty(nv * 3, np.float32)
        mesh.vertices.foreach_get("co", co)
        tv = np.empty(nt * 3, np.int32)
        mesh.loop_triangles.foreach_get("vertices", tv)
        tl = np.empty(nt * 3, np.int32)
        mesh.loop_triangles.foreach_get("loops", tl)
        cn = np.empty(nl * 3, np.float32)
        if nl:
            mesh.corner_normals.foreach_get("vector", cn)
    finally:
        obj.to_mesh_clear()
    verts = co.reshape(-1, 3).astype(np.float64)
    normals = cn.reshape(-1, 3).astype(np.float64)
    return LocalMesh(verts[tv.reshape(-1, 3)], normals[tl.reshape(-1, 3)])


def _rigid(obj: bpy.types.Object) -> bool:
    """True when the object's mesh cannot change from frame to frame without edits."""
    if obj.type != "MESH" or len(obj.modifiers):
        return False
    data = obj.data
    return data.shape_keys is None and (data.animation_data is None)


def see_through(obj: bpy.types.Object) -> bool:
    """A pane of glass (`previz.world.proxy.SEE_THROUGH`): the passes show what lies behind it
    (its depth, normals and segmentation), as the proxies the agents reason with do."""
    p = getattr(obj, "previz", None)
    return p is not None and p.kind == "SET" and p.semantic_class in SEE_THROUGH


class SceneGeometry:
    """Collects the labelled triangles of a scene frame by frame; labels: 0 = background,
    1..n = the entities in ``entity_ids`` order, n+1… = geometry of no entity."""

    def __init__(self, entity_ids: list[str]) -> None:
        self.labels_of = {eid: i + 1 for i, eid in enumerate(entity_ids)}
        self._other: dict[str, int] = {}
        self._cache: dict[str, LocalMesh] = {}

    def label(self, obj: bpy.types.Object) -> int:
        p = getattr(obj, "previz", None)
        if p is not None and p.role in ("ENTITY", "PART") and p.id in self.labels_of:
            return self.labels_of[p.id]
        if obj.name not in self._other:
            self._other[obj.name] = len(self.labels_of) + 1 + len(self._other)
        return self._other[obj.name]

    def collect(
        self, depsgraph: bpy.types.Depsgraph, posed: Sequence[Posed] = ()
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """World-space triangles (T×3×3), corner normals (T×3×3), labels (T,) of the frame the
        depsgraph is evaluated at, in a stable order (by object name, then instance id).

        ``posed``: bodies already in world space (`previz.addon.passes.crowd`), each
        ``(sort key, triangles, normals, owner object)``, merged into the same order as if
        Blender had evaluated them."""
        items: list = [(key, None, (tris, nrm), self.label(owner)) for key, tris, nrm, owner
                       in posed]
        for inst in depsgraph.object_instances:
            ob = inst.object
            if ob.type not in GEOMETRY_TYPES:
                continue
            orig = ob.original
            owner = inst.parent.original if inst.is_instance and inst.parent else orig
            if orig.hide_render or owner.hide_render or see_through(owner):
                continue
            key = (orig.name, tuple(inst.persistent_id) if inst.is_instance else ())
            if not inst.is_instance and _rigid(orig):
                cache_key = f"{orig.name}\0{orig.data.name}"
                local = self._cache.get(cache_key)
                if local is None:
                    local = self._cache[cache_key] = read_mesh(ob)
            else:
                local = read_mesh(ob)
            if len(local.triangles) == 0:
                continue
            matrix = np.array(inst.matrix_world, np.float64)
            items.append((key, local, matrix, self.label(owner)))
        items.sort(key=lambda item: item[0])
        if not items:
            empty = np.zeros((0, 3, 3))
            return empty, empty, np.zeros(0, np.int32)
        tris, norms, labels = [], [], []
        for _, local, m, lab in items:
            if local is None:  # posed in numpy: already world-space
                tris.append(m[0])
                norms.append(m[1])
                labels.append(np.full(len(m[0]), lab, np.int32))
                continue
            lin = m[:3, :3]
            # One (3T×3)·(3×3) product per object, not T small ones.
            tris.append((local.triangles.reshape(-1, 3) @ lin.T + m[:3, 3]).reshape(-1, 3, 3))
            nrm = local.normals.reshape(-1, 3) @ normal_matrix(lin)
            nrm /= np.maximum(np.sqrt(np.einsum("ij,ij->i", nrm, nrm)), 1e-20)[:, None]
            norms.append(nrm.reshape(-1, 3, 3))
            labels.append(np.full(len(local.triangles), lab, np.int32))
        return np.concatenate(tris), np.concatenate(norms), np.concatenate(labels)


def normal_matrix(lin: np.ndarray) -> np.ndarray:
    """The matrix that maps row-vector normals under the linear map ``lin`` (3×3): the inverse
    of ``lin`` up to a positive factor (normals are normalised afterwards), i.e. the adjugate
    times the sign of the determinant. Written out rather than ``np.linalg.inv``, which costs a
    LAPACK call per object per frame (the slowest line of a frame in profiles), and which is
    defined for a zero scale too (the normals then stay finite)."""
    c0, c1, c2 = lin[:, 0], lin[:, 1], lin[:, 2]
    adj = np.stack([np.cross(c1, c2), np.cross(c2, c0), np.cross(c0, c1)])  # rows: det · inv
    return adj if np.dot(c0, adj[0]) >= 0 else -adj  # c0 · (c1 × c2) = det
