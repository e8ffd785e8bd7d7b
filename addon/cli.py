"""The `previz` command line, shared by the console script and `blender -b -c previz …`.

Each group of commands is a module `previz.addon.commands.<name>` (found by listing the
package) and adds its sub-parsers in a
`register(subparsers)` function; the handler it sets with ``set_defaults(func=...)`` returns an
exit code. Exit codes: 0 success, 2 bad input (one line naming the file, field or value), 1
failure. Bad input is any `previz.world.InputError`; anything else unexpected is a failure, shown
as one line (``--debug`` or ``PREVIZ_DEBUG=1`` adds the traceback).

Long work reports through `previz.world.progress`: bars on a terminal, timestamped lines when
standard error is not one (logs, CI), nothing with ``--quiet`` (before or after the command).
``--version`` prints Previz's, Blender's and Python's versions.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence

from previz.world import progress
from previz.world.errors import InputError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors on one line with exit code 2 (as argparse does)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def command_modules() -> list[str]:
    """Every module in `previz.addon.commands`, sorted: a new command group is a new file."""
    from previz.addon import commands

    found = pkgutil.iter_modules(commands.__path__)
    names = sorted(m.name for m in found if not m.name.startswith("_"))
    return [f"previz.addon.commands.{n}" for n in names]


def build_parser(prog: str = "previz") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description="Previz: film pre-visualization with Blender and neural rendering.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print the versions of Previz, Blender and Python, and exit")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress (also accepted after the command)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in command_modules():
        importlib.import_module(name).register(sub)
    _add_quiet(sub)
    return parser


def _add_quiet(sub: argparse._SubParsersAction) -> None:
    """Every command (and sub-action) takes ``-q/--quiet``; SUPPRESS keeps a sub-parser's
    default from overwriting ``previz --quiet COMMAND``."""
    for p in set(sub.choices.values()):
        if "--quiet" not in p._option_string_actions:
            p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                           help="no progress bars or lines")
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_quiet(action)


def versions() -> dict[str, str]:
    """Previz's, Blender's (when `bpy` imports) and Python's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        previz = version("previz")
    except PackageNotFoundError:
        previz = "unknown (not installed)"
    try:
        import bpy

        blender = bpy.app.version_string
    except Exception as exc:  # not installed, or a broken install: say so, still exit 0
        blender = f"not available ({type(exc).__name__}: {exc})".splitlines()[0]
    return {"previz": previz, "blender": blender, "python": sys.version.split()[0]}


class _Version(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        v = versions()
        print(f"previz {v['previz']}\nBlender {v['blender']}\nPython {v['python']}")
        parser.exit(EXIT_OK)


def main(argv: Sequence[str] | None = None, prog: str = "previz") -> int:
    """Run one command; returns the exit code (the console script exits with it)."""
    parser = build_parser(prog)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, or a usage error already printed
        return int(exc.code or 0)
    debug = args.debug or os.environ.get("PREVIZ_DEBUG") == "1"
    try:
        if progress.installed():  # `make` runs commands through main: keep its reporter
            return int(args.func(args) or 0)
        with progress.use(progress.for_stream(sys.stderr, quiet=getattr(args, "quiet", False))):
            return int(args.func(args) or 0)
    except InputError as exc:
        print(f"{prog}: {_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if debug:
            traceback.print_exc()
        first = (str(exc).splitlines() or [""])[0]
        hint = "" if debug else " (run with --debug for the traceback)"
        print(f"{prog}: failed: {type(exc).__name__}: {first}{hint}", file=sys.stderr)
        return EXIT_FAILURE


def _one_line(exc: InputError) -> str:
    first = getattr(exc, "first_line", None)
    return first() if callable(first) else str(exc).splitlines()[0]


def entry_point() -> None:
    code = main()
    if "bpy" in sys.modules:
        # bpy 4.5 as a module can hang in its own teardown at interpreter exit (seen after Cycles
        # renders); the work is done and written, so leave without running it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
