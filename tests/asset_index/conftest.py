"""Shared fixtures: every test gets its own data folder (never the real home folder), and the
starter library is built once per session. Mesh helpers live in `asset_index_meshes`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from previz.asset_index import AssetIndex
from previz.asset_index.starter import build_starter


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("previz-data")
    monkeypatch.setenv("PREVIZ_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def starter_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter library with characters, built once per test session."""
    from previz.skills.skeletons import make_skeleton

    folder = tmp_path_factory.mktemp("starter")
    build_starter(folder, {n: make_skeleton(n) for n in ("humanoid", "quadruped", "bird",
                                                          "fish")})
    return folder


@pytest.fixture(scope="session")
def starter_index_file(starter_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("starter-index") / "index.sqlite"
    AssetIndex(path).ingest(starter_folder)
    return path


@pytest.fixture
def starter_index(starter_index_file: Path, tmp_path: Path) -> AssetIndex:
    """A private copy of the ingested starter index (tests may write to it)."""
    path = tmp_path / "index.sqlite"
    shutil.copy(starter_index_file, path)
    return AssetIndex(path)
