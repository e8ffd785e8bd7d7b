"""Writing pass images: PNG (8-bit, 16-bit), float EXR, the contact sheet and the clay preview.

PNGs are encoded here (`encode_png`, a few lines over the standard library's zlib) rather than by
Pillow, because writing PNGs was the largest cost per frame and almost all of it was Pillow's
per-row adaptive filter search, which Pillow offers no option to turn off. The white-box images
are large flat areas: the PNG "Up" filter on every row turns them into runs of zeros, which
zlib's run-length strategy compresses 3–4× faster than Pillow at level 1 and to smaller files
(measured in /work/notes/issue-3.md). The files are ordinary PNGs (Pillow, Blender and ffmpeg
read them); there is no timestamp or other varying chunk, so the same pixels give the same bytes
in every run. zlib releases the GIL, so several files can be written by threads. Pure, no bpy.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_FILTER_UP = 2
PNG_LEVEL = 1


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: np.ndarray) -> bytes:
    """uint8 grey (H×W) or RGB (H×W×3), or uint16 grey (H×W) → the bytes of a PNG file:
    8 or 16 bits per sample, no interlace, every row with the "Up" filter (the row minus the row
    above, byte-wise mod 256), one IDAT chunk compressed with zlib's run-length strategy."""
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] != 3):
        raise ValueError(f"expected an H×W or H×W×3 image, got shape {image.shape}")
    if image.dtype == np.uint16:
        if image.ndim != 2:
            raise ValueError("16-bit PNGs are written for grey images only")
        raw, depth = image.astype(">u2"), 16  # PNG samples are big-endian
    elif image.dtype == np.uint8:
        raw, depth = image, 8
    else:
        raise ValueError(f"expected uint8 or uint16 pixels, got {image.dtype}")
    h, w = image.shape[:2]
    rows = np.ascontiguousarray(raw).reshape(h, -1).view(np.uint8)
    filtered = np.empty((h, rows.shape[1] + 1), np.uint8)
    filtered[:, 0] = PNG_FILTER_UP
    filtered[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # uint8 arithmetic wraps mod 256
    packer = zlib.compressobj(PNG_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS, 8, zlib.Z_RLE)
    data = packer.compress(filtered) + packer.flush()
    color_type = 2 if image.ndim == 3 else 0  # truecolour / greyscale
    header = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


class MaskPngs:
    """`encode_png` of the binary masks ``(label == value) · 255`` of one label image, for many
    values at once, byte for byte, in a fraction of the time: the mask pass writes one PNG per
    entity per frame (a hundred for a crowd), and most of each is empty rows.

    A mask's filtered rows (`encode_png`'s "Up" filter) are all zero outside its entity's rows
    and the row after them, so: the rows each value occurs in come from one count over the label
    image; only those rows are compared and filtered; zlib's state after the empty rows above
    them is copied from states kept every `_CHECKPOINT` rows (deflate's output does not depend on
    how its input is split between calls, so a copied state continues exactly as one call over
    the whole image would), and the empty rows below come from a shared buffer of empty rows.
    A value that does not occur gets the one empty mask's bytes."""

    _CHECKPOINT = 16

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._empty_rows = np.zeros((height, width + 1), np.uint8)
        self._empty_rows[:, 0] = PNG_FILTER_UP
        header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        self._head = PNG_SIGNATURE + _chunk(b"IHDR", header)
        self._tail = _chunk(b"IEND", b"")
        # (compressor, its output so far) after 0, 16, 32, ... empty rows
        self._states: list[tuple[Any, bytes]] = []
        packer = zlib.compressobj(PNG_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS, 8, zlib.Z_RLE)
        out = b""
        for row in range(0, height, self._CHECKPOINT):
            self._states.append((packer.copy(), out))
            out += packer.compress(self._empty_rows[row:row + self._CHECKPOINT])
        self._empty = self._png(packer.copy().flush(), out)

    def _png(self, last: bytes, before: bytes) -> bytes:
        return self._head + _chunk(b"IDAT", before + last) + self._tail

    def encode(self, label: np.ndarray, values: list[int]) -> list[bytes]:
        """The PNG bytes of ``(label == v).view(uint8) * 255`` for each ``v`` of ``values``
        (``label``: H×W integers, the encoder's size)."""
        h, w = self.height, self.width
        if label.shape != (h, w):
            raise ValueError(f"expected a {w}x{h} label image, got shape {label.shape}")
        top = int(label.max(initial=0))
        flat = (np.arange(h, dtype=np.int64)[:, None] * (top + 1) + label).ravel()
        # which rows each label value occurs in
        rows_of = np.bincount(flat, minlength=h * (top + 1)).reshape(h, top + 1) > 0
        out = []
        for value in values:
            rows = np.flatnonzero(rows_of[:, value]) if 0 <= value <= top else ()
            if len(rows) == 0:
                out.append(self._empty)
                continue
            r0, r1 = int(rows[0]), int(rows[-1]) + 1  # the rows [r0, r1) hold the mask
            mask = (label[r0:r1] == value).view(np.uint8) * np.uint8(255)
            end = min(h, r1 + 1)  # the row after the mask differs from it too
            band = np.empty((end - r0, w + 1), np.uint8)
            band[:, 0] = PNG_FILTER_UP
            band[0, 1:] = mask[0]  # the row above is empty
            np.subtract(mask[1:], mask[:-1], out=band[1:r1 - r0, 1:])
            if end > r1:
                np.subtract(0, mask[-1], out=band[-1, 1:], dtype=np.uint8)  # wraps mod 256
            packer, before = self._states[r0 // self._CHECKPOINT]
            packer = packer.copy()
            data = packer.compress(self._empty_rows[r0 - r0 % self._CHECKPOINT:r0])
            data += packer.compress(band) + packer.compress(self._empty_rows[end:])
            out.append(self._png(data + packer.flush(), before))
        return out


def write_png(path: Path, image: np.ndarray) -> None:
    """uint8 grey (H×W) or RGB (H×W×3), or uint16 grey (H×W) → PNG (see `encode_png`)."""
    Path(path).write_bytes(encode_png(image))


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
