"""Footsteps and leg IK: from contact flags and a root path to planted, non-sliding feet.

Every legged gait (biped or quadruped) goes through the same three steps here:

1. `stance_runs`: the frames each leg is on the ground, from its gait phase.
2. `foot_targets`: one plant per stance (position and heading taken from the root at
   mid-stance, on the terrain), held fixed for the whole stance — that is the foot lock — with a
   heel-strike / heel-off rocker about the ankle and the toe, and a lifted arc between plants.
3. `solve_leg`: analytic two-bone IK puts the end joint exactly on its target and turns it so
   the foot has the planned orientation, so the tip lands where it was planned too.

Because the IK is exact and the motion is baked one key per frame, the planted joints of the
evaluated World do not move while in contact (the test measures that on `World.evaluate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..skeletons import Limb
from .rig import Rig, rot_x, rot_z, slerp_matrices, two_bone_ik
from .terrain import Terrain, align_up, normal


def stance_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) frame ranges (stop exclusive) where ``flags`` is True."""
    f = np.r_[False, np.asarray(flags, bool), False].astype(np.int8)
    d = np.diff(f)
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


@dataclass
class FootPlan:
    end: np.ndarray
    """(F, 3) world target of the limb's end joint (ankle)."""
    orientation: np.ndarray
    """(F, 3, 3) world rotation of the end joint (the foot)."""
    end_contact: np.ndarray
    """(F,) bool: the end joint (ankle / heel) is planted."""
    tip_contact: np.ndarray
    """(F,) bool: the tip joint (toe / paw) is planted."""


@dataclass(frozen=True)
class Rocker:
    """Per-stance foot roll: pitch (rad) at touchdown (toe up, rolled about the ankle) and at
    lift-off (heel up, rolled about the toe), and the stance fractions where the foot is flat."""

    heel_strike: float = 0.0
    toe_off: float = 0.0
    flat_from: float = 0.0
    flat_until: float = 1.0


def foot_targets(
    rig: Rig,
    limb: Limb,
    stance: np.ndarray,
    root_xy: np.ndarray,
    yaw: np.ndarray,
    terrain: Terrain,
    rockers: list[Rocker] | Rocker,
    lift: np.ndarray,
    lateral: np.ndarray | float = 1.0,
    toe_out: float = 0.0,
    lead: np.ndarray | float = 0.0,
) -> FootPlan:
    """Plan the end-joint path of one leg.

    ``stance`` (F,) bool contact flags; ``root_xy`` (F, 2) and ``yaw`` (F,) the root path;
    ``rockers`` one `Rocker` per stance run (or one for all); ``lift`` (F,) swing apex height;
    ``lateral`` (F,) or scalar scales the rest stance width (walkers put their feet nearer the
    midline); it is read at mid-stance, so a plant never moves while it is held. ``lead`` (F,)
    or scalar moves each plant forward along the heading (m): the heel-off rocker lengthens the
    leg behind the body, so a stance centred a little ahead keeps the knees from buckling.
    """
    frames = len(stance)
    rest = rig.rest_positions()
    end_rest = rest[rig.index(limb.end)]
    tip_off = rig.offsets[rig.index(limb.tip)] if limb.tip != limb.end else np.zeros(3)
    lateral = np.broadcast_to(np.asarray(lateral, float), (frames,))
    lead = np.broadcast_to(np.asarray(lead, float), (frames,))
    end_height = end_rest[2] - (rest[rig.index(limb.tip)][2] if limb.tip != limb.end else 0.0)
    end_height += _ground_clearance(rig, limb)
    runs = stance_runs(stance)
    if isinstance(rockers, Rocker):
        rockers = [rockers] * len(runs)

    end = np.zeros((frames, 3))
    orient = np.zeros((frames, 3, 3))
    end_contact = np.zeros(frames, bool)
    tip_contact = np.zeros(frames, bool)

    def plant(frame: int, heading: float) -> tuple[np.ndarray, np.ndarray]:
        foot_local = np.array([end_rest[0] * lateral[frame], end_rest[1] - lead[frame]])
        c, s = np.cos(yaw[frame]), np.sin(yaw[frame])
        xy = root_xy[frame] + np.array([c * foot_local[0] - s * foot_local[1],
                                        s * foot_local[0] + c * foot_local[1]])
        n = normal(terrain, xy[0], xy[1])
        tilt = align_up(n)
        rot = tilt @ rot_z(np.array(heading))
        ground = np.array([xy[0], xy[1], float(terrain(xy[0], xy[1]))])
        return ground + n * end_height, rot

    side = 1.0 if end_rest[0] >= 0 else -1.0
    plants = []
    for k, (a, b) in enumerate(runs):
        mid = (a + b - 1) // 2
        if b == frames and a > 0:
            mid = min(frames - 1, a + (b - a) // 2)
        pos, rot = plant(mid, yaw[mid] - side * toe_out)
        plants.append((pos, rot))
        rk = rockers[k]
        first, last = a == 0, b == frames
        u = (np.arange(a, b) - a + 0.5) / max(b - a, 1)
        strike = (u < rk.flat_from) & (not first)
        roll = (u > rk.flat_until) & (not last)
        pitch = np.zeros(len(u))
        if rk.flat_from > 0:
            pitch[strike] = -rk.heel_strike * (1.0 - u[strike] / rk.flat_from)
        if rk.flat_until < 1:
            pitch[roll] = rk.toe_off * (u[roll] - rk.flat_until) / (1.0 - rk.flat_until)
        r = rot @ rot_x(pitch)
        orient[a:b] = r
        # Heel strike and flat foot hold the ankle; the heel-off roll pivots about the toe.
        end[a:b] = pos
        tip = pos + rot @ tip_off
        end[a:b][roll] = tip - r[roll] @ tip_off
        end_contact[a:b] = ~roll
        tip_contact[a:b] = ~strike

    # Swings: from the last stance pose to the next plant along a lifted arc.
    for k in range(len(runs) + 1):
        s0 = runs[k - 1][1] if k > 0 else 0
        s1 = runs[k][0] if k < len(runs) else frames
        if s1 <= s0:
            continue
        if k == 0:
            start_pos, start_rot = plant(0, yaw[0])
        else:
            start_pos, start_rot = end[s0 - 1], orient[s0 - 1]
        if k < len(runs):
            stop_pos, stop_rot = plants[k]
            rk = rockers[k]
            stop_rot = stop_rot @ rot_x(np.array(-rk.heel_strike if rk.flat_from > 0 else 0.0))
        else:
            stop_pos, stop_rot = start_pos, start_rot
        w = (np.arange(s0, s1) - s0 + 1.0) / (s1 - s0 + 1)
        ws = w * w * (3 - 2 * w)
        end[s0:s1] = start_pos + (stop_pos - start_pos) * ws[:, None]
        # sin^0.6: the foot clears the ground in the first swing frame and lands in the last,
        # instead of skimming it while it already (or still) moves fast — at a gallop a paw
        # covers 20-30 cm a frame, which a plain sine arc kept within 2 cm of the ground.
        end[s0:s1, 2] += lift[s0:s1] * np.sin(np.pi * w) ** 0.6
        orient[s0:s1] = _slerp(start_rot, stop_rot, ws)
    return FootPlan(end, orient, end_contact, tip_contact)


def _ground_clearance(rig: Rig, limb: Limb) -> float:
    """Height of the tip joint above the sole at rest (its rest height in the template)."""
    tpl = rig.template
    if tpl is None:
        return 0.0
    return tpl.contact_height.get(limb.tip, 0.0) * rig.scale


def _slerp(a: np.ndarray, b: np.ndarray, w: float) -> np.ndarray:
    return slerp_matrices(a, b, w)


def max_root_drop(hip: np.ndarray, target: np.ndarray, up: np.ndarray, reach: float) -> np.ndarray:
    """Largest shift ``dz`` along ``up`` (F, 3) of the hip (F, 3) that keeps ``target`` within
    ``reach``; where no shift can reach, the shift that comes closest."""
    h = hip - target
    hu = (h * up).sum(-1)
    disc = hu * hu - (h * h).sum(-1) + reach * reach
    return -hu + np.sqrt(np.maximum(disc, 0.0))


def solve_leg(
    rig: Rig,
    limb: Limb,
    globals_: np.ndarray,
    plan: FootPlan,
    rotations: np.ndarray,
) -> None:
    """Write the upper, lower and end local rotations of ``limb`` into ``rotations`` (F, J, 3,
    3) so its end joint reaches ``plan.end`` with ``plan.orientation``. ``globals_`` are the
    current global matrices (only the limb's parent chain is read)."""
    iu, il, ie = rig.index(limb.upper), rig.index(limb.lower), rig.index(limb.end)
    parent = rig.parents[iu]
    parent_g = globals_[:, parent]
    hip = (parent_g @ np.r_[rig.offsets[iu], 1.0])[:, :3]
    hinge = np.asarray(limb.hinge, float)
    pole = plan.orientation @ hinge
    r_up, r_low, low_g = two_bone_ik(
        hip, parent_g[:, :3, :3], rig.offsets[il], rig.offsets[ie], hinge, plan.end, pole
    )
    rotations[:, iu] = r_up
    rotations[:, il] = r_low
    rotations[:, ie] = np.swapaxes(low_g, -1, -2) @ plan.orientation
