"""`previz export SCENE --format glb|fbx|usd|abc -o FILE` and `--format cameras -o DIR`: the
scene for other tools (`previz.addon.scene_export`) and the shots' camera tracks
(`previz.agents.handoff.camera_tracks`). Not a command group of its own (the leading underscore):
`previz export` in `world.py` hands ``--format`` here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from previz.world import progress
from previz.world.errors import InputError


def run_format(args: argparse.Namespace) -> int:
    if not args.output:
        raise InputError(f"--format {args.format} needs -o (the "
                         + ("folder" if args.format == "cameras" else "file") + " to write)")
    if args.format != "cameras" and args.shot:
        raise InputError("--shot is for --format cameras (a scene export holds every shot)")
    if args.scene is None:
        import bpy

        if not bpy.data.filepath:
            raise InputError("no scene given and no .blend is open in Blender")
        source = Path(bpy.data.filepath)
    else:
        source = Path(args.scene)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    if source.suffix.lower() not in (".json", ".blend"):
        raise InputError(f"{source}: give a World JSON or a .blend")
    if args.format == "cameras":
        return _cameras(args, source)

    from previz.addon.scene_export import check_output, export_scene, load_scene
    from previz.world.outputs import check_output_file

    check_output(args.format, args.output)  # before Blender builds anything
    check_output_file(args.output, "-o")
    report: list[str] = []
    with progress.stage(f"export: load {source.name}"):
        world = load_scene(source, report)
    with progress.stage(f"export: {args.format}"):
        out, notes = export_scene(args.format, args.output, world)
    for line in [*report, *notes]:
        print(f"previz: warning: {line}", file=sys.stderr)
    cams = len(world.cameras)
    frames = (f"frames {min(s.frame_start for s in world.shots)}-"
              f"{max(s.frame_end for s in world.shots)}" if world.shots else "no shots")
    print(f"wrote {out} ({args.format}: {len(world.entities)} entities, {cams} camera(s), "
          f"{len(world.lights)} light(s), {frames})")
    return 0


def _cameras(args: argparse.Namespace, source: Path) -> int:
    from previz.agents.handoff.camera_tracks import (
        camera_world,
        shot_frames,
        track_chan,
        track_csv,
        track_json,
    )
    from previz.world.files import atomic_write_text
    from previz.world.outputs import check_output_folder

    out = check_output_folder(args.output, "-o")
    if source.suffix.lower() == ".blend":
        from previz.addon.bridge import read_file

        world = read_file(source)
    else:
        from previz.world import load_world

        world = load_world(source)
    shots = world.shots
    if args.shot is not None:
        if args.shot not in {s.id for s in shots}:
            raise InputError(f"--shot {args.shot}: no such shot (shots: "
                             f"{', '.join(s.id for s in shots) or 'none'})")
        shots = [world.shot(args.shot)]
    if not shots:
        raise InputError(f"{source}: the World has no shots")
    cams = camera_world(world)
    texts: list[tuple[Path, str]] = []
    for shot in shots:
        with progress.stage(f"cameras: {shot.id} ({shot.frame_count} frames)"):
            frames = list(shot_frames(cams, shot))
        texts += [(out / f"{shot.id}.camera.json", track_json(world, shot, frames)),
                  (out / f"{shot.id}.camera.csv", track_csv(frames)),
                  (out / f"{shot.id}.chan", track_chan(shot, frames))]
    for path, text in texts:  # every track computed before any is written
        atomic_write_text(path, text)
    print(f"wrote {len(shots)} camera track(s) (json, csv, Nuke chan) to {out}")
    return 0
