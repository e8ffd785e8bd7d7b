"""The render cache: finished frames stored under a content key, so an unchanged shot is never
rendered twice.

The key is the SHA-256 of the canonical JSON of everything that decides the pixels: the World and
shot hashes, the hashes of the pass files the model sees, the backend, the weights' identity, the
settings and the seed (`cache_key`). An entry is a folder ``<root>/<key[:2]>/<key>/`` holding
``frames.npy`` and ``meta.json``; it is written under a temporary name and renamed into place, so
a killed or cancelled render leaves no entry a later run would trust.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

import numpy as np

CACHE_FORMAT = "previz-render-cache/1"


def default_cache_dir() -> Path:
    """``$PREVIZ_CACHE_DIR``, else ``$XDG_CACHE_HOME/previz/render``
    (``~/.cache/previz/render``)."""
    if os.environ.get("PREVIZ_CACHE_DIR"):
        return Path(os.environ["PREVIZ_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "previz" / "render"


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def cache_key(parts: dict[str, Any]) -> str:
    import hashlib

    return hashlib.sha256(canonical({"format": CACHE_FORMAT, **parts}).encode("utf-8")).hexdigest()


class RenderCache:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> np.ndarray | None:
        """The stored ``(T, H, W, 3) uint8`` frames, or None (a damaged entry counts as absent)."""
        folder = self.entry(key)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            frames = np.load(folder / "frames.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None
        if meta.get("key") != key or list(frames.shape) != meta.get("shape"):
            return None
        return frames

    def put(self, key: str, frames: np.ndarray, meta: dict[str, Any]) -> Path:
        final = self.entry(key)
        if final.is_dir():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        # Not mkdtemp: its 0700 would become the entry's mode; a cache folder follows the umask
        # like any folder the user makes.
        tmp = final.parent / f".{key}.{secrets.token_hex(6)}.tmp"
        os.mkdir(tmp, 0o777)
        try:
            np.save(tmp / "frames.npy", np.ascontiguousarray(frames, dtype=np.uint8))
            full = {**meta, "key": key, "shape": list(frames.shape)}
            (tmp / "meta.json").write_text(canonical(full), encoding="utf-8")
            try:
                os.rename(tmp, final)
            except OSError:  # another process stored the same key first
                if not final.is_dir():
                    raise
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return final
