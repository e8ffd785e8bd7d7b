"""Lighting ratios measured on rendered clay frames (Cycles, CPU) through the Blender bridge.

A light meter measures incident light: for each role, a small white clay card is turned to face
that light, every other light is switched off, and the card's rendered luminance is read. The
key/fill ratio of those readings must match the preset within 20% — with the preset's lights
built into Blender by `previz.addon.bridge.build`, so Blender's own light units are tested, not
our formula for them.

The renders run in a child Python (this file run as a script) that leaves with `os._exit`:
after a Cycles render, bpy 4.5 in module mode hangs at interpreter exit, which would hang the
whole test run.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from previz.skills.lighting import PRESETS, lights_for
from previz.skills.lighting.place import FACE
from previz.world import World

pytestmark = [pytest.mark.blender, pytest.mark.slow]
# Every look whose rig has a key and a fill (all of them): the ratio a gaffer sets.
RENDERED = sorted(n for n, p in PRESETS.items() if "fill" in p.ratios)

FACE_POINT = (0.0, 0.0, 1.8 * FACE)


def _world(preset: str) -> World:
    base = World.model_validate({
        "entities": [{"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.8]}}],
        "cameras": [{"id": "cam", "focal_length": 35.0,
                     "transform": {"location": [0.0, -4.0, 1.44],
                                   "rotation": [math.pi / 2, 0.0, 0.0]}}],
    })
    lights = lights_for(preset, base, "hero", "cam")
    return World(entities=base.entities, cameras=base.cameras, lights=lights)


def _clay_card(name: str):  # type: ignore[no-untyped-def]
    import bpy

    mesh = bpy.data.meshes.new(name)
    s = 0.15
    mesh.from_pydata([(-s, -s, 0), (s, -s, 0), (s, s, 0), (-s, s, 0)], [], [(0, 1, 2, 3)])
    obj = bpy.data.objects.new(name, mesh)
    bpy.context.scene.collection.objects.link(obj)
    mat = bpy.data.materials.new("clay")
    mat.use_nodes = True
    nodes = mat.node_tree.nodes
    nodes.clear()
    diffuse = nodes.new("ShaderNodeBsdfDiffuse")
    diffuse.inputs["Color"].default_value = (0.8, 0.8, 0.8, 1.0)
    out = nodes.new("ShaderNodeOutputMaterial")
    mat.node_tree.links.new(diffuse.outputs["BSDF"], out.inputs["Surface"])
    mesh.materials.append(mat)
    return obj


def _face(obj, towards: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Put the card at the face point with its normal (+Z) pointing ``towards``."""
    from mathutils import Vector

    obj.location = FACE_POINT
    obj.rotation_mode = "QUATERNION"
    obj.rotation_quaternion = Vector(tuple(towards)).to_track_quat("Z", "Y")


def _view_lit_side(cam, towards: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Stand the meter's camera 1.5 m in front of the card's lit face, looking at it (a key
    from behind the subject, a low sun, lights the side the shot's camera does not see)."""
    from mathutils import Vector

    n = towards / np.linalg.norm(towards)
    cam.location = tuple(np.array(FACE_POINT) + 1.5 * n)
    cam.rotation_mode = "QUATERNION"
    cam.rotation_quaternion = Vector(tuple(-n)).to_track_quat("-Z", "Y")


def _render_luminance(path: Path) -> float:
    import bpy

    scene = bpy.context.scene
    scene.render.filepath = str(path)
    bpy.ops.render.render(write_still=True)
    img = bpy.data.images.load(str(path))
    px = np.array(img.pixels[:]).reshape(img.size[1], img.size[0], 4)
    bpy.data.images.remove(img)
    lum = px[..., 0] * 0.2126 + px[..., 1] * 0.7152 + px[..., 2] * 0.0722
    card = lum > 1e-4
    assert card.sum() > 30, "the card is not in the picture"
    return float(np.median(lum[card]))


def _setup_render(scene) -> None:  # type: ignore[no-untyped-def]
    import bpy

    scene.render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = 32
    scene.cycles.use_denoising = False
    scene.render.resolution_x, scene.render.resolution_y = 256, 192
    scene.render.image_settings.file_format = "OPEN_EXR"
    scene.view_settings.view_transform = "Standard"
    scene.render.film_transparent = True
    if scene.world is None:
        scene.world = bpy.data.worlds.new("black")
    scene.world.use_nodes = False
    scene.world.color = (0.0, 0.0, 0.0)
    if scene.world.node_tree is not None:  # Blender 5.x: a world always uses its (grey) nodes
        for node in scene.world.node_tree.nodes:
            if node.type == "BACKGROUND":
                node.inputs["Strength"].default_value = 0.0
    scene.camera = bpy.data.objects["cam"]


def measure(preset: str) -> dict[str, float]:
    """Rendered card luminance for the key and for the fill of ``preset`` (needs bpy)."""
    import bpy

    from previz.addon.bridge import build

    bpy.ops.wm.read_homefile(use_empty=True)
    world = _world(preset)
    scene = build(world, bpy.context.scene)
    _setup_render(scene)
    bpy.data.objects["hero"].hide_render = True  # the card stands where the face is
    card = _clay_card("meter")
    readings = {}
    with tempfile.TemporaryDirectory() as tmp:
        for role in ("key", "fill"):
            lid = f"{preset.replace('_', '-')}-{role}"
            for light in world.lights:
                bpy.data.objects[light.id].hide_render = light.id != lid
            light = world.light(lid)
            if light.type == "sun":  # no position: its light comes along its -Z axis
                towards = world.evaluate(1).lights[lid].matrix[:3, 2]
            else:
                towards = np.array(light.transform.location, float) - np.array(FACE_POINT)
            _face(card, towards)
            _view_lit_side(bpy.data.objects["cam"], towards)
            readings[role] = _render_luminance(Path(tmp) / f"{role}.exr")
    return readings


@pytest.fixture(scope="module")
def readings() -> dict[str, dict[str, float]]:
    proc = subprocess.run(
        [sys.executable, __file__, *RENDERED], capture_output=True, text=True, timeout=1200,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("READINGS ")]
    assert proc.returncode == 0 and lines, proc.stdout[-2000:] + proc.stderr[-2000:]
    return json.loads(lines[-1][len("READINGS "):])


@pytest.mark.parametrize("preset", RENDERED)
def test_rendered_key_fill_ratio_matches_preset(preset, readings):
    r = readings[preset]
    want = PRESETS[preset].role("fill").ratio
    assert r["fill"] / r["key"] == pytest.approx(want, rel=0.2), r
    # and the key's absolute level: a white-ish (0.8) Lambertian card under E W/m² shows 0.8 E/π
    assert r["key"] == pytest.approx(0.8 * PRESETS[preset].key_irradiance / math.pi, rel=0.2)


if __name__ == "__main__":
    out = {name: measure(name) for name in sys.argv[1:]}
    print("READINGS " + json.dumps(out), flush=True)
    sys.stderr.flush()
    os._exit(0)  # see the module docstring: a normal exit hangs after a Cycles render
