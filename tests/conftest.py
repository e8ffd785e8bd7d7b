"""Shared fixtures: the example Worlds and a clean Blender scene for bridge tests."""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request: pytest.FixtureRequest) -> Path:
    return request.param


def make_wheel(folder: Path, name: str = "previztiny", body: str = "VALUE = 7\n") -> Path:
    """A minimal valid pure-Python wheel, so pip installs run offline in tests."""
    path = folder / f"{name}-1.0-py3-none-any.whl"
    info = f"{name}-1.0.dist-info"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}/__init__.py", body)
        zf.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\n"
                    "Root-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{info}/RECORD", "")
    return path


@pytest.fixture
def tiny_wheel(tmp_path: Path) -> Callable[..., Path]:
    return lambda name="previztiny": make_wheel(tmp_path, name)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave at once when bpy was loaded: bpy 4.5 as a module can hang in its own teardown at
    interpreter exit (seen after Cycles renders). Every report is written by now; the exit
    status is kept."""
    if "bpy" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(getattr(config, "_previz_exitstatus", 0))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._previz_exitstatus = int(exitstatus)  # type: ignore[attr-defined]
