"""Regenerate docs/images/console-lighting.png: the Lighting panel's Apply on an example.

two_characters_room.json: the Lighting panel lights Mara from the wide camera with four
presets in turn (three point, low key, golden hour, neon); each is rendered with Cycles on the
CPU (clay materials, few samples) — the white-box passes do not show lights — into a 2×2 sheet.

    python scripts/console_lighting_image.py [--out docs/images/console-lighting.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import bpy
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from console_camera_image import SIZE, enable, sheet  # noqa: E402

PRESETS = ("three_point", "low_key", "golden_hour", "neon")


def render(scene: bpy.types.Scene, path: Path, samples: int) -> np.ndarray:
    from PIL import Image

    scene.render.engine = "CYCLES"
    scene.cycles.device = "CPU"
    scene.cycles.samples = samples
    scene.cycles.use_denoising = True  # OpenImageDenoise on the CPU: a small, clean PNG
    scene.view_settings.exposure = -0.7  # a white room bounces a lot; keep the contrast
    scene.render.resolution_x, scene.render.resolution_y = SIZE
    scene.render.resolution_percentage = 100
    scene.render.image_settings.file_format = "PNG"
    scene.render.filepath = str(path)
    bpy.ops.render.render(write_still=True)
    return np.asarray(Image.open(path).convert("RGB"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images/console-lighting.png")
    parser.add_argument("--samples", type=int, default=24)
    args = parser.parse_args(argv)
    enable()
    bpy.ops.previz.import_world(filepath=str(ROOT / "examples/two_characters_room.json"))
    scene = bpy.context.scene
    scene.frame_set(1)
    for obj in [o for o in scene.objects if o.type == "LIGHT"]:  # only the preset's light
        obj.hide_render = True
    s = scene.previz.lighting
    s.subject = bpy.data.objects["mara"]
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in PRESETS:
            s.preset = name
            bpy.ops.previz.lighting_apply()
            images.append(render(scene, Path(tmp) / f"{name}.png", args.samples))
    sheet(images, [name.replace("_", " ") for name in PRESETS],
          "Lighting panel: presets applied round Mara from the wide camera (Cycles, CPU)",
          args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
