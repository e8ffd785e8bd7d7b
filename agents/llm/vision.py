"""The images of a vision turn: what the supervisor sees of a built shot, as PNG bytes.

- ``contact_sheet``: the supervisor's own box render (`supervisor.framing.LabelScene`, the
  render its framing checks count pixels in) through each shot's camera at its first, middle
  and last frame, one row per shot, each entity a flat colour with its id written where it
  shows most;
- ``top_down_map``: `supervisor.plot.plot_png`, the map `previz check --plot` and the fidelity
  benchmark draw (obstacles, paths, cameras and the problems).

Pure (numpy and Pillow, no `bpy`), so the Director panel's worker thread can make them, and
deterministic: equal Worlds and reports give equal bytes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from previz.world import World

from ..supervisor import Problem, Report
from ..supervisor.framing import LabelScene
from ..supervisor.plot import plot_png

FRAMES = 3
SHEET_WIDTH = 240  # pixels per frame of the contact sheet


def _colour(entity_id: str) -> tuple[int, int, int]:
    d = hashlib.sha256(entity_id.encode()).digest()
    return (64 + d[0] % 176, 64 + d[1] % 176, 64 + d[2] % 176)


def contact_sheet_png(world: World) -> bytes:
    """The supervisor's box render of each shot at its first, middle and last frame."""
    scene = LabelScene(world, {e.id for e in world.entities})
    ids = [e.id for e in world.entities]
    table = np.array([(0, 0, 0), *(_colour(i) for i in ids)], np.uint8)
    rows: list[Image.Image] = []
    for shot in sorted(world.shots, key=lambda s: (s.frame_start, s.id)):
        frames = sorted({shot.frame_start, (shot.frame_start + shot.frame_end) // 2,
                         shot.frame_end})
        tiles = []
        for f in frames:
            labels = scene.render(world.evaluate(f), shot.camera, shot.resolution)
            img = Image.fromarray(table[np.clip(labels, 0, len(ids))])
            scale = SHEET_WIDTH / img.width
            img = img.resize((SHEET_WIDTH, max(1, round(img.height * scale))), Image.NEAREST)
            draw = ImageDraw.Draw(img)
            for k in np.unique(labels):
                if k <= 0 or k > len(ids):
                    continue
                ys, xs = np.nonzero(labels == k)
                draw.text((float(xs.mean()) * scale, float(ys.mean()) * scale), ids[k - 1],
                          fill=(255, 255, 255))
            draw.text((3, 3), f"{shot.id} f{f}", fill=(255, 255, 0))
            tiles.append(img)
        row = Image.new("RGB", (SHEET_WIDTH * len(tiles) + 2 * (len(tiles) - 1),
                                max(t.height for t in tiles)), (40, 40, 40))
        for k, t in enumerate(tiles):
            row.paste(t, (k * (SHEET_WIDTH + 2), 0))
        rows.append(row)
    if not rows:
        rows = [Image.new("RGB", (SHEET_WIDTH, SHEET_WIDTH * 9 // 16), (0, 0, 0))]
    sheet = Image.new("RGB", (max(r.width for r in rows),
                              sum(r.height for r in rows) + 2 * (len(rows) - 1)), (40, 40, 40))
    y = 0
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height + 2
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def report_of(report: dict[str, Any]) -> Report:
    """A `Report` from its JSON (the chosen round's problems, as the benchmark's map draws)."""
    return Report([Problem(p["kind"], p["entities"], p["frames"], p["detail"])
                   for p in report.get("problems", [])], dict(report.get("metrics", {})))


def shot_images(world: World, report: dict[str, Any]) -> list[tuple[str, bytes]]:
    """The images a vision turn sends: the contact sheet and the top-down map."""
    return [("contact_sheet", contact_sheet_png(world)),
            ("top_down_map", plot_png(world, report_of(report), size=(640, 480)))]


def _left(result: Any) -> int:
    return len(result.report["problems"]) + len(result.report.get("unsatisfied", []))


def vision_turn(text: str, config: Any, result: Any, run_again: Callable[[Any], Any],
                notes: list[str]) -> Any:
    """One repair turn that shows the model the built shot (`shot_images`) with the
    supervisor's problems of ``result`` (a `pipeline.Result`); ``run_again(plan)`` builds and
    checks its answer the way ``result`` was (same seed, providers and text). The new result
    is kept only when it leaves fewer problems; ``notes`` says what happened either way."""
    from .client import LLMError, plan_with_llm

    try:
        plan = plan_with_llm(text, config, previous=result.plan, report=result.report,
                             images=shot_images(result.world, result.report), notes=notes)
    except LLMError as exc:
        notes.append(f"the vision turn gave no valid plan ({exc}); the plan before it is kept")
        return result
    again = run_again(plan)
    if _left(again) < _left(result):
        notes.append(f"the vision turn: {_left(result)} → {_left(again)} problem(s)")
        return again
    notes.append(f"the vision turn's plan left {_left(again)} problem(s), not fewer than "
                 f"{_left(result)}; the plan before it is kept")
    return result
