"""A screenplay's scenes → Worlds with shots cut to the dialogue.

Each scene of a `Screenplay` is staged by the offline planner (`previz.agents.planner`) from its
heading and action lines; the speaking characters become person entities (added when the action
never names them), and the scene's time is laid out beat by beat in script order:

- an action paragraph lasts as long as the actions the planner reads in it (each its declared
  duration; a move `MOVE_ESTIMATE_S`), at least `MIN_ACTION_S`; the planner's actions from that
  paragraph start when it starts;
- a line of dialogue lasts its words at `WORDS_PER_SECOND` plus `PAUSE_S` per ``(beat)`` or
  ``(pause)`` parenthetical, at least `MIN_LINE_S` — or the length of its recorded audio when a
  WAV is given for it — then `GAP_S` before the next beat; dual dialogue (``^``) is spoken at
  once with the line before it (a two-shot covers both). The speaker gets a ``talk`` action
  over the spoken part. A voice-over or off-screen line (``(V.O.)``, ``(O.S.)``, ``(O.C.)``) has
  no talk action, and its speaker is not put in the scene unless the action names them.

Coverage follows the dialogue (`previz.skills.camera.coverage`'s shot/reverse shot): a wide
(with two speakers a two-shot of both) over the opening action and any action between lines,
then a medium single on whoever speaks, cutting when the speaker changes; a voice-over stays on
the shot it falls in. Shot boundaries are the beats' times rounded to frames, so the shots tile
the scene and each line starts on its speaker's shot.

Pure: no bpy, no torch, no clock. Same screenplay, audio and seed → the same plans and Worlds.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from previz.world.errors import InputError

from ..plan import (
    ActionPlan,
    CharacterPlan,
    CoveragePlan,
    RelationPlan,
    ScenePlan,
    ShotPlan,
    slug,
)
from .screenplay import Action, Dialogue, Scene, Screenplay

WORDS_PER_SECOND = 2.5
PAUSE_S = 1.0
GAP_S = 0.4
MIN_LINE_S = 1.0
MIN_ACTION_S = 2.0
#: A move's length before the layout is solved: about 4 m at a walk (1.3 m/s).
MOVE_ESTIMATE_S = 3.0
MAX_SHOTS = 20  # a ScenePlan holds at most 20 shots
OFF_SCREEN = ("VO", "OS", "OC")


@dataclass(frozen=True)
class Beat:
    """One timed element of a scene: an action paragraph or a line of dialogue (seconds from
    the scene's first frame). ``spoken_s`` is the talking part of a line (no gap)."""

    kind: str  # "action" | "dialogue"
    text: str
    line: int  # in the Fountain file
    start_s: float
    end_s: float
    speaker: str = ""  # the character's name as written in the cue
    speaker_id: str = ""  # the plan group id ("" when off screen)
    spoken_s: float = 0.0
    audio: str = ""  # the WAV that timed the line, when one did

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "line": self.line,
                               "start_s": round(self.start_s, 6), "end_s": round(self.end_s, 6)}
        if self.kind == "dialogue":
            out.update(speaker=self.speaker, speaker_id=self.speaker_id,
                       spoken_s=round(self.spoken_s, 6))
            if self.audio:
                out["audio"] = self.audio
        return out


@dataclass
class StagedScene:
    """A scene made ready to realise: its plan (with shots and talk actions), the text the
    planner read, its beats and what could not be staged as written."""

    scene: Scene
    plan: ScenePlan
    text: str
    beats: list[Beat]
    notes: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.beats[-1].end_s if self.beats else 0.0

    def dialogue_json(self) -> dict[str, Any]:
        """The scene's timed lines in the form `previz.agents.handoff.load_dialogue` reads
        (``dialogue``: speaker, text, start_s, end_s), plus every beat and the heading."""
        lines = [{"speaker": b.speaker, "text": b.text, "start_s": round(b.start_s, 6),
                  "end_s": round(b.start_s + b.spoken_s, 6), "line": b.line,
                  **({"audio": b.audio} if b.audio else {})}
                 for b in self.beats if b.kind == "dialogue"]
        return {"scene": self.scene.number, "heading": self.scene.heading,
                "line": self.scene.line, "fps": self.plan.fps, "dialogue": lines,
                "beats": [b.to_json() for b in self.beats], "notes": list(self.notes)}


def off_screen(d: Dialogue) -> bool:
    """A voice-over or off-screen line: ``(V.O.)``, ``(O.S.)``, ``(O.C.)`` in the cue."""
    tokens = re.split(r"[^A-Z]+", d.extension.upper().replace(".", ""))
    return any(t in OFF_SCREEN for t in tokens)


def wav_seconds(path: Path) -> float:
    """The length of a WAV file in seconds; an InputError naming it when it is not one."""
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            if rate <= 0:
                raise InputError(f"{path}: a WAV with no sample rate")
            return w.getnframes() / rate
    except (wave.Error, EOFError) as exc:
        raise InputError(f"{path}: not a WAV file ({exc})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def audio_for_lines(folder: str | Path | None, screenplay: Screenplay) -> dict[int, Path]:
    """Recorded lines: ``FOLDER/001.wav`` is the script's first line of dialogue, ``002.wav``
    the second … (numbered over the whole script, in order). Files with other names are an
    InputError (a typo would silently time a line by its words)."""
    if folder is None:
        return {}
    d = Path(folder)
    if not d.is_dir():
        raise InputError(f"{d}: --audio must be a folder of NNN.wav files, one per line")
    total = sum(len(s.dialogue) for s in screenplay.scenes)
    found: dict[int, Path] = {}
    for f in sorted(d.iterdir()):
        if f.name.startswith("."):
            continue
        m = re.fullmatch(r"(\d{1,4})\.wav", f.name, re.IGNORECASE)
        if m is None:
            raise InputError(f"{f}: audio files are named by line of dialogue: 001.wav … "
                             f"{total:03d}.wav")
        n = int(m.group(1))
        if not 1 <= n <= total:
            raise InputError(f"{f}: the script has {total} lines of dialogue")
        found[n] = f
    return found


def _plain_names(text: str, names: list[str]) -> str:
    """Action text with the characters' capitalised names (``MARA``) written as names
    (``Mara``), which is how the planner recognises a named person."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", name.title(), text)
    return text


def scene_text(scene: Scene, names: list[str]) -> str:
    """What the planner reads for ``scene``: where and when, then its action lines."""
    inside = {True: "Interior", False: "Exterior", None: ""}[scene.interior]
    where = ", ".join(w for w in (inside, f"the {scene.place.lower()}" if scene.place else "",
                                  scene.time_of_day.lower()) if w)
    body = " ".join(_plain_names(a.text, names) for a in scene.actions)
    return f"{where}. {body}".strip()


def _action_seconds(actions: list[ActionPlan]) -> float:
    from ..vocabulary import ACTIONS

    total = 0.0
    for a in actions:
        spec = ACTIONS.get(a.verb, {"moves": False})
        total += MOVE_ESTIMATE_S if spec.get("moves") and "duration" not in a.model_fields_set \
            else a.duration
    return total


def stage_scene(scene: Scene, *, fps: float = 24.0, audio: dict[int, Path] | None = None,
                first_line: int = 1, embedder: Any = None) -> StagedScene:
    """Plan ``scene``: the planner's reading of its heading and action, the speakers as
    persons, the beats timed, talk actions and the shots. ``first_line`` is the number of the
    scene's first line of dialogue in the whole script (for ``audio``)."""
    from ..planner import plan_from_text

    audio = audio or {}
    names = scene.characters
    text = scene_text(scene, names)
    where = f"scene {scene.number} (line {scene.line})"
    try:
        plan = plan_from_text(text, embedder=embedder)
    except InputError as exc:
        raise InputError(f"line {scene.line}: scene {scene.heading!r}: {exc}") from None
    notes: list[str] = []
    chars = [c.model_copy(deep=True) for c in plan.characters]
    by_id = {c.id: c for c in chars}

    def speaker_id(name: str) -> str:
        return slug(name.lower(), "person")

    # Speakers on screen become persons when the action never names them.
    for d in scene.dialogue:
        sid = speaker_id(d.character)
        if off_screen(d) or sid in by_id:
            continue
        by_id[sid] = CharacterPlan(id=sid, category="person", description=d.character.title())
        chars.append(by_id[sid])

    # Beats in script order.
    queues = {c.id: list(c.actions) for c in chars}
    beats: list[Beat] = []
    t = 0.0
    line_no = first_line
    for el in scene.elements:
        if isinstance(el, Action):
            para_text = scene_text(Scene(scene.heading, scene.number, scene.line, [el]), names)
            try:
                para = plan_from_text(para_text, embedder=embedder)
            except InputError:
                para = None
            if para is None or not any(c.actions for c in para.characters):
                notes.append(f"line {el.line}: no action the planner knows in {el.text!r}; "
                             f"held for {MIN_ACTION_S:g} s")
                length = MIN_ACTION_S
            else:
                length = max(MIN_ACTION_S, max(_action_seconds(c.actions)
                                               for c in para.characters))
                for pc in para.characters:
                    queue = queues.get(pc.id, [])
                    for a in queue[:len(pc.actions)]:
                        a.start = round(t, 3)
                    queues[pc.id] = queue[len(pc.actions):]
            beats.append(Beat("action", el.text, el.line, t, t + length))
            t += length
            continue
        spoken, used = _line_seconds(el, audio.get(line_no))
        sid = "" if off_screen(el) else speaker_id(el.character)
        # Dual dialogue is spoken at once: it starts with the line before it.
        start = beats[-1].start_s if el.dual and beats else t
        beats.append(Beat("dialogue", el.text, el.line, start, start + spoken + GAP_S,
                          speaker=el.character, speaker_id=sid, spoken_s=spoken,
                          audio=str(used) if used else ""))
        if sid:
            by_id[sid].actions.append(ActionPlan(verb="talk", start=round(start, 3),
                                                 duration=round(spoken, 3)))
        line_no += 1
        t = max(t, start + spoken + GAP_S)
    for c in chars:
        if len(c.actions) > 32:
            notes.append(f"{c.id}: {len(c.actions)} actions; the plan keeps the first 32")
            c.actions = c.actions[:32]
    if not beats:
        notes.append(f"{where}: no action or dialogue; one {MIN_ACTION_S:g} s wide shot")
        beats.append(Beat("action", scene.heading, scene.line, 0.0, MIN_ACTION_S))

    speakers = list(dict.fromkeys(b.speaker_id for b in beats if b.speaker_id))
    shots, shot_notes = coverage(beats, fps)
    notes += shot_notes
    update: dict[str, Any] = {"characters": chars, "shots": shots, "fps": fps,
                              "title": scene.heading[:120]}
    if len(speakers) >= 2:
        update["coverage"] = CoveragePlan(pattern="shot_reverse_shot", subjects=speakers[:2])
        # Two people in conversation face each other (as "facing each other" plans it), so each
        # single of the shot/reverse shot sees its speaker's face; unless the action placed
        # them otherwise.
        a, b = speakers[:2]
        related = {(r.subject, r.target) for r in plan.relations}
        if (a, b) not in related and (b, a) not in related:
            update["relations"] = [*plan.relations,
                                   RelationPlan(type="facing", subject=a, target=b),
                                   RelationPlan(type="facing", subject=b, target=a)]
    # Validated again as a whole: shot subjects and coverage must name the plan's groups.
    plan = ScenePlan.model_validate(plan.model_copy(update=update).model_dump())
    return StagedScene(scene, plan, text, beats, notes)


def _line_seconds(d: Dialogue, wav: Path | None) -> tuple[float, Path | None]:
    if wav is not None:
        return max(wav_seconds(wav), 0.1), wav
    return max(MIN_LINE_S, d.words / WORDS_PER_SECOND + PAUSE_S * d.pauses), None


def coverage(beats: list[Beat], fps: float) -> tuple[list[ShotPlan], list[str]]:
    """Shots over ``beats``: a wide on action, a medium on each on-screen speaker's run of
    lines; a voice-over stays on the shot it falls in. Durations tile the beats in frames."""
    runs: list[tuple[float, str | None, str]] = []  # (start_s, subject, size)
    for i, b in enumerate(beats):
        if b.kind == "dialogue" and not b.speaker_id:
            continue  # off screen: no cut
        if i and b.start_s == beats[i - 1].start_s and b.kind == beats[i - 1].kind == \
                "dialogue":
            # Two people speaking at once (dual dialogue): a two-shot of both from the pair's
            # start (replacing the single cut there, if any).
            if runs and runs[-1][0] == b.start_s:
                runs.pop()
            if not runs or runs[-1][1:] != (None, "wide"):
                runs.append((b.start_s, None, "wide"))
            continue
        want = (b.speaker_id, "medium") if b.kind == "dialogue" else (None, "wide")
        if not runs or (runs[-1][1], runs[-1][2]) != want:
            runs.append((b.start_s, *want))
    if not runs:
        runs.append((0.0, None, "wide"))
    runs[0] = (0.0, runs[0][1], runs[0][2])
    notes: list[str] = []
    if len(runs) > MAX_SHOTS:
        notes.append(f"{len(runs)} cuts; a plan holds {MAX_SHOTS} shots, the last one runs to "
                     "the end of the scene")
        runs = runs[:MAX_SHOTS]
    end = beats[-1].end_s
    edges = [round(r[0] * fps) for r in runs] + [round(end * fps)]
    shots = []
    for i, (_, subject, size) in enumerate(runs):
        frames = max(1, edges[i + 1] - edges[i])
        shots.append(ShotPlan(id=f"shot_{len(shots) + 1}", size=size, movement="static",
                              subject=subject, duration=frames / fps))
    return shots, notes


def stage_screenplay(screenplay: Screenplay, *, fps: float = 24.0,
                     audio: dict[int, Path] | None = None,
                     embedder: Any = None) -> list[StagedScene]:
    """Every scene staged, in order (the dialogue lines numbered over the whole script)."""
    staged = []
    first = 1
    for scene in screenplay.scenes:
        staged.append(stage_scene(scene, fps=fps, audio=audio, first_line=first,
                                  embedder=embedder))
        first += len(scene.dialogue)
    return staged
