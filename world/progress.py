"""Progress of long work in one style for every command: a bar on a terminal, timestamped lines in
a log, nothing when quiet.

Work reports *what* it is doing (`step`, `stage`); the command line decides *how* it is shown by
installing a reporter (`use`): `Bars` (tqdm on a terminal: the step's name, count, time left),
`Lines` (one plain ``HH:MM:SS name: done/total unit`` line at the start, at every tenth and at
the end, for logs and CI), `Silent` (``--quiet``, and the default, so library code and tests
print nothing unless a caller asks), or `Callback` (the Blender side shows the same names and
counts in its status bar). It lives in `previz.world` because every part may import `world`:
the agents (plan rounds), the asset index (ingest) and the addon (passes, render, batch, eval)
report through the same module without importing one another. Standard library only; tqdm is
imported when a bar is drawn, and its absence falls back to lines.

Progress goes to standard error and never changes what a command writes: the outputs are the
same with and without ``--quiet``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, TypeVar

T = TypeVar("T")

#: Lines mode prints every update of a step with at most this many items; bigger steps print
#: their start, every tenth and their end.
EVERY_LINE_UP_TO = 20
#: Lines mode prints a line at least this often (seconds) while a step advances.
HEARTBEAT_S = 30.0


def duration(seconds: float) -> str:
    """``0.4 s``, ``8.1 s``, ``4 min 42 s``, ``1 h 3 min``: a time as a person reads it."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    s = round(seconds)
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"


class Step:
    """One long step: a name, a count of ``total`` ``unit`` (None: unknown), a detail."""

    def __init__(self, reporter: Reporter, name: str, total: int | None, unit: str) -> None:
        self.reporter, self.name, self.total, self.unit = reporter, name, total, unit
        self.done = 0
        self.detail = ""
        self.started = time.monotonic()

    def advance(self, n: int = 1, detail: str | None = None) -> None:
        """``n`` more items are done (``detail``: what the last one was, shown beside the count)."""
        self.update(self.done + n, detail=detail)

    def update(self, done: int, total: int | None = None, detail: str | None = None) -> None:
        """Absolute form of `advance`, for callbacks that report ``(done, total)``."""
        if total is not None:
            self.total = total
        if detail is not None:
            self.detail = detail
        self.done = done
        self.reporter.updated(self)

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def left(self) -> float | None:
        """Estimated seconds left (None before the first item or without a total)."""
        if not self.total or self.done <= 0 or self.done >= self.total:
            return None
        return self.seconds() / self.done * (self.total - self.done)

    def count(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.done}/{self.total}{unit}" if self.total else f"{self.done}{unit}"


class Reporter:
    """Shows steps; this base shows nothing (`Silent`)."""

    def started(self, step: Step) -> None:
        pass

    def updated(self, step: Step) -> None:
        pass

    def finished(self, step: Step, failed: bool) -> None:
        pass

    def message(self, text: str) -> None:
        """A stage starting or ending: one line."""


Silent = Reporter


class Lines(Reporter):
    """Plain timestamped lines, for logs and CI (no carriage returns, nothing redrawn)."""

    def __init__(self, stream: TextIO | None = None,
                 clock: Callable[[], str] | None = None) -> None:
        self.stream = stream
        self.clock = clock or (lambda: time.strftime("%H:%M:%S"))
        self._last: dict[int, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _print(self, text: str) -> None:
        stream = self.stream or sys.stderr
        with self._lock:
            stream.write(f"{self.clock()} {text}\n")
            stream.flush()

    def _line(self, step: Step, tail: str = "") -> str:
        text = f"{step.name}: {step.count()}"
        if step.total:
            text += f" ({100 * step.done // step.total}%"
            left = step.left()
            text += f", about {duration(left)} left)" if left is not None else ")"
        if step.detail:
            text += f" - {step.detail}"
        return text + tail

    def started(self, step: Step) -> None:
        self._last[id(step)] = (0, time.monotonic())
        self._print(self._line(step))

    def updated(self, step: Step) -> None:
        tenth_before, at = self._last.get(id(step), (-1, 0.0))
        tenth = 10 * step.done // step.total if step.total else step.done // 10
        now = time.monotonic()
        small = step.total is not None and step.total <= EVERY_LINE_UP_TO
        if small or tenth != tenth_before or now - at >= HEARTBEAT_S:
            if step.total is not None and step.done >= step.total:
                return  # the end line says it
            self._last[id(step)] = (tenth, now)
            self._print(self._line(step))

    def finished(self, step: Step, failed: bool) -> None:
        self._last.pop(id(step), None)
        end = "stopped" if failed else "done"
        self._print(f"{step.name}: {step.count()}, {end} in {duration(step.seconds())}"
                    + (f" - {step.detail}" if step.detail else ""))

    def message(self, text: str) -> None:
        self._print(text)


class Bars(Reporter):
    """tqdm bars on a terminal: name, count, rate and time left, redrawn in place."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from tqdm import tqdm

        self.tqdm = tqdm
        self.stream = stream
        self._bars: dict[int, Any] = {}

    def started(self, step: Step) -> None:
        stream = self.stream or sys.stderr
        sized = _columns(stream) > 0  # a pseudo-terminal may report 0 columns: fixed width
        self._bars[id(step)] = self.tqdm(
            total=step.total, desc=step.name, unit=f" {step.unit}" if step.unit else "it",
            file=stream, dynamic_ncols=sized, ncols=None if sized else 100, leave=True)

    def updated(self, step: Step) -> None:
        bar = self._bars.get(id(step))
        if bar is None:
            return
        if step.total != bar.total:
            bar.total = step.total
        if step.detail:
            bar.set_postfix_str(step.detail, refresh=False)
        bar.update(step.done - bar.n)

    def finished(self, step: Step, failed: bool) -> None:
        bar = self._bars.pop(id(step), None)
        if bar is None:
            return
        if not failed and step.total and step.done < step.total:
            bar.total = step.done  # finished early (a clean plan round): the bar ends full
            bar.refresh()
        bar.close()

    def message(self, text: str) -> None:
        self.tqdm.write(text, file=self.stream or sys.stderr)


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


class Callback(Reporter):
    """Calls ``fn(name, done, total, detail)`` on every change (a UI's status bar)."""

    def __init__(self, fn: Callable[[str, int, int | None, str], None]) -> None:
        self.fn = fn

    def started(self, step: Step) -> None:
        self.fn(step.name, step.done, step.total, step.detail)

    updated = started

    def finished(self, step: Step, failed: bool) -> None:
        self.fn(step.name, step.done, step.total, "stopped" if failed else "done")

    def message(self, text: str) -> None:
        self.fn(text, 0, None, "")


_state: dict[str, Any] = {"reporter": Silent(), "depth": 0}


_thread = threading.local()


def reporter() -> Reporter:
    """The reporter in use: this thread's (`use_in_thread`), else the process's (`use`), else
    `Silent`."""
    own = getattr(_thread, "reporter", None)
    return own if own is not None else _state["reporter"]


def installed() -> bool:
    """True inside `use` or `use_in_thread`: a nested command keeps the outer one's reporter."""
    return _state["depth"] > 0 or getattr(_thread, "reporter", None) is not None


@contextmanager
def use_in_thread(rep: Reporter) -> Iterator[Reporter]:
    """Show this thread's progress with ``rep`` (a Blender job on its worker thread: two jobs
    at once each report to their own status line)."""
    saved = getattr(_thread, "reporter", None)
    _thread.reporter = rep
    try:
        yield rep
    finally:
        _thread.reporter = saved


def for_stream(stream: TextIO, quiet: bool = False) -> Reporter:
    """The reporter a command line wants: silent when quiet, bars on a terminal (when tqdm is
    installed), timestamped lines otherwise."""
    if quiet:
        return Silent()
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        try:
            return Bars(stream)
        except ImportError:
            pass
    return Lines(stream)


@contextmanager
def use(rep: Reporter) -> Iterator[Reporter]:
    """Show progress with ``rep`` inside the block (process-wide: worker threads report too)."""
    saved = _state["reporter"], _state["depth"]
    _state["reporter"], _state["depth"] = rep, saved[1] + 1
    try:
        yield rep
    finally:
        _state["reporter"], _state["depth"] = saved


@contextmanager
def quiet_if(quiet: bool) -> Iterator[Reporter]:
    """`Silent` inside the block when ``quiet`` (an older ``--no-progress`` flag), else as is."""
    if not quiet:
        yield reporter()
        return
    with use(Silent()) as rep:
        yield rep


@contextmanager
def step(name: str, total: int | None = None, unit: str = "") -> Iterator[Step]:
    """A long step: ``with step("passes wide", 48, "frames") as s: ... s.advance()``."""
    rep = reporter()
    s = Step(rep, name, total, unit)
    rep.started(s)
    failed = True
    try:
        yield s
        failed = False
    finally:
        rep.finished(s, failed)


def track(items: Iterable[T], name: str, total: int | None = None, unit: str = "") -> Iterator[T]:
    """``for x in track(xs, "ingest", len(xs), "files")``: a step that advances per item."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with step(name, total, unit) as s:
        for item in items:
            yield item
            s.advance()


@contextmanager
def per_key(prefix: str, unit: str = "") -> Iterator[Callable[[str, int, int | None], None]]:
    """For callbacks that report ``(key, done, total)`` (the passes: shot, frame, frames): a
    step ``"{prefix} {key}"`` per key, the previous one closed when the key changes."""
    rep = reporter()
    current: list[Any] = [None, None]

    def close(failed: bool) -> None:
        if current[1] is not None:
            rep.finished(current[1], failed)
        current[:] = [None, None]

    def report(key: str, done: int, total: int | None) -> None:
        if current[0] != key or current[1] is None:
            close(False)
            s = Step(rep, f"{prefix} {key}".strip(), total, unit)
            s.done = done  # the first report may already count an item
            rep.started(s)
            current[:] = [key, s]
            return
        current[1].update(done, total)

    failed = True
    try:
        yield report
        failed = False
    finally:
        close(failed)


class Stage:
    """A named stage of a command (`stage`): its time, read after the block."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds = 0.0
        self.ok: bool | None = None  # the block may set False (a failing exit code)


@contextmanager
def stage(name: str) -> Iterator[Stage]:
    """One stage of a chained command (`make`'s plan, build, passes, render): a line when it
    starts and one when it ends, with its time."""
    st = Stage(name)
    rep = reporter()
    rep.message(f"{name}: started")
    t0 = time.monotonic()
    try:
        yield st
        if st.ok is None:
            st.ok = True
    except BaseException:
        st.ok = False
        raise
    finally:
        st.seconds = time.monotonic() - t0
        rep.message(f"{name}: {'done' if st.ok else 'stopped'} in {duration(st.seconds)}")
