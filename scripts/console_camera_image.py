"""Regenerate docs/images/console-camera.png: the Camera panel's Apply on an example.

orbit_prop.json, Camera panel set to a full-shot orbit of the statue, Apply, then four clay
frames of the shot (white-box passes) in a 2×2 sheet with the framing report underneath.

    python scripts/console_camera_image.py [--out docs/images/console-camera.png]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import bpy
import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
SIZE = (416, 240)


def enable() -> None:
    import previz.addon as extension
    from previz.addon import preferences

    bpy.ops.wm.read_homefile(use_empty=True)
    extension.register()
    addon = bpy.context.preferences.addons.new()
    addon.module = preferences.PREVIZ_AP_preferences.bl_idname


def clay_frames(scene: bpy.types.Scene, shot: str, frames: list[int], tmp: Path
                ) -> list[np.ndarray]:
    """Clay frames of ``shot`` (the scene read back into a World, as `previz passes` does)."""
    from previz.addon.bridge import read
    from previz.addon.passes.files import read_png
    from previz.addon.passes.render import render_passes

    world = read(scene)
    out: list[np.ndarray] = []
    for f in frames:
        folder = render_passes(world, scene, tmp / str(f), shot_id=shot, passes=["clay"],
                               frames=(f, f), resolution=SIZE)[0]
        out.append(read_png(folder / "passes" / "clay" / f"{f:04d}.png"))
    return out


def sheet(images: list[np.ndarray], captions: list[str], title: str, path: Path) -> None:
    """Images in a 2×2 grid, a caption on each and a title line underneath."""
    w, h = SIZE
    gap, foot = 2, 22
    canvas = Image.new("RGB", (2 * w + 3 * gap, 2 * h + 3 * gap + foot), (24, 24, 24))
    draw = ImageDraw.Draw(canvas)
    for i, (img, caption) in enumerate(zip(images, captions, strict=True)):
        tile = Image.fromarray(np.asarray(img)[..., :3].astype(np.uint8)).resize(SIZE)
        x, y = gap + (i % 2) * (w + gap), gap + (i // 2) * (h + gap)
        canvas.paste(tile, (x, y))
        draw.rectangle((x, y, x + 6 * len(caption) + 8, y + 14), fill=(0, 0, 0))
        draw.text((x + 4, y + 2), caption, fill=(255, 255, 255))
    draw.text((gap + 4, 2 * h + 3 * gap + 5), title[:130], fill=(230, 230, 230))
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(canvas.getcolors(maxcolors=256) or ()) == 0:  # many colours (a render): palette
        canvas = canvas.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    canvas.save(path, optimize=True)



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images/console-camera.png")
    args = parser.parse_args(argv)
    enable()
    bpy.ops.previz.import_world(filepath=str(ROOT / "examples/orbit_prop.json"))
    scene = bpy.context.scene
    s = scene.previz.camera
    s.shot_size, s.movement, s.angle = "FS", "orbit", "eye_level"
    s.subject = bpy.data.objects["statue"]
    bpy.ops.previz.camera_apply()
    shot = scene.previz.shots[0]
    # 0°, 60°, 150° and 240° round (the gallery is square: quarter turns would look alike).
    frames = [shot.frame_start + round(t * (shot.frame_end - shot.frame_start))
              for t in (0.0, 1 / 6, 5 / 12, 2 / 3)]
    with tempfile.TemporaryDirectory() as tmp:
        images = clay_frames(scene, shot.id, frames, Path(tmp))
    sheet(images, [f"orbit, full shot · frame {f}" for f in frames],
          f"Camera panel: {s.report}", args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
