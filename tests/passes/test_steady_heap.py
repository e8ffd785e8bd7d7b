"""`render.steady_heap`: inside it, a freed frame's large arrays are reused by the next frame
instead of being handed back to the system and faulted in again (page faults counted)."""

from __future__ import annotations

import resource

import numpy as np
import pytest

from previz.addon.passes import render

pytestmark = pytest.mark.skipif(render._glibc() is None, reason="glibc's malloc only")

#: 40 MB arrays: above the largest threshold glibc's malloc slides its mmap threshold to
#: (32 MiB), so by default each one is mapped afresh and freed back to the system.
SIZE = 5_000_000


def _frames(n: int = 6) -> None:
    """Each "frame" fills two large arrays and frees them."""
    for _ in range(n):
        arrays = [np.ones(SIZE) for _ in range(2)]
        del arrays


def _faults(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_minflt


def _measured(who: int = resource.RUSAGE_SELF) -> int:
    """The page faults of `_frames` after one frame (the heap grown once)."""
    _frames(1)
    before = _faults(who)
    _frames()
    return _faults(who) - before


def test_a_freed_frames_arrays_are_reused_inside_and_handed_back_after() -> None:
    assert render._headless()  # bpy as a module, as the tests and the command line run it
    with render.steady_heap():
        inside = _measured()
    after = _measured()
    assert after > 100  # mapped afresh each time: faulted in again
    assert inside * 10 < after


def test_off_leaves_malloc_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    with render.steady_heap():
        kept = _measured()
    monkeypatch.setattr(render, "STEADY_HEAP", False)
    with render.steady_heap():
        off = _measured()
    assert off > 100 and kept * 10 < off
