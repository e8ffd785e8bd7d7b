"""Canonical JSON, content hash and tolerant comparison of Worlds.

The canonical form is what `previz fmt` prints and `previz export` writes, and what the content
hash is taken over, so caches keyed by the hash are shared between runs and machines:

- keys sorted; optional fields that are null left out; every default written out;
- entities, cameras, lights and shots sorted by id, relations by (type, subject, target, joint):
  their order in a file carries no meaning (joints and keyframes keep their order, which does);
- every float written as the shortest decimal that names the same 32-bit float. Blender stores
  scene data in 32-bit floats, so this is exactly what a scene can hold: a World built into
  Blender and read back has the same canonical JSON and the same hash, and hand-written values
  like 0.1 stay 0.1.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .models import World

_SORTED_BY_ID = ("entities", "cameras", "lights", "shots")


def snap_f32(x: float) -> float:
    """The float64 of the shortest decimal that rounds to the same float32 as ``x``."""
    if x == 0.0:
        return 0.0  # also folds -0.0
    return float(str(np.float32(x)))


#: float → `snap_f32` of it. A World repeats few distinct numbers (the crowd's 253,000 floats
#: are 1,936 values: key frames, zeros, repeated poses), and the float32 round trip through a
#: decimal string was most of what the canonical form cost; equal floats snap alike (0.0 and
#: -0.0 both to 0.0), so the cache gives the same numbers. Emptied when it grows large.
_SNAPPED: dict[float, float] = {}
_SNAPPED_MAX = 1 << 16


def _snap(obj: Any) -> Any:
    kind = type(obj)
    if kind is float:
        out = _SNAPPED.get(obj)
        if out is None:
            if len(_SNAPPED) >= _SNAPPED_MAX:
                _SNAPPED.clear()
            out = _SNAPPED[obj] = snap_f32(obj)
        return out
    if kind is dict:
        return {k: _snap(v) for k, v in obj.items()}
    if kind is list or kind is tuple:
        return [_snap(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _snap(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_snap(v) for v in obj]
    return obj


def canonical_data(world: World) -> dict[str, Any]:
    """The canonical form as plain JSON data."""
    data = world.model_dump(mode="json", exclude_none=True)
    for key in _SORTED_BY_ID:
        data[key] = sorted(data[key], key=lambda item: item["id"])
    data["relations"] = sorted(
        data["relations"],
        key=lambda r: (r["type"], r["subject"], r["target"], r.get("joint", "")),
    )
    return _snap(data)


def canonical_json(world: World, indent: int | None = 2) -> str:
    data = canonical_data(world)
    if indent is None:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if indent == 2:
        return dumps_indented(data) + "\n"
    return json.dumps(data, sort_keys=True, indent=indent, ensure_ascii=False) + "\n"


class _Unusual(Exception):
    """Data `dumps_indented` leaves to `json.dumps` (a key that is not a string, a number that
    is not finite, a type JSON data does not have)."""


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)``, the same text, about
    twice as fast: with an indent the json module encodes in Python, one generator per
    container, and the crowd's 20 MB World took most of a second to write. Here each container
    is one join of its items' texts; anything unusual is left to `json.dumps` itself."""
    breaks = ["\n"]

    def enc(o: Any, depth: int) -> str:
        kind = type(o)
        if kind is str:
            return _encode_str(o)
        if kind is float:
            if not math.isfinite(o):
                raise _Unusual
            return _float_text(o)
        if kind is dict or kind is list:
            if not o:
                return "{}" if kind is dict else "[]"
            while len(breaks) <= depth + 1:
                breaks.append("\n" + "  " * len(breaks))
            inner = breaks[depth + 1]
            if kind is dict:
                if not all(type(k) is str for k in o):
                    raise _Unusual
                body = ("," + inner).join([_encode_str(k) + ": " + enc(v, depth + 1)
                                           for k, v in sorted(o.items())])
                return "{" + inner + body + breaks[depth] + "}"
            body = ("," + inner).join([enc(v, depth + 1) for v in o])
            return "[" + inner + body + breaks[depth] + "]"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if o is None:
            return "null"
        if kind is int:
            return int.__repr__(o)
        raise _Unusual

    try:
        return enc(data, 0)
    except _Unusual:
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


_encode_str = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_float_text = float.__repr__


def content_hash(world: World) -> str:
    """SHA-256 (hex) of the compact canonical JSON."""
    return hashlib.sha256(canonical_json(world, indent=None).encode("utf-8")).hexdigest()


def differences(a: World, b: World, atol: float = 1e-6) -> list[str]:
    """Where two Worlds differ in canonical form, floats compared within ``atol``.

    Empty when they are equal; otherwise ``path: a-value != b-value`` lines, for test messages."""
    out: list[str] = []

    def walk(x: Any, y: Any, path: str) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                if k not in x or k not in y:
                    out.append(f"{path}.{k}: only in {'b' if k not in x else 'a'}")
                else:
                    walk(x[k], y[k], f"{path}.{k}" if path else k)
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                out.append(f"{path}: {len(x)} items != {len(y)} items")
            for i, (u, v) in enumerate(zip(x, y, strict=False)):
                walk(u, v, f"{path}[{i}]")
        elif isinstance(x, float | int) and isinstance(y, float | int) and not (
            isinstance(x, bool) or isinstance(y, bool)
        ):
            if not math.isclose(x, y, rel_tol=0.0, abs_tol=atol):
                out.append(f"{path}: {x!r} != {y!r}")
        elif x != y:
            out.append(f"{path}: {x!r} != {y!r}")

    walk(canonical_data(a), canonical_data(b), "")
    return out
