"""The real Wan2.1-VACE-1.3B architecture at its real size through our `Renderer`: seconds per
denoising step, peak memory, and the overhead ratio of our render over a bare pipeline call.

The model is `wan-vace-random` (`previz.neural_render.wan_random`): the published 1.3B
configuration (transformer, VAE, UMT5 text encoder) with random weights — speed and memory do not
depend on the weight values. Both sides run the same loaded pipeline on the same inputs (control
video, all-white mask, seed, size, frames, steps) in the same run, one after the other, so the
ratio compares like with like. Ours is the whole `Renderer.render(shot)`: reading and hashing the
passes, prompt and visibility, resizing, the seed families' initial noise, the cache store and
every output file (a fresh cache each time, so the model always runs).

    python benchmarks/render_real.py            # GPU: 81 frames at 832x480, full text encoder
    python benchmarks/render_real.py --cpu      # CPU: 17 frames at 64x64, 2 text layers, bf16

Seconds per step come from the render's progress callback (the time between consecutive steps'
ends, so text encoding and VAE are outside it); the bare call's per-step figure from diffusers'
own ``callback_on_step_end``.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "neural_render"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpu", action="store_true", help="the small CPU run (default on no GPU)")
    ap.add_argument("--frames", type=int, help="4k+1 (GPU 81, CPU 17)")
    ap.add_argument("--width", type=int, help="GPU 832, CPU 64")
    ap.add_argument("--height", type=int, help="GPU 480, CPU 64")
    ap.add_argument("--steps", type=int, help="denoising steps (GPU 10, CPU 2)")
    ap.add_argument("--text-layers", type=int, help="UMT5 layers kept (GPU 24, CPU 2)")
    ap.add_argument("--dtype", default="bfloat16", help="transformer and text encoder dtype")
    ap.add_argument("--cpu-offload", action="store_true", help="enable_model_cpu_offload (GPU)")
    ap.add_argument("--vae-tiling", action="store_true", help="decode the VAE in tiles")
    ap.add_argument("--threads", type=int, help="torch CPU threads")
    args = ap.parse_args()

    import torch
    from synthetic_passes import make_passes

    from previz.neural_render import BackendOptions, Renderer, RenderOptions
    from previz.neural_render.backend import as_pil
    from previz.neural_render.passes import load_passes
    from previz.neural_render.seeds import chunk_seed, generator
    from previz.neural_render.sizing import resize_frames, working_size
    from previz.neural_render.wan_random import RandomWanBackend

    cpu = args.cpu or not torch.cuda.is_available()
    frames = args.frames or (17 if cpu else 81)
    width, height = args.width or (64 if cpu else 832), args.height or (64 if cpu else 480)
    steps = args.steps or (2 if cpu else 10)
    layers = args.text_layers or (2 if cpu else 24)
    if args.threads:
        torch.set_num_threads(args.threads)

    tmp = Path(tempfile.mkdtemp(prefix="previz-real-"))
    shot = make_passes(tmp / "OUT", frames=frames, width=width, height=height)
    options = BackendOptions(device="cpu" if cpu else None, dtype=args.dtype,
                             cpu_offload=args.cpu_offload, vae_tiling=args.vae_tiling)
    renderer = Renderer(tmp / "cache", options)
    backend = renderer.add_backend(RandomWanBackend(options=options, text_layers=layers))
    if frames > backend.window:
        ap.error(f"--frames must be at most {backend.window} (one chunk): like-for-like calls")
    t0 = time.perf_counter()
    pipe = backend.load()
    build_s = time.perf_counter() - t0
    device = pipe._execution_device
    w, h = working_size(width, height, backend.size_multiple, backend.max_area)
    passes = load_passes(shot)
    settings = passes.shot_settings
    control = resize_frames(passes.load_control("depth"), w, h)
    video, mask = as_pil(control), as_pil(np.full(control.shape[:3], 255, np.uint8))
    params = {name: sum(p.numel() for p in getattr(pipe, name).parameters()) / 1e9
              for name in ("transformer", "text_encoder", "vae")}

    def sync() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize()

    def step_gaps(stamps: list[float]) -> float:
        """Median time between consecutive step ends (``stamps[0]`` is the call's start: the
        first gap also holds text encoding and VAE encoding, so it counts only when alone)."""
        gaps = [b - a for a, b in itertools.pairwise(stamps)]
        return statistics.median(gaps[1:] or gaps)

    def bare(warm_up: bool = False) -> tuple[float, float]:
        stamps: list[float] = []

        def on_step(p, i, t, kw):
            sync()
            stamps.append(time.perf_counter())
            return kw

        sync()
        start = time.perf_counter()
        pipe(prompt=settings["prompt"], negative_prompt=settings["negative_prompt"], video=video,
             mask=mask, conditioning_scale=1.0, height=h, width=w, num_frames=frames,
             num_inference_steps=1 if warm_up else steps, guidance_scale=backend.default_guidance,
             generator=generator(chunk_seed(settings["seed"], 0), device), output_type="np",
             max_sequence_length=backend.max_sequence_length, callback_on_step_end=on_step)
        sync()
        return time.perf_counter() - start, step_gaps([start, *stamps])

    def ours(i: int) -> tuple[float, float]:
        stamps: list[float] = []
        renderer.cache.root = tmp / f"cache-{i}"
        sync()
        start = time.perf_counter()
        renderer.render(shot, RenderOptions(backend=backend.name, steps=steps),
                        progress=lambda done, total: (sync(), stamps.append(time.perf_counter())))
        sync()
        return time.perf_counter() - start, step_gaps([start, *stamps])

    print(f"wan-vace-random ({SOURCE_LINE}) on {device}, dtype {args.dtype}, torch threads "
          f"{torch.get_num_threads()}", flush=True)
    print(f"  parameters (billions): transformer {params['transformer']:.3f}, text encoder "
          f"{params['text_encoder']:.3f} ({layers} of 24 layers), VAE {params['vae']:.3f}")
    print(f"  built in {build_s:.1f} s; {frames} frames at {w}x{h}, {steps} steps, "
          f"cpu_offload={args.cpu_offload}, vae_tiling={args.vae_tiling}", flush=True)
    if not cpu:  # kernels, allocator: neither side pays them in its measured call
        bare(warm_up=True)
        torch.cuda.reset_peak_memory_stats()
    # Ours first: without a warm-up (minutes on a CPU) the first call pays the kernels' set-up,
    # so this order can only overstate our overhead.
    o_total, o_step = ours(0)
    print(f"  previz Renderer      : {o_total:9.2f} s   ({o_step:7.2f} s per step, outputs "
          "and cache included)", flush=True)
    b_total, b_step = bare()
    print(f"  bare pipeline call   : {b_total:9.2f} s   ({b_step:7.2f} s per step)")
    print(f"  overhead ratio previz/bare: {o_total / b_total:.3f}")
    if device.type == "cuda":
        print(f"  peak VRAM            : {torch.cuda.max_memory_allocated() / 2**30:9.2f} GiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"  peak RSS             : {rss:9.2f} GiB")
    renderer.release()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


SOURCE_LINE = "Wan2.1-VACE-1.3B config, random weights"

if __name__ == "__main__":
    sys.exit(main())
