"""Changing a World that already exists, as pure functions (no `bpy`: the console runs them on
its worker thread, fed a snapshot taken on the main thread).

- `merge`: a World planned from new text, merged into the current one (the exact rule is in its
  docstring); what the merge makes overlap is moved apart by the layout solver.
- `repair`: move the entities the supervisor blames for layout problems to the nearest valid
  spot (`layout.solve_subset`: the layout solver with everything else fixed) and keep the
  result only if it has fewer problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from previz.world import InputError, World

from .layout import apply_moves, enclosure, is_animated, solve_subset
from .pipeline import LAYOUT_KINDS
from .plan import ScenePlan
from .supervisor import Report, check

Progress = Callable[[float, str], None]


def _noop(fraction: float, message: str = "") -> None:
    del fraction, message


@dataclass
class Merged:
    world: World
    changed: list[str] = field(default_factory=list)  # ids replaced from the plan
    added: list[str] = field(default_factory=list)  # ids new in the scene
    moved_apart: str = ""  # what the layout solver did to keep them out of each other
    removed: list[str] = field(default_factory=list)  # ids an edit took out of the scene


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


__all__ = ["Merged", "Progress", "Repaired", "merge", "repair"]


# -- Refine with context: the model edited the plan the scene was built from ------------------


@dataclass
class Edit:
    """What an edited plan changes, as ids of the World built from it: the entities, cameras
    and lights to take from that World, and the shots to take whole (their frames changed)."""

    ids: set[str] = field(default_factory=set)
    shots: set[str] = field(default_factory=set)
    groups: list[str] = field(default_factory=list)  # plan groups and parts that changed
    #: Plan groups the edit removed or changed: their instances the edited World no longer
    #: has ("remove the lamp", "only two chairs") leave the current World.
    shrunk: list[str] = field(default_factory=list)
    #: The mood or lighting changed: the lights and the sky are the edited World's, whole.
    relight: bool = False


def _group_ids(world: World, group: str) -> set[str]:
    """The World ids of plan group ``group``: the group id itself (one instance) or its
    instances ``group-1``, ``group-2`` …"""
    pattern = re.compile(rf"^{re.escape(group)}(-\d+)?$")
    return {e.id for e in world.entities if pattern.match(e.id)}


def plan_edit(previous: ScenePlan, edited: ScenePlan, planned: World) -> Edit:
    """The part of ``planned`` (the World built from ``edited``) that the edit of
    ``previous`` touched. A group whose plan entry differs (or is new, or is an end of a
    relation that was added or removed) brings its instances; a changed setting the set's
    entities; a changed shot its camera (and the shot itself when its frames changed); a
    changed mood or lighting every light. Nothing else of the current World is touched."""
    out = Edit()
    before = previous.model_dump(mode="json")
    after = edited.model_dump(mode="json")
    old_groups = {g["id"]: g for k in ("objects", "characters") for g in before[k]}
    for key in ("objects", "characters"):
        for g in after[key]:
            if old_groups.get(g["id"]) != g:
                out.groups.append(g["id"])
    rel = lambda r: (r["type"], r["subject"], r["target"], r["formation"])  # noqa: E731
    for r in {rel(r) for r in before["relations"]} ^ {rel(r) for r in after["relations"]}:
        out.groups += [g for g in (r[1], r[2]) if g is not None and g not in out.groups]
    for gid in out.groups:
        out.ids |= _group_ids(planned, gid)
    new_groups = {g["id"] for k in ("objects", "characters") for g in after[k]}
    out.shrunk = [g for g in old_groups if g not in new_groups] + list(out.groups)
    if before["setting"] != after["setting"]:
        out.groups.append("setting")
        out.ids |= {e.id for e in planned.entities if e.kind == "set"}
    old_shots = {s["id"]: s for s in before["shots"]}
    frames_changed = before["fps"] != after["fps"] or [
        s["duration"] for s in before["shots"]] != [s["duration"] for s in after["shots"]]
    for s in after["shots"]:
        if old_shots.get(s["id"]) != s or before["coverage"] != after["coverage"]:
            out.groups.append(s["id"])
            out.ids.add(f"cam-{s['id'].replace('_', '-')}")
    if frames_changed:
        out.shots = {s.id for s in planned.shots}
        out.ids |= {s.camera for s in planned.shots}
    if before["mood"] != after["mood"] or before["lighting"] != after["lighting"]:
        out.groups.append("lighting")
        out.ids |= {light.id for light in planned.lights}
        out.relight = True
    return out


def apply_edit(current: World, planned: World, edit: Edit) -> Merged:
    """``current`` with what ``edit`` names taken from ``planned``: those entities, cameras
    and lights replaced (or added when new), those shots replaced; every other entity,
    camera, light, relation and shot of ``current`` kept exactly (byte-identical in its
    canonical JSON). Changed entities that now overlap kept ones are moved apart as `merge`
    does."""
    out = current.model_dump(mode="json")
    plan = planned.model_dump(mode="json")
    changed: list[str] = []
    added: list[str] = []
    gone = set()
    for gid in edit.shrunk:
        gone |= _group_ids(current, gid) - _group_ids(planned, gid)
    if gone:
        out["entities"] = [e for e in out["entities"] if e["id"] not in gone]
    if edit.relight:  # a new look: the old lights go (their ids differ), the sky follows
        dark = {x["id"] for x in out["lights"]} - {x["id"] for x in plan["lights"]}
        out["lights"] = [x for x in out["lights"] if x["id"] not in dark]
        out["environment"] = plan["environment"]
        gone |= dark
    if gone:
        out["relations"] = [r for r in out["relations"]
                            if r["subject"] not in gone and r.get("target") not in gone]
    for key in ("entities", "cameras", "lights"):
        have = {item["id"]: i for i, item in enumerate(out[key])}
        for item in plan[key]:
            if item["id"] not in edit.ids:
                continue
            if item["id"] in have:
                if out[key][have[item["id"]]] != item:
                    out[key][have[item["id"]]] = item
                    changed.append(item["id"])
            else:
                out[key].append(item)
                added.append(item["id"])
    if edit.shots:
        out["shots"] = plan["shots"]
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
    world = World.model_validate(out)
    moved = ""
    movers = {i for i in touched if i in {e.id for e in world.entities if e.kind != "set"}}
    if movers and _overlaps(world, movers):
        solved = solve_subset(world, movers, frame=_first_frame(world))
        world = apply_moves(world, {k: v for k, v in solved.moved.items() if v.distance > 1e-6})
        moved = solved.summary()
    return Merged(world, sorted(changed), sorted(added), moved, sorted(gone))


def scene_summary(world: World) -> str:
    """The current World as the model reads it beside the plan (the director may have moved
    things in Blender since): ids, kinds, classes, looks, positions and sizes in metres,
    cameras, lights and shots — one compact JSON object, in id order."""
    r = lambda v: [round(float(x), 2) for x in v]  # noqa: E731
    data = {
        "entities": [{"id": e.id, "kind": e.kind, "class": e.semantic_class,
                      "appearance": e.appearance, "location": r(e.transform.location),
                      **({"size": r(e.asset.size)} if e.asset.size else {})}
                     for e in sorted(world.entities, key=lambda e: e.id)],
        "cameras": [{"id": c.id, "location": r(c.transform.location)}
                    for c in sorted(world.cameras, key=lambda c: c.id)],
        "lights": [{"id": light.id, "type": light.type, "location": r(light.transform.location)}
                   for light in sorted(world.lights, key=lambda x: x.id)],
        "shots": [{"id": s.id, "camera": s.camera, "frames": [s.frame_start, s.frame_end]}
                  for s in world.shots],
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


__all__ += ["Edit", "apply_edit", "plan_edit", "scene_summary"]
