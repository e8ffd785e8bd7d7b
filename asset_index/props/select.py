"""Choosing a library prop for a noun, a style and a size — the agents' default asset source.

`LibraryProps.select` has the shape of `previz.agents.interfaces.AssetSelector`. It needs only
numpy (the README's one install): the noun is looked up in the category table (names and
synonyms), the variant is the one whose style words the style names, else the nearest in size,
and only that variant's GLB is written, once, under ``<data>/assets/library/v<version>/``.

The user's own packs win when they match better: when the default index holds files the user
ingested (`previz assets ingest DIR`), the index is searched too (that needs the ``assets``
extra, which ingest needed anyway) and a user asset of the same category that ranks above
every built-in one is used instead.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from pathlib import Path
from typing import Any

from previz.world import AssetRef
from previz.world.files import atomic_write_bytes

from ..paths import data_dir, default_index_path
from . import LIBRARY_VERSION, VARIANTS, Prop, lookup, variant


def library_dir() -> Path:
    """Where the library's GLB files are written (one folder per generator version)."""
    return data_dir() / "assets" / "library" / f"v{LIBRARY_VERSION}"


def _size_error(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """How far two sizes are apart: the summed squared log ratios of their dimensions (the
    footprint compared sorted, so a thing turned on the spot is the same size)."""
    fa, fb = sorted(a[:2]), sorted(b[:2])
    pairs = [(fa[0], fb[0]), (fa[1], fb[1]), (a[2], b[2])]
    return sum(math.log(max(x, 1e-3) / max(y, 1e-3)) ** 2 for x, y in pairs)


def _builtin(path: str | Path, index: Any) -> bool:
    """A built-in asset (the library's or the starter's, under the data folder's ``assets``),
    not one of the user's: the GLBs converted from their FBX and .blend files live there too,
    beside the index, and are theirs."""
    p = str(Path(path).resolve())
    converted = str(Path(index.converted_dir).resolve())
    return p.startswith(str((data_dir() / "assets").resolve())) and not p.startswith(converted)


class LibraryProps:
    """Props from the built-in library (and the user's ingested packs) by noun, style, size.

    ``notes`` records what was chosen where a reader would ask (a user asset over the library,
    a noun the library does not know)."""

    def __init__(self, folder: Path | None = None, user_packs: bool = True) -> None:
        self.folder = folder
        self.user_packs = user_packs
        self.notes: list[str] = []
        self._index: Any = None
        self._index_checked = False

    def known(self, noun: str) -> bool:
        return lookup(noun) is not None

    def choose(self, noun: str, style: str = "",
               size: tuple[float, float, float] | None = None) -> Prop | None:
        """The variant for a noun (None when the library does not know it)."""
        name = lookup(noun)
        if name is None:
            return None
        candidates = [variant(name, i) for i in range(VARIANTS)]
        words = set(style.lower().replace(",", " ").split())

        def rank(p: Prop) -> tuple[float, float, int]:
            styled = -sum(1 for w in " ".join(p.style).split() if w in words)
            return (styled, _size_error(p.size, size) if size else 0.0, p.index)

        return min(candidates, key=rank)

    def path(self, prop: Prop) -> tuple[Path, bytes]:
        """The variant's file, written when missing or different (atomic)."""
        folder = self.folder or library_dir()
        path = folder / prop.rel
        data = prop.glb()
        if not (path.is_file() and path.stat().st_size == len(data)
                and path.read_bytes() == data):
            atomic_write_bytes(path, data)
        return path, data

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        noun = category.replace("_", " ")
        user = self._user_asset(noun, style, size)
        if user is not None:
            return user
        prop = self.choose(noun, style, size)
        if prop is None:
            self.notes.append(f"no {noun!r} in the asset library: a proxy box named after it")
            return AssetRef(size=tuple(float(v) for v in size))  # type: ignore[arg-type]
        path, data = self.path(prop)
        return AssetRef(id="a-" + hashlib.sha256(data).hexdigest()[:20], path=str(path),
                        size=tuple(round(max(v, 1e-3), 4) for v in prop.size))  # type: ignore[arg-type]

    # the user's packs ----------------------------------------------------------------------

    def _open_index(self) -> Any:
        """The default index when it holds files the user ingested, else None (checked once;
        a plain SQLite query, so nothing heavy is imported when there are none)."""
        if self._index_checked:
            return self._index
        self._index_checked = True
        path = default_index_path()
        if not self.user_packs or not path.is_file():
            return None
        ours = str((data_dir() / "assets").resolve())
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                roots = [r[0] for r in conn.execute(
                    "SELECT DISTINCT root FROM files WHERE status='ok'")]
        except sqlite3.Error:
            return None
        if not any(not str(r).startswith(ours) for r in roots):
            return None
        try:
            from ..index import AssetIndex

            self._index = AssetIndex(path)
        except (ImportError, ValueError) as exc:
            self.notes.append(f"your ingested packs were not searched ({exc}); install "
                              "previz[assets] to use them")
        return self._index

    def _user_asset(self, noun: str, style: str,
                    size: tuple[float, float, float]) -> AssetRef | None:
        index = self._open_index()
        if index is None:
            return None
        from ..refs import to_asset_ref

        name = lookup(noun)
        hits = index.search(f"{style} {noun}".strip(), k=10,
                            size=tuple(float(v) for v in size))
        best_builtin = max((h.score["total"] for h in hits
                            if h.path and _builtin(h.path, index)), default=-math.inf)
        for h in hits:
            if h.kind != "asset" or not h.path or _builtin(h.path, index):
                continue
            same = (name is not None and name in (lookup(h.category), lookup(h.name))) or \
                h.category == noun or (name is None and h.score["semantic"] >= 0.6)
            if same and h.score["total"] >= best_builtin:
                self.notes.append(f"{noun}: your asset {h.path} (scores "
                                  f"{h.score['total']:.3f} ≥ the library's {best_builtin:.3f})")
                return to_asset_ref(h)
        return None
