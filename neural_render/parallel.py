"""Per-frame work on a few threads: decoding and resizing pass frames (Pillow releases the GIL
while it inflates a PNG, converts or resamples, and numpy in its loops), so a shot's frames are
read on every core instead of one. Results come back in order, and a failure is the one of the
first failing item in that order, as a plain loop would raise it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Threads at most (the machine's cores, up to this).
MAX_WORKERS = 4


def workers() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def map_ordered(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(x) for x in items]``, spread over `workers` threads (in this thread when there is
    one item or one core)."""
    items = list(items)
    n = min(workers(), len(items))
    if n <= 1:
        return [fn(x) for x in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="previz-frames") as pool:
        futures = [pool.submit(fn, x) for x in items]
        try:
            return [f.result() for f in futures]
        except BaseException:
            for f in futures:
                f.cancel()
            raise
