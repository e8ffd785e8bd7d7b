"""Every starter GLB passes the Khronos glTF validator (npm `gltf-validator`), run with node.

Needs node and `npm ci --prefix tools/gltf_validator` (CI does that); without them this test
fails with that instruction rather than skipping, so a missing setup is never a silent pass."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "gltf_validator"


def _validate(files: list[Path]) -> dict[str, dict]:
    node = shutil.which("node")
    if node is None or not (TOOL / "node_modules" / "gltf-validator").is_dir():
        pytest.fail("the glTF validator is not installed: install node 18+ and run "
                    "`npm ci --prefix tools/gltf_validator`")
    run = subprocess.run([node, str(TOOL / "validate.js"), *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


@pytest.mark.slow
def test_every_starter_glb_passes_the_khronos_validator(starter_folder: Path) -> None:
    files = sorted(starter_folder.rglob("*.glb"))
    assert len(files) >= 84
    reports = _validate(files)
    problems = {f: r for f, r in reports.items() if r["errors"] or r["warnings"]}
    assert problems == {}
    assert len(reports) == len(files)


def test_validator_reports_a_broken_glb(starter_folder: Path, tmp_path: Path) -> None:
    """The harness can fail: a GLB whose accessor bounds are wrong is reported."""
    data = bytearray((starter_folder / "furniture" / "chair.glb").read_bytes())
    marker = b'"max":['
    at = data.index(marker) + len(marker)
    data[at:at + 1] = b"9"  # the POSITION max no longer matches the data
    bad = tmp_path / "bad.glb"
    bad.write_bytes(bytes(data))
    report = _validate([bad])[str(bad)]
    assert report["errors"] > 0
