"""Motion quality metrics as pure functions over evaluated joint positions.

These are what `previz check` reports (the command itself lives with the supervisor): foot
skating while in contact, contact joints sinking into or floating above the ground, and
character–character / character–scene interpenetration. They take plain arrays so they work on
a `Motion`, on a World evaluated frame by frame, or on positions read back from Blender.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world import World

from .terrain import Terrain, flat


@dataclass(frozen=True)
class Skating:
    mean_cm: float
    """Mean horizontal slide (cm per frame) over frame pairs where the joint is in contact."""
    max_cm: float
    frames: int
    """Number of frame pairs measured."""


def foot_skating(positions: np.ndarray, contact: np.ndarray) -> Skating:
    """Horizontal slide of a contact joint: ``positions`` (F, 3) world positions at consecutive
    frames, ``contact`` (F,) bool. Only pairs of frames that are both in contact count."""
    p = np.asarray(positions, float)
    c = np.asarray(contact, bool)
    both = c[1:] & c[:-1]
    if not both.any():
        return Skating(0.0, 0.0, 0)
    step = np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1)[both] * 100.0
    return Skating(float(step.mean()), float(step.max()), int(both.sum()))


@dataclass(frozen=True)
class GroundContact:
    penetration_cm: float
    """Deepest a contact joint goes below its rest height above the ground (cm, ≥ 0)."""
    floating_cm: float
    """Highest a contact joint stays above its rest height while flagged in contact (cm, ≥ 0)."""


def ground_contact(positions: np.ndarray, contact: np.ndarray, rest_height: float,
                   terrain: Terrain | None = None) -> GroundContact:
    """How far a contact joint is from where it should be: ``rest_height`` above the terrain
    while in contact, and never below that height at any frame."""
    terrain = terrain or flat()
    p = np.asarray(positions, float)
    c = np.asarray(contact, bool)
    gap = p[:, 2] - terrain(p[:, 0], p[:, 1]) - rest_height
    pen = float(max(0.0, -gap.min())) * 100.0
    flo = float(max(0.0, gap[c].max())) * 100.0 if c.any() else 0.0
    return GroundContact(pen, flo)


def world_joint_tracks(world: World, entity: str, frames: range) -> dict[str, np.ndarray]:
    """(F, 3) world position of every joint of ``entity`` at ``frames``, from `World.evaluate`."""
    states = [world.evaluate(f).entities[entity].joints for f in frames]
    names = list(states[0])
    return {n: np.array([s[n][:3, 3] for s in states]) for n in names}


def min_separation(positions: np.ndarray, radii: np.ndarray) -> tuple[float, tuple[int, int, int]]:
    """Smallest gap between discs on the ground plane over time.

    ``positions`` (F, N, 2 or 3) root positions of N characters at F frames, ``radii`` (N,) body
    radii. Returns the smallest ``distance − r_i − r_j`` (negative = overlap) and the (frame, i,
    j) where it happens. Uses a k-d tree per frame, so 100 characters × 240 frames is quick."""
    from scipy.spatial import cKDTree

    p = np.asarray(positions, float)[..., :2]
    r = np.asarray(radii, float)
    best = (np.inf, (-1, -1, -1))
    reach = 2 * r.max()
    for f in range(p.shape[0]):
        tree = cKDTree(p[f])
        pairs = tree.query_pairs(reach + 1.0, output_type="ndarray")
        if len(pairs) == 0:
            continue
        d = np.linalg.norm(p[f, pairs[:, 0]] - p[f, pairs[:, 1]], axis=1)
        gap = d - r[pairs[:, 0]] - r[pairs[:, 1]]
        k = int(np.argmin(gap))
        if gap[k] < best[0]:
            best = (float(gap[k]), (f, int(pairs[k, 0]), int(pairs[k, 1])))
    return best


def interpenetrations(positions: np.ndarray, radii: np.ndarray, tolerance: float = 0.0) -> int:
    """Number of (frame, pair) where two characters' discs overlap by more than ``tolerance``."""
    from scipy.spatial import cKDTree

    p = np.asarray(positions, float)[..., :2]
    r = np.asarray(radii, float)
    count = 0
    for f in range(p.shape[0]):
        pairs = cKDTree(p[f]).query_pairs(2 * r.max(), output_type="ndarray")
        if len(pairs):
            d = np.linalg.norm(p[f, pairs[:, 0]] - p[f, pairs[:, 1]], axis=1)
            count += int((d < r[pairs[:, 0]] + r[pairs[:, 1]] - tolerance).sum())
    return count


def bone_points(joints: np.ndarray, parents: np.ndarray, samples: int = 3) -> np.ndarray:
    """Points along every bone (…, K, 3) from joint positions (…, J, 3): the coarse capsule
    skeleton used for interpenetration checks."""
    child = np.flatnonzero(np.asarray(parents) >= 0)
    par = np.asarray(parents)[child]
    t = np.linspace(0.0, 1.0, samples)[:, None, None]
    a = joints[..., par, :]
    b = joints[..., child, :]
    pts = a[..., None, :, :] + (b - a)[..., None, :, :] * t  # (..., S, B, 3)
    return pts.reshape(*joints.shape[:-2], -1, 3)


@dataclass(frozen=True)
class Interpenetration:
    count: int
    """(frame, character pair) combinations where two bodies' capsules overlap."""
    min_gap: float
    """Smallest distance between two characters' bone capsules (m, negative = overlap)."""


def body_interpenetrations(joints: np.ndarray, parents: np.ndarray, radius: float = 0.07,
                           samples: int = 3) -> Interpenetration:
    """Character–character interpenetration over time: ``joints`` (F, N, J, 3) world joint
    positions of N characters, each bone a capsule of ``radius`` sampled at ``samples`` points.
    A k-d tree per frame finds close points of different characters."""
    from scipy.spatial import cKDTree

    pts = bone_points(np.asarray(joints, float), parents, samples)  # (F, N, K, 3)
    frames, n, k = pts.shape[:3]
    owner = np.repeat(np.arange(n), k)
    count = 0
    gap = np.inf
    for f in range(frames):
        flat = pts[f].reshape(-1, 3)
        pairs = cKDTree(flat).query_pairs(2 * radius + 0.1, output_type="ndarray")
        if len(pairs) == 0:
            continue
        other = owner[pairs[:, 0]] != owner[pairs[:, 1]]
        pairs = pairs[other]
        if len(pairs) == 0:
            continue
        d = np.linalg.norm(flat[pairs[:, 0]] - flat[pairs[:, 1]], axis=1) - 2 * radius
        gap = min(gap, float(d.min()))
        hit = pairs[d < 0]
        count += len({(owner[a], owner[b]) for a, b in hit})
    return Interpenetration(count, gap)


def self_intersections(joints: np.ndarray, parents: np.ndarray, radius: float = 0.05,
                       samples: int = 4) -> int:
    """Frames where two non-adjacent bones of one body come closer than two capsule radii
    (a hand through the chest, crossed shins). ``joints`` (F, J, 3)."""
    parents = np.asarray(parents)
    child = np.flatnonzero(parents >= 0)
    bones = [(int(parents[c]), int(c)) for c in child]
    # Bones sharing a joint, or a joint with its grandparent, touch by construction.
    near = set()
    for a, (pa, ca) in enumerate(bones):
        for b, (pb, cb) in enumerate(bones):
            if b <= a:
                continue
            shared = {pa, ca} & {pb, cb}
            chain = parents[pa] in (pb, cb) or parents[pb] in (pa, ca)
            if shared or chain:
                near.add((a, b))
    pairs = np.array([(a, b) for a in range(len(bones)) for b in range(a + 1, len(bones))
                      if (a, b) not in near])
    if len(pairs) == 0:
        return 0
    t = np.linspace(0.05, 0.95, samples)
    j = np.asarray(joints, float)
    p0 = j[:, [b[0] for b in bones]]
    p1 = j[:, [b[1] for b in bones]]
    pts = p0[:, :, None] + (p1 - p0)[:, :, None] * t[None, None, :, None]  # (F, B, S, 3)
    a = pts[:, pairs[:, 0]]
    b = pts[:, pairs[:, 1]]
    d = np.linalg.norm(a[:, :, :, None] - b[:, :, None, :], axis=-1).min(axis=(2, 3))
    return int((d < 2 * radius).any(axis=1).sum())


def scene_penetration(points: np.ndarray, footprints: list[np.ndarray]) -> float:
    """Deepest any body point (…, 2 or 3) goes inside an obstacle footprint (convex polygons
    from `previz.skills.trajectory.grid.footprints`), in metres; 0 when nothing enters."""
    p = np.asarray(points, float).reshape(-1, np.shape(points)[-1])[:, :2]
    worst = 0.0
    for poly in footprints:
        depth = np.full(len(p), np.inf)
        for a, b in zip(poly, np.roll(poly, -1, axis=0), strict=True):
            edge = b - a
            normal = np.array([edge[1], -edge[0]]) / np.linalg.norm(edge)  # outward (CCW)
            depth = np.minimum(depth, -((p - a) @ normal))
        worst = max(worst, float(depth.max()))
    return max(worst, 0.0)


def path_deviation(positions: np.ndarray, planned: np.ndarray) -> tuple[float, float]:
    """Mean and max distance (m) of root positions (F, 2+) from a planned polyline (N, 2)."""
    p = np.asarray(positions, float)[:, :2]
    q = np.asarray(planned, float)[:, :2]
    if len(q) == 1:
        d = np.linalg.norm(p - q[0], axis=1)
        return float(d.mean()), float(d.max())
    a, b = q[:-1], q[1:]
    ab = b - a
    t = np.clip(((p[:, None] - a) * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-18), 0, 1)
    closest = a + t[..., None] * ab
    d = np.linalg.norm(p[:, None] - closest, axis=-1).min(axis=1)
    return float(d.mean()), float(d.max())
