"""World parameters ⇄ Blender properties and F-curves.

A static parameter becomes the property's value; a `Curve` becomes an F-curve whose keys carry
the same frames, values, interpolation and Bézier handles. Handles are written explicitly
(type FREE) so Blender evaluates exactly the curve `previz.world.tracks.sample` evaluates; on
reading, handles that still equal the automatic rule become automatic again.

Keys are written in bulk (``keyframe_points.add`` + ``foreach_set``): a crowd has millions.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from previz.world.canonical import snap_f32
from previz.world.errors import InputError
from previz.world.tracks import Curve, Keyframe, auto_handles

try:  # Blender 4.4+: layered actions with slots
    from bpy_extras.anim_utils import action_get_channelbag_for_slot
except ImportError:  # pragma: no cover - Blender 4.2/4.3
    action_get_channelbag_for_slot = None

_INTERP = ("constant", "linear", "bezier")


def _enum_value(struct: Any, prop: str, item: str) -> int:
    return struct.bl_rna.properties[prop].enum_items[item].value


def _find_fcurve(id_block: Any, data_path: str, index: int) -> Any | None:
    anim = getattr(id_block, "animation_data", None)
    if anim is None or anim.action is None:
        return None
    if action_get_channelbag_for_slot is not None:
        bag = action_get_channelbag_for_slot(anim.action, anim.action_slot)
        return None if bag is None else bag.fcurves.find(data_path, index=index)
    return anim.action.fcurves.find(data_path, index=index)


def write_param(
    id_block: Any, owner: Any, prop: str, param: float | Curve, index: int = -1,
    data_path: str | None = None,
) -> None:
    """Set ``owner.prop`` (``[index]`` for vectors) to a static value or key it with ``param``.

    ``id_block`` holds the animation (the Object, Camera or Light data); ``owner`` is the struct
    with the property (the id itself, a pose bone, ``camera.dof``); ``data_path`` is the path of
    the property from ``id_block`` (defaults to ``prop``)."""
    if not isinstance(param, Curve):
        _set(owner, prop, index, float(param))
        return
    keys = param.keys
    _set(owner, prop, index, keys[0].value)
    # One keyframe_insert creates the action, slot, channel group and F-curve the way Blender's
    # own UI does, in every supported version; the rest of the keys go in as one bulk write.
    owner.keyframe_insert(prop, index=index, frame=keys[0].frame)
    fc = _find_fcurve(id_block, data_path or prop, max(index, 0))
    if fc is None:
        raise RuntimeError(f"could not create the F-curve {data_path or prop}[{index}]")
    points = fc.keyframe_points
    if len(keys) > 1:
        points.add(len(keys) - 1)
    n = len(keys)
    co = np.empty((n, 2))
    left = np.empty((n, 2))
    right = np.empty((n, 2))
    for i, k in enumerate(keys):
        hl, hr = auto_handles(keys, i)
        co[i] = (k.frame, k.value)
        left[i] = k.handle_left or hl
        right[i] = k.handle_right or hr
    sample = points[0]
    interp = np.array([_enum_value(sample, "interpolation", k.interpolation.upper()) for k in keys])
    free = _enum_value(sample, "handle_left_type", "FREE")
    points.foreach_set("co", co.ravel())
    points.foreach_set("interpolation", interp)
    points.foreach_set("handle_left_type", np.full(n, free))
    points.foreach_set("handle_right_type", np.full(n, free))
    points.foreach_set("handle_left", left.ravel())
    points.foreach_set("handle_right", right.ravel())
    fc.update()


def _set(owner: Any, prop: str, index: int, value: float) -> None:
    if index < 0:
        setattr(owner, prop, value)
    else:
        getattr(owner, prop)[index] = value


def read_param(
    id_block: Any, owner: Any, prop: str, index: int = -1, data_path: str | None = None,
    where: str = "",
) -> float | Curve:
    """The World parameter for ``owner.prop[index]``: its F-curve if keyed, else its value."""
    fc = _find_fcurve(id_block, data_path or prop, max(index, 0))
    if fc is None or len(fc.keyframe_points) == 0 or fc.mute:
        value = getattr(owner, prop) if index < 0 else getattr(owner, prop)[index]
        return snap_f32(float(value))
    if fc.modifiers:
        raise InputError(
            f"{where or prop}: the F-curve has modifiers ({fc.modifiers[0].type.lower()}); "
            "Previz stores keyframes only — apply or remove the modifier"
        )
    points = fc.keyframe_points
    n = len(points)
    co = np.empty(n * 2, dtype=np.float32)
    left = np.empty(n * 2, dtype=np.float32)
    right = np.empty(n * 2, dtype=np.float32)
    points.foreach_get("co", co)
    points.foreach_get("handle_left", left)
    points.foreach_get("handle_right", right)
    keys: list[Keyframe] = []
    for i, p in enumerate(points):
        interp = p.interpolation.lower()
        if interp not in _INTERP:
            raise InputError(
                f"{where or prop}: key at frame {co[2 * i]:g} uses {p.interpolation.lower()} "
                "interpolation; Previz supports constant, linear and bezier"
            )
        keys.append(Keyframe(frame=snap_f32(co[2 * i]), value=snap_f32(co[2 * i + 1]),
                             interpolation=interp))
    for i, k in enumerate(keys):
        auto_l, auto_r = auto_handles(keys, i)
        hl = (snap_f32(left[2 * i]), snap_f32(left[2 * i + 1]))
        hr = (snap_f32(right[2 * i]), snap_f32(right[2 * i + 1]))
        if not _close(hl, auto_l) or not _close(hr, auto_r):
            k.handle_left, k.handle_right = hl, hr
    return Curve(keys=keys)


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(abs(x - y) <= 1e-5 * max(1.0, abs(y)) for x, y in zip(a, b, strict=True))


def has_animation(id_block: Any) -> bool:
    anim = getattr(id_block, "animation_data", None)
    return anim is not None and anim.action is not None

