"""`previz board` and `previz shotlist`: the previz handed to the crew.

    previz board SCENE.blend|WORLD.json -o board.pdf|board.html [--frames N] [--renders DIR]
                 [--clay] [--report R.json | --no-report] [--dialogue D.json]
    previz shotlist SCENE.blend|WORLD.json [-o shots.csv|shots.json] [--format csv|json]
                 [--report R.json | --no-report] [--dialogue D.json]

Both read the same rows (`previz.agents.handoff.shotlist`): one a shot, in scene order. The
plan's report is found beside the scene (``WORLD.report.json``, or ``world.report.json`` beside a
.blend made by `previz make`) unless one is named or ``--no-report`` is given; the dialogue in
``dialogue.json`` beside the scene (`previz script` writes it) unless ``--dialogue`` names one.
The board needs
Blender for its clay frames; the shot list of a World JSON does not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from previz.world import progress
from previz.world.errors import InputError

SHOTLIST_FORMATS = {".csv": "csv", ".json": "json"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "board", help="a storyboard of every shot (PDF or self-contained HTML)",
        description="Write a storyboard: one panel a shot in scene order, with 1-6 key frames "
        "at the shot's aspect and its safe frames (clay rendered with Workbench, or the neural "
        "render when one exists for this World), shot id, duration and timecode, camera body "
        "and lens, the move as an arrow on the top-down map, subjects, action, dialogue, notes "
        "and lighting look. The output's suffix picks the format: .pdf or .html.")
    p.add_argument("scene", metavar="SCENE.blend|WORLD.json")
    p.add_argument("-o", "--output", required=True, metavar="board.pdf|board.html")
    p.add_argument("--frames", type=int, default=3, metavar="N",
                   help="key frames a shot, 1-6 (default 3: first, middle, last)")
    p.add_argument("--renders", metavar="DIR", help="where OUT/<shot>/render/ neural renders "
                   "are (default: passes/ and previz/ beside the scene)")
    p.add_argument("--clay", action="store_true", help="clay frames even where a render exists")
    _common(p)
    p.set_defaults(func=cmd_board)

    p = subparsers.add_parser(
        "shotlist", help="the shot list as CSV or JSON (one row a shot, in scene order)",
        description="Write the shot list: shot id, order, frames, duration, SMPTE timecodes, "
        "aspect, camera body, lens, move, subjects, action, dialogue, notes and lighting look, "
        "one row a shot in scene order (the fields of the storyboard's panels).")
    p.add_argument("scene", metavar="SCENE.blend|WORLD.json")
    p.add_argument("-o", "--output", metavar="shots.csv|shots.json",
                   help="file to write (default: standard output)")
    p.add_argument("--format", choices=("csv", "json"),
                   help="default: from the output's suffix, else csv")
    _common(p)
    p.set_defaults(func=cmd_shotlist)


def _common(p: argparse.ArgumentParser) -> None:
    rep = p.add_mutually_exclusive_group()
    rep.add_argument("--report", metavar="R.json", help="the plan's report (default: found "
                     "beside the scene)")
    rep.add_argument("--no-report", action="store_true", help="use no plan report")
    p.add_argument("--dialogue", metavar="D.json", help="timed dialogue: a list of {speaker, "
                   "text, start_s, end_s} (seconds from frame 1); default: dialogue.json beside "
                   "the scene (`previz script` writes it)")


def _source(path: str) -> Path:
    source = Path(path)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    if source.suffix.lower() not in (".json", ".blend"):
        raise InputError(f"{source}: give a World JSON or a .blend")
    return source


def _report(args: argparse.Namespace, source: Path) -> dict[str, Any] | None:
    from previz.agents.handoff import load_report, report_beside

    if args.no_report:
        return None
    return load_report(args.report) if args.report else report_beside(source)


def _dialogue(args: argparse.Namespace, source: Path) -> list:
    from previz.agents.handoff import dialogue_beside, load_dialogue

    return load_dialogue(args.dialogue) if args.dialogue else dialogue_beside(source)


def cmd_shotlist(args: argparse.Namespace) -> int:
    from previz.agents.handoff import rows_csv, rows_json, shot_rows
    from previz.world.files import atomic_write_text

    fmt = args.format
    if fmt is None and args.output:
        fmt = SHOTLIST_FORMATS.get(Path(args.output).suffix.lower())
        if fmt is None:
            raise InputError(f"{args.output}: name it .csv or .json, or give --format")
    fmt = fmt or "csv"
    source = _source(args.scene)
    report, dialogue = _report(args, source), _dialogue(args, source)
    if source.suffix.lower() == ".blend":
        from previz.addon.bridge import read_file

        world = read_file(source)
    else:
        from previz.world import load_world

        world = load_world(source)
    rows = shot_rows(world, report, dialogue)
    text = rows_json(rows) if fmt == "json" else rows_csv(rows)
    if args.output:
        atomic_write_text(args.output, text)
        print(f"wrote {args.output} ({len(rows)} shots)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_board(args: argparse.Namespace) -> int:
    from previz.addon.storyboard import board_format, check_count

    # Everything that needs no scene is checked before Blender loads.
    board_format(args.output)
    check_count(args.frames)
    source = _source(args.scene)
    report, dialogue = _report(args, source), _dialogue(args, source)
    renders = Path(args.renders) if args.renders else None
    if renders is not None and not renders.is_dir():
        raise InputError(f"--renders {renders}: no such folder")

    import bpy

    from previz.addon.bridge import build, read_file
    from previz.addon.storyboard import make_board, render_roots

    warnings: list[str] = []
    if source.suffix.lower() == ".blend":
        with progress.stage(f"board: read {source.name}"):
            world = read_file(source)
    else:
        from previz.world import load_world

        world = load_world(source)
        if not world.shots:
            raise InputError(f"{source}: the World has no shot; a storyboard has one panel "
                             "a shot")
        with progress.stage(f"board: build the scene ({len(world.entities)} entities)"):
            bpy.ops.wm.read_homefile(use_empty=True)
            build(world, bpy.context.scene, base_dir=source.resolve().parent, report=warnings)
    with progress.per_key("", "shots") as on_shot:
        said = make_board(world, bpy.context.scene, args.output, report=report,
                          dialogue=dialogue, count=args.frames,
                          renders=render_roots(source, renders), clay_only=args.clay,
                          base_dir=source.resolve().parent, progress=on_shot)
    for line in warnings:
        print(f"previz: warning: {line}", file=sys.stderr)
    for line in said:
        print(f"previz: {line}", file=sys.stderr)
    print(f"wrote {args.output} ({len(world.shots)} shots)")
    return 0
