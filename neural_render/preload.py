"""Importing the model stack ahead, on a thread, while other work runs.

torch, diffusers and transformers take seconds to import (about 6 s of CPU for the Wan stack),
all of it before a render's first denoising step. `Renderer` starts the import while it reads a
shot's passes, mostly inflating PNGs and numpy, which release the GIL, so the import runs beside
them on the second core instead of after them. Importing (and loading the model) is all these
threads do; a failure there is left for the render itself to meet and report where it always did
(its own ``import torch`` or `Backend.load` raises the same error again).

Not while Blender works: `previz make` importing torch beside its passes crashed (exit 139, one
make of two) and beside bpy's own import hung (3 tries of 4). So nothing starts unless bpy is
already loaded (the render stage of `make`, a batch after its first passes: no Blender work runs
during a render, whose threads are joined before it returns) or the command has said that it
never loads Blender (`no_blender`: ``previz render OUT/SHOT``); elsewhere the work is done where
it is needed, as before."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable

_started: dict[str, threading.Thread] = {}
_lock = threading.Lock()
#: Set by a command that never imports bpy (`safe`).
no_blender = False


def safe() -> bool:
    """Whether work may start on a thread: bpy is loaded, or will never be (`no_blender`)."""
    return no_blender or "bpy" in sys.modules


def start(name: str, fn: Callable[[], object]) -> threading.Thread | None:
    """Run ``fn`` once per process on a daemon thread named ``previz-preload-NAME``; a second
    call with the same name returns the first call's thread. None (nothing started) unless
    `safe`."""
    if not safe():
        return None
    with _lock:
        thread = _started.get(name)
        if thread is None:
            thread = threading.Thread(target=_quietly, args=(fn,), daemon=True,
                                      name=f"previz-preload-{name}")
            _started[name] = thread
            thread.start()
        return thread


def _quietly(fn: Callable[[], object]) -> None:
    with contextlib.suppress(Exception):  # the render's own import or load raises it again
        fn()


def in_background(name: str, fn: Callable[[], object]) -> threading.Thread | None:
    """Run ``fn`` now on a daemon thread named ``previz-NAME``; what it raises is dropped (the
    caller does the same work again where its result is needed, and meets the error there).
    None (nothing started) unless `safe`."""
    if not safe():
        return None
    thread = threading.Thread(target=_quietly, args=(fn,), daemon=True, name=f"previz-{name}")
    thread.start()
    return thread


def torch() -> threading.Thread | None:
    """``import torch`` ahead (the render's cache key names the device, which asks torch)."""
    return start("torch", lambda: __import__("torch"))

