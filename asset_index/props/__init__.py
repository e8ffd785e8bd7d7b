"""The prop library: ≥250 recognisable categories, three variants each, generated from a table.

`table.ROWS` says what each category is (archetype, group, synonyms, support, semantic class,
parameter ranges); `archetypes` turns parameters into named parts; `gltf` writes them. A
variant's parameters are fixed points of its ranges (variant 0 the middle, 1 the small end,
2 the large end) and its archetype option, so the library is the same bytes on every machine.

Pure numpy: the default planning path places these props with the README's one install, and
writes only the files it uses (`library_file`); `build_library` writes them all (for the index
and the gallery).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..generated import write_generated
from .archetypes import ARCHETYPES, P
from .gltf import glb_bytes
from .mesh import Part
from .table import ROWS, Row

LIBRARY_VERSION = "1"  # bump when the generator's output changes
VARIANTS = 3
FRONT = "-y"
POINTS = (0.5, 0.0, 1.0)  # where in each range variant 0, 1, 2 sit
SIZE_WORDS = ("", "small", "large")

__all__ = ["LIBRARY_VERSION", "ROWS", "Prop", "build_library", "library_files", "lookup",
           "props", "variant"]


@dataclass(frozen=True)
class Prop:
    """One variant of one category, built: its parts placed with the origin at the bottom
    centre of its bounding box (z = 0 the ground)."""

    row: Row
    index: int
    option: str
    params: dict[str, float]
    parts: tuple[Part, ...]

    @property
    def name(self) -> str:
        return f"{self.row.name.replace(' ', '_')}_{self.index + 1}"

    @property
    def rel(self) -> str:
        return f"{self.row.group}/{self.name}.glb"

    @property
    def size(self) -> tuple[float, float, float]:
        lo, hi = self.bounds
        return tuple(float(v) for v in hi - lo)  # type: ignore[return-value]

    @property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        los, his = zip(*(p.bounds() for p in self.parts), strict=True)
        return np.min(los, axis=0), np.max(his, axis=0)

    @property
    def style(self) -> list[str]:
        return [w for w in (SIZE_WORDS[self.index], self.option) if w]

    def extras(self) -> dict:
        w, d, h = self.size
        return {"name": " ".join([*self.style, self.row.name]) if self.style else self.row.name,
                "category": self.row.name, "tags": [*self.row.synonyms, *self.style],
                "support": self.row.support, "front": FRONT,
                "semantic_class": self.row.semantic_class, "group": self.row.group,
                "description": f"{' '.join([*self.style, self.row.name])} "
                               f"({', '.join(self.row.synonyms[:3]) or self.row.group}): "
                               f"{', '.join(sorted({_base(p.name) for p in self.parts}))}",
                "parts": [p.name for p in self.parts], "library": LIBRARY_VERSION,
                "variant": self.index, "size": [round(w, 4), round(d, 4), round(h, 4)],
                "starter": True}

    def glb(self) -> bytes:
        return glb_bytes(list(self.parts), self.extras(), self.name)


def _base(part_name: str) -> str:
    head, _, tail = part_name.rpartition("_")
    return head if tail.isdigit() else part_name


def _params(row: Row, index: int) -> tuple[str, dict[str, float]]:
    _, defaults, options = ARCHETYPES[row.archetype]
    ranges = {**defaults, **row.ranges}
    t = POINTS[index]
    params = {k: float(lo + (hi - lo) * t) for k, (lo, hi) in sorted(ranges.items())}
    opts = row.opts or options
    return opts[index % len(opts)], params


@lru_cache(maxsize=4096)
def variant(name: str, index: int) -> Prop:
    """Variant ``index`` (0–2) of the category ``name``, built and centred."""
    row = ROWS_BY_NAME[name]
    option, params = _params(row, index)
    fn = ARCHETYPES[row.archetype][0]
    parts = fn(P(params, opt=option))
    los, his = zip(*(p.bounds() for p in parts), strict=True)
    lo, hi = np.min(los, axis=0), np.max(his, axis=0)
    shift = (-(lo[0] + hi[0]) / 2, -(lo[1] + hi[1]) / 2, -lo[2])
    placed = tuple(Part(p.name, [m.moved(shift) for m in p.meshes], p.joint) for p in parts)
    return Prop(row, index, option, params, placed)


def props() -> list[Prop]:
    """Every variant of every category, in table order."""
    return [variant(r.name, i) for r in ROWS for i in range(VARIANTS)]


def library_files() -> dict[str, bytes]:
    """Relative path → GLB bytes of the whole library."""
    return {p.rel: p.glb() for p in props()}


def build_library(out: str | Path) -> list[Path]:
    """Write the whole library under ``out`` (unchanged files are not rewritten) with a
    manifest of SHA-256s; files an earlier manifest listed and this build does not make are
    removed."""
    return write_generated(out, dict(sorted(library_files().items())),
                           {"version": LIBRARY_VERSION, "front": FRONT, "categories": len(ROWS)})


ROWS_BY_NAME: dict[str, Row] = {r.name: r for r in ROWS}


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every name and synonym (normalised) → its category; a category's own name wins over
    another's synonym, and the first row declaring a synonym keeps it."""
    out: dict[str, str] = {}
    for r in ROWS:
        for s in r.synonyms:
            out.setdefault(_key(s), r.name)
    for r in ROWS:
        out[_key(r.name)] = r.name
    return out


def lookup(noun: str) -> str | None:
    """The library category a noun names (its name or a synonym, singular or plural), or None."""
    names = _names()
    key = _key(noun)
    for cand in (key, key[:-1] if key.endswith("s") else key,
                 key[:-2] if key.endswith("es") else key):
        if cand in names:
            return names[cand]
    return None
