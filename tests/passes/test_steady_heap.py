"""`render.steady_heap`: inside it, a freed frame's large arrays are reused by the next frame
instead of being handed back to the system and faulted in again (page faults counted).

Each measurement runs in a fresh interpreter: malloc's thresholds are process state, which the
rest of the suite (other passes renders, torch) changes, so in one long test process "after the
block" would measure whatever earlier tests left behind."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from previz.addon.passes import render

pytestmark = pytest.mark.skipif(render._glibc() is None, reason="glibc's malloc only")

#: Run in a fresh interpreter: page faults of six "frames" (two 40 MB arrays filled and freed
#: each, above the largest threshold glibc slides its mmap threshold to, 32 MiB, so by default
#: each one is mapped afresh and freed back to the system) before, inside and after the block;
#: ``off`` turns `render.STEADY_HEAP` off first.
SCRIPT = r"""
import json, resource, sys
import numpy as np
from previz.addon.passes import render

SIZE = 5_000_000

def frames(n=6):
    for _ in range(n):
        arrays = [np.ones(SIZE) for _ in range(2)]
        del arrays

def measured():
    frames(1)  # the heap grown once
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    frames()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

if sys.argv[1] == "off":
    render.STEADY_HEAP = False
assert render._headless()  # bpy as a module, as the tests and the command line run it
out = {"before": measured()}
with render.steady_heap():
    out["inside"] = measured()
out["after"] = measured()
print(json.dumps(out))
"""


def _faults(mode: str) -> dict[str, int]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_freed_frames_arrays_are_reused_inside_and_handed_back_after() -> None:
    f = _faults("on")
    assert f["before"] > 100  # mapped afresh each time: faulted in again
    assert f["inside"] * 10 < f["before"]  # reused inside the block
    assert f["after"] > 100  # handed back after it


def test_off_leaves_malloc_as_it_is() -> None:
    f = _faults("off")
    assert f["before"] > 100 and f["inside"] > 100 and f["after"] > 100
