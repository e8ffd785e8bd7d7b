"""Each shot its own text and seed, and a plan's coverage as shots.

A video model renders one shot at a time, so a shot's prompt says what *that* shot shows — its
size, its subjects with their appearance and what they do in it, every other entity the camera
really sees (`visible_in_shot`: the supervisor's box render of the realised World through the
shot's camera, the same visibility the fidelity scorer reads from the segmentation pass) named by
its appearance, the set and the light — rather than the director's whole text; and each shot
gets its own seed, derived from the plan's seed and the shot id (so reordering or adding a shot
does not change another's noise, and the same plan and seed give the same seeds).

The text lands in the World's ``shots[].prompt``; what a user types there (or in the Render
panel) replaces it and is what the model receives (`previz.neural_render.prompts`).
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING

from previz.skills.geometry import rect_extent

from .fidelity.visibility import Visibility
from .plan import CharacterPlan, ObjectPlan, ScenePlan, ShotPlan

if TYPE_CHECKING:
    from .layout import Layout, Placement

SIZE_WORDS = {"extreme_wide": "extreme wide shot", "wide": "wide shot", "full": "full shot",
              "medium": "medium shot", "close_up": "close-up", "extreme_close_up":
              "extreme close-up"}
MAX_PROMPT = 1000
#: The cast a shot that names no subject frames: who acts in the scene.
CAST_KINDS = ("character", "animal")
#: ... with the things standing within this many metres of a member of the cast (the slide and
#: swings the children play on, the bench the mother sits on, the table of a dinner) — not the
#: trees on the set's edges, which would back the camera out of the set.
NEAR_CAST = 3.0


def shot_seed(seed: int, shot_id: str) -> int:
    """The render seed of shot ``shot_id`` of a plan realised with ``seed``: 31 bits of
    SHA-256 of both."""
    digest = hashlib.sha256(f"{int(seed)}:{shot_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _what(g: ObjectPlan | CharacterPlan) -> str:
    look = getattr(g, "appearance", "") or g.description or g.category.replace("_", " ")
    if g.count > 1:
        return f"{g.count} {look}" if look == g.category.replace("_", " ") else look
    return look


def _doing(g: ObjectPlan | CharacterPlan, start: float, end: float) -> str:
    verbs = [a.verb.replace("_", " ") for a in getattr(g, "actions", [])
             if a.start < end and a.start + a.duration > start]
    return " then ".join(dict.fromkeys(verbs))


def visible_in_shot(vis: Visibility, shot_id: str, ids: list[str]) -> list[str]:
    """Which of ``ids`` the camera of ``shot_id`` sees in some sampled frame, the largest mean
    share of the picture first (ties by id)."""
    seen = vis.visible_ids(shot_id, ids)
    return sorted(seen, key=lambda i: (-vis.pixel_share(shot_id, [i]), i))


def shot_prompt(plan: ScenePlan, shot: ShotPlan, start: float, subjects: list[str],
                look: str = "", also: list[str] = ()) -> str:
    """What ``shot`` (from ``start`` s) shows: size and movement, its subjects (plan group ids)
    with their appearance and what they do during the shot, the appearances in ``also`` (the
    other entities the camera sees, largest first), the set, and the light."""
    end = start + shot.duration
    size = SIZE_WORDS.get(shot.size, shot.size.replace("_", " "))
    move = "" if shot.movement == "static" else f", {shot.movement.replace('_', ' ')}"
    part = f" on the {shot.subject_part.replace('_', ' ')}" if shot.subject_part else ""
    who = []
    for gid in subjects:
        try:
            g = plan.group(gid)
        except KeyError:
            continue
        doing = _doing(g, start, end)
        who.append(_what(g) + (f" ({doing})" if doing else ""))
    if not who:
        who = [_what(g) for g in plan.characters] or ["the scene"]
    setting = plan.setting.name or ("a room" if plan.setting.type == "room" else "outdoors")
    extra = [a for a in dict.fromkeys(also)
             if a and a != setting and not any(a in w for w in who)]
    where = f"in {setting}" if plan.setting.type == "room" else f"at {setting}"
    light = look or plan.mood
    who_text = ", ".join(who) + (f" with {', '.join(extra)}" if extra else "")
    text = (f"{size}{move}{part} of {who_text}, {where}; {light.replace('_', ' ')} "
            f"light.")
    return text[:MAX_PROMPT]


def _gap(a: Placement, b: Placement) -> float:
    """Distance (m) across the floor between the footprints of ``a`` and ``b`` (their boxes
    turned by their yaw, taken as the axis-aligned boxes round them); 0 where they overlap."""
    ax, ay = rect_extent(a.yaw, a.size[0], a.size[1])
    bx, by = rect_extent(b.yaw, b.size[0], b.size[1])
    dx = max(0.0, abs(a.x - b.x) - ax - bx)
    dy = max(0.0, abs(a.y - b.y) - ay - by)
    return math.hypot(dx, dy)


def unnamed_subject(layout: Layout, plan: ScenePlan | None = None) -> list[str]:
    """The placement ids a shot that names no subject frames: the cast (characters and
    animals), what the ``plan`` ties to it (the goal or target of a member's action, the other
    side of a relation: the slide, the swings, the bench the mother sits on, the umbrella) and
    the standing things within `NEAR_CAST` of one of them, but for those the plan puts at the
    set's edge (the trees round a playground, which would back the camera out of the set); in
    layout order. A scene without a cast frames every standing thing (not flat, not on a
    wall), as before."""
    standing = [p for p in layout.placements if p.size[2] > 0.05 and p.support != "wall"]
    cast = [p for p in standing if p.kind in CAST_KINDS]
    if not cast:
        return [p.id for p in standing]
    tied: set[str] = set()
    edge: set[str] = set()
    if plan is not None:
        members = {p.group for p in cast}
        for c in plan.characters:
            if c.id in members:
                tied |= {g for a in c.actions for g in (a.goal, a.target) if g is not None}
        for r in plan.relations:
            if r.type == "edge":
                edge.add(r.subject)
            elif r.target is not None and members & {r.subject, r.target}:
                tied |= {r.subject, r.target}
    return [p.id for p in standing
            if p.kind in CAST_KINDS or p.group in tied
            or (p.group not in edge and any(_gap(p, c) <= NEAR_CAST for c in cast))]


def coverage_shots(plan: ScenePlan) -> list[ShotPlan]:
    """The plan's coverage pattern expanded into shots (`previz.skills.camera.coverage`),
    ids shot_1 … ; none without a coverage."""
    if plan.coverage is None:
        return []
    from previz.skills.camera.coverage import expand

    cov = plan.coverage
    subjects = list(cov.subjects) or [c.id for c in plan.characters][:2]
    if not subjects:
        return []
    return [ShotPlan(id=f"shot_{i + 1}", size=s.size, movement=s.movement, subject=s.subject,
                     duration=s.duration, params=dict(s.params))
            for i, s in enumerate(expand(cov.pattern, subjects, cov.shots))]
