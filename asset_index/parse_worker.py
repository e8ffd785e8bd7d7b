"""The process that parses asset files for an ingest, one at a time, each within a time limit.

Why a process of our own (`Worker`: Python running `main`) rather than a
`multiprocessing` pool: a pool's 'fork' copies the ingesting process while its main thread may be
encoding on multi-threaded OpenBLAS, and the child inherits a held BLAS lock with no thread to
release it (the ingest hung when the worker was replaced at the 256th file); 'spawn' and
'forkserver' re-run the caller's ``__main__`` script in the child, which loops forever for a
script without an ``if __name__ == "__main__"`` guard. This worker is a fresh interpreter started
by `subprocess` (no fork of a threaded process, no ``__main__`` re-run), its BLAS limited to one
thread (it needs none), replaced every `WORKER_FILES` files and killed when a file overruns
its time limit.

Protocol (stdin/stdout, each message an 8-byte big-endian length and a pickle): the parent sends
``(path, root, mesh)`` (mesh: the GLB converted from an FBX or .blend file, or None), the worker
answers `previz.asset_index.index.parse_file`'s dict (and says
``"ready"`` once, when its imports are done: the start is not counted in a file's time). Both
ends are this module, so the pickles never come from anywhere else.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

#: Files one worker parses before it is replaced (bounds what a leaky parser can hold on to).
WORKER_FILES = 256
#: Seconds a worker may take to start (an interpreter and its imports, on a loaded machine).
STARTUP_TIMEOUT = 120.0
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _send(stream: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError("the parse worker's pipe closed")
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the parse worker's pipe closed mid-message")
    return pickle.loads(data)


class Worker:
    """One worker process, from the parent's side. `parse` returns the result, or None when the
    file took longer than ``timeout`` seconds (the worker is then killed)."""

    def __init__(self) -> None:
        env = dict(os.environ, **{k: "1" for k in _ONE_THREAD})
        # The child imports previz the way this process did (a Blender extension is on sys.path
        # without being installed in site-packages).
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from previz.asset_index.parse_worker import main; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.served = 0
        self._ready = False
        self._answers: queue.Queue[Any] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True,
                                        name="previz-parse-reader")
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while True:
            try:
                self._answers.put(("ok", _receive(self.proc.stdout)))
            except Exception as exc:  # the worker died or was killed
                self._answers.put(("dead", exc))
                return

    def parse(self, path: Path, root: Path, timeout: float,
              mesh: Path | None = None) -> dict[str, Any] | None:
        assert self.proc.stdin is not None
        if not self._ready:  # the interpreter's start and imports are not the file's time
            try:
                kind, value = self._answers.get(timeout=STARTUP_TIMEOUT)
            except queue.Empty:
                kind, value = "dead", None
            if kind != "ok" or value != "ready":
                raise RuntimeError(f"the asset parse worker ({sys.executable}) did not start "
                                   f"within {STARTUP_TIMEOUT:g} s")
            self._ready = True
        self.served += 1
        try:
            _send(self.proc.stdin, (str(path), str(root), None if mesh is None else str(mesh)))
        except OSError as exc:
            return {"reason": f"cannot read (the parse worker died: {exc})"}
        try:
            kind, value = self._answers.get(timeout=timeout)
        except queue.Empty:
            return None
        if kind == "dead":
            code = self.proc.wait()
            return {"reason": f"cannot read (the parse worker died, exit code {code})"}
        return value

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._reader.join(timeout=5)


def main() -> None:
    """The worker's loop: requests on stdin, answers on stdout, until stdin closes."""
    from previz.asset_index.index import parse_file

    for name in ("trimesh", "pygltflib"):  # what the parsers import on first use
        with contextlib.suppress(ImportError):
            __import__(name)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library's print cannot break a message
    requests = sys.stdin.buffer
    _send(answers, "ready")
    while True:
        try:
            path, root, mesh = _receive(requests)
        except EOFError:
            return
        _send(answers, parse_file(Path(path), Path(root), None if mesh is None else Path(mesh)))
