"""A file that takes too long to parse is rejected as timed out; it never hangs the ingest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from asset_index_meshes import box_mesh, chair_mesh, write_glb

from previz.addon.cli import main
from previz.asset_index import AssetIndex
from previz.asset_index import index as index_module
from previz.asset_index.embed import HashEmbedder
from previz.world.errors import InputError


@pytest.fixture
def slow_lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A folder with two good files and one whose parse hangs while ``stuck`` exists. The parse
    worker is a fresh interpreter (no monkeypatch reaches it): the hang is the test pause point
    at the start of `parse_file` for that file, set while ``stuck`` exists."""
    root = tmp_path / "lib"
    write_glb(root / "chair.glb", chair_mesh())
    write_glb(root / "crate.glb", box_mesh(0.5, 0.5, 0.5))
    write_glb(root / "hang_forever.glb", box_mesh(1.0, 1.0, 1.0))
    stuck = tmp_path / "stuck"
    stuck.touch()
    monkeypatch.setenv("PREVIZ_TEST_PAUSE_AT", "parse:hang_forever.glb")
    return root, stuck


def test_slow_file_is_rejected_and_retried_with_more_time(tmp_path: Path,
                                                          slow_lib: tuple[Path, Path]) -> None:
    root, stuck = slow_lib
    index = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder())
    report = index.ingest(root, parse_timeout=1.0)
    assert report.added == 2
    assert report.rejected == [(str(root / "hang_forever.glb"), "timed out after 1 s")]
    assert index.search("chair", k=5)[0].path.endswith("chair.glb")
    assert index.files("rejected")[0]["reason"] == "timed out after 1 s"
    # the same limit again: unchanged, not retried (re-ingesting does no work)
    again = index.ingest(root, parse_timeout=1.0)
    assert (again.unchanged, again.added, again.rejected) == (3, 0, [])
    # more time (and the file no longer stuck): read this time
    stuck.unlink()
    os.environ.pop("PREVIZ_TEST_PAUSE_AT")  # the parser is no longer stuck (a new worker)
    more = index.ingest(root, parse_timeout=5.0)
    assert (more.updated, more.unchanged, more.rejected) == (1, 2, [])
    assert index.files("rejected") == []
    assert index.count("asset") == 3


def test_parse_timeout_on_the_command_line(tmp_path: Path, slow_lib: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = slow_lib
    index = str(tmp_path / "i.sqlite")
    assert main(["assets", "ingest", str(root), "--index", index, "--parse-timeout", "1",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 2
    assert report["rejected"] == [{"path": str(root / "hang_forever.glb"),
                                   "reason": "timed out after 1 s"}]
    assert main(["assets", "ingest", str(root), "--index", index, "--parse-timeout",
                 "-1"]) == 2
    assert "--parse-timeout" in capsys.readouterr().err
    with pytest.raises(InputError):
        AssetIndex(index).ingest(root, parse_timeout=float("nan"))


def test_no_limit_parses_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_timeout=0: no worker, the file is read in this process (a spy here sees it)."""
    root = tmp_path / "lib"
    write_glb(root / "crate.glb", box_mesh(0.5, 0.5, 0.5))
    seen = []
    original = index_module.read_mesh
    monkeypatch.setattr(index_module, "read_mesh",
                        lambda path, *a, **k: seen.append(path) or original(path, *a, **k))
    report = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder()).ingest(
        root, parse_timeout=0)
    assert report.added == 1 and seen == [root.resolve() / "crate.glb"]
