"""Writing pass images: PNG (8-bit, 16-bit), float EXR, the contact sheet and the clay preview.

PNGs are written with Pillow at zlib level 1: the white-box images are large flat areas that
compress well even at the fastest level, and writing is the biggest cost per frame. Pillow and
zlib add no timestamp, so the same pixels give the same bytes in every run. Pure, no bpy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

PNG_LEVEL = 1


def write_png(path: Path, image: np.ndarray) -> None:
    """uint8 grey (H×W) or RGB (H×W×3), or uint16 grey (H×W) → PNG."""
    if image.dtype == np.uint16:
        im = Image.fromarray(np.ascontiguousarray(image))  # mode "I;16"
    else:
        im = Image.fromarray(np.ascontiguousarray(image, dtype=np.uint8))
    im.save(path, format="PNG", compress_level=PNG_LEVEL)


def read_png(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im)


def write_exr(path: Path, depth: np.ndarray) -> None:
    """Float32 metres in one channel ``Z`` (ZIP compressed, scanlines), as Blender names it."""
    import OpenEXR

    header = {"compression": OpenEXR.ZIP_COMPRESSION, "type": OpenEXR.scanlineimage}
    data = np.ascontiguousarray(depth, dtype=np.float32)
    with OpenEXR.File(header, {"Z": data}) as f:
        f.write(str(path))


def read_exr(path: Path) -> np.ndarray:
    import OpenEXR

    with OpenEXR.File(str(path)) as f:
        return np.array(f.channels()["Z"].pixels, dtype=np.float32)


def contact_sheet(
    rows: list[tuple[int, dict[str, np.ndarray]]], columns: list[str], thumb_width: int = 208
) -> np.ndarray:
    """A grid: one row per frame, one column per pass, thumbnails ``thumb_width`` wide with a
    2 px dark gutter. Each image is an 8-bit grey or RGB frame; 16-bit images are not shown."""
    if not rows or not columns:
        raise ValueError("a contact sheet needs at least one frame and one pass")
    h, w = next(iter(rows[0][1].values())).shape[:2]
    tw = max(1, min(thumb_width, w))
    th = max(1, round(h * tw / w))
    gap = 2
    sheet = np.full((len(rows) * (th + gap) + gap, len(columns) * (tw + gap) + gap, 3), 24,
                    np.uint8)
    for r, (_, images) in enumerate(rows):
        for c, name in enumerate(columns):
            img = images[name]
            if img.ndim == 2:
                img = np.repeat(img[..., None], 3, axis=2)
            thumb = np.asarray(Image.fromarray(img).resize((tw, th), Image.Resampling.BILINEAR))
            y, x = gap + r * (th + gap), gap + c * (tw + gap)
            sheet[y:y + th, x:x + tw] = thumb
    return sheet


class VideoWriter:
    """An H.264 mp4 through imageio-ffmpeg, frame by frame (the clay preview)."""

    def __init__(self, path: Path, fps: float, width: int, height: int) -> None:
        import imageio_ffmpeg

        # yuv420p needs even sizes; pad by repeating the last row/column rather than scaling.
        self.size = (width + width % 2, height + height % 2)
        self._gen = imageio_ffmpeg.write_frames(
            str(path), self.size, fps=fps, codec="libx264", pix_fmt_out="yuv420p",
            quality=7, macro_block_size=1, ffmpeg_log_level="error",
            output_params=["-threads", "1"],
        )
        self._gen.send(None)

    def append(self, frame: np.ndarray) -> None:
        w, h = self.size
        if frame.shape[1] != w or frame.shape[0] != h:
            frame = np.pad(frame, ((0, h - frame.shape[0]), (0, w - frame.shape[1]), (0, 0)),
                           mode="edge")
        self._gen.send(np.ascontiguousarray(frame))

    def close(self) -> None:
        self._gen.close()
