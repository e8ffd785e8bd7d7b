"""Fixtures of the neural renderer tests (the synthetic passes folders are in
`synthetic_passes`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_passes import make_passes


@pytest.fixture
def passes_factory(tmp_path):
    def factory(**kwargs) -> Path:
        return make_passes(tmp_path / "OUT", **kwargs)

    return factory


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "cache"
