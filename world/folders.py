"""Output folders that a kill never loses, and one writer per output folder.

A shot folder ``OUT/<shot>/`` (and its neural render ``OUT/<shot>/render/``) is never written in
place. It is written whole into a hidden sibling (`new_folder`: ``.<name>.<random>.tmp``), its
files that a later run trusts are fsynced (`fsync_file`), and `commit_folder` puts it in place:

- where the system can exchange two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``,
  macOS ``renamex_np(RENAME_SWAP)``), the new folder and the old one trade places in one step, so
  at every instant ``OUT/<shot>`` is the old complete folder or the new complete one; the old
  one, now under the hidden name, is then removed;
- elsewhere (a file system without the exchange, Windows) the old folder is renamed aside to
  ``.<name>.<random>.old`` and the new one renamed in: two renames, with a moment between them
  when ``OUT/<shot>`` is missing. A kill in that moment leaves the old complete folder under its
  ``.old`` name, and the next writer of the output folder (`output_lock`) renames it back before
  anything else. An ``.old`` folder is complete by construction: only a committed folder is ever
  renamed to that name.

`output_lock` takes an exclusive ``flock`` on ``OUT/.previz.lock`` for as long as this process
writes there (re-entrant within the process, so the batch engine, the passes writer and the
renderer nest), records who holds it (pid, command, start time), and refuses a second writer with
`FolderBusy` (bad input, exit 2) naming the holder. The kernel drops a ``flock`` when its process
dies, so a killed run never leaves a stale lock behind. On taking the lock it recovers what a
killed run left: ``.old`` folders whose original is missing are restored, other ``.old`` and
``.tmp`` folders (older than this run, not this process's own, and holding what a shot or render
folder holds) are removed.

``PREVIZ_TEST_PAUSE_AT=<point>`` (tests only) makes `pause_point` print a line and sleep, so a
test can kill the process exactly there: ``commit:<folder name>`` (the new folder written,
nothing swapped yet), ``swap`` (between the steps of any folder swap) or ``swap:<folder name>``
(``swap:render``, ``swap:<shot>``), ``parse:<file name>`` (an asset
parser stuck on that file), ``ingest-batch`` (between two batches of an ingest).

Pure standard library (no bpy, no torch): the passes writer, the renderer and the batch engines
share it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shlex
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

LOCK_NAME = ".previz.lock"
#: ``.<name>.<8 random chars>.tmp`` (being written) / ``.old`` (set aside during a swap).
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<tag>[0-9a-z_]{8})\.(?P<kind>tmp|old)$")
PAUSE_ENV = "PREVIZ_TEST_PAUSE_AT"


class FolderBusy(InputError):
    """Another process is writing into the output folder."""


# Test pause --------------------------------------------------------------------------------------

def pause_point(name: str, detail: str = "") -> None:
    """Tests only: when ``PREVIZ_TEST_PAUSE_AT`` names this point (``name``, or
    ``name:detail``), say so on stderr and sleep ``PREVIZ_TEST_PAUSE_S`` seconds (default 600; a
    test waits for the line, then kills the process here). Does nothing otherwise."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted or wanted not in (name, f"{name}:{detail}"):
        return
    print(f"previz: test pause at {wanted} (pid {os.getpid()})", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get("PREVIZ_TEST_PAUSE_S", "600")))


# fsync -------------------------------------------------------------------------------------------

def fsync_file(path: str | Path) -> None:
    """Flush a written file's data to disk (a later run trusts it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str | Path) -> None:
    """Flush a folder's entries (a rename or a new file in it) to disk. No-op where folders
    cannot be opened (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a folder; the rename still happened
        pass
    finally:
        os.close(fd)


# The lock ----------------------------------------------------------------------------------------

@dataclass
class _Held:
    fd: int | None  # None: held by the caller's process (a Ray driver), not by us
    count: int
    since: float
    live: set[str] = field(default_factory=set)  # our own temporary folders, never "stale"


_held: dict[str, _Held] = {}
_guard = threading.RLock()


def _key(folder: Path) -> str:
    return os.path.realpath(folder)


def _command() -> str:
    argv = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    return shlex.join(argv)[:200]


def _try_flock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte past the holder text, which stays readable
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text.splitlines()[0] if text else "a process that has not said who it is yet"


def _busy(folder: Path) -> FolderBusy:
    return FolderBusy(f"{folder}: another Previz run is writing there "
                      f"({_holder(folder / LOCK_NAME)}); wait for it to finish or choose another "
                      "output folder")


def ensure_free(folder: str | Path) -> None:
    """Raise `FolderBusy` now when another process writes into ``folder``: a cheap check a
    command makes before its heavy work (building a scene); `output_lock` still decides."""
    out = Path(folder)
    with _guard:
        if _key(out) in _held:
            return
    try:
        fd = os.open(out / LOCK_NAME, os.O_RDWR)
    except OSError:  # no lock file: no writer
        return
    try:
        if not _try_flock(fd):
            raise _busy(out)
    finally:
        os.close(fd)  # also lets go of the probe's lock


def _acquire(folder: Path) -> int:
    """Open and lock ``folder/.previz.lock``; the fd. Raises `FolderBusy` when held."""
    path = folder / LOCK_NAME
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        if not _try_flock(fd):
            os.close(fd)
            raise _busy(folder)
        # The holder unlinks the file on release: make sure we locked the file still named so.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
    text = f"pid {os.getpid()}: {_command()}, since {since}\n".encode()
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text)
    return fd


def _release(folder: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(folder / LOCK_NAME)  # while still locked: no one can hold the old inode
    os.close(fd)


@contextlib.contextmanager
def output_lock(folder: str | Path) -> Iterator[Path]:
    """Hold the output folder ``folder`` (created if missing) for writing; yields it.

    Exclusive between processes (``flock`` on ``folder/.previz.lock``), re-entrant within this
    one. The first acquisition recovers what a killed run left (`recover`, in ``folder`` and in
    each of its sub-folders). Raises `FolderBusy` naming the holder when another process has
    it."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    key = _key(out)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
        else:
            since = time.time()
            fd = _acquire(out)
            held = _held[key] = _Held(fd, 1, since)
            try:
                recover_tree(out)
            except BaseException:
                del _held[key]
                _release(out, fd)
                raise
    try:
        yield out
    finally:
        with _guard:
            held.count -= 1
            if held.count == 0:
                del _held[key]
                if held.fd is not None:
                    _release(out, held.fd)


@contextlib.contextmanager
def held_by_caller(folder: str | Path) -> Iterator[Path]:
    """For a worker process whose parent holds the lock of ``folder`` (a Ray actor writing a
    shot's render while the batch driver holds ``OUT``): write there without taking it."""
    out = Path(folder)
    key = _key(out)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
        else:
            held = _held[key] = _Held(None, 1, time.time())
    try:
        yield out
    finally:
        with _guard:
            held.count -= 1
            if held.count == 0:
                del _held[key]


def _require_held(parent: Path) -> _Held | None:
    """The hold on the output folder that ``parent`` is (or is inside), if any."""
    with _guard:
        for p in (parent, *parent.parents):
            held = _held.get(_key(p))
            if held is not None:
                return held
    return None


# Recovery ----------------------------------------------------------------------------------------

def recover_tree(out: Path) -> list[str]:
    """`recover` in ``out`` and in each of its (non-hidden) sub-folders; what was done."""
    done = recover(out)
    with contextlib.suppress(OSError):
        for child in sorted(out.iterdir()):
            if child.is_dir() and not child.name.startswith("."):
                done += recover(child)
    return done


def recover(parent: Path) -> list[str]:
    """Restore and clean what killed runs left in ``parent``: an ``.<name>.*.old`` folder whose
    ``<name>`` is missing is renamed back (the old complete folder, set aside by a swap that a
    kill interrupted); every other ``.tmp``/``.old`` folder older than this run and not one of
    this process's own is removed. Returns one line per action."""
    held = _require_held(parent)
    since = held.since if held is not None else time.time()
    live = set(held.live) if held is not None else set()
    done: list[str] = []
    try:
        entries = sorted(parent.iterdir(), key=lambda p: p.name)
    except OSError:
        return done
    temps = [(p, m) for p in entries
             if (m := _TEMP.match(p.name)) and p.is_dir() and _ours(p, m["name"])]
    for path, m in temps:  # restores first: an .old is the last committed folder
        dst = parent / m["name"]
        if m["kind"] == "old" and not dst.exists() and str(path) not in live:
            inner = path / m["name"]  # the layout of Previz before this module (old/<name>/)
            src = inner if inner.is_dir() and len(list(path.iterdir())) == 1 else path
            os.rename(src, dst)
            if src is inner:
                path.rmdir()
            fsync_dir(parent)
            done.append(f"restored {dst} (a run was killed while replacing it)")
    for path, _m in temps:
        if not path.exists() or str(path) in live:
            continue
        try:
            if path.stat().st_mtime >= since:
                continue  # made after this run started: not ours to judge
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        done.append(f"removed {path} (left by a killed run)")
    return done


#: What a shot folder or a render folder holds from its first moments (`_ours`).
_OUR_FILES = frozenset({"manifest.json", "passes", ".keep", "render.json", "frames"})


def _ours(path: Path, name: str) -> bool:
    """Whether a ``.<name>.<tag>.tmp|old`` folder is one of ours (another program's temporary
    folder of the same shape is left alone): empty (killed as it was made), a shot or render
    folder, or the old layout ``<old>/<name>/``."""
    try:
        names = {p.name for p in path.iterdir()}
    except OSError:
        return False
    return not names or bool(names & _OUR_FILES) or names == {name}


# Writing a folder --------------------------------------------------------------------------------

def new_folder(parent: str | Path, name: str) -> Path:
    """A new empty hidden folder ``parent/.<name>.<random>.tmp`` to write ``parent/<name>``
    into (mode from the umask, as any folder the user makes). Registered as this process's own,
    so recovery never removes it; `commit_folder` or `discard_folder` ends it."""
    base = Path(parent)
    base.mkdir(parents=True, exist_ok=True)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    for _ in range(100):
        tag = "".join(secrets.choice(alphabet) for _ in range(8))
        path = base / f".{name}.{tag}.tmp"
        try:
            os.mkdir(path, 0o777)  # the umask applies
        except FileExistsError:
            continue
        held = _require_held(base)
        if held is not None:
            held.live.add(str(path))
        return path
    raise FileExistsError(f"{base}: no free temporary folder name for {name}")


def discard_folder(tmp: str | Path) -> None:
    """Remove a temporary folder that will not be committed (a failed or cancelled write)."""
    path = Path(tmp)
    shutil.rmtree(path, ignore_errors=True)
    _forget(path)


def _forget(path: Path) -> None:
    held = _require_held(path.parent)
    if held is not None:
        held.live.discard(str(path))


def _link_tree(src: Path, dst: Path) -> None:
    """Copy the tree ``src`` to ``dst`` as hard links (no data copied; the files of an output
    folder are never changed in place, only replaced by rename, so the links stay correct)."""
    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, copy_function=link)


_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EXDEV,
                getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
#: Tests set this False to exercise the two-rename swap on a system that has the exchange.
USE_EXCHANGE = True


def _libc():  # -> ctypes.CDLL | None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - Windows
        return None


def exchange(a: str | Path, b: str | Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system or file system has no
    such operation (then nothing happened)."""
    if not USE_EXCHANGE or sys.platform == "win32":
        return False
    libc = _libc()
    fa, fb = os.fsencode(a), os.fsencode(b)
    if sys.platform == "darwin":  # pragma: no cover - macOS
        fn = getattr(libc, "renamex_np", None)
        args = (fa, fb, ctypes.c_uint(0x2))  # RENAME_SWAP
    else:
        fn = getattr(libc, "renameat2", None)
        args = (ctypes.c_int(-100), fa, ctypes.c_int(-100), fb, ctypes.c_uint(0x2))  # AT_FDCWD,
    if fn is None:  # RENAME_EXCHANGE
        return False
    if fn(*args) == 0:
        return True
    err = ctypes.get_errno()
    if err in _NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(a))


def commit_folder(tmp: str | Path, dst: str | Path, keep: Sequence[str] = ()) -> Path:
    """Put the complete folder ``tmp`` (from `new_folder`) in place as ``dst``, replacing an old
    ``dst``; returns ``dst``. Sub-folders named in ``keep`` that the old ``dst`` has and ``tmp``
    lacks are carried over (hard links). At every instant ``dst`` is the old complete folder or
    the new one (atomic exchange), or, where there is no exchange, missing for the moment
    between two renames with the old one restorable by `recover` (module docstring)."""
    src, final = Path(tmp), Path(dst)
    parent = final.parent
    pause_point("commit", final.name)  # tests: the new folder written, nothing swapped yet
    if final.exists():
        for name in keep:
            if (final / name).is_dir() and not (src / name).exists():
                _link_tree(final / name, src / name)
    fsync_dir(src)
    if not final.exists():
        pause_point("swap", final.name)
        os.rename(src, final)
        fsync_dir(parent)
        _forget(src)
        return final
    if exchange(src, final):  # src now names the old folder
        fsync_dir(parent)
        pause_point("swap", final.name)
        discard_folder(src)
        return final
    old = parent / (src.name[: -len(".tmp")] + ".old")
    os.rename(final, old)
    fsync_dir(parent)
    pause_point("swap", final.name)
    os.rename(src, final)
    fsync_dir(parent)
    _forget(src)
    shutil.rmtree(old, ignore_errors=True)
    return final
