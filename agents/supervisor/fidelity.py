"""Plan fidelity: every element of the plan that did not reach the shot is a problem.

The plan is what was asked; the World is what the shot shows. Each check measures the evaluated
World with the same defining properties as the fidelity benchmark's scorer
(`previz.agents.fidelity.measures`), so a shot the supervisor calls ok is not one the scorer
would fail for these reasons:

- ``noun_dropped``: a group of the plan has fewer instances in the World than asked (none at
  all: the noun was dropped);
- ``setting_changed``: an outdoor plan built indoors, or the reverse;
- ``element_not_in_shot``: a thing the plan names (an object group, its named set) is in no
  view of any shot (a plan of close-ups alone is asked to show none);
- ``move_not_executed``: a shot planned with a camera move whose camera does not perform it
  (static, or not the move's defining property: an orbit that does not sweep, a dolly that
  keeps its distance);
- ``action_not_performed``: an action played as idle — a walk or run that does not cover its
  path, a gesture whose joints do not move, a jump that does not leave the ground (or, onto a
  target, does not end on its top: a cat asked onto a 3 m wardrobe), a sit with no seat under
  the pelvis, an action whose target is not in the World;
- ``action_adapted``: an action done otherwise than asked — a sit with no seat in the set,
  sat on the floor;
- ``duration_changed`` / ``shot_count_changed``: the World's shots are not the plan's (±0.25 s);
- ``lighting_not_executed``: the plan's lighting look (key direction, colour temperature, lit
  practicals, fog) is not what the lights of the World give.

The text-level check (words of the director's text that no part of the plan used) is
`not_understood`, computed from the text by `previz.agents.planner.coverage`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np

from previz.world import World

from ..fidelity import measures as m
from ..fidelity.visibility import Visibility
from ..plan import ActionPlan, CharacterPlan, ScenePlan
from ..vocabulary import ACTIONS
from .check import Problem

DURATION_TOL = 0.25
CLOSE = ("close_up", "extreme_close_up")  # plan sizes that frame a face or a hand, not a place
#: Verbs measured by their joints (a gesture played in place).
GESTURES = ("wave", "talk", "point", "nod", "dance", "fight", "pick_up", "bark", "graze")
MOVES = ("walk", "run", "fly", "land", "swim")
#: Set-ups whose camera may rightly stand still (over a shoulder, at a character's eyes).
STILL_MOVES = ("static", "over_the_shoulder", "pov")


def group_ids(world: World, gid: str) -> list[str]:
    """Entity ids of a plan group in the World (``id`` or ``id-N``, as the solver names them)."""
    slug = gid.replace("_", "-")
    pat = re.compile(rf"^{re.escape(slug)}(-\d+)?$")
    return sorted(e.id for e in world.entities if pat.match(e.id))


def plan_fidelity(world: World, plan: ScenePlan, seen: Visibility | None = None
                  ) -> list[Problem]:
    """The problems of ``world`` as a realisation of ``plan`` (see the module docstring).
    ``seen``: the supervisor's box render of the World's shots, when `check` has it already
    (rendered here otherwise)."""
    out: list[Problem] = []
    states = m.States(world)
    for g in [*plan.objects, *plan.characters]:
        ids = group_ids(world, g.id)
        if len(ids) < g.count:
            what = "dropped" if not ids else f"{len(ids)} of {g.count} placed"
            out.append(Problem("noun_dropped", [g.id], [],
                               f"{g.id} ({g.category}, {g.count} asked): {what}"))
    indoor = any(e.kind == "set" and e.semantic_class in m.ENCLOSURE_CLASSES
                 for e in world.entities)
    if indoor != (plan.setting.type == "room"):
        asked = "a room" if plan.setting.type == "room" else "an outdoor set"
        out.append(Problem("setting_changed", [], [],
                           f"the plan asks for {asked}, the World is "
                           f"{'indoors' if indoor else 'outdoors'}"))
    out += _unseen(world, plan, seen)
    out += _shots(world, plan, states)
    out += _lighting(world, plan, states)
    for ch in plan.characters:
        for act, frames in zip(ch.actions, _windows(world, ch), strict=True):
            out += _action(world, ch, act, frames, states)
    return out


def _unseen(world: World, plan: ScenePlan, seen: Visibility | None = None) -> list[Problem]:
    """``element_not_in_shot``: a thing the plan names (an object group, the set it names) that
    is in the World but in no shot's view (the supervisor's box render of every shot, the
    fidelity scorer's visibility rule)."""
    if not world.shots:
        return []
    from .framing import supervisor_visibility

    named = [(g.id, g.category.replace("_", " "), group_ids(world, g.id)) for g in plan.objects]
    if plan.setting.set:
        named.append((plan.setting.set, plan.setting.set.replace("_", " "),
                      [e.id for e in world.entities if e.kind == "set"
                       and e.semantic_class == plan.setting.set]))
    named = [n for n in named if n[2]]
    # A close-up shows a face or a hand, not the room: a plan of close-ups alone is asked to
    # show none of it. With a wider shot, what any shot shows is in the shot, the close-up's
    # view included (the scorer's rule: the running track seen under the sprinter's close-up).
    close = {sp.id.replace("_", "-") for sp in plan.shots if sp.size in CLOSE}
    if not named or all(s.id in close for s in world.shots):
        return []
    every = [s.id for s in world.shots]
    vis = _of_shots(seen, world, every) if seen is not None else None
    if vis is None:
        vis = supervisor_visibility(world, every)
    return [Problem("element_not_in_shot", ids, [],
                    f"{gid} ({what}) is in no shot: the director named it, no camera shows it")
            for gid, what, ids in named if not vis.visible_ids(None, ids)]


def _of_shots(seen: Visibility, world: World, shots: list[str]) -> Visibility | None:
    """``seen`` cut to ``shots``, as `supervisor_visibility` renders them (its picture size is
    its first shot's); None when ``seen`` lacks one of them."""
    from .framing import RENDER_WIDTH

    if not shots or any(s not in seen.shots for s in shots):
        return None
    w, h = world.shot(shots[0]).resolution
    return Visibility(RENDER_WIDTH, max(1, round(RENDER_WIDTH * h / w)),
                      {s: seen.shots[s] for s in shots})


def _shots(world: World, plan: ScenePlan, states: m.States) -> list[Problem]:
    out: list[Problem] = []
    shots = sorted(world.shots, key=lambda s: (s.frame_start, s.id))
    if plan.shots and len(shots) != len(plan.shots):
        out.append(Problem("shot_count_changed", [], [],
                           f"the plan has {len(plan.shots)} shot(s), the World {len(shots)}"))
    for sp in plan.shots:
        sid = sp.id.replace("_", "-")
        shot = next((s for s in shots if s.id == sid), None)
        if shot is None:
            continue
        secs = (shot.frame_end - shot.frame_start + 1) / world.fps
        if abs(secs - sp.duration) > DURATION_TOL:
            out.append(Problem("duration_changed", [sid], [shot.frame_start],
                               f"shot {sid} lasts {secs:.2f} s; the plan asks {sp.duration:g} s"))
        if sp.movement in STILL_MOVES:
            continue
        subj = m.shot_subjects(world, sid)
        path = m.camera_path(world, states, sid, subj)
        if path.is_static():
            out.append(Problem("move_not_executed", [shot.camera], [shot.frame_start],
                               f"shot {sid}: {sp.movement} planned, the camera is static"))
            continue
        heights = {k: float(sp.params[k]) for k in ("start_height", "end_height")
                   if isinstance(sp.params.get(k), (int, float))}
        measured = m.move_holds(path, sp.movement, min_sweep_deg=30.0, min_turn_deg=10.0,
                                **heights)
        known = not measured.detail.startswith("unknown move")
        if known and not measured.ok and sp.movement not in ("handheld", "over_the_shoulder",
                                                             "pov", "lead", "follow"):
            out.append(Problem("move_not_executed", [shot.camera], [shot.frame_start],
                               f"shot {sid}: {sp.movement} planned, but the camera "
                               f"{measured.detail}"))
    return out


def _lighting(world: World, plan: ScenePlan, states: m.States) -> list[Problem]:
    """The plan's lighting look as the first shot shows it: the key from the named direction,
    at the named colour temperature (± 10 %, at least 300 K), the named practicals lit, fog."""
    lp = plan.lighting
    shots = sorted(world.shots, key=lambda s: (s.frame_start, s.id))
    if lp is None or not shots:
        return []
    out: list[Problem] = []
    first = shots[0]
    f = first.frame_start

    def miss(detail: str) -> None:
        out.append(Problem("lighting_not_executed", [], [f], detail))

    point = m.subject_point(world, states, first.id, f)
    key, _ = m.key_light(world, states, point, f)
    if key is None and (lp.key_direction or lp.temperature_k):
        miss("the plan asks for a key light; the World has no light")
    elif key is not None:
        if lp.key_direction:
            cam = states.at(f).cameras[first.camera]
            words = m.compass(m.direction_to_light(key, point), -cam.matrix[:3, 2])
            if lp.key_direction not in words:
                miss(f"key from the {lp.key_direction} planned; {key.id} comes from "
                     f"{'/'.join(words) or 'below'}")
        if lp.temperature_k:
            k = m.kelvin_of(world, key.id, key.color, f)
            if k is None or abs(k - lp.temperature_k) > max(300.0, 0.1 * lp.temperature_k):
                have = "no colour temperature" if k is None else f"{k:.0f} K"
                miss(f"key at {lp.temperature_k:.0f} K planned; {key.id} has {have}")
    for gid in lp.practicals:
        ids = group_ids(world, gid)
        if ids and m.practical_lights(world, states, f, ids) == 0:
            miss(f"{gid} should be a lit practical; no light stands at it")
    if lp.fog:
        fog = getattr(world.environment, "fog", None) if world.environment is not None else None
        if not fog:
            miss(f"fog {lp.fog:g} planned; the World has none")
    return out


def _windows(world: World, ch: CharacterPlan) -> list[list[int]]:
    """Frames in which each of the character's actions may be seen: from the earliest frame the
    timeline can start it (actions run in order; an action starts at its ``start`` or after the
    one before it, whose real length — a walk's path — the World does not record) to the end of
    the scene. An action is "not performed" when no frame after its start shows it."""
    lo, hi = m.scene_range(world)
    out = []
    t = 0.0
    for act in ch.actions:
        t = max(t, act.start)
        a = max(lo, 1 + round(t * world.fps))
        out.append(m.sample(a, max(a, hi), 48))
        spec = ACTIONS.get(act.verb, {})
        if not spec.get("moves"):
            t += act.duration if "duration" in act.model_fields_set else float(
                spec.get("duration", act.duration))
    return out


def _action(world: World, ch: CharacterPlan, act: ActionPlan, frames: list[int],
            states: m.States) -> list[Problem]:
    ids = group_ids(world, ch.id)
    if not ids:
        return []  # reported as noun_dropped
    if len(frames) < 2:
        return []
    first = ids[0]
    verb = act.verb
    if act.target is not None and not group_ids(world, act.target):
        return [Problem("action_not_performed", [first], [frames[0]],
                        f"{first}: {verb} {act.target}, but there is no {act.target} in the set")]
    if verb == "jump" and act.target is not None:  # onto its top: it must land there
        tops = group_ids(world, act.target)
        if not any(m.ends_on(world, states, first, frames[:i + 1], tops).ok
                   for i in range(1, len(frames))):
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: jump onto {act.target} not performed (never on its "
                            f"top)")]
        return []
    if verb in MOVES or ACTIONS.get(verb, {}).get("moves"):  # sprint, jog, march_on…
        need = _distance_asked(world, act, first, frames[0], states)
        r = m.travels(world, states, first, frames, need)
        if not r.ok:
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: {verb} {r.detail} of the {need:.1f} m asked")]
        return []
    if verb in GESTURES:
        r = m.moves_joints(world, states, first, frames, (), 10.0)
        if not r.ok:
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: {verb} played as idle ({r.detail})")]
        return []
    if verb == "jump":
        r = m.airborne(world, states, first, frames, 0.1)
        if not r.ok:
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: jump does not leave the ground ({r.detail})")]
        return []
    if verb == "sit" and ch.kind == "character":  # an animal sits on its haunches, anywhere
        seats = m.matching(world, m.SEAT_CLASSES)
        r = m.seated(world, states, first, frames, seats)
        if not r.ok:
            floor = _on_the_floor(states, first, frames)
            if floor is not None:  # sat, but not on a seat: said, as what changed
                return [Problem("action_adapted", [first], [floor],
                                f"{first}: sit: no seat: sat on the floor")]
            why = "no seat in the set" if not seats else r.detail
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: sit, but {why}")]
        return []
    if verb == "turn":
        yaws = [float(np.arctan2(states.at(f).entities[first].matrix[1, 0],
                                 states.at(f).entities[first].matrix[0, 0])) for f in frames]
        turned = float(np.degrees(np.ptp(np.unwrap(yaws))))
        if turned < 30:
            return [Problem("action_not_performed", [first], [frames[0]],
                            f"{first}: turn turns only {turned:.0f}°")]
    return []


FLOOR_SIT = 0.25
"""m: a pelvis this close above the ground the character stands on (and its feet on it) sits
on the floor."""


def _on_the_floor(states: m.States, eid: str, frames: Sequence[int]) -> int | None:
    """The first frame in which ``eid`` sits on the floor (pelvis within `FLOOR_SIT` of the
    ground under it, the lowest joint on that ground), or None."""
    for f in frames:
        st = states.at(f).entities[eid]
        if "pelvis" not in st.joints:
            return None
        ground = float(st.matrix[2, 3])
        low = min(float(j[2, 3]) for j in st.joints.values())
        if st.joints["pelvis"][2, 3] - ground <= FLOOR_SIT and abs(low - ground) < 0.1:
            return int(f)
    return None


def not_understood(text: str, plan: ScenePlan) -> list[Problem]:
    """One ``not_understood`` problem listing the words and numbers of ``text`` that no part
    of ``plan`` used (`previz.agents.planner.coverage`), or none."""
    from ..planner.coverage import unread

    missed = unread(text, plan)
    if not missed:
        return []
    why = {"number": " (a number the plan does not hold)",
           "setting": " (the plan's setting says otherwise)",
           "terrain": " (the set has no such ground or water)",
           "verb": " (no one in the plan does it)", "word": ""}
    words = ", ".join(f"{u.word!r} at {u.start}-{u.end}{why[u.why]}" for u in missed[:24])
    more = f" and {len(missed) - 24} more" if len(missed) > 24 else ""
    return [Problem("not_understood", [], [],
                    f"the plan does not use these words of the text: {words}{more}")]


def _distance_asked(world: World, act: ActionPlan, eid: str, frame: int,
                    states: m.States) -> float:
    """How far a move must at least carry the character: half the way to its goal (it stops in
    front of it), half its waypoint path, or half its speed times an explicit duration."""
    here = states.at(frame).entities[eid].matrix[:2, 3]
    if act.goal is not None:
        goal_ids = group_ids(world, act.goal)
        if goal_ids:
            lo, hi = m.box_bounds(world, states, goal_ids[0], frame)
            gap = float(np.linalg.norm(np.maximum(np.maximum(lo[:2] - here, here - hi[:2]), 0)))
            return max(0.3, 0.5 * gap)
    if act.waypoints:
        pts = [here, *[np.array(w, float) for w in act.waypoints]]
        return max(0.3, 0.5 * sum(float(np.linalg.norm(b - a)) for a, b in itertools.pairwise(pts)))
    speed = float(ACTIONS.get(act.verb, {}).get("speed", 1.3))
    return max(0.3, 0.5 * speed * act.duration)


def unsaid_problems(items: Sequence[str]) -> list[Problem]:
    """What the plan itself says it cannot express (an expert plan's ``cannot_say``) as
    problems: the shot cannot be what was asked."""
    return [Problem("cannot_say", [], [], f"the plan cannot say: {why}") for why in items]
