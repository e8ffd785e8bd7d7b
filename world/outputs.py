"""Checks of the places a command will write, made before any work starts.

A render that runs for an hour and then fails because ``-o`` names a folder where a file was
meant, a path under a file, or a read-only place is bad input found too late (exit 1 and a
traceback's last line). These checks say so first, as bad input (exit 2) naming the option.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


def _existing_ancestor(path: Path) -> Path:
    """The nearest part of ``path`` (itself included) that exists."""
    p = path
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _check_parents(path: Path, option: str, shown: str) -> None:
    """The folders leading to ``path`` are folders (or can be made) and are writable."""
    ancestor = _existing_ancestor(path.parent if path.parent != path else path)
    if not ancestor.is_dir():
        raise InputError(f"{option} {shown}: {ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(f"{option} {shown}: cannot write in {ancestor} (permission denied)")


def check_output_file(path: str | Path, option: str) -> Path:
    """``path`` can be written as a file: not an existing folder, under folders (or places
    where folders can be made) that are writable. Returns it as a `Path`."""
    shown = str(path)
    p = Path(path).expanduser()
    if not shown.strip():
        raise InputError(f"{option}: an empty path")
    if p.is_dir():
        raise InputError(f"{option} {shown}: is a folder; give a file name")
    if p.exists() and not os.access(p, os.W_OK):
        raise InputError(f"{option} {shown}: cannot write the file (permission denied)")
    _check_parents(p, option, shown)
    return p


def check_output_folder(path: str | Path, option: str) -> Path:
    """``path`` can hold outputs: an existing writable folder, or a place where one can be
    made. Returns it as a `Path`."""
    shown = str(path)
    p = Path(path).expanduser()
    if not shown.strip():
        raise InputError(f"{option}: an empty path")
    if p.exists() and not p.is_dir():
        raise InputError(f"{option} {shown}: exists and is not a folder")
    if p.is_dir():
        if not os.access(p, os.W_OK | os.X_OK):
            raise InputError(f"{option} {shown}: cannot write in this folder (permission denied)")
        return p
    _check_parents(p, option, shown)
    return p
