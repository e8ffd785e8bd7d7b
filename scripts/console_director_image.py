"""Regenerate docs/images/console-director.png: the Director panel's Generate, headless.

Types a director's text into the panel, runs Generate (offline planner) and Check, then renders
the clay pass of the first shot (`previz passes --passes clay`) and lays four of its frames out
2 × 2 at 416 × 240 with a caption: the text and the supervisor's verdict.

    python scripts/console_director_image.py [-o docs/images/console-director.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = "a living room with a sofa, a coffee table and a lamp; a man walks to the sofa"
TILE = (416, 240)


def enable_previz():  # type: ignore[no-untyped-def]
    """An empty scene with the extension registered, as Blender has it after enabling."""
    import bpy

    import previz.addon as extension
    from previz.addon import preferences

    bpy.ops.wm.read_homefile(use_empty=True)
    extension.register()
    bpy.context.preferences.addons.new().module = preferences.PREVIZ_AP_preferences.bl_idname
    return bpy.context.scene


def clay_sheet(scene, caption: str, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """Four clay frames of the scene's first shot, 2 × 2, with ``caption`` (two lines at most)
    under them."""
    from PIL import Image, ImageDraw

    from previz.addon.bridge import read
    from previz.addon.cli import main

    world = read(scene)
    shot = min(world.shots, key=lambda s: (s.frame_start, s.id))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "world.json"
        path.write_text(world.canonical_json())
        code = main(["passes", str(path), "-o", str(Path(tmp) / "passes"), "--shot", shot.id,
                     "--passes", "clay", "--resolution", f"{TILE[0]}x{TILE[1]}", "--quiet"])
        if code != 0:
            raise SystemExit(f"previz passes failed ({code})")
        frames = sorted((Path(tmp) / "passes").rglob("clay/*.png"))
        if not frames:
            raise SystemExit("previz passes wrote no clay frames")
        picks = [frames[round(i * (len(frames) - 1) / 3)] for i in range(4)]
        bar = 44
        sheet = Image.new("RGB", (2 * TILE[0], 2 * TILE[1] + bar), (24, 24, 24))
        for i, frame in enumerate(picks):
            tile = Image.open(frame).convert("RGB").resize(TILE)
            sheet.paste(tile, ((i % 2) * TILE[0], (i // 2) * TILE[1]))
        draw = ImageDraw.Draw(sheet)
        for i, line in enumerate(caption.splitlines()[:2]):
            draw.text((8, 2 * TILE[1] + 6 + 18 * i), line[:140], fill=(230, 230, 230))
        out.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(out, optimize=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs/images/console-director.png"))
    args = parser.parse_args(argv)
    import bpy

    scene = enable_previz()
    scene.previz.director.text = TEXT
    bpy.ops.previz.director_generate()
    s = scene.previz.director
    caption = f"Director > Generate: \"{TEXT}\"\n{s.status}"
    out = clay_sheet(scene, caption, Path(args.output))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
