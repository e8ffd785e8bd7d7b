"""Keyframe tracks: the animation curves of every parameter in a World.

A parameter is either a static number or a `Curve` of keyframes. Curves follow Blender's
F-curves closely enough that building a World into Blender and evaluating the F-curve there gives
the same value as `sample()` here: constant extrapolation before the first and after the last key,
per-key interpolation (`constant`, `linear`, `bezier`) that governs the segment *after* the key,
and cubic Bézier segments whose handles are stored in (frame, value) space.

Keys with no explicit handles get *automatic* handles from a documented rule (below). The Blender
bridge writes those handles out explicitly, and reading a scene back turns handles that still
match the rule into "automatic" again, so `read(build(w)) == w` holds. Handles a person edited in
Blender's Graph Editor come back as explicit handles and evaluate exactly as Blender draws them.

Automatic handle rule (monotone-preserving, in the spirit of Fritsch–Carlson):

- a handle reaches one third of the way to the neighbouring key in frames;
- the first and last key, and any key that is a local extremum, get flat handles (no overshoot);
- an interior key on a monotone run gets the slope of the secant through its neighbours, limited
  to three times the smaller adjacent secant so the curve never overshoots a key.
"""

from __future__ import annotations

import bisect
import math
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from .limits import MAX_FRAME, MAX_KEYS

Interpolation = Literal["constant", "linear", "bezier"]
Point2 = tuple[float, float]

STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=True)


def _also_accept(handler: GetJsonSchemaHandler, core_schema: Any, short: Any) -> dict:
    """Publish a model's short JSON form beside its object form (``anyOf``), so the schema
    accepts exactly what the model accepts."""
    ref = handler(core_schema)
    definition = handler.resolve_ref_schema(ref)
    full = dict(definition)
    short = short(full) if callable(short) else short
    title, description = full.pop("title", None), full.get("description")
    definition.clear()
    definition.update({"anyOf": [full, short]})
    if title:
        definition["title"] = title
    if description:
        definition["description"] = description
    return ref


class Keyframe(BaseModel):
    """One key: the value at a frame, and how to get from here to the next key.

    Short form in JSON: ``[frame, value]`` or ``[frame, value, "linear"]``.
    """

    model_config = STRICT

    frame: float = Field(ge=-10 * MAX_FRAME, le=10 * MAX_FRAME)
    value: float
    interpolation: Interpolation = "bezier"
    handle_left: Point2 | None = Field(
        default=None, description="Bezier handle before the key, (frame, value); null = automatic"
    )
    handle_right: Point2 | None = Field(
        default=None, description="Bezier handle after the key, (frame, value); null = automatic"
    )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> dict:
        short = {
            "type": "array", "minItems": 2, "maxItems": 3,
            "prefixItems": [
                {"type": "number"}, {"type": "number"},
                {"enum": ["constant", "linear", "bezier"]},
            ],
            "description": "[frame, value] or [frame, value, interpolation]",
        }
        return _also_accept(handler, core_schema, short)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, list | tuple):
            if len(data) not in (2, 3):
                raise ValueError(
                    "a short keyframe is [frame, value] or [frame, value, interpolation]"
                )
            out: dict[str, Any] = {"frame": data[0], "value": data[1]}
            if len(data) == 3:
                out["interpolation"] = data[2]
            return out
        return data


def keys_from_arrays(frames: np.ndarray, values: np.ndarray,
                     interpolation: Interpolation = "linear") -> list[Keyframe]:
    """Keyframes without handles from arrays of frames and values: the same objects as
    ``Keyframe(frame=f, value=v, interpolation=interpolation)`` for each pair, at about half
    the cost. Baking a crowd makes a million keys, and validating them one by one was most of
    what baking cost; here the model's checks (finite numbers, frames within range, a known
    interpolation) run once over the arrays, and arrays that fail them go through the model,
    which raises its usual error."""
    f = np.asarray(frames, dtype=float)
    v = np.asarray(values, dtype=float)
    limit = 10 * MAX_FRAME
    if (interpolation not in ("constant", "linear", "bezier") or f.shape != v.shape
            or f.ndim != 1 or not (np.isfinite(f).all() and np.isfinite(v).all())
            or (len(f) and (f.min() < -limit or f.max() > limit))):
        return [Keyframe(frame=a, value=b, interpolation=interpolation)
                for a, b in zip(f.tolist(), v.tolist(), strict=True)]
    new, put = object.__new__, object.__setattr__
    out = []
    for a, b in zip(f.tolist(), v.tolist(), strict=True):
        key = new(Keyframe)
        put(key, "__dict__", {"frame": a, "value": b, "interpolation": interpolation,
                              "handle_left": None, "handle_right": None})
        put(key, "__pydantic_fields_set__", {"frame", "value", "interpolation"})
        put(key, "__pydantic_extra__", None)
        put(key, "__pydantic_private__", None)
        out.append(key)
    return out


class Curve(BaseModel):
    """An animated parameter: keyframes in strictly increasing frame order."""

    model_config = STRICT

    keys: list[Keyframe] = Field(min_length=1, max_length=MAX_KEYS)
    _frames: tuple[int, int, list[float]] | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        # Compare the keys only: the frame cache below is not part of a curve's value.
        return isinstance(other, Curve) and self.keys == other.keys

    __hash__ = None  # type: ignore[assignment]  # mutable, like every pydantic model

    def frames(self) -> list[float]:
        """The key frames, cached: `sample` bisects them for every evaluation."""
        private = self.__pydantic_private__  # direct: pydantic's __getattr__ is slow here
        keys = self.keys
        cache = private["_frames"]
        if cache is None or cache[0] != id(keys) or cache[1] != len(keys):
            cache = private["_frames"] = (id(keys), len(keys), [k.frame for k in keys])
        return cache[2]

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> dict:
        def short(full: dict) -> dict:
            keys = full["properties"]["keys"]
            return {"type": "array", "minItems": 1, "items": keys["items"],
                    "description": "the keys alone"}

        return _also_accept(handler, core_schema, short)

    @model_validator(mode="before")
    @classmethod
    def _list_form(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"keys": data}
        return data

    @field_validator("keys")
    @classmethod
    def _in_order(cls, keys: list[Keyframe]) -> list[Keyframe]:
        for i in range(1, len(keys)):
            if keys[i].frame <= keys[i - 1].frame:
                raise ValueError(
                    f"keyframes out of order: keys[{i}] (frame {keys[i].frame:g}) does not come "
                    f"after keys[{i - 1}] (frame {keys[i - 1].frame:g})"
                )
        return keys


def _scalar_kind(value: Any) -> str:
    if isinstance(value, dict | list | Curve):
        return "curve"
    return "static"


Scalar = Annotated[
    Annotated[float, Tag("static")] | Annotated[Curve, Tag("curve")],
    Discriminator(_scalar_kind),
]
"""A parameter: a plain number, or a `Curve` (``{"keys": [...]}`` or a bare list of keys)."""

Vec3 = tuple[Scalar, Scalar, Scalar]


# --------------------------------------------------------------------------- evaluation


def values(param: float | Curve) -> list[float]:
    """Every value a parameter takes at its keys (the static value, or each key's value)."""
    if isinstance(param, Curve):
        return [k.value for k in param.keys]
    return [float(param)]


def auto_handles(keys: list[Keyframe], i: int) -> tuple[Point2, Point2]:
    """The automatic (left, right) handles of key ``i`` under the rule in the module docstring."""
    k = keys[i]
    f, v = k.frame, k.value
    n = len(keys)
    if n == 1:
        return (f - 1.0, v), (f + 1.0, v)
    if i == 0:
        dx = (keys[1].frame - f) / 3.0
        return (f - dx, v), (f + dx, v)
    if i == n - 1:
        dx = (f - keys[i - 1].frame) / 3.0
        return (f - dx, v), (f + dx, v)
    p, q = keys[i - 1], keys[i + 1]
    d_prev = (v - p.value) / (f - p.frame)
    d_next = (q.value - v) / (q.frame - f)
    if d_prev * d_next <= 0.0:
        slope = 0.0
    else:
        slope = (q.value - p.value) / (q.frame - p.frame)
        limit = 3.0 * min(abs(d_prev), abs(d_next))
        slope = math.copysign(min(abs(slope), limit), slope)
    dl = (f - p.frame) / 3.0
    dr = (q.frame - f) / 3.0
    return (f - dl, v - slope * dl), (f + dr, v + slope * dr)


def handles(keys: list[Keyframe], i: int) -> tuple[Point2, Point2]:
    """The effective (left, right) handles of key ``i``: explicit where given, else automatic."""
    k = keys[i]
    if k.handle_left is not None and k.handle_right is not None:
        return k.handle_left, k.handle_right
    auto_l, auto_r = auto_handles(keys, i)
    return (k.handle_left or auto_l, k.handle_right or auto_r)


def _corrected(p0: Point2, p1: Point2, p2: Point2, p3: Point2
               ) -> tuple[float, float, float, float, float, float]:
    """(x1, x2, y1, y2, f0, span): the inner control points with the handles kept inside the
    segment and shortened if they overlap, as Blender does (BKE_fcurve_correct_bezpart), so x(t)
    is monotone and the bisection in `_bezier_segment` is well posed."""
    f0, f3 = p0[0], p3[0]
    span = f3 - f0
    h1 = (p1[0] - f0, p1[1] - p0[1])
    h2 = (p2[0] - f3, p2[1] - p3[1])
    len1, len2 = abs(h1[0]), abs(h2[0])
    if len1 + len2 > span > 0.0:
        fac = span / (len1 + len2)
        h1 = (h1[0] * fac, h1[1] * fac)
        h2 = (h2[0] * fac, h2[1] * fac)
    return (f0 + max(h1[0], 0.0), f3 + min(h2[0], 0.0), p0[1] + h1[1], p3[1] + h2[1], f0, span)


def _bezier_segment(p0: Point2, p1: Point2, p2: Point2, p3: Point2, frame: float) -> float:
    """Value of the cubic Bézier p0..p3 at ``frame`` (x is frame, y is value)."""
    x1, x2, y1, y2, f0, span = _corrected(p0, p1, p2, p3)
    f3 = p3[0]

    def bez(a: float, b: float, c: float, d: float, t: float) -> float:
        s = 1.0 - t
        return s * s * s * a + 3.0 * s * s * t * b + 3.0 * s * t * t * c + t * t * t * d

    # Solve x(t) = frame by bisection: x is monotone in t after the correction above.
    lo, hi = 0.0, 1.0
    t = (frame - f0) / span
    for _ in range(60):
        x = bez(f0, x1, x2, f3, t)
        if abs(x - frame) < 1e-12:
            break
        if x < frame:
            lo = t
        else:
            hi = t
        t = 0.5 * (lo + hi)
    return bez(p0[1], y1, y2, p3[1], t)


def sample(param: float | Curve, frame: float) -> float:
    """The value of a parameter at ``frame`` (any real frame, not only whole ones)."""
    if not isinstance(param, Curve):
        return float(param)
    keys = param.keys
    if frame <= keys[0].frame:
        return keys[0].value
    if frame >= keys[-1].frame:
        return keys[-1].value
    i = bisect.bisect_right(param.frames(), frame) - 1
    a, b = keys[i], keys[i + 1]
    if frame == a.frame:
        return a.value
    if a.interpolation == "constant":
        return a.value
    if a.interpolation == "linear":
        t = (frame - a.frame) / (b.frame - a.frame)
        return a.value + t * (b.value - a.value)
    _, right = handles(keys, i)
    left, _ = handles(keys, i + 1)
    return _bezier_segment((a.frame, a.value), right, left, (b.frame, b.value), frame)


def sample3(vec: tuple[float | Curve, float | Curve, float | Curve], frame: float) -> list[float]:
    return [sample(c, frame) for c in vec]



def _bezier_segment_many(p0: Point2, p1: Point2, p2: Point2, p3: Point2,
                         frames: np.ndarray) -> np.ndarray:
    """`_bezier_segment` at many frames of one segment at once: the same handle correction and
    the same bisection, run on arrays (an entry stops where the scalar solve would stop)."""
    x1, x2, y1, y2, f0, span = _corrected(p0, p1, p2, p3)
    f3 = p3[0]

    def bez(a: float, b: float, c: float, d: float, t: np.ndarray) -> np.ndarray:
        s = 1.0 - t
        return s * s * s * a + 3.0 * s * s * t * b + 3.0 * s * t * t * c + t * t * t * d

    lo = np.zeros_like(frames)
    hi = np.ones_like(frames)
    t = (frames - f0) / span
    active = np.ones(frames.shape, bool)
    for _ in range(60):
        x = bez(f0, x1, x2, f3, t)
        active &= ~(np.abs(x - frames) < 1e-12)
        if not active.any():
            break
        below = x < frames
        lo = np.where(active & below, t, lo)
        hi = np.where(active & ~below, t, hi)
        t = np.where(active, 0.5 * (lo + hi), t)
    return bez(p0[1], y1, y2, p3[1], t)


def sample_frames(param: float | Curve, frames: np.ndarray) -> np.ndarray:
    """`sample` at many frames at once, as an array: the same values, computed per key segment
    with numpy instead of per frame in Python (what the supervisor needs to follow a hundred
    skeletons over a long shot)."""
    frames = np.asarray(frames, dtype=float)
    if not isinstance(param, Curve):
        return np.full(frames.shape, float(param))
    keys = param.keys
    out = np.empty(frames.shape)
    kf = np.asarray(param.frames(), dtype=float)
    before = frames <= kf[0]
    after = ~before & (frames >= kf[-1])
    out[before] = keys[0].value
    out[after] = keys[-1].value
    inner = ~(before | after)
    seg = np.searchsorted(kf, frames, side="right") - 1
    kinds = [k.interpolation for k in keys]
    if "bezier" not in kinds[:-1]:
        # Linear and constant segments all at once: the same expressions as frame by frame
        # (a crowd's baked channels are linear, a hundred keys each, and the segment loop
        # below was most of what following their skeletons cost).
        i = seg[inner]
        f = frames[inner]
        kv = np.array([k.value for k in keys])
        a_f, a_v = kf[i], kv[i]
        vals = a_v + (f - a_f) / (kf[i + 1] - a_f) * (kv[i + 1] - a_v)
        if "constant" in kinds:
            const = np.array([k == "constant" for k in kinds])[i]
            vals = np.where(const, a_v, vals)
        out[inner] = np.where(f == a_f, a_v, vals)
        return out
    for i in np.unique(seg[inner]):
        sel = inner & (seg == i)
        a, b = keys[i], keys[i + 1]
        f = frames[sel]
        if a.interpolation == "constant":
            vals = np.full(f.shape, a.value)
        elif a.interpolation == "linear":
            vals = a.value + (f - a.frame) / (b.frame - a.frame) * (b.value - a.value)
        else:
            _, right = handles(keys, int(i))
            left, _ = handles(keys, int(i) + 1)
            vals = _bezier_segment_many((a.frame, a.value), right, left, (b.frame, b.value), f)
        vals = np.where(f == a.frame, a.value, vals)
        out[sel] = vals
    return out


def sample3_frames(vec: tuple[float | Curve, float | Curve, float | Curve],
                   frames: np.ndarray) -> np.ndarray:
    """(F, 3): `sample_frames` of each component."""
    return np.stack([sample_frames(c, frames) for c in vec], axis=-1)
