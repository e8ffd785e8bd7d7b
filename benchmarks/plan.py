"""Benchmark: text → checked World with the offline planner, against loading the same World.

Two scenes:
- a 10-object room ("A living room with a sofa against the wall, …");
- a 100-character formation ("100 officials stand in rows in a large hall");
- the same crowd moving: 100 soldiers march in a procession to a flag (every frame is checked,
  since everything moves).

For each it times the whole agent path — offline planner, layout solver, motion, default camera
and lights, World validation, and the supervisor's check of every frame (`previz.agents.run`:
plan → solve → check, repairs included when needed) — and the floor: building the same World
from its canonical JSON (`World.model_validate_json`, which runs every validation). The ratio
is what planning costs over just having the World. Targets: under 2 s and under 5 s on 2 cores.
The CPU column is the process's CPU seconds (the wall time on a loaded machine is mostly
waiting for the other processes).

    python benchmarks/plan.py             # 5 repeats each (median)
    python benchmarks/plan.py --repeat 1
"""

from __future__ import annotations

import argparse
import statistics
import time

from previz.agents import plan_from_text, run
from previz.world import World

SCENES = {
    "10-object room": (
        "A living room with a sofa against the wall, a coffee table in front of the sofa, two "
        "armchairs next to the coffee table, a bookshelf, a lamp next to the sofa, a rug, a "
        "plant in the corner, a tv and a vase on the coffee table. Mara walks to the sofa.",
        2.0),
    "100-character formation": ("100 officials stand in rows in a large hall.", 5.0),
    "100 marching (animated)": (
        "100 soldiers march in a procession to the flag on the parade ground.", 5.0),
}


def _median(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``fn`` over ``repeat`` calls, and its last result. The
    CPU seconds are this process's (numpy's threads included): on a shared, loaded machine the
    wall time says more about the other processes than about planning."""
    times, cpus, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpus), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(f"{'scene':26} {'entities':>8} {'frames':>6} {'rounds':>6} {'text→checked':>13} "
          f"{'CPU':>7} {'from JSON':>10} {'ratio':>7} {'target':>7}  ok")
    for name, (text, target) in SCENES.items():
        t_plan, c_plan, result = _median(
            lambda text=text: run(plan_from_text(text), seed=args.seed), args.repeat)
        text_json = result.world.canonical_json()
        t_json, _, world = _median(
            lambda text_json=text_json: World.model_validate_json(text_json), args.repeat)
        assert world.content_hash() == result.world.content_hash()
        print(f"{name:26} {len(world.entities):8d} {result.report['metrics']['frames_checked']:6d} "
              f"{len(result.report['rounds']):6d} {t_plan:12.3f}s {c_plan:6.3f}s {t_json:9.4f}s "
              f"{t_plan / t_json:6.0f}x {target:6.1f}s  {result.ok}")


if __name__ == "__main__":
    main()
