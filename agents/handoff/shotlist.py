"""One row per shot, in scene order: what a storyboard panel, a shot-list line and an editorial
clip say about a shot.

Everything a row says is read from the World, and measured where the World only implies it:

- frames and durations from the shot's range; SMPTE timecodes at the World's fps, Blender frame
  1 being 00:00:00:00 (drop-frame, with ``;``, at 29.97 and 59.94 fps; 23.976 counts at a
  nominal 24). ``timecode_out`` is the first frame *after* the shot, as an EDL's record out, so
  the next shot's in equals this one's out when the shots are contiguous;
- the lens (focal length at the first and last frame: a zoom shows both) and the camera body,
  named from the skills' bodies (`previz.skills.camera.bodies`) whose sensor width the camera
  has, else the sensor width itself;
- the move measured on the camera's path: how far it travels, pans, tilts and zooms;
- the subjects from the ``facing`` relations the planner records from a shot's camera to what it
  frames, else the characters and animals in the picture (their joints; the props when none
  is); the lighting look from the preset names of the World's lights (else the lights listed);
- the aspect ratio from the shot's resolution (named when it is a common one).

When the plan that made the World is known (``previz plan`` writes it into ``WORLD.report.json``
beside the World; `load_report`), a row also says what was asked: the move by its name (a
``dolly_in``), the requested camera body, each subject's actions during the shot, the lighting
look and its key, and the notes of the planner and the supervisor's problems on the shot's
frames. A report made for another version of the World (its content hash differs: the World was
edited since) is still used, and every row then says so in its notes.

Dialogue is not part of a World: callers pass timed lines (`DialogueLine`, seconds on the
scene's timeline; `load_dialogue` reads them from JSON) and each line goes to the shot in which
it starts.

Pure and deterministic: no clock, no dict order, no bpy or torch.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from previz.world import World
from previz.world.errors import InputError
from previz.world.models import Shot

#: Below these the camera "does not move" (a hand-keyed camera jitters by less than this).
STILL_TRAVEL_M = 0.05
STILL_ANGLE_DEG = 1.0
STILL_ZOOM_MM = 0.1
#: Camera samples per shot when measuring its move (every frame of a short shot).
MOVE_SAMPLES = 49
#: Named aspect ratios (width / height) and how close a frame must be to carry the name.
ASPECTS = ((1.0, "1:1"), (4 / 3, "4:3"), (1.5, "3:2"), (16 / 9, "16:9"), (1.85, "1.85:1"),
           (2.0, "2:1"), (2.39, "2.39:1"), (2.76, "2.76:1"), (9 / 16, "9:16"), (4 / 5, "4:5"))
ASPECT_TOLERANCE = 0.005  # relative
#: Where up an entity's height `in_frame` looks for it (0 = its origin, 1 = its top).
HEIGHT_SAMPLES = (0.1, 0.3, 0.5, 0.7, 0.9)
#: Sensor widths equal within this (mm) name the body.
SENSOR_TOLERANCE_MM = 0.01


@dataclass(frozen=True)
class DialogueLine:
    """A line of dialogue on the scene's timeline: who says what, from ``start_s`` to
    ``end_s`` seconds after frame 1."""

    speaker: str
    text: str
    start_s: float
    end_s: float

    def label(self) -> str:
        return f"{self.speaker.upper()}: {self.text}" if self.speaker else self.text


@dataclass(frozen=True)
class ShotRow:
    """What one shot is, for the crew. See the module docstring for where each field comes
    from. Times: seconds; lengths: metres; angles: degrees; lens and sensor: millimetres."""

    shot_id: str
    order: int  # 1-based position in scene order
    camera: str  # the World's camera id
    frame_start: int
    frame_end: int  # inclusive (Blender's convention)
    frames: int
    fps: float
    duration_s: float
    timecode_in: str
    timecode_out: str  # the first frame after the shot (exclusive, as an EDL's record out)
    resolution: tuple[int, int]
    aspect: str
    camera_body: str
    sensor_width_mm: float
    lens_mm: float  # at the first frame
    lens_mm_end: float  # at the last frame (equal unless the shot zooms)
    move: str  # the plan's movement name when known, else what the camera measurably does
    move_measured: str  # what the camera measurably does: "static", "travels 3.2 m, pans 40° left"
    travel_m: float
    pan_deg: float  # positive: to the left (counter-clockwise seen from above)
    tilt_deg: float  # positive: up
    subjects: tuple[str, ...]
    action: str
    dialogue: tuple[DialogueLine, ...]
    notes: tuple[str, ...]
    lighting_look: str
    prompt: str

    @property
    def lens(self) -> str:
        if abs(self.lens_mm_end - self.lens_mm) < STILL_ZOOM_MM:
            return f"{self.lens_mm:g} mm"
        return f"{self.lens_mm:g} → {self.lens_mm_end:g} mm"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["resolution"] = list(self.resolution)
        data["subjects"] = list(self.subjects)
        data["notes"] = list(self.notes)
        data["dialogue"] = [asdict(d) for d in self.dialogue]
        return data

    def to_flat(self) -> dict[str, str]:
        """One CSV row: lists joined with `` | ``, dialogue as ``SPEAKER: text``."""
        out: dict[str, str] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "resolution":
                out[f.name] = f"{v[0]}x{v[1]}"
            elif f.name == "dialogue":
                out[f.name] = " | ".join(d.label() for d in v)
            elif isinstance(v, tuple):
                out[f.name] = " | ".join(str(x) for x in v)
            elif isinstance(v, float):
                out[f.name] = f"{v:.6g}"
            else:
                out[f.name] = str(v)
        return out


COLUMNS = tuple(f.name for f in fields(ShotRow))


# Timecode and aspect --------------------------------------------------------------------------


def timecode(frame_index: int, fps: float) -> str:
    """SMPTE timecode of the frame ``frame_index`` frames after 00:00:00:00 at ``fps``.

    29.97 and 59.94 fps are drop-frame (``HH:MM:SS;FF``: frame numbers 0 and 1 — 0 to 3 at
    59.94 — are skipped at every minute but each tenth, so the timecode keeps to the clock);
    other rates count at the nearest whole rate (23.976 as 24). Wraps at 24 hours."""
    nominal = max(1, round(fps))
    drop = nominal in (30, 60) and abs(fps - nominal * 1000 / 1001) < 1e-3
    n = int(frame_index)
    if drop:
        d = nominal // 15  # frames dropped each minute: 2 at 29.97, 4 at 59.94
        per_10 = nominal * 600 - 9 * d
        per_min = nominal * 60 - d
        n %= per_10 * 6 * 24
        tens, rem = divmod(n, per_10)
        n += 9 * d * tens + (d * ((rem - d) // per_min) if rem > d else 0)
    n %= nominal * 86400
    ff = n % nominal
    secs = n // nominal
    sep = ";" if drop else ":"
    return f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}{sep}{ff:02d}"


def aspect_name(width: int, height: int) -> str:
    """``16:9``, ``2.39:1`` … for a common ratio, else the ratio to two places (``1.73:1``)."""
    r = width / height
    for value, name in ASPECTS:
        if abs(r - value) <= ASPECT_TOLERANCE * value:
            return name
    return f"{r:.2f}:1"


# Inputs beside the World ----------------------------------------------------------------------


def load_report(path: str | Path) -> dict[str, Any]:
    """The report `previz plan` writes beside a World (``WORLD.report.json``); an InputError
    naming the file when it is not one."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{p}: not a report JSON ({exc})".splitlines()[0]) from None
    if not isinstance(data, dict) or not isinstance(data.get("problems", []), list):
        raise InputError(f"{p}: not a Previz report (an object with 'problems' and 'plan')")
    return data


def load_dialogue(path: str | Path) -> list[DialogueLine]:
    """Timed dialogue from JSON: a list of ``{"speaker", "text", "start_s", "end_s"}`` (or an
    object with such a list under ``"dialogue"``). An InputError names the file and entry."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{p}: not a dialogue JSON ({exc})".splitlines()[0]) from None
    if isinstance(data, dict):
        data = data.get("dialogue")
    if not isinstance(data, list):
        raise InputError(f"{p}: expected a list of lines (speaker, text, start_s, end_s)")
    lines = []
    for i, item in enumerate(data):
        try:
            start, end = float(item["start_s"]), float(item["end_s"])
            text, speaker = str(item["text"]), str(item.get("speaker", ""))
        except (TypeError, KeyError, ValueError) as exc:
            raise InputError(f"{p}: dialogue[{i}]: needs text, start_s and end_s "
                             f"({type(exc).__name__}: {exc})") from None
        if not (math.isfinite(start) and math.isfinite(end)) or end < start:
            raise InputError(f"{p}: dialogue[{i}]: end_s ({end:g}) before start_s ({start:g})")
        lines.append(DialogueLine(speaker, text, start, end))
    return sorted(lines, key=lambda d: (d.start_s, d.end_s))


def report_beside(scene: str | Path) -> dict[str, Any] | None:
    """The plan's report of a scene file, when there is one beside it: ``WORLD.report.json``
    for ``WORLD.json`` (what `previz plan` writes), ``NAME.report.json`` for ``NAME.blend``,
    else ``world.report.json`` (what `previz make` and `previz script` write beside their
    World and .blend)."""
    p = Path(scene)
    stem = p.name[:-5] if p.name.endswith(".json") else p.stem
    for candidate in (p.with_name(f"{stem}.report.json"), p.with_name("world.report.json")):
        if candidate.is_file() and candidate != p:
            return load_report(candidate)
    return None


def dialogue_beside(scene: str | Path) -> list[DialogueLine]:
    """The lines of ``dialogue.json`` beside a scene file (what `previz script` writes), or
    none."""
    p = Path(scene).with_name("dialogue.json")
    return load_dialogue(p) if p.is_file() and p != Path(scene) else []


# Measuring a shot -----------------------------------------------------------------------------


def scene_order(world: World) -> list[Shot]:
    """The shots by start frame (a tie keeps the World's order)."""
    return [s for _, _, s in sorted((s.frame_start, i, s) for i, s in enumerate(world.shots))]


def _camera_world(world: World) -> World:
    """``world`` without skeletons (a camera never needs one) unless something hangs from a
    joint; evaluating it is a fraction of the whole World's cost."""
    hangs = {r.target for r in world.relations if r.type == "attached_to" and r.joint}
    return world.model_copy(update={"entities": [
        e if e.skeleton is None or e.id in hangs else e.model_copy(update={"skeleton": None})
        for e in world.entities]})


@dataclass(frozen=True)
class _Move:
    travel: float
    pan: float
    tilt: float
    lens: tuple[float, float]
    sensor: float

    def words(self) -> str:
        parts = []
        if self.travel >= STILL_TRAVEL_M:
            parts.append(f"travels {self.travel:.1f} m")
        if abs(self.pan) >= STILL_ANGLE_DEG:
            parts.append(f"pans {abs(self.pan):.0f}° {'left' if self.pan > 0 else 'right'}")
        if abs(self.tilt) >= STILL_ANGLE_DEG:
            parts.append(f"tilts {abs(self.tilt):.0f}° {'up' if self.tilt > 0 else 'down'}")
        if abs(self.lens[1] - self.lens[0]) >= STILL_ZOOM_MM:
            way = "in" if self.lens[1] > self.lens[0] else "out"
            parts.append(f"zooms {way} {self.lens[0]:g} → {self.lens[1]:g} mm")
        return ", ".join(parts) or "static"


def sample_frames(shot: Shot, n: int = MOVE_SAMPLES) -> list[int]:
    """``n`` frames spread evenly over the shot, first and last included (fewer when the shot
    is shorter)."""
    if shot.frame_count <= n:
        return list(range(shot.frame_start, shot.frame_end + 1))
    return sorted({round(v) for v in np.linspace(shot.frame_start, shot.frame_end, n)})


def _measure(cam_world: World, shot: Shot) -> _Move:
    positions, yaws, pitches, lenses = [], [], [], []
    sensor = 36.0
    for f in sample_frames(shot):
        cam = cam_world.evaluate(f).cameras[shot.camera]
        m = cam.matrix
        fwd = -m[:3, 2] / max(float(np.linalg.norm(m[:3, 2])), 1e-12)
        positions.append(m[:3, 3].copy())
        yaws.append(math.atan2(fwd[1], fwd[0]))
        pitches.append(math.asin(max(-1.0, min(1.0, float(fwd[2])))))
        lenses.append(cam.focal_length)
        sensor = cam.sensor_width
    pos = np.array(positions)
    travel = float(np.linalg.norm(np.diff(pos, axis=0), axis=1).sum()) if len(pos) > 1 else 0.0
    # A camera looking straight down has no yaw: leave such samples out of the pan.
    usable = [y for y, p in zip(yaws, pitches, strict=True) if abs(p) < math.radians(89.0)]
    pan = float(np.degrees(np.unwrap(usable)[-1] - np.unwrap(usable)[0])) if len(usable) > 1 \
        else 0.0
    tilt = math.degrees(pitches[-1] - pitches[0])
    return _Move(round(travel, 6), round(pan, 6), round(tilt, 6),
                 (round(float(lenses[0]), 4), round(float(lenses[-1]), 4)), float(sensor))


def in_frame(world: World, shot: Shot) -> tuple[str, ...]:
    """The characters and animals some joint of which (without a skeleton: some point up the
    middle of its box, `HEIGHT_SAMPLES`) is in the picture at the shot's first, middle or last
    frame (when none is, the props), by id: the subjects of a shot the planner did not name
    them for."""
    w, h = shot.resolution
    seen: dict[str, set[str]] = {"mover": set(), "prop": set()}
    mid = (shot.frame_start + shot.frame_end) // 2
    for f in sorted({shot.frame_start, mid, shot.frame_end}):
        state = world.evaluate(f)
        cam = state.cameras[shot.camera]
        for e in world.entities:
            if e.kind == "set":
                continue
            es = state.entities[e.id]
            joints = es.joint_positions()
            if joints:  # a skeleton: where its joints really are
                points = np.array([joints[k] for k in sorted(joints)])
            else:  # points up its middle, feet to head: a close-up frames the head
                height = e.asset.size[2] if e.asset.size is not None else 0.0
                m = es.matrix
                points = np.array([m[:3, 3] + m[:3, 2] * height * k for k in HEIGHT_SAMPLES])
            uvd = cam.project(points, w, h)
            if np.any((uvd[:, 2] > cam.clip_start) & (uvd[:, 0] >= 0) & (uvd[:, 0] <= w)
                      & (uvd[:, 1] >= 0) & (uvd[:, 1] <= h)):
                seen["mover" if e.kind in ("character", "animal") else "prop"].add(e.id)
    return tuple(sorted(seen["mover"] or seen["prop"]))


def body_for_sensor(width: float) -> str | None:
    """The skills' camera body with this sensor width (the first declared, so the generic
    ``full_frame`` names a 36 mm sensor), or None."""
    from previz.skills.camera.bodies import BODIES

    for b in BODIES.values():
        if abs(b.sensor_width - width) <= SENSOR_TOLERANCE_MM:
            return b.name
    return None


def look_of_lights(world: World) -> str:
    """The lighting preset the World's lights come from (their names are ``<preset> <role>``;
    the most common, ties by name); lights from no preset are listed; ``""`` without lights."""
    from previz.skills.lighting.presets import PRESETS

    counts: dict[str, int] = {}
    for light in world.lights:
        first = light.name.split(" ", 1)[0] if light.name else ""
        if first in PRESETS:
            counts[first] = counts.get(first, 0) + 1
    if not counts:
        return _describe_lights(world)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _describe_lights(world: World) -> str:
    """Lights that come from no preset, by name, type and colour temperature."""
    parts = []
    for light in world.lights:
        kelvin = light.temperature if isinstance(light.temperature, int | float) else None
        parts.append(f"{light.name or light.id} ({light.type}"
                     + (f", {kelvin:g} K" if kelvin else "") + ")")
    return ("custom: " + ", ".join(parts)) if parts else ""


# From the plan --------------------------------------------------------------------------------


@dataclass
class _Planned:
    """What the plan said about one shot."""

    movement: str | None = None
    camera_body: str | None = None
    action: str = ""
    notes: list[str] = field(default_factory=list)


def _plan_of(report: Mapping[str, Any] | None, said: list[str]) -> Any:
    """The report's plan; None (and a note in ``said``) when it has one that this version's
    plan language cannot read (the rows then say what is measured)."""
    if not report or report.get("plan") is None:
        return None
    from previz.agents.plan import ScenePlan

    try:
        return ScenePlan.model_validate(report["plan"])
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        said.append(f"the report's plan cannot be read ({first}): move and action are the "
                    "camera's and the prompt's")
        return None


def _planned_shots(plan: Any) -> dict[str, Any]:
    """World shot id → the ShotPlan realised as it (ids ``shot_1`` become ``shot-1``; a plan
    without shots had its coverage expanded, as `realize` does)."""
    from previz.agents.shots import coverage_shots

    shots = list(plan.shots) or coverage_shots(plan)
    return {sp.id.replace("_", "-"): sp for sp in shots}


def _actions(plan: Any, groups: list[str], start: float, end: float) -> str:
    """``group: verb (target) then verb`` for each group acting during [start, end)."""
    who = groups or [c.id for c in plan.characters]
    parts = []
    for gid in who:
        try:
            g = plan.group(gid)
        except KeyError:
            continue
        verbs = []
        for a in getattr(g, "actions", []):
            if a.start < end and a.start + a.duration > start:
                what = a.target or a.goal
                verbs.append(a.verb.replace("_", " ") + (f" ({what})" if what else ""))
        if verbs:
            parts.append(f"{gid}: {' then '.join(dict.fromkeys(verbs))}")
    return "; ".join(parts)


def _lighting_words(plan: Any) -> str:
    lp = plan.lighting
    if lp is None:
        return ""
    words = []
    if lp.key_direction:
        words.append(f"key from {lp.key_direction}")
    if lp.temperature_k:
        words.append(f"{lp.temperature_k:g} K")
    if lp.time_of_day:
        words.append(lp.time_of_day.replace("_", " "))
    if lp.fog:
        words.append(f"haze {lp.fog:g}")
    if lp.practicals:
        words.append("practicals: " + ", ".join(lp.practicals))
    return ", ".join(words)


def _plan_look(plan: Any) -> str:
    """The look the plan asked for: its lighting look, else its mood unless that is the
    default one (which nobody asked for)."""
    if plan.lighting is not None and plan.lighting.look:
        return plan.lighting.look
    return "" if plan.mood == type(plan).model_fields["mood"].default else plan.mood


def _problem_notes(report: Mapping[str, Any], shot: Shot) -> list[str]:
    notes = []
    for p in report.get("problems", []):
        if not isinstance(p, dict) or not isinstance(p.get("frames", []), list):
            continue
        frames = [f for f in p.get("frames", []) if isinstance(f, int)]
        if any(shot.frame_start <= f <= shot.frame_end for f in frames):
            detail = str(p.get("detail", "")).strip()
            notes.append(f"problem: {p.get('kind', '?')}" + (f" - {detail}" if detail else ""))
    return notes


def _planned(world: World, report: Mapping[str, Any] | None) -> tuple[dict[str, _Planned],
                                                                       list[str], str]:
    """Per World shot id what the plan said; notes for every row; the plan's look words."""
    out: dict[str, _Planned] = {}
    common: list[str] = []
    if report is None:
        return out, common, ""
    plan = _plan_of(report, common)
    if report.get("content_hash") not in (None, world.content_hash()):
        common.append("the World was edited after it was planned: move, action and look "
                      "are the plan's")
    by_id = _planned_shots(plan) if plan is not None else {}
    for shot in world.shots:
        pl = _Planned()
        sp = by_id.get(shot.id)
        if sp is not None:
            pl.movement = sp.movement
            pl.camera_body = sp.camera_body
            groups = [sp.subject] if sp.subject else (
                list(plan.coverage.subjects) if plan.coverage is not None else [])
            start = (shot.frame_start - 1) / world.fps
            pl.action = _actions(plan, groups, start, start + shot.frame_count / world.fps)
        prefixes = (f"{shot.id}: ", f"{shot.id.replace('-', '_')}: ")
        notes = report.get("notes", [])
        pl.notes = [str(n).split(": ", 1)[1] for n in (notes if isinstance(notes, list) else [])
                    if str(n).startswith(prefixes)]
        pl.notes += _problem_notes(report, shot)
        out[shot.id] = pl
    look = ""
    if plan is not None:
        extra = _lighting_words(plan)
        look = ", ".join(w for w in (_plan_look(plan), extra) if w)
    return out, common, look


# The rows -------------------------------------------------------------------------------------


def shot_rows(world: World, report: Mapping[str, Any] | None = None,
              dialogue: Iterable[DialogueLine] = (),
              notes: Mapping[str, Sequence[str]] | None = None) -> list[ShotRow]:
    """One `ShotRow` per shot of ``world`` in scene order.

    ``report``: the plan's report (`load_report`) for the asked-for move, body, actions, look
    and the supervisor's notes; ``dialogue``: timed lines, each given to the shot it starts in
    (a line starting before the first shot goes to the first, after the last to the last);
    ``notes``: extra notes by shot id (a name that is no shot is an InputError)."""
    notes = dict(notes or {})
    unknown = sorted(set(notes) - {s.id for s in world.shots})
    if unknown:
        raise InputError(f"notes name shots that do not exist: {', '.join(unknown)}")
    shots = scene_order(world)
    if not shots:
        return []
    planned, common, plan_look = _planned(world, report)
    cam_world = _camera_world(world)
    lines_of = _assign_dialogue(world, shots, dialogue)
    # What the lights are, and beside it what the plan asked for when that says more.
    look = look_of_lights(world) or "unlit (the renderer's default light)"
    if plan_look and not plan_look.startswith(look):
        look = f"{look} (asked: {plan_look})"
    rows = []
    for order, shot in enumerate(shots, start=1):
        move = _measure(cam_world, shot)
        pl = planned.get(shot.id, _Planned())
        body = body_for_sensor(move.sensor)
        named = pl.camera_body or shot.camera_body  # the plan's, else the World shot's
        if named:  # the body asked for, when the camera has its sensor
            from previz.skills.camera.bodies import body as find_body

            try:
                asked = find_body(named)
            except InputError:
                asked = None
            if asked is not None and abs(asked.sensor_width - move.sensor) <= SENSOR_TOLERANCE_MM:
                body = asked.name
        subjects = tuple(dict.fromkeys(r.target for r in world.relations
                                       if r.type == "facing" and r.subject == shot.camera))
        subjects = subjects or in_frame(world, shot)
        measured = move.words()
        rows.append(ShotRow(
            shot_id=shot.id, order=order, camera=shot.camera,
            frame_start=shot.frame_start, frame_end=shot.frame_end, frames=shot.frame_count,
            fps=world.fps, duration_s=round(shot.frame_count / world.fps, 6),
            timecode_in=timecode(shot.frame_start - 1, world.fps),
            timecode_out=timecode(shot.frame_end, world.fps),
            resolution=(int(shot.resolution[0]), int(shot.resolution[1])),
            aspect=aspect_name(*shot.resolution),
            camera_body=body or f"{move.sensor:g} mm sensor",
            sensor_width_mm=move.sensor, lens_mm=move.lens[0], lens_mm_end=move.lens[1],
            move=(pl.movement.replace("_", " ") if pl.movement else measured),
            move_measured=measured, travel_m=move.travel, pan_deg=move.pan, tilt_deg=move.tilt,
            subjects=subjects,
            action=pl.action or shot.prompt,
            dialogue=tuple(lines_of.get(shot.id, ())),
            notes=tuple([*common, *pl.notes, *notes.get(shot.id, ())]),
            lighting_look=look, prompt=shot.prompt,
        ))
    return rows


def _assign_dialogue(world: World, shots: list[Shot], dialogue: Iterable[DialogueLine]
                     ) -> dict[str, list[DialogueLine]]:
    out: dict[str, list[DialogueLine]] = {}
    starts = [(s.frame_start - 1) / world.fps for s in shots]
    for line in sorted(dialogue, key=lambda d: (d.start_s, d.end_s, d.speaker, d.text)):
        i = max(0, int(np.searchsorted(starts, line.start_s + 1e-9, side="right")) - 1)
        out.setdefault(shots[i].id, []).append(line)
    return out


# Writing --------------------------------------------------------------------------------------


def rows_json(rows: Sequence[ShotRow]) -> str:
    """The rows as a JSON document (``{"shots": [...]}``), keys in field order."""
    return json.dumps({"columns": list(COLUMNS), "shots": [r.to_json() for r in rows]},
                      indent=2, ensure_ascii=False) + "\n"


def rows_csv(rows: Sequence[ShotRow]) -> str:
    """The rows as CSV with a header, one line a shot (lists joined with `` | ``)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(r.to_flat())
    return buf.getvalue()
