"""The Director panel's work, as pure functions over Worlds (no `bpy`: they run on the worker
thread, fed a snapshot taken on the main thread).

- `generate`: the director's text → a checked World, exactly as `previz plan` makes it (the
  offline planner, or the LLM when an endpoint and a model are set, then the agent loop of
  `previz.agents.pipeline`).
- `refine`: the same planning, merged into the current World (see `merge` for the exact rule).
- `report_rows`: the supervisor's report (`previz check`) as rows for the panel's list.
- `repair`: move the entities the supervisor blames for layout problems to the nearest valid
  spot (the layout solver with everything else fixed) and keep the result only if it has fewer
  problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from previz.agents.pipeline import LAYOUT_KINDS
from previz.agents.supervisor import Report, check
from previz.world import InputError, World

from .scene_assets_layout import apply_moves, enclosure, is_animated, solve_subset

ERRORS = ("interpenetration", "path_blocked", "camera_inside_geometry", "out_of_bounds")
Progress = Callable[[float, str], None]


@dataclass
class LLM:
    """Where to plan: an OpenAI-compatible endpoint and model; both empty = offline planner."""

    base_url: str = ""
    model: str = ""
    api_key: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.model)


@dataclass
class Generated:
    world: World
    report: dict[str, Any]
    planner: str


def _noop(fraction: float, message: str = "") -> None:
    del fraction, message


def generate(text: str, seed: int = 0, llm: LLM | None = None, rounds: int = 4,
             progress: Progress = _noop) -> Generated:
    """Plan ``text`` and run the agent loop (plan → solve → check → repair)."""
    from previz.agents.pipeline import run
    from previz.agents.planner import plan_from_text

    if not text.strip():
        raise InputError("the director's text is empty: describe what should happen")
    llm = llm or LLM()
    progress(0.05, "planning")
    replan = None
    if llm.enabled:
        from previz.agents.llm import LLMConfig, LLMError, plan_with_llm

        config = LLMConfig(model=llm.model, base_url=llm.base_url, api_key=llm.api_key or "none")
        try:
            plan = plan_with_llm(text, config)
        except LLMError as exc:
            raise InputError(f"the model could not produce a valid plan: {exc}") from None
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
    progress(1.0, f"{len(result.world.entities)} entities, {len(result.world.shots)} shots")
    return Generated(result.world, result.report, planner)


@dataclass
class Merged:
    world: World
    changed: list[str] = field(default_factory=list)  # ids replaced from the plan
    added: list[str] = field(default_factory=list)  # ids new in the scene
    moved_apart: str = ""  # what the layout solver did to keep them out of each other


def merge(current: World, planned: World, editable: set[str] | None) -> Merged:
    """Merge the World ``planned`` from the text into ``current``.

    - An entity, camera or light of ``planned`` whose id exists in ``current`` replaces it when
      it is editable (``editable`` is None = everything is editable; else only those ids),
      except that the scene's enclosure (its room or ground) is replaced only when selected.
    - With ``editable`` None, entities of ``planned`` that ``current`` lacks are added (without
      the plan's enclosure when ``current`` already has one); cameras and lights are added only
      when ``current`` has none of that kind. With a selection nothing is added.
    - Everything else of ``current`` — unselected objects, its relations, its shots — is kept
      exactly; relations of ``planned`` are added when both ends are in the result and one end
      changed or was added; shots of ``planned`` are taken only when ``current`` has none.
    - Changed and added entities that now overlap kept ones are moved to the nearest free spot
      by the layout solver, everything else fixed.
    """
    can = (lambda _id: True) if editable is None else (lambda _id: _id in editable)
    out = current.model_dump(mode="json")
    plan = planned.model_dump(mode="json")
    changed: list[str] = []
    added: list[str] = []
    encl = enclosure(current)
    plan_encl = enclosure(planned)
    for key in ("entities", "cameras", "lights"):
        have = {item["id"]: i for i, item in enumerate(out[key])}
        for item in plan[key]:
            if item["id"] in have:
                keep_set = editable is None and encl is not None and item["id"] == encl.id
                if can(item["id"]) and not keep_set:
                    out[key][have[item["id"]]] = item
                    changed.append(item["id"])
                continue
            if editable is not None:
                continue
            if key == "entities" and encl is not None and plan_encl is not None \
                    and item["id"] == plan_encl.id:
                continue
            if key != "entities" and current.model_dump(mode="json")[key]:
                continue
            out[key].append(item)
            added.append(item["id"])
    ids = {x["id"] for k in ("entities", "cameras", "lights") for x in out[k]}
    touched = set(changed) | set(added)
    seen = {(r["type"], r["subject"], r["target"]) for r in out["relations"]}
    for r in plan["relations"]:
        key = (r["type"], r["subject"], r["target"])
        if key in seen or r["subject"] not in ids or r["target"] not in ids:
            continue
        if r["subject"] in touched or r["target"] in touched:
            out["relations"].append(r)
            seen.add(key)
    if not out["shots"] and plan["shots"]:
        shot_cams = {s["camera"] for s in plan["shots"]}
        if shot_cams <= ids:
            out["shots"] = plan["shots"]
    world = World.model_validate(out)
    moved = ""
    movers = {i for i in touched if i in {e.id for e in world.entities}}
    if movers and _overlaps(world, movers):
        solved = solve_subset(world, movers, frame=_first_frame(world))
        world = apply_moves(world, {k: v for k, v in solved.moved.items() if v.distance > 1e-6})
        moved = solved.summary()
    return Merged(world, sorted(changed), sorted(added), moved)


def _first_frame(world: World) -> int:
    return min((s.frame_start for s in world.shots), default=1)


def _overlaps(world: World, ids: set[str]) -> bool:
    rep = check(world)
    return any(p.kind == "interpenetration" and set(p.entities) & ids for p in rep.problems)


def refine(current: World, text: str, editable: set[str] | None, seed: int = 0,
           llm: LLM | None = None, progress: Progress = _noop) -> tuple[Merged, Generated]:
    """Plan ``text`` (as `generate`) and `merge` the result into ``current``."""
    planned = generate(text, seed, llm, progress=lambda f, m: progress(0.8 * f, m))
    progress(0.85, "merging into the scene")
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


@dataclass
class Repaired:
    world: World
    before: int
    after: int
    summary: str


def _movers(world: World, report: Report, every: bool) -> set[str]:
    """The entities to move for the layout problems: of two overlapping entities the smaller
    (or, with ``every``, both); otherwise the entity a problem names first. Sets and animated
    entities are never moved."""
    ents = {e.id: e for e in world.entities}

    def movable(i: str) -> bool:
        e = ents.get(i)
        return e is not None and e.kind != "set" and not is_animated(e)

    def volume(i: str) -> float:
        s = ents[i].asset.size or (0.5, 0.5, 0.5)
        return s[0] * s[1] * s[2]

    out: set[str] = set()
    for p in report.problems:
        if p.kind not in LAYOUT_KINDS:
            continue
        names = [i for i in dict.fromkeys(p.entities) if movable(i)]
        if not names:
            continue
        if every:
            out.update(names)
        elif p.kind == "interpenetration":
            out.add(min(names, key=lambda i: (volume(i), i)))
        else:
            out.add(names[0])
    return out


def repair(world: World, seed: int = 0, progress: Progress = _noop) -> Repaired:
    """Fix the layout problems the supervisor finds; `InputError` when nothing can be fixed or
    the repair does not reduce the number of problems (the scene is then left alone)."""
    progress(0.1, "checking")
    before = check(world)
    if before.ok:
        raise InputError("the supervisor finds no problems: nothing to fix")
    frame = min((f for p in before.problems for f in p.frames[:1]), default=1)
    tried = []
    for every in (False, True):
        movers = _movers(world, before, every)
        if not movers or movers in tried:
            continue
        tried.append(movers)
        progress(0.3 + 0.3 * every, f"re-solving {', '.join(sorted(movers))}")
        solved = solve_subset(world, movers, frame=frame, seed=seed)
        fixed = apply_moves(world, solved.moved)
        after = check(fixed)
        if len(after.problems) < len(before.problems):
            progress(1.0, solved.summary())
            return Repaired(fixed, len(before.problems), len(after.problems), solved.summary())
    kinds = ", ".join(sorted(before.kinds()))
    raise InputError(f"no automatic fix reduced the problems ({kinds}); camera framing and "
                     "animated entities are not repaired here — edit them, or Generate again")
