"""Ingest: formats, metadata sources, corrupt and hostile files, duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygltflib
import pytest
import trimesh
from asset_index_meshes import box_mesh, chair_mesh, write_glb, z_to_y

from previz.asset_index import AssetIndex
from previz.world.errors import InputError


def _gltf_with_external_buffer(folder: Path, name: str, buffer_uri: str,
                               buffer_dir: Path) -> Path:
    """A .gltf whose one buffer lives in a separate .bin referenced by ``buffer_uri``."""
    mesh = z_to_y(box_mesh(1.0, 1.0, 1.0))
    positions = np.asarray(mesh.vertices, dtype=np.float32)
    indices = np.asarray(mesh.faces, dtype=np.uint16).reshape(-1)
    blob = positions.tobytes() + indices.tobytes()
    buffer_dir.mkdir(parents=True, exist_ok=True)
    (buffer_dir / Path(buffer_uri).name).write_bytes(blob)
    doc = pygltflib.GLTF2(
        scene=0, scenes=[pygltflib.Scene(nodes=[0])], nodes=[pygltflib.Node(mesh=0)],
        meshes=[pygltflib.Mesh(primitives=[pygltflib.Primitive(
            attributes=pygltflib.Attributes(POSITION=0), indices=1)])],
        accessors=[
            pygltflib.Accessor(bufferView=0, componentType=pygltflib.FLOAT,
                               count=len(positions), type=pygltflib.VEC3,
                               min=positions.min(axis=0).tolist(),
                               max=positions.max(axis=0).tolist()),
            pygltflib.Accessor(bufferView=1, componentType=pygltflib.UNSIGNED_SHORT,
                               count=len(indices), type=pygltflib.SCALAR)],
        bufferViews=[
            pygltflib.BufferView(buffer=0, byteOffset=0, byteLength=positions.nbytes),
            pygltflib.BufferView(buffer=0, byteOffset=positions.nbytes,
                                 byteLength=indices.nbytes)],
        buffers=[pygltflib.Buffer(uri=buffer_uri, byteLength=len(blob))])
    path = folder / name
    path.write_text(doc.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    write_glb(root / "furniture" / "chairs" / "oak_chair.glb", chair_mesh())
    # OBJ is read as +Y up: write a Y-up table so its height (z) comes out as 0.75
    table = z_to_y(box_mesh(1.6, 0.9, 0.75))
    (root / "furniture" / "tables").mkdir(parents=True)
    (root / "furniture" / "tables" / "dining_table.obj").write_text(
        trimesh.exchange.obj.export_obj(table), encoding="utf-8")
    # STL and PLY are read as +Z up
    (root / "props").mkdir()
    box_mesh(0.6, 0.6, 0.6).export(root / "props" / "crate.stl")
    box_mesh(0.3, 0.3, 1.2).export(root / "props" / "pillar.ply")
    good = (root / "furniture" / "chairs" / "oak_chair.glb").read_bytes()
    (root / "broken").mkdir()
    (root / "broken" / "truncated.glb").write_bytes(good[: len(good) // 2])
    (root / "broken" / "noise.glb").write_bytes(np.random.default_rng(1).bytes(4096))
    (root / "broken" / "noise.stl").write_bytes(np.random.default_rng(2).bytes(999))
    (root / "broken" / "picture.obj").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (root / "broken" / "actually_glb.gltf").write_bytes(good)
    (root / "broken" / "empty.ply").write_bytes(b"")
    _gltf_with_external_buffer(root / "broken", "escape.gltf", "../../secret/escape.bin",
                               root.parent / "secret")
    _gltf_with_external_buffer(root / "broken", "absolute.gltf",
                               str(root.parent / "secret" / "escape.bin"), root.parent / "secret")
    _gltf_with_external_buffer(root / "broken", "remote.gltf", "http://example.com/a.bin",
                               root.parent / "secret")
    (root / "furniture" / "chairs" / "copy_of_chair.glb").write_bytes(good)
    return root


def test_ingest_formats_metadata_rejections_and_duplicates(library: Path, tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "index.sqlite")
    report = index.ingest(library)

    rejected = dict(report.rejected)
    broken = library / "broken"
    assert set(rejected) == {str(broken / n) for n in (
        "truncated.glb", "noise.glb", "noise.stl", "picture.obj", "actually_glb.gltf",
        "empty.ply", "escape.gltf", "absolute.gltf", "remote.gltf")}
    assert "outside the ingested folder" in rejected[str(broken / "escape.gltf")]
    assert "not followed" in rejected[str(broken / "absolute.gltf")]
    assert "not followed" in rejected[str(broken / "remote.gltf")]
    assert "extension" in rejected[str(broken / "picture.obj")]
    assert "GLB" in rejected[str(broken / "actually_glb.gltf")] or \
        ".glb" in rejected[str(broken / "actually_glb.gltf")]
    assert report.duplicates == 1
    assert index.count("asset") == 4

    by_name = {}
    for f in index.files("ok"):
        entry = index.entry(f["entry_id"])
        by_name[Path(f["path"]).name] = entry
    chair = by_name["copy_of_chair.glb"]  # first in sorted order owns the duplicate pair
    assert chair["category"] == "chairs"
    assert {"furniture", "chairs"} <= set(chair["tags"])
    assert chair["width"] == pytest.approx(0.45, abs=1e-4)
    assert chair["height"] == pytest.approx(0.9, abs=1e-4)
    assert chair["front"] == "-y" and chair["support"] == "floor"
    assert chair["triangles"] == 24 and chair["rigged"] is False
    assert chair["footprint"] == pytest.approx(0.45 * 0.45, abs=1e-4)
    assert chair["id"].startswith("a-")

    table = by_name["dining_table.obj"]
    assert (table["width"], table["depth"], table["height"]) == pytest.approx(
        (1.6, 0.9, 0.75), abs=1e-4)
    assert table["front"] is None  # OBJ does not define a front
    crate, pillar = by_name["crate.stl"], by_name["pillar.ply"]
    assert crate["height"] == pytest.approx(0.6, abs=1e-4)
    assert pillar["height"] == pytest.approx(1.2, abs=1e-4)

    files = {Path(f["path"]).name: f for f in index.files()}
    assert files["oak_chair.glb"]["status"] == "duplicate"
    assert files["oak_chair.glb"]["entry_id"] == chair["id"]


def test_external_uri_inside_the_folder_is_read(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    _gltf_with_external_buffer(root, "cube.gltf", "buffers/cube.bin", root / "buffers")
    index = AssetIndex(tmp_path / "i.sqlite")
    report = index.ingest(root)
    assert report.rejected == [] and report.added == 1
    entry = index.entry(index.files("ok")[0]["entry_id"])
    assert entry["height"] == pytest.approx(1.0)
    # a changed buffer changes the asset (it is part of its content and signature)
    bin_path = root / "buffers" / "cube.bin"
    data = bytearray(bin_path.read_bytes())
    data[0:4] = np.float32(-3.0).tobytes()  # move one vertex
    bin_path.write_bytes(bytes(data))
    report = index.ingest(root)
    assert report.updated == 1
    assert index.files("ok")[0]["entry_id"] != entry["id"]


def test_sidecar_and_gltf_extras(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    path = write_glb(root / "thing_01.glb", box_mesh(0.6, 0.05, 0.4))
    (root / "thing_01.json").write_text(json.dumps({
        "name": "Sunset painting", "category": "painting", "tags": ["art", "Landscape"],
        "support": "wall", "description": "an oil painting of a sunset in a gilt frame"}))
    doc = pygltflib.GLTF2().load(str(path))
    doc.scenes[0].extras = {"category": "lamp", "tags": ["brass"], "support": "ceiling"}
    write = tmp_path / "lib" / "sub" / "hanging.glb"
    write.parent.mkdir()
    doc.save(str(write))
    (root / "bad.glb").write_bytes(path.read_bytes() + b"")  # same bytes: a duplicate
    (root / "bad.json").write_text("{not json")
    (root / "odd.glb").write_bytes(write_glb(tmp_path / "odd.glb", box_mesh(1, 1, 1))
                                   .read_bytes())
    (root / "odd.glb.json").write_text(json.dumps({"support": "sky"}))

    index = AssetIndex(tmp_path / "i.sqlite")
    report = index.ingest(root)
    rejected = dict(report.rejected)
    assert "invalid JSON" in rejected[str(root / "bad.glb")]
    assert "'support' must be one of" in rejected[str(root / "odd.glb")]
    ok = {Path(f["path"]).name: index.entry(f["entry_id"]) for f in index.files("ok")}
    painting = ok["thing_01.glb"]
    assert painting["name"] == "Sunset painting" and painting["category"] == "painting"
    assert painting["support"] == "wall"
    assert painting["tags"][:2] == ["art", "landscape"]
    assert painting["description"].startswith("an oil painting")
    lamp = ok["hanging.glb"]
    assert lamp["category"] == "lamp" and lamp["support"] == "ceiling"
    assert "brass" in lamp["tags"] and "sub" in lamp["tags"]


def test_rigged_glb_is_detected(starter_folder: Path, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    for name in ("mannequin.glb", "fish.glb"):
        (root / name).write_bytes((starter_folder / "characters" / name).read_bytes())
    (root / "chair.glb").write_bytes((starter_folder / "furniture" / "chair.glb").read_bytes())
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(root)
    rigged = {Path(f["path"]).name: index.entry(f["entry_id"])["rigged"]
              for f in index.files("ok")}
    assert rigged == {"mannequin.glb": True, "fish.glb": True, "chair.glb": False}


def test_bad_arguments(tmp_path: Path) -> None:
    index = AssetIndex(tmp_path / "i.sqlite")
    with pytest.raises(InputError, match="not a folder"):
        index.ingest(tmp_path / "missing")
    (tmp_path / "dir.sqlite").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        AssetIndex(tmp_path / "dir.sqlite")
    (tmp_path / "notdb.sqlite").write_bytes(b"this is not a database, just some text" * 50)
    with pytest.raises(InputError, match="cannot open"):
        AssetIndex(tmp_path / "notdb.sqlite")


def test_links_and_hidden_files_are_not_followed(tmp_path: Path) -> None:
    outside = write_glb(tmp_path / "outside" / "secret_chair.glb", chair_mesh())
    root = tmp_path / "lib"
    write_glb(root / "chair.glb", box_mesh(0.5, 0.5, 0.9))
    (root / "linked.glb").symlink_to(outside)
    (root / "linked_dir").symlink_to(outside.parent, target_is_directory=True)
    write_glb(root / ".cache" / "hidden.glb", box_mesh(1, 1, 1))
    index = AssetIndex(tmp_path / "i.sqlite")
    report = index.ingest(root)
    assert report.added == 1 and report.rejected == []
    assert [Path(f["path"]).name for f in index.files()] == ["chair.glb"]
