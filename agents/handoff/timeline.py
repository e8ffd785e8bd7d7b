"""A World's shots as an editorial timeline (OpenTimelineIO), and an edited timeline read back.

One video track holds one clip per shot, in scene order (by first frame, the order a World
keeps: its file sorts shots by id), each at its place on the scene's timeline: Blender frame 1
is 00:00:00:00 of the edit, a hole between shots is a gap, and a clip's source range is the same
frames (so source and record agree until someone edits). Read back, the edit is the cut:

- each clip's place on the timeline becomes its shot's frame range — a trimmed shot is shorter,
  the shots after a ripple move, a re-ordered shot takes the frames where it now plays;
- the action is not re-timed (a World has one animation that every shot frames), so where a
  clip now plays other frames of the action than the ones it was cut from (its source range),
  the read says so for that shot.

Each clip's media is what exists for the shot in the media folder (the layout `previz passes`
and `previz render` write): the neural render ``<shot>/render/render.mp4``, else the clay
preview ``<shot>/preview.mp4``, else the clay frames ``<shot>/passes/clay/NNNN.png`` as an image
sequence, else a `MissingReference` — so the edit opens, with the shot's name, before anything
is rendered. Beats are markers on the clip they fall in (their time is a source time, so they
travel with the clip): the script's action and dialogue beats (``dialogue.json`` that
`previz script` writes), else the plan's actions from the World's report. Dialogue audio is an
audio track: the recorded lines of ``dialogue.json`` each at its line's time, or one WAV for the
whole scene from frame 1.

EDL (CMX 3600) and FCPXML are written and read through OpenTimelineIO's adapters
(``otio-cmx3600-adapter``, ``otio-fcpx-xml-adapter``). OpenTimelineIO is imported when a
function here runs, so importing this module costs nothing and needs no extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from previz.world import World
from previz.world.errors import InputError
from previz.world.models import Shot

from .shotlist import scene_order

#: Output/input suffix → OpenTimelineIO adapter name.
ADAPTERS = {".otio": "otio_json", ".edl": "cmx_3600", ".fcpxml": "fcpx_xml"}
VIDEO_TRACK = "Shots"
AUDIO_TRACK = "Dialogue"


@dataclass
class Built:
    """A timeline and what it says about where its media came from."""

    timeline: Any  # opentimelineio.schema.Timeline
    media: dict[str, str] = field(default_factory=dict)  # shot id → "render" | "preview" | …
    notes: list[str] = field(default_factory=list)


def _otio() -> Any:
    try:
        import opentimelineio as otio
    except ImportError:
        raise InputError("the editorial timeline needs OpenTimelineIO: pip install "
                         "'previz[handoff]'") from None
    return otio


def adapter_for(path: str | Path, option: str = "-o") -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in ADAPTERS:
        raise InputError(f"{option} {path}: name the timeline *.otio, *.edl (CMX 3600) or "
                         "*.fcpxml (Final Cut Pro X)")
    return ADAPTERS[suffix]


def source_time(otio: Any, frame: int, fps: float) -> Any:
    """Scene (Blender) frame ``frame`` as a source time: frame 1 is time zero."""
    return otio.opentime.RationalTime(frame - 1, fps)


def shot_range(otio: Any, shot: Shot, fps: float) -> Any:
    return otio.opentime.TimeRange(source_time(otio, shot.frame_start, fps),
                                   otio.opentime.RationalTime(shot.frame_count, fps))


def media_reference(otio: Any, shot: Shot, fps: float, media_dir: Path | None
                    ) -> tuple[Any, str]:
    """The best media for ``shot`` under ``media_dir`` and its kind (render, preview, clay
    frames, missing). A movie's first frame is the shot's first frame (or the first frame its
    ``manifest.json`` lists, when the passes were rendered for part of the shot)."""
    full = shot_range(otio, shot, fps)
    if media_dir is None:
        return otio.schema.MissingReference(name=shot.id, available_range=full), "missing"
    folder = media_dir / shot.id
    first, last = _manifest_frames(folder, shot)
    have = otio.opentime.TimeRange(source_time(otio, first, fps),
                                   otio.opentime.RationalTime(last - first + 1, fps))
    for kind, movie in (("render", folder / "render" / "render.mp4"),
                        ("preview", folder / "preview.mp4")):
        if movie.is_file():
            return otio.schema.ExternalReference(target_url=movie.resolve().as_uri(),
                                                 available_range=have), kind
    frames_dir = folder / "passes" / "clay"
    if (frames_dir / f"{first:04d}.png").is_file():
        n = 0
        while (frames_dir / f"{first + n:04d}.png").is_file() and first + n <= last:
            n += 1
        ref = otio.schema.ImageSequenceReference(
            target_url_base=frames_dir.resolve().as_uri() + "/", name_prefix="",
            name_suffix=".png", start_frame=first, frame_step=1, rate=fps,
            frame_zero_padding=4,
            available_range=otio.opentime.TimeRange(source_time(otio, first, fps),
                                                    otio.opentime.RationalTime(n, fps)))
        return ref, "clay frames"
    return otio.schema.MissingReference(name=shot.id, available_range=full), "missing"


def _manifest_frames(folder: Path, shot: Shot) -> tuple[int, int]:
    """The first and last frame the shot's passes were rendered for (its manifest), else the
    shot's range."""
    import json

    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        frames = [int(f["frame"]) for f in data["frames"]]
        if frames:
            return min(frames), max(frames)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return shot.frame_start, shot.frame_end


@dataclass(frozen=True)
class Beat:
    """A marker: a name, a scene time (seconds after frame 1) and a colour."""

    name: str
    start_s: float
    color: str
    comment: str = ""


def beats_from(dialogue: Mapping[str, Any] | None, report: Mapping[str, Any] | None
               ) -> tuple[list[Beat], str]:
    """The beats to mark and where they came from: the script's beats (``dialogue.json``),
    else the plan's actions in the World's report, else none."""
    if dialogue and dialogue.get("beats"):
        out = []
        for b in dialogue["beats"]:
            if b.get("kind") == "dialogue":
                out.append(Beat(f"{b.get('speaker', '')}: {b['text']}"[:120],
                                float(b["start_s"]), "GREEN", f"line {b.get('line', '?')}"))
            else:
                out.append(Beat(str(b["text"])[:120], float(b["start_s"]), "BLUE",
                                f"line {b.get('line', '?')}"))
        return out, "script"
    plan = (report or {}).get("plan") or {}
    out = []
    for ch in plan.get("characters", []):
        for a in ch.get("actions", []):
            out.append(Beat(f"{ch['id']}: {a['verb'].replace('_', ' ')}",
                            float(a.get("start", 0.0)), "BLUE"))
    out.sort(key=lambda b: (b.start_s, b.name))
    return out, ("plan" if out else "none")


def build_timeline(world: World, *, name: str = "", media_dir: Path | None = None,
                   dialogue: Mapping[str, Any] | None = None,
                   report: Mapping[str, Any] | None = None,
                   audio: Path | None = None, base_dir: Path | None = None) -> Built:
    """The timeline of ``world``'s shots (see the module docstring). ``dialogue`` is the
    scene's ``dialogue.json`` (recorded line paths relative to ``base_dir``), ``audio`` one WAV
    for the whole scene."""
    otio = _otio()
    fps = world.fps
    if not world.shots:
        raise InputError("the World has no shots to put on a timeline")
    tl = otio.schema.Timeline(name=name or world.name or "previz")
    tl.global_start_time = otio.opentime.RationalTime(0, fps)
    tl.metadata["previz"] = {"world": world.name, "content_hash": world.content_hash(),
                             "fps": fps}
    video = otio.schema.Track(name=VIDEO_TRACK, kind=otio.schema.TrackKind.Video)
    tl.tracks.append(video)
    built = Built(tl)
    # What the shot list says of each shot travels with its clip (lens, body, move, subjects…).
    from .shotlist import shot_rows

    rows = {r.shot_id: r for r in shot_rows(world, report)}
    at = 0  # record frames so far (frame 1 is record 0)
    for shot in scene_order(world):
        if shot.frame_start - 1 > at:
            video.append(otio.schema.Gap(
                duration=otio.opentime.RationalTime(shot.frame_start - 1 - at, fps)))
            at = shot.frame_start - 1
        elif shot.frame_start - 1 < at:
            built.notes.append(f"{shot.id} (frames {shot.frame_start}-{shot.frame_end}) "
                               "overlaps the shot before: it is placed after it, so reading "
                               "this timeline back moves it")
        at += shot.frame_count
        ref, kind = media_reference(otio, shot, fps, media_dir)
        built.media[shot.id] = kind
        clip = otio.schema.Clip(name=shot.id, media_reference=ref,
                                source_range=shot_range(otio, shot, fps))
        row = rows[shot.id]
        clip.metadata["previz"] = {
            "shot": shot.id, "camera": shot.camera, "frame_start": shot.frame_start,
            "frame_end": shot.frame_end, "media": kind, "camera_body": row.camera_body,
            "lens": row.lens, "move": row.move, "subjects": list(row.subjects),
            "aspect": row.aspect, "lighting_look": row.lighting_look, "prompt": shot.prompt}
        video.append(clip)
    beats, source = beats_from(dialogue, report)
    placed = 0
    for beat in beats:
        frame = 1 + round(beat.start_s * fps)
        for clip in video.find_clips(shallow_search=True):
            shot = world.shot(clip.name)
            if shot.frame_start <= frame <= shot.frame_end:
                clip.markers.append(otio.schema.Marker(
                    name=beat.name, color=beat.color, comment=beat.comment,
                    marked_range=otio.opentime.TimeRange(
                        source_time(otio, frame, fps),
                        otio.opentime.RationalTime(0, fps))))
                placed += 1
                break
    if len(beats) > placed:
        built.notes.append(f"{len(beats) - placed} beat(s) fall outside every shot: not marked")
    built.notes.append(f"beats: {placed} marker(s) from the {source}" if source != "none"
                       else "beats: none (no dialogue.json and no plan in a report)")
    track = _audio_track(otio, world, video, dialogue, audio, base_dir, built.notes)
    if track is not None:
        tl.tracks.append(track)
    return built


def _record_start(world: World, frame: int) -> int | None:
    """Where scene frame ``frame`` is on the timeline (frames from its start) when a shot
    shows it, else None."""
    for shot in scene_order(world):
        if shot.frame_start <= frame <= shot.frame_end:
            return frame - 1
    return None


def _audio_track(otio: Any, world: World, video: Any, dialogue: Mapping[str, Any] | None,
                 audio: Path | None, base_dir: Path | None, notes: list[str]) -> Any:
    from .script import wav_seconds

    fps = world.fps
    lines = [d for d in (dialogue or {}).get("dialogue", []) if d.get("audio")]
    if audio is None and not lines:
        return None
    track = otio.schema.Track(name=AUDIO_TRACK, kind=otio.schema.TrackKind.Audio)
    if audio is not None:
        start = _record_start(world, 1)
        n = max(1, round(wav_seconds(audio) * fps))
        if start is None:
            notes.append(f"{audio.name}: frame 1 is in no shot; the audio starts the timeline")
            start = 0
        if start:
            track.append(otio.schema.Gap(duration=otio.opentime.RationalTime(start, fps)))
        track.append(_audio_clip(otio, audio.stem, audio, n, fps))
        notes.append(f"audio: {audio.name} from scene frame 1, {n} frames")
        return track
    at = 0
    for d in sorted(lines, key=lambda d: float(d["start_s"])):
        path = Path(d["audio"])
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        start = _record_start(world, 1 + round(float(d["start_s"]) * fps))
        if start is None or start < at:
            notes.append(f"{path.name}: its line is in no shot or overlaps the line before; "
                         "not on the audio track")
            continue
        n = max(1, round(wav_seconds(path) * fps))
        if start > at:
            track.append(otio.schema.Gap(duration=otio.opentime.RationalTime(start - at, fps)))
        track.append(_audio_clip(otio, f"{d.get('speaker', '')} {d.get('line', '')}".strip(),
                                 path, n, fps))
        at = start + n
    notes.append(f"audio: {len(track)} item(s) from the recorded lines")
    return track


def _audio_clip(otio: Any, name: str, path: Path, frames: int, fps: float) -> Any:
    rng = otio.opentime.TimeRange(otio.opentime.RationalTime(0, fps),
                                  otio.opentime.RationalTime(frames, fps))
    ref = otio.schema.ExternalReference(target_url=path.resolve().as_uri(), available_range=rng)
    return otio.schema.Clip(name=name, media_reference=ref, source_range=rng)


def build_script_timeline(index_path: Path) -> Built:
    """One timeline for a whole screenplay staged by `previz script` (its ``script.json``):
    every scene's timeline (`build_timeline`, media from the scene's folder) one after the
    other, a red marker with the scene heading on each scene's first clip, clips named
    ``scene-NN/shot-N``. Written only: an edit of it is read back scene by scene."""
    import json

    from previz.world import load_world

    otio = _otio()
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
        entries = list(index["scenes"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{index_path}: not a script index written by previz script "
                         f"({type(exc).__name__})") from None
    if not entries:
        raise InputError(f"{index_path}: holds no scene")
    base = index_path.parent
    fps = float(index.get("fps", 24.0))
    film = otio.schema.Timeline(name=str(index.get("title") or index_path.parent.name))
    film.global_start_time = otio.opentime.RationalTime(0, fps)
    film.metadata["previz"] = {"kind": "script", "source": index.get("source", ""),
                               "scenes": [e.get("folder") for e in entries], "fps": fps}
    video = otio.schema.Track(name=VIDEO_TRACK, kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name=AUDIO_TRACK, kind=otio.schema.TrackKind.Audio)
    built = Built(film)
    any_audio = False
    for e in entries:
        folder = base / str(e.get("folder", ""))
        world_path = base / str(e.get("world", ""))
        world = load_world(world_path)
        if world.fps != fps:
            raise InputError(f"{world_path}: {world.fps:g} fps; the script is at {fps:g}")
        dialogue = _read_json(folder / "dialogue.json")
        report = _read_json(world_path.with_name(world_path.name[:-5] + ".report.json"))
        scene = build_timeline(world, media_dir=folder, dialogue=dialogue, report=report,
                               base_dir=folder)
        built.notes += [f"{folder.name}: {n}" for n in scene.notes]
        start = video.duration()
        first = True
        for item in list(scene.timeline.video_tracks()[0]):
            item = item.deepcopy()
            if isinstance(item, otio.schema.Clip):
                built.media[f"{folder.name}/{item.name}"] = item.metadata["previz"]["media"]
                item.metadata["previz"]["scene"] = folder.name
                item.name = f"{folder.name}/{item.name}"
                if first:
                    item.markers.insert(0, otio.schema.Marker(
                        name=str(e.get("heading", folder.name)), color="RED",
                        comment=f"scene {e.get('scene', '?')}, line {e.get('line', '?')}",
                        marked_range=otio.opentime.TimeRange(
                            item.source_range.start_time, otio.opentime.RationalTime(0, fps))))
                    first = False
            video.append(item)
        scene_audio = scene.timeline.audio_tracks()
        at = audio.duration()
        if at < start:
            audio.append(otio.schema.Gap(duration=start - at))
        for item in list(scene_audio[0]) if scene_audio else []:
            any_audio = True
            audio.append(item.deepcopy())
    film.tracks.append(video)
    if any_audio:
        film.tracks.append(audio)
    return built


def _read_json(path: Path) -> dict | None:
    import json

    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not readable JSON ({exc})".splitlines()[0]) from None
    return data if isinstance(data, dict) else None


def timeline_text(built: Built, path: str | Path) -> str:
    """The timeline in the format ``path``'s suffix names (OTIO JSON, CMX 3600 EDL, FCPXML)."""
    otio = _otio()
    adapter = adapter_for(path)
    tl = built.timeline
    if adapter == "cmx_3600":
        # An EDL is one video track; the audio lives beside it in the OTIO/FCPXML forms.
        tl = tl.deepcopy()
        for t in [t for t in tl.tracks if t.kind != otio.schema.TrackKind.Video]:
            tl.tracks.remove(t)
    try:
        return otio.adapters.write_to_string(tl, adapter_name=adapter)
    except otio.exceptions.OTIOError as exc:
        raise RuntimeError(f"OpenTimelineIO's {adapter} adapter cannot write this timeline: "
                           f"{exc}") from exc


# Reading an edit back -------------------------------------------------------------------------


@dataclass
class EditResult:
    world: World
    changes: list[str]


def _shot_of(clip: Any, known: Mapping[str, Shot]) -> str | None:
    """The shot a clip shows: its Previz metadata, else its name, else the shot folder in its
    media's path (an editor that names clips after their files — ``preview.mp4`` — keeps the
    path ``…/<shot>/preview.mp4``); None when nothing names a shot of the World."""
    meta = clip.metadata.get("previz") if hasattr(clip.metadata, "get") else None
    if isinstance(meta, Mapping) and meta.get("shot"):
        return str(meta["shot"]) if str(meta["shot"]) in known else None
    name = clip.name.strip()
    for candidate in (name, Path(name).stem):
        if candidate in known:
            return candidate
    url = getattr(clip.media_reference, "target_url", "") or \
        getattr(clip.media_reference, "target_url_base", "") or ""
    if url:
        from urllib.parse import unquote, urlparse

        parts = Path(unquote(urlparse(url).path) if "://" in url else url).parts
        for part in reversed(parts[:-1] if not url.endswith("/") else parts):
            if part in known:
                return part
    return None


def read_edit(path: str | Path, world: World) -> EditResult:
    """``world`` with its shots ordered and ranged as the video clips of the edited timeline
    at ``path`` say (see the module docstring). An `InputError` names every clip whose shot the
    World does not have, a shot used twice, or an unreadable file; the World is unchanged."""
    otio = _otio()
    p = Path(path)
    adapter = adapter_for(p, "--read")
    if not p.is_file():
        raise InputError(f"--read {p}: no such file")
    try:
        tl = otio.adapters.read_from_file(str(p), adapter_name=adapter)
    except Exception as exc:  # every adapter raises its own errors on a malformed file
        raise InputError(f"--read {p}: not a readable {adapter} timeline "
                         f"({type(exc).__name__}: {exc})".splitlines()[0]) from None
    if isinstance(tl, otio.schema.SerializableCollection):
        found = [t for t in tl.find_children(descended_from_type=otio.schema.Timeline)] \
            if hasattr(tl, "find_children") else list(tl)
        if not found:
            raise InputError(f"--read {p}: holds no timeline")
        tl = found[0]
    if not isinstance(tl, otio.schema.Timeline):
        raise InputError(f"--read {p}: holds no timeline")
    meta = tl.metadata.get("previz") if hasattr(tl.metadata, "get") else None
    if isinstance(meta, Mapping) and meta.get("kind") == "script":
        raise InputError(f"--read {p}: a whole-script timeline; read each scene's edit back "
                         "into its World (previz timeline scene-NN/world.json --read EDIT)")
    videos = list(tl.video_tracks())
    if not videos:
        raise InputError(f"--read {p}: no video track")
    fps = world.fps
    known = {s.id: s for s in world.shots}
    track = videos[0]
    ranges: dict[str, tuple[int, int]] = {}
    sources: dict[str, tuple[int, int]] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for clip in track.find_clips(shallow_search=True):
        sid = _shot_of(clip, known)
        if sid is None:
            unknown.append(clip.name.strip() or "(unnamed clip)")
            continue
        if sid in ranges:
            twice.append(sid)
            continue
        placed = track.range_of_child(clip)
        start = round(placed.start_time.rescaled_to(fps).value) + 1  # record 0 is frame 1
        frames = round(placed.duration.rescaled_to(fps).value)
        if frames < 1:
            raise InputError(f"--read {p}: clip {sid} has no frames")
        ranges[sid] = (start, start + frames - 1)
        sr = clip.source_range or clip.trimmed_range()
        src = round(sr.start_time.rescaled_to(fps).value) + 1
        sources[sid] = (src, src + frames - 1)
    if unknown:
        raise InputError(f"--read {p}: clips name shots the World does not have: "
                         f"{', '.join(dict.fromkeys(unknown))} (its shots: "
                         f"{', '.join(known)}); nothing changed")
    if twice:
        raise InputError(f"--read {p}: shot(s) used more than once in the edit: "
                         f"{', '.join(dict.fromkeys(twice))} (a shot has one frame range); "
                         "nothing changed")
    if not ranges:
        raise InputError(f"--read {p}: the video track has no clips")
    changes: list[str] = []
    shots: list[Shot] = []
    for sid, (a, b) in ranges.items():
        s = known[sid]
        if (a, b) != (s.frame_start, s.frame_end):
            changes.append(f"{sid}: frames {s.frame_start}-{s.frame_end} -> {a}-{b}")
        if sources[sid] != (a, b):
            changes.append(f"  {sid} was cut from the action at frames "
                           f"{sources[sid][0]}-{sources[sid][1]}; at {a}-{b} it frames the "
                           "action there (the action is not re-timed)")
        shots.append(s.model_copy(update={"frame_start": a, "frame_end": b}))
    left = [s for s in world.shots if s.id not in ranges]
    if left:
        changes.append(f"not in the edit, kept as they were: {', '.join(s.id for s in left)}")
    before = [s.id for s in scene_order(world)]
    after = [s.id for s in sorted([*shots, *left], key=lambda s: s.frame_start)]
    if after != before:
        changes.append(f"order: {', '.join(after)}")
    import json

    from previz.world.validation import WorldError, parse_world

    data = json.loads(world.canonical_json())
    data["shots"] = [json.loads(s.model_dump_json()) for s in [*shots, *left]]
    try:  # validated as a whole, as a World file is
        new = parse_world(json.dumps(data), str(p))
    except WorldError as exc:
        raise InputError(f"--read {p}: the edited ranges make an invalid World: "
                         f"{'; '.join(exc.problems)}; nothing changed") from None
    return EditResult(new, changes)
