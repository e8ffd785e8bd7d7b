"""Writing a generated model library (the starter and the prop library) into a folder: files
written only when their bytes change, a manifest of SHA-256s, and files an earlier manifest
listed but this build no longer makes removed — never anything the manifest did not list."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from previz.world.files import atomic_write_bytes, atomic_write_text


def write_generated(out: str | Path, files: Mapping[str, bytes],
                    header: Mapping[str, Any]) -> list[Path]:
    """Write ``files`` (relative path → bytes) under ``out`` and ``manifest.json`` (``header``
    plus the files' hashes); returns the written paths in ``files``' order."""
    root = Path(out)
    manifest_path = root / "manifest.json"
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
        except (json.JSONDecodeError, AttributeError):
            old = {}
        for rel in sorted(set(old) - set(files)):
            stale = root / rel
            if stale.is_file() and stale.resolve().is_relative_to(root.resolve()):
                stale.unlink()
    written = []
    for rel, data in files.items():
        path = root / rel
        if not (path.is_file() and path.read_bytes() == data):
            atomic_write_bytes(path, data)
        written.append(path)
    manifest = {**header,
                "files": {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}}
    atomic_write_text(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written
