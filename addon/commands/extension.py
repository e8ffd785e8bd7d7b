"""`previz extension build`: the installable Blender extension zip(s)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extension", help="package Previz as a Blender extension")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    b = actions.add_parser("build", help="build the extension zip (one per platform)")
    b.add_argument("-o", "--output", default="dist", help="folder for the zips (default: dist)")
    b.add_argument(
        "--platform", action="append", dest="platforms", metavar="NAME",
        help="linux-x64 (default), linux-arm64, macos-arm64, macos-x64, windows-x64; repeatable",
    )
    b.set_defaults(func=cmd_build)


def cmd_build(args: argparse.Namespace) -> int:
    from previz.addon.extension_build import build_extension

    for path in build_extension(args.output, args.platforms):
        print(f"wrote {path}")
    return 0
