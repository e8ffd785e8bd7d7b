"""The local engine: the jobs in order, in this process, with one `Renderer` (one model load)
for every shot.

Resumable: each finished shot gets a done-record (`jobs.write_done`) written atomically after its
outputs are complete; a re-run after a kill skips those shots entirely (no passes, no model) and
re-renders a shot whose record is missing (its half-written outputs were never renamed into
place, see `previz.addon.passes.render` and `previz.neural_render.output`). The output folder is
held for the whole run (`previz.world.folders.output_lock`): a second batch there is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from previz.neural_render import Renderer
from previz.world import folders, progress
from previz.world.errors import InputError

from .jobs import BatchOptions, ShotJob, ShotResult, describe, read_done, write_done, write_summary
from .scenes import Scenes, ensure_passes
from .shot import render_folder

ShotHook = Callable[[ShotResult], None]


def skip_or_fail(job: ShotJob, out: Path) -> ShotResult | None:
    """The result of a job that needs no work: its source is broken (failed) or an earlier run
    finished it (resumed). None when it has to run."""
    if job.error is not None:
        return ShotResult(shot=job.shot, source=str(job.source), status="failed",
                          error=job.error)
    done = read_done(out, job)
    if done is not None:
        done.resumed, done.attempts, done.time_s = True, 0, 0.0
    return done


def run_job(job: ShotJob, out: Path, options: BatchOptions, renderer: Renderer,
            scenes: Scenes) -> ShotResult:
    """Passes, then neural render, retried up to ``options.retries`` more times on a failure.
    Bad input (`InputError`) is not retried: it would fail the same way again."""
    result = skip_or_fail(job, out)
    if result is not None:
        return result
    result = ShotResult(shot=job.shot, source=str(job.source))
    start = time.perf_counter()
    for attempt in range(1, options.retries + 2):
        result.attempts = attempt
        try:
            folder, reused = ensure_passes(job, out, options, scenes)
            result.passes_reused = reused
            with progress.per_key("render", "steps") as on_step:
                shot = render_folder(folder, renderer, options.render,
                                     progress=lambda d, t: on_step(job.shot, d, t),
                                     changed=options.changed,
                                     full_if_missing=options.full_if_missing)
        except Exception as exc:  # one failing shot never stops the others
            scenes.current = None  # the scene may be half built: load it again next time
            result.error = describe(exc)
            if isinstance(exc, InputError):
                break
            continue
        result.status, result.error = "done", None
        result.cache_hit = shot.cache_hit
        result.cache_key = shot.cache_key
        result.outputs = {"passes": str(folder), **shot.outputs}
        result.warnings = [] if reused else list(scenes.warnings)
        break
    result.time_s = round(time.perf_counter() - start, 3)
    if result.status == "done":
        write_done(out, job, result)
    else:
        result.status = "failed"
    return result


def run_local(jobs: Sequence[ShotJob], out: str | Path, options: BatchOptions, *,
              renderer: Renderer | None = None, show_progress: bool = True,
              after_shot: ShotHook | None = None) -> list[ShotResult]:
    """Run ``jobs`` in order; ``OUT/batch.json`` is rewritten after every shot. ``renderer``
    (optional) is reused and not released; ``after_shot`` is called with each result."""
    out = Path(out)
    with folders.output_lock(out):  # one batch per output folder: batch.json stays right
        return _run_local(jobs, out, options, renderer, show_progress, after_shot)


def _run_local(jobs: Sequence[ShotJob], out: Path, options: BatchOptions,
               renderer: Renderer | None, show_progress: bool,
               after_shot: ShotHook | None) -> list[ShotResult]:
    own = renderer is None
    renderer = renderer if renderer is not None else Renderer(options.cache_dir,
                                                              options.backend_options)
    scenes = Scenes()
    results = [ShotResult(shot=j.shot, source=str(j.source)) for j in jobs]
    try:
        with progress.quiet_if(not show_progress), \
                progress.step("batch", len(jobs), "shots") as bar:
            for i, job in enumerate(jobs):
                results[i] = run_job(job, out, options, renderer, scenes)
                write_summary(out, results, "local")
                bar.advance(detail=f"{job.shot} {results[i].status}")
                if after_shot is not None:
                    after_shot(results[i])
    finally:
        if own:
            renderer.release()
    return results
