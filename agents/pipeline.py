"""The agent loop: plan → solve → check → repair, until the World is clean or the rounds run out.

Repairs are deterministic. After a check with problems the next round re-solves the same plan
with a derived seed and more candidates; when the solver reported that things do not fit, the
setting grows by a quarter first; when the camera cannot see its subject, the next round keeps
furniture off the camera's (south) wall, then grows the setting. With an LLM planner a `replan`
callback may also re-ask the model with the report. The best round (fewest problems, then
smallest penetration) wins, and its report lists every round. Without a replan, a round left
with only problems of the plan and the text (`PLAN_KINDS`) is the last: every later round would
keep them, so none could win, and the report's last round says why it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from previz.world import World, progress
from previz.world.files import atomic_write_text

from .interfaces import Providers
from .plan import ScenePlan
from .realize import Realized, realize
from .supervisor import Report, check

GROW = 1.25
LAYOUT_KINDS = ("interpenetration", "path_blocked", "floating", "unsupported", "out_of_bounds")
CAMERA_KINDS = ("subject_out_of_frame", "subject_occluded", "camera_inside_geometry",
                "move_not_executed", "subject_rarely_visible", "subject_too_small",
                "empty_frames", "camera_outside_set", "camera_below_ground")
#: Problems of the plan and the text, not of a round's layout, motion or camera: the words no
#: part of the plan used, what the plan says it cannot express, nouns the asset library lacks.
#: Without a replan every later round re-solves the same plan and keeps each of them (a noun
#: the layout drops is a ``noun_dropped`` instead), with no overlap to rank it better — so a
#: round left with only these is the best any round can be, and the rounds stop there.
PLAN_KINDS = ("not_understood", "cannot_say", "unknown_asset")


@dataclass
class Result:
    world: World
    plan: ScenePlan
    report: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.report["ok"])


def _grown(plan: ScenePlan) -> ScenePlan:
    w, d, h = plan.setting.size
    limit = 400.0
    size = (min(w * GROW, limit), min(d * GROW, limit), h)
    return plan.model_copy(update={"setting": plan.setting.model_copy(update={"size": size})})


def run(
    plan: ScenePlan,
    seed: int = 0,
    *,
    providers: Providers | None = None,
    max_rounds: int = 4,
    time_limit: float = 5.0,
    replan: Callable[[ScenePlan, dict], ScenePlan | None] | None = None,
    planner: str = "offline",
    text: str | None = None,
    unsaid: tuple[str, ...] = (),
) -> Result:
    """Build and check ``plan``; repair up to ``max_rounds`` - 1 times.

    Every round is checked against the plan it realises (what of it did not reach the shot),
    and, given the director's ``text``, against the words no part of the plan used; ``unsaid``
    lists what the plan itself says it cannot express. Those problems stay until the plan
    changes, so they never make a round look better than another."""
    rounds: list[dict[str, Any]] = []
    with progress.step("plan", max(1, max_rounds), "rounds") as shown:
        best = _rounds(plan, seed, providers, max_rounds, time_limit, replan, text, unsaid,
                       rounds, shown)
    _, real, rep, used = best
    report = rep.to_json()
    report.update({
        "planner": planner,
        "seed": seed,
        "rounds": rounds,
        "unsatisfied": real.layout.unsatisfied,
        "plan_relations": real.layout.relations,
        "notes": real.notes,
        "layout_timed_out": real.layout.timed_out,
        "content_hash": real.world.content_hash(),
        "plan": used.model_dump(mode="json"),
        "text": text,
        # The words of the text no part of the plan used, with their character spans (the
        # LLM's repair turn and `previz make` read them).
        "not_understood": _unread(text, used),
    })
    if real.layout.unsatisfied:
        report["ok"] = False
    return Result(real.world, used, report)


def _unread(text: str | None, plan: ScenePlan) -> list[dict[str, Any]]:
    if not text:
        return []
    from .planner.coverage import unread

    return [u.to_json() for u in unread(text, plan)]


def _rounds(plan: ScenePlan, seed: int, providers: Providers | None, max_rounds: int,
            time_limit: float, replan: Callable[[ScenePlan, dict], ScenePlan | None] | None,
            text: str | None, unsaid: tuple[str, ...], rounds: list[dict[str, Any]],
            shown: progress.Step) -> tuple[tuple, Realized, Report, ScenePlan]:
    """The rounds of `run` (``rounds`` gets one record each); the best one. ``shown`` is the
    progress step: each round says what it is doing (layout and motion, check)."""
    best: tuple[tuple, Realized, Report, ScenePlan] | None = None
    current = plan
    candidates = 48
    avoid: tuple[str, ...] = ()
    for n in range(max(1, max_rounds)):
        round_seed = seed if n == 0 else seed + 7919 * n
        shown.update(n, detail=f"round {n + 1}: layout, motion, camera")
        real = realize(current, round_seed, providers, candidates=candidates,
                       time_limit=time_limit, avoid_walls=avoid)
        shown.update(n, detail=f"round {n + 1}: check")
        rep = check(real.world, plan=current, text=text, unsaid=unsaid)
        left = len(rep.problems) + len(real.layout.unsatisfied)
        shown.update(n + 1, detail=f"round {n + 1}: "
                     + (f"{left} problem(s)" if left else "no problems"))
        rank = (len(rep.problems) + len(real.layout.unsatisfied),
                rep.metrics["worst_penetration_m"], n)
        rounds.append({"round": n, "seed": round_seed, "setting_size": list(current.setting.size),
                       "free_walls": list(avoid),
                       "problems": rep.kinds(), "unsatisfied": len(real.layout.unsatisfied)})
        if best is None or rank < best[0]:
            best = (rank, real, rep, current)
        if (rep.ok and not real.layout.unsatisfied) or n == max(1, max_rounds) - 1:
            break  # clean, or no round left to repair for (no replan the loop would discard)
        if replan is None and not real.layout.unsatisfied and all(
                p.kind in PLAN_KINDS for p in rep.problems):
            rounds[-1]["stopped"] = ("what is left comes from the plan and the text "
                                     f"({', '.join(sorted(rep.kinds()))}): no repair round "
                                     "changes it")
            break
        # Repair for the next round.
        if replan is not None:
            new = replan(current, rep.to_json())
            if new is not None:
                current = new
                continue
        space = any("does not fit" in u or "no free position" in u
                    for u in real.layout.unsatisfied) or any(
            p.kind in LAYOUT_KINDS for p in rep.problems)
        if any(p.kind in CAMERA_KINDS for p in rep.problems):
            # The default camera stands at the south wall: keep furniture off it.
            if "south" not in avoid:
                avoid = ("south",)
            else:
                current = _grown(current)
        elif space and n >= 1:
            current = _grown(current)
        candidates = min(candidates * 2, 192)
    assert best is not None
    return best


def report_path(world_path: str | Path) -> Path:
    """Where the report of a World lives: beside it, ``NAME.report.json``."""
    p = Path(world_path)
    stem = p.name[:-5] if p.name.endswith(".json") else p.name
    return p.with_name(f"{stem}.report.json")


def save(result: Result, world_path: str | Path) -> tuple[Path, Path]:
    """Write the World and its report atomically (each file is complete or absent)."""
    out = Path(world_path)
    atomic_write_text(out, result.world.canonical_json())
    rp = report_path(out)
    atomic_write_text(rp, json.dumps(result.report, indent=2, sort_keys=True) + "\n")
    return out, rp
