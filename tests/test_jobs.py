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
