"""Score one prompt's shot against its expectations, from what the shot shows.

Inputs are the evaluated World (never the plan) and the `Visibility` of its rendered
segmentation; each expectation scores 1 or 0 with a one-line reason. Expectations an expert plan
declared it cannot say (``cannot_say``) score 0 whatever the shot shows: the benchmark counts
what the plan language lacks. A prompt that failed to plan or build scores 0 on everything, with
its error.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from previz.world import World

from . import measures as m
from .expectations import (
    AXES,
    ActionExpect,
    CameraExpect,
    CastExpect,
    CoverageExpect,
    DurationExpect,
    ElementExpect,
    FramingExpect,
    LightingExpect,
    OrderExpect,
    Prompt,
    SettingExpect,
    ShotsExpect,
    TerrainExpect,
)
from .visibility import Visibility

#: Share of the picture the subject should at least fill for a shot size.
SIZE_SHARE = {"extreme_wide": 0.001, "wide": 0.005, "full": 0.03, "medium": 0.08,
              "close_up": 0.25, "extreme_close_up": 0.4}
ACTION_FRAMES = 48


@dataclass
class Result:
    index: int
    axis: str
    check: str
    ok: bool
    detail: str
    cannot_say: str | None = None

    def to_json(self) -> dict:
        return {"index": self.index, "axis": self.axis, "check": self.check, "ok": self.ok,
                "detail": self.detail, "cannot_say": self.cannot_say}


@dataclass
class PromptScore:
    id: str
    kind: str
    track: str
    results: list[Result] = field(default_factory=list)
    error: str | None = None
    supervisor_ok: bool | None = None
    problems: list[str] = field(default_factory=list)

    def axis(self, name: str) -> tuple[int, int]:
        rs = [r for r in self.results if r.axis == name]
        return sum(r.ok for r in rs), len(rs)

    @property
    def hits(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def score(self) -> float:
        return self.hits / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        """The shot is what was asked: every expectation holds."""
        return self.error is None and self.total > 0 and self.hits == self.total

    def to_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "track": self.track, "error": self.error,
                "score": round(self.score, 4), "passed": self.passed,
                "supervisor_ok": self.supervisor_ok, "problems": self.problems,
                "axes": {a: list(self.axis(a)) for a in AXES if self.axis(a)[1]},
                "results": [r.to_json() for r in self.results]}


def failed(prompt: Prompt, track: str, error: str) -> PromptScore:
    """Every expectation a miss, with the error that stopped the prompt."""
    out = PromptScore(prompt.id, prompt.kind, track, error=error)
    for i, e in enumerate(prompt.expect):
        out.results.append(Result(i, e.axis, e.check, False, f"not run: {error}"))
    return out


def score_prompt(prompt: Prompt, world: World, vis: Visibility | None, track: str,
                 cannot_say: dict[int, str] | None = None) -> PromptScore:
    """Score every expectation of ``prompt`` on ``world`` (and its rendered ``vis``)."""
    states = m.States(world)
    out = PromptScore(prompt.id, prompt.kind, track)
    ctx = _Context(world, states, vis)
    for i, e in enumerate(prompt.expect):
        why = (cannot_say or {}).get(i)
        try:
            ok, detail = ctx.check(e)
        except KeyError as exc:  # a shot index or entity the World does not have
            ok, detail = False, f"missing {exc}"
        if why is not None:
            ok, detail = False, f"the plan language cannot say it: {why}"
        out.results.append(Result(i, e.axis, e.check, bool(ok), detail, why))
    return out


class _Context:
    def __init__(self, world: World, states: m.States, vis: Visibility | None) -> None:
        self.world = world
        self.states = states
        self.vis = vis
        self.shots = sorted(world.shots, key=lambda s: (s.frame_start, s.id))
        a, b = m.scene_range(world)
        self.frames = m.sample(a, b, ACTION_FRAMES)

    # helpers ----------------------------------------------------------------------------------
    def shot_id(self, index: int | None) -> list[str]:
        if index is None:
            return [s.id for s in self.shots]
        if index > len(self.shots):
            raise KeyError(f"shot {index} (the World has {len(self.shots)})")
        return [self.shots[index - 1].id]

    def check(self, e) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
        return getattr(self, f"_{e.check}")(e)

    # checks ---------------------------------------------------------------------------------------
    def _cast(self, e: CastExpect) -> tuple[bool, str]:
        ids = m.matching(self.world, [e.category, *e.also], kinds=(e.kind,))
        n = len(ids)
        ok = n >= e.count and (e.max_count is None or n <= e.max_count)
        detail = f"{n} {e.category}"
        if ok and e.visible and e.count > 0:
            if self.vis is None:
                return False, detail + ", visibility not rendered"
            seen = len(self.vis.visible_ids(None, ids))
            need = min(e.count, 4)
            ok = seen >= need
            detail += f", {seen} visible (need {need})"
        return ok, detail

    def _setting(self, e: SettingExpect) -> tuple[bool, str]:
        indoor = any(x.kind == "set" and x.semantic_class in m.ENCLOSURE_CLASSES
                     for x in self.world.entities)
        return indoor == e.indoor, "indoors" if indoor else "outdoors"

    def _element(self, e: ElementExpect) -> tuple[bool, str]:
        ids = m.matching(self.world, [e.category, *e.also])
        ok = len(ids) >= e.count
        detail = f"{len(ids)} {e.category}"
        if ok and e.visible and e.count > 0:
            if self.vis is None:
                return False, detail + ", visibility not rendered"
            shots = self.shot_id(e.shot)
            seen = set()
            for s in shots:
                seen |= self.vis.visible_ids(s, ids)
            ok = bool(seen)
            where = f"shot {e.shot}" if e.shot else "any shot"
            detail += f", {len(seen)} visible in {where}"
        return ok, detail

    def _terrain(self, e: TerrainExpect) -> tuple[bool, str]:
        f = self.frames[0]
        if e.feature == "water":
            ids = m.matching(self.world, m.WATER_CLASSES)
            for i in ids:
                lo, hi = m.box_bounds(self.world, self.states, i, f)
                if (hi[0] - lo[0]) * (hi[1] - lo[1]) >= 1.0:
                    return True, f"water surface {i}"
            return False, "no water surface"
        ids = m.matching(self.world, (*m.GROUND_CLASSES, "hill", "terrain", "mountain"))
        if not ids:
            return False, "no ground or terrain entity"
        bounds = [m.box_bounds(self.world, self.states, i, f) for i in ids]
        relief = float(max(b[1][2] for b in bounds) - min(b[1][2] for b in bounds))
        relief = max(relief, max(float(b[1][2] - b[0][2]) for b in bounds))
        return relief >= e.min_relief_m, f"relief {relief:.2f} m"

    def measure_action(self, e: ActionExpect) -> tuple[bool, str, int | None]:
        subjects = m.matching(self.world, [e.subject, *e.also], kinds=("character", "animal"))
        if not subjects:  # a vehicle (a prop) that drives or flies: measured the same way
            subjects = m.matching(self.world, [e.subject, *e.also], kinds=("prop",))
        if not subjects:
            return False, f"no {e.subject}", None
        targets = m.matching(self.world, [e.target]) if e.target else []
        if e.target and not targets and e.property in ("ends_on", "seated", "holds"):
            return False, f"no {e.target} to {e.verb} on/with", None
        frames = self.frames
        w, st = self.world, self.states
        if e.property == "toward":
            # "Every member of the procession": the members of one group (entities named
            # <group>-N, as the solver names a plan group's instances) — the drummers beside
            # the gate are people too, but not the procession. The group that does best.
            groups: dict[str, list[str]] = {}
            for s in subjects:
                groups.setdefault(m.group_of(s), []).append(s)
            best = None
            for name in sorted(groups):
                r = m.toward(w, st, groups[name], frames, targets, e.min_distance)
                if best is None or (r.value or -math.inf) > (best[1].value or -math.inf):
                    best = (name, r)
            assert best is not None
            name, r = best
            who = f"{name} ({len(groups[name])}): " if len(groups) > 1 else ""
            return r.ok, f"{e.verb}: {who}{r.detail}", r.onset
        results = []
        for s in subjects:
            p = e.property
            if p == "travels":
                r = m.travels(w, st, s, frames, e.min_distance, e.min_speed)
            elif p == "airborne":
                r = m.airborne(w, st, s, frames, e.min_height)
            elif p == "reaches":
                r = m.reaches(w, st, s, frames, e.joint, e.min_height)
            elif p == "ends_on":
                r = m.ends_on(w, st, s, frames, targets)
            elif p == "seated":
                seats = targets or m.matching(w, m.SEAT_CLASSES)
                r = m.seated(w, st, s, frames, seats)
            elif p == "moves_joints":
                r = m.moves_joints(w, st, s, frames, e.joints, e.min_angle_deg)
            elif p == "in_water":
                r = m.in_water(w, st, s, frames)
            elif p == "in_air":
                r = m.in_air(w, st, s, frames, e.min_height)
            else:  # holds
                r = m.holds(w, st, s, frames, targets)
            results.append((s, r))
        good = [(s, r) for s, r in results if r.ok]
        ok = len(good) == len(results) if e.all else bool(good)
        pick = (good or results)[0]
        onsets = [r.onset for _, r in good if r.onset is not None]
        onset = min(onsets) if onsets else None
        n = f"{len(good)}/{len(results)} " if len(results) > 1 else ""
        return ok, f"{e.verb}: {n}{pick[0]} {pick[1].detail}", onset

    def _action(self, e: ActionExpect) -> tuple[bool, str]:
        ok, detail, _ = self.measure_action(e)
        return ok, detail

    def _order(self, e: OrderExpect) -> tuple[bool, str]:
        ok1, d1, t1 = self.measure_action(e.first)
        ok2, d2, t2 = self.measure_action(e.then)
        if not (ok1 and ok2) or t1 is None or t2 is None:
            return False, f"{d1}; {d2}"
        gap = (t2 - t1) / self.world.fps
        if e.together:
            return abs(gap) <= 2.0, f"{e.then.verb} starts {gap:+.2f} s from {e.first.verb}"
        return gap >= 0.25, f"{e.then.verb} starts {gap:+.2f} s after {e.first.verb}"

    def _camera(self, e: CameraExpect) -> tuple[bool, str]:
        details = []
        for sid in self.shot_id(e.shot):
            subj = m.shot_subjects(self.world, sid)
            if e.subject:
                # Of the things of that kind, the ones the shot is about (the taxi it follows,
                # not the four parked cars it passes); all of them when it faces none.
                every = m.matching(self.world, [e.subject])
                subj = [x for x in every if x in subj] or every
            path = m.camera_path(self.world, self.states, sid, subj)
            if e.move in ("over_the_shoulder", "pov"):
                ok, d = self._ots_or_pov(sid, path, e.move)
            else:
                r = m.move_holds(path, e.move, min_sweep_deg=e.min_sweep_deg,
                                 min_turn_deg=e.min_turn_deg, start_height=e.start_height,
                                 end_height=e.end_height)
                ok, d = r.ok, r.detail
            if ok and e.height is not None:
                z = path.eye[:, 2]
                ok = bool(e.height[0] <= z.min() and z.max() <= e.height[1])
                d += f", height {z.min():.1f}–{z.max():.1f} m"
            details.append(f"{sid}: {d}")
            if ok:
                return True, details[-1]
        return False, "; ".join(details) or "no shot"

    def _ots_or_pov(self, shot_id: str, path: m.CameraPath, move: str) -> tuple[bool, str]:
        """Over the shoulder: the camera stands within 1.5 m behind one character's head and
        looks at another; POV: at a character's eyes (within 0.3 m of the head)."""
        mid = len(path.frames) // 2
        f = path.frames[mid]
        eye, fwd = path.eye[mid], path.forward[mid]
        people = [x for x in self.world.entities if x.kind in ("character", "animal")]
        st = self.states.at(f)
        heads = {}
        for x in people:
            js = st.entities[x.id].joints
            heads[x.id] = js["head"][:3, 3] if "head" in js else \
                m.box_bounds(self.world, self.states, x.id, f)[1]
        for a, ha in heads.items():
            d = float(np.linalg.norm(ha - eye))
            if move == "pov" and d <= 0.35:
                return True, f"at {a}'s eyes"
            if move == "over_the_shoulder" and d <= 1.5:
                for b, hb in heads.items():
                    if b == a:
                        continue
                    v = hb - eye
                    ang = math.degrees(math.acos(max(-1.0, min(1.0, float(
                        v @ fwd / (np.linalg.norm(v) * np.linalg.norm(fwd) + 1e-12))))))
                    if ang <= 25 and float(np.linalg.norm(hb - eye)) > d:
                        return True, f"over {a}'s shoulder onto {b}"
        return False, "no character's shoulder or eyes at the camera"

    def _framing(self, e: FramingExpect) -> tuple[bool, str]:
        if self.vis is None:
            return False, "visibility not rendered"
        ids = m.matching(self.world, [e.subject, *e.also])
        if not ids:
            return False, f"no {e.subject}"
        details = []
        ok_all = True
        for sid in self.shot_id(e.shot):
            share = self.vis.visible_share(sid, ids)
            px = self.vis.pixel_share(sid, ids)
            ok = share >= e.min_visible
            if e.size is not None:
                ok = ok and px >= SIZE_SHARE[e.size]
            details.append(f"{sid}: visible {share:.0%} of frames, {px:.1%} of the picture")
            ok_all = ok_all and ok
        return ok_all, "; ".join(details)

    def _main_subject(self, shot_id: str) -> str | None:
        people = [x.id for x in self.world.entities if x.kind in ("character", "animal")]
        if self.vis is not None and people:
            shares = {p: self.vis.pixel_share(shot_id, [p]) for p in people}
            best = max(sorted(shares), key=lambda p: shares[p])
            return best if shares[best] > 0 else None
        subj = m.shot_subjects(self.world, shot_id)
        return subj[0] if subj else None

    def _coverage(self, e: CoverageExpect) -> tuple[bool, str]:
        shots = [s.id for s in self.shots]
        if len(shots) < max(2, e.count):
            return False, f"{len(shots)} shot(s)"
        mids = {}
        for s in self.shots:
            f = (s.frame_start + s.frame_end) // 2
            cam = self.states.at(f).cameras[s.camera]
            mids[s.id] = (cam.matrix[:3, 3], -cam.matrix[:3, 2])
        if e.pattern in ("shot_reverse_shot", "over_the_shoulder"):
            mains = [self._main_subject(s) for s in shots]
            alternating = sum(1 for a, b in itertools.pairwise(mains)
                              if a and b and a != b)
            ok = alternating >= 1 and len({x for x in mains if x}) >= 2
            detail = f"main subjects {mains}"
            if ok and e.pattern == "over_the_shoulder":
                ots = 0
                for s in shots:
                    path = m.camera_path(self.world, self.states, s, m.shot_subjects(self.world,
                                                                                      s))
                    ots += int(self._ots_or_pov(s, path, "over_the_shoulder")[0])
                ok = ots >= 2
                detail += f", {ots} over-the-shoulder shots"
            return ok, detail
        if e.pattern == "establishing_then_closer":
            sizes = []
            for s in self.shots:
                subj = m.shot_subjects(self.world, s.id)
                if self.vis is not None and subj:
                    sizes.append(self.vis.pixel_share(s.id, subj))
                else:
                    sizes.append(float("nan"))
            ok = len(sizes) >= 2 and not math.isnan(sizes[0]) and any(
                x >= 2 * sizes[0] and x > 0 for x in sizes[1:])
            return ok, "subject share per shot " + ", ".join(f"{x:.1%}" for x in sizes)
        # multi_angle
        distinct: list[tuple[np.ndarray, np.ndarray]] = []
        for eye, fwd in mids.values():
            if all(np.linalg.norm(eye - e2) >= 1.0 or m.angle_deg(fwd, f2) >= 20
                   for e2, f2 in distinct):
                distinct.append((eye, fwd))
        return len(distinct) >= e.count, f"{len(distinct)} distinct camera set-ups"

    def _duration(self, e: DurationExpect) -> tuple[bool, str]:
        if e.shot is None:
            secs = m.scene_seconds(self.world)
        else:
            s = self.shots[e.shot - 1] if e.shot <= len(self.shots) else None
            if s is None:
                return False, f"no shot {e.shot}"
            secs = (s.frame_end - s.frame_start + 1) / self.world.fps
        return abs(secs - e.seconds) <= e.tolerance, f"{secs:.2f} s"

    def _shots(self, e: ShotsExpect) -> tuple[bool, str]:
        n = len(self.shots)
        hi = e.max_count if e.max_count is not None else e.count
        return e.count <= n <= hi, f"{n} shot(s)"

    def _lighting(self, e: LightingExpect) -> tuple[bool, str]:
        w = self.world
        if not self.shots:
            return False, "no shot"
        first = self.shots[0]
        f = first.frame_start
        point = m.subject_point(w, self.states, first.id, f)
        env = w.environment
        if e.property == "sky":
            if env is None:
                return False, "no sky"
            from previz.world.tracks import sample as sample_param

            radiance = max(sample_param(c, f) for c in env.color) * sample_param(env.strength, f)
            return radiance >= 0.05 or env.sun is not None, f"sky radiance {radiance:.2f}"
        if e.property == "fog":
            fog = getattr(env, "fog", None) if env is not None else None
            return bool(fog), "fog" if fog else "the World has no fog"
        if e.property == "practicals":
            n = m.practical_lights(w, self.states, f, m.matching(w, m.PRACTICAL_CLASSES))
            return n >= e.count, f"{n} practical light(s)"
        key, share = m.key_light(w, self.states, point, f)
        if key is None:
            return False, "no lights"
        if e.property == "key_direction":
            cam = self.states.at(f).cameras[first.camera]
            words = m.compass(m.direction_to_light(key, point), -cam.matrix[:3, 2])
            return (e.direction in words), f"key {key.id} from {'/'.join(words) or 'below'}"
        if e.property == "temperature":
            k = m.kelvin_of(w, key.id, key.color, f)
            if k is None or e.kelvin is None:
                return False, f"key {key.id} has no colour temperature"
            return e.kelvin[0] <= k <= e.kelvin[1], f"key {key.id} at {k:.0f} K"
        # low_key
        ambient = 0.0
        if env is not None:
            from previz.world.tracks import sample as sample_param

            ambient = max(sample_param(c, f) for c in env.color) * sample_param(env.strength, f)
        ok = share >= 0.7 and ambient <= 0.05
        return ok, f"key {key.id} gives {share:.0%} of the light, ambient {ambient:.2f}"


def summary(scores: Sequence[PromptScore]) -> dict:
    """Per kind and axis: hits / expectations and %; totals per axis and overall. The overall
    figure is the mean of per-prompt scores (each prompt weighs the same)."""
    kinds = sorted({s.kind for s in scores})
    table: dict[str, dict] = {}
    for k in kinds:
        ss = [s for s in scores if s.kind == k]
        row = {}
        for a in AXES:
            hits = sum(s.axis(a)[0] for s in ss)
            tot = sum(s.axis(a)[1] for s in ss)
            row[a] = [hits, tot]
        row["total_pct"] = round(100 * float(np.mean([s.score for s in ss])), 1)
        table[k] = row
    axes = {a: [sum(s.axis(a)[0] for s in scores), sum(s.axis(a)[1] for s in scores)]
            for a in AXES}
    overall = round(100 * float(np.mean([s.score for s in scores])), 1) if scores else 0.0
    return {"kinds": table, "axes": axes, "overall_pct": overall,
            "prompts": len(scores), "passed": sum(s.passed for s in scores),
            "errors": sum(s.error is not None for s in scores)}


def format_table(summary_: dict, title: str) -> str:
    """The summary as a fixed-width table: one row per kind, one column per axis (hits/total
    and %), the total in %."""
    head = f"{'kind':<14}" + "".join(f"{a:>14}" for a in AXES) + f"{'total':>8}"
    lines = [title, head, "-" * len(head)]

    def cell(h: int, t: int) -> str:
        return f"{h}/{t} {100 * h / t:3.0f}%" if t else "-"

    for k, row in summary_["kinds"].items():
        lines.append(f"{k:<14}" + "".join(f"{cell(*row[a]):>14}" for a in AXES)
                     + f"{row['total_pct']:>7.1f}%")
    lines.append("-" * len(head))
    lines.append(f"{'all':<14}" + "".join(f"{cell(*summary_['axes'][a]):>14}" for a in AXES)
                 + f"{summary_['overall_pct']:>7.1f}%")
    lines.append(f"{summary_['prompts']} prompts, {summary_['passed']} fully right, "
                 f"{summary_['errors']} failed to plan or build")
    return "\n".join(lines)
