"""What each shot shows: a low-resolution label render of the proxies, and where the camera is.

`check` judged framing from box corners only, so a shot whose subject sits behind a wall, a
close-up of a blank wall, or a drone shot that ends looking at the sky all passed. Here every
entity's white-box proxy (`previz.world.proxy`: one box for a prop, character or animal, floor
slab and walls for a set) is rasterised per sampled frame through the shot camera's K and pose
(`skills.raster.rasterize`, the same rasteriser as the segmentation pass) into a `RENDER_WIDTH`
pixel wide label image (96×54 for a 16:9 shot: a few milliseconds a frame). At most
`MAX_FRAMES` frames per shot are sampled, evenly, first and last included; a World in which
nothing moves renders one frame for all of them.

From the labels, per shot:

- ``subject_rarely_visible``: a subject is visible (at least the fidelity scorer's
  `MIN_PIXELS` pixels and `MIN_SHARE` of the picture, the same rule) in fewer than
  `MIN_VISIBLE_SHARE` of the sampled frames (a group of more than `GROUP` subjects counts as
  visible when at least half of its members are: crowd members hide one another; its members
  are counted on a `CROWD_RENDER_WIDTH` render, fine enough to resolve them);
- ``subject_too_small``: the subject's mean pixel share over the frames it is visible in is
  below what the shot size asks (the fidelity scorer's `SIZE_SHARE`; a group is judged by
  its members' sum).
  The World does not record the planned size, so it comes in ``sizes`` (shot id → plan size
  name or `skills.camera.shots` code, see `sizes_from_plan`); unknown sizes get `UNKNOWN_SIZE`;
- ``empty_frames``: more than `MAX_EMPTY_SHARE` of the sampled frames show nothing but void
  and set (no pixel of any prop, character or animal) or more than `EMPTY_VOID` void;
- ``no_subject``: the shot has nothing to be about (no ``facing`` target, character, animal
  or prop);
- ``camera_outside_set``: the eye is beyond the edge of every set (grounds, terrains, stage
  sets; rooms are the existing ``camera_inside_geometry`` check's, which also covers walls
  and props);
- ``camera_below_ground``: the eye is inside a set's footprint but under its floor.

Subjects follow `check`'s rule: the camera's ``facing`` targets (as the agents write them);
without those, the characters and animals; without those, the props.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from previz.skills.geometry import Box, proxy_part_boxes
from previz.skills.raster import rasterize
from previz.world import Curve, World
from previz.world.evaluate import WorldState
from previz.world.proxy import SHELLS, proxy_size

from ..fidelity.score import SIZE_SHARE
from ..fidelity.visibility import MIN_PIXELS, MIN_SHARE, Visibility

RENDER_WIDTH = 96
MAX_FRAMES = 12
MIN_VISIBLE_SHARE = 0.8
MAX_EMPTY_SHARE = 0.1
EMPTY_VOID = 0.9
GROUP = 4
#: A shot of more than `GROUP` subjects (a crowd) has its subjects judged on a render this many
#: pixels wide. At `RENDER_WIDTH` a member of a 100-strong column framed whole is one or two
#: pixels wide, under `MIN_PIXELS` wherever the camera stands, and the 4-pixel floor on 96×54
#: is 0.077 % of the picture, 1.5× the scorer's `MIN_SHARE` (which alone decides on the
#: 832×480 segmentation pass): "half of the group visible" failed for every camera. At this
#: width the floor is the scorer's share and a member is resolved.
CROWD_RENDER_WIDTH = 384
ROOMS = ("wall", "room")
EDGE_TOL = 0.05  # metres beyond a set's edge that still count as on it
#: `skills.camera.shots` codes → the plan's size names.
SIZE_CODES = {"ECU": "extreme_close_up", "CU": "close_up", "MCU": "medium", "MS": "medium",
              "MLS": "medium", "FS": "full", "LS": "wide", "ELS": "extreme_wide"}
UNKNOWN_SIZE = 0.001  # a subject under ~5 pixels of 96×54 is a speck in any shot

Issue = tuple[str, list[str], list[int], str]

# The 12 triangles of a box from its 8 corners in `Box.corners` order (x, then y, then z sign).
_FACES = np.array([
    [0, 1, 3], [0, 3, 2], [4, 6, 7], [4, 7, 5],  # -x, +x
    [0, 4, 5], [0, 5, 1], [2, 3, 7], [2, 7, 6],  # -y, +y
    [0, 2, 6], [0, 6, 4], [1, 5, 7], [1, 7, 3],  # -z, +z
])


def size_name(size: str | None) -> str | None:
    """A plan size name or a shot code (``"CU"``) → the plan size name; None if unknown."""
    if size is None:
        return None
    key = size.strip()
    if key.upper() in SIZE_CODES:
        return SIZE_CODES[key.upper()]
    key = key.lower().replace("-", "_").replace(" ", "_")
    return key if key in SIZE_SHARE else None


def sizes_from_plan(plan: Any) -> dict[str, str]:
    """Shot id in the World → planned size, from a `ScenePlan` (or its JSON dict); the agents
    name a plan shot ``shot_1`` in the World ``shot-1``."""
    shots = plan.get("shots", []) if isinstance(plan, dict) else plan.shots
    out = {}
    for sp in shots:
        sid, size = (sp.get("id", "shot_1"), sp.get("size", "wide")) if isinstance(sp, dict) \
            else (sp.id, sp.size)
        out[sid.replace("_", "-")] = size
        out[sid] = size
    return out


def shot_subjects(world: World, camera: str) -> list[str]:
    """The entities a shot through ``camera`` is about (see the module docstring)."""
    kinds = {e.id: e.kind for e in world.entities}
    facing = [r.target for r in world.relations if r.type == "facing" and r.subject == camera
              and kinds.get(r.target) not in (None, "set")]
    if facing:
        return list(dict.fromkeys(facing))
    for wanted in (("character", "animal"), ("prop",)):
        ids = [e.id for e in world.entities if e.kind in wanted]
        if ids:
            return ids
    return []


def sample_frames(start: int, end: int, most: int = MAX_FRAMES) -> list[int]:
    """At most ``most`` frames of ``start..end``, evenly spaced, both ends included."""
    n = end - start + 1
    if n <= most:
        return list(range(start, end + 1))
    return sorted({round(float(f)) for f in np.linspace(start, end, most)})


def box_triangles(box: Box) -> np.ndarray:
    """(12, 3, 3) world triangles of an oriented box."""
    return box.corners()[_FACES]


class LabelScene:
    """The proxies of every entity as labelled triangles; boxes that never move are built once.

    Label k + 1 is entity k of ``world.entities``; 0 is void."""

    def __init__(self, world: World, moving: set[str]) -> None:
        self.world = world
        self.labels = {e.id: k + 1 for k, e in enumerate(world.entities)}
        self.background = np.zeros(len(world.entities) + 1, bool)
        self.background[0] = True
        for e in world.entities:
            if e.kind == "set":
                self.background[self.labels[e.id]] = True
        attached = {r.subject for r in world.relations if r.type == "attached_to"}
        self._dynamic = [e for e in world.entities if e.id in moving or e.id in attached]
        self._static_ids = [e for e in world.entities if e not in self._dynamic]
        self._static: tuple[np.ndarray, np.ndarray] | None = None

    def _triangles(self, entities: list, state: WorldState) -> tuple[np.ndarray, np.ndarray]:
        tris, labels = [], []
        for e in entities:
            for b in proxy_part_boxes(e, state.entities[e.id].matrix):
                tris.append(box_triangles(b))
                labels.append(np.full(12, self.labels[e.id], np.int32))
        if not tris:
            return np.zeros((0, 3, 3)), np.zeros(0, np.int32)
        return np.concatenate(tris), np.concatenate(labels)

    def triangles(self, state: WorldState) -> tuple[np.ndarray, np.ndarray]:
        if self._static is None:
            self._static = self._triangles(self._static_ids, state)
        dyn = self._triangles(self._dynamic, state)
        return (np.concatenate([self._static[0], dyn[0]]),
                np.concatenate([self._static[1], dyn[1]]))

    def render(self, state: WorldState, camera: str, resolution: tuple[int, int],
               width: int = RENDER_WIDTH) -> np.ndarray:
        """(H, W) int32 labels seen through ``camera``, ``width`` pixels wide."""
        w = width
        h = max(1, round(width * resolution[1] / resolution[0]))
        cam = state.cameras[camera]
        tris, labels = self.triangles(state)
        if len(tris) == 0:
            return np.zeros((h, w), np.int32)
        raster = rasterize(tris, np.zeros_like(tris), labels, cam.intrinsics(w, h),
                           cam.world_to_camera(), w, h, cam.clip_start, cam.clip_end)
        return raster.label

    def counts(self, shot: Any, frames: list[int], state_at: Callable[[int], WorldState],
               width: int = RENDER_WIDTH) -> tuple[np.ndarray, list[int], list[int]]:
        """Pixels per label (F × labels) of ``shot`` at ``frames`` in a render ``width`` pixels
        wide, and the frames in which its camera is under the ground / beyond the set's edge
        (looked for at `RENDER_WIDTH` only)."""
        counts = np.zeros((len(frames), len(self.labels) + 1), np.int64)
        below, outside = [], []
        for k, f in enumerate(frames):
            state = state_at(f)
            img = self.render(state, shot.camera, shot.resolution, width)
            counts[k] = np.bincount(img.ravel(), minlength=counts.shape[1])
            if width != RENDER_WIDTH:
                continue
            where = _camera_place(self.world, state, shot.camera)
            if where == "below":
                below.append(f)
            elif where == "outside":
                outside.append(f)
        return counts, below, outside


def framing_checks(
    world: World,
    shot_ids: list[str],
    state_at: Callable[[int], WorldState],
    moving: set[str],
    animated: bool,
    sizes: Mapping[str, str] | None = None,
    vis: Visibility | None = None,
) -> tuple[dict[str, Any], list[Issue]]:
    """Per shot: metrics (sampled frames, each subject's visible share and mean pixel share,
    the empty-frame share) and problems as ``(kind, entity ids, frames, detail)``. ``vis``,
    when given, receives each rendered frame's pixel counts (what `supervisor_visibility`
    renders, for the plan-fidelity checks to read instead of rendering the shots again)."""
    scene = LabelScene(world, moving)
    ids = [e.id for e in world.entities]
    metrics: dict[str, Any] = {}
    issues: list[Issue] = []
    for sid in shot_ids:
        s = world.shot(sid)
        all_frames = list(range(s.frame_start, s.frame_end + 1))
        frames = sample_frames(s.frame_start, s.frame_end) if animated else [s.frame_start]

        def spread(found: list[int], _all: list[int] = all_frames) -> list[int]:
            # A World where nothing moves: one rendered frame stands for the whole shot.
            return found if animated else (list(_all) if found else [])

        subjects = shot_subjects(world, s.camera)
        size = size_name((sizes or {}).get(s.id))
        counts, below, outside = scene.counts(s, frames, state_at)
        if vis is not None:
            for f, row in zip(frames, counts, strict=True):
                vis.add_counts(s.id, f, row, ids)
        pixels = int(counts[0].sum())
        least = max(MIN_PIXELS, int(MIN_SHARE * pixels))
        void = counts[:, 0] / pixels
        things = counts[:, ~scene.background].sum(axis=1)
        empty = [f for f, v, t in zip(frames, void, things, strict=True)
                 if t < least or v > EMPTY_VOID]
        per: dict[str, Any] = {}
        shares = {}
        crowd, crowd_least, crowd_pixels = counts, least, pixels
        if len(subjects) > GROUP:  # a crowd: its members judged on a finer render
            crowd = scene.counts(s, frames, state_at, CROWD_RENDER_WIDTH)[0]
            crowd_pixels = int(crowd[0].sum())
            crowd_least = max(MIN_PIXELS, int(MIN_SHARE * crowd_pixels))
        for eid in subjects:
            n = crowd[:, scene.labels[eid]]
            shares[eid] = (n / crowd_pixels, n >= crowd_least)
            seen = shares[eid][1]
            per[eid] = {"visible_share": round(float(seen.mean()), 4),
                        "pixel_share": round(float(shares[eid][0][seen].mean())
                                             if seen.any() else 0.0, 5)}
        metrics[s.id] = {"size": size, "frames_sampled": frames, "subjects": per,
                         "empty_frame_share": round(len(empty) / len(frames), 4)}
        if not subjects:
            issues.append(("no_subject", [s.camera], all_frames,
                           f"shot {s.id}: no character, animal or prop for {s.camera} to show"))
        else:
            issues += _subject_issues(s.id, subjects, shares, frames, size, spread)
        if len(empty) / len(frames) > MAX_EMPTY_SHARE:
            issues.append(("empty_frames", [s.camera], spread(empty),
                           f"shot {s.id}: {len(empty)} of {len(frames)} sampled frames show "
                           f"nothing but set or void"))
        if below:
            issues.append(("camera_below_ground", [s.camera], spread(below),
                           f"shot {s.id}: {s.camera} is under the ground"))
        if outside:
            issues.append(("camera_outside_set", [s.camera], spread(outside),
                           f"shot {s.id}: {s.camera} stands beyond the edge of the set"))
    return metrics, issues


def supervisor_visibility(world: World, shot_ids: list[str] | None = None) -> Visibility:
    """The supervisor's box render of each shot's sampled frames as a `Visibility` (what the
    fidelity scorer reads from the segmentation pass), for comparing the two."""
    moving = {e.id for e in world.entities
              if any(isinstance(v, Curve) for ch in (e.transform.location, e.transform.rotation,
                                                     e.transform.scale) for v in ch)}
    scene = LabelScene(world, moving)
    ids = [e.id for e in world.entities]
    vis: Visibility | None = None
    for sid in shot_ids if shot_ids is not None else [s.id for s in world.shots]:
        s = world.shot(sid)
        for f in sample_frames(s.frame_start, s.frame_end):
            img = scene.render(world.evaluate(f), s.camera, s.resolution)
            if vis is None:
                vis = Visibility(img.shape[1], img.shape[0])
            vis.add_frame(s.id, f, img, ids)
    return vis if vis is not None else Visibility(RENDER_WIDTH, RENDER_WIDTH * 9 // 16)


def _subject_issues(shot: str, subjects: list[str],
                    shares: dict[str, tuple[np.ndarray, np.ndarray]], frames: list[int],
                    size: str | None, spread: Callable[[list[int]], list[int]]) -> list[Issue]:
    issues: list[Issue] = []
    need = SIZE_SHARE[size] if size is not None else UNKNOWN_SIZE
    what = size.replace("_", " ") if size is not None else "any"
    if len(subjects) > GROUP:
        seen = np.mean([shares[i][1] for i in subjects], axis=0) >= 0.5
        total = np.sum([shares[i][0] for i in subjects], axis=0)
        groups = [(sorted(subjects), seen, total, "half of the group")]
    else:
        groups = [([i], shares[i][1], shares[i][0], i) for i in subjects]
    for ids, seen, share, name in groups:
        visible = float(seen.mean())
        if visible < MIN_VISIBLE_SHARE:
            hidden = [f for f, v in zip(frames, seen, strict=True) if not v]
            issues.append(("subject_rarely_visible", ids, spread(hidden),
                           f"shot {shot}: {name} is visible in {visible:.0%} of the sampled "
                           f"frames (needs {MIN_VISIBLE_SHARE:.0%})"))
        if seen.any():
            mean = float(share[seen].mean())
            if mean < need:
                small = [f for f, v, x in zip(frames, seen, share, strict=True) if v and x < need]
                issues.append(("subject_too_small", ids, spread(small),
                               f"shot {shot}: {name} fills {mean:.2%} of the frame; a {what} "
                               f"shot needs {need:.1%}"))
    return issues


def _camera_place(world: World, state: WorldState, camera: str) -> str | None:
    """``"below"`` when the eye is inside a set's footprint under its floor, ``"outside"`` when
    it is beyond every set's edge (only judged without rooms: a camera outside a room is the
    ``camera_inside_geometry`` check's), else None."""
    eye = state.cameras[camera].matrix[:3, 3]
    # The grounds and rooms; a procedural set's parts (a ceiling, a post) are solids, and a
    # camera inside one is `camera_inside_geometry`'s to report.
    sets = [e for e in world.entities if e.kind == "set" and e.semantic_class in SHELLS]
    if not sets:
        return None
    on_any = False
    for e in sets:
        m = state.entities[e.id].matrix
        local = np.linalg.solve(m, np.r_[eye, 1.0])[:3]
        w, d, h = proxy_size(e)
        if abs(local[0]) > w / 2 + EDGE_TOL or abs(local[1]) > d / 2 + EDGE_TOL:
            continue
        on_any = True
        # The floor: a thin set (a ground plate) is stood on at its top, a room or a terrain
        # block at its bottom — as `check`'s support test reads them.
        level = h if h <= 0.05 else 0.0
        if local[2] < level - 0.01 and e.semantic_class not in ROOMS:
            return "below"
    if on_any or any(e.semantic_class in ROOMS for e in sets):
        return None
    return "outside"
