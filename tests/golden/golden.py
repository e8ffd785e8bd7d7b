"""Golden hashes of what the renovation must not change: each example's World content hash,
its build-and-read-back hash, and a digest of the passes folder of each of its shots.

`python tests/golden/golden.py --write` records them in
`hashes.json`; `test_golden.py` recomputes and compares. A digest covers every file of the shot
folder except `preview.mp4` (its container carries the encoder's version string), each as its
path relative to the folder and its bytes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HASHES = Path(__file__).with_name("hashes.json")
EXAMPLES = ("orbit_prop", "quadruped_path", "two_characters_room")
#: Small renders: byte identity is the point, not the picture.
RESOLUTION = (96, 54)
FRAMES = 3


def folder_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel == "preview.mp4":
            continue
        h.update(rel.encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def compute(tmp: Path) -> dict[str, dict[str, str]]:
    import bpy

    from previz.addon.bridge import build
    from previz.addon.bridge.read import read
    from previz.addon.passes.render import render_passes
    from previz.world import World

    out: dict[str, dict[str, str]] = {}
    for name in EXAMPLES:
        path = ROOT / "examples" / f"{name}.json"
        world = World.model_validate_json(path.read_text(encoding="utf-8"))
        entry = {"world": world.content_hash()}
        bpy.ops.wm.read_homefile(use_empty=True)
        scene = build(world, bpy.context.scene, base_dir=path.parent)
        entry["read_back"] = read(scene).content_hash()
        for shot in sorted(world.shots, key=lambda s: s.id):
            frames = (shot.frame_start, min(shot.frame_end, shot.frame_start + FRAMES - 1))
            (folder,) = render_passes(world, scene, tmp / name, shot_id=shot.id, frames=frames,
                                      resolution=RESOLUTION, base_dir=path.parent)
            entry[f"passes:{shot.id}"] = folder_digest(folder)
        out[name] = entry
    return out


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        result = compute(Path(d))
    text = json.dumps(result, indent=1, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        HASHES.write_text(text, encoding="utf-8")
    print(text)
