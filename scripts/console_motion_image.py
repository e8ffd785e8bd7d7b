"""Regenerate docs/images/console-motion.png: the Motion panel's Re-plan Path on an example.

two_characters_room.json: Mara is selected, the 3D cursor put beyond Theo, and
Re-plan Path plans a walk round him, writes it as a curve and walks her along it (feet
locked). Four clay frames of the wide shot (lengthened to the walk) in a 2×2 sheet.

    python scripts/console_motion_image.py [--out docs/images/console-motion.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import bpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from console_camera_image import clay_frames, enable, sheet  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/images/console-motion.png")
    args = parser.parse_args(argv)
    enable()
    bpy.ops.previz.import_world(filepath=str(ROOT / "examples/two_characters_room.json"))
    scene = bpy.context.scene
    scene.frame_set(1)
    mara = bpy.data.objects["mara"]
    bpy.context.view_layer.objects.active = mara
    table = bpy.data.objects["table"].matrix_world.translation
    scene.cursor.location = (table.x + 1.5, table.y - 0.4, 0.0)  # beyond Theo
    scene.previz.motion.action = "walk"
    bpy.ops.previz.motion_replan()
    last = int(mara.animation_data.action.frame_range[1])
    # One shot over the whole walk, from the wide camera.
    shots = scene.previz.shots
    for shot in list(shots)[1:]:
        scene.timeline_markers.remove(scene.timeline_markers[shot.id])
    while len(shots) > 1:
        shots.remove(len(shots) - 1)
    shots[0].frame_end = last
    frames = [1 + round(t * (last - 1)) for t in (0.0, 0.3, 0.6, 1.0)]
    with tempfile.TemporaryDirectory() as tmp:
        images = clay_frames(scene, shots[0].id, frames, Path(tmp))
    sheet(images, [f"re-planned walk · frame {f}" for f in frames],
          f"Motion panel: Re-plan Path round Theo to the 3D cursor, walk with foot lock "
          f"(frames 1-{last})", args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
