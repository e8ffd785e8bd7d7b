"""`previz refine`: change a World by an edit, as the Director panel's Refine does.

    previz refine WORLD.json "EDIT" -o OUT.json [--seed S] [--rounds N] [--only ID,ID]
                  [--llm-model M] [--llm-base-url URL] [--llm-log FILE] [--llm-timeout S]

With a model the edit ("make the sofa red and move the camera lower") goes to it with the plan
the World was built from (``plan`` in ``WORLD.report.json``, written by `previz plan`, `make`
and `refine`) and the World as it is now; it answers the edited plan, and only what the edit
changed is rebuilt — every other entity, camera, light, relation and shot of WORLD is copied
byte for byte. Without a model the edit is planned offline and merged (as the panel does).
Writes OUT.json and OUT.report.json (with the edited plan, so refines chain). Exit codes: 0
written, 2 bad input, 1 the model gave no valid plan (nothing written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from previz.world import InputError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("refine", help="change a World by an edit (the Director's Refine)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("world", metavar="WORLD.json", help="the World to change")
    p.add_argument("edit", help="the change, in plain words")
    p.add_argument("-o", "--output", required=True, metavar="OUT.json", help="World to write")
    p.add_argument("--seed", type=int, default=0, help="layout seed (default 0)")
    p.add_argument("--rounds", type=int, default=4, help="check/repair rounds (default 4)")
    p.add_argument("--only", metavar="ID,ID", help="only these entities, cameras and lights "
                   "may change, and nothing is added (the panel's Selection only)")
    p.add_argument("--llm-model", metavar="M", help="the model (default: $PREVIZ_LLM_MODEL; "
                   "none: plan the edit offline and merge)")
    p.add_argument("--llm-base-url", metavar="URL", help="endpoint (default: "
                   "$PREVIZ_LLM_BASE_URL, $OPENAI_BASE_URL, else OpenAI's)")
    p.add_argument("--llm-log", metavar="FILE", help="append every prompt and answer (JSONL)")
    p.add_argument("--llm-timeout", type=float, default=60.0, metavar="S",
                   help="seconds per model request (default 60)")
    p.set_defaults(func=cmd_refine)


def _kept_plan(world_path: Path) -> Any:
    """The plan WORLD was built from, from its report; None when there is none."""
    from pydantic import ValidationError

    from previz.agents.pipeline import report_path
    from previz.agents.plan import ScenePlan

    rp = report_path(world_path)
    if not rp.is_file():
        return None
    try:
        raw = json.loads(rp.read_text(encoding="utf-8")).get("plan")
        return None if raw is None else ScenePlan.model_validate(raw)
    except (ValueError, ValidationError, AttributeError) as exc:
        raise InputError(f"{rp}: its plan is not a valid ScenePlan ({type(exc).__name__}); "
                         "delete the report to refine without it") from None


def cmd_refine(args: argparse.Namespace) -> int:
    from previz.addon.console.director_agents import LLM, ModelFailed, refine
    from previz.agents.pipeline import Result, save
    from previz.agents.supervisor import check
    from previz.world import load_world
    from previz.world.limits import MAX_TIMEOUT_S, check_number
    from previz.world.outputs import check_output_file

    if not args.edit.strip():
        raise InputError("the edit is empty: say what should change")
    if not 1 <= args.rounds <= 20:
        raise InputError(f"--rounds must be between 1 and 20, got {args.rounds}")
    if not (0 <= args.seed <= 2**31 - 1):
        raise InputError(f"--seed must be between 0 and {2**31 - 1}, got {args.seed}")
    check_number(args.llm_timeout, "--llm-timeout", 0.001, MAX_TIMEOUT_S)
    world_path = Path(args.world)
    if not world_path.is_file():
        raise InputError(f"{args.world}: no such World file")
    check_output_file(args.output, "-o")
    if args.llm_log:
        check_output_file(args.llm_log, "--llm-log")
    current = load_world(world_path)
    editable = None
    if args.only is not None:
        editable = {i.strip() for i in args.only.split(",") if i.strip()}
        known = {x.id for k in (current.entities, current.cameras, current.lights) for x in k}
        unknown = sorted(editable - known)
        if not editable or unknown:
            raise InputError(f"--only {args.only}: no entity, camera or light "
                             f"{', '.join(map(repr, unknown)) or 'named'} in {args.world}")
    model = args.llm_model or os.environ.get("PREVIZ_LLM_MODEL", "")
    llm = LLM()
    previous = None
    if model:
        from previz.agents.llm.client import vision_from_env

        base = (args.llm_base_url or os.environ.get("PREVIZ_LLM_BASE_URL")
                or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1")
        key = os.environ.get("PREVIZ_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or ""
        llm = LLM(base, model, key, vision=vision_from_env(), timeout=args.llm_timeout,
                  log_path=args.llm_log or "")
        previous = _kept_plan(world_path)
        if previous is None:
            print(f"previz: warning: {world_path.name} has no kept plan (no report beside it "
                  "with a plan): the model plans the edit anew and it is merged",
                  file=sys.stderr)
    try:
        merged, planned = refine(current, args.edit, editable, args.seed, llm, previous=previous,
                                 rounds=args.rounds)
    except ModelFailed as exc:
        print(f"previz: {exc}", file=sys.stderr)
        print("previz: nothing was written", file=sys.stderr)
        return 1
    for note in planned.notes:
        print(f"previz: {note}", file=sys.stderr)
    report = check(merged.world).to_json()
    report.update({"planner": planned.planner, "seed": args.seed, "text": args.edit,
                   "refined_from": str(world_path), "changed": merged.changed,
                   "added": merged.added, "removed": merged.removed,
                   "moved_apart": merged.moved_apart,
                   "notes": planned.notes, "content_hash": merged.world.content_hash(),
                   "edited_plan": previous is not None,
                   "plan": (planned.plan.model_dump(mode="json") if previous is not None
                            else None)})
    out, rp = save(Result(merged.world, planned.plan, report), args.output)
    print(f"wrote {out} (changed {', '.join(merged.changed) or 'nothing'}; added "
          f"{', '.join(merged.added) or 'nothing'}; removed "
          f"{', '.join(merged.removed) or 'nothing'}; hash {merged.world.content_hash()[:12]}) "
          f"and {rp}")
    return 0
