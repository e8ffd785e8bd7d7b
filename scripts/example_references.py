"""Render the reference images the bundled examples name (`examples/refs/`): a clay picture of
each character from the side the file says, alone on a white ground, with Workbench.

The examples show how an entity's `reference_images` carry its look into every shot (issue 18's
identity work checks every named image before rendering), so the files must exist; these are
what a previs artist would pin first — the blocking model itself — until a costume image
replaces them. Deterministic: same World, same pictures.

    python scripts/example_references.py
"""

from __future__ import annotations

import math
from pathlib import Path

import bpy
import numpy as np

from previz.addon.bridge import build
from previz.world import load_world
from previz.world.transforms import look_at_euler

ROOT = Path(__file__).resolve().parents[1]
#: (example, entity, view, file): the views are in the entity's own axes (front is -Y).
SHOTS = [
    ("two_characters_room.json", "mara", (0.0, -1.0), "refs/mara_front.png"),
    ("quadruped_path.json", "dog", (1.0, 0.0), "refs/rex_side.png"),
    ("quadruped_path.json", "dog", (0.0, -1.0), "refs/rex_front.png"),
]


def _root(obj: bpy.types.Object) -> bpy.types.Object:
    while obj.parent is not None:
        obj = obj.parent
    return obj


def render_reference(example: str, entity_id: str, view: tuple[float, float], out: Path) -> None:
    world = load_world(ROOT / "examples" / example)
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene)
    scene.frame_set(1)
    ent = world.entity(entity_id)
    m = world.evaluate(1).entities[entity_id].matrix
    height = float(ent.asset.size[2]) if ent.asset.size else 1.7
    centre = m[:3, 3] + np.array([0.0, 0.0, height * 0.5])
    direction = m[:3, :3] @ np.array([view[0], view[1], 0.0])
    direction /= np.linalg.norm(direction)
    for obj in scene.objects:
        root = _root(obj)
        obj.hide_render = root.name != entity_id and obj.name != entity_id
    lens = 50.0
    fov = 2 * math.atan(36.0 / 2 / lens)
    extent = max(float(v) for v in ent.asset.size) if ent.asset.size else height
    distance = (extent * 0.7) / math.tan(fov / 2) + 0.5
    eye = centre + direction * distance
    cam_data = bpy.data.cameras.new("reference")
    cam_data.lens = lens
    cam = bpy.data.objects.new("reference", cam_data)
    scene.collection.objects.link(cam)
    cam.location = eye.tolist()
    cam.rotation_euler = look_at_euler(eye.tolist(), centre.tolist())
    scene.camera = cam
    scene.render.engine = "BLENDER_WORKBENCH"
    scene.display.shading.light = "STUDIO"
    scene.display.shading.color_type = "SINGLE"
    scene.display.shading.background_type = "VIEWPORT"
    scene.display.shading.background_color = (1.0, 1.0, 1.0)
    scene.render.film_transparent = False
    scene.view_settings.view_transform = "Standard"  # white stays white
    scene.render.resolution_x, scene.render.resolution_y = 256, 320
    scene.render.resolution_percentage = 100
    scene.render.image_settings.file_format = "PNG"
    scene.render.image_settings.color_mode = "RGB"
    scene.render.filepath = str(out)
    if scene.world is None:
        scene.world = bpy.data.worlds.new("white")
    scene.world.color = (1.0, 1.0, 1.0)
    bpy.ops.render.render(write_still=True)


def main() -> None:
    for example, entity_id, view, name in SHOTS:
        out = ROOT / "examples" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        render_reference(example, entity_id, view, out)
        print("wrote", out.relative_to(ROOT))


if __name__ == "__main__":
    main()
