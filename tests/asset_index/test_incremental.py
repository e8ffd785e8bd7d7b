"""Re-ingest: unchanged files are not read again, changed ones are updated, deleted ones go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from asset_index_meshes import box_mesh, chair_mesh, write_glb

from previz.asset_index import AssetIndex
from previz.asset_index import index as index_module


class _Parsed:
    """The files ingest parses, as the parser saw them (the spy appends to a file)."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def _paths(self) -> list[Path]:
        return [Path(p) for p in self.log.read_text().splitlines()] if self.log.exists() \
            else []

    def __len__(self) -> int:
        return len(self._paths())

    def __eq__(self, other: object) -> bool:
        return self._paths() == other

    def __iter__(self):
        return iter(self._paths())

    def clear(self) -> None:
        self.log.unlink(missing_ok=True)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> _Parsed:
    """Records every file that ingest parses."""
    seen = _Parsed(tmp_path / "parsed.log")
    original = index_module.read_mesh

    def spy(path, *args, **kwargs):
        with seen.log.open("a") as f:
            f.write(f"{path}\n")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(index_module, "read_mesh", spy)
    # The parse worker is a fresh interpreter that no patch reaches: parse here instead.
    monkeypatch.setattr(index_module.parse_worker, "Worker", _HereWorker)
    return seen


class _HereWorker:
    """Stands in for `parse_worker.Worker`, parsing in this process (with the spy)."""

    alive, served = True, 0

    def parse(self, path: Path, root: Path, timeout: float, mesh: Path | None = None) -> dict:
        return index_module.parse_file(path, root, mesh)

    def close(self) -> None:
        pass


def _bump(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_incremental_reingest(tmp_path: Path, counted: _Parsed) -> None:
    root = tmp_path / "lib"
    write_glb(root / "a_chair.glb", chair_mesh())
    write_glb(root / "b_table.glb", box_mesh(1.2, 0.8, 0.75))
    write_glb(root / "c_crate.glb", box_mesh(0.5, 0.5, 0.5))
    index = AssetIndex(tmp_path / "i.sqlite")
    first = index.ingest(root)
    assert (first.added, first.unchanged) == (3, 0)
    assert len(counted) == 3
    generation = index.meta("generation")

    counted.clear()
    again = index.ingest(root)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)
    assert counted == []  # nothing parsed
    assert index.meta("generation") == generation  # nothing written

    # change one file's content, touch another without changing it, delete a third
    old_table = index.files()[1]["entry_id"]
    write_glb(root / "b_table.glb", box_mesh(1.4, 0.8, 0.75))
    _bump(root / "b_table.glb")
    _bump(root / "a_chair.glb")
    (root / "c_crate.glb").unlink()
    counted.clear()
    third = index.ingest(root)
    assert (third.added, third.updated, third.unchanged, third.removed) == (0, 2, 0, 1)
    assert sorted(p.name for p in counted) == ["a_chair.glb", "b_table.glb"]
    assert index.count() == 2
    assert index.entry(old_table) is None  # the old table's entry is gone
    table = index.entry(index.files()[1]["entry_id"])
    assert table["width"] == pytest.approx(1.4, abs=1e-4)
    assert [Path(f["path"]).name for f in index.files()] == ["a_chair.glb", "b_table.glb"]


def test_sidecar_change_is_a_change(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_glb(root / "thing.glb", box_mesh(1, 1, 1))
    index = AssetIndex(tmp_path / "i.sqlite")
    index.ingest(root)
    (root / "thing.json").write_text('{"category": "crate"}')
    assert index.ingest(root).updated == 1
    assert index.entry(index.files()[0]["entry_id"])["category"] == "crate"


def test_duplicate_takes_over_when_owner_is_deleted(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_glb(root / "a.glb", chair_mesh())
    (root / "b.glb").write_bytes((root / "a.glb").read_bytes())
    index = AssetIndex(tmp_path / "i.sqlite")
    assert index.ingest(root).duplicates == 1
    entry_id = index.files("ok")[0]["entry_id"]
    (root / "a.glb").unlink()
    report = index.ingest(root)
    assert report.removed == 1
    entry = index.entry(entry_id)
    assert entry is not None and entry["path"] == str(root / "b.glb")
    assert [f["status"] for f in index.files()] == ["ok"]
    (root / "b.glb").unlink()
    index.ingest(root)
    assert index.entry(entry_id) is None and index.count() == 0


def test_rejected_file_that_gets_fixed(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "x.glb").write_bytes(b"garbage")
    index = AssetIndex(tmp_path / "i.sqlite")
    assert len(index.ingest(root).rejected) == 1
    assert index.count() == 0
    write_glb(root / "x.glb", chair_mesh())
    _bump(root / "x.glb")
    report = index.ingest(root)
    assert report.updated == 1 and report.rejected == []
    assert index.count() == 1 and index.files("rejected") == []
