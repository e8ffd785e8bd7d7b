"""The Render panel: Render Shot / Render All Shots headless with the tiny backend, the step-driven
run (passes on the main thread, the neural render on a worker thread, cancel), the cache, Release
Model, bad settings, Open, the modal operator's event handling, and the panel in every state."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from types import SimpleNamespace

import bpy
import pytest

from previz.addon.console import render as render_panel
from previz.addon.console import render_run

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"
FRAMES = 4


@pytest.fixture
def room(enabled, tmp_path, monkeypatch):
    """The example scene, shots cut to 4 frames at 64×48, 2 steps of tiny-wan, output and cache
    in tmp_path."""
    monkeypatch.setenv("PREVIZ_CACHE", str(tmp_path / "cache"))
    for var in ("PREVIZ_WEIGHTS", "PREVIZ_BACKEND", "PREVIZ_DEVICE"):
        monkeypatch.delenv(var, raising=False)
    assert bpy.ops.previz.import_world(filepath=str(ROOM)) == {"FINISHED"}
    scene = enabled
    for shot in scene.previz.shots:
        shot.frame_end = shot.frame_start + FRAMES - 1
        shot.resolution = (64, 48)
        shot.render.steps = 2
    scene.previz.render.backend = "tiny-wan"
    scene.previz.render.output = str(tmp_path / "out")
    yield scene
    render_run.set_active_run(None)
    render_run.release_renderer()


def _strips(scene) -> dict[str, tuple[int, int, str]]:
    editor = scene.sequence_editor
    if editor is None:
        return {}
    return {s.name: (s.frame_final_start, s.channel, bpy.path.abspath(s.filepath))
            for s in editor.strips}


def _cache_entries(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "cache").rglob("frames.npy"))


def count_denoiser_calls(backend) -> list[int]:
    calls = [0]
    backend.denoiser().register_forward_pre_hook(lambda *a: calls.__setitem__(0, calls[0] + 1))
    return calls


@pytest.mark.render
def test_render_shot_writes_passes_render_and_a_strip(room, tmp_path, capsys):
    room.previz.active_shot = 1  # "ots", starting at frame 49
    with pytest.raises(RuntimeError, match="not been rendered yet"):
        bpy.ops.previz.render_open()
    room.previz.render.side_by_side = True
    assert bpy.ops.previz.render_shots() == {"FINISHED"}
    shot = tmp_path / "out" / "ots"
    manifest = json.loads((shot / "manifest.json").read_text())
    assert (manifest["frame_start"], manifest["frame_end"]) == (49, 52)
    assert sorted(p.name for p in (shot / "passes" / "depth_control").iterdir()) == \
        [f"{f:04d}.png" for f in range(49, 53)]
    frames = sorted(p.name for p in (shot / "render" / "frames").iterdir())
    assert frames == [f"{f:04d}.png" for f in range(49, 53)]
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["backend"] == "tiny-wan" and info["resolution"] == [64, 48]
    assert info["settings"]["steps"] == 2
    # The render on channel 1 at the shot's start, condition | result on channel 2.
    strips = _strips(room)
    assert strips == {
        "Previz ots": (49, 1, str(shot / "render" / "render.mp4")),
        "Previz side ots": (49, 2, str(shot / "render" / "side_by_side.mp4")),
    }
    assert not (tmp_path / "out" / "wide").exists()  # only the active shot
    out = capsys.readouterr().out
    assert f"passes {FRAMES}/{FRAMES}" in out and "denoise step 2/2" in out
    # Open (headless: reports the path instead of starting a player).
    assert bpy.ops.previz.render_open() == {"FINISHED"}
    assert bpy.ops.previz.render_open(folder=True) == {"FINISHED"}
    assert render_panel.rendered_path(bpy.context, "ots") == shot / "render" / "render.mp4"
    # Again, side by side off: the shot's strips are replaced, not added to.
    room.previz.render.side_by_side = False
    assert bpy.ops.previz.render_shots() == {"FINISHED"}
    assert _strips(room) == {"Previz ots": (49, 1, str(shot / "render" / "render.mp4"))}


@pytest.mark.render
def test_render_all_then_an_unchanged_shot_is_a_cache_hit(room, tmp_path):
    assert bpy.ops.previz.render_shots(all=True) == {"FINISHED"}
    strips = _strips(room)
    assert {name: v[:2] for name, v in strips.items()} == \
        {"Previz wide": (1, 1), "Previz ots": (49, 1)}
    for shot in ("wide", "ots"):
        assert (tmp_path / "out" / shot / "render" / "render.mp4").stat().st_size > 0
    assert len(_cache_entries(tmp_path)) == 2
    run = render_run.active_run()
    assert [r.cache_hit for r in run.results] == [False, False]

    # The kept renderer is reused: same object, model still loaded; no denoiser call this time.
    renderer = render_run.current_renderer()
    calls = count_denoiser_calls(renderer.backend("tiny-wan"))
    room.previz.active_shot = 0
    assert bpy.ops.previz.render_shots() == {"FINISHED"}
    run = render_run.active_run()
    assert render_run.current_renderer() is renderer
    assert [(r.shot_id, r.cache_hit) for r in run.results] == [("wide", True)] and calls[0] == 0
    assert "from the cache" in run.message
    # An edit of the prompt is another key: the model runs.
    room.previz.shots[0].prompt = "a rainy street"
    assert bpy.ops.previz.render_shots() == {"FINISHED"}
    assert not render_run.active_run().results[0].cache_hit and calls[0] > 0
    assert len(_strips(room)) == 2


@pytest.mark.render
def test_the_run_renders_on_a_worker_thread_reports_progress_and_cancels(room, tmp_path):
    """Drive the operator's steps directly: passes step by step on the main thread, then the
    denoiser, held on its second step, runs on another thread while `step()` keeps returning;
    Cancel stops it and leaves no render and no cache entry."""
    room.previz.shots[0].render.steps = 3
    run = render_run.RenderRun(render_run.plan_run(bpy.context, all_shots=False))
    renderer = render_run.session_renderer(run.plan.cache_dir, run.plan.backend_options)
    reached, gate, threads = threading.Event(), threading.Event(), []

    def hold(*args):
        threads.append(threading.current_thread())
        if run.job is not None and run.job.progress.snapshot()[1].startswith("denoise step 1/"):
            reached.set()
            gate.wait(60)

    renderer.backend("tiny-wan").denoiser().register_forward_pre_hook(hold)
    seen = []
    while run.state == "passes":
        assert run.step()
        seen.append(run.progress()[1])
    assert seen[0].startswith("shot 1/1 wide · passes ") and f"passes {FRAMES}/{FRAMES}" in seen[-2]
    assert run.state == "denoise" and run.job is not None
    try:
        assert reached.wait(120), run.job.status_text()
        for _ in range(3):  # the main thread keeps answering while the worker is busy
            assert run.step() and run.state == "denoise"
        fraction, text = run.progress()
        assert text == "shot 1/1 wide · denoise step 1/3" and 0.3 < fraction < 1.0
        assert "Esc cancels" in run.status_text()
        assert threads and all(t is not threading.main_thread() for t in threads)
        run.cancel()
    finally:
        gate.set()
    run.job.wait(60)
    while run.step():
        pass
    assert run.state == "cancelled" and run.results == []
    shot = tmp_path / "out" / "wide"
    assert (shot / "manifest.json").is_file()  # the passes had finished: a complete folder
    assert not (shot / "render").exists() and _cache_entries(tmp_path) == []
    assert _strips(room) == {}


@pytest.mark.render
def test_cancel_during_the_passes_leaves_no_half_written_shot(room, tmp_path):
    room.frame_set(30)
    run = render_run.RenderRun(render_run.plan_run(bpy.context, all_shots=True))
    assert run.step() and run.progress()[1] == "shot 1/2 wide · passes 1/4"
    assert (tmp_path / "out").is_dir()  # the shot is being written (in a hidden folder)
    run.cancel()
    assert not run.step() and run.state == "cancelled"
    out = tmp_path / "out"
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    assert not [n for n in leftovers if n.startswith(".")]  # no temporary folder
    for name in leftovers:  # a shot folder here is a finished one
        assert (out / name / "manifest.json").is_file()
    assert not (out / "wide" / "render").exists() and not (out / "ots").exists()
    assert _cache_entries(tmp_path) == [] and _strips(room) == {}
    assert room.frame_current == 30  # the user's frame is given back


def _load_model(room) -> object:
    plan = render_run.plan_run(bpy.context, all_shots=False)
    renderer = render_run.session_renderer(plan.cache_dir, plan.backend_options)
    assert render_run.session_renderer(plan.cache_dir, plan.backend_options) is renderer  # kept
    backend = renderer.backend("tiny-wan")
    backend.load()
    return backend


@pytest.mark.render
def test_release_model_frees_the_kept_renderer(room):
    assert not render_run.renderer_loaded()
    backend = _load_model(room)
    assert render_run.renderer_loaded() and backend.pipe is not None
    assert bpy.ops.previz.render_release() == {"FINISHED"}
    assert backend.pipe is None and render_run.current_renderer() is None
    assert not render_run.renderer_loaded()
    assert bpy.ops.previz.render_release() == {"FINISHED"}  # nothing loaded: still fine


@pytest.mark.render
def test_unregister_releases_the_model(room):
    import previz.addon as extension

    backend = _load_model(room)
    extension.unregister()
    try:
        assert backend.pipe is None and render_run.current_renderer() is None
    finally:
        extension.register()  # the fixture unregisters again


@pytest.mark.parametrize(
    "case", ["backend", "weights", "camera", pytest.param("output", marks=pytest.mark.render)])
def test_bad_settings_report_an_error_and_change_nothing(room, tmp_path, case):
    if case == "backend":
        room.previz.render.backend = render_run.FROM_SHOT
        room.previz.shots[0].render.backend = "dall-e"
        match = "unknown backend 'dall-e'"
    elif case == "weights":
        (tmp_path / "weights").mkdir()
        room.previz.render.weights = str(tmp_path / "weights")
        match = "model_index.json"
    elif case == "camera":
        bpy.data.objects.remove(bpy.data.objects["wide"])
        match = "camera"
    else:
        (tmp_path / "out").write_text("not a folder")
        match = "is a file"
    objects = len(bpy.data.objects)
    with pytest.raises(RuntimeError, match=match):
        bpy.ops.previz.render_shots(all=True)
    assert case == "output" or not (tmp_path / "out").exists()
    assert not (tmp_path / "cache").exists() and _strips(room) == {}
    assert len(bpy.data.objects) == objects and render_run.current_renderer() is None


@pytest.mark.render
def test_output_folder_defaults(room, tmp_path):
    room.previz.render.output = ""
    assert render_run.plan_run(bpy.context, False).out_dir == tmp_path / "cache" / "shots"
    blend = tmp_path / "scene.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    assert render_run.plan_run(bpy.context, False).out_dir == tmp_path / "previz"
    # In a saved project the strips point at the renders relative to the .blend.
    import imageio.v2 as imageio
    import numpy as np

    render = tmp_path / "previz" / "wide" / "render"
    render.mkdir(parents=True)
    imageio.mimwrite(render / "render.mp4", np.zeros((3, 48, 64, 3), np.uint8), fps=24,
                     macro_block_size=1)
    (strip,) = render_run.place_strips(room, "wide", 5, render, 3, side_by_side=False)
    assert strip.filepath == "//previz/wide/render/render.mp4"
    assert (strip.frame_final_start, strip.frame_final_end, strip.channel) == (5, 8, 3)


class _Operator:
    """Stands in for the operator instance so `modal` runs without a window."""

    _timer = None
    _finish = render_panel.PREVIZ_OT_render_shots._finish
    _result = render_panel.PREVIZ_OT_render_shots._result

    def __init__(self) -> None:
        self.reports: list[tuple[set, str]] = []

    def report(self, kind, text):
        self.reports.append((kind, text))


@pytest.mark.render
def test_modal_steps_on_timer_and_cancels_on_escape(room, tmp_path):
    modal = render_panel.PREVIZ_OT_render_shots.modal
    op, ctx = _Operator(), SimpleNamespace(workspace=None, screen=None)
    run = render_run.RenderRun(render_run.plan_run(bpy.context, all_shots=False))
    render_run.set_active_run(run)
    assert modal(op, ctx, SimpleNamespace(type="MOUSEMOVE", value="NOTHING")) == \
        {"PASS_THROUGH"}
    assert run.progress()[1].endswith("passes 0/4")  # other events do not step
    assert modal(op, ctx, SimpleNamespace(type="TIMER", value="NOTHING")) == {"PASS_THROUGH"}
    assert run.progress()[1] != "shot 1/1 wide · passes 0/4"
    modal(op, ctx, SimpleNamespace(type="ESC", value="PRESS"))
    result = {"PASS_THROUGH"}
    for _ in range(1000):
        result = modal(op, ctx, SimpleNamespace(type="TIMER", value="NOTHING"))
        if result != {"PASS_THROUGH"}:
            break
        if run.job is not None:
            run.job.wait(0.1)
    assert result == {"CANCELLED"} and run.state == "cancelled"
    assert op.reports == [({"WARNING"}, "Render cancelled")]
    assert not (tmp_path / "out" / "wide" / "render").exists()


@pytest.mark.render
def test_render_cancel_operator(room):
    assert bpy.ops.previz.render_cancel() == {"CANCELLED"}  # nothing to cancel
    run = render_run.RenderRun(render_run.plan_run(bpy.context, all_shots=False))
    render_run.set_active_run(run)
    assert bpy.ops.previz.render_cancel() == {"FINISHED"}
    assert not run.step() and run.state == "cancelled"
    with pytest.raises(RuntimeError, match="already running"):
        render_run.set_active_run(render_run.RenderRun(run.plan))
        bpy.ops.previz.render_shots()


def _ops(calls) -> list[str]:
    return [c[1][0] for c in calls if c[0] == "operator"]


@pytest.mark.render
def test_panel_draws_in_every_state(room, draw_panel, tmp_path):
    panel = render_panel.PREVIZ_PT_render
    assert ("label", (), {"text": "No scene"}) in draw_panel(
        panel, SimpleNamespace(scene=None, active_object=None))
    ctx = SimpleNamespace(scene=room, active_object=None)

    drawn = draw_panel(panel, ctx)  # shots, not rendered yet
    settings = room.previz.render
    for prop in ("backend", "weights", "output"):
        assert ("prop", (settings, prop), {}) in drawn
    shot = room.previz.shots[0]
    assert ("prop", (shot, "prompt"), {}) in drawn and ("prop", (shot, "seed"), {}) in drawn
    assert ("prop", (shot.render, "steps"), {}) in drawn
    assert ("prop", (shot.render, "control"), {"text": "Control pass"}) in drawn
    assert _ops(drawn) == ["previz.render_shots", "previz.render_shots",
                           "previz.render_release", "previz.storyboard"]

    run = render_run.RenderRun(render_run.plan_run(bpy.context, all_shots=True))
    run._passes_done = (2, FRAMES)
    render_run.set_active_run(run)
    drawn = draw_panel(panel, ctx)  # running: a progress bar and Cancel
    bars = [c[2] for c in drawn if c[0] == "progress"]
    assert bars == [{"factor": pytest.approx(0.15 / 2), "type": "BAR",
                     "text": "shot 1/2 wide · passes 2/4"}]
    assert "previz.render_cancel" in _ops(drawn)
    render_run.set_active_run(None)

    # After a render (its files stand in here; the render itself is tested above): Open.
    (tmp_path / "out" / "wide" / "render").mkdir(parents=True)
    (tmp_path / "out" / "wide" / "render" / "render.mp4").write_bytes(b"")
    drawn = draw_panel(panel, ctx)
    assert "previz.render_open" in _ops(drawn) and not any(c[0] == "progress" for c in drawn)

    room.timeline_markers["wide"].camera = None  # no camera for the shot
    bpy.data.objects.remove(bpy.data.objects["wide"])
    assert any("has no camera" in str(c) for c in draw_panel(panel, ctx))

    bpy.ops.wm.read_homefile(use_empty=True)  # no shots
    drawn = draw_panel(panel, SimpleNamespace(scene=bpy.context.scene, active_object=None))
    assert any("No shots" in str(c) for c in drawn)


@pytest.mark.render
def test_a_failing_neural_render_reports_and_places_no_strip(room, tmp_path, monkeypatch):
    from previz.neural_render import Renderer

    def out_of_memory(self, *args, **kwargs):
        raise RuntimeError("CUDA out of memory")

    monkeypatch.setattr(Renderer, "render", out_of_memory)
    with pytest.raises(RuntimeError, match="shot 'wide' failed: RuntimeError: CUDA out of memory"):
        bpy.ops.previz.render_shots(all=True)
    run = render_run.active_run()
    assert run.state == "failed" and run.results == [] and _strips(room) == {}
    assert not (tmp_path / "out" / "ots").exists()  # stopped at the first failure
