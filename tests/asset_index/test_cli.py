"""`previz assets …` on the command line, and the default index in the data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from asset_index_meshes import box_mesh, chair_mesh, write_glb

from previz.addon.cli import main
from previz.asset_index import open_index
from previz.asset_index.paths import data_dir, default_index_path


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write_glb(root / "chairs" / "oak_chair.glb", chair_mesh())
    write_glb(root / "tables" / "dining_table.glb", box_mesh(1.6, 0.9, 0.75))
    (root / "junk.glb").write_bytes(b"not a glb")
    return root


def test_ingest_search_rejected_show(lib: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "i.sqlite")
    assert main(["assets", "ingest", str(lib), "--index", index]) == 0
    out = capsys.readouterr().out
    assert "2 added" in out and "1 rejected" in out and "junk.glb" in out
    assert main(["assets", "ingest", str(lib), "--index", index, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unchanged"] == 3 and report["added"] == 0

    assert main(["assets", "search", "wooden chair", "--index", index, "--size", "0.45x0.45x0.9",
                 "--support", "floor", "--k", "5", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["path"].endswith("oak_chair.glb")
    assert set(hits[0]) >= {"id", "path", "size", "score"}
    assert set(hits[0]["score"]) == {"total", "semantic", "size"}
    assert hits[0]["size"] == pytest.approx([0.45, 0.45, 0.9], abs=1e-4)

    assert main(["assets", "search", "table", "--index", index]) == 0
    assert "dining table" in capsys.readouterr().out

    assert main(["assets", "rejected", "--index", index]) == 0
    assert "junk.glb" in capsys.readouterr().out
    assert main(["assets", "show", hits[0]["id"], "--index", index]) == 0
    assert json.loads(capsys.readouterr().out)["category"] == "chairs"


def test_bad_input_exits_2(lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "i.sqlite")
    assert main(["assets", "ingest", str(tmp_path / "nope"), "--index", index]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["assets", "search", "x", "--size", "big", "--index", index]) == 2
    assert "--size" in capsys.readouterr().err
    assert main(["assets", "search", "x", "--k", "0", "--index", index]) == 2
    assert main(["assets", "search", "x", "--support", "roof", "--index", index]) == 2
    assert main(["assets", "show", "a-missing", "--index", index]) == 2
    assert "no such entry" in capsys.readouterr().err


@pytest.mark.slow
def test_default_index_has_the_starter_library(capsys: pytest.CaptureFixture[str]) -> None:
    """Right after install, with no --index: the starter library is built into the data folder
    (here a temporary one, from PREVIZ_DATA_DIR) and search works."""
    assert not default_index_path().exists()
    assert main(["assets", "search", "boxing ring", "--k", "3", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["name"] == "boxing ring"
    assert Path(hits[0]["path"]).is_relative_to(data_dir())
    assert default_index_path().is_file()
    assert main(["assets", "search", "a person", "--rigged", "--k", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "mannequin"
    index = open_index()
    assert index.count("asset") >= 84
    generation = index.meta("generation")
    open_index()  # already up to date: nothing rebuilt or re-ingested
    assert index.meta("generation") == generation
