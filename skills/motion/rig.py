"""Forward and inverse kinematics over a World skeleton, vectorised over frames.

A `Rig` is a World `Skeleton` flattened into arrays (parents before children) so that a whole
clip of F frames is posed with one batched matrix product per joint. The conventions are the
World's (`previz.world.evaluate`): a joint's global matrix is
``parent_global @ T(offset) @ T(location) @ R(rotation)`` rooted at the entity matrix, and every
joint's rest frame has the entity's axes, so rest orientations are identities.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.spatial.transform import Rotation

from previz.world import InputError, Skeleton

from ..skeletons import TEMPLATES, SkeletonTemplate, skeleton_scale


@dataclass(frozen=True)
class Rig:
    names: tuple[str, ...]
    parents: np.ndarray
    """Index of each joint's parent in ``names``, -1 for a root; parents come first."""
    offsets: np.ndarray
    """(J, 3) rest offset of each joint from its parent (root: from the entity origin)."""
    template: SkeletonTemplate | None
    scale: float

    @classmethod
    def from_skeleton(cls, skeleton: Skeleton) -> Rig:
        by_name = {j.name: j for j in skeleton.joints}
        order: list[str] = []
        seen: set[str] = set()

        def visit(name: str) -> None:
            if name in seen:
                return
            parent = by_name[name].parent
            if parent is not None:
                visit(parent)
            seen.add(name)
            order.append(name)

        for j in skeleton.joints:
            visit(j.name)
        index = {n: i for i, n in enumerate(order)}
        parents = np.array(
            [-1 if by_name[n].parent is None else index[by_name[n].parent] for n in order]
        )
        offsets = np.array([by_name[n].offset for n in order], float)
        tpl = TEMPLATES.get(skeleton.template or "")
        return cls(tuple(order), parents, offsets, tpl, skeleton_scale(skeleton))

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise InputError(f"the skeleton has no joint {name!r}") from None

    def require_template(self) -> SkeletonTemplate:
        if self.template is None:
            raise InputError(
                "this motion needs a skeleton made from a template (humanoid, quadruped, bird, "
                "fish); retarget a custom skeleton onto one first"
            )
        return self.template

    def rest_positions(self) -> np.ndarray:
        """(J, 3) rest position of every joint in the entity frame."""
        pos = np.zeros_like(self.offsets)
        for i, p in enumerate(self.parents):
            pos[i] = self.offsets[i] + (pos[p] if p >= 0 else 0.0)
        return pos

    def identity(self, frames: int) -> np.ndarray:
        """(F, J, 3, 3) rest-pose local rotations."""
        return np.broadcast_to(np.eye(3), (frames, len(self.names), 3, 3)).copy()

    def fk(self, entity: np.ndarray, rotations: np.ndarray,
           locations: np.ndarray | None = None) -> np.ndarray:
        """Global 4×4 matrices (F, J, 4, 4) from entity matrices (F, 4, 4), local rotations
        (F, J, 3, 3) and local locations (F, J, 3) (zeros if None)."""
        frames, joints = rotations.shape[:2]
        out = np.empty((frames, joints, 4, 4))
        local = np.zeros((frames, 4, 4))
        local[:, 3, 3] = 1.0
        for j in range(joints):
            local[:, :3, :3] = rotations[:, j]
            local[:, :3, 3] = self.offsets[j] + (0.0 if locations is None else locations[:, j])
            parent = entity if self.parents[j] < 0 else out[:, self.parents[j]]
            out[:, j] = parent @ local
        return out


# --------------------------------------------------------------------------- rotations


def axis_angle(axis: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """(…, 3, 3) rotations by ``angle`` (…) about unit ``axis`` (…, 3) or a shared (3,)."""
    angle = np.asarray(angle, float)
    axis = np.broadcast_to(np.asarray(axis, float), (*angle.shape, 3))
    return Rotation.from_rotvec((axis * angle[..., None]).reshape(-1, 3)).as_matrix().reshape(
        *angle.shape, 3, 3
    )


def rot_x(a: np.ndarray) -> np.ndarray:
    return axis_angle(np.array([1.0, 0, 0]), a)


def rot_y(a: np.ndarray) -> np.ndarray:
    return axis_angle(np.array([0, 1.0, 0]), a)


def rot_z(a: np.ndarray) -> np.ndarray:
    return axis_angle(np.array([0, 0, 1.0]), a)


def euler_to_matrix(euler: np.ndarray) -> np.ndarray:
    """Blender XYZ Euler (…, 3) → (…, 3, 3), R = Rz @ Ry @ Rx."""
    e = np.asarray(euler, float)
    return Rotation.from_euler("xyz", e.reshape(-1, 3)).as_matrix().reshape(*e.shape[:-1], 3, 3)


def matrix_to_euler(mats: np.ndarray) -> np.ndarray:
    """(F, 3, 3) rotations of one channel over time → continuous Blender XYZ Euler (F, 3).

    Each matrix has two Euler solutions; per frame the one nearest the previous frame's angles is
    kept (with 2π unwrapping), so dense keys interpolate without flips."""
    return _continuous(_principal_euler(np.asarray(mats, float)))


def matrices_to_euler(mats: np.ndarray) -> np.ndarray:
    """(F, J, 3, 3) rotations of J channels over time → (F, J, 3): `matrix_to_euler` of each
    channel, the same numbers, with scipy asked once for all of them (baking a skeleton asked
    it once per joint, and its fixed cost per call was most of the conversion)."""
    m = np.asarray(mats, float)
    f, j = m.shape[:2]
    base = _principal_euler(m.reshape(f * j, 3, 3)).reshape(f, j, 3)
    fast = np.unwrap(base, axis=0)
    if f < 2 or not j:
        return fast
    # `_continuous`'s test for every channel at once; the others take its per-frame path.
    smooth = (np.abs(np.diff(fast, axis=0)).max(axis=(0, 2)) < 0.5) & (
        np.abs(base[:, :, 1]).max(axis=0) < np.pi / 2 - 0.2)
    for k in np.flatnonzero(~smooth):
        fast[:, k] = _continuous(base[:, k])
    return fast


def _principal_euler(m: np.ndarray) -> np.ndarray:
    """(N, 3): scipy's principal XYZ Euler of each (N, 3, 3) matrix."""
    with warnings.catch_warnings():
        # At gimbal lock scipy picks one of the equivalent solutions; either is exact.
        warnings.simplefilter("ignore", UserWarning)
        return Rotation.from_matrix(m).as_euler("xyz")


def _continuous(base: np.ndarray) -> np.ndarray:
    """(F, 3) principal Euler angles over time → the continuous ones (see `matrix_to_euler`)."""
    fast = np.unwrap(base, axis=0)
    if len(base) < 2 or (np.abs(np.diff(fast, axis=0)).max() < 0.5
                         and np.abs(base[:, 1]).max() < np.pi / 2 - 0.2):
        # Smooth and away from gimbal lock: the principal solution, unwrapped, is continuous.
        return fast
    alt = np.stack([base[:, 0] + np.pi, np.pi - base[:, 1], base[:, 2] + np.pi], axis=1)
    alt = (alt + np.pi) % (2 * np.pi) - np.pi
    out = np.empty_like(base)
    prev = np.zeros(3)
    for f in range(len(base)):
        best = None
        for cand in (base[f], alt[f]):
            c = prev + (cand - prev + np.pi) % (2 * np.pi) - np.pi
            d = float(np.abs(c - prev).sum())
            if best is None or d < best[0]:
                best = (d, c)
        out[f] = best[1]
        prev = out[f]
    return out


def slerp_matrices(a: np.ndarray, b: np.ndarray, w: np.ndarray | float) -> np.ndarray:
    """Rotations between ``a`` and ``b`` (…, 3, 3) at weight ``w`` (broadcast over …)."""
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    w = np.asarray(w, float)
    shape = (*np.broadcast_shapes(a.shape[:-2], b.shape[:-2], w.shape), 3, 3)
    a = np.broadcast_to(a, shape).reshape(-1, 3, 3)
    b = np.broadcast_to(b, shape).reshape(-1, 3, 3)
    w = np.broadcast_to(w, shape[:-2]).reshape(-1)
    rel = Rotation.from_matrix(np.swapaxes(a, -1, -2) @ b).as_rotvec()
    out = a @ Rotation.from_rotvec(rel * w[:, None]).as_matrix()
    return out.reshape(shape)


# --------------------------------------------------------------------------- two-bone IK


def _normalize(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n > 1e-12, n, 1.0)


def _frame(primary: np.ndarray, secondary: np.ndarray) -> np.ndarray:
    """Orthonormal frames (…, 3, 3) whose columns are ``primary``, the part of ``secondary``
    orthogonal to it, and their cross product."""
    a = _normalize(primary)
    b = _normalize(secondary - (secondary * a).sum(-1, keepdims=True) * a)
    return np.stack([a, b, np.cross(a, b)], axis=-1)


def two_bone_ik(
    root_pos: np.ndarray,
    parent_rot: np.ndarray,
    upper: np.ndarray,
    lower: np.ndarray,
    hinge: np.ndarray,
    target: np.ndarray,
    pole: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Analytic IK of a hip–knee–ankle chain, vectorised over frames.

    ``root_pos`` (F, 3): the upper joint's world position; ``parent_rot`` (F, 3, 3): the upper
    joint's parent's global rotation; ``upper``/``lower`` (3,): rest bone vectors (knee − hip,
    ankle − knee); ``hinge`` (3,): the lower joint's flexion axis (a positive rotation about it
    flexes); ``target`` (F, 3): where the end should be; ``pole`` (F, 3): the world direction the
    hinge axis should point (the knee then bends in the plane it is normal to).

    Returns the upper and lower *local* rotations (F, 3, 3) and the global rotation of the
    lower bone (F, 3, 3), which the caller needs to orient the end joint. A target out of reach
    straightens the limb towards it."""
    l1, l2 = np.linalg.norm(upper), np.linalg.norm(lower)
    d_vec = target - root_pos
    d = np.clip(np.linalg.norm(d_vec, axis=-1), abs(l1 - l2) + 1e-6, (l1 + l2) * (1 - 1e-9))
    n = hinge / np.linalg.norm(hinge)
    b_par = np.dot(lower, n) * n
    b_perp = lower - b_par
    c0 = float(np.dot(upper, b_par))
    ca = float(np.dot(upper, b_perp))
    cb = float(np.dot(upper, np.cross(n, b_perp)))
    k = (d * d - l1 * l1 - l2 * l2) / 2.0 - c0
    r0 = np.hypot(ca, cb)
    phi = np.arctan2(cb, ca)
    theta = phi + np.arccos(np.clip(k / r0, -1.0, 1.0))
    # Straight limbs solve to theta == phi; wrap so the flexion angle is the small positive one.
    theta = (theta + np.pi) % (2 * np.pi) - np.pi
    r_lower = axis_angle(n, theta)
    chain = upper + r_lower @ lower  # (F, 3) in the upper joint's frame
    local_frame = _frame(chain, np.broadcast_to(n, chain.shape))
    world_frame = _frame(d_vec, pole)
    r_upper_global = world_frame @ np.swapaxes(local_frame, -1, -2)
    r_upper_local = np.swapaxes(parent_rot, -1, -2) @ r_upper_global
    return r_upper_local, r_lower, r_upper_global @ r_lower
