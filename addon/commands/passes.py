"""`previz passes WORLD.json|SCENE.blend -o OUT`: render a shot's white-box condition passes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from previz.addon.passes.derive import NAMES
from previz.world import progress
from previz.world.errors import InputError
from previz.world.passes_contract import CLAY, CLAY_LIT, passes_help


def register(subparsers: argparse._SubParsersAction) -> None:
    clay_note = "numpy-shaded, or a Blender Workbench render with --clay workbench"
    lit_note = ("clay shaded by the scene's own lights, with shadows; written when named or when "
                "a shot's control is clay_lit")
    p = subparsers.add_parser(
        "passes",
        help="render white-box condition passes (depth, normal, segmentation, pose, edges, "
             "clay, masks) of a shot",
        description=(
            "Render OUT/<shot>/passes/<pass>/<frame>.png, manifest.json, contact_sheet.png and "
            "preview.mp4 for one shot (--shot) or every shot of a World JSON or a Previz .blend. "
            f"Passes: {passes_help(NAMES, {CLAY: clay_note, CLAY_LIT: lit_note})}."
        ),
    )
    p.add_argument("source", metavar="WORLD.json|SCENE.blend", help="World JSON or .blend file")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    p.add_argument("--shot", help="shot id (default: every shot)")
    p.add_argument("--passes", metavar="P1,P2",
                   help="comma-separated passes (default: all but clay_lit, which comes when "
                        "named or when a shot's control reads it)")
    p.add_argument("--frames", metavar="A-B", help="frame range inside the shot (default: all)")
    p.add_argument("--resolution", metavar="WxH", help="override the shot's resolution")
    p.add_argument(
        "--clay", choices=("shaded", "workbench"), default="shaded",
        help="how the clay pass is made: 'shaded' (default, fast) shades the rasterised normals "
             "in numpy; 'workbench' renders it with Blender's Workbench engine (solid, studio "
             "lighting, neutral grey, shot camera and resolution), about a second per frame "
             "more on a CPU machine")
    p.set_defaults(func=run)  # -q/--quiet (no progress) is added to every command by the cli


def run(args: argparse.Namespace) -> int:
    from previz.addon.passes.render import parse_frames, parse_passes, parse_resolution

    # Check everything that needs no scene before loading Blender.
    passes = parse_passes(args.passes)
    frames = parse_frames(args.frames)
    resolution = parse_resolution(args.resolution)
    source = Path(args.source)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    from previz.world.folders import ensure_free
    from previz.world.outputs import check_output_folder

    check_output_folder(args.output, "-o")
    ensure_free(args.output)  # a second writer is refused before the scene is built

    import bpy

    from previz.addon.bridge import build, read_file
    from previz.addon.passes.render import plan, render_passes

    report: list[str] = []
    if source.suffix.lower() == ".blend":
        with progress.stage(f"passes: read {source.name}"):
            world = read_file(source)
        plan(world, args.shot, frames, resolution)
    else:
        from previz.world import load_world

        world = load_world(source)
        plan(world, args.shot, frames, resolution)  # bad input fails before the build
        with progress.stage(f"passes: build the scene ({len(world.entities)} entities)"):
            bpy.ops.wm.read_homefile(use_empty=True)
            build(world, bpy.context.scene, base_dir=source.resolve().parent, report=report)

    with progress.per_key("passes", "frames") as on_frame:
        folders = render_passes(
            world, bpy.context.scene, args.output, shot_id=args.shot, passes=passes,
            frames=frames, resolution=resolution, base_dir=source.resolve().parent,
            progress=on_frame, report=report, clay=args.clay,
        )
    for line in report:
        print(f"previz: warning: {line}", file=sys.stderr)
    for folder in folders:
        print(f"wrote {folder}")
    return 0
