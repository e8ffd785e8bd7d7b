"""Reading one mesh file: geometry facts for the index (size, footprint, triangles, rig, front).

Files are parsed with trimesh (all formats) and pygltflib (glTF structure: skins, extras, URIs).
Nothing here trusts the file: every failure becomes a `RejectedFile` with a reason a person can
act on, and a glTF never makes us open a file outside the folder being ingested (its URIs are
checked first, and trimesh only ever sees an in-memory map of the resources we allowed).

Up axis: glTF is +Y up by specification and is turned to Blender's +Z up the way Blender's
importer does it, (x, y, z) → (x, −z, y); by the same rule the glTF front (+Z) becomes −Y, our
convention. OBJ is read as +Y up (Blender's OBJ importer default); STL and PLY as +Z up. A sidecar
JSON may override with ``"up": "y"`` or ``"up": "z"`` and ``"unit_scale"``.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import numpy as np

from previz.world.errors import InputError
from previz.world.limits import MAX_COORDINATE, loads

MESH_EXTENSIONS = (".glb", ".gltf", ".obj", ".ply", ".stl")
DEFAULT_UP = {".glb": "y", ".gltf": "y", ".obj": "y", ".ply": "z", ".stl": "z"}
MAX_FILE_BYTES = 2 * 1024**3
#: A sidecar's ``unit_scale`` (metres per file unit): micrometres to kilometres and beyond.
MIN_UNIT_SCALE, MAX_UNIT_SCALE = 1e-6, 1e6

# Y-up → Z-up: (x, y, z) → (x, −z, y)
Y_TO_Z = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=np.float64)


class RejectedFile(Exception):
    """The file cannot be indexed; the message says why."""


@dataclass
class MeshInfo:
    size: tuple[float, float, float]  # width x, depth y, height z, metres, after up-axis fix
    min_corner: tuple[float, float, float]
    triangles: int
    rigged: bool
    front: str | None  # "-y" when the format defines it, else None
    extras: dict[str, Any] = field(default_factory=dict)  # glTF extras (asset, scene, nodes)
    resources: list[Path] = field(default_factory=list)  # in-folder files a glTF references

    @property
    def footprint(self) -> float:
        return self.size[0] * self.size[1]


def sniff(data: bytes) -> str | None:
    """The format a file's bytes look like, whatever its extension says."""
    head = data[:512].lstrip()
    if data[:4] == b"glTF":
        return ".glb"
    if data[:3] == b"ply":
        return ".ply"
    if head.startswith(b"{"):
        return ".gltf"
    if data[:5].lower() == b"solid" or (len(data) >= 84 and
                                        len(data) == 84 + 50 * int.from_bytes(data[80:84],
                                                                             "little")):
        return ".stl"
    if data[:4] in (b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1"):
        return "binary"
    return None


def content_id(data: bytes, resources: Sequence[bytes] = ()) -> str:
    """Stable asset id: a hash of the file's bytes and those of the resources it references."""
    h = hashlib.sha256(data)
    for blob in resources:
        h.update(hashlib.sha256(blob).digest())
    return "a-" + h.hexdigest()[:20]


def gltf_resources(doc: Any, path: Path, root: Path) -> list[Path]:
    """Files a glTF references by URI, all checked to lie inside ``root``.

    Raises `RejectedFile` for a URI that is remote, absolute or leads outside the folder:
    such a file is never opened."""
    found: list[Path] = []
    items = list(doc.buffers or []) + list(doc.images or [])
    for item in items:
        uri = getattr(item, "uri", None)
        if not uri or uri.startswith("data:"):
            continue
        if "://" in uri or uri.startswith(("/", "\\")) or ":" in uri.split("/")[0]:
            raise RejectedFile(f"references {uri!r}, which is not a relative path inside the "
                               "folder (not followed)")
        rel = PurePosixPath(unquote(uri).replace("\\", "/"))
        target = (path.parent / Path(*rel.parts)).resolve()
        if not target.is_relative_to(root.resolve()):
            raise RejectedFile(f"references {uri!r}, which lies outside the ingested folder "
                               "(not followed)")
        if item in (doc.buffers or []) and not target.is_file():
            raise RejectedFile(f"references the missing file {uri!r}")
        if target.is_file():
            found.append(target)
    return found


def _gltf_doc(data: bytes, ext: str) -> Any:
    import pygltflib

    if ext == ".glb":
        doc = pygltflib.GLTF2.load_from_bytes(data)
    else:
        doc = pygltflib.GLTF2.from_json(data.decode("utf-8"))
    if doc is None:
        raise RejectedFile("not a glTF document")
    return doc


def _gltf_extras(doc: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    sources = [getattr(doc.asset, "extras", None)]
    sources += [getattr(s, "extras", None) for s in (doc.scenes or [])]
    sources += [getattr(n, "extras", None) for n in (doc.nodes or [])[:1]]
    for extras in sources:
        if isinstance(extras, dict):
            for key, value in extras.items():
                merged.setdefault(key, value)
    return merged


def read_mesh(path: Path, root: Path, data: bytes, up: str | None = None,
              unit_scale: float = 1.0) -> MeshInfo:
    """Geometry facts of the mesh file ``path`` (whose bytes are ``data``) under ``root``."""
    import trimesh

    ext = path.suffix.lower()
    if ext not in MESH_EXTENSIONS:
        raise RejectedFile(f"unsupported extension {ext!r}")
    if not data:
        raise RejectedFile("the file is empty")
    looks = sniff(data)
    if looks is not None and looks != ext:
        kind = "an image or archive" if looks == "binary" else f"a {looks} file"
        raise RejectedFile(f"the content is {kind} but the extension is {ext}; rename or remove it")

    rigged, front, extras, resources = False, None, {}, []
    resolver: dict[str, bytes] = {}
    if ext in (".glb", ".gltf"):
        try:
            doc = _gltf_doc(data, ext)
        except RejectedFile:
            raise
        except Exception as exc:  # pygltflib raises many kinds on malformed input
            raise RejectedFile(f"not a valid {ext} file ({type(exc).__name__}: {exc})") from exc
        resources = gltf_resources(doc, path, root)
        for item in list(doc.buffers or []) + list(doc.images or []):
            uri = getattr(item, "uri", None)
            if uri and not uri.startswith("data:"):
                target = (path.parent / Path(*PurePosixPath(unquote(uri)).parts)).resolve()
                if target.is_file():
                    resolver[uri] = target.read_bytes()
        rigged = bool(doc.skins)
        front = "-y"
        extras = _gltf_extras(doc)
    up = (up or DEFAULT_UP[ext]).lower()
    if up not in ("y", "z"):
        raise RejectedFile(f"sidecar 'up' must be 'y' or 'z', got {up!r}")

    try:
        kwargs: dict[str, Any] = {"file_type": ext[1:], "force": "scene"}
        if ext in (".glb", ".gltf"):
            kwargs.update(resolver=resolver, skip_materials=True)
        scene = trimesh.load(io.BytesIO(data), **kwargs)
    except Exception as exc:
        raise RejectedFile(f"cannot parse as {ext} ({type(exc).__name__}: {exc})") from exc

    triangles = 0
    corners = []
    for node in scene.graph.nodes_geometry:
        transform, name = scene.graph[node]
        geom = scene.geometry.get(name)
        vertices = getattr(geom, "vertices", None)
        if vertices is None or len(vertices) == 0:
            continue
        faces = getattr(geom, "faces", None)
        triangles += 0 if faces is None else len(faces)
        pts = np.asarray(vertices, dtype=np.float64) @ transform[:3, :3].T + transform[:3, 3]
        corners.append(pts.min(axis=0))
        corners.append(pts.max(axis=0))
    if not corners or triangles == 0:
        raise RejectedFile("contains no triangles")
    lo = np.min(corners, axis=0)
    hi = np.max(corners, axis=0)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        raise RejectedFile("has non-finite vertex coordinates")
    box = np.array([[lo[0], lo[1], lo[2], 1.0], [hi[0], hi[1], hi[2], 1.0]])
    if up == "y":
        box = box @ Y_TO_Z.T
    if not (isinstance(unit_scale, int | float) and math.isfinite(unit_scale)
            and MIN_UNIT_SCALE <= unit_scale <= MAX_UNIT_SCALE):
        raise RejectedFile(f"sidecar: 'unit_scale' {unit_scale} must be a number from "
                           f"{MIN_UNIT_SCALE:g} to {MAX_UNIT_SCALE:g}")
    lo, hi = box[:, :3].min(axis=0) * unit_scale, box[:, :3].max(axis=0) * unit_scale
    size = tuple(float(v) for v in (hi - lo))
    if min(size) < 0 or max(size) <= 0:
        raise RejectedFile("has a degenerate (zero) size")
    if not all(math.isfinite(v) and v <= MAX_COORDINATE for v in size) or \
            not np.all(np.abs(lo) <= MAX_COORDINATE):
        raise RejectedFile(f"is {max(size):g} m across or lies beyond {MAX_COORDINATE:g} m of "
                           "its origin (check the sidecar's unit_scale)")
    return MeshInfo(size=size, min_corner=tuple(float(v) for v in lo),  # type: ignore[arg-type]
                    triangles=int(triangles), rigged=rigged, front=front, extras=extras,
                    resources=resources)


def read_sidecar(path: Path) -> tuple[dict[str, Any], Path | None]:
    """The optional sidecar JSON of a mesh file: ``chair.glb.json`` or ``chair.json``."""
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate.is_file():
            try:  # bounded: NaN, 5,000-digit integers and deep nests are refused
                value = loads(candidate.read_text(encoding="utf-8"), "")
            except (UnicodeDecodeError, InputError) as exc:
                why = str(exc).removeprefix(": ")
                raise RejectedFile(f"sidecar {candidate.name}: invalid JSON ({why})") from exc
            if not isinstance(value, dict):
                raise RejectedFile(f"sidecar {candidate.name}: must be a JSON object")
            return value, candidate
    return {}, None
