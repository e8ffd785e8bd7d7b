"""Writing a render into ``OUT/<shot>/render/``: PNG frames, an MP4, a side-by-side MP4
(condition | result), the condition snapshot for masked re-render, and ``render.json``.

Everything is written into a temporary sibling folder that replaces ``render/`` only once complete,
so a failed or killed write leaves the previous render as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from .changes import save_snapshot

RENDER_DIR = "render"


def _even(frames: np.ndarray) -> np.ndarray:
    """Pad to even width/height by repeating the edge (H.264 with yuv420p needs even sizes)."""
    h, w = frames.shape[1:3]
    return np.pad(frames, ((0, 0), (0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def write_mp4(path: Path, frames: np.ndarray, fps: float) -> None:
    import imageio.v2 as imageio

    with imageio.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                            pixelformat="yuv420p", macro_block_size=1, quality=8) as writer:
        for f in _even(frames):
            writer.append_data(f)


def write_render(shot_dir: Path, frames: np.ndarray, condition: np.ndarray, first_frame: int,
                 fps: float, info: dict[str, Any], conditions: dict[str, np.ndarray]) -> Path:
    """Write the outputs; returns ``shot_dir/render``."""
    final = shot_dir / RENDER_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".render.", suffix=".tmp", dir=shot_dir))
    try:
        (tmp / "frames").mkdir()
        for i, f in enumerate(frames):
            Image.fromarray(f).save(tmp / "frames" / f"{first_frame + i:04d}.png")
        write_mp4(tmp / "render.mp4", frames, fps)
        write_mp4(tmp / "side_by_side.mp4", np.concatenate([condition, frames], axis=2), fps)
        save_snapshot(tmp / "conditions.npz", conditions)
        (tmp / "render.json").write_text(
            json.dumps(info, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".render.", suffix=".old", dir=shot_dir))
            os.rmdir(old)
            os.rename(final, old)
        os.rename(tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final


def read_previous(shot_dir: Path) -> tuple[dict[str, Any], np.ndarray]:
    """(render.json, frames ``(T, H, W, 3) uint8``) of the existing render of the shot."""
    from previz.world.errors import InputError

    folder = shot_dir / RENDER_DIR
    info_path = folder / "render.json"
    if not info_path.is_file():
        raise InputError(
            f"{info_path}: no previous render to re-render from; render the shot first"
        )
    info = json.loads(info_path.read_text(encoding="utf-8"))
    start, end = info["frame_start"], info["frame_end"]
    frames = []
    for f in range(start, end + 1):
        p = folder / "frames" / f"{f:04d}.png"
        if not p.is_file():
            raise InputError(f"{p}: previous render is incomplete; render the shot in full")
        with Image.open(p) as im:
            frames.append(np.asarray(im.convert("RGB")))
    return info, np.stack(frames)
