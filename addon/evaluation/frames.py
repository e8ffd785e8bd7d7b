"""Sampled low-resolution renders of a built shot: the segmentation the scorer counts pixels in,
and the clay and segmentation images of the contact sheet.

The benchmark renders a few frames per shot, not all of them: the same rasteriser and scene
geometry as `previz passes` (`previz.addon.passes`), at a small width, so sixty prompts in two
tracks render in minutes on a CPU. Labels are the entities in id order (0 = nothing), as in the
passes folder's instance map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from previz.agents.fidelity.measures import sample
from previz.agents.fidelity.visibility import Visibility
from previz.skills.raster import rasterize
from previz.world import World

from ..passes import maps
from ..passes.files import contact_sheet
from ..passes.palette import color_table, instance_color

FRAMES_PER_SHOT = 8
WIDTH = 160
SHEET_FRAMES = 4


@dataclass
class Sampled:
    visibility: Visibility
    #: shot id → [(frame, {"clay": image, "segmentation": image})] for the contact sheet
    sheet_rows: dict[str, list[tuple[int, dict[str, np.ndarray]]]] = field(default_factory=dict)

    def sheet(self) -> np.ndarray | None:
        """One contact sheet for every shot: rows of frames, columns clay and segmentation."""
        rows = [r for _, rs in sorted(self.sheet_rows.items()) for r in rs]
        if not rows:
            return None
        return contact_sheet(rows, ["clay", "segmentation"], thumb_width=WIDTH)


def render_samples(world: World, scene: Any, frames_per_shot: int = FRAMES_PER_SHOT,
                   width: int = WIDTH) -> Sampled:
    """Render ``frames_per_shot`` evenly spread frames of every shot of ``world`` (built into
    ``scene`` by the bridge) at ``width`` pixels wide, the shot's aspect ratio kept."""
    import bpy

    from ..passes.geometry import SceneGeometry

    ids = sorted(e.id for e in world.entities)
    geometry = SceneGeometry(ids)
    table = color_table([instance_color(e) for e in ids])
    out: Sampled | None = None
    for shot in sorted(world.shots, key=lambda s: (s.frame_start, s.id)):
        w = width
        h = max(8, round(width * shot.resolution[1] / shot.resolution[0]))
        if out is None:
            out = Sampled(Visibility(w, h))
        frames = sample(shot.frame_start, shot.frame_end, frames_per_shot)
        sheet_at = set(sample(shot.frame_start, shot.frame_end, SHEET_FRAMES))
        for f in frames:
            scene.frame_set(f)
            tris, normals, labels = geometry.collect(bpy.context.evaluated_depsgraph_get())
            cam = world.evaluate(f).cameras[shot.camera]
            r = rasterize(tris, normals, labels, cam.intrinsics(w, h), cam.world_to_camera(),
                          w, h, cam.clip_start, cam.clip_end)
            lab = np.where(r.label <= len(ids), r.label, 0)
            if (w, h) != (out.visibility.width, out.visibility.height):
                lab = _resize_labels(lab, out.visibility.width, out.visibility.height)
            out.visibility.add_frame(shot.id, f, lab, ids)
            if f in sheet_at:
                seg = maps.colorize(np.where(r.label <= len(ids), r.label, 0), table)
                out.sheet_rows.setdefault(shot.id, []).append(
                    (f, {"clay": maps.clay(r.normal, r.covered), "segmentation": seg}))
    return out or Sampled(Visibility(width, max(8, width * 9 // 16)))


def _resize_labels(lab: np.ndarray, w: int, h: int) -> np.ndarray:
    """Nearest-neighbour resize, so shots of other aspect ratios count in one pixel budget."""
    ys = (np.arange(h) * lab.shape[0] / h).astype(int)
    xs = (np.arange(w) * lab.shape[1] / w).astype(int)
    return lab[ys][:, xs]
