"""Benchmark: all white-box passes of an example shot vs a plain Blender render of the same
view-layer passes.

Ours: `previz.addon.passes.render.render_passes` — every pass (clay, depth 16-bit PNG + EXR,
depth_control, normal, segmentation ×2, pose, edges, one mask per entity), contact sheet and
preview.mp4, at the shot's resolution. Baseline, in the same process and scene: Cycles animation
render (``bpy.ops.render.render(animation=True)``) of the Z, Normal and Object Index view-layer
passes to multilayer EXR, with the cheapest settings that still give first-hit values (1 sample,
0 bounces, no denoising, persistent data on) — the baseline gets only the raw passes, with none of
the post-processing or PNG writing. Prints frames per second of both and the ratio.

    python benchmarks/passes.py                       # two_characters_room / ots, 48 frames
    python benchmarks/passes.py --frames 96 --world examples/orbit_prop.json --shot orbit
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", default=str(ROOT / "examples" / "two_characters_room.json"))
    ap.add_argument("--shot", default="ots")
    ap.add_argument("--frames", type=int, default=48, help="frames from the shot's start")
    ap.add_argument("--resolution", default="832x480")
    args = ap.parse_args()

    import bpy

    from previz.addon.bridge import build
    from previz.addon.passes.render import parse_resolution, render_passes
    from previz.world import load_world

    path = Path(args.world)
    world = load_world(path)
    shot = world.shot(args.shot)
    first = shot.frame_start
    last = min(shot.frame_end, first + args.frames - 1)
    n = last - first + 1
    w, h = parse_resolution(args.resolution)
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene, base_dir=path.parent)
    tmp = Path(tempfile.mkdtemp(prefix="previz-bench-passes-"))
    try:
        t0 = time.perf_counter()
        render_passes(world, scene, tmp / "ours", shot_id=shot.id, frames=(first, last),
                      resolution=(w, h), base_dir=path.parent)
        ours = time.perf_counter() - t0

        scene.camera = bpy.data.objects[shot.camera]
        scene.render.engine = "CYCLES"
        scene.cycles.device = "CPU"
        scene.cycles.samples = 1
        scene.cycles.use_adaptive_sampling = False
        scene.cycles.use_denoising = False
        scene.cycles.max_bounces = 0
        scene.render.use_persistent_data = True
        scene.render.resolution_x, scene.render.resolution_y = w, h
        scene.render.resolution_percentage = 100
        layer = scene.view_layers[0]
        layer.use_pass_z = layer.use_pass_normal = layer.use_pass_object_index = True
        scene.render.image_settings.file_format = "OPEN_EXR_MULTILAYER"
        scene.render.image_settings.color_depth = "32"
        scene.render.filepath = str(tmp / "plain" / "####")
        scene.frame_start, scene.frame_end = first, last
        t0 = time.perf_counter()
        bpy.ops.render.render(animation=True)
        plain = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"scene {path.name} shot {shot.id}: {n} frames at {w}x{h}")
    print(f"previz passes (all passes + sheet + mp4): {ours:7.2f} s  {n / ours:6.2f} fps")
    print(f"plain Cycles render of Z/Normal/IndexOB:  {plain:7.2f} s  {n / plain:6.2f} fps")
    print(f"ratio (previz / plain fps): {plain / ours:.2f}x")


if __name__ == "__main__":
    main()
    # bpy 4.5 as a module can hang in its exit handlers after a Previz scene was built (seen with
    # every example, also without this benchmark's code); the figures are printed, so leave now.
    sys.stdout.flush()
    os._exit(0)
