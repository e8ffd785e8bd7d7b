"""Shared by the hostile-input tests (issue 23): a tiny valid World to break one field at a time,
and a snapshot of a folder tree to prove a refused command wrote nothing."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

TINY: dict[str, Any] = {
    "name": "hostile",
    "entities": [
        {"id": "box", "kind": "prop", "semantic_class": "box", "asset": {"size": [1, 1, 1]}},
        {"id": "floor", "kind": "prop", "semantic_class": "floor",
         "asset": {"size": [10.0, 10.0, 0.1]}, "transform": {"location": [0, 0, -0.1]}},
    ],
    "cameras": [{"id": "cam", "transform": {"location": [0.0, -8.0, 0.5],
                                            "rotation": [math.pi / 2, 0.0, 0.0]}}],
    "shots": [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 1,
               "resolution": [32, 24]}],
}


def world(**changes: Any) -> dict[str, Any]:
    """A deep copy of `TINY` with top-level ``changes``."""
    data = copy.deepcopy(TINY)
    data.update(copy.deepcopy(changes))
    return data


def tree(root: Path) -> dict[str, int]:
    """Every file under ``root`` (relative path → size): compared before and after a refused
    command, it proves nothing was written, half-written or left behind."""
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))
            if p.is_file() or p.is_symlink()}
