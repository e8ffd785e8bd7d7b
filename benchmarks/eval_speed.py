"""Benchmark: where the fidelity benchmark's time goes, per stage, against a baseline tree.

`previz eval` runs 140 prompts (70 × offline/expert); its budget is 20 minutes on 2 cores. This
times a fixed subset, stage by stage (plan, layout, motion, camera, lighting, shot prompts,
check, Blender build, sampled renders, scoring, map) in CPU seconds of the process
(`time.process_time`, so other work on a shared machine does not inflate it), for two trees in
the same run:

- the **baseline**: the repository at ``--baseline`` (a commit; default the one before the
  speed work), exported with ``git archive`` to a temporary folder and imported first on
  ``PYTHONPATH`` (``previz`` is a namespace package, so its parts come from that tree);
- the **current** working tree, or ``--current REV`` exported the same way, or
  ``--current DIR`` (a folder holding ``previz/<part>``: the baseline with only some files
  changed, to measure one change while others edit the working tree).

Each tree runs in its own fresh process (spawned, one BLAS thread, as `previz eval` workers).
It prints per prompt and stage the CPU seconds of both, the ratio baseline/current, and whether
the two Worlds are byte-identical (content hash): a speed-up must not change what is built.
A "DIFFERENT" is worth a diff of the two world.json files before blaming the change: the same
code with the allocator in another state (a few arrays allocated first) bakes the carnival
parade's motion differently in the last bit (a joint key 0.0 against 2.2e-16, measured
2026-12-03), since numpy's rounding can follow the memory layout.

    python benchmarks/eval_speed.py                     # the default subset, both trees
    python benchmarks/eval_speed.py --only ID,ID --track expert --rounds 4
    python benchmarks/eval_speed.py --baseline HEAD~3 --json out.json
    python benchmarks/eval_speed.py --parallel          # both trees at once (2 cores)

Stages nest (layout, motion, camera, lighting and prompts are inside realize; realize and check
run once per repair round): "realize (rest)" is realize less the stages named inside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROMPTS = ROOT / "benchmarks" / "fidelity" / "prompts.json"
# The slowest prompts of the 19:00 UTC baseline run (crowds, a city, a busy interior), and two
# ordinary ones; expert track (its plans do not change with the offline planner).
DEFAULT_ONLY = ("crowds_carnival_parade_avenue", "crowds_graduation_lawn_stage",
                "crowds_monk_procession_temple_gate", "interiors_dining_hall_candles_piano",
                "aerial_drone_rise_city_block", "dialogue_cafe_shot_reverse_shot")
DEFAULT_BASELINE = "8dead9a"
PARTS = ("addon", "agents", "asset_index", "neural_render", "skills", "world")

# (stage, module, attribute): the function whose CPU time the stage is. A class attribute is
# written "Class.method".
STAGES = (
    ("plan", "previz.agents.planner", "plan_from_text"),
    ("realize", "previz.agents.pipeline", "realize"),
    ("layout", "previz.agents.realize", "solve_layout"),
    ("motion plan", "previz.agents.realize", "plan_motion"),
    ("motion bake", "previz.agents.realize", "animate_entities"),
    ("camera", "previz.agents.adapters", "SkillsCamera.camera"),
    ("lighting", "previz.agents.adapters", "SkillsLighting.lights"),
    ("shot prompts", "previz.agents.realize", "_prompts_from_view"),
    ("check", "previz.agents.pipeline", "check"),
    ("build", "previz.addon.bridge", "build"),
    ("render", "previz.addon.evaluation.frames", "render_samples"),
    ("score", "previz.agents.fidelity.score", "score_prompt"),
    ("map", "previz.agents.supervisor.plot", "plot_png"),
)
INSIDE_REALIZE = ("layout", "motion plan", "motion bake", "camera", "lighting", "shot prompts")


def _child(only: list[str], track: str, rounds: int, out: str) -> None:
    """In a fresh process: wrap every stage with a CPU timer, run the prompts as `previz eval`
    does, print one JSON line per prompt."""
    import importlib

    totals: dict[str, float] = {}

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.process_time() - c0
        return wrapper

    for name, module, attr in STAGES:
        owner = importlib.import_module(module)
        *cls, fn_name = attr.split(".")
        if cls:
            owner = getattr(owner, cls[0])
        setattr(owner, fn_name, timed(name, getattr(owner, fn_name)))
    # The runner imports the planner, bridge, renderer and map inside its function, and the
    # scorer when it is first imported (below, after the patches), so it calls the timed ones.
    from previz.addon.evaluation.runner import Settings, run_one
    from previz.agents.fidelity.expectations import load_prompts

    prompts = {p.id: p for p in load_prompts(str(PROMPTS)).prompts}
    settings = Settings(out=Path(out), plans=PROMPTS.parent / "plans", rounds=rounds)
    for pid in only:
        totals.clear()
        c0 = time.process_time()
        score = run_one(prompts[pid], track, settings)
        cpu = time.process_time() - c0
        world = Path(out) / track / pid / "world.json"
        digest = ""
        if world.is_file():
            import hashlib

            digest = hashlib.sha256(world.read_bytes()).hexdigest()[:16]
        print(json.dumps({"id": pid, "cpu": round(cpu, 2), "error": score.error,
                          "score": round(score.score, 4), "world": digest,
                          "stages": {k: round(v, 3) for k, v in totals.items()}}), flush=True)


def _export(rev: str, into: Path) -> Path:
    """The tree at ``rev`` as an importable ``previz`` namespace: ``into/previz/<part>``."""
    tree = into / "previz"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *PARTS],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return into


def _start_tree(pythonpath: str | None, only: list[str], track: str, rounds: int,
                out: Path) -> subprocess.Popen:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONHASHSEED="0")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    else:
        env.pop("PYTHONPATH", None)
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import eval_speed; "
            f"eval_speed._child({only!r}, {track!r}, {rounds}, {str(out)!r})")
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=str(ROOT))


def _rows(proc: subprocess.Popen, only: list[str]) -> dict[str, dict]:
    """The JSON rows a child printed, once it has finished."""
    stdout, stderr = proc.communicate()
    rows = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[row["id"]] = row
    if proc.returncode != 0 or len(rows) != len(only):
        sys.stderr.write(stderr[-3000:])
        raise SystemExit(f"eval_speed: a run failed (exit {proc.returncode})")
    return rows


def _run_tree(pythonpath: str | None, only: list[str], track: str, rounds: int,
              out: Path) -> dict[str, dict]:
    return _rows(_start_tree(pythonpath, only, track, rounds, out), only)


def _table(base: dict[str, dict], cur: dict[str, dict]) -> str:
    names = [s for s, _, _ in STAGES]
    lines = []
    for pid in base:
        b, c = base[pid], cur[pid]
        same = "identical" if b["world"] == c["world"] and b["world"] else "DIFFERENT"
        lines.append(f"{pid}: {b['cpu']:.1f} -> {c['cpu']:.1f} CPU s "
                     f"(x{b['cpu'] / max(c['cpu'], 1e-9):.2f}), World {same}, "
                     f"score {b['score']:.3f} -> {c['score']:.3f}")
        for s in [*names, "realize (rest)"]:
            if s == "realize (rest)":
                bv = b["stages"].get("realize", 0.0) - sum(b["stages"].get(k, 0.0)
                                                           for k in INSIDE_REALIZE)
                cv = c["stages"].get("realize", 0.0) - sum(c["stages"].get(k, 0.0)
                                                           for k in INSIDE_REALIZE)
            else:
                bv, cv = b["stages"].get(s, 0.0), c["stages"].get(s, 0.0)
            if bv < 0.05 and cv < 0.05:
                continue
            lines.append(f"    {s:<16}{bv:8.2f} {cv:8.2f}   x{bv / max(cv, 1e-9):.2f}")
    tb = sum(r["cpu"] for r in base.values())
    tc = sum(r["cpu"] for r in cur.values())
    lines.append(f"total: baseline {tb:.1f} CPU s, current {tc:.1f} CPU s, "
                 f"ratio baseline/current {tb / max(tc, 1e-9):.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(DEFAULT_ONLY), help="prompt ids, comma separated")
    ap.add_argument("--track", choices=("offline", "expert"), default="expert")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="git revision of the baseline")
    ap.add_argument("--current", metavar="REV|DIR", help="the tree to time against the baseline "
                    "(default the working tree)")
    ap.add_argument("--current-only", action="store_true", help="time the current tree alone")
    ap.add_argument("--parallel", action="store_true", help="run the two trees at the same "
                    "time (two cores: half the wall time, the same CPU seconds)")
    ap.add_argument("--json", metavar="FILE", help="also write the raw rows here")
    args = ap.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    with tempfile.TemporaryDirectory(prefix="previz-eval-speed-") as tmp:
        t = Path(tmp)
        current = None
        if args.current and (Path(args.current) / "previz").is_dir():
            current = str(Path(args.current).resolve())
        elif args.current:
            current = str(_export(args.current, t / "current-tree"))
        base = None
        if args.current_only:
            cur = _run_tree(current, only, args.track, args.rounds, t / "current")
        elif args.parallel:
            # Both trees at once, one core each: CPU seconds are each process's own, so only
            # the wall time changes.
            path = _export(args.baseline, t / "baseline-tree")
            procs = (_start_tree(current, only, args.track, args.rounds, t / "current"),
                     _start_tree(str(path), only, args.track, args.rounds, t / "baseline"))
            cur, base = (_rows(p, only) for p in procs)
        else:
            cur = _run_tree(current, only, args.track, args.rounds, t / "current")
            path = _export(args.baseline, t / "baseline-tree")
            base = _run_tree(str(path), only, args.track, args.rounds, t / "baseline")
    if base is None:
        for pid, row in cur.items():
            print(pid, row["cpu"], row["world"], row["stages"])
    else:
        print(_table(base, cur))
    if args.json:
        Path(args.json).write_text(json.dumps({"baseline": base, "current": cur}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
