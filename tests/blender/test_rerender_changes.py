"""The Render panel's Re-render Changes (issue 18): refused without a previous render; after an
edit, only the changed pixels are regenerated, with fewer denoising steps than the full render."""

from __future__ import annotations

import json

import bpy
import pytest

from previz.addon.console import render_run
from previz.neural_render.tiny_wan import TinyWanBackend

pytestmark = [pytest.mark.slow, pytest.mark.render]


@pytest.fixture
def room(enabled, tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.setenv("PREVIZ_CACHE", str(tmp_path / "cache"))
    for var in ("PREVIZ_WEIGHTS", "PREVIZ_BACKEND", "PREVIZ_DEVICE"):
        monkeypatch.delenv(var, raising=False)
    room_json = Path(__file__).resolve().parents[2] / "examples" / "two_characters_room.json"
    assert bpy.ops.previz.import_world(filepath=str(room_json)) == {"FINISHED"}
    scene = enabled
    for shot in scene.previz.shots:
        shot.frame_end = shot.frame_start + 3
        shot.resolution = (64, 48)
        shot.render.steps = 2
    scene.previz.render.backend = "tiny-wan"
    scene.previz.render.output = str(tmp_path / "out")
    yield scene
    render_run.set_active_run(None)
    render_run.release_renderer()


def test_rerender_changes_from_the_panel(room, tmp_path, monkeypatch):
    steps = {"n": 0}
    generate = TinyWanBackend.generate

    def counted(self, request, on_step=None):  # type: ignore[no-untyped-def]
        def step() -> None:
            steps["n"] += 1
            if on_step is not None:
                on_step()
        return generate(self, request, step)

    monkeypatch.setattr(TinyWanBackend, "generate", counted)
    room.previz.active_shot = 0
    with pytest.raises(RuntimeError, match="no previous render of shot 'wide'"):
        bpy.ops.previz.render_shots(changed=True)
    assert not (tmp_path / "out" / "wide").exists()  # refused before any work
    assert bpy.ops.previz.render_shots(all=True) == {"FINISHED"}
    full = steps["n"]
    assert full > 0
    # The edit: the vase moves 30 cm along x (its keys, if any, dropped).
    vase = next(o for o in room.objects if o.previz.role == "ENTITY" and o.previz.id == "vase")
    if vase.animation_data is not None:
        vase.animation_data_clear()
    vase.location.x -= 0.3
    steps["n"] = 0
    assert bpy.ops.previz.render_shots(all=True, changed=True) == {"FINISHED"}
    infos = {s: json.loads((tmp_path / "out" / s / "render" / "render.json").read_text())
             for s in ("wide", "ots")}
    assert all(i["masked"] for i in infos.values())
    fractions = {s: i["fraction_rerendered"] for s, i in infos.items()}
    assert any(0 < f < 0.5 for f in fractions.values()), fractions
    assert steps["n"] < full  # only what shows the vase ran the model
