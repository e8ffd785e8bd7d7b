"""The passes folder contract: what `previz passes` writes and `previz render` reads, in one place.

A shot's passes folder is ``OUT/<shot>/`` with ``manifest.json`` (written last; its ``format`` is
`FORMAT`) and one folder per pass under ``passes/``, laid out as `Layout` says. This module holds
the format's facts — the format tag, the pass names the format defines, the aliases a request may
use, the control → folder map the neural renderer reads, the contact sheet's columns, each
pass's file layout — and the help-text helpers the command line shows, so the writer
(`previz.addon.passes`), the reader (`previz.neural_render.passes` and its backends), the CLI and
the test fixtures cannot disagree. docs/passes-folder.md describes the same contract in prose.

Why in `previz.world`: every side of the folder must import it, and the layering lets
`neural_render` import only `world` (never `addon`), and `agents` (which judge rendered
segmentation) only `world`, `skills` and `asset_index`; `world` is the one package all of them may
import. The control names are also the values of a World's ``shots[].render.control``
(`previz.world.models.RenderSettings`). Standard library only, so importing it costs nothing.

Adding a pass: the writer's table ``previz.addon.passes.derive.DERIVE`` (one function and one row)
is what `previz passes` can write; it holds at least `PASSES` (a test checks). A pass that no
reader asks for by name and that is one PNG per frame needs nothing here. Add to this module only
what a reader must know: a new control (`CONTROL_FOLDERS`), a file layout other than one PNG
(`LAYOUTS`), a contact-sheet column (`SHEET_COLUMNS`), a name the format guarantees (`PASSES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: The ``format`` field of every manifest; readers refuse any other value.
FORMAT = "previz-passes/1"
#: The manifest's file name in a shot folder; written last, so its presence means complete.
MANIFEST = "manifest.json"
#: The folder of a shot folder that holds one sub-folder per pass.
PASSES_DIR = "passes"

CLAY = "clay"
CLAY_LIT = "clay_lit"
DEPTH = "depth"
DEPTH_CONTROL = "depth_control"
EDGES = "edges"
MASK = "mask"
NORMAL = "normal"
POSE = "pose"
SEGMENTATION = "segmentation"
SEGMENTATION_SEMANTIC = "segmentation_semantic"

#: The passes the format defines, sorted: every one of them is written by `previz passes` when
#: asked for (all by default), and readers may rely on their meaning (docs/passes-folder.md).
PASSES: tuple[str, ...] = (
    CLAY, DEPTH, DEPTH_CONTROL, EDGES, MASK, NORMAL, POSE, SEGMENTATION, SEGMENTATION_SEMANTIC,
)

#: Passes the format defines that are written only when asked for: named in ``--passes``, or
#: needed by a shot's control (``shots[].render.control``; `needed_by_controls`). ``clay_lit``
#: (clay shaded by the scene's own lights, with shadows) costs shadow-map rasterisations per
#: light and frame, so a shot that does not show it to the model does not pay for it, and the
#: folders of the passes written by default stay as they were.
ON_REQUEST: tuple[str, ...] = (CLAY_LIT,)

#: A name in a request that also brings the control image the neural renderer reads with it.
ALIASES: dict[str, tuple[str, ...]] = {
    DEPTH: (DEPTH, DEPTH_CONTROL),
    SEGMENTATION: (SEGMENTATION, SEGMENTATION_SEMANTIC),
}

#: Control name (``shot_settings.render.control``, ``previz render --pass``) → pass folder. The
#: order is the order the help text lists them in.
CONTROL_FOLDERS: dict[str, str] = {
    DEPTH: DEPTH_CONTROL,
    NORMAL: NORMAL,
    SEGMENTATION: SEGMENTATION_SEMANTIC,
    POSE: POSE,
    EDGES: EDGES,
    CLAY: CLAY,
    CLAY_LIT: CLAY_LIT,
}

#: Columns of ``contact_sheet.png``, left to right (always these, whichever passes were asked).
SHEET_COLUMNS: tuple[str, ...] = (
    CLAY, DEPTH_CONTROL, NORMAL, SEGMENTATION, SEGMENTATION_SEMANTIC, POSE, EDGES,
)


def needed_by_controls(controls: Iterable[str]) -> tuple[str, ...]:
    """The `ON_REQUEST` passes that the control names ``controls`` read, sorted: a writer adds
    them to what it was asked for, so a shot whose control is ``clay_lit`` gets its folder."""
    return tuple(sorted({CONTROL_FOLDERS[c] for c in controls
                         if c in CONTROL_FOLDERS and CONTROL_FOLDERS[c] in ON_REQUEST}))


def frame_file(frame: int, extension: str = "png", entity: str | None = None) -> str:
    """A frame's file inside its pass folder: ``0007.png``, or ``hero/0007.png`` for the
    per-entity pass of entity ``hero``."""
    name = f"{frame:04d}.{extension}"
    return name if entity is None else f"{entity}/{name}"


def frame_path(name: str, frame: int, extension: str = "png", entity: str | None = None) -> str:
    """A frame's file relative to the shot folder: ``passes/<name>/<frame:04d>.<extension>``."""
    return f"{PASSES_DIR}/{name}/{frame_file(frame, extension, entity)}"


@dataclass(frozen=True)
class Layout:
    """How one frame of a pass is stored under ``passes/<pass>/``: one file per extension, in
    this order (PNG first), and, for a per-entity pass, one such set per entity id in its own
    sub-folder."""

    extensions: tuple[str, ...] = ("png",)
    per_entity: bool = False

    def files(self, frame: int, entities: Sequence[str] = ()) -> tuple[str, ...]:
        """The frame's files relative to the pass folder, in order: per entity (in the order
        given), then per extension."""
        owners: Sequence[str | None] = entities if self.per_entity else (None,)
        return tuple(frame_file(frame, ext, owner) for owner in owners for ext in self.extensions)


#: Per-pass file layouts that differ from one 8-bit or 16-bit PNG per frame: ``depth`` is a
#: 16-bit PNG in millimetres plus a float32 EXR in metres; ``mask`` is one grey PNG per entity.
LAYOUTS: dict[str, Layout] = {
    DEPTH: Layout(extensions=("png", "exr")),
    MASK: Layout(per_entity=True),
}


def layout(name: str) -> Layout:
    """The file layout of pass ``name`` (one PNG per frame unless `LAYOUTS` says otherwise)."""
    return LAYOUTS.get(name, Layout())


def expand(name: str) -> tuple[str, ...]:
    """The pass folders a requested name brings: its `ALIASES` entry, else the name itself."""
    return ALIASES.get(name, (name,))


def passes_help(names: Iterable[str] = PASSES, notes: Mapping[str, str] | None = None) -> str:
    """``"clay, depth (+ depth_control), …"``: the passes a command accepts, each with what its
    alias also brings and an optional note (e.g. how the clay pass is made)."""
    parts = []
    for name in names:
        bits = [f"+ {', '.join(expand(name)[1:])}"] if len(expand(name)) > 1 else []
        if notes and name in notes:
            bits.append(notes[name])
        parts.append(f"{name} ({'; '.join(bits)})" if bits else name)
    return ", ".join(parts)


def controls_help() -> str:
    """``"depth, normal, segmentation, pose, edges, clay"``: the control names, in map order."""
    return ", ".join(CONTROL_FOLDERS)
