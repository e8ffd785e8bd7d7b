"""Benchmark: solve a 10 s follow shot with occlusion checks in a scene of 1,000 objects.

The floor is plain look-at: for the same frames, aim a camera at the subject and write the
track, with no framing solve, no ray casts, no smoothing. The ratio says what the solver costs
on top of the cheapest camera that could exist.

The ray casts go through the spatial index of `previz.skills.geometry` (a uniform grid); the
same solve with the index switched off (every box tested against every ray batch, culled only
by the batch's bounds) is timed too, and must give the same camera (``--no-brute`` skips it).

    python benchmarks/camera.py            # 1,000 objects, 10 s at 24 fps
    python benchmarks/camera.py --objects 5000 --seconds 20
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from previz.skills import geometry
from previz.skills.camera import SHOT_SIZES, ShotSpec, Subject, solve
from previz.skills.camera import movements as mv
from previz.skills.camera.subject import measure
from previz.skills.camera.track import camera_track
from previz.skills.geometry import SceneBoxes, points_inside, segments_hit
from previz.world import World
from previz.world.transforms import look_at_euler


def scene(objects: int, seconds: float, fps: float = 24.0, seed: int = 0) -> World:
    """A figure walking along +X through a field of seeded random boxes (kept off its path)."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * fps)
    length = seconds * 1.4  # walking speed 1.4 m/s
    ents = [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]},
             "transform": {"location": [[[1, -length / 2, "linear"], [frames, length / 2]],
                                        0.0, 0.0], "rotation": [0, 0, math.pi / 2]}}]
    placed = 0
    while placed < objects:
        x = rng.uniform(-length / 2 - 10, length / 2 + 10)
        y = rng.uniform(-25, 25)
        if abs(y) < 0.8:
            continue
        w, d, h = [*rng.uniform(0.3, 1.5, 2).tolist(), float(rng.uniform(0.5, 4.0))]
        ents.append({"id": f"prop-{placed}", "kind": "prop", "asset": {"size": [w, d, h]},
                     "transform": {"location": [x, y, 0.0],
                                   "rotation": [0, 0, float(rng.uniform(0, math.pi))]}})
        placed += 1
    return World.model_validate({"fps": fps, "entities": ents})


def look_at_floor(world: World, spec: ShotSpec) -> tuple[float, float]:
    """Seconds of the plain look-at: (wall clock, CPU time of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    eyes, eulers = [], []
    for f in spec.frame_list:
        m = measure(world, f, spec.subject)
        target = m.at(0.6)
        eye = target + np.array([0.0, -4.0, 0.3])
        eyes.append(eye)
        eulers.append(look_at_euler(eye, target))
    camera_track("cam", spec.frame_list, np.array(eyes), np.array(eulers), 40.0)
    return time.perf_counter() - t0, time.process_time() - c0


def occluded_frames(world: World, spec: ShotSpec, cam) -> int:
    boxes = SceneBoxes(world, exclude=["hero"])
    w = World(fps=world.fps, entities=world.entities, cameras=[cam])
    n = 0
    for f in spec.frame_list:
        eye = w.evaluate(f).cameras["cam"].matrix[:3, 3] if len(world.entities) < 50 else \
            _eye(cam, f)
        pts = measure(world, f, spec.subject).sight_points(spec.size.span, 3)
        n += bool(segments_hit(boxes.at(f), np.repeat(eye[None], 3, 0), pts).any())
    return n


def inside_frames(world: World, spec: ShotSpec, cam) -> tuple[int, int]:
    """Frames whose eye is inside a proxy box, and frame-to-frame moves that cross one."""
    boxes = SceneBoxes(world, exclude=["hero"]).at(spec.frame_list[0])
    eyes = np.stack([_eye(cam, f) for f in spec.frame_list])
    inside = int(points_inside(boxes, eyes).any(axis=0).sum())
    return inside, int(segments_hit(boxes, eyes[:-1], eyes[1:]).sum())


def _eye(cam, f):
    from previz.world.tracks import sample3

    return np.array(sample3(cam.transform.location, f))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-brute", action="store_true",
                    help="skip the solve without the spatial index")
    args = ap.parse_args()
    world = scene(args.objects, args.seconds)
    frames = (1, int(args.seconds * world.fps))
    spec = ShotSpec(Subject("hero"), frames, size=SHOT_SIZES["MLS"], azimuth=-math.pi / 2,
                    screen_x=0.5)
    floors = [look_at_floor(world, spec) for _ in range(args.repeat)]
    floor, floor_cpu = min(f[0] for f in floors), min(f[1] for f in floors)
    times, cpu, report, raw, cam, rays = [], [], None, None, None, 0
    for _ in range(args.repeat):
        geometry.COUNTERS["segments"] = 0
        t0, c0 = time.perf_counter(), time.process_time()
        raw = mv.follow(world, spec)
        cam, report = solve(world, spec, raw)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        rays = geometry.COUNTERS["segments"]
    solve_t = min(times)
    n = frames[1] - frames[0] + 1
    print(f"scene: {args.objects} objects, {n} frames ({args.seconds:g} s at {world.fps:g} fps)")
    print(f"plain look-at (floor):      {floor * 1000:8.1f} ms  ({floor / n * 1000:.3f} ms/frame)")
    print(f"follow + occlusion solve:   {solve_t * 1000:8.1f} ms  ({solve_t / n * 1000:.3f} "
          f"ms/frame)")
    print(f"ratio solve / floor:        {solve_t / floor:8.1f}x  (CPU time: "
          f"{min(cpu) / max(floor_cpu, 1e-9):.1f}x, {min(cpu) * 1000:.0f} / "
          f"{floor_cpu * 1000:.1f} ms; steadier on a shared machine)")
    print(f"rays cast by the solve:     {rays:8d}  ({rays / n:.0f} per frame)")
    if not args.no_brute:
        saved = geometry.INDEX_MIN_BOXES
        geometry.INDEX_MIN_BOXES = 10**9  # no grid: every ray batch against every box
        try:
            t0 = time.perf_counter()
            brute_cam, _ = solve(world, spec, mv.follow(world, spec))
            brute_t = time.perf_counter() - t0
        finally:
            geometry.INDEX_MIN_BOXES = saved
        same = brute_cam.model_dump() == cam.model_dump()
        print(f"same solve, no index:       {brute_t * 1000:8.1f} ms  "
              f"(index speed-up {brute_t / solve_t:.1f}x; same camera: {same})")
    print(f"occluded frames: wanted path {occluded_frames(world, spec, raw)}, "
          f"solved {occluded_frames(world, spec, cam)} (solver report: "
          f"{len(report.occluded_frames)} occluded, {len(report.inside_frames)} inside); "
          f"moved {len(report.moved_frames)}; "
          f"max accel {report.max_accel:.2f} m/s², jerk {report.max_jerk:.1f} m/s³")
    inside, through = inside_frames(world, spec, cam)
    print(f"camera inside a box: {inside} frames; moves through a box: {through}")


if __name__ == "__main__":
    main()
