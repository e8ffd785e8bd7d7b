"""`previz script FILE.fountain -o DIR`: a screenplay in Fountain → one World per scene, with
shots cut to its dialogue (`previz.agents.handoff.script`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from previz.world import progress
from previz.world.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "script",
        help="turn a Fountain screenplay into one World per scene, shots cut to the dialogue",
        description=(
            "Parse FILE.fountain (scene headings, action, dialogue) and stage each scene with "
            "the offline planner: its heading and action lines make the set, props and "
            "movement; the speaking characters are persons; each line of dialogue is timed "
            "(2.5 words per second, 1 s per (beat) or (pause), or its recorded WAV) and gives "
            "its speaker a talk action; the shots are a wide over the action and a medium on "
            "each speaker (shot/reverse shot), cut where the lines are. Writes "
            "DIR/scene-NN/world.json, world.report.json and dialogue.json per scene, and "
            "DIR/script.json (the index). Nothing is written unless every scene is staged."
        ),
    )
    p.add_argument("fountain", metavar="FILE.fountain", help="the screenplay (UTF-8 Fountain)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="output folder")
    p.add_argument("--audio", metavar="DIR",
                   help="recorded lines: DIR/001.wav is the script's first line of dialogue, "
                        "002.wav the second …; a line with a WAV lasts as long as it")
    p.add_argument("--fps", type=float, default=24.0, help="frames per second (default 24)")
    p.add_argument("--seed", type=int, default=0, help="layout seed (default 0)")
    p.add_argument("--rounds", type=int, default=4,
                   help="check/repair rounds per scene (default 4)")
    p.add_argument("--scene", type=int, metavar="N", help="stage only scene N (1-based)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from previz.agents.handoff.screenplay import read_fountain
    from previz.agents.handoff.script import audio_for_lines, stage_screenplay
    from previz.agents.pipeline import report_path
    from previz.agents.pipeline import run as run_pipeline
    from previz.world.files import atomic_write_text

    if not 1 <= args.rounds <= 20:
        raise InputError(f"--rounds must be between 1 and 20, got {args.rounds}")
    if not 0 <= args.seed <= 2**31 - 1:
        raise InputError(f"--seed must be between 0 and {2**31 - 1}, got {args.seed}")
    if not 1.0 <= args.fps <= 120.0:
        raise InputError(f"--fps must be between 1 and 120, got {args.fps:g}")
    from previz.world.outputs import check_output_folder

    out = check_output_folder(args.output, "-o")  # before any scene is staged
    screenplay = read_fountain(args.fountain)
    if args.scene is not None and not 1 <= args.scene <= len(screenplay.scenes):
        raise InputError(f"--scene {args.scene}: the script has {len(screenplay.scenes)} "
                         "scene(s)")
    audio = audio_for_lines(args.audio, screenplay)
    from previz.agents.planner.offline import DEFAULT

    # The planner reads words as `previz plan` does (MiniLM for words no vocabulary knows).
    staged = stage_screenplay(screenplay, fps=args.fps, audio=audio, embedder=DEFAULT)
    if args.scene is not None:
        staged = [staged[args.scene - 1]]

    # Every scene is realised before anything is written: a failure leaves DIR as it was.
    results = []
    for st in staged:
        with progress.stage(f"script: scene {st.scene.number} {st.scene.heading}"):
            result = run_pipeline(st.plan, args.seed, max_rounds=args.rounds,
                                  planner="offline (fountain)", text=st.text)
        result.report["script"] = {"file": str(Path(args.fountain).name),
                                   "scene": st.scene.number, "line": st.scene.line,
                                   "heading": st.scene.heading, "notes": st.notes}
        results.append((st, result))

    index = {"title": screenplay.title, "source": Path(args.fountain).name, "fps": args.fps,
             "characters": screenplay.characters, "scenes": []}
    for st, result in results:
        folder = out / f"scene-{st.scene.number:02d}"
        world_path = folder / "world.json"
        dialogue = st.dialogue_json()
        for line in dialogue["dialogue"]:  # recorded lines: relative to the scene folder
            if "audio" in line:
                line["audio"] = _relative(Path(line["audio"]), folder)
        for beat in dialogue["beats"]:
            if "audio" in beat:
                beat["audio"] = _relative(Path(beat["audio"]), folder)
        atomic_write_text(world_path, result.world.canonical_json())
        atomic_write_text(report_path(world_path),
                          json.dumps(result.report, indent=2, sort_keys=True) + "\n")
        atomic_write_text(folder / "dialogue.json",
                          json.dumps(dialogue, indent=2, sort_keys=True) + "\n")
        index["scenes"].append({
            "scene": st.scene.number, "heading": st.scene.heading, "line": st.scene.line,
            "folder": folder.name, "world": f"{folder.name}/world.json",
            "shots": [s.id for s in result.world.shots], "duration_s": round(st.duration_s, 6),
            "characters": st.scene.characters, "dialogue_lines": len(st.scene.dialogue),
            "content_hash": result.world.content_hash(), "problems": len(result.report[
                "problems"]), "notes": st.notes})
        problems = len(result.report["problems"]) + len(result.report.get("unsatisfied", []))
        print(f"scene {st.scene.number} {st.scene.heading}: {len(result.world.shots)} shots, "
              f"{st.duration_s:.1f} s, {len(st.scene.dialogue)} line(s) -> {world_path}"
              + (f" ({problems} problem(s) in the report)" if problems else ""))
        for note in st.notes:
            print(f"previz: note: scene {st.scene.number}: {note}", file=sys.stderr)
    atomic_write_text(out / "script.json", json.dumps(index, indent=2, sort_keys=True) + "\n")
    print(f"wrote {out / 'script.json'}")
    return 0


def _relative(path: Path, folder: Path) -> str:
    import os

    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive (Windows)
        return str(path.resolve())
