"""The parts a procedural set is made of, and the one entry point that builds a set by name.

A set generator (one module in `previz.skills.sets`) is a pure function of its parameters and a
seed that returns a `SetBuild`: axis-aligned boxes in metres, each with its own semantic class
(``post``, ``rope``, ``court_line``, ``wall``, ``terrain`` …) so segmentation tells them apart,
and a ``role`` that says how the layout, motion and supervisor treat it:

- ``surface``: a flat marking or pavement at most `FLAT` thick on the ground (a court, its lines,
  a road): walked over, never an obstacle;
- ``platform``: a raised top things stand on (a ring's canvas, a stage, steps, a hill's
  columns): solid below its top, walkable on it;
- ``solid``: an obstacle (walls, buildings, posts, trunks);
- ``hanging``: held by another part (``attached_to``: a rope by its posts, a rim by its
  backboard), an obstacle where it is;
- ``water``: a water volume with its surface at its top (a pond); kept clear by the layout.

Why boxes: the proxy renderer, the camera solver and the supervisor all reason with boxes, so a
set made of boxes is rendered, framed and checked as exactly what it is.

Every set module declares ``TERM = declare("set", name, synonyms, params={...})`` and, for each
numeric parameter, its allowed range in ``LIMITS``; `build_set` checks the parameters against
both and raises `previz.world.InputError` naming ``setting.params.<field>``.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from previz.world import InputError

from .vocabulary import declare, term

Role = Literal["surface", "platform", "solid", "hanging", "water"]
FLAT = 0.01  # metres: the thickness of a marking; the supervisor's contact tolerance
MAX_EXTENT = 400.0  # metres: the largest setting a plan may hold (`Setting.size`)


@dataclass(frozen=True)
class Part:
    """One box of a set: ``lo``/``hi`` corners (x, y, z) in the set's frame, origin at the
    centre of its footprint on the ground (z = 0)."""

    name: str
    semantic_class: str
    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    role: Role = "solid"
    attached_to: str | None = None

    @property
    def size(self) -> tuple[float, float, float]:
        return tuple(round(h - lo, 6) for lo, h in zip(self.lo, self.hi, strict=True))  # type: ignore[return-value]

    @property
    def center(self) -> tuple[float, float, float]:
        return tuple(round((h + lo) / 2, 6) for lo, h in zip(self.lo, self.hi, strict=True))  # type: ignore[return-value]

    @property
    def top(self) -> float:
        return self.hi[2]


@dataclass(frozen=True)
class SetBuild:
    """A built set: its parts, the footprint they cover (xmin, ymin, xmax, ymax), whether it is
    an interior, and optional ``path`` (the walkable centreline, e.g. an alley's, as (x, y)
    points) a plan's waypoints may follow."""

    name: str
    parts: tuple[Part, ...]
    indoor: bool = False
    height: float | None = None  # interior ceiling height
    path: tuple[tuple[float, float], ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    stage: tuple[str, ...] = ()  # parts where the action happens (a ring's canvas, an alley's
    # paving): the layout prefers them

    @property
    def footprint(self) -> tuple[float, float, float, float]:
        xs = [p.lo[0] for p in self.parts] + [p.hi[0] for p in self.parts]
        ys = [p.lo[1] for p in self.parts] + [p.hi[1] for p in self.parts]
        return (min(xs), min(ys), max(xs), max(ys))

    def of_class(self, cls: str) -> list[Part]:
        return [p for p in self.parts if p.semantic_class == cls]

    def to_json(self) -> dict[str, Any]:
        """A canonical JSON form (what the determinism test compares across processes)."""
        return {"name": self.name, "indoor": self.indoor, "height": self.height,
                "params": dict(sorted(self.params.items())),
                "path": [list(p) for p in self.path], "stage": list(self.stage),
                "parts": [{"name": p.name, "class": p.semantic_class, "lo": list(p.lo),
                           "hi": list(p.hi), "role": p.role, "attached_to": p.attached_to}
                          for p in self.parts]}


def box(name: str, cls: str, x0: float, y0: float, z0: float, x1: float, y1: float, z1: float,
        role: Role = "solid", attached_to: str | None = None) -> Part:
    """A part from its corners (rounded to the millimetre, so output is stable text)."""
    r = _r
    return Part(name, cls, (r(min(x0, x1)), r(min(y0, y1)), r(min(z0, z1))),
                (r(max(x0, x1)), r(max(y0, y1)), r(max(z0, z1))), role, attached_to)


def centred(name: str, cls: str, cx: float, cy: float, z0: float, w: float, d: float, h: float,
            role: Role = "solid", attached_to: str | None = None) -> Part:
    """A part of size (w, d, h) with its footprint centred on (cx, cy), bottom at ``z0``."""
    return box(name, cls, cx - w / 2, cy - d / 2, z0, cx + w / 2, cy + d / 2, z0 + h, role,
               attached_to)


def _r(v: float) -> float:
    out = round(float(v), 4)
    return 0.0 if out == 0.0 else out  # no -0.0 in the output


def set_module(name: str) -> Any:
    """The module that generates set ``name`` (KeyError naming the known sets otherwise)."""
    term("set", name)  # raises KeyError with the known names
    return importlib.import_module(f"previz.skills.sets.{name}")


def checked_params(name: str, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The set's declared defaults overridden by ``params``, each checked: a declared name, the
    default's type, inside the module's ``LIMITS`` — an `InputError` naming the field if not."""
    declared = dict(term("set", name).params)
    limits: Mapping[str, tuple[float, float]] = getattr(set_module(name), "LIMITS", {})
    out = dict(declared)
    for key, value in (params or {}).items():
        where = f"setting.params.{key}"
        if key not in declared:
            raise InputError(f"{where}: {name} takes no parameter {key!r} (it takes: "
                             f"{', '.join(sorted(declared)) or 'none'})")
        default = declared[key]
        if isinstance(default, bool) != isinstance(value, bool) or (
                isinstance(default, (int, float)) and not isinstance(value, (int, float))) or (
                isinstance(default, str) and not isinstance(value, str)):
            raise InputError(f"{where}: expected {type(default).__name__}, got {value!r}")
        if isinstance(default, int) and not isinstance(default, bool) and \
                float(value) != int(value):
            raise InputError(f"{where}: expected a whole number, got {value!r}")
        out[key] = int(value) if isinstance(default, int) and not isinstance(default, bool) \
            else value
    for key, (lo, hi) in limits.items():
        v = out[key]
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) \
                or not lo <= v <= hi:
            raise InputError(f"setting.params.{key}: {v!r} is out of range for {name} "
                             f"({lo:g} to {hi:g})")
    return out


def build_set(name: str, params: Mapping[str, Any] | None = None, seed: int = 0) -> SetBuild:
    """Build set ``name`` with ``params`` (checked, see `checked_params`) and ``seed``.

    Unknown set: `InputError` naming ``setting.set``. The result is a pure function of the
    arguments (no hash order, no clock), so it is byte-identical run to run."""
    try:
        module = set_module(name)
    except KeyError as exc:
        raise InputError(f"setting.set: {exc.args[0]}") from None
    values = checked_params(name, params)
    generate: Callable[[dict[str, Any], int], SetBuild] = module.build
    built = generate(values, int(seed))
    x0, y0, x1, y1 = built.footprint
    if max(x1 - x0, y1 - y0) > MAX_EXTENT:
        raise InputError(f"setting.params: {name} would be {max(x1 - x0, y1 - y0):.0f} m "
                         f"across; at most {MAX_EXTENT:g} m")
    return SetBuild(built.name, built.parts, built.indoor, built.height, built.path, values,
                    built.stage)


def overlap_depth(a: Part, b: Part) -> float:
    """How far two parts interpenetrate (the smallest axis overlap; 0 when they only touch)."""
    d = min(min(a.hi[i], b.hi[i]) - max(a.lo[i], b.lo[i]) for i in range(3))
    return max(0.0, d)


INTERIOR_LIMITS = {"width": (2.0, 100.0), "depth": (2.0, 100.0), "height": (2.0, 30.0),
                   "windows": (0, 12)}
"""The ranges every interior's size parameters share (a 10 km room is refused)."""

Fitting = tuple[str, str, float, float, float, float, float, float, str]
"""(name, class, x0, y0, z0, x1, y1, z1, role) in fractions of the room: x, y in [-0.5, 0.5]
of width and depth, z in metres (fixed fittings: a counter, a blackboard, shelving)."""


def declare_interior(name: str, synonyms: tuple[str, ...], params: Mapping[str, Any],
                     fittings: tuple[Fitting, ...] = ()) -> tuple[Any, Callable[..., SetBuild]]:
    """Declare interior ``name`` in the ``set`` vocabulary and return its term and generator:
    an interior module is its words, its default size and its fittings, nothing else."""
    what = "ceiling, windows, fittings" if fittings else "ceiling, windows"
    term_ = declare("set", name, synonyms, params=params,
                    description=f"{name.replace('_', ' ')}: {what}")

    def build(p: dict[str, Any], seed: int) -> SetBuild:
        del seed  # an interior has nothing to vary
        return interior(name, p, fittings)

    return term_, build


def interior(name: str, p: Mapping[str, Any], fittings: tuple[Fitting, ...] = ()) -> SetBuild:
    """An interior of ``width`` × ``depth`` × ``height``: a 0.1 m ceiling (held by the room's walls,
    which the setting's room entity draws) and ``windows`` spread along the north and east
    walls, inside faces flush with the walls, plus the room's fixed fittings."""
    w, d, h = float(p["width"]), float(p["depth"]), float(p["height"])
    x, y = w / 2, d / 2
    # The ceiling's underside is the room's height minus its slab: inside the room, so the
    # room's bounds hold it.
    parts = [box("ceiling", "ceiling", -x, -y, h - 0.1, x, y, h, "hanging", "room")]
    fixed = [box(fname, cls, fx0 * w, fy0 * d, z0, fx1 * w, fy1 * d, min(z1, h - 0.1), role,
                 "room" if z0 > 0 else None)  # type: ignore[arg-type]
             for fname, cls, fx0, fy0, z0, fx1, fy1, z1, role in fittings]
    n = int(p.get("windows", 0))
    north = (n + 1) // 2
    spots = [("north", k, -x + (k + 1) * w / (north + 1), y) for k in range(north)]
    spots += [("east", k, x, -y + (k + 1) * d / (n - north + 1)) for k in range(n - north)]
    for wall, k, cx, cy in spots:
        if wall == "north":
            lo, hi = (cx - 0.6, y - 0.05), (cx + 0.6, y)
        else:
            lo, hi = (x - 0.05, cy - 0.6), (x, cy + 0.6)
        # The sill clears any fitting below the window (a counter, shelves).
        under = [f.top for f in fixed if f.lo[0] < hi[0] and lo[0] < f.hi[0]
                 and f.lo[1] < hi[1] and lo[1] < f.hi[1]]
        sill = max([0.9, *(t + 0.05 for t in under)])
        top = min(2.2, h - 0.15)
        if top - sill >= 0.4:
            parts.append(box(f"window-{wall}-{k + 1}", "window", lo[0], lo[1], sill, hi[0],
                             hi[1], top, "hanging", "room"))
    return SetBuild(name, tuple(parts + fixed), indoor=True, height=h)
