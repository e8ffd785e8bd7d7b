"""The Director panel's work, as pure functions over Worlds (no `bpy`: they run on the worker
thread, fed a snapshot taken on the main thread).

- `generate`: the director's text → a checked World, exactly as `previz plan` makes it (the
  offline planner, or the LLM when an endpoint and a model are set, then the agent loop of
  `previz.agents.pipeline`).
- `refine`: the same planning, merged into the current World (`previz.agents.refine.merge`
  has the exact rule).
- `report_rows`: the supervisor's report (`previz check`) as rows for the panel's list.

Fix problems is `previz.agents.refine.repair`, called by the panel directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from previz.agents.refine import Merged, Progress, merge
from previz.agents.supervisor import Report, check
from previz.world import InputError, World

ERRORS = ("interpenetration", "path_blocked", "camera_inside_geometry", "out_of_bounds")


@dataclass
class LLM:
    """Where to plan: an OpenAI-compatible endpoint and model; both empty = offline planner."""

    base_url: str = ""
    model: str = ""
    api_key: str = ""
    #: The endpoint's model reads images: a repair turn sends the contact sheet and the map.
    vision: bool = False
    timeout: float = 60.0  # seconds per request
    log_path: str = ""  # append every prompt and answer here (JSONL); empty: no log

    def config(self) -> Any:
        from previz.agents.llm import LLMConfig

        return LLMConfig(model=self.model, base_url=self.base_url,
                         api_key=self.api_key or "none", vision=self.vision,
                         timeout=self.timeout, log_path=self.log_path or None)

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)


class ModelFailed(InputError):
    """The model gave no valid plan (the panel shows it as any bad input; `previz refine`
    exits 1 and writes nothing, as `previz plan` does)."""


@dataclass
class Generated:
    world: World
    report: dict[str, Any]
    planner: str
    plan: Any = None  # the ScenePlan the World was built from (kept for Refine)
    notes: list[str] = field(default_factory=list)  # what was adapted (images refused …)


def _noop(fraction: float, message: str = "") -> None:
    del fraction, message


def generate(text: str, seed: int = 0, llm: LLM | None = None, rounds: int = 4,
             progress: Progress = _noop, previous: Any = None,
             scene: str | None = None) -> Generated:
    """Plan ``text`` and run the agent loop (plan → solve → check → repair). With the model
    and a ``previous`` plan (`ScenePlan`), ``text`` is an edit of that plan, not a new one
    (``scene``: the current World's summary, sent beside it). With ``llm.vision``, when
    problems remain the model gets one more repair turn with the contact sheet and the map
    of the built shot, kept only if it leaves fewer problems."""
    from previz.agents.pipeline import run
    from previz.agents.planner import plan_from_text

    if not text.strip():
        raise InputError("the director's text is empty: describe what should happen")
    llm = llm or LLM()
    progress(0.05, "planning")
    replan = None
    notes: list[str] = []
    if llm.enabled:
        from previz.agents.llm import LLMError, plan_with_llm

        config = llm.config()
        try:
            plan = plan_with_llm(text, config, previous=previous,
                                 edit=text if previous is not None else None,
                                 scene=scene if previous is not None else None)
        except LLMError as exc:
            raise ModelFailed(f"the model could not produce a valid plan: {exc}") from None
        planner = f"llm:{llm.model}"

        def replan(previous, report):  # type: ignore[no-untyped-def]
            try:
                return plan_with_llm(text, config, previous=previous, report=report)
            except LLMError:
                return None
    else:
        plan = plan_from_text(text)
        planner = "offline"
    progress(0.3, "solving the layout")
    result = run(plan, seed, max_rounds=rounds, planner=planner, replan=replan)
    if llm.enabled and llm.vision and not result.ok:
        from previz.agents.llm.vision import vision_turn

        progress(0.7, "showing the model the shot")
        result = vision_turn(text, config, result, lambda p: run(
            p, seed, max_rounds=1, planner=planner), notes)
    progress(1.0, f"{len(result.world.entities)} entities, {len(result.world.shots)} shots")
    return Generated(result.world, result.report, planner, result.plan, notes)


def refine(current: World, text: str, editable: set[str] | None, seed: int = 0,
           llm: LLM | None = None, progress: Progress = _noop,
           previous: Any = None, rounds: int = 4) -> tuple[Merged, Generated]:
    """Plan ``text`` (as `generate`) and `merge` the result into ``current``.

    With the model and the ``previous`` plan the current World was built from, the model is
    sent that plan and the current World (`scene_summary`) and edits the plan ("make the sofa
    red and move the camera lower") instead of planning the scene anew; only what the edit
    changed (`plan_edit`: those groups, cameras, lights, the set) is taken into the scene —
    within the selection when ``editable`` is given — and every other entity, camera, light,
    relation and shot stays exactly as it is."""
    from previz.agents.refine import apply_edit, plan_edit, scene_summary

    with_context = previous is not None and llm is not None and llm.enabled
    planned = generate(text, seed, llm, rounds, progress=lambda f, m: progress(0.8 * f, m),
                       previous=previous if with_context else None,
                       scene=scene_summary(current) if with_context else None)
    progress(0.85, "merging into the scene")
    if with_context:
        edit = plan_edit(previous, planned.plan, planned.world)
        if editable is not None:
            edit.ids &= editable
            edit.shots = set()
        merged = apply_edit(current, planned.world, edit)
    else:
        merged = merge(current, planned.world, editable)
    progress(1.0, f"{len(merged.changed)} changed, {len(merged.added)} added")
    return merged, planned


def report_rows(world: World, report: Report | None = None) -> list[dict[str, Any]]:
    """One row per problem: severity (ERROR for what is physically impossible or unseen
    geometry, WARNING otherwise), kind, first entity, first frame, message."""
    report = report or check(world)
    rows = []
    for p in report.problems:
        rows.append({"severity": "ERROR" if p.kind in ERRORS else "WARNING", "kind": p.kind,
                     "entity": p.entities[0] if p.entities else "",
                     "entities": list(p.entities),
                     "frame": p.frames[0] if p.frames else 0, "message": p.detail})
    return rows
