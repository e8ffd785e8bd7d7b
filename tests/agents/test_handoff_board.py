"""The storyboard's layout without Blender: one panel a shot (counted on the rendered pages),
safe frames where they belong, the move on the map, text cut only with a mark, a self-contained
HTML page, and the same bytes every time."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import numpy as np
import pytest
from board_world import three_shots
from pdf_pages import band_runs, pages_png, pages_text
from PIL import Image

from previz.agents.handoff import DialogueLine, shot_rows
from previz.agents.handoff.board import (
    ACTION_COLOUR,
    ACTION_SAFE,
    BAND,
    MOVE_COLOUR,
    PAGE_MARGIN,
    TITLE_COLOUR,
    TITLE_SAFE,
    KeyFrame,
    Panel,
    board_html,
    board_pdf,
    key_frames,
    safe_rect,
    shot_map,
    with_safe_frames,
)

#: One flat colour a shot, so a page shows whose frames it carries.
SHOT_COLOURS = [(200, 40, 40), (40, 160, 40), (40, 40, 200)]


def _panels(count: int = 3, maps: bool = False, **rows_kw) -> tuple[list[Panel], list]:
    world = three_shots()
    rows = shot_rows(world, **rows_kw)
    panels = []
    for row, colour in zip(rows, SHOT_COLOURS, strict=True):
        w, h = row.resolution
        frames = tuple(KeyFrame(f, Image.new("RGB", (w // 8, h // 8), colour), "clay")
                       for f in key_frames(row.frame_start, row.frame_end, count))
        panels.append(Panel(row, frames, shot_map(world, row) if maps else None))
    return panels, rows


@pytest.mark.parametrize(("span", "count", "expected"), [
    ((1, 48), 3, [1, 25, 48]), ((1, 48), 1, [25]), ((1, 49), 1, [25]),
    ((49, 120), 6, [49, 63, 77, 92, 106, 120]),
    ((1, 2), 6, [1, 2]), ((10, 10), 3, [10])])
def test_key_frames_spread_over_the_shot(span, count, expected):
    assert key_frames(*span, count) == expected


def test_key_frames_are_one_to_six():
    for bad in (0, 7):
        with pytest.raises(ValueError, match="1 to 6"):
            key_frames(1, 48, bad)


def test_safe_frames_are_93_and_90_percent_of_the_picture():
    img = with_safe_frames(Image.new("RGB", (400, 200), (0, 0, 0)))
    px = np.asarray(img)
    ax0, ay0, ax1, ay1 = safe_rect((400, 200), ACTION_SAFE)
    tx0, ty0, tx1, ty1 = safe_rect((400, 200), TITLE_SAFE)
    assert (ax0, ay0, ax1, ay1) == (14, 7, 385, 192)  # 3.5 % in from each edge
    assert (tx0, ty0, tx1, ty1) == (20, 10, 379, 189)  # 5 %
    assert tuple(px[100, ax0]) == ACTION_COLOUR and tuple(px[100, ax1]) == ACTION_COLOUR
    assert tuple(px[ay0, 200 - 40]) == ACTION_COLOUR
    assert tuple(px[100, tx0]) == TITLE_COLOUR and tuple(px[ty1, 120]) == TITLE_COLOUR
    assert tuple(px[100, 5]) == (0, 0, 0) and tuple(px[60, 100]) == (0, 0, 0)


def test_the_map_draws_the_dolly_as_an_arrow_and_a_static_shot_without_one():
    world = three_shots()
    rows = shot_rows(world)
    counts = []
    for row in rows:
        px = np.asarray(shot_map(world, row)).astype(int)
        counts.append(int(np.all(np.abs(px - np.array(MOVE_COLOUR)) <= 8, axis=2).sum()))
    static, dolly, pan = counts
    assert static == 0
    assert dolly > 200  # a 3 m line and its head
    assert pan > 50  # the arc round the camera


def test_pdf_has_one_panel_a_shot_with_ids_and_timecodes(tmp_path: Path):
    panels, rows = _panels(count=3, maps=True,
                           dialogue=[DialogueLine("hero", "Late again.", 2.5, 3.0)])
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(board_pdf(panels, "Three shots", "a test"))
    pages = pages_png(pdf, dpi=100)
    assert len(pages) == 2  # two panels a page
    x = PAGE_MARGIN + 3  # inside the band, left of the frames
    bands = [len(band_runs(p, x, BAND)) for p in pages]
    assert bands == [2, 1]
    texts = pages_text(pdf)
    for row, page in zip(rows, (0, 0, 1), strict=True):
        assert f"{row.shot_id} ({row.order}/3)" in texts[page]
        assert f"TC {row.timecode_in} - {row.timecode_out}" in texts[page]
    assert "HERO: Late again." in texts[0]
    assert "super35, 35 mm" in texts[0] and "full frame, 35 -> 70 mm" in texts[1]
    assert "pans 30° left, zooms in 35 -> 70 mm" in texts[1]
    # Each panel carries its own shot's frames: the colour shows under its band.
    for page, shots in ((pages[0], (0, 1)), (pages[1], (2,))):
        px = np.asarray(page).astype(int)
        for (_top, bottom), k in zip(band_runs(page, x, BAND), shots, strict=True):
            below = px[bottom + 10:bottom + 120]
            hit = np.all(np.abs(below - np.array(SHOT_COLOURS[k])) <= 10, axis=2).sum()
            assert hit > 1000, (k, hit)
            others = [c for i, c in enumerate(SHOT_COLOURS) if i != k]
            for c in others:
                assert np.all(np.abs(below - np.array(c)) <= 10, axis=2).sum() == 0


def test_six_key_frames_fit_the_panel(tmp_path: Path):
    panels, _ = _panels(count=6)
    pdf = tmp_path / "six.pdf"
    pdf.write_bytes(board_pdf(panels, "Six a shot"))
    page = np.asarray(pages_png(pdf, dpi=72)[0]).astype(int)
    red = np.all(np.abs(page - np.array(SHOT_COLOURS[0])) <= 10, axis=2)
    # Six pictures of the first shot: six separate red blocks in its panel.
    rows_hit = np.flatnonzero(red.any(axis=1))
    cols_hit = np.flatnonzero(red.any(axis=0))
    # (a gap of a pixel or two is the picture's own edge peeking past its 0.5 pt border)
    blocks_y = 1 + int((np.diff(rows_hit) > 3).sum())
    blocks_x = 1 + int((np.diff(cols_hit) > 3).sum())
    assert blocks_y * blocks_x == 6


def test_long_text_is_cut_with_a_mark_in_the_pdf_and_kept_in_html(tmp_path: Path):
    panels, _ = _panels(count=1)
    long_note = " ".join(f"note{i}" for i in range(800))
    row = panels[0].row.__class__(**{**panels[0].row.__dict__, "notes": (long_note,)})
    panels[0] = Panel(row, panels[0].frames)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(board_pdf(panels, "Long"))
    text = pages_text(pdf)[0]
    assert "(see the shot list)" in text
    assert "note799" not in text
    assert long_note in board_html(panels, "Long")


def test_pdf_bytes_are_the_same_every_time():
    panels, _ = _panels(count=2, maps=True)
    first = board_pdf(panels, "Three shots", "sub")
    assert first == board_pdf(panels, "Three shots", "sub")
    assert first.startswith(b"%PDF-")
    assert b"CreationDate" not in first or b"D:20000101000000" in first  # invariant mode


def test_pdf_is_the_same_in_two_processes():
    from two_processes import outputs_in_two_processes

    code = ("import hashlib, sys; sys.path[:0] = ['tests', 'tests/agents']; "
            "from test_handoff_board import _panels; "
            "from previz.agents.handoff.board import board_pdf; "
            "p, _ = _panels(count=2, maps=True); "
            "print(hashlib.sha256(board_pdf(p, 'T')).hexdigest())")
    root = Path(__file__).resolve().parents[2]
    first, second = outputs_in_two_processes(code, cwd=root)
    assert first == second and len(first.strip()) == 64


def test_html_is_one_self_contained_page(tmp_path: Path):
    panels, rows = _panels(count=3, maps=True)
    page = board_html(panels, "Three <shots>", "a & b")
    assert page.count('<section class="panel"') == 3
    assert [m for m in re.findall(r'id="shot-([^"]+)"', page)] == [r.shot_id for r in rows]
    assert "Three &lt;shots&gt;" in page
    sources = re.findall(r'src="([^"]+)"', page)
    assert len(sources) == 3 * 3 + 3  # nine frames, three maps
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r'(href|src)="(https?:|//|file:)', page)
    assert "<script" not in page and "<link" not in page
    first = Image.open(io.BytesIO(base64.b64decode(sources[0].split(",", 1)[1])))
    assert first.size == (240, 135)  # the shot's 16:9 picture, as given
    assert hashlib.sha256(page.encode()).hexdigest() == hashlib.sha256(
        board_html(panels, "Three <shots>", "a & b").encode()).hexdigest()


def test_characters_vera_lacks_are_marked_in_the_pdf_and_kept_in_html(tmp_path: Path):
    panels, _ = _panels(count=1, dialogue=[DialogueLine("mei", "你好 → “café”", 0.5, 1.0)])
    pdf = tmp_path / "glyphs.pdf"
    pdf.write_bytes(board_pdf(panels, "Glyphs"))
    assert "MEI: ?? -> “café”" in pages_text(pdf)[0]
    assert "MEI: 你好 → “café”" in board_html(panels, "Glyphs")
