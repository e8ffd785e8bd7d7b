"""The storyboard's pictures from Blender: clay key frames rendered through the passes code
(`previz.addon.passes.render.render_passes`: Workbench clay with the edges pass inked over it,
small, at the shot's aspect), or a shot's neural render read from its folder when one exists
for this very World.

`board_steps` is what `previz board` (through `make_board`, which runs it to the end) and the
Render panel's Storyboard button (a step a timer tick) run: the shot rows
(`previz.agents.handoff.shotlist`), the key frames, each shot's top-down map with its move, then
the PDF or HTML page (`previz.agents.handoff.board`), written atomically — an existing board is
replaced only once the new one is complete.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from previz.agents.handoff.board import (
    MAX_KEY_FRAMES,
    KeyFrame,
    Panel,
    board_html,
    board_pdf,
    key_frames,
    shot_map,
)
from previz.agents.handoff.shotlist import DialogueLine, shot_rows
from previz.world import Shot, World
from previz.world.errors import InputError
from previz.world.files import atomic_write_bytes, atomic_write_text
from previz.world.passes_contract import frame_file

#: Width in pixels of a clay key frame (the height follows the shot's aspect).
KEY_WIDTH = 480
INK = (28, 28, 32)  # the edges drawn over the clay
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def board_format(path: str | Path) -> str:
    """``pdf`` or ``html`` from the output's suffix; an InputError naming it otherwise."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: a storyboard is written as .pdf or .html")
    return fmt


def check_count(count: int) -> int:
    if not 1 <= count <= MAX_KEY_FRAMES:
        raise InputError(f"--frames must be 1 to {MAX_KEY_FRAMES} key frames a shot, got {count}")
    return count


def clay_key_frames(world: World, scene: Any, shot: Shot, frames: Iterable[int],
                    width: int = KEY_WIDTH, base_dir: Path | None = None,
                    report: list[str] | None = None) -> list[KeyFrame]:
    """Clay pictures of ``frames`` of ``shot``: the passes writer's Workbench clay and edges
    passes (`render_passes`, one frame at a time, ``width`` pixels wide at the shot's aspect)
    with the edges inked over the clay — Workbench's flat grey alone loses a figure against a
    wall facing the same way; the edges (depth, normal and object boundaries) draw it."""
    from .passes.render import render_passes

    w_px, h_px = shot.resolution
    size = (width, max(1, round(width * h_px / w_px)))
    out = []
    with tempfile.TemporaryDirectory(prefix="previz-board-") as tmp:
        for f in frames:
            folder = Path(tmp) / f"f{f}"
            render_passes(world, scene, folder, shot_id=shot.id, passes=("clay", "edges"),
                          frames=(f, f), resolution=size, base_dir=base_dir, report=report,
                          clay="workbench")
            passes = folder / shot.id / "passes"
            with Image.open(passes / "clay" / frame_file(f)) as im:
                rgb = np.array(im.convert("RGB"))
            with Image.open(passes / "edges" / frame_file(f)) as im:
                edges = np.asarray(im.convert("L")) > 127
            rgb[edges] = INK
            out.append(KeyFrame(f, Image.fromarray(rgb), "clay"))
    return out


def render_key_frames(render_root: Path, world: World, shot: Shot,
                      frames: Iterable[int]) -> tuple[list[KeyFrame] | None, str | None]:
    """The neural render's pictures of ``frames`` when ``render_root/<shot>/render/`` holds a
    render of this World (its ``world_hash``) covering them; else None and why not (None when
    there is no render at all)."""
    folder = render_root / shot.id / "render"
    info_path = folder / "render.json"
    if not info_path.is_file():
        return None, None
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, f"{info_path} is unreadable: clay frames shown"
    if info.get("world_hash") != world.content_hash():
        return None, "the neural render is of an earlier version of the World: clay frames shown"
    out = []
    for f in frames:
        path = folder / "frames" / f"{f:04d}.png"
        if not path.is_file():
            return None, f"the neural render has no frame {f}: clay frames shown"
        with Image.open(path) as im:
            picture = im.convert("RGB")
        if picture.width > KEY_WIDTH:  # a board page needs no 4K frame: keep the file small
            height = max(1, round(KEY_WIDTH * picture.height / picture.width))
            picture = picture.resize((KEY_WIDTH, height), Image.Resampling.LANCZOS)
        out.append(KeyFrame(f, picture, "render"))
    return out, None


def render_roots(scene_path: Path | None, explicit: Path | None) -> list[Path]:
    """Where neural renders are looked for: the folder given, else beside the scene the
    folders `previz make` (``passes/``) and the Render panel (``previz/``) write to."""
    if explicit is not None:
        return [explicit]
    if scene_path is None:
        return []
    return [scene_path.parent / "passes", scene_path.parent / "previz"]


def board_steps(world: World, scene: Any, out: str | Path, *, report: dict | None = None,
                dialogue: Iterable[DialogueLine] = (), count: int = 3,
                renders: Sequence[Path] = (), clay_only: bool = False,
                title: str | None = None, base_dir: Path | None = None
                ) -> Generator[tuple[int, int], None, list[str]]:
    """The storyboard of ``world`` (built in ``scene``) written to ``out`` (.pdf or .html), as
    a generator that yields (shots done, shots) after each shot's pictures and map, and returns
    notes for the user (which shots used a render, why one could not be used). Bad input is
    raised here, before anything is rendered; the file is written after the last shot, so a
    generator closed early (a cancel) writes nothing."""
    fmt = board_format(out)
    check_count(count)
    rows = shot_rows(world, report, dialogue)
    if not rows:
        raise InputError("the World has no shot: a storyboard has one panel a shot")

    def steps() -> Generator[tuple[int, int], None, list[str]]:
        said: list[str] = []
        panels = []
        for i, row in enumerate(rows):
            shot = world.shot(row.shot_id)
            frames = key_frames(row.frame_start, row.frame_end, count)
            pictures = None
            if not clay_only:
                for root in renders:
                    pictures, why = render_key_frames(Path(root), world, shot, frames)
                    if why:
                        said.append(f"{shot.id}: {why}")
                    if pictures is not None:
                        said.append(f"{shot.id}: neural render frames from {root / shot.id}")
                        break
            if pictures is None:
                pictures = clay_key_frames(world, scene, shot, frames, base_dir=base_dir,
                                           report=said)
            panels.append(Panel(row, tuple(pictures), shot_map(world, row)))
            yield i + 1, len(rows)
        name = title or world.name or "Storyboard"
        total = sum(r.frames for r in rows)
        subtitle = (f"{len(rows)} shots  ·  {total / world.fps:.2f} s  ·  {world.fps:g} fps"
                    + (f"  ·  {world.description}" if world.description else ""))
        if fmt == "pdf":
            atomic_write_bytes(out, board_pdf(panels, name, subtitle))
        else:
            atomic_write_text(out, board_html(panels, name, subtitle))
        return said

    return steps()


def make_board(world: World, scene: Any, out: str | Path, *,
               progress: Callable[[str, int, int], None] | None = None,
               **options: Any) -> list[str]:
    """`board_steps` run to the end (``options`` are its keywords); ``progress`` is called
    with ("board", shots done, shots) after each shot. Returns the notes for the user."""
    steps = board_steps(world, scene, out, **options)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as finished:
            return finished.value
        if progress is not None:
            progress("board", done, total)
