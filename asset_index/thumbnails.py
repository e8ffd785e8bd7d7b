"""Asset thumbnails: a small clay picture of a mesh file, drawn with trimesh + numpy + Pillow
(no `bpy`: the console's search job draws them on its worker thread, and only loading them
into a `bpy.utils.previews` collection happens in Blender).

An orthographic three-quarter view from the front right, above (glTF axes: +Y up, the asset's
front toward +Z — Blender's −Y); faces are flat-shaded by one directional light and drawn far to
near (painter's algorithm), 2× supersampled, on a transparent background. Cached as
``<cache>/thumbnails/<asset id>-<key>.png`` where the key hashes the file's size and mtime, so an
edited asset gets a new picture and an unchanged one is never drawn twice. Writes are atomic.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from previz.world.files import atomic_path

SIZE = 96
CLAY = np.array([0.78, 0.76, 0.72])
VIEW = np.array([1.0, 0.8, 1.4])  # from the eye toward… reversed: the eye's direction
LIGHT = np.array([0.4, 1.0, 0.7])
MAX_FACES = 40000


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def thumbnail_path(cache: str | Path, asset_id: str, mesh_file: str | Path) -> Path:
    st = Path(mesh_file).stat()
    key = hashlib.sha1(f"{st.st_size}:{st.st_mtime_ns}:{SIZE}".encode()).hexdigest()[:10]
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", asset_id)[:80]
    return Path(cache) / "thumbnails" / f"{safe}-{key}.png"


def load_triangles(mesh_file: str | Path) -> np.ndarray:
    """The file's triangles (n, 3, 3) in its own coordinates, scene graph applied."""
    import trimesh

    loaded = trimesh.load(str(mesh_file), force="mesh", process=False)
    tris = np.asarray(loaded.triangles, dtype=np.float64)
    if len(tris) > MAX_FACES:
        tris = tris[np.linspace(0, len(tris) - 1, MAX_FACES).astype(int)]
    return tris


def render(triangles: np.ndarray, size: int = SIZE) -> np.ndarray:
    """An RGBA uint8 image (size, size, 4) of the triangles."""
    from PIL import Image, ImageDraw

    scale_up = 2
    big = size * scale_up
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    if len(triangles) == 0:
        return np.asarray(img.resize((size, size)))
    eye = _unit(VIEW)
    up = np.array([0.0, 1.0, 0.0])
    right = _unit(np.cross(up, eye))
    true_up = np.cross(eye, right)
    pts = triangles.reshape(-1, 3)
    centre = (pts.min(axis=0) + pts.max(axis=0)) / 2
    p = triangles - centre
    u, v, depth = p @ right, p @ true_up, p @ eye
    extent = max(float(np.abs(u).max()), float(np.abs(v).max()), 1e-6)
    half = big / 2
    px = half + u / extent * half * 0.9
    py = half - v / extent * half * 0.9
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    keep = lengths > 1e-12
    normals[keep] /= lengths[keep, None]
    facing = normals @ eye
    normals[facing < 0] *= -1  # two-sided: meshes from the wild are not always closed
    shade = 0.35 + 0.65 * np.clip(normals @ _unit(LIGHT), 0.0, 1.0)
    order = np.argsort(depth.mean(axis=1), kind="stable")  # far first
    draw = ImageDraw.Draw(img)
    colours = (np.clip(shade[:, None] * CLAY, 0, 1) * 255).astype(int)
    for i in order:
        if not keep[i]:
            continue
        r, g, b = colours[i]
        draw.polygon([(px[i, k], py[i, k]) for k in range(3)], fill=(r, g, b, 255))
    return np.asarray(img.resize((size, size), Image.LANCZOS))


def thumbnail(cache: str | Path, asset_id: str, mesh_file: str | Path) -> Path:
    """The thumbnail of ``mesh_file`` (drawn and cached on first use)."""
    from PIL import Image

    out = thumbnail_path(cache, asset_id, mesh_file)
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    image = render(load_triangles(mesh_file))
    with atomic_path(out) as tmp:
        Image.fromarray(image, "RGBA").save(tmp, format="PNG")
    return out


__all__ = ["SIZE", "load_triangles", "render", "thumbnail", "thumbnail_path"]
