"""`previz render OUT/<shot>`: turn a shot's condition passes into footage with a video diffusion
model, in this process (torch is imported only when the command runs)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "render",
        help="render a shot's passes into video with a local diffusion model",
        description=(
            "Render OUT/<shot> (a passes folder with manifest.json) into OUT/<shot>/render/: "
            "PNG frames, render.mp4, side_by_side.mp4 and render.json. Results are cached by "
            "content: an unchanged shot is not rendered again. Backends: wan-vace (default), "
            "animatediff-controlnet, tiny-wan, tiny-animatediff (random weights, offline)."
        ),
    )
    p.add_argument("shot_dir", metavar="OUT/SHOT", help="the shot's passes folder")
    p.add_argument("--backend", help="backend name (default: the shot's setting, else wan-vace)")
    p.add_argument("--weights", metavar="PATH_OR_ID",
                   help="diffusers folder or Hugging Face repo id already downloaded")
    p.add_argument("--pass", dest="controls", action="append", metavar="NAME",
                   help="control pass: depth, normal, segmentation, pose, edges, clay "
                        "(repeat for several; default: the shot's setting, else depth)")
    p.add_argument("--steps", type=int, help="denoising steps")
    p.add_argument("--seed", type=int, help="seed (default: the shot's seed)")
    p.add_argument("--guidance", type=float, help="classifier-free guidance scale")
    p.add_argument("--conditioning-scale", type=float, help="strength of the control")
    p.add_argument("--prompt", help="prompt (default: the shot's prompt)")
    p.add_argument("--negative-prompt", help="negative prompt (default: the shot's)")
    p.add_argument("--chunk-frames", type=int, help="frames per model call (Wan: 4k+1)")
    p.add_argument("--overlap", type=int, help="frames shared by consecutive chunks")
    p.add_argument("--masked", action="store_true",
                   help="re-render only the pixels whose conditions changed since the last render")
    p.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    p.add_argument("--dtype", default="auto", help="auto, float32, float16 or bfloat16")
    p.add_argument("--cpu-offload", action="store_true", help="enable_model_cpu_offload (CUDA)")
    p.add_argument("--vae-tiling", action="store_true", help="decode the VAE in tiles")
    p.add_argument("--vae-slicing", action="store_true", help="decode the VAE frame by frame")
    p.add_argument("--cache-dir", help="render cache (default: $PREVIZ_CACHE_DIR or "
                                       "~/.cache/previz/render)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from previz.neural_render import BackendOptions, Renderer, RenderOptions, registry

    if args.backend is not None:
        registry.check_backend(args.backend)
    for name, value in (("--steps", args.steps), ("--chunk-frames", args.chunk_frames)):
        if value is not None and value < 1:
            from previz.world.errors import InputError

            raise InputError(f"{name} must be at least 1, got {value}")
    options = RenderOptions(
        backend=args.backend, weights=args.weights,
        controls=tuple(args.controls) if args.controls else None, steps=args.steps,
        guidance_scale=args.guidance, conditioning_scale=args.conditioning_scale, seed=args.seed,
        prompt=args.prompt, negative_prompt=args.negative_prompt,
        chunk_frames=args.chunk_frames, overlap=args.overlap,
    )
    backend_options = BackendOptions(device=args.device, dtype=args.dtype,
                                     cpu_offload=args.cpu_offload, vae_tiling=args.vae_tiling,
                                     vae_slicing=args.vae_slicing)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if args.no_progress:
            return
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="step", desc="render")
        bar.update(done - bar.n)

    renderer = Renderer(args.cache_dir, backend_options)
    try:
        result = renderer.render(args.shot_dir, options, masked=args.masked, progress=progress)
    finally:
        if bar is not None:
            bar.close()
        renderer.release()
    how = "from the cache" if result.cache_hit else "rendered"
    print(f"{result.info['shot']}: {len(result.frames)} frames {how} -> {result.out_dir}")
    if result.fraction_rerendered is not None:
        print(f"re-rendered {100.0 * result.fraction_rerendered:.1f}% of the pixels")
    print(f"cache key {result.key}")
    return 0
