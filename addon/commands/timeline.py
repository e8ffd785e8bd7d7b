"""`previz timeline SCENE -o edit.otio|.edl|.fcpxml`: the shots as an editorial timeline;
`previz timeline SCENE --read edit.otio`: an edited timeline's order and trims back into the
World (`previz.agents.handoff.timeline`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from previz.world.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "timeline",
        help="write the shots as an editorial timeline (OTIO, EDL, FCPXML), or read an "
             "edited one back into the World",
        description=(
            "Write: one clip per shot in scene order at its place on the scene's timeline "
            "(frame 1 = 00:00:00:00), its source range the same frames; media: "
            "MEDIA/<shot>/render/render.mp4, else preview.mp4, else the clay "
            "frames, else a missing reference; beat markers from dialogue.json beside the "
            "World (written by `previz script`) or the plan in WORLD.report.json; an audio "
            "track from the recorded lines or --audio. The format follows -o: .otio, .edl "
            "(CMX 3600, video only) or .fcpxml. Read (--read EDIT): each clip's place on the "
            "edited timeline becomes its shot's frame range (the action is not re-timed: a "
            "shot now framing other action than it was cut from is named), written "
            "atomically to the World (or -o); a clip that names no shot of the World exits 2 "
            "and changes nothing."
        ),
    )
    p.add_argument("scene", metavar="WORLD.json|SCENE.blend|script.json",
                   help="the World (or a .blend); or the script.json of `previz script` for "
                        "the whole screenplay on one timeline (write only)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write: the timeline (.otio, .edl, .fcpxml); read: the World to write "
                        "(default: WORLD.json itself)")
    p.add_argument("--read", metavar="EDIT", help="an edited timeline (.otio, .edl, .fcpxml)")
    p.add_argument("--media", metavar="DIR",
                   help="where the shots' passes/renders are (default: the World's folder)")
    p.add_argument("--dialogue", metavar="FILE",
                   help="the scene's dialogue.json (default: dialogue.json beside the World)")
    p.add_argument("--audio", metavar="FILE.wav",
                   help="one dialogue WAV for the whole scene, from frame 1")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from previz.agents.handoff.timeline import adapter_for

    source = Path(args.scene)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    if args.read:
        return _read(args, source)
    if not args.output:
        raise InputError("name the timeline to write with -o edit.otio|edit.edl|edit.fcpxml "
                         "(or read one with --read)")
    adapter_for(args.output)
    from previz.world.outputs import check_output_file

    check_output_file(args.output, "-o")
    if args.audio is not None and Path(args.audio).suffix.lower() != ".wav":
        raise InputError(f"--audio {args.audio}: give the dialogue as a WAV file")
    if args.audio is not None and not Path(args.audio).is_file():
        raise InputError(f"--audio {args.audio}: no such file")
    media = Path(args.media) if args.media else source.resolve().parent
    if args.media and not media.is_dir():
        raise InputError(f"--media {media}: no such folder")
    dialogue_path = Path(args.dialogue) if args.dialogue else source.with_name("dialogue.json")
    if args.dialogue and not dialogue_path.is_file():
        raise InputError(f"--dialogue {dialogue_path}: no such file")
    dialogue = _json(dialogue_path, "--dialogue") if dialogue_path.is_file() else None
    from previz.agents.handoff.timeline import (
        build_script_timeline,
        build_timeline,
        timeline_text,
    )
    from previz.world.files import atomic_write_text

    if _is_script_index(source):  # DIR/script.json of `previz script`: the whole film
        if args.audio or args.dialogue or args.media:
            raise InputError("a whole-script timeline takes each scene's media, dialogue and "
                             "recorded lines from its folder; --media, --dialogue and --audio "
                             "are for one scene")
        built = build_script_timeline(source)
    else:
        world = _world(source)
        built = build_timeline(world, name=source.stem if source.stem != "world" else "",
                               media_dir=media, dialogue=dialogue, report=_report(source),
                               audio=Path(args.audio) if args.audio else None,
                               base_dir=dialogue_path.parent)
    atomic_write_text(args.output, timeline_text(built, args.output))
    kinds: dict[str, int] = {}
    for kind in built.media.values():
        kinds[kind] = kinds.get(kind, 0) + 1
    media_words = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    video = built.timeline.video_tracks()[0]
    print(f"wrote {args.output}: {len(built.media)} clips, "
          f"{round(video.duration().value)} frames at {video.duration().rate:g} fps "
          f"(media: {media_words})")
    for note in built.notes:
        print(f"previz: {note}", file=sys.stderr)
    return 0


def _read(args: argparse.Namespace, source: Path) -> int:
    from previz.agents.handoff.timeline import read_edit
    from previz.world.files import atomic_write_text

    if source.suffix.lower() == ".blend":
        raise InputError(f"{source}: --read updates a World JSON; export the .blend first "
                         "(previz export SCENE.blend -o world.json)")
    world = _world(source)
    result = read_edit(args.read, world)
    from previz.world.outputs import check_output_file

    out = Path(args.output) if args.output else source
    if out.suffix.lower() != ".json":
        raise InputError(f"-o {out}: --read writes a World JSON (*.json)")
    check_output_file(out, "-o")
    atomic_write_text(out, result.world.canonical_json())
    for line in result.changes or ["no change: the edit has the World's order and ranges"]:
        print(line)
    print(f"wrote {out} (hash {result.world.content_hash()[:12]})")
    return 0


def _is_script_index(source: Path) -> bool:
    """``script.json`` of `previz script` (an object with ``scenes``), not a World."""
    if source.suffix.lower() != ".json":
        return False
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "scenes" in data and "entities" not in data


def _world(source: Path) -> Any:
    if source.suffix.lower() == ".blend":
        from previz.addon.bridge import read_file

        return read_file(source)
    from previz.world import load_world

    return load_world(source)


def _report(source: Path) -> dict | None:
    from previz.agents.pipeline import report_path

    rp = report_path(source) if source.suffix.lower() == ".json" else None
    if rp is None or not rp.is_file():
        return None
    return _json(rp, "report")


def _json(path: Path, what: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{what} {path}: not readable JSON ({exc})".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise InputError(f"{what} {path}: expected a JSON object")
    return data
