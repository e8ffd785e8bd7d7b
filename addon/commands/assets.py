"""`previz assets …`: the asset and motion-clip index on the command line.

    previz assets ingest DIR [--index PATH] [--parse-timeout SECONDS] [--json]
    previz assets search "QUERY" [--size WxDxH] [--support floor] [--k 10] [--json] …
    previz assets build-starter [--out DIR] [--index PATH]
    previz assets rejected [--index PATH]
    previz assets show ID [--index PATH]
    previz assets gallery -o DIR [--groups G1,G2] [--cell PX]

Without ``--index`` the default index in the user's data folder is used (``$PREVIZ_DATA_DIR``
overrides the folder); it is created with the starter library on first use.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from previz.world import progress
from previz.world.errors import InputError

CHARACTER_TEMPLATES = ("humanoid", "quadruped", "bird", "fish")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("assets", help="ingest and search 3D assets and motion clips",
                                   description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="assets_command", metavar="ACTION",
                                parser_class=type(parser))
    sub.required = True

    def index_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--index", metavar="PATH",
                       help="index file (default: the index in the user's data folder)")

    p = sub.add_parser("ingest", help="add a folder of GLB/glTF/OBJ/PLY/STL/FBX/.blend/BVH files")
    p.add_argument("folder", metavar="DIR")
    index_arg(p)
    p.add_argument("--parse-timeout", type=float, default=None, metavar="SECONDS",
                   help="reject a file that takes longer than this to read (default 120; "
                        "0 = no limit, read in this process)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_ingest)

    p = sub.add_parser("search", help="find assets (or motion clips) by text, size and support")
    p.add_argument("query", metavar="QUERY")
    index_arg(p)
    p.add_argument("--size", metavar="WxDxH", help="wanted size in metres, e.g. 0.5x0.5x0.9")
    p.add_argument("--support", choices=("floor", "wall", "ceiling", "on_object"))
    p.add_argument("--category", help="only this category (exact, e.g. chair)")
    p.add_argument("--rigged", action="store_true", help="only rigged assets")
    p.add_argument("--motion", action="store_true", help="search motion clips instead of assets")
    p.add_argument("--skeleton", help="motion clips: only this skeleton type (e.g. humanoid)")
    p.add_argument("--loops", action="store_true", help="motion clips: only looping ones")
    p.add_argument("--k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--size-tolerance", type=float, default=None,
                   help="hard size filter: each sorted dimension within a factor 1+T "
                        "(default 1.0)")
    p.add_argument("--json", action="store_true",
                   help="print hits as JSON: id, path, size and the score in parts")
    p.set_defaults(func=_search)

    p = sub.add_parser("build-starter", help="generate the white-box starter library (GLB)")
    p.add_argument("--out", metavar="DIR",
                   help="write the GLB files here and only here (no index is changed)")
    index_arg(p)
    p.set_defaults(func=_build_starter)

    p = sub.add_parser("rejected", help="list files that ingest rejected, with the reason")
    index_arg(p)
    p.set_defaults(func=_rejected)

    p = sub.add_parser("show", help="print everything the index holds about one entry")
    p.add_argument("id")
    index_arg(p)
    p.set_defaults(func=_show)

    p = sub.add_parser("gallery", help="render one clay contact sheet per group of the prop "
                       "library (Workbench, small PNGs)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for GROUP.png")
    p.add_argument("--groups", metavar="G1,G2", help="only these groups (default: all)")
    p.add_argument("--cell", type=int, default=160, metavar="PX",
                   help="pixels per prop (48-512, default 160)")
    p.set_defaults(func=_gallery)


def _skeletons() -> dict[str, Any]:
    from previz.skills.skeletons import make_skeleton

    return {name: make_skeleton(name) for name in CHARACTER_TEMPLATES}


def _open(args: argparse.Namespace):
    from previz.asset_index import AssetIndex

    if args.index:
        return AssetIndex(args.index)
    from previz.asset_index.defaults import open_default

    return open_default(_skeletons(), procedural_motions())


def _ingest(args: argparse.Namespace) -> int:
    from previz.asset_index.index import PARSE_TIMEOUT

    timeout = PARSE_TIMEOUT if args.parse_timeout is None else args.parse_timeout
    if not timeout >= 0:  # (also catches nan)
        raise InputError(f"--parse-timeout {args.parse_timeout}: must be 0 (no limit) or a "
                         "positive number of seconds")
    index = _open(args)
    with progress.per_key("ingest", "new or changed files") as on_files:
        report = index.ingest(args.folder, parse_timeout=timeout, convert=_converter(),
                              progress=lambda done, total: on_files(args.folder, done, total))
    if args.json:
        print(json.dumps({"added": report.added, "updated": report.updated,
                          "unchanged": report.unchanged, "removed": report.removed,
                          "duplicates": report.duplicates,
                          "rejected": [{"path": p, "reason": r} for p, r in report.rejected]},
                         indent=1))
    else:
        print(f"{index.path}: {report.summary()}")
        for path, reason in report.rejected:
            print(f"  rejected {path}: {reason}")
    return 0


def _converter():  # type: ignore[no-untyped-def]
    """Blender's FBX/.blend reader when bpy is here (the ``blender`` extra, or inside Blender);
    else None, and the index rejects those files saying what to install."""
    try:
        from previz.addon.asset_convert import convert_to_glb
    except ImportError:
        return None
    return convert_to_glb


def _search(args: argparse.Namespace) -> int:
    from previz.asset_index.scoring import SIZE_TOLERANCE, parse_size

    if args.k <= 0:
        raise InputError(f"--k {args.k}: must be a positive number of results")
    if args.size_tolerance is not None and args.size_tolerance < 0:
        raise InputError(f"--size-tolerance {args.size_tolerance}: must not be negative")
    size = parse_size(args.size) if args.size else None
    index = _open(args)
    hits = index.search(
        args.query, k=args.k, kind="motion" if args.motion else "asset", size=size,
        support=args.support, category=args.category, rigged=True if args.rigged else None,
        skeleton=args.skeleton, loops=True if args.loops else None,
        size_tolerance=SIZE_TOLERANCE if args.size_tolerance is None else args.size_tolerance)
    if args.json:
        print(json.dumps([h.to_json() for h in hits], indent=1))
        return 0
    if not hits:
        print("no match", file=sys.stderr)
        return 0
    for h in hits:
        if h.kind == "motion":
            length = "any length" if h.duration is None else f"{h.duration:.1f} s"
            what = f"{h.skeleton}, {length}" + (", loops" if h.loops else "")
        else:
            w, d, hh = h.size or (0, 0, 0)
            what = f"{w:.2f}x{d:.2f}x{hh:.2f} m, {h.support}"
        print(f"{h.score['total']:+.3f}  {h.id}  {h.name} [{h.category}] ({what})  {h.path or ''}")
    return 0


def _build_starter(args: argparse.Namespace) -> int:
    from previz.asset_index.starter import build_starter

    if args.out:
        paths = build_starter(args.out, _skeletons())
        print(f"wrote {len(paths)} GLB files under {args.out}")
        return 0
    from previz.asset_index import AssetIndex
    from previz.asset_index.defaults import refresh_starter
    from previz.asset_index.paths import default_index_path

    index = AssetIndex(args.index or default_index_path())
    refresh_starter(index, _skeletons())
    print(f"{index.path}: starter library up to date ({index.count('asset')} assets)")
    return 0


def _rejected(args: argparse.Namespace) -> int:
    for f in _open(args).files("rejected"):
        print(f"{f['path']}: {f['reason']}")
    return 0


def _show(args: argparse.Namespace) -> int:
    entry = _open(args).entry(args.id)
    if entry is None:
        raise InputError(f"{args.id}: no such entry in the index")
    print(json.dumps(entry, indent=1, sort_keys=True))
    return 0


def _gallery(args: argparse.Namespace) -> int:
    from previz.world.outputs import check_output_folder

    check_output_folder(args.output, "-o")
    from previz.addon.gallery import render_gallery

    only = [g.strip() for g in args.groups.split(",") if g.strip()] if args.groups else None
    with progress.stage("gallery: contact sheets"):
        paths = render_gallery(args.output, only, cell=args.cell)
    for path in paths:
        print(path)
    return 0


def procedural_motions() -> list[Any]:
    """The procedural motions of `previz.skills.motion` as index entries (parametric clips:
    they follow any path, so they have no fixed duration)."""
    from previz.asset_index import MotionClip
    from previz.skills.motion import locomotion as loco

    clips = []
    for skeleton, styles in (("humanoid", loco.HUMAN_STYLES),
                             ("quadruped", loco.QUADRUPED_STYLES)):
        for style, speed in sorted(styles.items()):
            being = "person" if skeleton == "humanoid" else "four-legged animal"
            what = "standing idle" if style == "idle" else f"{style} at {speed:g} m/s"
            clips.append(MotionClip(
                name=f"{skeleton} {style}", skeleton=skeleton, duration=None, frames=None,
                loops=style != "idle",
                description=f"a {being} {what} along a path (procedural {style} gait)",
                tags=["locomotion", style, "procedural"],
                extra={"generator": "previz.skills.motion.locomotion.locomotion",
                       "style": style, "speed": speed}))
    for name, gen, description in (
            ("bird flap", "flap", "a bird flying along a path, flapping its wings"),
            ("bird glide", "flap", "a bird gliding with spread wings along a path"),
            ("bird land", "land", "a bird gliding down, flaring and landing on a perch"),
            ("fish swim", "swim", "a fish swimming along a path with a travelling body wave")):
        clips.append(MotionClip(
            name=name, skeleton=name.split()[0], duration=None, frames=None,
            loops=gen != "land", description=description, tags=["procedural", gen],
            extra={"generator": f"previz.skills.motion.animals.{gen}",
                   **({"glide": True} if name == "bird glide" else {})}))
    return clips
