"""Asset thumbnails without Blender: the clay drawing shows the shape, and a file is drawn once
and cached under a name that changes when the mesh file changes."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from asset_index_meshes import box_mesh, write_glb

from previz.asset_index.thumbnails import render, thumbnail, thumbnail_path


def test_thumbnail_shows_the_shape() -> None:
    # One square facing the viewer more or less: opaque pixels in the middle, clear corners.
    quad = np.array([[[-1, -1, 0], [1, -1, 0], [1, 1, 0]], [[-1, -1, 0], [1, 1, 0], [-1, 1, 0]]],
                    float)
    img = render(quad, size=32)
    assert img.shape == (32, 32, 4)
    assert img[16, 16, 3] == 255 and img[0, 0, 3] == 0
    assert render(np.zeros((0, 3, 3)), size=8)[..., 3].max() == 0


def test_thumbnail_is_drawn_once_and_redrawn_when_the_file_changes(tmp_path: Path) -> None:
    mesh = write_glb(tmp_path / "crate.glb", box_mesh(1.0, 1.0, 1.0))
    cache = tmp_path / "cache"
    out = thumbnail(cache, "starter/crate 1", mesh)
    assert out.parent == cache / "thumbnails" and out.name.startswith("starter_crate_1-")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    stamp = out.stat().st_mtime_ns
    assert thumbnail(cache, "starter/crate 1", mesh) == out and out.stat().st_mtime_ns == stamp
    st = mesh.stat()
    os.utime(mesh, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert thumbnail_path(cache, "starter/crate 1", mesh) != out
