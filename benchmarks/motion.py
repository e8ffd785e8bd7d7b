"""Benchmark: plan and synthesise 10 s of motion for 1, 10 and 100 characters in a furnished
scene, and plan paths across a 200 m × 200 m area with 1,000 obstacles.

What it builds (seeded):
- a 40 m × 30 m hall with 60 furniture boxes (random sizes and yaws) rasterised from a World at
  0.1 m, inflated by the humanoid body radius;
- for N characters: a start and a goal on free ground, the A* path smoothed clear of the
  furniture, 10 s of walking (stride-wheel locomotion with foot locking, then idle to fill the
  10 s), baked one key per frame into World entities and validated as one World;
- a 200 m × 200 m area with 1,000 boxes at 0.5 m (401 × 401 cells), and 20 start/goal pairs.

What it compares against (the floor, measured in the same run): building the same baked
Worlds into Blender with `previz.addon.bridge.build` — what any motion has to cost once it is
in the scene. The ratio is synthesis time over build time. Times are CPU seconds of this process
(`time.process_time`), so other work on a shared machine does not inflate them.

    python benchmarks/motion.py            # 1, 10, 100 characters (~1 min on 2 cores)
    python benchmarks/motion.py --quick    # 1 and 10 characters
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from previz.skills.motion.actions import idle
from previz.skills.motion.clip import bake, concatenate
from previz.skills.motion.locomotion import locomotion
from previz.skills.skeletons import TEMPLATES, make_skeleton
from previz.skills.trajectory.grid import rasterize, world_grid
from previz.skills.trajectory.planner import WEIGHT, plan_path
from previz.world import AssetRef, Entity, Transform, World

FPS = 24.0
SECONDS = 10.0


def furnished_hall(rng: np.random.Generator, count: int = 60) -> World:
    ents = []
    for k in range(count):
        w, d = rng.uniform(0.4, 2.5, 2)
        ents.append(Entity(
            id=f"prop-{k:03d}", kind="prop", asset=AssetRef(size=(w, d, rng.uniform(0.5, 2.0))),
            transform=Transform(location=(rng.uniform(-18, 18), rng.uniform(-13, 13), 0.0),
                                rotation=(0.0, 0.0, rng.uniform(0, np.pi))),
        ))
    return World(entities=ents)


def synthesise(world: World, n: int, rng: np.random.Generator) -> tuple[World, dict]:
    skel = make_skeleton("humanoid")
    radius = TEMPLATES["humanoid"].radius
    t0 = time.process_time()
    grid = world_grid(world, 1, bounds=(-20, -15, 20, 15), radius=radius, resolution=0.1)
    t_grid = time.process_time() - t0
    t_plan = t_motion = 0.0
    entities = []
    frames_total = round(SECONDS * FPS) + 1
    for k in range(n):
        while True:
            a, b = rng.uniform([-19, -14], [19, 14], (2, 2))
            if 6.0 < np.linalg.norm(b - a) < 12.0 and grid.free_at(a) and grid.free_at(b):
                break
        t0 = time.process_time()
        path = plan_path(grid, a, b)
        t1 = time.process_time()
        walk = locomotion(skel, path, style="walk")
        rest = frames_total - walk.frames
        if rest > 1:
            stand = idle(skel, (rest - 1) / FPS, FPS, walk.entity_location[-1],
                         float(walk.entity_rotation[-1, 2]))
            motion = concatenate([walk, stand])
        else:
            motion = walk.slice(0, frames_total)
        motion = motion.slice(0, frames_total)
        entities.append(bake(motion, Entity(id=f"actor-{k:03d}", kind="character",
                                            skeleton=skel)))
        t2 = time.process_time()
        t_plan += t1 - t0
        t_motion += t2 - t1
    t0 = time.process_time()
    out = World(entities=[*world.entities, *entities])
    t_world = time.process_time() - t0
    return out, {"grid": t_grid, "plan": t_plan, "motion": t_motion, "world": t_world}


def blender_build(world: World) -> float:
    import bpy

    from previz.addon.bridge import build

    bpy.ops.wm.read_homefile(use_empty=True)
    t0 = time.process_time()
    build(world, bpy.context.scene)
    return time.process_time() - t0


def big_area(rng: np.random.Generator, paths: int = 20) -> dict:
    polys = []
    for _ in range(1000):
        c = rng.uniform(-100, 100, 2)
        w, d = rng.uniform(0.5, 4.0, 2)
        a = rng.uniform(0, np.pi)
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        polys.append((rot @ (np.array([[-w, -d], [w, -d], [w, d], [-w, d]]) / 2).T).T + c)
    t0 = time.process_time()
    grid = rasterize(polys, (-100, -100, 100, 100), 0.5).inflate(0.3)
    t_grid = time.process_time() - t0
    times: dict[float, list[float]] = {WEIGHT: [], 1.0: []}
    lengths: dict[float, list[float]] = {WEIGHT: [], 1.0: []}
    while len(times[1.0]) < paths:
        s, e = rng.uniform(-95, 95, (2, 2))
        if np.linalg.norm(e - s) < 50 or not (grid.free_at(s) and grid.free_at(e)):
            continue
        for weight in times:  # the default, then exact A* as the in-run baseline
            t0 = time.process_time()
            p = plan_path(grid, s, e, weight=weight)
            times[weight].append(time.process_time() - t0)
            lengths[weight].append(float(np.linalg.norm(np.diff(p, axis=0), axis=1).sum()))
    return {"grid": t_grid, "times": {k: np.array(v) for k, v in times.items()},
            "lengths": {k: np.array(v) for k, v in lengths.items()}, "shape": grid.shape}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1 and 10 characters only")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    hall = furnished_hall(rng)
    print(f"motion benchmark: {SECONDS:g} s of motion at {FPS:g} fps, seed {args.seed}")
    print(f"{'chars':>6} {'grid s':>8} {'plan s':>8} {'motion s':>9} {'World s':>8} "
          f"{'total s':>8} {'per char':>9} {'blender s':>10} {'ratio':>6}")
    for n in (1, 10) if args.quick else (1, 10, 100):
        world, t = synthesise(hall, n, rng)
        total = sum(t.values())
        floor = blender_build(world)
        print(f"{n:>6} {t['grid']:>8.3f} {t['plan']:>8.3f} {t['motion']:>9.3f} "
              f"{t['world']:>8.3f} {total:>8.3f} {total / n:>9.3f} {floor:>10.3f} "
              f"{total / floor:>6.2f}")
    big = big_area(rng)
    print(f"path planning, 200 m x 200 m, 1000 obstacles, grid {big['shape'][0]}x"
          f"{big['shape'][1]} at 0.5 m (raster + inflate + distance field {big['grid']:.3f} s), "
          f"{len(big['times'][1.0])} paths, target < 50 ms per path:")
    base = big["times"][1.0] * 1000
    for weight, label in ((WEIGHT, f"default (weight {WEIGHT:g})"), (1.0, "exact A* (weight 1)")):
        ms = big["times"][weight] * 1000
        print(f"  {label:<22} mean {ms.mean():6.1f} ms  p95 {np.percentile(ms, 95):6.1f} ms  "
              f"max {ms.max():6.1f} ms  mean length {big['lengths'][weight].mean():6.1f} m  "
              f"mean time vs exact {ms.mean() / base.mean():.2f}")

if __name__ == "__main__":
    main()
