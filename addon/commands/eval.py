"""`previz eval`: score director prompts by what their shots show.

    previz eval PROMPTS.json -o OUT [--track offline|expert|both] [--plans DIR]
                [--only ID,ID] [--frames N] [--width W] [--jobs N] [--rounds N]

Each prompt runs through plan → solve/check/repair → Blender → sampled segmentation and clay
renders, and every expectation is scored from the evaluated World and the rendered pixels
(`previz.agents.fidelity`). Prints a table by kind and axis per track, the confusion of the
supervisor's verdict against the scorer's, and writes ``OUT/report.json``, ``OUT/gallery.html``
and per prompt ``OUT/<track>/<id>/`` (world, report, contact sheet, map).

Exit codes: 0 the run finished (whatever the scores), 2 a malformed prompts file or option (the
prompt id and field are named), 1 a failure of the run itself.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from previz.world import progress

#: The numeric options: flag, default, lowest, highest, metavar, what it sets.
NUMBERS = (
    ("--frames", 8, 1, 64, "N", "frames sampled per shot"),
    ("--width", 160, 16, 1024, "W", "width of the sampled renders in pixels"),
    ("--rounds", 4, 1, 20, "N", "check/repair rounds"),
    ("--jobs", 1, 1, 16, "N", "worker processes; the results do not depend on it"),
)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("eval", help="score director prompts by what their shots show "
                              "(the fidelity benchmark)", description=__doc__.split("\n\n")[0])
    p.add_argument("prompts", metavar="PROMPTS.json", help="prompts with expectations "
                   "(benchmarks/fidelity/prompts.json)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    p.add_argument("--track", choices=("offline", "expert", "both"), default="both",
                   help="plan from the text (offline), from the expert plans, or both "
                   "(default both)")
    p.add_argument("--plans", metavar="DIR", help="expert plans folder (default: plans/ beside "
                   "PROMPTS.json)")
    p.add_argument("--only", metavar="ID,ID", help="only these prompt ids")
    for flag, default, lo, hi, metavar, what in NUMBERS:
        p.add_argument(flag, type=int, default=default, metavar=metavar,
                       help=f"{what} (default {default}; {lo} to {hi})")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    from previz.agents.fidelity.expectations import load_prompts
    from previz.agents.fidelity.score import format_table, summary
    from previz.world import InputError
    from previz.world.files import atomic_write_text

    from ..evaluation.gallery import write_gallery
    from ..evaluation.runner import Settings, from_json, run_all

    prompts = load_prompts(args.prompts).prompts
    if args.only:
        wanted = [x.strip() for x in args.only.split(",") if x.strip()]
        known = {p.id for p in prompts}
        missing = [w for w in wanted if w not in known]
        if missing:
            raise InputError(f"--only: no prompt {missing[0]!r} in {args.prompts}")
        prompts = [p for p in prompts if p.id in wanted]
    for flag, _, lo, hi, _, _ in NUMBERS:
        value = getattr(args, flag[2:])
        if not lo <= value <= hi:
            raise InputError(f"{flag} must be between {lo} and {hi}, got {value}")
    tracks = ["offline", "expert"] if args.track == "both" else [args.track]
    plans = Path(args.plans) if args.plans else Path(args.prompts).parent / "plans"
    if "expert" in tracks:
        from ..evaluation.runner import expert_plan

        for p in prompts:  # a missing or malformed plan is bad input, found before any work
            expert_plan(plans, p)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(out=out, plans=plans, frames_per_shot=args.frames, width=args.width,
                        rounds=args.rounds)
    t0 = time.perf_counter()
    with progress.step("eval", len(prompts) * len(tracks), "prompts") as shown:

        def on_prompt(i: int, n: int, data: dict) -> None:
            state = "error" if data["error"] else f"{100 * data['score']:.0f}%"
            shown.update(i, n, detail=f"{data['track']}/{data['id']}: {state} (check "
                         f"{'ok' if data['supervisor_ok'] else 'problems'})")

        with progress.use(progress.Silent()):  # one line per prompt, not its plan rounds
            results = run_all(prompts, tracks, settings, jobs=args.jobs, progress=on_prompt)
    report: dict[str, Any] = {"prompts_file": str(args.prompts), "tracks": {},
                              "seconds": round(time.perf_counter() - t0, 1),
                              "cpu_seconds": round(sum(r.get("cpu_seconds", 0.0)
                                                       for r in results), 1),
                              "jobs": args.jobs,
                              "settings": {"frames": args.frames, "width": args.width,
                                           "rounds": args.rounds}}
    tables = []
    for t in tracks:
        scores = [from_json(r) for r in results if r["track"] == t]
        summ = summary(scores)
        conf = confusion(results, t)
        summ["confusion"] = conf
        report["tracks"][t] = summ
        tables.append(format_table(summ, f"track {t}"))
        tables.append(f"supervisor vs scorer: ok-and-failing {conf['ok_failing']}, "
                      f"ok-and-right {conf['ok_right']}, problems-and-failing "
                      f"{conf['problems_failing']}, problems-and-right {conf['problems_right']}")
    report["results"] = results
    atomic_write_text(out / "report.json", json.dumps(report, indent=1, sort_keys=True) + "\n")
    text = "\n\n".join(tables)
    write_gallery(out / "gallery.html", prompts, results, out, text)
    if args.json:
        print(json.dumps({t: report["tracks"][t] for t in tracks}, indent=1, sort_keys=True))
    else:
        print()
        print(text)
        print()
        print(eval_summary(results, tracks, out, report["seconds"]).text())
    return 0


def eval_summary(results: list[dict], tracks: list[str], out: Path,
                 wall_seconds: float | None = None) -> Any:
    """The closing lines: per track its time, prompts fully right and mean score; where the
    report and gallery are; the prompts that failed to run, one line each.

    A track's time is the sum of its prompts' times; with ``--jobs`` above 1 prompts run side by
    side, so the title shows the clock's time of the whole run (`wall_seconds`), which is what
    "the benchmark takes N minutes" means.
    """
    from previz.addon.summary import Summary

    summ = Summary(f"eval {out}", wall_seconds=wall_seconds)
    for t in tracks:
        rows = [r for r in results if r["track"] == t]
        ran = [r for r in rows if not r["error"]]
        mean = sum(r["score"] for r in ran) / len(ran) if ran else 0.0
        cpu = sum(r.get("cpu_seconds", 0.0) for r in rows)
        summ.add(f"track {t}", sum(r["seconds"] for r in rows),
                 f"{sum(1 for r in ran if r['passed'])}/{len(rows)} prompts fully right, "
                 f"{cpu / 60:.1f} CPU min, "
                 f"mean score {100 * mean:.0f}% -> {out / t}/")
        summ.problems += [f"{t}/{r['id']} did not run: {r['error']}" for r in rows
                          if r["error"]]
    summ.add("report", None, str(out / "report.json"))
    summ.add("gallery", None, str(out / "gallery.html"))
    return summ


def confusion(results: list[dict], track: str) -> dict[str, int]:
    """The supervisor's ``ok`` against the scorer's verdict (every expectation holds)."""
    out = {"ok_failing": 0, "ok_right": 0, "problems_failing": 0, "problems_right": 0}
    for r in results:
        if r["track"] != track:
            continue
        right = r["passed"]
        key = ("ok_" if r["supervisor_ok"] else "problems_") + ("right" if right else "failing")
        out[key] += 1
    return out
