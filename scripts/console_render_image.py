"""Regenerate docs/images/console-render.png: what the Render panel's Render Shot produces for the
example scene — four frames of the "wide" shot, each row clay | depth control | pose | the neural
render (the offline ``tiny-wan`` backend: random weights, so its pixels are noise shaped by the
control, not footage; real weights are ``wan-vace``).

Runs the panel's own operator headless (``bpy.ops.previz.render_shots``) into a temporary folder.

    python scripts/console_render_image.py [--out docs/images/console-render.png]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "two_characters_room.json"
SIZE = (208, 120)
FRAMES = 9  # one tiny-wan chunk
SHOWN = (1, 4, 7, 9)
COLUMNS = (("clay", "passes/clay"), ("depth", "passes/depth_control"), ("pose", "passes/pose"),
           ("render (tiny-wan)", "render/frames"))


def render(tmp: Path) -> Path:
    """The example's wide shot through Render Shot; returns OUT/wide."""
    os.environ["PREVIZ_CACHE"] = str(tmp / "cache")
    import bpy

    import previz.addon as extension
    from previz.addon import preferences

    bpy.ops.wm.read_homefile(use_empty=True)
    extension.register()
    addon = bpy.context.preferences.addons.new()
    addon.module = preferences.PREVIZ_AP_preferences.bl_idname
    try:
        bpy.ops.previz.import_world(filepath=str(EXAMPLE))
        scene = bpy.context.scene
        shot = scene.previz.shots[0]
        shot.frame_end = shot.frame_start + FRAMES - 1
        shot.resolution = SIZE
        shot.render.steps = 4
        scene.previz.active_shot = 0
        scene.previz.render.backend = "tiny-wan"
        scene.previz.render.output = str(tmp / "out")
        if bpy.ops.previz.render_shots() != {"FINISHED"}:
            raise SystemExit("render failed")
        return tmp / "out" / shot.id
    finally:
        bpy.context.preferences.addons.remove(addon)
        extension.unregister()


def compose(shot: Path) -> np.ndarray:
    from PIL import Image, ImageDraw

    w, h = SIZE
    label_h = 16
    sheet = Image.new("RGB", (w * len(COLUMNS), label_h + h * len(SHOWN)), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for c, (title, folder) in enumerate(COLUMNS):
        draw.text((c * w + 6, 2), title, fill=(230, 230, 230))
        for r, frame in enumerate(SHOWN):
            with Image.open(shot / folder / f"{frame:04d}.png") as im:
                sheet.paste(im.convert("RGB").resize(SIZE), (c * w, label_h + r * h))
    return np.asarray(sheet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "console-render.png"))
    args = parser.parse_args()
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        shot = render(Path(tmp))
        image = compose(shot)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(args.out, optimize=True)
    print(f"{args.out}: {image.shape[1]}x{image.shape[0]}, "
          f"{Path(args.out).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
