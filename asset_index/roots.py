"""The library folders a World may name files in, besides its own folder
(`previz.world.paths_policy`): Previz's data folder (the starter library), every folder
ingested into the default index (or into the indexes named), and the folders listed in
``$PREVIZ_LIBRARY_PATH`` (separated by ``os.pathsep``)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from previz.world.paths_policy import world_files

from .paths import data_dir, default_index_path

if TYPE_CHECKING:
    from previz.world import World

LIBRARY_PATH_ENV = "PREVIZ_LIBRARY_PATH"


def ingested_roots(index: str | Path) -> list[Path]:
    """The folders ingested into the index file ``index``, read without changing it (read-only;
    a missing file, or one that is not a Previz index, has none)."""
    path = Path(index)
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute("SELECT DISTINCT root FROM files ORDER BY root").fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return [Path(r[0]) for r in rows if isinstance(r[0], str) and r[0]]


def library_roots(indexes: Iterable[str | Path] = ()) -> list[Path]:
    """Every allow-listed library folder, in a stable order without repeats."""
    roots = [data_dir()]
    roots += [Path(p).expanduser() for p in os.environ.get(LIBRARY_PATH_ENV, "").split(os.pathsep)
              if p.strip()]
    for index in (default_index_path(), *indexes):
        roots += ingested_roots(index)
    return list(dict.fromkeys(roots))


def check_world_files(world: World, base: str | Path, indexes: Iterable[str | Path] = ()
                      ) -> dict[tuple[str, str, int], Path]:
    """Every file ``world`` names, checked against `previz.world.paths_policy` with the World's
    folder ``base`` and the `library_roots`; raises `PathRefused` (exit code 2) naming the
    field of the first file outside them."""
    return world_files(world, base, library_roots(indexes))
