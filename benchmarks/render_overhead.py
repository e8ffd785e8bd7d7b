"""Overhead of `previz.neural_render` over calling the same diffusers pipeline directly.

Both sides run the same loaded `WanVACEPipeline` on the same inputs (control video, all-white
mask, same seed, size, frame count and steps), in the same run. Ours is the whole user-facing call
`Renderer.render(shot)`: reading and checking the passes folder, hashing the pass files for the
cache key, resizing, storing the frames in the cache (a fresh cache each repeat, so the model always
runs) and writing every output (PNG frames, render.mp4, side_by_side.mp4, conditions.npz,
render.json). That work is a fixed cost per shot, independent of the steps, so the benchmark runs
two sizes: the toy size (``--steps``, where the fixed cost shows) and a model-dominated size
(``--big-steps``, same frames and size with more denoising steps, so the pipeline call takes >= 1 s
as a real model's does). Prints the median times, the ratio of each, where our time goes per
stage, and peak memory. The summary uses the best (minimum) time of the repeats of each side, the
usual estimator on a shared machine; the medians are printed beside them.

    python benchmarks/render_overhead.py                 # tiny-wan on CPU, ~1 minute
    python benchmarks/render_overhead.py --backend wan-vace --frames 33 --width 832 --height 480 \
        --steps 20   # real weights on a GPU (Wan-AI/Wan2.1-VACE-1.3B-diffusers in the HF cache)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "neural_render"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default="tiny-wan", choices=["tiny-wan", "wan-vace"])
    ap.add_argument("--weights")
    ap.add_argument("--frames", type=int, default=9, help="4k+1, one chunk")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=64)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--big-steps", type=int, default=80,
                    help="steps of the model-dominated run (0: skip it)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int,
                    help="torch CPU threads for both sides (1 is steadier on a busy machine)")
    args = ap.parse_args()

    import torch
    from synthetic_passes import make_passes

    if args.threads:
        torch.set_num_threads(args.threads)

    from previz.neural_render import Renderer, RenderOptions
    from previz.neural_render.backend import as_pil
    from previz.neural_render.passes import load_passes
    from previz.neural_render.seeds import chunk_seed, generator
    from previz.neural_render.sizing import working_size

    tmp = Path(tempfile.mkdtemp(prefix="previz-bench-"))
    shot = make_passes(tmp / "OUT", frames=args.frames, width=args.width, height=args.height)
    renderer = Renderer(tmp / "cache")
    backend = renderer.backend(args.backend, args.weights)
    if args.frames > backend.window:
        ap.error(f"--frames must be at most {backend.window} (one chunk) for a like-for-like call")
    pipe = backend.load()
    device = pipe._execution_device
    width, height = working_size(args.width, args.height, backend.size_multiple, backend.max_area)
    opts = RenderOptions(backend=args.backend, weights=args.weights, steps=args.steps)
    passes = load_passes(shot)
    settings = passes.shot_settings

    # Inputs of the direct call, prepared once outside the timing (as a script would have them).
    from previz.neural_render.sizing import resize_frames

    control = resize_frames(passes.load_control("depth"), width, height)
    video = as_pil(control)
    mask = as_pil(np.full(control.shape[:3], 255, np.uint8))

    def sync() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize()

    def direct(steps: int) -> None:
        pipe(prompt=settings["prompt"], negative_prompt=settings["negative_prompt"], video=video,
             mask=mask, conditioning_scale=1.0, height=height, width=width,
             num_frames=args.frames, num_inference_steps=steps,
             guidance_scale=backend.default_guidance,
             generator=generator(chunk_seed(settings["seed"], 0), device), output_type="np",
             max_sequence_length=backend.max_sequence_length)

    stages: dict[str, list[float]] = {}

    def timed(name: str, fn):  # wraps one stage of the render, accumulating its time
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                stages.setdefault(name, []).append(time.perf_counter() - t0)
        return wrapper

    from previz.neural_render import renderer as renderer_mod

    renderer_mod.load_passes = timed("read passes", renderer_mod.load_passes)
    renderer_mod.snapshot = timed("read snapshot passes", renderer_mod.snapshot)
    renderer_mod.write_render = timed("write outputs", renderer_mod.write_render)
    renderer.cache.put = timed("cache store", renderer.cache.put)
    for meth, label in (("_plan", "plan + hash passes"), ("_generate", "generate (model)")):
        setattr(renderer, meth, timed(label, getattr(renderer, meth)))

    def ours(steps: int, i: int) -> None:
        renderer.cache.root = tmp / f"cache-{steps}-{i}"  # a fresh cache: the model always runs
        renderer.render(shot, replace(opts, steps=steps))

    def measure(steps: int) -> tuple[float, float]:
        stages.clear()
        times: dict[str, list[float]] = {"direct": [], "previz": []}
        for i in range(args.repeats):  # interleaved, so drift affects both sides alike
            for name, fn in (("direct", lambda: direct(steps)),
                             ("previz", lambda i=i: ours(steps, i))):
                sync()
                t0 = time.perf_counter()
                fn()
                sync()
                times[name].append(time.perf_counter() - t0)
        d, o = statistics.median(times["direct"]), statistics.median(times["previz"])
        bd, bo = min(times["direct"]), min(times["previz"])
        print(f"\n{args.frames} frames {width}x{height}, {steps} steps, {args.repeats} repeats "
              "(median | best)")
        print(f"  direct diffusers call : {d:8.3f} s | {bd:8.3f} s")
        print(f"  previz render         : {o:8.3f} s | {bo:8.3f} s   (outputs and cache included)")
        print(f"  overhead              : {o - d:8.3f} s | {bo - bd:8.3f} s")
        print(f"  ratio previz/direct   : {o / d:8.3f}   | {bo / bd:8.3f}")
        print("  previz stages (median s):")
        for name, values in stages.items():
            print(f"    {name:22s}: {statistics.median(values):7.3f}")
        return bd, bo

    direct(args.steps)  # warm-up (kernels, allocator, ffmpeg on disk) for both sides
    ours(args.steps, -1)
    print(f"backend {args.backend} on {device}, torch threads {torch.get_num_threads()}")
    small = measure(args.steps)
    big = measure(args.big_steps) if args.big_steps else None
    print("\nsummary (best of the repeats: the least disturbed by other load on the machine)")
    print(f"  ratio at {args.steps} steps (fixed cost shows) : {small[1] / small[0]:.3f}")
    if big:
        print(f"  ratio at {args.big_steps} steps (model dominates): {big[1] / big[0]:.3f}")
    if device.type == "cuda":
        print(f"peak GPU memory       : {torch.cuda.max_memory_allocated() / 2**20:8.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS              : {rss:8.1f} MiB")
    renderer.release()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
