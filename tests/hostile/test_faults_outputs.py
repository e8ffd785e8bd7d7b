"""Kill -9 at each stage of `previz passes`, `previz render` and `previz batch` (including in the
middle of the folder swap, by an injected pause), then the next run: the shot folder is always
the old complete one or the new complete one, a folder a kill left aside is restored, stale
temporary folders are cleaned, and a second writer of one output folder is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults_util import (
    complete_passes,
    hidden,
    kill9,
    manifest,
    run,
    start,
    tiny_world,
    wait_for_pause,
)

from previz.world import folders

PASSES = ["--passes", "depth", "-q"]
RENDER = ["--backend", "tiny-wan", "--steps", "1", "--no-progress"]


def _lock_once(out: Path) -> list[str]:
    """What the next writer of ``out`` does before anything else (in a fresh process)."""
    code = ("import sys\nfrom previz.world import folders\n"
            "with folders.output_lock(sys.argv[1]) as out:\n"
            "    pass\n")
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return sorted(p.name for p in out.iterdir())


# passes ------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_kill_at_the_passes_swap_keeps_a_complete_folder(tmp_path: Path, exchange: bool) -> None:
    world = tiny_world(tmp_path / "w.json", frames=2)
    out = tmp_path / "out"
    shot = out / "s00"
    first = run(["passes", str(world), "-o", str(out), "--frames", "1-1", *PASSES])
    assert first.returncode == 0, first.stderr
    assert manifest(shot)["frame_end"] == 1

    proc = start(["passes", str(world), "-o", str(out), "--frames", "1-2", *PASSES],
                 pause="swap:s00", exchange=exchange)
    wait_for_pause(proc)
    kill9(proc)
    if exchange:  # one atomic step: the new folder is in place, the old one is under a tmp name
        assert complete_passes(shot) and manifest(shot)["frame_end"] == 2
    else:  # between the two renames: the old complete folder is set aside, the name is free
        assert not shot.exists()
        (old,) = [n for n in hidden(out) if n.endswith(".old")]
        assert complete_passes(out / old) and manifest(out / old)["frame_end"] == 1

    # The next writer restores (two renames) or keeps (exchange) a complete folder first thing,
    # and removes what the killed run left.
    assert _lock_once(out) == ["s00"]
    assert complete_passes(shot)
    assert manifest(shot)["frame_end"] == (2 if exchange else 1)

    again = run(["passes", str(world), "-o", str(out), "--frames", "1-2", *PASSES])
    assert again.returncode == 0, again.stderr
    assert complete_passes(shot) and manifest(shot)["frame_end"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["s00"]


@pytest.mark.slow
def test_kill_while_passes_are_written_keeps_the_old_folder(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w.json", frames=2)
    out = tmp_path / "out"
    shot = out / "s00"
    assert run(["passes", str(world), "-o", str(out), "--frames", "1-1", *PASSES]).returncode == 0
    before = {p.relative_to(shot): p.read_bytes() for p in shot.rglob("*") if p.is_file()}

    # Kill it once its temporary folder holds a frame (files being written), before the swap.
    proc = start(["passes", str(world), "-o", str(out), "--frames", "1-2", *PASSES])
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        tmps = [out / n for n in hidden(out) if n.endswith(".tmp")]
        if tmps and list(tmps[0].glob("passes/depth/*.png")):
            break
        time.sleep(0.02)
    else:
        proc.kill()
        pytest.fail("the passes run never started writing")
    kill9(proc)
    after = {p.relative_to(shot): p.read_bytes() for p in shot.rglob("*") if p.is_file()}
    assert after == before  # the old folder, byte for byte
    assert [n for n in hidden(out) if n.endswith(".tmp")]  # the killed run's half folder

    again = run(["passes", str(world), "-o", str(out), "--frames", "1-2", *PASSES])
    assert again.returncode == 0, again.stderr
    assert manifest(shot)["frame_end"] == 2 and complete_passes(shot)
    assert sorted(p.name for p in out.iterdir()) == ["s00"]  # the half folder was cleaned


# render ------------------------------------------------------------------------------------------

@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
@pytest.mark.slow
def test_kill_at_the_render_swap_then_the_next_render_completes(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w.json", frames=2)
    out = tmp_path / "out"
    shot = out / "s00"
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run(["passes", str(world), "-o", str(out), *PASSES]).returncode == 0
    first = run(["render", str(shot), *RENDER, *cache])
    assert first.returncode == 0, first.stderr
    old_info = json.loads((shot / "render" / "render.json").read_text())

    proc = start(["render", str(shot), *RENDER, *cache, "--seed", "7"], pause="swap:render",
                 exchange=False)
    wait_for_pause(proc)
    kill9(proc)
    assert not (shot / "render").exists()  # between the two renames
    assert any(n.endswith(".old") for n in hidden(shot))

    # The next render restores the old one before reading anything, then replaces it.
    again = run(["render", str(shot), *RENDER, *cache, "--seed", "7"])
    assert again.returncode == 0, again.stderr
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["seed"] == 7 != old_info["settings"]["seed"]
    assert sorted(p.name for p in (shot / "render" / "frames").iterdir()) == [
        "0001.png", "0002.png"]
    assert hidden(shot) == [] and hidden(out) == []


@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
@pytest.mark.slow
def test_kill_after_the_render_is_written_before_its_swap_keeps_the_old_one(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w.json", frames=2)
    out = tmp_path / "out"
    shot = out / "s00"
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run(["passes", str(world), "-o", str(out), *PASSES]).returncode == 0
    assert run(["render", str(shot), *RENDER, *cache]).returncode == 0
    render = shot / "render"
    before = {p.relative_to(render): p.read_bytes() for p in render.rglob("*") if p.is_file()}

    proc = start(["render", str(shot), *RENDER, *cache, "--seed", "7"], pause="commit:render")
    wait_for_pause(proc)
    kill9(proc)
    after = {p.relative_to(render): p.read_bytes() for p in render.rglob("*") if p.is_file()}
    assert after == before  # the old render, byte for byte
    (tmp,) = hidden(shot)
    assert tmp.startswith(".render.") and tmp.endswith(".tmp")  # the new one, complete, unused

    assert _lock_once(out) == ["s00"] and hidden(shot) == []  # cleaned by the next writer
    assert {p.relative_to(render): p.read_bytes() for p in render.rglob("*") if p.is_file()} \
        == before


# batch -------------------------------------------------------------------------------------------

@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
@pytest.mark.slow
def test_kill_in_a_batch_then_the_next_batch_finishes_it(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w.json", shots=2, frames=2)
    out = tmp_path / "out"
    args = ["batch", str(world), "-o", str(out), *RENDER, "--passes", "depth",
            "--cache-dir", str(tmp_path / "cache")]
    proc = start(args, pause="swap:s01")  # the second shot's passes swap
    wait_for_pause(proc)
    kill9(proc)
    summary = json.loads((out / "batch.json").read_text())
    assert [r["status"] for r in summary["results"]] == ["done", "pending"]

    again = run(args)
    assert again.returncode == 0, again.stderr
    summary = json.loads((out / "batch.json").read_text())
    assert [(r["shot"], r["status"]) for r in summary["results"]] == [("s00", "done"),
                                                                       ("s01", "done")]
    assert summary["results"][0]["resumed"] is True  # finished before the kill: no work again
    for name in ("s00", "s01"):
        assert complete_passes(out / name) and (out / name / "render" / "render.mp4").is_file()
    assert hidden(out) == []


# two writers -------------------------------------------------------------------------------------

@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
@pytest.mark.slow
def test_a_second_batch_on_one_output_folder_is_refused(tmp_path: Path) -> None:
    world = tiny_world(tmp_path / "w.json", shots=1, frames=2)
    out = tmp_path / "out"
    base = ["batch", str(world), "-o", str(out), *RENDER, "--passes", "depth",
            "--cache-dir", str(tmp_path / "cache")]
    first = start([*base, "--seed", "1"], pause="swap:render")
    line = wait_for_pause(first)
    try:
        second = run([*base, "--seed", "2"])
        assert second.returncode == 2
        (message,) = second.stderr.strip().splitlines()  # one line
        assert str(out) in message and f"pid {first.pid}" in message and "batch" in message
        assert "another Previz run is writing there" in message
    finally:
        first.kill()
        first.wait()
    assert "swap:render" in line
    # The refused batch wrote nothing: the only summary is the first batch's (it was killed
    # before finishing its shot, so none says seed 2).
    summary = out / "batch.json"
    assert not summary.exists() or '"seed": 2' not in summary.read_text()


def test_a_second_writer_is_refused_with_the_holders_name(tmp_path: Path) -> None:
    """A process holds ``OUT``; `previz passes` into it exits 2 with one line naming the
    holder's pid and command, and writes nothing."""
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom previz.world import folders\n"
         "with folders.output_lock(sys.argv[1]):\n    print('held', flush=True)\n"
         "    time.sleep(600)\n", str(out)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        world = tiny_world(tmp_path / "w.json")
        proc = run(["passes", str(world), "-o", str(out), *PASSES])
        assert proc.returncode == 2
        (message,) = proc.stderr.strip().splitlines()
        assert f"pid {holder.pid}" in message and str(out) in message
        assert sorted(p.name for p in out.iterdir()) == [".previz.lock"]  # nothing written
    finally:
        holder.kill()
        holder.wait()
    # The kernel dropped the dead holder's lock: the next writer goes ahead.
    proc = run(["passes", str(world), "-o", str(out), *PASSES])
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["s00"]


def test_the_lock_is_reentrant_in_one_process_and_exclusive_between_two(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with folders.output_lock(out), folders.output_lock(out):  # batch → passes → renderer
        folders.ensure_free(out)  # our own hold is no obstacle to us
        code = ("import sys\nfrom previz.world import folders\n"
                "try:\n    folders.ensure_free(sys.argv[1])\n"
                "except folders.FolderBusy as exc:\n    print('probe:', exc)\n"
                "try:\n    folders.output_lock(sys.argv[1]).__enter__()\n"
                "except folders.FolderBusy as exc:\n    print(exc); sys.exit(2)\n")
        other = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True,
                               text=True, timeout=60)
        assert other.returncode == 2 and f"pid {os.getpid()}" in other.stdout
        assert other.stdout.startswith(f"probe: {out}: another Previz run is writing there")
    assert not (out / ".previz.lock").exists()  # released and removed


# stale temporary folders -------------------------------------------------------------------------

def _folder(path: Path, text: str, age_s: float = 3600) -> Path:
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(text)
    old = time.time() - age_s
    os.utime(path, (old, old))
    return path


def test_stale_temporary_folders_are_cleaned_and_a_lost_folder_restored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _folder(out / "kept", "current")
    _folder(out / ".kept.abcd1234.old", "older, already replaced")  # a swap that finished
    _folder(out / ".lost.abcd1234.old", "the last complete folder")  # killed between renames
    _folder(out / ".kept.zzzz9999.tmp", "half written")  # killed while writing
    _folder(out / "kept" / ".render.q1w2e3r4.tmp", "half a render")  # one level down
    legacy = out / ".older.k_3jd8x0.old"  # the layout before this module: <old>/<name>/
    _folder(legacy / "older", "legacy complete folder")
    os.utime(legacy, (time.time() - 3600,) * 2)
    fresh = _folder(out / ".new.abcd1234.tmp", "another writer's, newer than this run", -60)
    user = _folder(out / ".notes", "not ours")
    other = out / ".cache.abcd1234.tmp"  # another program's temporary folder of the same shape
    other.mkdir()
    (other / "data.bin").write_bytes(b"theirs")
    os.utime(other, (time.time() - 3600,) * 2)

    with folders.output_lock(out):
        names = sorted(p.name for p in out.iterdir())
    assert names == [".cache.abcd1234.tmp", ".new.abcd1234.tmp", ".notes", ".previz.lock",
                     "kept", "lost", "older"]
    assert (out / "lost" / "manifest.json").read_text() == "the last complete folder"
    assert (out / "older" / "manifest.json").read_text() == "legacy complete folder"
    assert (out / "kept" / "manifest.json").read_text() == "current"
    assert sorted(p.name for p in (out / "kept").iterdir()) == ["manifest.json"]
    assert fresh.is_dir() and user.is_dir() and (other / "data.bin").read_bytes() == b"theirs"


def test_folders_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with folders.output_lock(tmp_path / "out") as out:
            tmp = folders.new_folder(out, "s")
            (tmp / "f").write_text("x")
            shot = folders.commit_folder(tmp, out / "s")
    finally:
        os.umask(old)
    assert shot.stat().st_mode & 0o777 == 0o755  # not mkdtemp's 0700


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_commit_replaces_and_keeps_the_render(tmp_path: Path, monkeypatch, exchange) -> None:
    monkeypatch.setattr(folders, "USE_EXCHANGE", exchange)
    with folders.output_lock(tmp_path / "out") as out:
        for text in ("one", "two"):
            tmp = folders.new_folder(out, "s")
            (tmp / "manifest.json").write_text(text)
            if text == "one":
                (tmp / "render").mkdir()
                (tmp / "render" / "render.json").write_text("the render")
            folders.commit_folder(tmp, out / "s", keep=("render",))
        assert (out / "s" / "manifest.json").read_text() == "two"
        assert (out / "s" / "render" / "render.json").read_text() == "the render"
        assert sorted(p.name for p in out.iterdir()) == [".previz.lock", "s"]
