"""`previz batch SCENE.blend|WORLD.json… -o OUT`: render many shots (passes, then neural render),
locally or on a Ray cluster; heavy imports happen only when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from previz.world import DEFAULT_BACKEND, folders, progress
from previz.world.errors import InputError


def add_render_flags(p: argparse.ArgumentParser) -> None:
    """Flags shared by `previz batch` and the scene form of `previz render`."""
    p.add_argument("--backend",
                   help=f"backend name (default: each shot's setting, else {DEFAULT_BACKEND})")
    p.add_argument("--weights", metavar="PATH_OR_ID",
                   help="diffusers folder or Hugging Face repo id already downloaded")
    p.add_argument("--steps", type=int, help="denoising steps (default: the shot's setting)")
    p.add_argument("--seed", type=int, help="seed for every shot (default: each shot's seed)")
    p.add_argument("--passes", metavar="P1,P2",
                   help="passes to render (default: all; the control passes must be included)")
    p.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    p.add_argument("--dtype", default="auto", help="auto, float32, float16 or bfloat16")
    p.add_argument("--cpu-offload", action="store_true", help="enable_model_cpu_offload (CUDA)")
    p.add_argument("--cache-dir", help="render cache (default: $PREVIZ_CACHE_DIR or "
                                       "~/.cache/previz/render)")
    p.add_argument("--retries", type=int, default=1,
                   help="extra attempts for a failing shot (default 1; bad input is not retried)")
    p.add_argument("--no-progress", action="store_true", help="no progress (as --quiet)")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "batch",
        help="render many shots (passes + neural render), locally or on a Ray cluster",
        description=(
            "Every shot of the given World JSONs / Previz .blend files becomes a job: its "
            "white-box passes into OUT/<shot>/, then the neural render into OUT/<shot>/render/. "
            "Shots already finished (by an earlier run) or in the render cache finish at once; a "
            "failing shot is retried --retries times and never stops the others. OUT/batch.json "
            "summarises every shot. Exit code 0 when every shot is done, 1 when any failed, 2 "
            "for bad input (checked before any work)."
        ),
    )
    p.add_argument("sources", nargs="+", metavar="SCENE.blend|WORLD.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--shots", metavar="ID,…", help="comma-separated shot ids")
    sel.add_argument("--all", action="store_true", help="every shot (the default)")
    add_render_flags(p)
    p.add_argument("--changed", action="store_true",
                   help="re-render only what changed since each shot's previous render in OUT "
                        "(masked; unchanged shots cost no denoiser call); local engine")
    p.add_argument("--full-if-missing", action="store_true",
                   help="with --changed: render a shot with no previous render in full (without "
                        "it, that is an error, exit 2)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: in this process, one model load (default); ray: Ray actors")
    p.add_argument("--address", metavar="ray://HOST:PORT",
                   help="Ray cluster to use (default: $RAY_ADDRESS, else a local Ray)")
    p.add_argument("--gpus-per-job", type=float, default=1.0,
                   help="GPUs per Ray actor (default 1); a cluster without GPUs runs CPU actors")
    p.add_argument("--workers", type=int,
                   help="Ray actors (default: cluster GPUs / --gpus-per-job, else 1)")
    p.set_defaults(func=run)


def options_from(args: argparse.Namespace):  # -> BatchOptions (imported lazily)
    from previz.addon.batch import BatchOptions
    from previz.addon.passes.render import parse_passes
    from previz.neural_render import BackendOptions, RenderOptions, registry

    if args.backend is not None:
        registry.check_backend(args.backend)
    from previz.addon.commands._options import check_render_flags

    check_render_flags(args)  # bounds, device, cache and output folders: before any work
    passes = parse_passes(args.passes) if args.passes else None
    return BatchOptions(
        render=RenderOptions(backend=args.backend, weights=args.weights, steps=args.steps,
                             seed=args.seed),
        backend_options=BackendOptions(device=args.device, dtype=args.dtype,
                                       cpu_offload=args.cpu_offload),
        cache_dir=args.cache_dir, passes=passes, retries=args.retries,
        changed=getattr(args, "changed", False),
        full_if_missing=getattr(args, "full_if_missing", False),
    )


def check_weights(options) -> None:
    """A named backend's weights must be present before any work (bad input otherwise)."""
    if options.render.backend is None:
        return
    from previz.neural_render import create_backend

    create_backend(options.render.backend, options.render.weights,
                   options.backend_options).weights_identity()


def report(results, out) -> int:
    """Print the end-of-batch summary (each shot: its time and where its video went; the
    failures and warnings left, one line each); the exit code (1 when any shot failed)."""
    from previz.addon.summary import Summary

    failed = [r for r in results if r.status != "done"]
    summary = Summary(f"batch {out}: {len(results) - len(failed)}/{len(results)} shots done")
    for r in results:
        if r.status == "done":
            how = ("finished earlier" if r.resumed else
                   "from the cache" if r.cache_hit else "rendered")
            summary.add(r.shot, None if r.resumed else r.time_s,
                        f"{how} -> {r.outputs.get('render')}")
        else:
            summary.add(r.shot, r.time_s, "FAILED")
            summary.problems.append(f"{r.shot} failed after {r.attempts} attempt(s): {r.error}")
        summary.problems += [f"{r.shot}: {w}" for w in r.warnings]
    summary.add("summary", None, f"{out}/batch.json")
    print(summary.text())
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    from previz.addon.batch import plan_batch, run_local
    from previz.addon.batch.jobs import check_previous_renders

    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    if args.engine == "local" and (args.address or args.workers):
        raise InputError("--address and --workers are for --engine ray")
    if args.engine == "ray" and args.changed:
        raise InputError("--changed runs on the local engine only (--engine local)")
    options = options_from(args)
    folders.ensure_free(args.output)  # a second batch is refused before any scene is read
    shots = [s.strip() for s in args.shots.split(",") if s.strip()] if args.shots else None
    jobs = plan_batch(args.sources, shots, options)
    check_previous_renders(jobs, args.output, options)
    check_weights(options)
    out = Path(args.output)
    with progress.quiet_if(args.no_progress):
        if args.engine == "ray":
            from previz.addon.batch.ray_engine import run_ray

            results = run_ray(jobs, out, options, address=args.address, workers=args.workers,
                              gpus_per_job=args.gpus_per_job)
        else:
            results = run_local(jobs, out, options)
    return report(results, out)
