"""Reading one shot's passes folder (written by `previz.addon.passes`; the format, pass names and
control → folder map are `previz.world.passes_contract`).

The folder is ``OUT/<shot>/`` with ``manifest.json`` (written last: its presence means the folder is
complete) and ``passes/<pass>/<frame:04d>.png``. This module checks the manifest, maps control
names to pass folders, loads frames as ``uint8`` arrays and hashes the files the render depends on,
so the cache key changes exactly when an input the model sees changes. No torch here.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from previz.world.errors import InputError
from previz.world.limits import MAX_FPS, MAX_FRAME, MAX_RESOLUTION, MAX_SHOT_FRAMES, loads
from previz.world.passes_contract import (
    CONTROL_FOLDERS,
    DEPTH,
    FORMAT,
    MANIFEST,
    MASK,
    PASSES_DIR,
    SEGMENTATION,
    frame_file,
    frame_path,
)
from previz.world.paths_policy import IMAGE_SUFFIXES, resolve_named_file

from .parallel import map_ordered
from .references import check_image

__all__ = ["CONTROL_FOLDERS", "FORMAT", "Passes", "load_passes"]


@dataclass(frozen=True)
class Passes:
    """A checked passes folder of one shot."""

    root: Path
    manifest: dict[str, Any]
    shot: str
    width: int
    height: int
    fps: float
    frame_start: int
    frame_end: int
    shot_settings: dict[str, Any] = field(default_factory=dict)
    #: Bytes of files read for hashing, kept until decoded, so each file is read from disk once.
    _read_ahead: dict[Path, bytes] = field(default_factory=dict, repr=False, compare=False)
    #: What `segmentation_frames` and `mask_labels` read, kept: the prompt's visible entities
    #: and the render's condition snapshot both need them.
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def frames(self) -> list[int]:
        return list(range(self.frame_start, self.frame_end + 1))

    @property
    def frame_count(self) -> int:
        return self.frame_end - self.frame_start + 1

    def pass_path(self, folder: str, frame: int) -> Path:
        return self.root / frame_path(folder, frame)

    def control_folder(self, control: str) -> str:
        """The pass folder of a control name; bad input when unknown or not rendered."""
        if control not in CONTROL_FOLDERS:
            known = ", ".join(sorted(CONTROL_FOLDERS))
            raise InputError(f"unknown control pass {control!r}: expected one of {known}")
        folder = CONTROL_FOLDERS[control]
        if not (self.root / PASSES_DIR / folder).is_dir():
            raise InputError(
                f"{self.root / PASSES_DIR / folder}: missing pass folder for control {control!r}; "
                "render the passes again with this pass enabled"
            )
        return folder

    def load_control(self, control: str) -> np.ndarray:
        """All frames of one control pass as ``(T, H, W, 3) uint8``."""
        return self.load_folder(self.control_folder(control))

    def load_folder(self, folder: str, mode: str = "RGB") -> np.ndarray:
        """Every frame of a pass folder, ``(T, H, W[, C])``, decoded on a few threads
        (`previz.neural_render.parallel`)."""
        return np.stack(map_ordered(lambda f: self._read(self.pass_path(folder, f), mode),
                                    self.frames))

    def load_depth_mm(self) -> np.ndarray | None:
        """Metric depth in millimetres, ``(T, H, W) int32``, or None when not rendered."""
        if not (self.root / PASSES_DIR / DEPTH).is_dir():
            return None
        return np.stack(map_ordered(
            lambda f: self._read(self.pass_path(DEPTH, f), "I").astype(np.int32), self.frames))

    def load_depth_mm16(self) -> np.ndarray | None:
        """`load_depth_mm` clipped to ``0..65535`` as ``(T, H, W) uint16`` (what a render's
        condition snapshot keeps), or None: a 16-bit PNG's values are taken as they are, with no
        detour through ``int32`` (for a crowd's 192 frames at 832x480, 1.5 s of clipping)."""
        if not (self.root / PASSES_DIR / DEPTH).is_dir():
            return None

        def frame(f: int) -> np.ndarray:
            arr = self._read(self.pass_path(DEPTH, f), "I")
            return arr if arr.dtype == np.uint16 else np.clip(arr, 0, 65535).astype(np.uint16)

        return np.stack(map_ordered(frame, self.frames))

    def segmentation_frames(self) -> np.ndarray | None:
        """The instance segmentation, ``(T, H, W, 3) uint8`` (read once, then kept), or None
        when it was not rendered."""
        if SEGMENTATION not in self._memo:
            self._memo[SEGMENTATION] = self.load_folder(SEGMENTATION) \
                if (self.root / PASSES_DIR / SEGMENTATION).is_dir() else None
        return self._memo[SEGMENTATION]

    def mask_labels(self) -> tuple[tuple[str, ...], np.ndarray] | None:
        """`load_mask_labels` of every entity, from `segmentation_frames` (computed once, then
        kept)."""
        if MASK not in self._memo:
            self._memo[MASK] = self.load_mask_labels(segmentation=self.segmentation_frames())
        return self._memo[MASK]

    def load_entity_masks(self, ids: list[str] | tuple[str, ...] | None = None
                          ) -> dict[str, np.ndarray]:
        """Per entity id (all, or those of ``ids`` that have one), ``(T, H, W) bool`` where
        the entity is visible (sorted by id)."""
        base = self.root / PASSES_DIR / MASK
        if not base.is_dir():
            return {}
        out: dict[str, np.ndarray] = {}
        for sub in sorted(p for p in base.iterdir() if p.is_dir()):
            if ids is not None and sub.name not in ids:
                continue
            out[sub.name] = np.stack(
                [self._read(base / frame_file(f, entity=sub.name), "L") > 127
                 for f in self.frames]
            )
        return out

    def load_mask_labels(self, ids: list[str] | tuple[str, ...] | None = None,
                         segmentation: np.ndarray | None = None
                         ) -> tuple[tuple[str, ...], np.ndarray] | None:
        """The entity masks (all, or those of ``ids`` that have one; sorted by id) as one label
        volume: ``(ids, labels)``, ``labels`` ``(T, H, W) uint16``, 0 where no mask is and
        ``k + 1`` where ``ids[k]``'s is: from the instance segmentation where it holds the same
        pixels (`_labels_from_segmentation`), else from the masks, each file read once.

        What `load_entity_masks` gives, in 2 bytes a pixel instead of one per entity (a
        100-character crowd's masks at 832×480 over 192 frames are 7.7 GB of booleans, 150 MB
        as labels). None when there is no mask pass or when two masks share a pixel (a label
        per pixel cannot hold that; the writer's masks never do, being one raster's labels):
        then `load_entity_masks`. ``segmentation``: the instance segmentation's frames when the
        caller has read them (`load_folder`), so they are not read again."""
        base = self.root / PASSES_DIR / MASK
        if not base.is_dir():
            return None
        found = tuple(sorted(p.name for p in base.iterdir() if p.is_dir()
                             and (ids is None or p.name in ids)))
        if len(found) >= 2**16 - 1:
            return None
        labels = self._labels_from_segmentation(found, segmentation)
        if labels is not None:
            return found, labels
        labels = np.zeros((self.frame_count, self.height, self.width), np.uint16)
        for t, f in enumerate(self.frames):
            frame = labels[t]
            for k, eid in enumerate(found):
                mask = self._read(base / frame_file(f, entity=eid), "L") > 127
                rows = np.flatnonzero(mask.any(axis=1))
                if len(rows) == 0:
                    continue
                band = slice(int(rows[0]), int(rows[-1]) + 1)  # most of a crowd mask is empty
                m, held = mask[band], frame[band]
                if (held[m] != 0).any():
                    return None
                held[m] = k + 1
        return found, labels

    def _labels_from_segmentation(self, found: tuple[str, ...],
                                  segmentation: np.ndarray | None = None) -> np.ndarray | None:
        """`load_mask_labels`'s labels from the instance segmentation (one file a frame instead
        of one per entity: a crowd's 100 masks a frame cost 30× the time to read): the writer
        draws the masks and the segmentation from one raster, so where the manifest's
        instance colours tell every entity apart and from the black background, an entity's
        mask is exactly where its colour is. Checked, not assumed: a colour in the
        segmentation that is no entity's, or a mask of the first, middle or last frame (the ones
        checked: a mask edited by hand in another frame is not seen) that differs from its
        colour's pixels, and None (the masks are read instead)."""
        colours = self.manifest.get("instance_colors")
        if not isinstance(colours, dict) or not found or \
                not (self.root / PASSES_DIR / SEGMENTATION).is_dir():
            return None
        try:
            codes = {str(eid): int(colour_codes([int(c[0]), int(c[1]), int(c[2])]))
                     for eid, c in colours.items()}
        except (TypeError, ValueError, IndexError):
            return None
        if any(eid not in codes for eid in found) or 0 in codes.values() or \
                len(set(codes.values())) != len(codes):
            return None
        label_of = {eid: k + 1 for k, eid in enumerate(found)}
        keys = np.array(sorted(codes.values()), np.int64)
        values = np.array([label_of.get(eid, 0) for eid, _ in
                           sorted(codes.items(), key=lambda item: item[1])], np.uint16)
        # Every 24-bit colour's label (a 32 MB table, filled once): 0 for black, the entity's
        # label for its colour (0 for an entity without a mask asked for), `_UNKNOWN` for any
        # other colour. One lookup a pixel instead of a binary search over the colours.
        table = np.full(1 << 24, _UNKNOWN, np.uint16)
        table[0] = 0
        inside = (keys > 0) & (keys < 1 << 24)  # a colour out of range matches no pixel
        table[keys[inside]] = values[inside]
        labels = np.zeros((self.frame_count, self.height, self.width), np.uint16)

        def label(t: int) -> bool:
            """Frame ``t``'s labels into ``labels[t]``; False at a colour that is no entity's
            (not the writer's segmentation)."""
            rgb = segmentation[t] if segmentation is not None \
                else self._read(self.pass_path(SEGMENTATION, self.frames[t]), "RGB")
            found_labels = table[_rgb24(rgb)]
            if (found_labels == _UNKNOWN).any():
                return False
            labels[t] = found_labels
            return True

        if not all(map_ordered(label, range(self.frame_count))):
            return None
        base = self.root / PASSES_DIR / MASK

        def same(item: tuple[int, int, str]) -> bool:
            t, k, eid = item
            mask = self._read(base / frame_file(self.frames[t], entity=eid), "L") > 127
            return bool(np.array_equal(mask, labels[t] == k + 1))

        checks = [(t, k, eid) for t in sorted({0, self.frame_count // 2, self.frame_count - 1})
                  for k, eid in enumerate(found)]
        if not all(map_ordered(same, checks)):
            return None
        return labels

    def _read(self, path: Path, mode: str) -> np.ndarray:
        data = self._read_ahead.pop(path, None)
        if data is None:
            if not path.is_file():
                raise InputError(f"{path}: missing pass frame (the passes folder is incomplete)")
            data = path.read_bytes()
        try:
            with Image.open(io.BytesIO(data)) as im:
                if mode == "I":
                    arr = np.asarray(im)
                    if arr.ndim == 3:
                        arr = arr[..., 0]
                else:
                    arr = np.asarray(im.convert(mode))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            # A damaged or foreign file: bad input that names the file, not a traceback.
            raise InputError(f"{path}: not a readable pass image ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:120] if str(exc) else 'damaged'})"
                             ) from None
        if arr.shape[:2] != (self.height, self.width):
            raise InputError(
                f"{path}: size {arr.shape[1]}x{arr.shape[0]} does not match the manifest "
                f"resolution {self.width}x{self.height}"
            )
        return arr

    def reference_images(self, ids: list[str] | tuple[str, ...] | None = None) -> list[Path]:
        """Entity reference images named in the manifest (of every entity, or of ``ids`` in
        that order), relative to the shot folder."""
        return [path for _, path in self.entity_references(ids)]

    def entity_references(self, ids: list[str] | tuple[str, ...] | None = None
                          ) -> list[tuple[str, Path]]:
        """(entity id, image path) of each reference image of every entity, or of ``ids`` in
        that order. Each image is checked now, before any model loads: a missing or unreadable
        one is bad input naming the entity and the file."""
        entities = {str(e.get("id")): e for e in self.manifest.get("entities", [])}
        order = list(entities) if ids is None else [i for i in ids if i in entities]
        out: list[tuple[str, Path]] = []
        for eid in order:
            for n, rel in enumerate(entities[eid].get("reference_images", []) or []):
                # Only images inside the shot folder (refs/) are read (`paths_policy`).
                path = resolve_named_file(
                    str(rel), f"{self.root / MANIFEST}: entity {eid!r} reference_images[{n}]",
                    self.root, (), IMAGE_SUFFIXES)
                check_image(path, eid)
                out.append((eid, path))
        return out

    def files_hash(self, folders: list[str], extra: list[Path] = ()) -> str:
        """SHA-256 over the bytes of every frame file of ``folders`` (and ``extra`` files), in a
        fixed order, so the cache key follows exactly the conditions the model sees."""
        h = hashlib.sha256()
        for folder in sorted(set(folders)):
            for f in self.frames:
                path = self.pass_path(folder, f)
                if not path.is_file():
                    raise InputError(
                        f"{path}: missing pass frame (the passes folder is incomplete)"
                    )
                data = path.read_bytes()
                self._read_ahead[path] = data  # decoded next by load_control, not read again
                h.update(f"{folder}/{f}\0".encode())
                h.update(hashlib.sha256(data).digest())
        for path in extra:
            h.update(f"extra/{path.name}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
        return h.hexdigest()


#: `_labels_from_segmentation`'s label of a colour that is no entity's (never a label: there
#: are fewer than 2**16 - 1 masks).
_UNKNOWN = 2**16 - 1


def _rgb24(rgb: np.ndarray) -> np.ndarray:
    """`colour_codes` of ``uint8`` pixels as ``uint32`` (half the memory traffic of int64)."""
    return (rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8) \
        | rgb[..., 2]


def colour_codes(rgb: np.ndarray) -> np.ndarray:
    """Each pixel's (or colour's) RGB as one integer, ``r << 16 | g << 8 | b`` (int64): how an
    instance segmentation's colours are told apart and matched to the manifest's."""
    c = np.asarray(rgb).astype(np.int64)
    return (c[..., 0] << 16) | (c[..., 1] << 8) | c[..., 2]


def load_passes(shot_dir: str | Path, expected_shot: str | None = None) -> Passes:
    """Check ``shot_dir/manifest.json`` against the contract and return the `Passes`.

    ``expected_shot`` defaults to the folder's name: a manifest of another shot (a copied or
    renamed folder) is bad input, since the cache and outputs are named by the shot."""
    root = Path(shot_dir)
    if not root.is_dir():
        raise InputError(f"{root}: passes folder not found (render the shot's passes first)")
    mpath = root / MANIFEST
    if not mpath.is_file():
        raise InputError(
            f"{mpath}: no manifest; the passes folder is missing or incomplete "
            "(render the shot's passes first)"
        )
    try:  # bounded: NaN, 5,000-digit integers and deep nests are bad input, not a crash
        manifest = loads(mpath.read_text(encoding="utf-8"), str(mpath))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{mpath}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise InputError(f"{mpath}: expected a JSON object")
    if manifest.get("format") != FORMAT:
        raise InputError(f"{mpath}: format {manifest.get('format')!r}, expected {FORMAT!r}")
    for key in ("shot", "world_hash", "shot_hash", "resolution", "fps", "frame_start", "frame_end"):
        if key not in manifest:
            raise InputError(f"{mpath}: missing field {key!r}")
    shot = manifest["shot"]
    expected = root.resolve().name if expected_shot is None else expected_shot
    if shot != expected:
        raise InputError(
            f"{mpath}: manifest is of shot {shot!r}, but the folder is for shot {expected!r}"
        )
    try:
        width, height = (int(v) for v in manifest["resolution"])
        start, end = int(manifest["frame_start"]), int(manifest["frame_end"])
        fps = float(manifest["fps"])
    except (TypeError, ValueError) as exc:
        raise InputError(f"{mpath}: bad resolution, fps or frame range ({exc})") from exc
    if width <= 0 or height <= 0 or end < start or fps <= 0:
        raise InputError(f"{mpath}: bad resolution {width}x{height}, fps or frame range")
    if max(width, height) > MAX_RESOLUTION or not math.isfinite(fps) or fps > MAX_FPS or \
            max(abs(start), abs(end)) > MAX_FRAME or end - start + 1 > MAX_SHOT_FRAMES:
        raise InputError(f"{mpath}: resolution {width}x{height}, fps {fps:g} or frames "
                         f"{start}-{end} beyond Previz's bounds (at most {MAX_RESOLUTION} "
                         f"pixels a side, {MAX_FPS:g} fps, {MAX_SHOT_FRAMES} frames)")
    settings = manifest.get("shot_settings") or {}
    if not isinstance(settings, dict):
        raise InputError(f"{mpath}: field 'shot_settings' must be an object")
    return Passes(root, manifest, shot, width, height, fps, start, end, settings)
