"""The command line keeps its user informed: one progress style (timestamped lines when standard
error is not a terminal, a bar on a terminal, nothing with --quiet), `previz --version`, and the
summaries that end `make`, `batch` and `eval`. No test reads the clock's value."""

from __future__ import annotations

import io
import os
import re
import select
from pathlib import Path
from types import SimpleNamespace

import pytest

from previz.addon.cli import main
from previz.addon.summary import Summary
from previz.world import progress

LINE = re.compile(r"^\d\d:\d\d:\d\d (.*)$")
TEXT = "Anna walks to the desk for 1 second."


def _lines(text: str) -> list[str]:
    """The message part of each timestamped line (every line must carry a timestamp)."""
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        assert m, f"not a timestamped progress line: {line!r}"
        out.append(m.group(1))
    return out


def test_lines_print_start_every_tenth_and_end_with_name_and_counts():
    stream = io.StringIO()
    with progress.use(progress.Lines(stream)), progress.step("ingest", 100, "files") as s:
        for _ in range(100):
            s.advance()
    lines = _lines(stream.getvalue())
    counts = [int(re.match(r"ingest: (\d+)/100 files", m).group(1)) for m in lines]
    assert counts == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    assert lines[0] == "ingest: 0/100 files (0%)"
    assert re.fullmatch(r"ingest: 100/100 files, done in \d+\.\d s", lines[-1])
    assert all("left)" in m for m in lines[1:-1])  # the time left, once there is a rate


def test_small_steps_print_every_item_with_its_detail():
    stream = io.StringIO()
    with progress.use(progress.Lines(stream)), progress.step("eval", 3, "prompts") as s:
        for name in ("a", "b", "c"):
            s.advance(detail=f"offline/{name}: 100%")
    lines = _lines(stream.getvalue())
    assert [m.split(" (")[0] for m in lines[:3]] == [
        "eval: 0/3 prompts", "eval: 1/3 prompts", "eval: 2/3 prompts"]
    assert lines[1].endswith("- offline/a: 100%") and lines[2].endswith("- offline/b: 100%")
    assert re.fullmatch(r"eval: 3/3 prompts, done in \d+\.\d s - offline/c: 100%", lines[3])
    assert len(lines) == 4


def test_a_failing_step_says_stopped():
    stream = io.StringIO()
    with pytest.raises(RuntimeError), progress.use(progress.Lines(stream)), \
            progress.step("passes shot-1", 10, "frames") as s:
        s.advance()
        raise RuntimeError("boom")
    assert re.fullmatch(r"passes shot-1: 1/10 frames, stopped in \d+\.\d s",
                        _lines(stream.getvalue())[-1])


def test_default_and_quiet_show_nothing():
    assert not progress.installed()
    with progress.step("plan", 4, "rounds") as s:  # no reporter installed: library use
        s.advance()
    stream = io.StringIO()
    assert isinstance(progress.for_stream(stream, quiet=True), progress.Silent)
    assert isinstance(progress.for_stream(stream), progress.Lines)  # not a terminal


def test_a_terminal_gets_a_bar_with_name_count_and_time_left():
    master, slave = os.openpty()
    with open(slave, "w", encoding="utf-8", closefd=True) as tty:
        rep = progress.for_stream(tty)
        assert isinstance(rep, progress.Bars)
        with progress.use(rep), progress.step("passes wide", 48, "frames") as s:
            for _ in range(48):
                s.advance()
        tty.flush()
        chunks = []
        while select.select([master], [], [], 0.5)[0]:
            chunks.append(os.read(master, 65536))
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "\r" in text  # redrawn in place, not one line per update
    assert "passes wide" in text and "48/48" in text and "frames" in text
    assert re.search(r"\d\d:\d\d<\d\d:\d\d", text)  # tqdm's elapsed<left


def test_callback_reporter_gets_the_same_names_and_counts():
    seen = []
    with progress.use(progress.Callback(lambda *a: seen.append(a))), \
            progress.step("render shot-1", 2, "steps") as s:
        s.advance()
        s.advance()
    assert seen == [("render shot-1", 0, 2, ""), ("render shot-1", 1, 2, ""),
                    ("render shot-1", 2, 2, ""), ("render shot-1", 2, 2, "done")]


def test_duration_reads_as_a_person_says_it():
    assert [progress.duration(s) for s in (0.4, 8.14, 282, 3780)] == [
        "0.4 s", "8.1 s", "4 min 42 s", "1 h 3 min"]


def test_version_prints_previz_blender_and_python(capsys):
    import sys

    assert main(["--version"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("previz 0.") and len(out) == 3
    assert out[1].startswith("Blender ")
    assert out[2] == f"Python {sys.version.split()[0]}"


def test_plan_progress_lines_on_a_non_terminal_and_none_when_quiet(tmp_path, capsys):
    assert main(["plan", TEXT, "-o", str(tmp_path / "a.json")]) == 0
    out, err = capsys.readouterr()
    lines = _lines(err)
    assert lines[0] == "plan: 0/4 rounds (0%)"
    assert any(m.startswith("plan: 0/4 rounds (0%) - round 1: layout") for m in lines)
    assert re.fullmatch(r"plan: 1/4 rounds, done in \d+\.\d s - round 1: no problems",
                        lines[-1])
    assert out.startswith(f"wrote {tmp_path / 'a.json'}")
    for argv in (["plan", TEXT, "-o", str(tmp_path / "b.json"), "--quiet"],
                 ["--quiet", "plan", TEXT, "-o", str(tmp_path / "c.json")],
                 ["-q", "plan", TEXT, "-o", str(tmp_path / "d.json")]):
        assert main(argv) == 0
        assert capsys.readouterr().err == ""
    # Progress never changes what is written.
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_summary_lists_stages_times_paths_and_problems():
    s = Summary("made out")
    s.add("plan", 0.5, "out/world.json, out/world.report.json")
    s.add("passes", 282.0, "out/passes/wide")
    s.add("render", None, "not run (no --weights)")
    s.problems = [f"subject out of frame: p{i}" for i in range(22)]
    lines = s.lines()
    assert lines[:4] == ["made out (4 min 42 s):",
                         "  plan         0.5 s  out/world.json, out/world.report.json",
                         "  passes  4 min 42 s  out/passes/wide",
                         "  render           -  not run (no --weights)"]
    assert lines[4] == "problems left: 22" and lines[5] == "  - subject out of frame: p0"
    assert lines[-1] == "  … and 2 more (see the report)" and len(lines) == 4 + 1 + 20 + 1
    assert Summary("x").lines()[-1] == "problems left: none"


def test_batch_summary_lists_each_shot_its_video_and_the_failures(capsys):
    from previz.addon.commands.batch import report

    done = SimpleNamespace(shot="s00", status="done", resumed=False, cache_hit=False,
                           time_s=3.0, outputs={"render": "out/s00/render"}, warnings=[],
                           attempts=1, error=None)
    failed = SimpleNamespace(shot="s01", status="failed", resumed=False, cache_hit=None,
                             time_s=1.0, outputs={}, warnings=["no light"], attempts=2,
                             error="RuntimeError: out of memory")
    assert report([done, failed], Path("out")) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "batch out: 1/2 shots done (4.0 s):"
    assert out[1].split() == ["s00", "3.0", "s", "rendered", "->", "out/s00/render"]
    assert out[2].split() == ["s01", "1.0", "s", "FAILED"]
    assert out[3].split() == ["summary", "-", "out/batch.json"]
    assert out[4:] == ["problems left: 2",
                       "  - s01 failed after 2 attempt(s): RuntimeError: out of memory",
                       "  - s01: no light"]


def test_eval_summary_lists_tracks_report_gallery_and_prompts_that_did_not_run():
    from previz.addon.commands.eval import eval_summary

    results = [
        {"track": "offline", "id": "walk", "error": None, "score": 0.5, "passed": False,
         "seconds": 2.0, "cpu_seconds": 60.0},
        {"track": "offline", "id": "sit", "error": None, "score": 1.0, "passed": True,
         "seconds": 1.0, "cpu_seconds": 30.0},
        {"track": "offline", "id": "nothing", "error": "found nothing to stage", "score": 0.0,
         "passed": False, "seconds": 0.5},
    ]
    lines = eval_summary(results, ["offline"], Path("ev")).lines()
    assert lines == [
        "eval ev (3.5 s):",
        "  track offline  3.5 s  1/3 prompts fully right, 1.5 CPU min, mean score 75% -> "
        "ev/offline/",
        "  report             -  ev/report.json",
        "  gallery            -  ev/gallery.html",
        "problems left: 1",
        "  - offline/nothing did not run: found nothing to stage"]


def test_eval_summary_title_shows_the_clock_time_when_prompts_ran_side_by_side():
    """Two tracks of 18 and 14 prompt-minutes run with --jobs 2 in 16 minutes: the title says 16,
    not their 32-minute sum (the benchmark's "under 20 minutes" is read off this line)."""
    from previz.addon.commands.eval import eval_summary

    results = [
        {"track": "offline", "id": "a", "error": None, "score": 1.0, "passed": True,
         "seconds": 18 * 60.0, "cpu_seconds": 60.0},
        {"track": "expert", "id": "a", "error": None, "score": 1.0, "passed": True,
         "seconds": 14 * 60.0, "cpu_seconds": 60.0},
    ]
    lines = eval_summary(results, ["offline", "expert"], Path("ev"), 16 * 60.0).lines()
    assert lines[0] == "eval ev (16 min 0 s):"
    assert lines[1].split()[:5] == ["track", "offline", "18", "min", "0"]


@pytest.mark.blender
@pytest.mark.slow
def test_make_shows_every_stage_ends_with_a_summary_and_quiet_changes_no_file(tmp_path, capsys):
    pytest.importorskip("bpy")
    argv = ["make", TEXT, "--resolution", "64x40", "--passes", "clay,depth"]
    assert main([*argv, "-o", str(tmp_path / "a")]) == 0
    out, err = capsys.readouterr()
    lines = _lines(err.replace('Info: Saved as "scene.blend"\n', ""))
    for stage in ("plan", "build", "passes"):
        assert f"make: {stage}: started" in lines
        assert any(re.fullmatch(rf"make: {stage}: done in \d+\.\d s", m) for m in lines)
    assert any(m.startswith("plan: 1/4 rounds") for m in lines)
    assert any(re.match(r"passes shot-1: \d+/\d+ frames \(\d+%", m) for m in lines)
    a = tmp_path / "a"
    summary = out[out.index(f"made {a} ("):].splitlines()
    assert summary[1].split()[0] == "plan" and f"{a / 'world.json'}," in summary[1]
    assert summary[2].split()[0] == "build" and summary[2].endswith(str(a / "scene.blend"))
    assert summary[3].split()[0] == "passes" and summary[3].endswith(str(a / "passes" / "shot-1"))
    assert summary[4].split()[0] == "render"
    assert summary[4].endswith("not run (no --weights or --backend)")
    assert summary[5] == "problems left: none"

    assert main([*argv, "-o", str(tmp_path / "b"), "--quiet"]) == 0
    assert capsys.readouterr().err.replace('Info: Saved as "scene.blend"\n', "") == ""
    b = tmp_path / "b"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file()
                   and p.suffix != ".blend")
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()
                           and p.suffix != ".blend")
    assert Path("passes/shot-1/manifest.json") in files
    for rel in files:  # progress never changes an output
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
