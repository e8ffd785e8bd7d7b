"""Run the same Python code in two fresh interpreters with different hash seeds.

A determinism test that runs both halves in one process cannot see an order that changes between
processes (iterating a set of strings, ``hash()`` of a string): Python salts string hashes per
process. These helpers run the code twice under different ``PYTHONHASHSEED`` values and return what
each printed, so a test compares the two (and, where it can, a pinned value)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HASH_SEEDS = ("1", "4242")


def outputs_in_two_processes(code: str, *args: str, cwd: str | Path | None = None,
                             timeout: float = 600) -> list[str]:
    """``python -c code *args`` under each of `HASH_SEEDS`; the standard outputs (asserts that
    each run exits 0)."""
    outs = []
    for seed in HASH_SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", code, *map(str, args)], env=env, cwd=cwd,
                              capture_output=True, text=True, timeout=timeout)
        assert proc.returncode == 0, proc.stderr[-3000:]
        outs.append(proc.stdout)
    return outs
