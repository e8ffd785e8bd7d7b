"""Operators in background mode, rollback on failure, panels against a layout stand-in, and
preferences that stay out of .blend files."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import bpy
import pytest

import previz.addon as extension
from previz.addon import jobs, operators, panels, preferences
from previz.world import load_world

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"


def test_import_export_validate_operators(enabled, tmp_path: Path) -> None:
    assert bpy.ops.previz.import_world(filepath=str(ROOM)) == {"FINISHED"}
    assert bpy.data.objects["mara"].type == "ARMATURE"
    assert bpy.ops.previz.validate() == {"FINISHED"}
    out = tmp_path / "w.json"
    assert bpy.ops.previz.export_world(filepath=str(out)) == {"FINISHED"}
    assert out.read_text() == load_world(ROOM).canonical_json()


def test_failed_import_leaves_scene_as_it_was(enabled, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": [{"id": "x", "kind": "dragon"}]}')
    with pytest.raises(RuntimeError, match="kind"):
        bpy.ops.previz.import_world(filepath=str(bad))
    assert len(bpy.data.objects) == 0

    from previz.addon import bridge

    real = bridge.build

    def half_then_fail(world, scene, **kw):
        real(world, scene, **kw)
        raise RuntimeError("disk full")

    monkeypatch.setattr(bridge, "build", half_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        bpy.ops.previz.import_world(filepath=str(ROOM))
    assert len(bpy.data.objects) == 0 and len(bpy.data.actions) == 0
    assert len(enabled.timeline_markers) == 0 and len(enabled.previz.shots) == 0


def test_shot_operators(enabled) -> None:
    bpy.ops.previz.import_world(filepath=str(ROOM))
    scene = enabled
    scene.frame_set(20)
    assert bpy.ops.previz.shot_split() == {"FINISHED"}
    from previz.addon.bridge import read

    shots = {s.id: (s.frame_start, s.frame_end, s.camera) for s in read(scene).shots}
    assert shots["wide"] == (1, 19, "wide")
    assert shots["wide-1"] == (20, 48, "wide")
    scene.frame_set(200)
    with pytest.raises(RuntimeError, match="No shot contains frame 200"):
        bpy.ops.previz.shot_split()
    bpy.context.view_layer.objects.active = bpy.data.objects["ots"]
    assert bpy.ops.previz.shot_add(length=24) == {"FINISHED"}
    added = read(scene).shot("shot-1")
    assert (added.frame_start, added.frame_end, added.camera) == (200, 223, "ots")
    assert bpy.ops.previz.shot_jump(index=0) == {"FINISHED"}
    assert scene.frame_current == 1 and scene.camera.name == "wide"


def test_shots_panel_edits_the_marker(enabled, draw_panel):
    bpy.ops.previz.import_world(filepath=str(ROOM))
    enabled.previz.active_shot = 1
    drawn = draw_panel(panels.PREVIZ_PT_shots, SimpleNamespace(scene=enabled, active_object=None))
    marker = enabled.timeline_markers["ots"]
    assert ("prop", (marker, "frame"), {"text": "Start"}) in drawn
    assert ("label", (), {"text": "End 96"}) in drawn


def test_api_key_never_in_a_saved_blend(enabled, tmp_path: Path) -> None:
    """The key is used (an LLM operation runs with it against a fake OpenAI server) and the
    .blend saved afterwards holds it nowhere (nor the scene's text or the report)."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "agents"))
    from fake_openai import FakeServer

    key = "sk-previz-test-5ecret-key-0123456789"
    plan = {"title": "kitchen", "description": "two chairs at a table",
            "setting": {"type": "room", "name": "kitchen", "size": [6, 5, 3]},
            "objects": [{"id": "table", "category": "table"},
                        {"id": "chairs", "category": "chair", "count": 2}],
            "characters": [{"id": "mara", "actions": [{"verb": "walk", "goal": "table"}]}],
            "shots": [{"id": "shot_1", "size": "wide", "subject": "mara", "duration": 2}]}
    prefs = bpy.context.preferences.addons[preferences.PREVIZ_AP_preferences.bl_idname].preferences
    try:
        with FakeServer([("json", json.dumps(plan))] * 4) as srv:
            prefs.llm_api_key = key
            prefs.llm_base_url, prefs.llm_model = srv.base_url, "fake-model"
            assert preferences.settings().llm_api_key == key
            enabled.previz.director.text = "two chairs at a table; mara walks to the table"
            assert bpy.ops.previz.director_generate() == {"FINISHED"}
        blend = tmp_path / "scene.blend"
        bpy.ops.wm.save_as_mainfile(filepath=str(blend), compress=False)  # key still set
    finally:
        prefs.llm_base_url = prefs.llm_model = prefs.llm_api_key = ""
    # The LLM operation ran, with the key, and its plan was built.
    assert srv.requests and srv.requests[0]["authorization"] == f"Bearer {key}"
    status = enabled.previz.director.status
    assert status.startswith("Generated (") and "offline" not in status, status
    assert "table" in bpy.data.objects
    data = blend.read_bytes()
    assert key.encode() not in data and key.encode("utf-16-le") not in data
    assert b"5ecret-key" not in data


def test_settings_fall_back_to_environment(monkeypatch) -> None:
    monkeypatch.setenv("PREVIZ_LLM_MODEL", "qwen3:8b")
    assert preferences.settings().llm_model == "qwen3:8b"
    assert preferences.settings().default_backend == "wan-vace"


def test_panels_draw_in_every_state(enabled, draw_panel) -> None:
    no_scene = SimpleNamespace(scene=None, active_object=None)
    for panel in (panels.PREVIZ_PT_world, panels.PREVIZ_PT_object, panels.PREVIZ_PT_shots):
        assert draw_panel(panel, no_scene)

    scene = enabled
    empty = draw_panel(panels.PREVIZ_PT_shots, SimpleNamespace(scene=scene, active_object=None))
    assert any("no camera" in str(c) for c in empty)

    bpy.ops.previz.import_world(filepath=str(ROOM))
    ctx = SimpleNamespace(scene=scene, active_object=bpy.data.objects["mara"])
    drawn = draw_panel(panels.PREVIZ_PT_object, ctx)
    assert ("prop", (bpy.data.objects["mara"].previz, "appearance"), {}) in drawn
    assert any(c[0] == "template_list" for c in draw_panel(panels.PREVIZ_PT_shots, ctx))

    import threading

    gate = threading.Event()
    job = jobs.JOBS.submit(lambda p: (p(0.3, "frame 3"), gate.wait(5)), "render")
    try:
        while job.progress.snapshot()[0] < 0.3:
            pass
        drawn = draw_panel(panels.PREVIZ_PT_world, ctx)
        assert any(c[0] == "progress" and c[2].get("factor") == pytest.approx(0.3) for c in drawn)
        assert ("operator", ("previz.job_cancel",), {"icon": "CANCEL"}) in drawn
    finally:
        gate.set()
        job.wait(5)


def test_operators_unregistered_with_the_extension() -> None:
    from previz.addon import console

    every = [*operators.CLASSES, *panels.CLASSES, preferences.PREVIZ_AP_preferences,
             *console.classes(), *console.property_groups()]
    assert len(console.classes()) > 20  # every panel's operators, lists and panels
    bpy.ops.wm.read_homefile(use_empty=True)
    for _ in range(2):
        extension.register()
        assert all(cls.is_registered for cls in every)
        fields = bpy.context.scene.previz.bl_rna.properties.keys()
        assert set(console.settings_fields()) <= set(fields)
        extension.unregister()
        for cls in every:
            assert not cls.is_registered, cls.__name__
        assert not hasattr(bpy.types.Scene, "previz")


def test_undo_restores_the_scene_after_an_import(enabled) -> None:
    bpy.ops.ed.undo_push(message="before")
    # 'EXEC_DEFAULT', True: run with an undo push, as a click in the UI does.
    bpy.ops.previz.import_world("EXEC_DEFAULT", True, filepath=str(ROOM))
    assert "mara" in bpy.data.objects
    bpy.ops.ed.undo()
    assert len(bpy.data.objects) == 0
    assert len(bpy.context.scene.previz.shots) == 0
    bpy.ops.ed.redo()
    assert "mara" in bpy.data.objects


def test_runtime_install_operator_runs_headless(enabled, tmp_path, monkeypatch, tiny_wheel):
    import sys

    monkeypatch.setenv("PREVIZ_RUNTIME", str(tmp_path / "runtime"))
    wheel = tiny_wheel()
    result = bpy.ops.previz.install_runtime(packages=f"--no-index {wheel}")
    assert result == {"FINISHED"}
    # One folder per Python: Blender 4.5 (3.11) and 5.2 (3.13) never share compiled wheels.
    own = tmp_path / "runtime" / f"py{sys.version_info.major}.{sys.version_info.minor}"
    assert (own / "previztiny" / "__init__.py").is_file()
    assert str(own) in sys.path
    sys.path.remove(str(own))


def test_doctor_operator_writes_a_report(enabled) -> None:
    assert bpy.ops.previz.doctor() == {"FINISHED"}
    text = bpy.data.texts["Previz Doctor"].as_string()
    blender = "Blender      {}.{}.".format(*bpy.app.version[:2])  # 4.5.x or 5.2.x LTS
    assert text.startswith("Python ") and blender in text
