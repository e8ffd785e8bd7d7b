"""Which pixels' conditions changed between the previous render and the new passes.

A render keeps a snapshot of the conditions it saw (``render/conditions.npz``: metric depth,
instance segmentation, entity masks and the control passes). `change_mask` compares it with the
new passes: a pixel changed when its depth moved more than a tolerance, its instance colour or any
entity's visibility changed, or a control the model sees changed; the result is dilated so the
regenerated region covers soft edges (shadows, motion blur, the VAE's receptive field).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from previz.world.errors import InputError

from .passes import Passes


def snapshot(passes: Passes, controls: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays to store beside a render (keys: ``depth_mm``, ``segmentation``, ``mask/<id>``,
    ``control/<name>``), each at the shot's resolution."""
    out: dict[str, np.ndarray] = {}
    depth = passes.load_depth_mm()
    if depth is not None:
        out["depth_mm"] = np.clip(depth, 0, 65535).astype(np.uint16)
    if (passes.root / "passes" / "segmentation").is_dir():
        out["segmentation"] = passes.load_folder("segmentation")
    for eid, m in passes.load_entity_masks().items():
        out[f"mask/{eid}"] = m
    for name, frames in controls.items():
        out[f"control/{name}"] = frames
    return out


def save_snapshot(path: Path, data: dict[str, np.ndarray]) -> None:
    np.savez_compressed(path, **data)


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
    for arr in new.values():
        shape = arr.shape[:3]
        break
    if shape is None:
        raise InputError("no conditions to compare for a masked re-render")
    changed = np.zeros(shape, bool)

    def same_shape(key: str) -> bool:
        if key in old and old[key].shape != new[key].shape:
            raise InputError(
                f"previous render's {key!r} has shape {old[key].shape}, the new passes "
                f"{new[key].shape}: the shot's frames or resolution changed; render it in full"
            )
        return key in old

    if "depth_mm" in new and same_shape("depth_mm"):
        a, b = old["depth_mm"].astype(np.int32), new["depth_mm"].astype(np.int32)
        changed |= np.abs(a - b) > depth_tol_mm
    if "segmentation" in new and same_shape("segmentation"):
        changed |= np.any(old["segmentation"] != new["segmentation"], axis=-1)
    masks = sorted({k for k in (*old, *new) if k.startswith("mask/")})
    for key in masks:
        a = old.get(key)
        b = new.get(key)
        if a is not None and b is not None and a.shape != b.shape:
            same_shape(key)
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
