"""Background jobs: the worker runs while the caller keeps going, reports progress, cancels."""

from __future__ import annotations

import io
import threading

import pytest

from previz.addon.jobs import Cancelled, Job, Jobs


def test_job_runs_on_a_worker_thread_while_main_answers() -> None:
    release = threading.Event()
    seen: list[str] = []

    def work(progress):
        seen.append(threading.current_thread().name)
        progress(0.5, "half")
        release.wait(5)
        progress(1.0, "done")
        return 42

    jobs = Jobs()
    job = jobs.submit(work, "demo")
    while job.progress.snapshot()[0] < 0.5:
        pass
    # The worker is now blocked; the main thread is free and keeps answering.
    answered = sum(1 for _ in range(1000))
    assert not job.finished and jobs.running() == [job]
    assert job.status_text() == "demo: 50% half"
    release.set()
    assert job.wait(5)
    assert (job.state, job.result) == ("done", 42)
    assert seen == ["previz-demo"] and answered == 1000
    assert jobs.running() == []


def test_cancel_stops_at_next_progress_report() -> None:
    started = threading.Event()
    steps: list[int] = []

    def work(progress):
        for i in range(1000):
            started.set()
            progress(i / 1000)
            steps.append(i)
            threading.Event().wait(0.001)
        return "finished"

    job = Job(work, "long").start()
    started.wait(5)
    job.cancel()
    assert job.wait(5)
    assert job.state == "cancelled" and job.result is None
    assert len(steps) < 1000


def test_failure_is_kept_for_the_main_thread() -> None:
    def work(progress):
        raise ValueError("weights not found")

    job = Job(work, "bad").start()
    job.wait(5)
    assert job.state == "failed"
    assert job.status_text() == "bad failed: weights not found"


def test_blocking_run_prints_progress_lines() -> None:
    def work(progress):
        for i in range(5):
            progress((i + 1) / 5, f"frame {i + 1}")
        return "ok"

    out = io.StringIO()
    assert Job(work, "passes").run_blocking(out) == "ok"
    assert out.getvalue().splitlines() == [
        f"[passes] {p:3d}% frame {i + 1}" for i, p in enumerate((20, 40, 60, 80, 100))
    ]


def test_blocking_run_reraises() -> None:
    def work(progress):
        raise Cancelled

    job = Job(work, "x")
    job.run_blocking(io.StringIO())
    assert job.state == "cancelled"
    with pytest.raises(RuntimeError):
        Job(lambda p: (_ for _ in ()).throw(RuntimeError("boom")), "y").run_blocking(io.StringIO())


def test_on_done_runs_once_where_the_caller_finishes_the_job() -> None:
    seen: list[tuple[str, object]] = []
    job = Job(lambda p: 42, "answer", on_done=lambda j: seen.append((j.state, j.result)))
    job.start()
    assert job.wait(5)
    assert seen == []  # never on the worker thread: the monitor calls it on the main thread
    job.finish_on_main_thread()
    job.finish_on_main_thread()
    assert seen == [("done", 42)]


def test_a_failing_on_done_fails_the_job() -> None:
    def apply(job: Job) -> None:
        raise ValueError("scene changed under the job")

    job = Job(lambda p: 1, "apply", on_done=apply)
    with pytest.raises(ValueError, match="scene changed"):
        job.run_blocking(out=io.StringIO())
    assert job.state == "failed"


def test_a_job_shows_the_command_lines_step_names_and_counts() -> None:
    """The Blender side keeps the same words: a step reported through `previz.world.progress`
    reaches the job's status as "name: done/total", as on the command line."""
    from previz.world import progress as steps

    seen: list[str] = []

    def work(progress) -> str:  # type: ignore[no-untyped-def]
        with steps.step("passes shot-1", 3, "frames") as s:
            for _ in range(3):
                s.advance()
                seen.append(progress.snapshot()[1])
        return "ok"

    job = Job(work, "passes")
    assert job.run_blocking(out=io.StringIO()) == "ok"
    assert seen == ["passes shot-1: 1/3", "passes shot-1: 2/3", "passes shot-1: 3/3"]
    assert job.progress.snapshot()[0] == 1.0  # no fraction of its own: the step's count


def test_two_jobs_on_two_threads_report_to_their_own_status() -> None:
    from previz.world import progress as steps

    go = threading.Barrier(2)

    def work(name: str):  # type: ignore[no-untyped-def]
        def fn(progress) -> None:  # type: ignore[no-untyped-def]
            go.wait(timeout=10)
            with steps.step(name, 2) as s:
                go.wait(timeout=10)
                s.advance(2)
        return fn

    a, b = Job(work("step a"), "a"), Job(work("step b"), "b")
    a.start()
    b.start()
    assert a.wait(10) and b.wait(10)
    assert a.progress.snapshot()[1].startswith("step a: 2/2")
    assert b.progress.snapshot()[1].startswith("step b: 2/2")
    assert not steps.installed()  # nothing left installed
