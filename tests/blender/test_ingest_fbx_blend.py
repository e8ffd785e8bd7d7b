"""`previz assets ingest` reads FBX and .blend packs through Blender (`previz.addon.asset_convert`):
each file becomes a GLB the index reads, at its real size; a corrupt one is rejected with
Blender's reason while the index keeps what it had; the user's open file is left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import bpy
import pytest

from previz.addon.cli import main


def _box(name: str, size: tuple[float, float, float]) -> bpy.types.Object:
    bpy.ops.mesh.primitive_cube_add(size=1.0, location=(0.0, 0.0, size[2] / 2))
    obj = bpy.context.object
    obj.name = name
    obj.scale = size
    bpy.ops.object.transform_apply(scale=True)
    return obj


def _make_pack(folder: Path) -> None:
    """A 2 × 1 × 0.5 m crate as FBX and a 0.4 × 0.4 × 0.45 m stool as .blend."""
    folder.mkdir()
    bpy.ops.wm.read_homefile(use_empty=True)
    _box("crate", (2.0, 1.0, 0.5))
    bpy.ops.export_scene.fbx(filepath=str(folder / "crate.fbx"), use_selection=True)
    bpy.ops.wm.read_homefile(use_empty=True)
    _box("stool", (0.4, 0.4, 0.45))
    bpy.ops.wm.save_as_mainfile(filepath=str(folder / "stool.blend"), copy=True)
    bpy.ops.wm.read_homefile(use_empty=True)


def _ingest(folder: Path, index: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["assets", "ingest", str(folder), "--index", str(index), "--json",
                 "--parse-timeout", "0"]) == 0
    return json.loads(capsys.readouterr().out)


def _entries(index: Path) -> dict[str, tuple]:
    import sqlite3

    with sqlite3.connect(index) as conn:
        rows = conn.execute("SELECT f.path, e.id, e.width, e.depth, e.height, e.path "
                            "FROM files f JOIN entries e ON e.id = f.entry_id "
                            "WHERE f.status = 'ok'").fetchall()
    return {Path(r[0]).name: r[1:] for r in rows}


def test_fbx_and_blend_are_ingested_at_size_and_corrupt_ones_rejected(tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.setenv("PREVIZ_EMBEDDER", "hash")
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    pack = tmp_path / "pack"
    _make_pack(pack)
    index = tmp_path / "index.sqlite"

    report = _ingest(pack, index, capsys)
    assert report["added"] == 2 and report["rejected"] == [], report
    first = _entries(index)
    assert set(first) == {"crate.fbx", "stool.blend"}
    _, w, d, h, glb = first["crate.fbx"]
    assert sorted((w, d)) == pytest.approx([1.0, 2.0], abs=1e-3)
    assert h == pytest.approx(0.5, abs=1e-3)
    _, w, d, h, _ = first["stool.blend"]
    assert (w, d, h) == pytest.approx((0.4, 0.4, 0.45), abs=1e-3)
    assert glb.endswith(".glb") and Path(glb).is_file()  # what the bridge imports

    # The user's open file: one object of theirs, one scene; a conversion adds nothing to it.
    bpy.ops.wm.read_homefile(use_empty=True)
    _box("mine", (1.0, 1.0, 1.0))
    before = (sorted(o.name for o in bpy.data.objects), sorted(s.name for s in bpy.data.scenes),
              sorted(m.name for m in bpy.data.meshes))

    # Corrupt files join the pack: a truncated FBX and a .blend that is not one.
    data = (pack / "crate.fbx").read_bytes()
    (pack / "truncated.fbx").write_bytes(data[: len(data) // 3])
    (pack / "noise.blend").write_bytes(b"BLENDER-v404" + bytes(range(256)) * 4)
    report = _ingest(pack, index, capsys)
    rejected = {Path(r["path"]).name: r["reason"] for r in report["rejected"]}
    assert set(rejected) == {"truncated.fbx", "noise.blend"}, report
    assert "FBX" in rejected["truncated.fbx"] and "blend" in rejected["noise.blend"]
    assert report["unchanged"] == 2 and report["added"] == 0
    assert _entries(index) == first  # the index keeps what it had, untouched
    converted = sorted(p.name for p in (tmp_path / "index.sqlite.converted").iterdir())
    assert len(converted) == 2 and all(n.endswith(".glb") and not n.startswith(".")
                                       for n in converted)  # no half-written conversion
    after = (sorted(o.name for o in bpy.data.objects), sorted(s.name for s in bpy.data.scenes),
             sorted(m.name for m in bpy.data.meshes))
    assert after == before

    # `assets rejected` lists them with the reason.
    capsys.readouterr()
    assert main(["assets", "rejected", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "truncated.fbx" in out and "noise.blend" in out


def test_without_blender_fbx_is_rejected_saying_what_to_install(tmp_path, monkeypatch):
    from previz.asset_index import AssetIndex
    from previz.asset_index.embed import HashEmbedder

    pack = tmp_path / "pack"
    _make_pack(pack)
    report = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder()).ingest(
        pack, parse_timeout=0)
    reasons = dict(report.rejected)
    assert report.added == 0 and set(reasons) == {str(pack / "crate.fbx"),
                                                   str(pack / "stool.blend")}
    assert all("need Blender" in r and "previz[blender]" in r for r in reasons.values())


def test_an_fbx_armchair_from_the_users_pack_is_placed_over_the_librarys(tmp_path, capsys,
                                                                          monkeypatch):
    """On the default index (under the data folder, where its converted GLBs live too) the
    converted FBX counts as the user's own asset, not a built-in one."""
    monkeypatch.setenv("PREVIZ_EMBEDDER", "hash")
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    from previz.asset_index import AssetIndex
    from previz.asset_index.paths import default_index_path
    from previz.asset_index.props import variant
    from previz.asset_index.props.select import LibraryProps, library_dir

    lib = LibraryProps(user_packs=False)
    for i in range(3):
        lib.path(variant("armchair", i))
    AssetIndex(default_index_path()).ingest(library_dir(), parse_timeout=0)
    pack = tmp_path / "packs"
    pack.mkdir()
    bpy.ops.wm.read_homefile(use_empty=True)
    _box("armchair", (0.85, 0.85, 0.9))
    bpy.ops.export_scene.fbx(filepath=str(pack / "leather_armchair.fbx"), use_selection=True)
    (pack / "leather_armchair.fbx.json").write_text(json.dumps(
        {"category": "armchair", "name": "leather armchair", "tags": ["leather", "club chair"]}))
    capsys.readouterr()
    assert main(["assets", "ingest", str(pack), "--index", str(default_index_path()), "--json",
                 "--parse-timeout", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == 1

    props = LibraryProps()
    chosen = props.select("armchair", "leather", (0.85, 0.85, 0.9))
    assert chosen.path is not None and chosen.path.endswith(".glb")
    assert Path(chosen.path).parent == Path(str(default_index_path()) + ".converted")
    assert "your asset" in props.notes[-1]
    own = LibraryProps(user_packs=False).select("armchair", "leather", (0.85, 0.85, 0.9))
    assert own.path is not None and own.path.startswith(str(library_dir()))
