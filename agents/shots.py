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

from .fidelity.visibility import Visibility
from .plan import CharacterPlan, ObjectPlan, ScenePlan, ShotPlan

SIZE_WORDS = {"extreme_wide": "extreme wide shot", "wide": "wide shot", "full": "full shot",
              "medium": "medium shot", "close_up": "close-up", "extreme_close_up":
              "extreme close-up"}
MAX_PROMPT = 1000


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
