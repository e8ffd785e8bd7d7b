"""Finding model weights offline: a local folder, or a Hugging Face repo id already in the cache.

Rendering never downloads: a missing model is an immediate `InputError` that names the repo to
download and the cache it must land in. ``weights_identity`` fingerprints a folder cheaply (configs'
bytes plus every file's name and size, not gigabytes of weights) for the render cache key.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from previz.world.errors import InputError

_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def hf_cache_dir() -> str:
    """The hub cache, read from the environment now (huggingface_hub reads it once at import)."""
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    if os.environ.get("HF_HOME"):
        return str(Path(os.environ["HF_HOME"]) / "hub")
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def resolve_weights(ref: str, marker: str = "model_index.json", what: str = "pipeline") -> Path:
    """The folder of ``ref``: an existing local folder, or the cached snapshot of a repo id.

    ``marker`` is the file that folder must hold (``model_index.json`` for a pipeline,
    ``config.json`` for one model such as a ControlNet)."""
    path = Path(ref).expanduser()
    if path.exists() or not _REPO_ID.match(ref):
        if not path.is_dir():
            raise InputError(f"{ref}: weights folder not found")
        if not (path / marker).is_file():
            raise InputError(
                f"{path}: not a diffusers {what} folder (no {marker}); pass the folder written by "
                f"`save_pretrained` or a Hugging Face repo id"
            )
        return path
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(repo_id=ref, cache_dir=hf_cache_dir(),
                                        local_files_only=True))
    except Exception as exc:  # LocalEntryNotFoundError, or an offline error naming the repo
        raise InputError(
            f"model {ref!r} is not downloaded: run `hf download {ref}` (it goes to the "
            f"Hugging Face cache {hf_cache_dir()}), or pass --weights with a local folder "
            f"({type(exc).__name__})"
        ) from None
    if not (folder / marker).is_file():
        raise InputError(f"{folder}: cached {ref!r} has no {marker}; download it again")
    return folder


def pipeline_class_name(folder: Path) -> str:
    try:
        index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
        return str(index["_class_name"])
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{folder / 'model_index.json'}: unreadable ({exc})") from exc


def weights_identity(folder: Path) -> str:
    """SHA-256 over every JSON file's bytes and every other file's relative path and size."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            rel = p.relative_to(folder).as_posix()
            h.update(rel.encode() + b"\0")
            if name.endswith(".json"):
                h.update(p.read_bytes())
            else:
                h.update(str(p.stat().st_size).encode())
    return h.hexdigest()
