"""Writing proxies as binary glTF (GLB) with pygltflib: flat-shaded triangles, one white-box
material, the asset's metadata in the scene's ``extras``, and optionally a skin.

glTF is +Y up with the front towards +Z; our proxies are built in Blender axes (+Z up, front −Y),
so positions and normals go through (x, y, z) → (x, z, −y), the inverse of what Blender's glTF
importer (and `previz.asset_index.meshinfo`) applies on the way in. Output bytes depend only on
the inputs: no time stamps, stable ordering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pygltflib as gl

GENERATOR = "Previz starter library"
Z_TO_Y = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], dtype=np.float64)


@dataclass
class Skin:
    """A skeleton for a skinned mesh, in Blender axes: joint names, parent indices (−1 root),
    rest positions in the mesh frame, and per vertex of the (unsplit) mesh the one joint that
    moves it (rigid skinning: enough for a white-box mannequin)."""

    names: list[str]
    parents: list[int]
    positions: np.ndarray  # (J, 3)
    vertex_joint: np.ndarray  # (V,) int


def _pad4(data: bytes, fill: bytes = b"\x00") -> bytes:
    return data + fill * (-len(data) % 4)


class _Blob:
    def __init__(self) -> None:
        self.data = bytearray()
        self.views: list[gl.BufferView] = []
        self.accessors: list[gl.Accessor] = []

    def add(self, array: np.ndarray, component: int, kind: str, target: int | None,
            minmax: bool = False) -> int:
        raw = np.ascontiguousarray(array).tobytes()
        offset = len(self.data)
        self.data += _pad4(raw)
        self.views.append(gl.BufferView(buffer=0, byteOffset=offset, byteLength=len(raw),
                                        target=target))
        acc = gl.Accessor(bufferView=len(self.views) - 1, componentType=component,
                          count=len(array), type=kind)
        if minmax:
            acc.min = [float(v) for v in array.min(axis=0)]
            acc.max = [float(v) for v in array.max(axis=0)]
        self.accessors.append(acc)
        return len(self.accessors) - 1


def glb_bytes(vertices: np.ndarray, faces: np.ndarray, extras: dict[str, Any],
              skin: Skin | None = None, name: str = "proxy") -> bytes:
    """A GLB of the mesh (Blender axes in, glTF axes out)."""
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.asarray(faces, dtype=np.int64)
    tri = vertices[faces]  # (F, 3, 3): split vertices for flat shading
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    keep = lengths > 1e-12
    tri, normals, kept_faces = tri[keep], normals[keep] / lengths[keep, None], faces[keep]
    positions = (tri.reshape(-1, 3) @ Z_TO_Y.T).astype(np.float32)
    normals = (np.repeat(normals, 3, axis=0) @ Z_TO_Y.T).astype(np.float32)
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    count = len(positions)
    index_type = gl.UNSIGNED_SHORT if count < 65536 else gl.UNSIGNED_INT
    indices = np.arange(count, dtype=np.uint16 if index_type == gl.UNSIGNED_SHORT else np.uint32)

    blob = _Blob()
    attributes = gl.Attributes(
        POSITION=blob.add(positions, gl.FLOAT, gl.VEC3, gl.ARRAY_BUFFER, minmax=True),
        NORMAL=blob.add(normals, gl.FLOAT, gl.VEC3, gl.ARRAY_BUFFER))
    nodes: list[gl.Node] = []
    skins: list[gl.Skin] = []
    if skin is not None:
        joint_of_vertex = np.asarray(skin.vertex_joint)[kept_faces].reshape(-1)
        joints = np.zeros((count, 4), dtype=np.uint8 if len(skin.names) < 256 else np.uint16)
        joints[:, 0] = joint_of_vertex
        weights = np.zeros((count, 4), dtype=np.float32)
        weights[:, 0] = 1.0
        attributes.JOINTS_0 = blob.add(joints, gl.UNSIGNED_BYTE if joints.dtype == np.uint8
                                       else gl.UNSIGNED_SHORT, gl.VEC4, gl.ARRAY_BUFFER)
        attributes.WEIGHTS_0 = blob.add(weights, gl.FLOAT, gl.VEC4, gl.ARRAY_BUFFER)
    index_acc = blob.add(indices, index_type, gl.SCALAR, gl.ELEMENT_ARRAY_BUFFER)

    mesh = gl.Mesh(name=name, primitives=[gl.Primitive(attributes=attributes, indices=index_acc,
                                                       material=0)])
    nodes.append(gl.Node(name=name, mesh=0))
    scene_nodes = [0]
    if skin is not None:
        rest = np.asarray(skin.positions, dtype=np.float64) @ Z_TO_Y.T
        first = len(nodes)
        for j, jname in enumerate(skin.names):
            parent = skin.parents[j]
            local = rest[j] - (rest[parent] if parent >= 0 else 0.0)
            children = [first + c for c, p in enumerate(skin.parents) if p == j]
            nodes.append(gl.Node(name=jname, translation=[float(v) for v in local],
                                 children=children or None))
        inverse = np.zeros((len(skin.names), 4, 4), dtype=np.float32)
        for j in range(len(skin.names)):
            m = np.eye(4)
            m[:3, 3] = -rest[j]
            inverse[j] = m.T  # glTF matrices are column-major
        ibm = blob.add(inverse.reshape(len(skin.names), 16), gl.FLOAT, gl.MAT4, None)
        roots = [first + j for j, p in enumerate(skin.parents) if p < 0]
        skins.append(gl.Skin(name=f"{name}_skeleton", joints=list(range(first, len(nodes))),
                             inverseBindMatrices=ibm, skeleton=roots[0]))
        nodes[0].skin = 0
        scene_nodes += roots

    doc = gl.GLTF2(
        asset=gl.Asset(version="2.0", generator=GENERATOR),
        scene=0,
        scenes=[gl.Scene(name=name, nodes=scene_nodes, extras=extras)],
        nodes=nodes,
        meshes=[mesh],
        skins=skins,
        materials=[gl.Material(name="whitebox", pbrMetallicRoughness=gl.PbrMetallicRoughness(
            baseColorFactor=[0.8, 0.8, 0.8, 1.0], metallicFactor=0.0, roughnessFactor=0.9))],
        accessors=blob.accessors,
        bufferViews=blob.views,
        buffers=[gl.Buffer(byteLength=len(blob.data))],
    )
    doc.set_binary_blob(bytes(blob.data))
    return b"".join(doc.save_to_bytes())


def write_glb(path: Path, data: bytes) -> None:
    from previz.world.files import atomic_write_bytes

    atomic_write_bytes(path, data)
