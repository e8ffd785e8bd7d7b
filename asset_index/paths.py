"""Where Previz keeps its data: ``$PREVIZ_DATA_DIR`` if set (tests set it, so they never touch
the real home folder), else the platform's per-user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    env = os.environ.get("PREVIZ_DATA_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "previz"


def default_index_path() -> Path:
    return data_dir() / "assets" / "index.sqlite"


def starter_dir() -> Path:
    return data_dir() / "assets" / "starter"
