"""The three-scene screenplay staged once per session (`previz script`, one repair round)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from previz.addon.cli import main

    out = tmp_path_factory.mktemp("script")
    code = main(["-q", "script", str(FIXTURES / "three_scenes.fountain"), "-o", str(out),
                 "--rounds", "1"])
    assert code == 0
    return out
