"""From the three-scene screenplay to storyboards: each scene's World (`previz script`) gets a
board PDF whose rendered pages carry one panel a shot, its shot ids and its timed dialogue, and a
shot list with the same shots in the same order."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from pdf_pages import band_runs, pages_png, pages_text, renderer

from previz.addon.cli import main
from previz.agents.handoff.board import BAND, PAGE_MARGIN, PANELS_PER_PAGE
from previz.world import load_world

pytestmark = [pytest.mark.blender, pytest.mark.slow]


def test_each_scene_of_the_screenplay_gets_a_board_with_a_panel_a_shot(scripted: Path,
                                                                       tmp_path: Path):
    scenes = sorted(p for p in scripted.iterdir() if p.is_dir())
    assert len(scenes) == 3
    total = 0
    for folder in scenes:
        world = load_world(folder / "world.json")
        shots = sorted(world.shots, key=lambda s: s.frame_start)
        out = tmp_path / f"{folder.name}.pdf"
        assert main(["-q", "board", str(folder / "world.json"), "-o", str(out),
                     "--frames", "1"]) == 0
        pages = pages_png(out, dpi=60)  # pdftoppm where installed, else pypdfium2 (CI)
        assert len(pages) == math.ceil(len(shots) / PANELS_PER_PAGE), (folder, renderer())
        panels = sum(len(band_runs(p, PAGE_MARGIN + 3, BAND, dpi=60)) for p in pages)
        assert panels == len(shots), folder
        text = "\n".join(pages_text(out))
        positions = [text.index(f"{s.id} ({i + 1}/{len(shots)})") for i, s in enumerate(shots)]
        assert positions == sorted(positions)  # scene order
        for line in json.loads((folder / "dialogue.json").read_text())["dialogue"]:
            words = f"{line['speaker'].upper()}: {line['text']}"[:30]
            assert words in " ".join(text.split()), (folder, words)
        listed = tmp_path / f"{folder.name}.csv"
        assert main(["-q", "shotlist", str(folder / "world.json"), "-o", str(listed)]) == 0
        rows = list(csv.DictReader(io.StringIO(listed.read_text(encoding="utf-8"))))
        assert [r["shot_id"] for r in rows] == [s.id for s in shots]
        total += panels
    assert total >= 3
