"""Shot and render folders follow the umask (issue 23): they are made as temporary folders and
renamed into place, and ``mkdtemp`` makes 0700 — a render a colleague could not open. With
umask 027 every folder of ``OUT/<shot>`` is 0750 and every file 0640."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from input_cases import world

from previz.addon.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask_027():  # type: ignore[no-untyped-def]
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def _modes(root: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
            for p in [root, *root.rglob("*")]}


def test_a_shot_folder_follows_the_umask(tmp_path, umask_027) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps(world()), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "passes", str(path), "-o", str(out), "--passes", "depth"]) == 0
    assert _modes(out / "s") == {("dir", 0o750), ("file", 0o640)}


@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
@pytest.mark.slow
def test_a_render_folder_follows_the_umask(tmp_path, umask_027) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "neural_render"))
    try:
        from synthetic_passes import make_passes
    finally:
        sys.path.remove(str(ROOT / "tests" / "neural_render"))
    shot = make_passes(tmp_path / "out", shot="s", frames=3)
    assert main(["-q", "render", str(shot), "--backend", "tiny-wan", "--steps", "1",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    assert _modes(shot / "render") == {("dir", 0o750), ("file", 0o640)}


def test_a_render_cache_entry_follows_the_umask(tmp_path, umask_027) -> None:
    """A cached render is a folder made by renaming its temporary: it must not keep
    ``mkdtemp``'s 0700 (another user of a shared cache could not read it)."""
    import numpy as np

    from previz.neural_render.cache import RenderCache

    cache = RenderCache(tmp_path / "cache")
    entry = cache.put("k" * 16, np.zeros((2, 4, 4, 3), np.uint8), {"backend": "test"})
    assert _modes(entry) == {("dir", 0o750), ("file", 0o640)}
    assert not [p for p in entry.parent.iterdir() if p.name.endswith(".tmp")]
