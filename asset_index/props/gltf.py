"""Binary glTF (GLB) of a prop, written with the standard library and numpy only.

One mesh and one node per part, all children of a root node named after the prop, so a part
keeps its name in Blender ("chair:seat"); flat-shaded triangles; one white-box material; the
prop's metadata in the scene's ``extras`` (where `previz assets ingest` reads it). Blender axes
in (+Z up, front −Y), glTF axes out (+Y up, front +Z): (x, y, z) → (x, z, −y), the inverse of
what Blender's importer applies. The bytes depend only on the inputs (no time stamps; JSON with
sorted keys and fixed float formatting).
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

from .mesh import Part

GENERATOR = "Previz prop library"
Z_TO_Y = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], dtype=np.float64)
FLOAT, UINT16, UINT32 = 5126, 5123, 5125
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963


def _pad(data: bytes, fill: bytes = b"\x00") -> bytes:
    return data + fill * (-len(data) % 4)


def glb_bytes(parts: list[Part], extras: dict[str, Any], name: str) -> bytes:
    """The GLB of ``parts`` (in Blender axes, already placed)."""
    blob = bytearray()
    views: list[dict[str, Any]] = []
    accessors: list[dict[str, Any]] = []
    meshes: list[dict[str, Any]] = []
    nodes: list[dict[str, Any]] = [{"name": name, "children": []}]

    def add(array: np.ndarray, component: int, kind: str, target: int,
            minmax: bool = False) -> int:
        raw = np.ascontiguousarray(array).tobytes()
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(raw),
                      "target": target})
        blob.extend(_pad(raw))
        acc: dict[str, Any] = {"bufferView": len(views) - 1, "componentType": component,
                               "count": len(array), "type": kind}
        if minmax:
            acc["min"] = [float(v) for v in array.min(axis=0)]
            acc["max"] = [float(v) for v in array.max(axis=0)]
        accessors.append(acc)
        return len(accessors) - 1

    for part in parts:
        mesh = part.mesh()
        tri = mesh.vertices[mesh.faces]
        normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        lengths = np.linalg.norm(normals, axis=1)
        keep = lengths > 1e-12
        tri, normals = tri[keep], normals[keep] / lengths[keep, None]
        positions = (tri.reshape(-1, 3) @ Z_TO_Y.T).astype(np.float32)
        normals32 = (np.repeat(normals, 3, axis=0) @ Z_TO_Y.T).astype(np.float32)
        normals32 /= np.linalg.norm(normals32, axis=1, keepdims=True)
        count = len(positions)
        small = count < 65536
        indices = np.arange(count, dtype=np.uint16 if small else np.uint32)
        attributes = {"POSITION": add(positions, FLOAT, "VEC3", ARRAY_BUFFER, minmax=True),
                      "NORMAL": add(normals32, FLOAT, "VEC3", ARRAY_BUFFER)}
        index = add(indices, UINT16 if small else UINT32, "SCALAR", ELEMENT_ARRAY_BUFFER)
        meshes.append({"name": part.name, "primitives": [
            {"attributes": attributes, "indices": index, "material": 0}]})
        nodes[0]["children"].append(len(nodes))
        nodes.append({"name": part.name, "mesh": len(meshes) - 1})

    doc = {
        "asset": {"version": "2.0", "generator": GENERATOR},
        "scene": 0,
        "scenes": [{"name": name, "nodes": [0], "extras": extras}],
        "nodes": nodes,
        "meshes": meshes,
        "materials": [{"name": "whitebox", "pbrMetallicRoughness": {
            "baseColorFactor": [0.8, 0.8, 0.8, 1.0], "metallicFactor": 0.0,
            "roughnessFactor": 0.9}}],
        "accessors": accessors,
        "bufferViews": views,
        "buffers": [{"byteLength": len(blob)}],
    }
    text = _pad(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode(), b" ")
    binary = _pad(bytes(blob))
    total = 12 + 8 + len(text) + 8 + len(binary)
    return b"".join([struct.pack("<4sII", b"glTF", 2, total),
                     struct.pack("<I4s", len(text), b"JSON"), text,
                     struct.pack("<I4s", len(binary), b"BIN\x00"), binary])
