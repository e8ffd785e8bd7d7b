"""Small mesh files for the asset-index tests, made with trimesh (Blender axes in)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import trimesh


def box_mesh(w: float, d: float, h: float) -> trimesh.Trimesh:
    """A box standing on z = 0 (Blender axes)."""
    mesh = trimesh.creation.box((w, d, h))
    mesh.apply_translation((0, 0, h / 2))
    return mesh


def z_to_y(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Blender axes → glTF/OBJ axes: (x, y, z) → (x, z, −y)."""
    m = mesh.copy()
    m.apply_transform(np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]],
                               dtype=float))
    return m


def chair_mesh(height: float = 0.9) -> trimesh.Trimesh:
    s = height / 0.9
    parts = [box_mesh(0.45 * s, 0.45 * s, 0.45 * s)]
    back = box_mesh(0.45 * s, 0.05 * s, 0.45 * s)
    back.apply_translation((0, 0.2 * s, 0.45 * s))
    parts.append(back)
    return trimesh.util.concatenate(parts)


def write_glb(path: Path, mesh: trimesh.Trimesh) -> Path:
    """A GLB of a Blender-axes mesh (converted to glTF's +Y up)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(trimesh.Scene(z_to_y(mesh)).export(file_type="glb"))
    return path
