"""Which pixels' conditions changed between the previous render and the new passes.

A render keeps a snapshot of the conditions it saw (``render/conditions.npz``: metric depth,
instance segmentation, entity masks and the control passes; the masks as one label volume,
`MASK_LABELS` over `MASK_IDS`, or, from a passes folder whose masks overlap and from renders made
before the labels, one boolean volume per entity, ``mask/<id>``). `change_mask` compares it with the
new passes: a pixel changed when its depth moved more than a tolerance, its instance colour or any
entity's visibility changed, or a control the model sees changed; the result is dilated so the
regenerated region covers soft edges (shadows, motion blur, the VAE's receptive field).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, ImageFilter

from previz.world.errors import InputError

from .passes import Passes

#: Snapshot keys of the entity masks as one label volume: the ids (sorted) and ``(T, H, W)
#: uint16`` labels, 0 where no entity is, ``k + 1`` where ``ids[k]`` is.
MASK_IDS = "mask_ids"
MASK_LABELS = "mask_labels"
#: zlib level of `save_snapshot` (`np.savez_compressed` uses 6).
SNAPSHOT_LEVEL = 1


def snapshot(passes: Passes, controls: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays to store beside a render (keys: ``depth_mm``, ``segmentation``, `MASK_IDS` and
    `MASK_LABELS` — or ``mask/<id>`` when the masks overlap — and ``control/<name>``), each at
    the shot's resolution."""
    out: dict[str, np.ndarray] = {}
    depth = passes.load_depth_mm16()
    if depth is not None:
        out["depth_mm"] = depth
    segmentation = passes.segmentation_frames()
    if segmentation is not None:
        out["segmentation"] = segmentation
    labels = passes.mask_labels()
    if labels is not None:
        out[MASK_IDS] = np.array(labels[0], dtype=np.str_)
        out[MASK_LABELS] = labels[1]
    else:
        for eid, m in passes.load_entity_masks().items():
            out[f"mask/{eid}"] = m
    for name, frames in controls.items():
        out[f"control/{name}"] = frames
    return out


def mask_ids(snap: dict[str, np.ndarray]) -> list[str]:
    """The entities that have a mask in a snapshot (either form), sorted."""
    if MASK_LABELS in snap:
        return sorted(str(i) for i in snap[MASK_IDS].tolist())
    return sorted(k[len("mask/"):] for k in snap if k.startswith("mask/"))


def entity_mask(snap: dict[str, np.ndarray], eid: str) -> np.ndarray | None:
    """``(T, H, W) bool`` where ``eid`` is visible in a snapshot (either form); None when it has
    no mask there."""
    if MASK_LABELS in snap:
        ids = [str(i) for i in snap[MASK_IDS].tolist()]
        return snap[MASK_LABELS] == ids.index(eid) + 1 if eid in ids else None
    return snap.get(f"mask/{eid}")


def save_snapshot(path: Path | BinaryIO, data: dict[str, np.ndarray]) -> None:
    """`np.savez_compressed`'s format (`np.load` reads it), deflated at level 1 rather than 6:
    a crowd's 192 frames at 832x480 (770 MB of arrays, mostly flat) in 1.1 s CPU, not 2.7,
    for a file 1.5x the size (17 MB)."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=SNAPSHOT_LEVEL) as z:
        for key, value in data.items():
            with z.open(f"{key}.npy", "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.asanyarray(value), allow_pickle=False)


def load_snapshot(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path}: unreadable condition snapshot of the previous render ({exc})"
        ) from exc


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """Grow ``(T, H, W) bool`` by ``radius`` pixels (square structuring element), per frame."""
    if radius <= 0:
        return mask.copy()
    size = 2 * radius + 1
    grow = ImageFilter.MaxFilter(size)
    out = [np.asarray(Image.fromarray((m * 255).astype(np.uint8)).filter(grow)) > 0 for m in mask]
    return np.stack(out)


def change_mask(old: dict[str, np.ndarray], new: dict[str, np.ndarray], depth_tol_mm: int = 20,
                control_tol: int = 8, radius: int = 4) -> np.ndarray:
    """``(T, H, W) bool``, True where a condition changed (dilated by ``radius``)."""
    shape = None
    for key, arr in new.items():
        if key != MASK_IDS:  # the one array that is not (T, H, W, ...)
            shape = arr.shape[:3]
            break
    if shape is None:
        raise InputError("no conditions to compare for a masked re-render")
    changed = np.zeros(shape, bool)

    def check_shapes(what: str, a: np.ndarray, b: np.ndarray) -> None:
        if a.shape != b.shape:
            raise InputError(
                f"previous render's {what} has shape {a.shape}, the new passes {b.shape}: the "
                "shot's frames or resolution changed; render it in full"
            )

    def same_shape(key: str) -> bool:
        if key in old:
            check_shapes(repr(key), old[key], new[key])
        return key in old

    if "depth_mm" in new and same_shape("depth_mm"):
        a, b = old["depth_mm"].astype(np.int32), new["depth_mm"].astype(np.int32)
        changed |= np.abs(a - b) > depth_tol_mm
    if "segmentation" in new and same_shape("segmentation"):
        changed |= np.any(old["segmentation"] != new["segmentation"], axis=-1)
    if MASK_LABELS in old and MASK_LABELS in new:
        # One label volume each: an entity's visibility changed at a pixel exactly where the
        # labels (as entity ids) differ, one comparison for every entity.
        same_shape(MASK_LABELS)
        changed |= _relabel(old, new) != new[MASK_LABELS]
    else:
        for eid in sorted({*mask_ids(old), *mask_ids(new)}):
            a, b = entity_mask(old, eid), entity_mask(new, eid)
            if a is not None and b is not None:
                check_shapes(f"mask of {eid!r}", a, b)
            a = np.zeros(shape, bool) if a is None else a
            b = np.zeros(shape, bool) if b is None else b
            changed |= a != b
    for key in (k for k in new if k.startswith("control/")):
        if same_shape(key):
            diff = np.abs(old[key].astype(np.int16) - new[key].astype(np.int16)).max(axis=-1)
            changed |= diff > control_tol
        else:  # a control the previous render did not use: everything may look different
            changed[:] = True
    return dilate(changed, radius)


def _relabel(old: dict[str, np.ndarray], new: dict[str, np.ndarray]) -> np.ndarray:
    """``old``'s mask labels in ``new``'s numbering (an entity ``new`` has no mask for gets a
    label of its own past ``new``'s, so it still differs from every ``new`` label)."""
    old_ids = [str(i) for i in old[MASK_IDS].tolist()]
    new_ids = [str(i) for i in new[MASK_IDS].tolist()]
    if old_ids == new_ids:
        return old[MASK_LABELS]
    extra = [i for i in old_ids if i not in new_ids]
    where = {eid: k + 1 for k, eid in enumerate([*new_ids, *extra])}
    table = np.array([0, *(where[i] for i in old_ids)], np.uint32)
    return table[old[MASK_LABELS]]
