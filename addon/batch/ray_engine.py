"""The Ray engine: a pool of Ray actors, each holding one loaded model, rendering many shots.

Who does what, and why:

- The **driver** (this process) owns Blender: it renders every shot's passes (``bpy`` is one
  scene per process and not thread-safe, and worker nodes need neither Blender nor the scene's
  asset files) into the shared output folder, then hands the shot to an idle actor. Passes of
  the next shot are rendered while actors run the model on earlier ones.
- An **actor** (`RenderWorker`, ``num_gpus=--gpus-per-job``; on a cluster without GPUs,
  ``num_cpus``) keeps one `Renderer`, so the model is loaded once per actor, not per shot; it
  reads ``OUT/<shot>/`` and writes ``OUT/<shot>/render/`` (the renderer writes into a temporary
  folder and renames it into place, so the shared folder never holds a half render).
- The driver alone writes done-records and ``batch.json``, and shows the overall progress.

``OUT`` and the render cache must be on a file system every node sees (one machine, NFS…).
Ray is imported only here, only when this engine runs (the ``cluster`` extra).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from previz.world import folders, progress
from previz.world.errors import InputError

from .jobs import BatchOptions, ShotJob, ShotResult, describe, write_done, write_summary
from .local import ShotHook, skip_or_fail
from .scenes import Scenes, ensure_passes


class RenderWorker:
    """The body of a Ray actor: one `Renderer` kept for all the shots it is given."""

    def __init__(self, cache_dir: str | None, backend_options: Any,
                 torch_threads: int | None = None) -> None:
        from previz.neural_render import Renderer

        if torch_threads:
            import torch

            torch.set_num_threads(torch_threads)
        self.renderer = Renderer(cache_dir, backend_options)
        self.renders = 0

    def render(self, shot_dir: str, options: Any) -> dict[str, Any]:
        from .shot import render_folder

        self.renders += 1
        # The driver holds the output folder's lock for the whole batch.
        with folders.held_by_caller(Path(shot_dir).parent):
            return render_folder(shot_dir, self.renderer, options).to_dict()


def _cause(exc: BaseException) -> BaseException:
    """The user's exception inside a Ray task error."""
    return getattr(exc, "cause", None) or exc


def run_ray(jobs: Sequence[ShotJob], out: str | Path, options: BatchOptions, *,
            address: str | None = None, workers: int | None = None, gpus_per_job: float = 1.0,
            cpus_per_job: float = 1.0, torch_threads: int | None = None,
            show_progress: bool = True, after_shot: ShotHook | None = None) -> list[ShotResult]:
    """Run ``jobs`` on a Ray cluster: ``address`` (``ray://host:port``, ``auto``) or, when Ray is
    not initialised yet and no address is given, a local Ray started (and stopped) here.

    ``workers``: number of actors (default: the cluster's GPUs // ``gpus_per_job``, or one on a
    cluster without GPUs, where actors take ``cpus_per_job`` CPUs instead)."""
    try:
        import ray
    except ImportError:
        raise InputError(
            "the ray engine needs Ray: pip install 'previz[cluster]' (or: pip install ray)"
        ) from None
    out = Path(out)
    with folders.output_lock(out):  # one batch per output folder: batch.json stays right
        return _run_ray(ray, jobs, out, options, address, workers, gpus_per_job, cpus_per_job,
                        torch_threads, show_progress, after_shot)


def _run_ray(ray: Any, jobs: Sequence[ShotJob], out: Path, options: BatchOptions,
             address: str | None, workers: int | None, gpus_per_job: float,
             cpus_per_job: float, torch_threads: int | None, show_progress: bool,
             after_shot: ShotHook | None) -> list[ShotResult]:
    started = False
    if not ray.is_initialized():
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False)
        except (ConnectionError, ValueError) as exc:
            raise InputError(f"--address {address}: cannot connect to Ray ({exc})") from None
        started = True
    try:
        gpus = float(ray.cluster_resources().get("GPU", 0))
        use_gpu = gpus_per_job > 0 and gpus >= gpus_per_job
        count = workers or (int(gpus // gpus_per_job) if use_gpu else 1)
        resources = ({"num_gpus": gpus_per_job, "num_cpus": 1} if use_gpu
                     else {"num_gpus": 0, "num_cpus": cpus_per_job})
        if not use_gpu and gpus_per_job > 0:
            print(f"previz: no GPU in the Ray cluster; {count} CPU worker(s)")
        actor_cls = ray.remote(**resources)(RenderWorker)

        def new_actor() -> Any:
            return actor_cls.remote(options.cache_dir, options.backend_options, torch_threads)

        with progress.quiet_if(not show_progress), \
                progress.step("batch (ray)", len(jobs), "shots") as bar:
            return _schedule(ray, jobs, out, options, [new_actor() for _ in range(count)],
                             new_actor, bar, after_shot)
    finally:
        if started:
            ray.shutdown()


def _schedule(ray: Any, jobs: Sequence[ShotJob], out: Path, options: BatchOptions,
              actors: list[Any], new_actor: Any, bar: progress.Step,
              after_shot: ShotHook | None) -> list[ShotResult]:
    """Driver loop: passes in order on the driver, model work on idle actors, retries."""
    results = [ShotResult(shot=j.shot, source=str(j.source)) for j in jobs]
    started = [0.0] * len(jobs)
    reused: list[bool | None] = [None] * len(jobs)
    queue: deque[int] = deque()
    idle = list(actors)
    running: dict[Any, tuple[int, Any]] = {}
    scenes = Scenes()

    def finish(i: int) -> None:
        r = results[i]
        if r.status != "done":
            r.status = "failed"
        if started[i]:
            r.time_s = round(time.perf_counter() - started[i], 3)
        if r.status == "done" and not r.resumed:
            write_done(out, jobs[i], r)
        write_summary(out, results, "ray")
        bar.advance(detail=f"{r.shot} {r.status}")
        if after_shot is not None:
            after_shot(r)

    def dispatch() -> None:
        while idle and queue:
            i = queue.popleft()
            actor = idle.pop()
            results[i].attempts += 1
            ref = actor.render.remote(str(out / jobs[i].shot), options.render)
            running[ref] = (i, actor)

    def collect(timeout: float | None) -> None:
        if not running:
            return
        ready, _ = ray.wait(list(running), num_returns=1, timeout=timeout)
        for ref in ready:
            i, actor = running.pop(ref)
            r = results[i]
            try:
                shot = ray.get(ref)
            except Exception as exc:
                cause = _cause(exc)
                r.error = describe(cause)
                if isinstance(exc, ray.exceptions.RayActorError):  # the actor died: replace it
                    actor = new_actor()
                idle.append(actor)
                if not isinstance(cause, InputError) and r.attempts <= options.retries:
                    queue.append(i)
                else:
                    finish(i)
                continue
            idle.append(actor)
            r.status, r.error = "done", None
            r.cache_hit, r.cache_key = shot["cache_hit"], shot["cache_key"]
            r.outputs = {"passes": str(out / jobs[i].shot), **shot["outputs"]}
            finish(i)

    for i, job in enumerate(jobs):
        done = skip_or_fail(job, out)
        if done is not None:
            results[i] = done
            finish(i)
            continue
        started[i] = time.perf_counter()
        ok = False
        for _attempt in range(options.retries + 1):  # passes, on the driver
            results[i].attempts += 1
            try:
                _folder, reused[i] = ensure_passes(job, out, options, scenes)
            except Exception as exc:
                scenes.current = None  # the scene may be half built: load it again
                results[i].error = describe(exc)
                if isinstance(exc, InputError):
                    break
                continue
            ok = True
            break
        if ok:
            results[i].attempts -= 1  # counted when the render is dispatched
            results[i].error, results[i].passes_reused = None, reused[i]
            results[i].warnings = [] if reused[i] else list(scenes.warnings)
            queue.append(i)
        else:
            finish(i)
        dispatch()
        collect(timeout=0)
        dispatch()
    while running or queue:
        dispatch()
        collect(timeout=None)
    return results
