"""Regenerate docs/images/console-assets.png: the Scene & assets panel, headless.

On the two-characters room example: search the asset index for a floor lamp and place it in the
back corner, search for a vase and place it on the coffee table (the 3D cursor over the table:
it lands on the top), then render four clay frames of the wide shot (see
`console_director_image.clay_sheet`). Uses the default asset index (the starter library is
built in the user's data folder on first use; set ``PREVIZ_DATA_DIR`` to keep it elsewhere).

    python scripts/console_assets_image.py [-o docs/images/console-assets.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from console_director_image import ROOT, clay_sheet, enable_previz

PLACEMENTS = (("floor lamp", "floor", (-2.4, 2.0, 0.0)), ("vase", "on_object", (-0.3, 1.0, 0.0)),
              ("armchair", "floor", (1.9, 1.6, 0.0)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs/images/console-assets.png"))
    args = parser.parse_args(argv)
    import bpy

    scene = enable_previz()
    bpy.ops.previz.import_world(filepath=str(ROOT / "examples/two_characters_room.json"))
    s = scene.previz.assets
    done = []
    for query, support, cursor in PLACEMENTS:
        s.query, s.support, s.count = query, support, 1
        bpy.ops.previz.asset_search()
        scene.cursor.location = cursor
        bpy.ops.previz.asset_place()
        done.append(s.status.replace("Placed ", ""))
    caption = "Scene & assets > Search + Place at cursor on the room example:\n" + "; ".join(done)
    out = clay_sheet(scene, caption, Path(args.output))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
