"""World commands: validate, fmt, schema (no Blender needed), build and export (Blender)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from previz.world import World, load_world
from previz.world.errors import InputError
from previz.world.files import atomic_write_text
from previz.world.outputs import check_output_file
from previz.world.schema import world_schema_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a World JSON file; prints what is wrong")
    p.add_argument("world", help="World JSON file")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fmt", help="print the canonical JSON of a World (the form export writes)")
    p.add_argument("world", help="World JSON file")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("schema", help="print the JSON Schema of a World")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("build", help="build a World into a Blender scene and save it as .blend")
    p.add_argument("world", help="World JSON file")
    p.add_argument("-o", "--output", required=True, help="the .blend file to write")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "export", help="read the World back from a .blend (or the open file inside Blender); "
                       "with --format, the scene for other tools (glb, fbx, usd, abc) or the "
                       "shots' camera tracks (cameras)"
    )
    p.add_argument("scene", nargs="?", help=".blend file (inside Blender: the open file); "
                                            "with --format also a World JSON")
    p.add_argument("-o", "--output", help="World JSON to write; standard output if not given "
                                          "(--format: the file, or for cameras the folder)")
    p.add_argument("--format", choices=("glb", "fbx", "usd", "abc", "cameras"),
                   help="export the scene through Blender's exporter (cameras, lights and "
                        "animation included), or write each shot's camera track as "
                        "<shot>.camera.json, <shot>.camera.csv and <shot>.chan (Nuke) into -o")
    p.add_argument("--shot", help="--format cameras: only this shot (default: every shot)")
    p.set_defaults(func=cmd_export)


def cmd_validate(args: argparse.Namespace) -> int:
    world = load_world(args.world)
    counts = ", ".join(
        f"{len(getattr(world, k))} {k}"
        for k in ("entities", "cameras", "lights", "relations", "shots")
    )
    print(f"{args.world}: ok ({counts}; hash {world.content_hash()[:12]})")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    _emit(load_world(args.world).canonical_json(), args.output)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    _emit(world_schema_json(), args.output)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    out = _blend_path(args.output)
    world = load_world(args.world)
    from previz.asset_index.roots import check_world_files

    check_world_files(world, Path(args.world).resolve().parent)  # before any file is made
    from previz.addon.bridge import build_file

    build_file(world, out, base_dir=Path(args.world).resolve().parent)
    print(f"wrote {out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format:  # the scene or its camera tracks for other tools
        from previz.addon.commands._export import run_format

        return run_format(args)
    if args.shot:
        raise InputError("--shot is for --format cameras")
    from previz.addon.bridge import read_file

    world: World = read_file(args.scene)
    _emit(world.canonical_json(), args.output)
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _emit(text: str, output: str | None) -> None:
    if output:
        atomic_write_text(check_output_file(output, "-o"), text)
    else:
        sys.stdout.write(text)


def _blend_path(path: str) -> Path:
    p = Path(path)
    if p.suffix.lower() != ".blend":
        raise InputError(f"{path}: the output of build is a Blender file; name it *.blend")
    return check_output_file(p, "-o").resolve()
