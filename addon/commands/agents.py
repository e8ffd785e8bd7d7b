"""`previz plan` and `previz check`: from a director's text to a checked World, and the
supervisor on the command line.

    previz plan "TEXT" -o WORLD.json [--seed S] [--llm-model M] [--rounds N] [--strict]
                [--simple-camera] [--asset-index PATH]
    previz check WORLD.json|SCENE.blend [--shot ID] [--json] [--plot MAP.png]
    previz make "TEXT" -o OUTDIR [plan options] [--passes P1,P2] [--resolution WxH]
                [--weights PATH --backend NAME]

`plan` uses the offline planner unless a model is named (``--llm-model`` or
``$PREVIZ_LLM_MODEL``); the endpoint comes from ``--llm-base-url`` / ``$PREVIZ_LLM_BASE_URL``
(or ``$OPENAI_BASE_URL``) and the key from ``$PREVIZ_LLM_API_KEY`` (or ``$OPENAI_API_KEY``).
It writes the World and, beside it, ``WORLD.report.json`` (the supervisor's report of the
chosen round, every round, and the plan). Exit codes: 0 written, 2 bad text or options, 1 the
model failed (nothing written) — or, with ``--strict``, problems remain (nothing written).

`check` exits 0 when the World is clean and 1 when it has problems.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from previz.world import InputError, progress


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("plan", help="turn a director's text into a checked World",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("text", help="what should happen, in plain words")
    p.add_argument("-o", "--output", required=True, metavar="WORLD.json", help="World to write")
    p.add_argument("--seed", type=int, default=0, help="layout seed (default 0)")
    p.add_argument("--llm-model", metavar="M", help="plan with this model on an "
                   "OpenAI-compatible endpoint (default: $PREVIZ_LLM_MODEL, else offline)")
    p.add_argument("--llm-base-url", metavar="URL", help="endpoint (default: "
                   "$PREVIZ_LLM_BASE_URL or $OPENAI_BASE_URL)")
    p.add_argument("--llm-log", metavar="FILE", help="append every prompt and response (JSONL)")
    p.add_argument("--llm-timeout", type=float, default=60.0, metavar="S",
                   help="seconds per model request (default 60)")
    p.add_argument("--rounds", type=int, default=4, help="check/repair rounds (default 4)")
    p.add_argument("--simple-camera", action="store_true",
                   help="the built-in static framing camera and key light instead of the "
                   "camera and lighting skills (moves, occlusion solver, lighting presets)")
    p.add_argument("--skills", action="store_true", help=argparse.SUPPRESS)  # the default now
    p.add_argument("--asset-index", metavar="PATH", help="pick assets from this asset index "
                   "(default: the built-in prop library and the packs you ingested; a noun "
                   "neither knows stays a proxy named after it and is reported)")
    p.add_argument("--strict", action="store_true",
                   help="write nothing and exit 1 when problems remain after the repairs")
    p.set_defaults(func=cmd_plan)

    p = subparsers.add_parser(
        "make", help="text → checked World → .blend → white-box passes → clay preview",
        description="Plan (as `previz plan`), build OUT/scene.blend, render the white-box passes "
        "of every shot into OUT/passes/<shot>/ (with preview.mp4, the clay preview), and, when "
        "--weights or --backend is given, the neural render of each shot.")
    p.add_argument("text", help="what should happen, in plain words")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder")
    p.add_argument("--seed", type=int, default=0, help="layout seed (default 0)")
    p.add_argument("--rounds", type=int, default=4, help="check/repair rounds (default 4)")
    p.add_argument("--simple-camera", action="store_true",
                   help="static framing camera and key light instead of the skills")
    p.add_argument("--skills", action="store_true", help=argparse.SUPPRESS)  # the default now
    p.add_argument("--llm-model", metavar="M", help="plan with this model (see `previz plan`)")
    p.add_argument("--llm-base-url", metavar="URL")
    p.add_argument("--llm-log", metavar="FILE")
    p.add_argument("--llm-timeout", type=float, default=60.0, metavar="S")
    p.add_argument("--asset-index", metavar="PATH")
    p.add_argument("--strict", action="store_true", help="stop when problems remain")
    p.add_argument("--passes", metavar="P1,P2", help="passes to render (default: all)")
    p.add_argument("--resolution", metavar="WxH", help="override the shots' resolution")
    p.add_argument("--weights", metavar="PATH_OR_ID",
                   help="neural render each shot with these model weights (see `previz render`)")
    p.add_argument("--backend", help="neural render each shot with this backend (see `previz "
                   "render`; the tiny ones need no --weights)")
    p.set_defaults(func=cmd_make)

    p = subparsers.add_parser("check", help="check a World or .blend for physical and framing "
                              "problems")
    p.add_argument("scene", metavar="WORLD.json|SCENE.blend")
    p.add_argument("--shot", metavar="ID", help="check only this shot's frames")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--plot", metavar="PATH", help="also draw a top-down map (PNG) of the "
                   "obstacles, paths, camera and problems")
    p.set_defaults(func=cmd_check)


def cmd_plan(args: argparse.Namespace, *, problems_at_end: bool = False) -> int:
    """``problems_at_end``: `make` lists the problems in its summary instead of here."""
    from previz.agents.pipeline import run, save
    from previz.agents.planner import plan_from_text

    if args.rounds < 1 or args.rounds > 20:
        raise InputError(f"--rounds must be between 1 and 20, got {args.rounds}")
    if not (0 <= args.seed <= 2**31 - 1):
        raise InputError(f"--seed must be between 0 and {2**31 - 1}, got {args.seed}")
    if not args.text.strip():
        raise InputError("the scene text is empty: describe what should happen")
    from previz.world.limits import MAX_TIMEOUT_S, check_number
    from previz.world.outputs import check_output_file

    check_number(args.llm_timeout, "--llm-timeout", 0.001, MAX_TIMEOUT_S)
    check_output_file(args.output, "-o")
    if args.llm_log:
        check_output_file(args.llm_log, "--llm-log")
    model = args.llm_model or os.environ.get("PREVIZ_LLM_MODEL")
    replan = None
    if model:
        from previz.agents.llm import LLMConfig, LLMError, plan_with_llm

        config = LLMConfig.from_env(model=model, base_url=args.llm_base_url,
                                    timeout=args.llm_timeout, log_path=args.llm_log)
        try:
            with progress.stage(f"ask {model} for a plan"):
                plan = plan_with_llm(args.text, config)
        except LLMError as exc:
            print(f"previz: the model could not produce a valid plan: {exc}", file=sys.stderr)
            print("previz: nothing was written; run without --llm-model to use the offline "
                  "planner", file=sys.stderr)
            return 1
        planner = f"llm:{model}"

        def replan(previous, report):  # type: ignore[no-untyped-def]
            """Re-ask the model with the supervisor's report; keep solving if it fails."""
            try:
                return plan_with_llm(args.text, config, previous=previous, report=report)
            except LLMError as exc:
                print(f"previz: warning: the model could not repair its plan: {exc}",
                      file=sys.stderr)
                return None
    else:
        plan = plan_from_text(args.text)
        planner = "offline"
    from previz.agents.adapters import skill_providers
    from previz.agents.interfaces import default_providers

    index = None
    if args.asset_index:
        if not Path(args.asset_index).is_file():
            raise InputError(f"--asset-index {args.asset_index}: no such file")
        from previz.asset_index import open_index

        index = open_index(args.asset_index)
    # Cameras and lights come from the skills (moves, occlusion solver, presets) unless
    # --simple-camera asks for the built-in static framing camera and key light.
    providers = skill_providers(index)
    if args.simple_camera:
        base = default_providers()
        providers.camera, providers.lighting = base.camera, base.lighting
    result = run(plan, args.seed, providers=providers, max_rounds=args.rounds, planner=planner,
                 replan=replan, text=args.text)
    if model and config.vision and not result.ok:
        from previz.agents.llm.vision import vision_turn

        notes: list[str] = []
        with progress.stage(f"show {model} the shot (vision turn)"):
            result = vision_turn(args.text, config, result, lambda p: run(
                p, args.seed, providers=providers, max_rounds=1, planner=planner,
                text=args.text), notes)
        for note in notes:
            print(f"previz: {note}", file=sys.stderr)
    if args.strict and not result.ok:
        _print_problems(result.report)
        print("previz: problems remain; nothing written (--strict)", file=sys.stderr)
        return 1
    world_path, report_path = save(result, args.output)
    counts = result.report["metrics"]
    print(f"wrote {world_path} ({len(result.world.entities)} entities, "
          f"{len(result.world.shots)} shots, hash {result.world.content_hash()[:12]}; "
          f"{len(result.report['rounds'])} round(s)) and {report_path}")
    if result.ok:
        print(f"check: ok (relations {counts['relations_hold']}/{counts['relations_total']})")
    elif not problems_at_end:
        _print_problems(result.report)
    return 0


def cmd_make(args: argparse.Namespace) -> int:
    """Chain the commands through the command line itself (`plan`, `build`, `passes`,
    `render`), so each step is exactly what a person would run by hand; each is a stage with
    its progress, and a summary ends the run (what was written, each stage's time, the problems
    left)."""
    from previz.addon.cli import main
    from previz.addon.summary import Summary
    from previz.agents.pipeline import report_path
    from previz.world.outputs import check_output_folder

    out = check_output_folder(args.output, "-o")
    world = out / "world.json"
    args.output = str(world)
    summary = Summary(f"made {out}")
    with progress.stage("make: plan") as st:
        code = cmd_plan(args, problems_at_end=True)
        st.ok = code == 0 and world.exists()
    if not st.ok:
        return code
    report = json.loads(report_path(world).read_text(encoding="utf-8"))
    summary.problems = problem_lines(report)
    rounds = len(report.get("rounds", [])) or 1
    summary.add("plan", st.seconds, f"{world}, {report_path(world)} ({rounds} round(s))")
    passes_dir = out / "passes"
    steps = [("build", ["build", str(world), "-o", str(out / "scene.blend")],
              str(out / "scene.blend")),
             ("passes", ["passes", str(world), "-o", str(passes_dir)]
              + (["--passes", args.passes] if args.passes else [])
              + (["--resolution", args.resolution] if args.resolution else []), "")]
    if args.asset_index:  # the World names files of that library: let the steps read them
        from previz.asset_index.roots import LIBRARY_PATH_ENV, ingested_roots

        roots = [str(r) for r in ingested_roots(args.asset_index)]
        old = os.environ.get(LIBRARY_PATH_ENV)
        os.environ[LIBRARY_PATH_ENV] = os.pathsep.join([*filter(None, [old]), *roots])
    for name, step, written in steps:
        with progress.stage(f"make: {name}") as st:
            code = main(step)
            st.ok = code == 0
        if code != 0:
            summary.add(name, st.seconds, f"stopped (exit {code})")
            print(summary.text())
            print(f"previz: make stopped at `previz {step[0]}` (exit {code})", file=sys.stderr)
            return code
        shots = sorted(p for p in passes_dir.iterdir() if (p / "manifest.json").is_file()) \
            if name == "passes" else []
        summary.add(name, st.seconds, written or ", ".join(str(p) for p in shots))
    for shot in shots:
        preview = next(iter(sorted(shot.rglob("preview.mp4"))), None)
        if preview is not None:
            print(f"clay preview: {preview}")
    if args.weights is None and args.backend is None:
        summary.add("render", None, "not run (no --weights or --backend)")
        print(summary.text())
        print("neural render: not run. With the `render` extra and downloaded weights, run "
              f"`previz render {shots[0] if shots else out / 'passes' / 'SHOT'} --weights PATH` "
              "(or `previz make … --weights PATH`); `previz doctor` lists what is installed.")
        return 0
    with progress.stage("make: render") as st:
        for shot in shots:
            step = ["render", str(shot)] + (["--weights", args.weights] if args.weights else [])
            if args.backend:
                step += ["--backend", args.backend]
            code = main(step)
            if code != 0:
                st.ok = False
                break
    if code != 0:
        summary.add("render", st.seconds, f"stopped at {shot} (exit {code})")
        print(summary.text())
        print(f"previz: make stopped at `previz render {shot}` (exit {code})",
              file=sys.stderr)
        return code
    summary.add("render", st.seconds, ", ".join(str(s / "render") for s in shots))
    print(summary.text())
    return 0


def problem_lines(report: dict) -> list[str]:
    """What the repairs could not fix, one plain line each (the report has the details)."""
    lines = [f"could not place: {u}" for u in report.get("unsatisfied", [])]
    lines += [f"{p['kind'].replace('_', ' ')}: {p['detail']}" for p in report["problems"]]
    return lines


def _print_problems(report: dict) -> None:
    """What the repairs could not fix, one plain line each (the report has the details)."""
    lines = problem_lines(report)
    if lines:
        print(f"previz: the shot is not yet what was asked; {len(lines)} problem(s) left after "
              f"{len(report.get('rounds', [])) or 1} round(s):", file=sys.stderr)
    for line in lines[:20]:
        print(f"  - {line}", file=sys.stderr)
    if len(lines) > 20:
        print(f"  … and {len(lines) - 20} more (see the report)", file=sys.stderr)


def _plan_beside(path: Path) -> tuple[Any, str | None]:
    """The plan a World was made from, and its text, from ``NAME.report.json`` beside it (as
    `previz plan` writes it); (None, None) when there is none or it does not read."""
    from previz.agents.pipeline import report_path
    from previz.agents.plan import ScenePlan

    rp = report_path(path) if path.suffix.lower() == ".json" else path.with_name(
        "world.report.json")
    try:
        from previz.world.limits import loads

        data = loads(rp.read_text(encoding="utf-8"), str(rp))  # bounded: deep JSON is refused
        plan = ScenePlan.model_validate(data["plan"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    text = data.get("text")
    return plan, text if isinstance(text, str) else None


def cmd_check(args: argparse.Namespace) -> int:
    from previz.agents.supervisor import check
    from previz.world import InputError, load_world

    path = Path(args.scene)
    if path.suffix.lower() == ".blend":
        from previz.addon.bridge import read_file

        world = read_file(path)
    elif path.suffix.lower() == ".json":
        world = load_world(path)
    else:
        raise InputError(f"{args.scene}: expected a World .json or a .blend file")
    if args.plot:
        from previz.world.outputs import check_output_file

        check_output_file(args.plot, "--plot")
    plan, text = _plan_beside(path)
    report = check(world, args.shot, plan=plan, text=text)
    if args.plot:
        from previz.agents.supervisor.plot import write_plot

        try:
            write_plot(args.plot, world, report, args.shot)
        except OSError as exc:
            raise InputError(f"--plot {args.plot}: cannot write: {exc.strerror or exc}") \
                from None
        print(f"wrote map {args.plot}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, sort_keys=True))
    else:
        m = report.metrics
        frac = m["subject_in_frame_fraction"]
        print(f"{args.scene}: {'ok' if report.ok else f'{len(report.problems)} problem(s)'} "
              f"({m['frames_checked']} frames; worst penetration {m['worst_penetration_m']} m; "
              f"subject fully in frame {'n/a' if frac is None else f'{frac:.0%}'}; "
              f"relations {m['relations_hold']}/{m['relations_total']})")
        for p in report.problems:
            frames = p.frames
            span = f"frame {frames[0]}" if len(frames) == 1 else \
                f"frames {frames[0]}–{frames[-1]}" if frames else ""
            print(f"  {p.kind}: {p.detail} ({span})")
    return 0 if report.ok else 1
