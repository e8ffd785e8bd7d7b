"""Ingest under faults: it never forks the threaded ingesting process (the 256th-file deadlock),
1,500 small files finish with the default embedder, and a kill -9 between batches loses only
the batch in flight (the next ingest finishes the rest)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from previz.asset_index import AssetIndex
from previz.asset_index.embed import HashEmbedder, blas_threads, embed_threads
from previz.world.errors import InputError

_WORDS = ("chair", "table", "lamp", "crate", "barrel", "stool", "vase", "box", "bench", "shelf")


def small_library(folder: Path, count: int) -> Path:
    """``count`` tiny boxes, GLB and OBJ alternately, each of its own size (no duplicates)."""
    import trimesh

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        mesh = trimesh.creation.box(extents=(0.2 + 0.01 * (i % 50), 0.3 + 0.01 * (i % 7),
                                             0.4 + 0.001 * i))
        mesh.export(folder / f"{_WORDS[i % 10]}_{i:05d}.{'glb' if i % 2 else 'obj'}")
    return folder


def _ingest(folder: Path, index: Path, pause: str | None = None,
            extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = dict(os.environ, **(extra_env or {}))
    env.pop("PREVIZ_TEST_PAUSE_AT", None)
    env.pop("PREVIZ_EMBEDDER", None)  # the default embedder (MiniLM when installed)
    if pause:
        env["PREVIZ_TEST_PAUSE_AT"] = pause
    code = ("import sys\nfrom previz.addon.cli import main\n"
            "sys.exit(main(['assets', 'ingest', sys.argv[1], '--index', sys.argv[2], '--json',"
            " '-q']))\n")
    return subprocess.Popen([sys.executable, "-c", code, str(folder), str(index)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_ingest_of_1500_small_files_with_the_default_embedder_completes(tmp_path: Path) -> None:
    """Over the 256-file worker replacement five times, with the embedder's BLAS threads
    busy between batches (the fork-based pool hung at the 256th file)."""
    lib = small_library(tmp_path / "lib", 1500)
    proc = _ingest(lib, tmp_path / "i.sqlite")
    try:
        out, err = proc.communicate(timeout=840)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("the ingest of 1,500 files did not finish in 14 minutes (deadlock?)")
    assert proc.returncode == 0, err
    report = json.loads(out)
    assert (report["added"], report["rejected"], report["duplicates"]) == (1500, [], 0)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_parse_worker_is_a_fresh_interpreter_not_a_fork(tmp_path: Path,
                                                            monkeypatch) -> None:
    """A forked worker runs the ingesting process's own program (same command line) from a
    copy of its memory, BLAS locks included; ours is a new interpreter with its own command
    line. The worker is caught while it parses (paused on one file)."""
    lib = small_library(tmp_path / "lib", 4)
    monkeypatch.setenv("PREVIZ_TEST_PAUSE_AT", "parse:crate_00003.glb")
    index = AssetIndex(tmp_path / "i.sqlite", embedder=HashEmbedder())
    seen: list[str] = []
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault(
        "report", index.ingest(lib, parse_timeout=10)))
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not seen:
        for child in _children(os.getpid()):
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            seen.append(b" ".join(cmd).decode(errors="replace"))
        time.sleep(0.05)
    thread.join()
    ours = b" ".join(Path("/proc/self/cmdline").read_bytes().split(b"\0")).decode()
    assert seen and all(cmd != ours for cmd in seen)
    assert any("parse_worker" in cmd for cmd in seen)
    report = result["report"]
    assert report.added == 3
    assert report.rejected == [(str(lib.resolve() / "crate_00003.glb"), "timed out after 10 s")]


@pytest.mark.slow
def test_kill_between_ingest_batches_then_the_next_ingest_finishes(tmp_path: Path) -> None:
    lib = small_library(tmp_path / "lib", 100)  # two batches of 64 and 36
    index_path = tmp_path / "i.sqlite"
    proc = _ingest(lib, index_path, pause="ingest-batch")
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert "test pause at ingest-batch" in line, line + proc.stderr.read()
    proc.kill()
    proc.wait()
    with sqlite3.connect(index_path) as db:  # the first batch, whole; nothing of the second
        assert db.execute("SELECT count(*) FROM entries WHERE kind='asset'").fetchone() == (64,)
        assert db.execute("SELECT count(*) FROM files").fetchone() == (64,)

    proc = _ingest(lib, index_path)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    report = json.loads(out)
    assert (report["added"], report["unchanged"], report["rejected"]) == (36, 64, [])


def test_the_embedders_thread_count_is_ours_to_set(monkeypatch) -> None:
    from threadpoolctl import threadpool_info

    monkeypatch.setenv("PREVIZ_EMBED_THREADS", "1")
    assert embed_threads() == 1
    with blas_threads(embed_threads()):
        blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
        assert blas and all(p["num_threads"] == 1 for p in blas)
    for bad in ("0", "-2", "many", "100000"):
        monkeypatch.setenv("PREVIZ_EMBED_THREADS", bad)
        with pytest.raises(InputError, match="PREVIZ_EMBED_THREADS"):
            embed_threads()
    monkeypatch.delenv("PREVIZ_EMBED_THREADS")
    assert embed_threads() is None
