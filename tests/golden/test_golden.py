"""Behaviour pinned across refactors: every example's World hash, its Blender round trip and
its passes folders are byte-identical to the recorded `hashes.json` (see `golden.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import HASHES, compute

pytestmark = [pytest.mark.blender, pytest.mark.slow]


def test_examples_and_their_passes_match_the_golden_hashes(tmp_path: Path) -> None:
    expected = json.loads(HASHES.read_text(encoding="utf-8"))
    got = compute(tmp_path)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name
