"""Motion clips: per-frame poses and root motion, blending, sequencing and baking into a World.

A `Motion` holds, for F frames, the local rotation of every joint (3×3 matrices relative to the
rest pose), the local location of every joint (only roots move in practice), the entity's world
location and Euler rotation, and per contact joint whether it is planted. It is what the
procedural generators produce and what `bake` writes into an entity as keyframe curves.

Rotations are kept as matrices rather than Euler angles so clips can be blended (by slerp) and
layered without gimbal artefacts; Euler angles only appear when baking, made continuous so
dense keys interpolate without flips.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np

from previz.world import Curve, Entity, InputError, Joint, Skeleton, Transform
from previz.world.tracks import keys_from_arrays

from .legs import FootPlan, solve_leg
from .rig import Rig, euler_to_matrix, matrices_to_euler, slerp_matrices


@dataclass
class Motion:
    names: tuple[str, ...]
    fps: float
    rotations: np.ndarray
    """(F, J, 3, 3) local joint rotations relative to rest."""
    locations: np.ndarray
    """(F, J, 3) local joint locations relative to rest."""
    entity_location: np.ndarray
    """(F, 3) entity location in the world."""
    entity_rotation: np.ndarray
    """(F, 3) entity Euler XYZ rotation (continuous)."""
    contacts: dict[str, np.ndarray] = field(default_factory=dict)
    """Per contact joint, (F,) bool: planted this frame."""
    name: str = ""

    @property
    def frames(self) -> int:
        return len(self.rotations)

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def entity_matrices(self) -> np.ndarray:
        m = np.zeros((self.frames, 4, 4))
        m[:, :3, :3] = euler_to_matrix(self.entity_rotation)
        m[:, :3, 3] = self.entity_location
        m[:, 3, 3] = 1.0
        return m

    def globals(self, rig: Rig) -> np.ndarray:
        """(F, J, 4, 4) global joint matrices (same as evaluating the baked World)."""
        return rig.fk(self.entity_matrices(), self.rotations, self.locations)

    def slice(self, start: int, stop: int | None = None) -> Motion:
        sl = slice(start, stop)
        return replace(
            self,
            rotations=self.rotations[sl], locations=self.locations[sl],
            entity_location=self.entity_location[sl], entity_rotation=self.entity_rotation[sl],
            contacts={k: v[sl] for k, v in self.contacts.items()},
        )


# --------------------------------------------------------------------------- blending


def smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def crossfade(a: Motion, b: Motion, frames: int, rig: Rig | None = None) -> Motion:
    """``a`` followed by ``b``, overlapping by ``frames``: over the overlap the pose and the
    root blend from ``a`` to ``b`` with a smoothstep weight. Length is a + b − frames.

    Blending two poses whose feet stand in different places would slide the feet, so with the
    skeleton's ``rig`` (a template skeleton) the legs are re-planted through the overlap
    (`replant`): a foot that stands in the same place before and after stays locked, a foot
    that must move takes a short lifted step, one foot after the other."""
    if a.names != b.names:
        raise InputError("cannot crossfade motions of different skeletons")
    frames = int(min(frames, a.frames, b.frames))
    if frames <= 0:
        return concatenate([a, b])
    w = smoothstep((np.arange(frames) + 1.0) / (frames + 1.0))
    ta, hb = a.slice(a.frames - frames), b.slice(0, frames)
    rot = slerp_matrices(ta.rotations, hb.rotations, w[:, None])
    loc = ta.locations + (hb.locations - ta.locations) * w[:, None, None]
    eloc = ta.entity_location + (hb.entity_location - ta.entity_location) * w[:, None]
    erot = ta.entity_rotation + (_unwrap_to(hb.entity_rotation, ta.entity_rotation)
                                 - ta.entity_rotation) * w[:, None]
    contacts = {}
    for k in set(a.contacts) | set(b.contacts):
        ca = ta.contacts.get(k, np.zeros(frames, bool))
        cb = hb.contacts.get(k, np.zeros(frames, bool))
        contacts[k] = ca & cb
    mid = Motion(a.names, a.fps, rot, loc, eloc, erot, contacts)
    out = concatenate([a.slice(0, a.frames - frames), mid, b.slice(frames)],
                      name=f"{a.name}+{b.name}")
    if rig is not None and rig.template is not None and rig.template.legs:
        replant(out, rig, a.frames - frames, frames)
    return out


def replant(motion: Motion, rig: Rig, start: int, frames: int, lift: float = 0.06) -> None:
    """Re-plant the legs of ``motion`` (in place) over frames ``[start, start + frames)``, the
    overlap of a crossfade.

    Each leg's end joint goes from where it is on the frame before the overlap to where it is on
    the frame after it. If both are the same place (within 5 mm) the foot is held there: the
    blend of two planted poses then cannot slide it (the tip, toe or paw, too). Otherwise the
    foot steps: it lifts by
    ``lift`` (× the skeleton's scale) on a smooth arc, and the legs that step take turns so
    the body always stands on something. Contact flags follow (off while a foot is in the air).
    """
    before, after = start - 1, start + frames
    if before < 0 or after >= motion.frames or frames <= 0:
        return
    tpl = rig.require_template()
    sl = slice(start, start + frames)
    g_all = motion.globals(rig)
    moving = []
    for leg in tpl.legs:
        # The foot moves if its end joint (ankle) or its tip (toe, paw) does.
        moved = [np.linalg.norm(g_all[after, rig.index(j), :3, 3]
                                - g_all[before, rig.index(j), :3, 3])
                 for j in (leg.end, leg.tip) if j in rig.names]
        moving.append(bool(max(moved) > 0.005))
    # Legs step in two alternating groups by gait phase: a biped's left then right foot, a
    # quadruped's diagonal pairs (as in a trot), so the body always stands on something and
    # each step gets more than half the overlap: the first group over 0–0.6, the second 0.4–1.
    group = {k: int(((leg.phase + 0.25) % 1.0) * 2) for k, leg in enumerate(tpl.legs)}
    used = sorted({group[k] for k, m in enumerate(moving) if m})
    window: dict[int, tuple[float, float]] = {}
    for k, m in enumerate(moving):
        if m:
            n = used.index(group[k])
            window[k] = (0.0, 1.0) if len(used) == 1 else ((0.0, 0.6), (0.4, 1.0))[n]
    t = (np.arange(frames) + 1.0) / (frames + 1.0)
    rot = motion.rotations[sl].copy()
    g = g_all[sl]
    for k, leg in enumerate(tpl.legs):
        ie = rig.index(leg.end)
        p0, p1 = g_all[before, ie, :3, 3], g_all[after, ie, :3, 3]
        r0, r1 = g_all[before, ie, :3, :3], g_all[after, ie, :3, :3]
        if k in window:
            lo, hi = window[k]
            u = np.clip((t - lo) / (hi - lo), 0.0, 1.0)
            w = smoothstep(u)
            end = p0 + (p1 - p0) * w[:, None]
            airborne = (u > 0.0) & (u < 1.0)
            end[:, 2] += lift * rig.scale * np.sin(np.pi * u) ** 0.6  # as legs.foot_targets
            contact = ~airborne
        else:
            w = smoothstep(t)
            end = p0 + (p1 - p0) * w[:, None]
            contact = np.ones(frames, bool)
        orient = slerp_matrices(r0, r1, w)
        solve_leg(rig, leg, g, FootPlan(end, orient, contact, contact), rot)
        motion.contacts.setdefault(leg.end, np.zeros(motion.frames, bool))[sl] = contact
        if leg.tip in motion.contacts:
            motion.contacts[leg.tip][sl] = contact
    motion.rotations[sl] = rot


def _unwrap_to(x: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return ref + (x - ref + np.pi) % (2 * np.pi) - np.pi


def concatenate(parts: Sequence[Motion], name: str = "") -> Motion:
    parts = [p for p in parts if p.frames > 0]
    if not parts:
        raise InputError("nothing to concatenate: every motion is empty")
    erot = [parts[0].entity_rotation]
    for p in parts[1:]:
        # Keep yaw continuous across the seam (a clip may start at an equivalent angle ± 2π).
        shift = np.round((erot[-1][-1] - p.entity_rotation[0]) / (2 * np.pi)) * 2 * np.pi
        erot.append(p.entity_rotation + shift)
    keys = sorted({k for p in parts for k in p.contacts})
    return Motion(
        names=parts[0].names, fps=parts[0].fps,
        rotations=np.concatenate([p.rotations for p in parts]),
        locations=np.concatenate([p.locations for p in parts]),
        entity_location=np.concatenate([p.entity_location for p in parts]),
        entity_rotation=np.concatenate(erot),
        contacts={k: np.concatenate([p.contacts.get(k, np.zeros(p.frames, bool)) for p in parts])
                  for k in keys},
        name=name or "+".join(p.name for p in parts),
    )


def layer(base: Motion, overlay: Motion, joints: Sequence[str], weight: float = 1.0) -> Motion:
    """``base`` with the local rotations of ``joints`` replaced by ``overlay``'s (blended by
    ``weight``): an upper-body action (wave, point) over a lower-body one (walk, idle)."""
    if base.frames != overlay.frames:
        raise InputError(f"layer: motions differ in length ({base.frames} vs {overlay.frames})")
    idx = [base.names.index(j) for j in joints]
    rot = base.rotations.copy()
    rot[:, idx] = slerp_matrices(base.rotations[:, idx], overlay.rotations[:, idx], weight)
    return replace(base, rotations=rot, name=f"{base.name}|{overlay.name}")


# --------------------------------------------------------------------------- baking


def reduce_keys(values: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the keys to keep so that linear interpolation between kept keys stays within
    ``tolerance`` of every dropped value (Ramer–Douglas–Peucker on frame/value, measured
    vertically). The first and last keys are always kept.

    Most segments are short, and a numpy call costs more than a short Python loop: segments of
    up to `_SHORT_SEGMENT` keys are measured in plain floats with the same operations in the same
    order (the same errors, the first largest one chosen, as ``argmax`` does), so the keys kept
    are the same either way — about seven times faster over a crowd's channels."""
    v = np.asarray(values, float)
    n = len(v)
    if n <= 2 or tolerance <= 0:
        return np.arange(n)
    vl = v.tolist()
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        if b - a > _SHORT_SEGMENT:
            t = (np.arange(a + 1, b) - a) / (b - a)
            err = np.abs(v[a + 1:b] - (v[a] + (v[b] - v[a]) * t))
            k = int(np.argmax(err))
            worst = float(err[k])
        else:
            va, rise, span = vl[a], vl[b] - vl[a], b - a
            worst, k = -1.0, 0
            for i in range(a + 1, b):
                e = abs(vl[i] - (va + rise * ((i - a) / span)))
                if e > worst:
                    worst, k = e, i - a - 1
        if worst > tolerance:
            m = a + 1 + k
            keep[m] = True
            stack += [(a, m), (m, b)]
    return np.flatnonzero(keep)


_SHORT_SEGMENT = 100


def reduce_keys_rows(values: np.ndarray, tolerance: float) -> list[np.ndarray]:
    """`reduce_keys` of each row of ``values`` (R, N): the same keys, found for all rows at
    once — every segment of one depth of the subdivision measured in one pass of numpy, with
    the same errors (the same operations in the same order) and the first largest one chosen,
    so the keys kept are those `reduce_keys` keeps row by row."""
    v = np.asarray(values, float)
    rows, n = v.shape
    if n <= 2 or tolerance <= 0:
        return [np.arange(n) for _ in range(rows)]
    flat = v.ravel()
    keep = np.zeros(rows * n, bool)
    seg_a = np.arange(rows) * n  # segments as flat indices of their end keys
    seg_b = seg_a + n - 1
    keep[seg_a] = keep[seg_b] = True
    while len(seg_a):
        inner = seg_b - seg_a - 1
        wide = inner > 0
        seg_a, seg_b, inner = seg_a[wide], seg_b[wide], inner[wide]
        if not len(seg_a):
            break
        starts = np.cumsum(inner) - inner
        which = np.repeat(np.arange(len(inner)), inner)
        a, b = seg_a[which], seg_b[which]
        i = np.arange(len(which)) - starts[which] + a + 1
        va = flat[a]
        err = np.abs(flat[i] - (va + (flat[b] - va) * ((i - a) / (b - a))))
        worst = np.maximum.reduceat(err, starts)
        hits = np.flatnonzero(err == worst[which])
        first = hits[np.r_[True, which[hits[1:]] != which[hits[:-1]]]]
        split = worst > tolerance
        mid = i[first][split]
        keep[mid] = True
        seg_a, seg_b = np.r_[seg_a[split], mid], np.r_[mid, seg_b[split]]
    keep = keep.reshape(rows, n)
    return [np.flatnonzero(k) for k in keep]


#: Baked values closer to zero than this are written as 0.0: the last-bit rounding of a pose
#: (one joint key 2.2e-16 or -0.0 instead of 0.0) followed the memory layout of the arrays
#: (which kernel a matrix product took), so the same motion baked another World hash.
ZERO = 1e-12


def _curve(values: np.ndarray, frames: np.ndarray, interpolation: str,
           tolerance: float = 0.0) -> float | Curve:
    values = np.where(np.abs(values) < ZERO, 0.0, values)  # (−0.0 too)
    if float(np.ptp(values)) < 1e-9:
        return float(values[0])
    if tolerance > 0 and interpolation == "linear":
        idx = reduce_keys(values, tolerance)
        values, frames = np.asarray(values)[idx], np.asarray(frames)[idx]
    # The keys checked once per channel, not one by one (`keys_from_arrays`: the same keys).
    return Curve.model_construct(keys=keys_from_arrays(frames, values, interpolation))


def _curves(values: np.ndarray, frames: np.ndarray, interpolation: str,
            tolerance: float = 0.0) -> list[float | Curve]:
    """`_curve` of each row of ``values`` (C, F), the same numbers and keys: the zero snap,
    the still test and the key reduction (`reduce_keys_rows`) run once over all the rows."""
    v = np.asarray(values, float)
    v = np.where(np.abs(v) < ZERO, 0.0, v)  # (−0.0 too)
    still = (v.max(axis=1) - v.min(axis=1)) < 1e-9 if v.shape[1] else np.ones(len(v), bool)
    out: list[float | Curve] = [float(row[0]) if s else 0.0 for row, s in zip(v, still,
                                                                               strict=True)]
    moving = np.flatnonzero(~still)
    frames = np.asarray(frames)
    if tolerance > 0 and interpolation == "linear":
        kept = reduce_keys_rows(v[moving], tolerance)
    else:
        kept = [None] * len(moving)
    for r, k in zip(moving, kept, strict=True):
        f, row = (frames, v[r]) if k is None else (frames[k], v[r][k])
        out[r] = Curve.model_construct(keys=keys_from_arrays(f, row, interpolation))
    return out


def key_indices(frames: int, step: int) -> np.ndarray:
    idx = np.arange(0, frames, max(1, int(step)))
    if idx[-1] != frames - 1:
        idx = np.r_[idx, frames - 1]
    return idx


def bake(motion: Motion, entity: Entity, frame_start: int = 1, step: int = 1,
         interpolation: str = "linear", tolerance: float = 0.0) -> Entity:
    """A copy of ``entity`` whose transform and joint channels are keyed from ``motion``,
    one key every ``step`` frames starting at ``frame_start`` (plus the last frame). Channels
    that do not move become plain numbers. With ``step=1`` evaluating the World at a whole frame
    reproduces the motion exactly.

    ``tolerance`` > 0 (radians for rotations, metres for locations; linear keys only) drops
    keys that linear interpolation reproduces within it. Gait channels oscillate about once a
    second, so at 1e-3 rad about a third of the keys go (feet stay within a few millimetres);
    quiet channels (idle, holds) collapse to a handful of keys."""
    with gc_paused():
        return _bake(motion, entity, frame_start, step, interpolation, tolerance)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off inside (as it was after). A crowd's bake makes a
    million key objects, none in a cycle, and the collections their number set off — each
    walking every object alive — were half of what baking 100 walkers cost (CPU 5.4 -> 2.8 s
    in `benchmarks/motion.py`); the keys are the same."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _bake(motion: Motion, entity: Entity, frame_start: int, step: int, interpolation: str,
          tolerance: float) -> Entity:
    if entity.skeleton is None:
        raise InputError(f"entity {entity.id!r} has no skeleton to animate")
    names = [j.name for j in entity.skeleton.joints]
    if sorted(names) != sorted(motion.names):
        raise InputError(f"entity {entity.id!r}: its skeleton's joints differ from the motion's")
    idx = key_indices(motion.frames, step)
    frames = frame_start + idx
    col = {n: i for i, n in enumerate(motion.names)}
    order = [col[j.name] for j in entity.skeleton.joints]
    # Every joint's Euler angles in one conversion (the same numbers as joint by joint), and
    # every channel keyed in one pass (`_curves`): per joint its rotation then its location,
    # then the entity's location and rotation.
    eulers = matrices_to_euler(motion.rotations[idx][:, order])
    per_joint = np.concatenate([eulers.transpose(1, 2, 0),
                                motion.locations[idx][:, order].transpose(1, 2, 0)], axis=1)
    channels = np.concatenate([per_joint.reshape(-1, len(idx)),
                               motion.entity_location[idx].T, motion.entity_rotation[idx].T])
    curves = _curves(channels, frames, interpolation, tolerance)
    joints = []
    for n, j in enumerate(entity.skeleton.joints):
        c = curves[6 * n:6 * n + 6]
        joints.append(Joint.model_construct(
            name=j.name, parent=j.parent, offset=j.offset,
            rotation=tuple(c[:3]), location=tuple(c[3:]),
        ))
    c = curves[-6:]
    transform = Transform.model_construct(
        location=tuple(c[:3]), rotation=tuple(c[3:]), scale=entity.transform.scale,
    )
    skel = Skeleton.model_construct(template=entity.skeleton.template, joints=joints)
    return entity.model_copy(update={"transform": transform, "skeleton": skel})

