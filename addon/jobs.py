"""Long work without freezing Blender: a worker thread that never touches `bpy`.

The pattern (Blender's Python API is not thread-safe, and `bpy.app.timers` never fire when
Blender runs as a module): the operator takes a *snapshot* on the main thread (a World, paths,
settings — plain data), hands a pure function of it to `Job`, and a modal operator polls the job
on a window-manager timer, shows its progress and applies the result on the main thread. In
background mode (`blender -b`, the `previz` command) the same function runs blocking, with
progress lines on stdout. This module imports no `bpy`, so it is tested like any Python.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO


class Cancelled(Exception):
    """Raised inside a job's function at its next progress report after a cancel request."""


@dataclass
class Progress:
    """Handed to a job's function: call it with a fraction (0..1) and a message.

    Calling it after a cancel request raises `Cancelled`, so a job stops at its next report and
    writes nothing more; `cancelled` lets a function check without reporting."""

    _cancel: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    fraction: float = 0.0
    message: str = ""
    _listener: Callable[[float, str], None] | None = None

    def __call__(self, fraction: float, message: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        with self._lock:
            self.fraction = min(max(float(fraction), 0.0), 1.0)
            if message:
                self.message = message
        if self._listener is not None:
            self._listener(self.fraction, self.message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def snapshot(self) -> tuple[float, str]:
        with self._lock:
            return self.fraction, self.message


_ids = itertools.count(1)


class Job:
    """One unit of long work: ``fn(progress) -> result`` on a daemon thread.

    States: ``pending`` → ``running`` → ``done`` | ``failed`` | ``cancelled``."""

    def __init__(
        self, fn: Callable[[Progress], Any], name: str,
        on_done: Callable[[Job], None] | None = None,
    ) -> None:
        self.id = next(_ids)
        self.name = name
        self.fn = fn
        # Called once on the *main* thread when the job has finished (any state), by the monitor
        # operator or by `run_blocking`: the place to apply a result to the scene with `bpy`.
        self.on_done = on_done
        self.progress = Progress()
        self.state = "pending"
        self.result: Any = None
        self.error: BaseException | None = None
        self.started_at = 0.0
        self.finished_at = 0.0
        self._thread: threading.Thread | None = None

    # -- running ------------------------------------------------------------------------------

    def start(self) -> Job:
        self.state = "running"
        self.started_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"previz-{self.name}", daemon=True)
        self._thread.start()
        return self

    def run_blocking(self, out: TextIO | None = None) -> Any:
        """Run in the calling thread (headless), printing progress lines; re-raises failures."""
        stream = out if out is not None else sys.stdout
        last = [-1]

        def show(fraction: float, message: str) -> None:
            pct = int(fraction * 100)
            if pct != last[0]:
                last[0] = pct
                print(f"[{self.name}] {pct:3d}% {message}", file=stream, flush=True)

        self.progress._listener = show
        self.state = "running"
        self.started_at = time.monotonic()
        self._run()
        self.finish_on_main_thread()
        if self.error is not None:
            raise self.error
        return self.result

    def finish_on_main_thread(self) -> None:
        """Run `on_done` once (the caller is on the main thread); its failure fails the job."""
        callback, self.on_done = self.on_done, None
        if callback is None:
            return
        try:
            callback(self)
        except BaseException as exc:
            if self.error is None:
                self.error = exc
            self.state = "failed"

    def _relay(self, name: str, done: int, total: int | None, detail: str) -> None:
        """A step of the work (`previz.world.progress`) shown in the job's status with the same
        name and count as on the command line ("passes shot-1: 10/48 frames")."""
        text = f"{name}: {done}/{total}" if total else name
        if detail and detail not in ("done",):
            text += f" ({detail})"
        fraction = self.progress.fraction
        # A job that reports no fraction of its own shows the step's count as its fraction.
        if total and fraction == getattr(self, "_relayed", 0.0):
            fraction = min(done / total, 1.0)
            self._relayed = fraction
        self.progress(fraction, text)

    def _run(self) -> None:
        from previz.world import progress as steps

        try:
            with steps.use_in_thread(steps.Callback(self._relay)):
                self.result = self.fn(self.progress)
            self.state = "done"
        except Cancelled:
            self.state = "cancelled"
        except BaseException as exc:
            self.error = exc
            self.state = "failed"
        finally:
            self.finished_at = time.monotonic()

    # -- control from the main thread ---------------------------------------------------------

    def cancel(self) -> None:
        self.progress._cancel.set()

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    def wait(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.finished

    def status_text(self) -> str:
        fraction, message = self.progress.snapshot()
        if self.state == "running":
            return f"{self.name}: {fraction * 100:.0f}% {message}".rstrip()
        if self.state == "failed":
            return f"{self.name} failed: {self.error}"
        return f"{self.name}: {self.state}"


class Jobs:
    """The jobs of this Blender session, so panels and the monitor operator can find them."""

    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}

    def submit(
        self, fn: Callable[[Progress], Any], name: str,
        on_done: Callable[[Job], None] | None = None,
    ) -> Job:
        job = Job(fn, name, on_done)
        self._jobs[job.id] = job
        return job.start()

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def running(self) -> list[Job]:
        return [j for j in self._jobs.values() if not j.finished]

    def forget(self, job_id: int) -> None:
        self._jobs.pop(job_id, None)

    def cancel_all(self) -> None:
        for job in self.running():
            job.cancel()


JOBS = Jobs()
