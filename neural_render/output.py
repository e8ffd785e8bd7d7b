"""Writing a render into ``OUT/<shot>/render/``: PNG frames, an MP4, a side-by-side MP4
(condition | result), the condition snapshot for masked re-render, and ``render.json``.

Everything is written into a temporary sibling folder that replaces ``render/`` only once complete
(`previz.world.folders.commit_folder`, with ``render.json`` fsynced), so a failed or killed write
leaves the previous render as it was; the output folder ``OUT`` is held
(`previz.world.folders.output_lock`) while it is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from previz.world import folders

from .changes import save_snapshot

RENDER_DIR = "render"
#: x264's preset for render.mp4 and side_by_side.mp4 (`write_mp4`).
X264_PRESET = "veryfast"
#: zlib level of the PNG frames (Pillow's default is 6): the same pixels in half the CPU (a
#: crowd's 832x480 render: 8 ms a frame instead of 17), for files 1.5x the size.
PNG_LEVEL = 1


def _even(frames: np.ndarray) -> np.ndarray:
    """Pad to even width/height by repeating the edge (H.264 with yuv420p needs even sizes)."""
    h, w = frames.shape[1:3]
    return np.pad(frames, ((0, 0), (0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def write_mp4(path: Path, frames: np.ndarray, fps: float, left: np.ndarray | None = None) -> None:
    """H.264 (yuv420p, CRF 10, preset veryfast: 2.3× less CPU than the default preset for the
    same size of file, measured on a crowd's render) through the ffmpeg binary that
    ``imageio-ffmpeg`` ships. ``left``: frames drawn to the left of ``frames`` (the side by
    side). Odd sizes are padded by repeating the edge (`_even`).

    Each frame goes to ffmpeg's stdin as it is assembled, in one buffer reused from frame to
    frame, and ffmpeg's error text to a temporary file: the whole video as one array (the
    side-by-side, its even-sized copy and ``tobytes``: 1.4 GB for a crowd's 192 frames at
    832x480, each page of it faulted in) and ``subprocess.run(input=…)``, which writes 512
    bytes per system call, cost 3.3 s of CPU in this process for that video; imageio's writer
    polls the process with 10 ms sleeps on close."""
    import subprocess
    import tempfile
    from fractions import Fraction

    from imageio_ffmpeg import get_ffmpeg_exe

    h, w = frames.shape[1:3]
    lw = 0 if left is None else left.shape[2]
    eh, ew = h + h % 2, lw + w + (lw + w) % 2
    cmd = [get_ffmpeg_exe(), "-y", "-f", "rawvideo", "-vcodec", "rawvideo", "-s", f"{ew}x{eh}",
           "-pix_fmt", "rgb24", "-r", str(Fraction(fps).limit_denominator()), "-i", "-", "-an",
           "-vcodec", "libx264", "-preset", X264_PRESET, "-pix_fmt", "yuv420p", "-crf", "10",
           "-v", "error", str(path)]
    buf = np.empty((eh, ew, 3), np.uint8)
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=errors)
        try:
            for i in range(len(frames)):
                if left is None and (eh, ew) == (h, w) and frames[i].flags.c_contiguous \
                        and frames.dtype == np.uint8:
                    frame = frames[i]
                else:
                    if left is not None:
                        buf[:h, :lw] = left[i]
                    buf[:h, lw:lw + w] = frames[i]
                    if ew > lw + w:  # as np.pad's "edge": the last column, then the last row
                        buf[:h, -1] = buf[:h, -2]
                    if eh > h:
                        buf[-1] = buf[-2]
                    frame = buf
                proc.stdin.write(memoryview(frame).cast("B"))
            proc.stdin.close()
        except BrokenPipeError:  # ffmpeg stopped reading: its exit code and errors say why
            pass
        finally:
            code = proc.wait()
        if code != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace").strip()
            raise RuntimeError(f"ffmpeg could not write {path}: {text}")


def write_render(shot_dir: Path, frames: np.ndarray, condition: np.ndarray, first_frame: int,
                 fps: float, info: dict[str, Any], conditions: dict[str, np.ndarray]) -> Path:
    """Write the outputs; returns ``shot_dir/render``.

    The files are independent, so they are written concurrently: the two MP4s are encoded by
    ffmpeg subprocesses and PNG/zlib compression releases the GIL, so the wall time is about that
    of the slowest file instead of the sum (this is most of a render's fixed cost at small sizes).
    """
    shot_dir = Path(shot_dir)
    with folders.output_lock(shot_dir.parent):
        return _write_render(shot_dir, frames, condition, first_frame, fps, info, conditions)


def _write_render(shot_dir: Path, frames: np.ndarray, condition: np.ndarray, first_frame: int,
                  fps: float, info: dict[str, Any], conditions: dict[str, np.ndarray]) -> Path:
    from concurrent.futures import ThreadPoolExecutor

    final = shot_dir / RENDER_DIR
    if _same_render(final, info["cache_key"], first_frame, len(frames)):
        # A cache hit over the render already there: its frames and videos are these exact
        # pixels, so only the small files are replaced (each atomically), nothing re-encoded.
        from previz.world.files import atomic_path

        with atomic_path(final / "conditions.npz") as tmp_npz, open(tmp_npz, "wb") as fh:
            save_snapshot(fh, conditions)
        _write_info(final / "render.json", info)
        return final
    tmp = folders.new_folder(shot_dir, RENDER_DIR)
    try:
        (tmp / "frames").mkdir()

        def pngs(indices: range) -> None:
            for i in indices:
                Image.fromarray(frames[i]).save(tmp / "frames" / f"{first_frame + i:04d}.png",
                                                compress_level=PNG_LEVEL)

        half = (len(frames) + 1) // 2
        jobs = [
            (write_mp4, tmp / "render.mp4", frames, fps),
            (write_mp4, tmp / "side_by_side.mp4", frames, fps, condition),
            (pngs, range(0, half)),
            (pngs, range(half, len(frames))),
            (save_snapshot, tmp / "conditions.npz", conditions),
        ]
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            futures = [pool.submit(fn, *a) for fn, *a in jobs]
            (tmp / "render.json").write_text(_info_text(info), encoding="utf-8")
            for fut in futures:
                fut.result()  # re-raises the first failure; the temporary folder is removed
        folders.fsync_file(tmp / "render.json")  # a later run trusts it (cache hits, resume)
        folders.fsync_file(tmp / "conditions.npz")
        folders.commit_folder(tmp, final)
    except BaseException:
        folders.discard_folder(tmp)
        raise
    return final


def _info_text(info: dict[str, Any]) -> str:
    return json.dumps(info, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write_info(path: Path, info: dict[str, Any]) -> None:
    from previz.world.files import atomic_write_text

    atomic_write_text(path, _info_text(info))


def _same_render(folder: Path, key: str, first_frame: int, count: int) -> bool:
    """True when ``folder`` is a complete render with cache key ``key`` (same frames)."""
    try:
        old = json.loads((folder / "render.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(old, dict) or old.get("cache_key") != key:
        return False
    names = ["render.mp4", "side_by_side.mp4", "conditions.npz"]
    names += [f"frames/{first_frame + i:04d}.png" for i in range(count)]
    return all((folder / n).is_file() for n in names)


def has_render(shot_dir: Path) -> bool:
    """True when the shot folder holds a finished render (its ``render.json``, written last) —
    what a masked re-render of the changes starts from."""
    return (shot_dir / RENDER_DIR / "render.json").is_file()


def read_previous(shot_dir: Path) -> tuple[dict[str, Any], np.ndarray]:
    """(render.json, frames ``(T, H, W, 3) uint8``) of the existing render of the shot."""
    from previz.world.errors import InputError

    folder = shot_dir / RENDER_DIR
    info_path = folder / "render.json"
    if not info_path.is_file():
        raise InputError(
            f"{info_path}: no previous render to re-render from; render the shot first"
        )
    from previz.world.limits import MAX_FRAME, loads

    info = loads(info_path.read_text(encoding="utf-8"), str(info_path))
    try:
        start, end = int(info["frame_start"]), int(info["frame_end"])
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{info_path}: no frame range; render the shot in full") from None
    if not -MAX_FRAME <= start <= end <= MAX_FRAME:
        raise InputError(f"{info_path}: frame range {start}-{end} out of bounds")
    frames = []
    for f in range(start, end + 1):
        p = folder / "frames" / f"{f:04d}.png"
        if not p.is_file():
            raise InputError(f"{p}: previous render is incomplete; render the shot in full")
        try:
            with Image.open(p) as im:
                frames.append(np.asarray(im.convert("RGB")))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise InputError(f"{p}: not a readable PNG ({type(exc).__name__}); render the "
                             "shot in full") from None
    return info, np.stack(frames)
