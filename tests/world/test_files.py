"""The failure contract of `previz.world.files`: a write that fails between writing and renaming
leaves the old file exactly as it was and no temporary file behind; a write that succeeds replaces
the whole file at once with ordinary permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from previz.world import files
from previz.world.files import atomic_path, atomic_write_bytes, atomic_write_text


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing catches it)."""


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("write", [atomic_write_text, atomic_write_bytes])
def test_failure_between_write_and_rename_keeps_the_old_file_atomically(write, tmp_path: Path,
                                                                      monkeypatch) -> None:
    target = tmp_path / "w.json"
    target.write_text("old contents\n", encoding="utf-8")
    seen: list[tuple[str, str]] = []

    def replace_fails(src, dst):  # the new text is fully written by now; the rename fails
        seen.append((Path(src).read_text(encoding="utf-8"), str(dst)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", replace_fails)
    new = "new contents\n" if write is atomic_write_text else b"new contents\n"
    with pytest.raises(OSError, match="No space left"):
        write(target, new)
    assert seen == [("new contents\n", str(target))]  # written to a temporary, renamed over
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert _listing(tmp_path) == ["w.json"]  # no temporary left


def test_a_kill_while_writing_keeps_the_old_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "passes.npz"
    target.write_bytes(b"complete old file")
    with pytest.raises(Killed), atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"half of the n")
        raise Killed()
    assert target.read_bytes() == b"complete old file"
    assert _listing(tmp_path) == ["passes.npz"]


def test_success_replaces_the_whole_file_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "w.json"
    atomic_write_text(target, "first\n")
    atomic_write_text(target, "second, longer\n")
    assert target.read_text(encoding="utf-8") == "second, longer\n"
    assert _listing(target.parent) == ["w.json"]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600
