"""Batch throughput: the local engine (one model load) against a plain loop that loads the model
for every shot, and against the Ray engine with 2 workers, on the same shots in the same run.

Every variant does the whole job — white-box passes (Blender), neural render (tiny-wan, CPU),
PNG frames, two MP4s, render.json — into its own output folder with its own empty render cache,
so nothing is shared between them. The plain loop renders the passes the same way and then calls
`previz.neural_render.render_shot` per shot, which loads the pipeline, renders and releases it, as
a script looping over shots would. The Ray cluster (local, ``--ray-cpus`` CPUs) is started before
the timing (a batch runs on a cluster that is already up); the Ray figure includes starting the
actors and loading the model in each. Prints shots per minute and the ratios.

Torch threads are the same on both sides by default: ``--threads`` defaults to the CPUs one Ray
actor gets (``--ray-cpus`` / ``--workers``, so 1), set in this process (local engine and plain
loop) and in each actor. Torch's own default here would use every core while Ray limits an actor
to its CPUs; on a busy machine that contention is much slower per core and would flatter Ray.

    python benchmarks/batch.py                 # 20 shots, ~2-3 minutes on 2 CPU cores
    python benchmarks/batch.py --shots 8 --no-ray
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "batch"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shots", type=int, default=20)
    ap.add_argument("--frames", type=int, default=3, help="frames per shot")
    ap.add_argument("--resolution", default="32x24")
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--backend", default="tiny-wan")
    ap.add_argument("--workers", type=int, default=2, help="Ray actors")
    ap.add_argument("--ray-cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--threads", type=int,
                    help="torch CPU threads per process, here and in each Ray actor (default: "
                         "the CPUs of one Ray actor, --ray-cpus / --workers)")
    args = ap.parse_args()
    if args.threads is None:
        args.threads = max(1, args.ray_cpus // max(1, args.workers))

    import torch
    from batch_worlds import short_shots_world, write_world

    import previz.neural_render as nr
    from previz.addon.batch import BatchOptions, plan_batch, run_local
    from previz.addon.batch.scenes import Scenes, ensure_passes

    torch.set_num_threads(args.threads)
    tmp = Path(tempfile.mkdtemp(prefix="previz-batch-bench-"))
    w, h = (int(v) for v in args.resolution.split("x"))
    world = write_world(tmp / "world.json",
                        short_shots_world(args.shots, frames=args.frames, resolution=(w, h)))
    passes = ("depth", "depth_control", "mask", "segmentation", "segmentation_semantic")

    def options(name: str) -> BatchOptions:
        return BatchOptions(render=nr.RenderOptions(backend=args.backend, steps=args.steps),
                            cache_dir=str(tmp / f"cache-{name}"), passes=passes)

    jobs = plan_batch([world], None, options("local"))
    times: dict[str, float] = {}

    t0 = time.perf_counter()
    results = run_local(jobs, tmp / "local", options("local"), show_progress=False)
    times["local engine (1 model load)"] = time.perf_counter() - t0
    assert all(r.status == "done" and not r.cache_hit for r in results)

    opts = options("plain")
    scenes = Scenes()
    t0 = time.perf_counter()
    for job in jobs:
        folder, _ = ensure_passes(job, tmp / "plain", opts, scenes)
        nr.render_shot(folder, opts.render, cache_dir=opts.cache_dir)  # loads, renders, releases
    times["plain loop (load per shot)"] = time.perf_counter() - t0

    if not args.no_ray:
        import ray

        from previz.addon.batch.ray_engine import run_ray

        t0 = time.perf_counter()
        ray.init(num_cpus=args.ray_cpus, include_dashboard=False, log_to_driver=False)
        print(f"(Ray cluster start, not timed: {time.perf_counter() - t0:.1f} s)")
        try:
            t0 = time.perf_counter()
            results = run_ray(jobs, tmp / "ray", options("ray"), workers=args.workers,
                              torch_threads=args.threads, show_progress=False)
            times[f"ray engine ({args.workers} workers)"] = time.perf_counter() - t0
            assert all(r.status == "done" and not r.cache_hit for r in results)
        finally:
            ray.shutdown()

    print(f"{args.shots} shots x {args.frames} frames {w}x{h}, {args.backend}, {args.steps} "
          "steps, passes + neural render + outputs per shot; "
          f"torch threads {args.threads} per process (here and in each Ray actor)")
    for name, secs in times.items():
        print(f"  {name:30s}: {secs:7.1f} s  {60 * args.shots / secs:7.1f} shots/min")
    local = times["local engine (1 model load)"]
    plain = times["plain loop (load per shot)"]
    print(f"  speed-up local engine / plain loop : {plain / local:.2f}x")
    ray_key = f"ray engine ({args.workers} workers)"
    if ray_key in times:
        print(f"  speed-up ray engine / local engine : {local / times[ray_key]:.2f}x")
        print(f"  speed-up ray engine / plain loop   : {plain / times[ray_key]:.2f}x")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
