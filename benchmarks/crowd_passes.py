"""Benchmark: the passes of a 100-character crowd, fast path against the previous code path.

The crowd is what `previz make` builds for "100 soldiers march in a procession to the flag on the
parade ground" (offline planner, seed 0), or a World JSON given with ``--world``. Both runs use
the same process and scene:

- before: every armature evaluated by Blender each frame and every triangle rasterised one by
  one (``passes.render.NUMPY_BODIES = False``, ``skills.raster.SMALL_BOX = 0``: exactly the
  code path before issue 18);
- after: the mannequins posed in numpy from the World's joints and small triangles covered in
  batches (the defaults).

Prints wall and CPU seconds (all threads) of each, the ratios, and the projection to the issue's
192 frames. The machine may be shared and loaded: the CPU ratio is the steadier figure.

    python benchmarks/crowd_passes.py                    # 24 frames at 832x480
    python benchmarks/crowd_passes.py --frames 192       # the issue's whole scene (minutes)
    python benchmarks/crowd_passes.py --world crowd.json --save-world crowd.json
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

TEXT = "100 soldiers march in a procession to the flag on the parade ground."


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", help="a World JSON (default: plan the crowd from the text)")
    ap.add_argument("--save-world", help="write the planned World here (to reuse with --world)")
    ap.add_argument("--frames", type=int, default=24, help="frames from the shot's start")
    ap.add_argument("--resolution", default="832x480")
    ap.add_argument("--skip-before", action="store_true", help="only the fast path")
    ap.add_argument("--heap-baseline", action="store_true",
                    help="first the fast path with malloc left as it is (render.STEADY_HEAP "
                         "off), then as usual: the page faults it saves")
    args = ap.parse_args()

    import bpy

    from previz.addon.bridge import build
    from previz.addon.passes import render as passes_render
    from previz.addon.passes.render import parse_resolution, render_passes
    from previz.skills import raster
    from previz.world import World, load_world

    t0 = time.perf_counter()
    if args.world:
        world = load_world(args.world)
    else:
        from previz.agents import plan_from_text, run

        world = run(plan_from_text(TEXT), seed=0).world
        if args.save_world:
            Path(args.save_world).write_text(world.canonical_json(), encoding="utf-8")
    assert isinstance(world, World)
    plan_s = time.perf_counter() - t0
    shot = sorted(world.shots, key=lambda s: s.id)[0]
    first, last = shot.frame_start, min(shot.frame_end, shot.frame_start + args.frames - 1)
    n = last - first + 1
    w, h = parse_resolution(args.resolution)
    skinned = sum(e.skeleton is not None for e in world.entities)
    bpy.ops.wm.read_homefile(use_empty=True)
    t0, c0 = time.perf_counter(), cpu_seconds()
    scene = build(world, bpy.context.scene)
    build_s, build_cpu = time.perf_counter() - t0, cpu_seconds() - c0

    def passes(tag: str) -> tuple[float, float]:
        tmp = Path(tempfile.mkdtemp(prefix=f"previz-bench-crowd-{tag}-"))
        try:
            t, c = time.perf_counter(), cpu_seconds()
            render_passes(world, scene, tmp, shot_id=shot.id, frames=(first, last),
                          resolution=(w, h))
            return time.perf_counter() - t, cpu_seconds() - c
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    heap_off = None
    if args.heap_baseline:  # first: glibc keeps the one-arena limit for the process
        passes_render.STEADY_HEAP = False
        try:
            heap_off = passes("heap-off")
        finally:
            passes_render.STEADY_HEAP = True
    after = passes("after")
    before = None
    if not args.skip_before:
        small, bodies = raster.SMALL_BOX, passes_render.NUMPY_BODIES
        raster.SMALL_BOX, passes_render.NUMPY_BODIES = 0, False
        try:
            before = passes("before")
        finally:
            raster.SMALL_BOX, passes_render.NUMPY_BODIES = small, bodies

    print(f"crowd: {len(world.entities)} entities ({skinned} skinned), shot {shot.id}, "
          f"{n} frames at {w}x{h}; plan {plan_s:.1f} s, build {build_s:.1f} s "
          f"({build_cpu:.1f} s CPU)")
    print(f"after : {after[0]:7.2f} s wall  {after[1]:7.2f} s CPU  "
          f"({after[1] / n:.3f} s CPU/frame)")
    if heap_off is not None:
        print(f"fast path, malloc as it is (STEADY_HEAP off): {heap_off[0]:7.2f} s wall  "
              f"{heap_off[1]:7.2f} s CPU; with it: wall {heap_off[0] / after[0]:.2f}x, "
              f"CPU {heap_off[1] / after[1]:.2f}x less")
    if before is not None:
        print(f"before: {before[0]:7.2f} s wall  {before[1]:7.2f} s CPU  "
              f"({before[1] / n:.3f} s CPU/frame)")
        print(f"ratio (before / after): wall {before[0] / after[0]:.2f}x, "
              f"CPU {before[1] / after[1]:.2f}x")
    print(f"projected to 192 frames (CPU, per-frame rate): after {after[1] / n * 192:.0f} s"
          + (f", before {before[1] / n * 192:.0f} s" if before is not None else ""))


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # bpy as a module can hang in its exit handlers after a built scene
