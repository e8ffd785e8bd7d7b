"""Importing a library glTF prints nothing of its own: Blender's importer writes three INFO lines
per file on stdout whatever its ``loglevel`` says, which buried `make` and `eval` output under
hundreds of lines once props came from the library by default. A broken file still fails."""

from __future__ import annotations

import logging
from pathlib import Path

import bpy
import pytest
import trimesh

from previz.addon.bridge.geometry import import_asset


def test_gltf_import_prints_no_progress_lines(tmp_path: Path, capfd) -> None:
    bpy.ops.wm.read_homefile(use_empty=True)
    path = tmp_path / "box.glb"
    trimesh.creation.box(extents=(1.0, 2.0, 0.5)).export(path)
    capfd.readouterr()
    objs = import_asset(path)
    out, err = capfd.readouterr()
    # glTF is Y-up: its 2 m along Y is Blender's height.
    assert objs and objs[0].dimensions[2] == pytest.approx(2.0, abs=1e-5)
    assert "glTF import" not in out + err and "INFO" not in out + err
    assert logging.getLogger("glTFImporter").disabled is False  # restored for other callers


def test_a_broken_gltf_still_fails(tmp_path: Path) -> None:
    bpy.ops.wm.read_homefile(use_empty=True)
    path = tmp_path / "broken.glb"
    path.write_bytes(b"glTF\x02\x00\x00\x00garbage")
    with pytest.raises(Exception):  # noqa: B017 - whatever the importer raises, it is not silent
        import_asset(path)
    assert logging.getLogger("glTFImporter").disabled is False
