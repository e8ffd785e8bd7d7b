"""Pass derivation: one function per pass turns one frame's raster into that pass's image(s), and
the table `DERIVE` (pass name → function) is what the writer (`render.py`) runs. Pure numpy, no
bpy.

Adding a pass is one function and one row of `DERIVE` (plus its test): the writer makes the pass
folder, writes each frame's files where `previz.world.passes_contract.layout` puts them, lists
the pass in the manifest, and ``previz passes --passes`` accepts it and ``--help`` shows it. A
function returns one array per file of its pass's layout, in the layout's order — a single array
for the usual one PNG per frame: uint8 grey (H×W) or RGB (H×W×3), or uint16 grey, for a PNG;
float metres for an EXR. A pass whose layout is not one PNG, or that a reader must find by name
(a control), also needs its row in the contract (see there).

`SHOT_DERIVE` holds the passes scaled over the whole shot rather than per frame (``depth_control``:
per-frame normalisation would flicker in video): each frame keeps a value until the shot's depth
range is known, then `ShotPass.finish` makes the image.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from previz.skills.raster import Raster
from previz.world import World
from previz.world.passes_contract import (
    CLAY,
    CLAY_LIT,
    DEPTH,
    DEPTH_CONTROL,
    EDGES,
    MASK,
    NORMAL,
    POSE,
    SEGMENTATION,
    SEGMENTATION_SEMANTIC,
    frame_file,
)

from . import lighting, maps
from .files import MaskPngs, read_png
from .skeleton import Figure, draw_pose, generic_figure, humanoid_figure, is_humanoid


@dataclass(frozen=True)
class ShotData:
    """What every frame of a shot shares."""

    world: World
    entity_ids: tuple[str, ...]  # sorted; the order of per-entity files
    labels_of: dict[str, int]  # entity id → its label in the raster
    inst_table: np.ndarray  # label → instance colour (row 0: background)
    sem_table: np.ndarray  # label → semantic class colour
    width: int
    height: int
    workbench_clay: Path | None = None  # folder of Workbench clay frames; None: shaded clay


@dataclass(frozen=True)
class Frame:
    """One frame as the pass functions see it: the raster and the camera it was made with."""

    shot: ShotData
    frame: int
    raster: Raster
    state: Any  # the World evaluated at the frame (`previz.world.WorldState`)
    K: np.ndarray
    world_to_camera: np.ndarray
    near: float  # the camera's clip start
    geometry: lighting.Geometry | None = None  # the triangles rasterised (shadows need them)

    @cached_property
    def entity_label(self) -> np.ndarray:
        """The raster's labels with anything that is not an entity (label > entity count) as
        background."""
        label = self.raster.label
        return np.where(label > len(self.shot.entity_ids), 0, label)


#: What a pass function returns: one array, or one per file of the pass's layout.
Images = np.ndarray | tuple[np.ndarray, ...]


def clay(f: Frame) -> np.ndarray:
    """Neutral grey clay: the Workbench frame over the clay background when the shot was
    rendered with ``--clay workbench``, else Lambert shading of the rasterised normals."""
    if f.shot.workbench_clay is not None:
        return over_background(read_png(f.shot.workbench_clay / frame_file(f.frame)))
    return maps.clay(f.raster.normal, f.raster.covered)


def clay_lit(f: Frame) -> np.ndarray:
    """Clay shaded by the scene's own lights with shadows and the environment as ambient and
    background (`lighting.lit_clay`)."""
    r = f.raster
    geometry = f.geometry if f.geometry is not None else lighting.Geometry(
        np.zeros((0, 3, 3)), np.zeros((0, 3, 3)), np.zeros(0, np.int32))
    return lighting.lit_clay(f.shot.world, f.state, f.frame, r.depth, r.normal, r.covered, f.K,
                             f.world_to_camera, geometry)


def depth(f: Frame) -> tuple[np.ndarray, np.ndarray]:
    """Metric depth: 16-bit millimetres (the PNG) and float metres (the EXR)."""
    return maps.depth_mm(f.raster.depth), f.raster.depth


def edges(f: Frame) -> np.ndarray:
    return maps.edges(f.raster.depth, f.raster.normal, f.raster.label)


def mask(f: Frame) -> tuple[np.ndarray, ...]:
    """One grey image per entity (sorted by id): 255 where the entity is visible."""
    label = f.raster.label
    return tuple((label == f.shot.labels_of[eid]).view(np.uint8) * np.uint8(255)
                 for eid in f.shot.entity_ids)


def mask_pngs(f: Frame) -> tuple[bytes, ...]:
    """`mask`'s files already encoded, the same bytes as `files.encode_png` of its images
    (`files.MaskPngs`: a crowd's hundred masks a frame cost most of the pass's time)."""
    encoder = _mask_encoder(f.shot.width, f.shot.height)
    return tuple(encoder.encode(f.raster.label, [f.shot.labels_of[e] for e in f.shot.entity_ids]))


@functools.lru_cache(maxsize=4)
def _mask_encoder(width: int, height: int) -> MaskPngs:
    return MaskPngs(width, height)


def normal(f: Frame) -> np.ndarray:
    return maps.normal_control(f.raster.normal, f.raster.covered)


def pose(f: Frame) -> np.ndarray:
    """The skeletons, OpenPose-style, with joints hidden by other entities dimmed."""
    s = f.shot
    return draw_pose(_figures(s.world, f.state), f.K, f.world_to_camera, s.width, s.height,
                     f.near, f.raster.depth, f.raster.label, s.labels_of)


def segmentation(f: Frame) -> np.ndarray:
    """Instance colours, one per entity id."""
    return maps.colorize(f.entity_label, f.shot.inst_table)


def segmentation_semantic(f: Frame) -> np.ndarray:
    """Semantic class colours (ADE20K)."""
    return maps.colorize(f.entity_label, f.shot.sem_table)


#: Pass name → a function that gives its frame's files as PNG bytes, equal to encoding what
#: its `DERIVE` function gives (tested), where that is faster: the writer uses it when present.
ENCODED: dict[str, Callable[[Frame], tuple[bytes, ...]]] = {
    MASK: mask_pngs,
}

#: Pass name → the function that derives its frame's files.
DERIVE: dict[str, Callable[[Frame], Images]] = {
    CLAY: clay,
    CLAY_LIT: clay_lit,
    DEPTH: depth,
    EDGES: edges,
    MASK: mask,
    NORMAL: normal,
    POSE: pose,
    SEGMENTATION: segmentation,
    SEGMENTATION_SEMANTIC: segmentation_semantic,
}


@dataclass(frozen=True)
class ShotPass:
    """A pass scaled over the whole shot: `keep` is what a frame holds until the shot ends (the
    writer stores it as float32 and reads it back as float64); `finish` turns it into the
    frame's image, given the shot's (near, far) depth range in metres."""

    keep: Callable[[Frame], np.ndarray]
    finish: Callable[[np.ndarray, float, float], np.ndarray]


def metres(f: Frame) -> np.ndarray:
    return f.raster.depth


#: Pass name → its shot-wide derivation.
SHOT_DERIVE: dict[str, ShotPass] = {
    DEPTH_CONTROL: ShotPass(keep=metres, finish=maps.depth_control),
}

#: Every pass the writer can make, sorted.
NAMES: tuple[str, ...] = tuple(sorted({*DERIVE, *SHOT_DERIVE}))


def over_background(rgba: np.ndarray) -> np.ndarray:
    """A Workbench RGBA frame over the clay background colour (the shaded mode's), as RGB."""
    if rgba.ndim == 2 or rgba.shape[2] == 3:
        return np.ascontiguousarray(rgba if rgba.ndim == 3 else np.repeat(rgba[..., None], 3, 2))
    alpha = rgba[..., 3:4].astype(np.float64) / 255.0
    bg = np.asarray(maps.CLAY_BACKGROUND, np.float64)
    return np.rint(rgba[..., :3] * alpha + bg * (1.0 - alpha)).astype(np.uint8)


def _figures(world: World, state: Any) -> list[Figure]:
    out = []
    for entity in sorted(world.entities, key=lambda e: e.id):
        if entity.skeleton is None:
            continue
        joints = state.entities[entity.id].joints
        names = [j.name for j in entity.skeleton.joints]
        if is_humanoid(names):
            out.append(humanoid_figure(entity.id, joints, _rest_height(entity.skeleton, "head")))
        else:
            parents = {j.name: j.parent for j in entity.skeleton.joints}
            out.append(generic_figure(entity.id, joints, parents))
    return out


def _rest_height(skeleton: Any, name: str) -> float:
    by_name = {j.name: j for j in skeleton.joints}
    z, joint = 0.0, by_name.get(name)
    while joint is not None:
        z += joint.offset[2]
        joint = by_name.get(joint.parent) if joint.parent else None
    return z
