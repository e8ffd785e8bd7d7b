"""The bounds every number Previz accepts must stay within, and a JSON reader that keeps to them.

A real production never has a shot of a million frames, a table 1e300 m away or a render of a
billion steps; such values come from a typo, a broken tool or an attacker, and they make the
later stages write files until the disk is full or allocate until the kernel kills the process.
So each edge (a World file, a plan, a manifest, a sidecar, a command-line option) refuses a
number outside these bounds, and any number that is not finite, with a message naming the field,
before any work starts. The bounds are generous: ten times anything a film set needs.

`loads` is the one JSON reader for files a person or a program hands us: NaN and Infinity
are not JSON, a 5,000-digit integer and a 100,000-deep nest are refused with a message (Python's
own reader raises ValueError or RecursionError on them, which would end as a traceback).
"""

from __future__ import annotations

import json
import math
from typing import Any

from .errors import InputError

#: Frame numbers (shots, keys): Blender's own limit is about 1.05 million; 100,000 frames is
#: more than an hour at 24 fps.
MAX_FRAME = 100_000
#: Frames in one shot.
MAX_SHOT_FRAMES = 100_000
#: Metres from the origin for any position, offset or size (100 km).
MAX_COORDINATE = 1e5
#: Any other number in a World (lens, power, kelvin, rotation in radians, …).
MAX_NUMBER = 1e9
#: Denoising steps of a neural render.
MAX_STEPS = 1000
#: Classifier-free guidance and control strength.
MAX_GUIDANCE = 100.0
MAX_CONDITIONING = 10.0
#: Seeds are 31-bit (what every backend accepts).
MAX_SEED = 2**31 - 1
#: Frames per second.
MAX_FPS = 1000.0
#: Pixels per side of a frame.
MAX_RESOLUTION = 8192
#: Items in a World.
MAX_ENTITIES = 20_000
MAX_CAMERAS = 1_000
MAX_LIGHTS = 10_000
MAX_RELATIONS = 100_000
MAX_SHOTS = 1_000
#: Joints of a skeleton (SMPL-X has 55; a chain this long still evaluates without recursion
#: limits).
MAX_JOINTS = 256
MAX_KEYS = 100_000
MAX_REFERENCE_IMAGES = 64
#: Characters of a free-text field (prompts, descriptions) and of a name.
MAX_TEXT = 20_000
MAX_NAME = 1_000
#: Seconds a command may wait on a network request (a model endpoint).
MAX_TIMEOUT_S = 3600.0
#: Nesting of JSON documents we read (a World nests about 8 deep).
MAX_JSON_DEPTH = 64
#: Digits of an integer in JSON (a seed has 10).
MAX_INT_DIGITS = 30
#: Size of a JSON document we read (a World of 20,000 entities is about 20 MB).
MAX_JSON_BYTES = 256 * 1024 * 1024


def _int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > MAX_INT_DIGITS:
        raise _Refused(f"an integer of {len(digits)} digits; at most {MAX_INT_DIGITS}")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:40]} is out of range (not a finite number)")
    return value


def _constant(name: str) -> float:
    raise _Refused(f"{name} is not a number JSON allows")


class _Refused(ValueError):
    pass


def depth(data: Any) -> int:
    """How deeply ``data`` (parsed JSON) nests: 0 for a number, 1 for a flat list or object."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in children if isinstance(c, dict | list))
    return deepest


def loads(text: str | bytes, source: str, max_depth: int = MAX_JSON_DEPTH,
          max_bytes: int = MAX_JSON_BYTES, non_finite: bool = False) -> Any:
    """Parse JSON from ``source`` (a file name, an option) within the bounds above; an
    `InputError` naming ``source`` otherwise: ``source: not valid JSON: …``.

    ``non_finite``: let NaN and ±Infinity through as floats, for a reader whose models refuse
    them naming the field (a World); otherwise they are refused here."""
    if len(text) > max_bytes:
        raise InputError(f"{source}: {len(text)} bytes of JSON; at most {max_bytes}")
    try:
        if non_finite:
            data = json.loads(text, parse_int=_int)
        else:
            data = json.loads(text, parse_int=_int, parse_float=_float,
                              parse_constant=_constant)
    except _Refused as exc:
        raise InputError(f"{source}: not valid JSON: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}") from None
    except RecursionError:
        raise InputError(f"{source}: not valid JSON: nested more than {max_depth} deep") \
            from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{source}: not valid JSON: {exc}") from None
    if depth(data) > max_depth:
        raise InputError(f"{source}: not valid JSON: nested more than {max_depth} deep")
    return data


def check_number(value: float, name: str, low: float, high: float) -> float:
    """``value`` if it is finite and within [low, high]; else an `InputError` naming ``name``
    (an option such as ``--guidance``)."""
    try:
        ok = math.isfinite(value) and low <= value <= high
    except TypeError:
        ok = False
    if not ok:
        raise InputError(f"{name} {value}: must be a number from {low:g} to {high:g}")
    return value


def out_of_range(data: Any, path: str = "", bound: float = MAX_NUMBER) -> str | None:
    """The first finite number in parsed JSON ``data`` beyond ±``bound``, as ``path: message``;
    None when every number is within (NaN and infinities are left to the models, which refuse
    them as "not a finite number")."""
    stack: list[tuple[Any, str]] = [(data, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, int | float):
            # A render seed is 31-bit (above MAX_NUMBER); the Shot model bounds it exactly.
            limit = max(bound, MAX_SEED) if where.endswith(".seed") else bound
            if math.isfinite(item) and abs(item) > limit:  # NaN and inf: the models say
                return f"{where or '(root)'}: {item:g} is out of range (at most {limit:g})"
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k))
                         for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(item))))
    return None
