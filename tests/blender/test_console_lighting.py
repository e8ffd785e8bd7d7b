"""The Lighting panel headless: the created lights' key/fill illuminance ratio on the subject
(measured from the lights' energy and distance in Blender) matches the preset or the override,
their colour temperature matches, a second Apply replaces the preset's lights but keeps the
user's, failures change nothing, undo restores, the panel draws in every state."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from previz.addon import jobs
from previz.addon.console import lighting
from previz.skills.lighting import PRESETS, irradiance_from
from previz.world.color import kelvin_to_rgb

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"


@pytest.fixture
def room(enabled) -> bpy.types.Scene:
    bpy.ops.previz.import_world(filepath=str(ROOM))
    scene = bpy.context.scene
    scene.frame_set(1)
    scene.previz.lighting.subject = bpy.data.objects["mara"]
    return scene


def _by_role(scene) -> dict[str, bpy.types.Object]:
    return {o.previz.id.rsplit("-", 1)[1]: o for o in lighting.preset_lights(scene)}


def _irradiance(obj: bpy.types.Object, face: np.ndarray) -> float:
    """W/m² the light puts on the face, from its Blender energy, distance and (an area light)
    size: a soft box's power is spread over its area (`skills.lighting.place.power_for`)."""
    d = float(np.linalg.norm(np.array(obj.matrix_world.translation) - face))
    size = float(obj.data.size) if obj.data.type == "AREA" else 0.0
    return irradiance_from(obj.data.type.lower(), obj.data.energy, d, size)


def _face(scene) -> np.ndarray:
    from previz.addon.bridge import read
    from previz.skills.camera.subject import Subject, measure

    world = read(scene)
    return measure(world, 1, Subject("mara")).at(0.8)


@pytest.mark.parametrize("name", ["three_point", "low_key", "noir", "golden_hour"])
def test_preset_ratio_and_colour(room, name: str) -> None:
    s = room.previz.lighting
    s.preset = name
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    lights = _by_role(room)
    p = PRESETS[name]
    assert set(lights) == {r.role for r in p.roles}
    face = _face(room)
    key = _irradiance(lights["key"], face)
    assert key == pytest.approx(p.key_irradiance, rel=1e-3)
    for role in p.roles:
        obj = lights[role.role]
        assert _irradiance(obj, face) / key == pytest.approx(role.ratio, rel=1e-3), role.role
        assert obj.data.use_temperature and obj.data.temperature == pytest.approx(role.kelvin)
    sky = room.world
    assert sky is not None and tuple(sky.color) == pytest.approx(kelvin_to_rgb(p.sky_kelvin),
                                                                  abs=1e-6)
    from previz.addon.bridge import read

    env = getattr(read(room), "environment", None)
    if env is not None:  # the World holds the sky: it reads back as the preset's
        assert tuple(env.color) == pytest.approx(kelvin_to_rgb(p.sky_kelvin), abs=1e-5)
        assert env.strength == pytest.approx(p.sky_strength, abs=1e-6)


def test_overrides(room) -> None:
    s = room.previz.lighting
    s.preset = "neon"  # coloured lights: the temperature override makes them black bodies
    s.use_kelvin, s.kelvin = True, 3200.0
    s.use_ratio, s.ratio = True, 8.0
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    lights = _by_role(room)
    face = _face(room)
    assert _irradiance(lights["fill"], face) / _irradiance(lights["key"], face) == \
        pytest.approx(1 / 8, rel=1e-3)
    for obj in lights.values():
        assert obj.data.use_temperature and obj.data.temperature == pytest.approx(3200.0)


def test_apply_replaces_the_preset_but_keeps_user_lights(room) -> None:
    user = {o.name for o in room.objects if o.type == "LIGHT"}
    assert user == {"key", "practical"}
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    first = {o.name for o in lighting.preset_lights(room)}
    assert len(first) == 3
    room.previz.lighting.preset = "high_key"
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    second = {o.name for o in lighting.preset_lights(room)}
    assert len(second) == 4 and not first & second
    assert {o.name for o in room.objects if o.type == "LIGHT"} == user | second
    assert not any(name in bpy.data.objects for name in first)


def test_sky_off_keeps_the_sky_but_unties_a_replaced_sun(room) -> None:
    from previz.addon.bridge import read

    s = room.previz.lighting
    s.preset = "golden_hour"  # a sky that may follow the preset's sun
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    before = getattr(read(room), "environment", None)
    s.preset, s.sky = "three_point", False
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    world = read(room)  # still a valid World: no sky naming a light that is gone
    env = getattr(world, "environment", None)
    if before is not None:
        assert env is not None and env.sun is None
        assert tuple(env.color) == pytest.approx(tuple(before.color), abs=1e-5)
    else:
        assert tuple(room.world.color) == pytest.approx(
            kelvin_to_rgb(PRESETS["golden_hour"].sky_kelvin), abs=1e-6)


def _snapshot() -> tuple:
    scene = bpy.context.scene
    return (sorted(o.name for o in bpy.data.objects), len(bpy.data.lights),
            scene.world.name if scene.world else None)


def test_failures_change_nothing(room) -> None:
    before = _snapshot()
    room.previz.lighting.subject = None
    bpy.context.view_layer.objects.active = None
    with pytest.raises(RuntimeError, match="choose a subject"):
        bpy.ops.previz.lighting_apply()
    room.previz.lighting.subject = bpy.data.objects["key"]
    with pytest.raises(RuntimeError, match="not a Previz entity"):
        bpy.ops.previz.lighting_apply()
    room.previz.lighting.subject = bpy.data.objects["mara"]
    room.camera = None
    with pytest.raises(RuntimeError, match="no Previz camera"):
        bpy.ops.previz.lighting_apply()
    assert _snapshot() == before


def test_undo_restores_the_lights(room) -> None:
    assert bpy.ops.previz.lighting_apply() == {"FINISHED"}
    before = _snapshot()
    bpy.ops.ed.undo_push(message="before")
    bpy.context.scene.previz.lighting.preset = "overcast"
    bpy.ops.previz.lighting_apply("EXEC_DEFAULT", True)
    assert _snapshot() != before
    bpy.ops.ed.undo()
    assert _snapshot() == before


def test_panel_draws_in_every_state(room, draw_panel) -> None:
    panel = lighting.PREVIZ_PT_lighting
    assert ("label", (), {"text": "No scene"}) in draw_panel(
        panel, SimpleNamespace(scene=None, active_object=None))
    room.camera = None
    drawn = draw_panel(panel, SimpleNamespace(scene=room, active_object=None))
    assert any("No camera" in str(c) for c in drawn)
    room.camera = bpy.data.objects["wide"]
    bpy.ops.previz.lighting_apply()
    drawn = draw_panel(panel, SimpleNamespace(scene=room, active_object=None))
    assert any("Preset lights (three_point)" in str(c) for c in drawn)
    import threading

    gate = threading.Event()
    job = jobs.JOBS.submit(lambda p: (p(0.5, "x"), gate.wait(5)), "render")
    try:
        while job.progress.snapshot()[0] < 0.5:
            pass
        drawn = draw_panel(panel, SimpleNamespace(scene=room, active_object=None))
        assert any(c[0] == "progress" for c in drawn)
    finally:
        gate.set()
        job.wait(5)
