"""Fixtures for the neural renderer tests: small synthetic passes folders that follow
`previz.world.passes_contract` (the folder `previz.addon.passes` writes; docs/passes-folder.md),
built with numpy + Pillow.

The scene: a floor whose depth grows towards the top of the frame, a "hero" box that slides right
over the shot, and a "prop" box whose position is a parameter (moving it is the edit the masked
re-render tests make).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from PIL import Image

from previz.world.passes_contract import (
    CLAY,
    DEPTH,
    DEPTH_CONTROL,
    EDGES,
    FORMAT,
    MANIFEST,
    MASK,
    NORMAL,
    PASSES,
    PASSES_DIR,
    POSE,
    SEGMENTATION,
    SEGMENTATION_SEMANTIC,
    frame_path,
)

COLORS = {"hero": [230, 25, 75], "prop": [60, 180, 75]}
SEMANTIC = {"person": [150, 5, 61], "box": [255, 71, 0]}


def _boxes(frame_index: int, width: int, height: int, prop_x: int) -> dict[str, tuple]:
    hx = 2 + (frame_index * 2) % max(1, width // 2)
    return {
        "hero": (hx, height // 4, hx + width // 4, height - 2, 3000),
        "prop": (prop_x, height // 2, prop_x + width // 6, height - 4, 4000),
    }


def make_passes(root: Path, shot: str = "orbit", frames: int = 9, width: int = 40,
                height: int = 24, prop_x: int = 28, frame_start: int = 1, seed: int = 0,
                prompt: str = "a woman in a red coat walks past a crate",
                render: dict | None = None, passes: list[str] | None = None) -> Path:
    """Write ``root/<shot>/`` (passes + manifest written last) and return that folder."""
    shot_dir = root / shot
    names = list(PASSES) if passes is None else passes
    for name in names:
        (shot_dir / PASSES_DIR / name).mkdir(parents=True, exist_ok=True)
    yy, xx = np.mgrid[0:height, 0:width]
    files: dict[str, dict[str, str]] = {n: {} for n in names if n != MASK}
    for i in range(frames):
        f = frame_start + i
        depth = (10000 - 5000 * yy / max(1, height - 1)).astype(np.int32)
        inst = np.zeros((height, width, 3), np.uint8)
        sem = np.zeros((height, width, 3), np.uint8)
        edges = np.zeros((height, width), np.uint8)
        pose = np.zeros((height, width, 3), np.uint8)
        masks = {}
        for eid, (x0, y0, x1, y1, d) in _boxes(i, width, height, prop_x).items():
            inside = (xx >= x0) & (xx < x1) & (yy >= y0) & (yy < y1)
            inside &= depth > d
            depth[inside] = d
            inst[inside] = COLORS[eid]
            sem[inside] = SEMANTIC["person" if eid == "hero" else "box"]
            masks[eid] = inside
            border = inside & ~(np.roll(inside, 1, 0) & np.roll(inside, -1, 0)
                                & np.roll(inside, 1, 1) & np.roll(inside, -1, 1))
            edges[border] = 255
            if eid == "hero":
                cx = (x0 + x1) // 2
                pose[y0:y1, max(0, cx - 1):cx + 1] = [255, 0, 0]
        inv = 1.0 / np.maximum(depth, 1)
        ctrl = ((inv - inv.min()) / max(1e-12, inv.max() - inv.min()) * 255).astype(np.uint8)
        normal = np.stack([np.full_like(ctrl, 128), ctrl // 2 + 64, np.full_like(ctrl, 255)], -1)
        clay = np.repeat((ctrl // 2 + 100)[..., None], 3, axis=-1)
        images = {
            DEPTH: Image.fromarray(depth.astype(np.uint16)),
            DEPTH_CONTROL: Image.fromarray(np.repeat(ctrl[..., None], 3, axis=-1)),
            NORMAL: Image.fromarray(normal.astype(np.uint8)),
            SEGMENTATION: Image.fromarray(inst),
            SEGMENTATION_SEMANTIC: Image.fromarray(sem),
            POSE: Image.fromarray(pose),
            EDGES: Image.fromarray(edges),
            CLAY: Image.fromarray(clay.astype(np.uint8)),
        }
        for name, im in images.items():
            if name in names:
                im.save(shot_dir / frame_path(name, f))
                files[name][str(f)] = frame_path(name, f)
        if MASK in names:
            for eid, m in masks.items():
                (shot_dir / frame_path(MASK, f, entity=eid)).parent.mkdir(parents=True,
                                                                          exist_ok=True)
                Image.fromarray((m * 255).astype(np.uint8)).save(
                    shot_dir / frame_path(MASK, f, entity=eid))
    K = [[float(width), 0.0, width / 2], [0.0, float(width), height / 2], [0.0, 0.0, 1.0]]
    w2c = np.eye(4).tolist()
    scene = {"shot": shot, "prop_x": prop_x, "frames": frames, "size": [width, height]}
    shot_hash = hashlib.sha256(json.dumps(scene, sort_keys=True).encode()).hexdigest()
    manifest = {
        "format": FORMAT,
        "shot": shot,
        "world_hash": hashlib.sha256(b"world:" + shot_hash.encode()).hexdigest(),
        "shot_hash": shot_hash,
        "resolution": [width, height],
        "fps": 24.0,
        "frame_start": frame_start,
        "frame_end": frame_start + frames - 1,
        "frames": [{"frame": frame_start + i, "K": K, "world_to_camera": w2c}
                   for i in range(frames)],
        "passes": sorted(names),
        "files": files,
        "instance_colors": COLORS,
        "semantic_colors": SEMANTIC,
        "entities": [
            {"id": "hero", "kind": "character", "semantic_class": "person",
             "appearance": "a woman in a red coat", "reference_images": []},
            {"id": "prop", "kind": "prop", "semantic_class": "box", "appearance": "a crate",
             "reference_images": []},
        ],
        "shot_settings": {
            "prompt": prompt, "negative_prompt": "blurry", "seed": seed,
            "render": render or {"backend": None, "steps": None, "guidance_scale": None,
                                 "control": ["depth"], "conditioning_scale": 1.0},
        },
    }
    (shot_dir / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return shot_dir
