"""`previz board` and the Render panel's Storyboard button with Blender: Workbench clay key frames
or a shot's neural render, one panel a shot on the rendered pages, written atomically, bad input
exits 2 naming it; `previz shotlist` on a .blend."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bpy
import numpy as np
import pytest
from board_world import three_shots
from pdf_pages import band_runs, pages_png, pages_text, renderer
from PIL import Image

from previz.addon.bridge import build_file
from previz.addon.cli import main
from previz.addon.storyboard import INK
from previz.agents.handoff.board import BAND, PAGE_MARGIN
from previz.world import World

pytestmark = [pytest.mark.slow]

RENDER_COLOUR = (250, 0, 250)  # the fake neural render's frames: no clay is this colour


@pytest.fixture
def world_file(tmp_path: Path) -> Path:
    path = tmp_path / "scene" / "world.json"
    path.parent.mkdir()
    path.write_text(three_shots().canonical_json(), encoding="utf-8")
    return path


def _fake_render(root: Path, world: World, shot_id: str, world_hash: str | None = None) -> None:
    """What `previz render -o ROOT` leaves for a shot: render.json and frames/NNNN.png."""
    shot = world.shot(shot_id)
    folder = root / shot_id / "render"
    (folder / "frames").mkdir(parents=True)
    (folder / "render.json").write_text(json.dumps({
        "shot": shot_id, "world_hash": world_hash or world.content_hash(),
        "frame_start": shot.frame_start, "frame_end": shot.frame_end}))
    for f in range(shot.frame_start, shot.frame_end + 1):
        Image.new("RGB", (96, 54), RENDER_COLOUR).save(folder / "frames" / f"{f:04d}.png")


def test_board_pdf_has_one_panel_a_shot_with_clay_and_render_frames(world_file: Path,
                                                                    tmp_path: Path, capsys):
    world = three_shots()
    renders = world_file.parent / "passes"  # where `previz make` puts them: found by default
    _fake_render(renders, world, "shot-b")
    _fake_render(renders, world, "shot-c", world_hash="0" * 64)  # of an earlier World
    out = tmp_path / "board.pdf"
    assert main(["board", str(world_file), "-o", str(out), "--frames", "2", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "shot-b: neural render frames from" in err
    assert "shot-c: the neural render is of an earlier version of the World" in err

    pages = pages_png(out, dpi=100)  # pdftoppm where installed, else pypdfium2 (CI)
    assert len(pages) == 2, renderer()
    bands = [band_runs(p, PAGE_MARGIN + 3, BAND) for p in pages]
    assert [len(b) for b in bands] == [2, 1]
    texts = pages_text(out)
    assert "shot-a (1/3)" in texts[0] and "shot-b (2/3)" in texts[0]
    assert "shot-c (3/3)" in texts[1]
    band_line = {t.split(" (")[0]: t for page in texts for t in page.splitlines()
                 if t.startswith("shot-")}
    assert band_line["shot-a"].endswith("clay (Workbench)")
    assert band_line["shot-b"].endswith("neural render")
    assert band_line["shot-c"].endswith("clay (Workbench)")
    # Pictures: shot-b's panel shows the render's colour; the clay panels show the room in
    # Workbench greys with the edges inked over (the hero's outline against the far wall).
    px = [np.asarray(p).astype(int) for p in pages]
    (_, a_bottom), (_, b_bottom) = bands[0]
    magenta = np.all(np.abs(px[0] - np.array(RENDER_COLOUR)) <= 12, axis=2)
    assert magenta[b_bottom:b_bottom + 200].sum() > 2000
    assert magenta[a_bottom:a_bottom + 200].sum() == 0
    a_frames = px[0][a_bottom + 12:a_bottom + 150, 45:700]
    ink = np.all(np.abs(a_frames - np.array(INK)) <= 30, axis=2).sum()
    grey = np.all(np.abs(a_frames - a_frames[..., :1]) <= 6, axis=2).mean()
    assert ink > 200 and grey > 0.8


def test_board_replaces_an_old_board_only_on_success(world_file: Path, tmp_path: Path,
                                                     monkeypatch, capsys):
    out = tmp_path / "board.pdf"
    out.write_bytes(b"the old board")
    assert main(["board", str(world_file), "-o", str(out), "--frames", "9"]) == 2
    assert "--frames must be 1 to 6" in capsys.readouterr().err

    import previz.addon.storyboard as storyboard

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(storyboard, "board_pdf", broken)
    assert main(["board", str(world_file), "-o", str(out), "--frames", "1", "--clay"]) == 1
    assert "disk full" in capsys.readouterr().err
    assert out.read_bytes() == b"the old board"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.pdf", "scene"]  # no temp left


@pytest.mark.parametrize(("make", "args", "says"), [
    (None, ["missing.json", "-o", "b.pdf"], "missing.json: no such file"),
    ("{oops", ["bad.json", "-o", "b.pdf"], "bad.json"),
    ("{}", ["w.json", "-o", "b.docx"], "b.docx: a storyboard is written as .pdf or .html"),
    ("x", ["notes.txt", "-o", "b.pdf"], "notes.txt: give a World JSON or a .blend"),
])
def test_board_bad_input_exits_2_naming_it(tmp_path: Path, monkeypatch, capsys, make, args,
                                           says):
    monkeypatch.chdir(tmp_path)
    if make is not None:
        Path(args[0]).write_text(make, encoding="utf-8")
    assert main(["board", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "b.pdf").exists()


def test_board_html_from_renders_and_shotlist_from_a_blend(world_file: Path, tmp_path: Path):
    world = three_shots()
    renders = tmp_path / "renders"
    for sid in ("shot-a", "shot-b", "shot-c"):
        _fake_render(renders, world, sid)
    out = tmp_path / "board.html"
    assert main(["board", str(world_file), "-o", str(out), "--renders", str(renders),
                 "--quiet"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="panel"') == 3
    assert page.count("data:image/png;base64,") == 3 * 3 + 3
    assert "neural render" in page and "clay (Workbench)" not in page

    blend = tmp_path / "scene.blend"
    build_file(world, blend)
    from_blend, from_json = tmp_path / "from_blend.pdf", tmp_path / "from_json.pdf"
    for scene, board in ((blend, from_blend), (world_file, from_json)):
        assert main(["-q", "board", str(scene), "-o", str(board), "--renders",
                     str(renders)]) == 0
    assert from_blend.read_bytes() == from_json.read_bytes()  # the .blend holds the World
    csv_out = tmp_path / "shots.csv"
    assert main(["shotlist", str(blend), "-o", str(csv_out), "--quiet"]) == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    assert [(r["shot_id"], r["timecode_in"], r["lens_mm_end"]) for r in rows] == [
        ("shot-a", "00:00:00:00", "35"), ("shot-b", "00:00:02:00", "50"),
        ("shot-c", "00:00:05:00", "70")]


def test_storyboard_button_writes_the_boards_the_command_writes(enabled, world_file: Path,
                                                                tmp_path: Path, draw_panel):
    from types import SimpleNamespace

    from previz.addon.bridge import build
    from previz.addon.console.render import PREVIZ_PT_render

    scene = enabled
    build(three_shots(), scene)
    calls = draw_panel(PREVIZ_PT_render, SimpleNamespace(scene=scene))
    assert any(c[0] == "operator" and c[1][0] == "previz.storyboard" for c in calls)
    out = tmp_path / "board.pdf"
    assert bpy.ops.previz.storyboard(filepath=str(out), key_frames=1) == {"FINISHED"}
    pages = pages_png(out, dpi=72)
    assert [len(band_runs(p, PAGE_MARGIN + 3, BAND, dpi=72)) for p in pages] == [2, 1]
    # The button and the command make the same board of the same World, byte for byte (the
    # command runs in this process after the button: nothing it set up leaks into the board).
    cli = tmp_path / "cli.pdf"
    assert main(["-q", "board", str(world_file), "-o", str(cli), "--frames", "1"]) == 0
    assert cli.read_bytes() == out.read_bytes()
    html = tmp_path / "board"
    assert bpy.ops.previz.storyboard("EXEC_DEFAULT", filepath=str(html), key_frames=1,
                                     file_format="HTML") == {"FINISHED"}
    assert (tmp_path / "board.html").read_text(encoding="utf-8").count('class="panel"') == 3


def test_a_board_stopped_between_shots_writes_nothing(tmp_path: Path):
    from previz.addon.storyboard import board_steps

    world = three_shots()
    renders = tmp_path / "renders"
    for sid in ("shot-a", "shot-b", "shot-c"):
        _fake_render(renders, world, sid)
    out = tmp_path / "board.pdf"
    steps = board_steps(world, None, out, count=1, renders=[renders])
    assert next(steps) == (1, 3) and next(steps) == (2, 3)
    steps.close()  # the button's Esc
    assert not out.exists() and list(tmp_path.iterdir()) == [renders]
    steps = board_steps(world, None, out, count=1, renders=[renders])
    assert [s for s in steps] == [(1, 3), (2, 3), (3, 3)] and out.read_bytes()[:5] == b"%PDF-"


class _WM:
    """The window manager calls the button's modal run makes, recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self.calls.append((name, *args))


def test_storyboard_button_steps_a_shot_a_tick_and_esc_writes_nothing(tmp_path: Path):
    """The modal path (the file browser's OK in a UI, which a headless test cannot click):
    each timer event renders one shot, Esc closes the run and nothing is written."""
    from types import SimpleNamespace

    from previz.addon.operators import PREVIZ_OT_storyboard as Op
    from previz.addon.storyboard import board_steps

    world = three_shots()
    renders = tmp_path / "renders"
    for sid in ("shot-a", "shot-b", "shot-c"):
        _fake_render(renders, world, sid)
    timer, esc = SimpleNamespace(type="TIMER", value="NOTHING"), SimpleNamespace(
        type="ESC", value="PRESS")

    def run(out: Path, events: list) -> tuple[list[set[str]], list, _WM]:
        reports: list = []
        wm = _WM()
        op = SimpleNamespace(_steps=board_steps(world, None, out, count=1, renders=[renders]),
                             _timer="timer", filepath=str(out),
                             report=lambda kind, text: reports.append((kind, text)))
        op._stop = lambda context: Op._stop(op, context)
        op._done = lambda said: Op._done(op, said)
        context = SimpleNamespace(window_manager=wm, workspace=SimpleNamespace(
            status_text_set=lambda text: wm.calls.append(("status", text))))
        return [Op.modal(op, context, e) for e in events], reports, wm

    out = tmp_path / "board.pdf"
    results, reports, wm = run(out, [timer, timer, esc])
    assert results == [{"PASS_THROUGH"}, {"PASS_THROUGH"}, {"CANCELLED"}]
    assert ("status", "Storyboard: shot 2/3") in wm.calls and ("event_timer_remove", "timer") \
        in wm.calls and ("progress_end",) in wm.calls
    assert reports[-1] == ({"WARNING"}, "Storyboard cancelled; nothing written")
    assert not out.exists()

    results, reports, wm = run(out, [timer] * 4)
    assert results == [{"PASS_THROUGH"}] * 3 + [{"FINISHED"}]
    assert out.read_bytes()[:5] == b"%PDF-" and ("progress_end",) in wm.calls
    assert reports[-1] == ({"INFO"}, f"Storyboard written: {out}")
