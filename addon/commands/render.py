"""`previz render OUT/<shot>`: turn a shot's condition passes into footage with a video diffusion
model, in this process (torch is imported only when the command runs).

`previz render SCENE.blend|WORLD.json --all|--shot ID -o OUT` renders the passes first, through the
batch local engine (`previz.addon.batch`); with no scene, the .blend open in Blender is used
(``blender -b shot.blend -c previz render --all -o OUT``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from previz.world import DEFAULT_BACKEND, progress
from previz.world.errors import InputError
from previz.world.passes_contract import controls_help


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "render",
        help="render a shot's passes into video with a local diffusion model",
        description=(
            "Render OUT/<shot> (a passes folder with manifest.json) into OUT/<shot>/render/: "
            "PNG frames, render.mp4, side_by_side.mp4 and render.json. Results are cached by "
            "content: an unchanged shot is not rendered again. Backends (default "
            f"{DEFAULT_BACKEND}): wan-vace, animatediff-controlnet, tiny-wan, tiny-animatediff "
            "(random weights, offline). "
            "Scene form: `previz render SCENE.blend|WORLD.json --all|--shot ID -o OUT` renders "
            "the shots' passes and then the video (the batch local engine; no scene: the .blend "
            "open in Blender)."
        ),
    )
    p.add_argument("shot_dir", nargs="?", metavar="OUT/SHOT | SCENE",
                   help="the shot's passes folder, or a World JSON / .blend (with -o)")
    p.add_argument("-o", "--output", metavar="OUT", help="scene form: the output folder")
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--all", action="store_true", help="scene form: every shot")
    sel.add_argument("--shot", help="scene form: one shot id")
    p.add_argument("--passes", metavar="P1,P2", help="scene form: passes to render (default all)")
    p.add_argument("--retries", type=int, default=1,
                   help="scene form: extra attempts for a failing shot (default 1)")
    p.add_argument("--backend",
                   help=f"backend name (default: the shot's setting, else {DEFAULT_BACKEND})")
    p.add_argument("--weights", metavar="PATH_OR_ID",
                   help="diffusers folder or Hugging Face repo id already downloaded")
    p.add_argument("--pass", dest="controls", action="append", metavar="NAME",
                   help=f"control pass: {controls_help()} "
                        "(repeat for several; default: the shot's setting, else depth)")
    p.add_argument("--steps", type=int, help="denoising steps")
    p.add_argument("--seed", type=int, help="seed (default: the shot's seed)")
    p.add_argument("--guidance", type=float, help="classifier-free guidance scale")
    p.add_argument("--conditioning-scale", type=float, help="strength of the control")
    p.add_argument("--prompt", help="prompt (default: the shot's prompt)")
    p.add_argument("--negative-prompt", help="negative prompt (default: the shot's)")
    p.add_argument("--chunk-frames", type=int, help="frames per model call (Wan: 4k+1)")
    p.add_argument("--overlap", type=int, help="frames shared by consecutive chunks")
    p.add_argument("--masked", "--changed", dest="masked", action="store_true",
                   help="re-render only the pixels whose conditions changed since the last "
                        "render (frames and chunks with no change cost no denoiser call); also "
                        "in the scene form: every shot against its previous render in OUT")
    p.add_argument("--full-if-missing", action="store_true",
                   help="with --changed: a shot with no previous render is rendered in full "
                        "(without it, that is an error, exit 2)")
    p.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    p.add_argument("--dtype", default="auto", help="auto, float32, float16 or bfloat16")
    p.add_argument("--cpu-offload", action="store_true", help="enable_model_cpu_offload (CUDA)")
    p.add_argument("--vae-tiling", action="store_true", help="decode the VAE in tiles")
    p.add_argument("--vae-slicing", action="store_true", help="decode the VAE frame by frame")
    p.add_argument("--cache-dir", help="render cache (default: $PREVIZ_CACHE_DIR or "
                                       "~/.cache/previz/render)")
    p.add_argument("--no-progress", action="store_true", help="no progress (as --quiet)")
    p.set_defaults(func=run)


def _is_scene(target: str | None) -> bool:
    return target is not None and Path(target).suffix.lower() in (".json", ".blend")


def run(args: argparse.Namespace) -> int:
    from previz.neural_render import BackendOptions, Renderer, RenderOptions, registry

    scene_form = _is_scene(args.shot_dir) or args.output or args.all or args.shot is not None
    if not scene_form:
        if args.shot_dir is None:
            raise InputError("name a passes folder OUT/<shot>, or a scene with --all/--shot -o OUT")
        if args.passes:
            raise InputError("--passes is for the scene form (SCENE --all|--shot ID -o OUT)")

    if args.backend is not None:
        registry.check_backend(args.backend)
    from previz.addon.commands._options import check_render_flags

    check_render_flags(args)  # bounds, device, cache and output folders: before any work
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
    if scene_form:
        return _run_scene(args, options, backend_options)
    from previz.neural_render import preload

    preload.no_blender = True  # this form never loads bpy: the model stack may load beside
    renderer = Renderer(args.cache_dir, backend_options)
    name = f"render {Path(args.shot_dir).name}"
    try:
        with progress.quiet_if(args.no_progress), progress.per_key("", "steps") as on_step:
            result = renderer.render(args.shot_dir, options, masked=args.masked,
                                     full_if_missing=args.full_if_missing,
                                     progress=lambda done, total: on_step(name, done, total))
    finally:
        renderer.release()
    how = "from the cache" if result.cache_hit else "rendered"
    print(f"{result.info['shot']}: {len(result.frames)} frames {how} -> {result.out_dir}")
    if result.fraction_rerendered is not None:
        print(f"re-rendered {100.0 * result.fraction_rerendered:.1f}% of the pixels")
    print(f"cache key {result.key}")
    return 0


def _run_scene(args: argparse.Namespace, options, backend_options) -> int:
    """``previz render SCENE --all|--shot ID -o OUT``: passes + render via the batch engine."""
    from previz.addon.batch import BatchOptions, plan_batch, run_local
    from previz.addon.batch.jobs import check_previous_renders
    from previz.addon.commands.batch import check_weights, report
    from previz.addon.passes.render import parse_passes

    if args.shot_dir is not None and not _is_scene(args.shot_dir):
        raise InputError(f"{args.shot_dir}: the scene form takes a World JSON or a .blend")
    if not args.output:
        raise InputError("the scene form needs -o OUT (the output folder)")
    if not (args.all or args.shot):
        raise InputError("say which shots: --all or --shot ID")
    open_file = args.shot_dir is None
    if open_file:  # blender -b shot.blend -c previz render --all -o OUT
        import bpy

        if not bpy.data.filepath:
            raise InputError("no scene given and no .blend is open in Blender")
        sources = [bpy.data.filepath]
    else:
        sources = [args.shot_dir]
    batch = BatchOptions(render=options, backend_options=backend_options,
                         cache_dir=args.cache_dir,
                         passes=parse_passes(args.passes) if args.passes else None,
                         retries=args.retries, changed=args.masked,
                         full_if_missing=args.full_if_missing)
    jobs = plan_batch(sources, [args.shot] if args.shot else None, batch, open_file=open_file)
    from previz.neural_render.references import check_world_references

    for job in {id(j.world): j for j in jobs if j.world is not None}.values():
        check_world_references(job.world, Path(job.source).resolve().parent)
    check_previous_renders(jobs, args.output, batch)
    check_weights(batch)
    with progress.quiet_if(args.no_progress):
        results = run_local(jobs, Path(args.output), batch)
    return report(results, args.output)
