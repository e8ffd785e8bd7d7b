"""previz.addon — everything that touches `bpy`: the Blender extension, the bridge World ⇄ scene,
operators, panels and the `previz` command line.

This file is also the extension's entry point (with `blender_manifest.toml` beside it). Blender
may load it under another name (``bl_ext.<repo>.previz``), so it imports the rest of Previz by
absolute name only: one copy of every class is registered, whichever way it was loaded.
`bpy` is imported inside the functions so the command line can load this package without it.
"""

from __future__ import annotations

from collections.abc import Sequence

CLI_COMMAND = "previz"
_cli_handle = None


def _run_cli(argv: Sequence[str]) -> int:
    """`blender -b [file.blend] -c previz <command> …`: the same code as the console script."""
    from previz.addon.cli import main

    return main(list(argv), prog="blender -c previz")


def register() -> None:
    import bpy

    from previz.addon import (
        console,
        operators,
        panels,
        preferences,
        properties,
        references,
        runtime,
    )

    global _cli_handle
    properties.ensure_registered()
    preferences.register(__name__)  # preferences are keyed by the name Blender loaded us under
    runtime.activate(preferences.runtime_folder())  # torch & co. from a runtime install, if any
    operators.register()
    references.register()
    panels.register()
    console.register()
    if hasattr(bpy.utils, "register_cli_command"):
        _cli_handle = bpy.utils.register_cli_command(CLI_COMMAND, _run_cli)


def unregister() -> None:
    import bpy

    from previz.addon import (
        console,
        jobs,
        operators,
        panels,
        preferences,
        properties,
        references,
    )

    global _cli_handle
    jobs.JOBS.cancel_all()
    if _cli_handle is not None:
        bpy.utils.unregister_cli_command(_cli_handle)
        _cli_handle = None
    console.unregister()
    panels.unregister()
    references.unregister()
    operators.unregister()
    preferences.unregister()
    if properties.is_registered():
        properties.unregister()
