"""Humanoid actions as keyed poses: idle, turn, wave, point, look at, punches, block, dodge,
bow, crouch, sit down / stand up, jump, kick, dribble, shoot, play an instrument; quadruped sit.

An action is data: a duration and a few keys ``(fraction of the duration, pose)`` in the pose
language of `poses` (plus a pelvis offset), interpolated by slerp with smoothstep easing. The
legs are not keyed: the feet stay planted where the character stands and two-bone IK bends the
knees under whatever the pelvis does, so crouching, bowing or dodging never slides a foot. Kick
and jump key the feet instead. Aimed actions (point, look at) solve their joint rotations from a
world target so the arm or gaze really points there.

Every generator takes ``hand`` ("right"/"left", mirroring the pose), ``intensity`` (scales the
pose away from the base) and ``duration``; all are deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from previz.world import InputError, Skeleton

from ..vocabulary import declare
from .clip import Motion, slerp_matrices, smoothstep
from .legs import FootPlan, solve_leg
from .poses import ARMS_DOWN, GUARD, Pose, mirror, pose_matrices
from .rig import Rig, euler_to_matrix, rot_x, rot_z
from .styles import Style
from .styles import style as get_style

Vec = tuple[float, float, float]


@dataclass(frozen=True)
class Keyed:
    duration: float
    keys: tuple[tuple[float, Pose], ...]
    pelvis: tuple[tuple[float, Vec], ...] = ((0.0, (0.0, 0.0, 0.0)),)
    base: Pose = field(default_factory=lambda: ARMS_DOWN)


_G = GUARD
ACTIONS: dict[str, Keyed] = {
    "wave": Keyed(2.0, (
        (0.0, {}),
        (0.2, {"right_shoulder": [("y", 15)], "right_elbow": [("y", 80)]}),
        (0.35, {"right_shoulder": [("y", 15)], "right_elbow": [("y", 55)]}),
        (0.5, {"right_shoulder": [("y", 15)], "right_elbow": [("y", 105)]}),
        (0.65, {"right_shoulder": [("y", 15)], "right_elbow": [("y", 55)]}),
        (0.8, {"right_shoulder": [("y", 15)], "right_elbow": [("y", 80)]}),
        (1.0, {}),
    )),
    "jab": Keyed(0.6, (
        (0.0, _G),
        (0.35, {**_G, "left_shoulder": [("z", -90), ("x", -5)], "left_elbow": [("z", -5)],
                "spine2": [("z", -10)], "right_shoulder": _G["right_shoulder"]}),
        (0.55, {**_G, "left_shoulder": [("z", -90), ("x", -5)], "left_elbow": [("z", -5)],
                "spine2": [("z", -10)]}),
        (1.0, _G),
    ), base=_G),
    "cross": Keyed(0.7, (
        (0.0, _G),
        (0.4, {**_G, "right_shoulder": [("z", 45), ("x", -5)], "right_elbow": [("z", 5)],
               "spine2": [("z", 25)], "spine1": [("z", 10)], "pelvis": [("z", 15)]}),
        (0.6, {**_G, "right_shoulder": [("z", 45), ("x", -5)], "right_elbow": [("z", 5)],
               "spine2": [("z", 25)], "spine1": [("z", 10)], "pelvis": [("z", 15)]}),
        (1.0, _G),
    ), base=_G),
    "hook": Keyed(0.7, (
        (0.0, _G),
        (0.3, {**_G, "left_shoulder": [("z", 20)], "left_elbow": [("z", -90)],
               "spine2": [("z", 20)]}),
        (0.6, {**_G, "left_shoulder": [("z", -70)], "left_elbow": [("z", -90)],
               "spine2": [("z", -25)], "spine1": [("z", -10)]}),
        (1.0, _G),
    ), base=_G),
    "block": Keyed(1.0, (
        (0.0, _G),
        (0.25, {**_G, "right_shoulder": [("y", -30), ("z", 50), ("x", -60)],
                "right_elbow": [("z", 130)],
                "left_shoulder": [("y", 30), ("z", -50), ("x", -60)], "left_elbow": [("z", -130)],
                "head": [("x", 15)]}),
        (0.75, {**_G, "right_shoulder": [("y", -30), ("z", 50), ("x", -60)],
                "right_elbow": [("z", 130)],
                "left_shoulder": [("y", 30), ("z", -50), ("x", -60)], "left_elbow": [("z", -130)],
                "head": [("x", 15)]}),
        (1.0, _G),
    ), base=_G),
    "dodge": Keyed(0.8, (
        (0.0, _G),
        (0.4, {**_G, "spine1": [("y", 15), ("x", 10)], "spine2": [("y", 10)]}),
        (1.0, _G),
    ), pelvis=((0.0, (0, 0, 0)), (0.4, (0.12, 0.0, -0.12)), (1.0, (0, 0, 0))), base=_G),
    "bow": Keyed(2.0, (
        (0.0, {}),
        (0.4, {"spine1": [("x", 45)], "spine2": [("x", 15)], "neck": [("x", 15)]}),
        (0.6, {"spine1": [("x", 45)], "spine2": [("x", 15)], "neck": [("x", 15)]}),
        (1.0, {}),
    ), pelvis=((0.0, (0, 0, 0)), (0.4, (0, 0.1, -0.03)), (0.6, (0, 0.1, -0.03)),
               (1.0, (0, 0, 0)))),
    "crouch": Keyed(1.0, (
        (0.0, {}),
        (1.0, {"spine1": [("x", 30)], "neck": [("x", -20)], "head": [("x", -10)]}),
    ), pelvis=((0.0, (0, 0, 0)), (1.0, (0, 0.12, -0.38)))),
    "sit_down": Keyed(1.5, (
        (0.0, {}),
        (0.5, {"spine1": [("x", 35)], "neck": [("x", -15)]}),
        (1.0, {"spine1": [("x", 5)]}),
    ), pelvis=((0.0, (0, 0, 0)), (0.5, (0, 0.25, -0.25)), (1.0, (0, 0.42, -0.41)))),
    "stand_up": Keyed(1.5, (
        (0.0, {"spine1": [("x", 5)]}),
        (0.5, {"spine1": [("x", 40)], "neck": [("x", -15)]}),
        (1.0, {}),
    ), pelvis=((0.0, (0, 0.42, -0.41)), (0.5, (0, 0.25, -0.25)), (1.0, (0, 0, 0)))),
    "dribble": Keyed(2.0, (
        (0.0, {"spine1": [("x", 15)]}),
        (0.2, {"spine1": [("x", 15)], "right_shoulder": [("y", -70), ("x", -25)],
               "right_elbow": [("z", 70)]}),
        (0.35, {"spine1": [("x", 15)], "right_shoulder": [("y", -70), ("x", -10)],
                "right_elbow": [("z", 5)]}),
        (0.5, {"spine1": [("x", 15)], "right_shoulder": [("y", -70), ("x", -25)],
               "right_elbow": [("z", 70)]}),
        (0.65, {"spine1": [("x", 15)], "right_shoulder": [("y", -70), ("x", -10)],
                "right_elbow": [("z", 5)]}),
        (0.8, {"spine1": [("x", 15)], "right_shoulder": [("y", -70), ("x", -25)],
               "right_elbow": [("z", 70)]}),
        (1.0, {"spine1": [("x", 15)]}),
    ), pelvis=((0.0, (0, 0.05, -0.1)),)),
    "play_guitar": Keyed(2.0, (
        (0.0, {}),
        (0.15, {"left_shoulder": [("y", 60), ("z", -60)], "left_elbow": [("z", -80)],
                "right_shoulder": [("y", -70), ("z", 40)], "right_elbow": [("z", 80)]}),
        (0.3, {"left_shoulder": [("y", 60), ("z", -60)], "left_elbow": [("z", -80)],
               "right_shoulder": [("y", -70), ("z", 40)], "right_elbow": [("z", 110)]}),
        (0.45, {"left_shoulder": [("y", 60), ("z", -60)], "left_elbow": [("z", -80)],
                "right_shoulder": [("y", -70), ("z", 40)], "right_elbow": [("z", 80)]}),
        (0.6, {"left_shoulder": [("y", 60), ("z", -60)], "left_elbow": [("z", -80)],
               "right_shoulder": [("y", -70), ("z", 40)], "right_elbow": [("z", 110)]}),
        (0.75, {"left_shoulder": [("y", 60), ("z", -60)], "left_elbow": [("z", -80)],
                "right_shoulder": [("y", -70), ("z", 40)], "right_elbow": [("z", 80)]}),
        (1.0, {}),
    )),
    "play_drums": Keyed(2.0, (
        (0.0, {}),
        (0.15, {"right_shoulder": [("y", -70), ("x", -30)], "right_elbow": [("z", 100)],
                "left_shoulder": [("y", 70), ("x", -30)], "left_elbow": [("z", -60)]}),
        (0.3, {"right_shoulder": [("y", -70), ("x", -30)], "right_elbow": [("z", 60)],
               "left_shoulder": [("y", 70), ("x", -30)], "left_elbow": [("z", -100)]}),
        (0.45, {"right_shoulder": [("y", -70), ("x", -30)], "right_elbow": [("z", 100)],
                "left_shoulder": [("y", 70), ("x", -30)], "left_elbow": [("z", -60)]}),
        (0.6, {"right_shoulder": [("y", -70), ("x", -30)], "right_elbow": [("z", 60)],
               "left_shoulder": [("y", 70), ("x", -30)], "left_elbow": [("z", -100)]}),
        (0.75, {"right_shoulder": [("y", -70), ("x", -30)], "right_elbow": [("z", 100)],
                "left_shoulder": [("y", 70), ("x", -30)], "left_elbow": [("z", -60)]}),
        (1.0, {}),
    ), pelvis=((0.0, (0, 0.1, -0.35)),)),
}
"""Keyed humanoid actions, right-handed (``hand="left"`` mirrors them; the jab and hook are
lead-hand punches, so they are keyed for the left hand of an orthodox boxer)."""


def _interp(frames: int, keys: Sequence[tuple[float, Pose]], base: Pose,
            intensity: float) -> dict[str, np.ndarray]:
    joints = sorted({j for _, p in keys for j in p} | set(base))
    base_m = pose_matrices(base)
    t = np.linspace(0.0, 1.0, frames)
    times = np.array([k for k, _ in keys])
    out = {}
    for j in joints:
        rest = base_m.get(j, np.eye(3))
        mats = np.stack([pose_matrices({j: p[j]})[j] if j in p else rest for _, p in keys])
        mats = slerp_matrices(rest, mats, intensity)
        k = np.clip(np.searchsorted(times, t, side="right") - 1, 0, len(keys) - 1)
        k2 = np.minimum(k + 1, len(keys) - 1)
        span = np.where(k2 > k, times[k2] - times[k], 1.0)
        w = smoothstep(np.where(k2 > k, (t - times[k]) / span, 0.0))
        out[j] = slerp_matrices(mats[k], mats[k2], w)
    return out


def _vec_interp(frames: int, keys: Sequence[tuple[float, Vec]]) -> np.ndarray:
    t = np.linspace(0.0, 1.0, frames)
    times = np.array([k for k, _ in keys])
    vals = np.array([v for _, v in keys], float)
    if len(keys) == 1:
        return np.tile(vals[0], (frames, 1))
    k = np.clip(np.searchsorted(times, t, side="right") - 1, 0, len(keys) - 2)
    w = smoothstep((t - times[k]) / (times[k + 1] - times[k]))
    return vals[k] + (vals[k + 1] - vals[k]) * w[:, None]


def standing(rig: Rig, body: dict[str, np.ndarray], pelvis: np.ndarray, fps: float,
             location: Sequence[float] = (0.0, 0.0, 0.0), yaw: float = 0.0,
             feet: dict[str, FootPlan] | None = None, root_path: np.ndarray | None = None,
             name: str = "") -> Motion:
    """A motion from body rotations and a pelvis offset with the feet planted where the
    character stands (or following ``feet`` plans, per leg name), legs solved by IK."""
    tpl = rig.require_template()
    frames = len(pelvis)
    rot = rig.identity(frames)
    for j, m in body.items():
        rot[:, rig.index(j)] = m
    loc = np.zeros((frames, len(rig.names), 3))
    loc[:, rig.index(tpl.root)] = pelvis * rig.scale
    location = np.asarray(location, float)
    eloc = np.tile(location, (frames, 1)) if root_path is None else root_path
    erot = np.tile([0.0, 0.0, yaw], (frames, 1))
    emat = np.zeros((frames, 4, 4))
    emat[:, :3, :3] = euler_to_matrix(erot)
    emat[:, :3, 3] = eloc
    emat[:, 3, 3] = 1.0
    g = rig.fk(emat, rot, loc)
    rest = rig.rest_positions()
    contacts = {}
    for leg in tpl.legs:
        plan = (feet or {}).get(leg.name)
        if plan is None:
            target = (emat[0] @ np.r_[rest[rig.index(leg.end)], 1.0])[:3]
            orient = rot_z(np.array(yaw))
            plan = FootPlan(np.tile(target, (frames, 1)), np.broadcast_to(orient, (frames, 3, 3)),
                            np.ones(frames, bool), np.ones(frames, bool))
        solve_leg(rig, leg, g, plan, rot)
        contacts[leg.end] = plan.end_contact
        contacts[leg.tip] = plan.tip_contact
    return Motion(rig.names, fps, rot, loc, eloc, erot, contacts, name=name)


def _humanoid(skeleton: Skeleton) -> Rig:
    rig = Rig.from_skeleton(skeleton)
    if rig.require_template().name != "humanoid":
        raise InputError(f"this action is for a humanoid, not a {rig.template.name}")  # type: ignore[union-attr]
    return rig


def action(skeleton: Skeleton, name: str, duration: float | None = None, hand: str | None = None,
           intensity: float = 1.0, fps: float = 24.0, location: Sequence[float] = (0, 0, 0),
           yaw: float = 0.0, style: str | Style | None = None,
           pelvis_base: Sequence[float] | None = None) -> Motion:
    """A keyed action from `ACTIONS` (or idle) standing at ``location`` facing ``yaw``.

    ``pelvis_base`` (body units) is added to the action's pelvis offset: the action is played
    from another stance, e.g. seated (`repertoire.seated_offset`) for playing the piano.

    ``hand`` defaults to the hand the action is keyed for: the lead (left) hand for a jab or a
    hook, the right hand otherwise; the other hand mirrors the whole pose. ``style``
    (`styles.STYLES`) scales the amplitude (on top of ``intensity``, capped at 2) and, unless
    ``duration`` is given, the tempo (a brisk wave is quicker, a tired one slower and
    smaller)."""
    st = get_style(style)
    rig = _humanoid(skeleton)
    if name == "idle":
        return idle(skeleton, duration or 3.0, fps, location, yaw)
    if name not in ACTIONS:
        raise InputError(f"unknown action {name!r}; choose one of: "
                         f"{', '.join(sorted([*ACTIONS, *GENERATORS]))}")
    native = "left" if name in ("jab", "hook") else "right"
    hand = native if hand is None else hand
    if hand not in ("right", "left"):
        raise InputError(f"hand must be 'right' or 'left', got {hand!r}")
    if not (0.0 < intensity <= 2.0):
        raise InputError(f"intensity must be in (0, 2], got {intensity:g}")
    spec = ACTIONS[name]
    # An explicit duration is kept; the style's tempo changes the action's natural length.
    dur = spec.duration / st.tempo if duration is None else float(duration)
    intensity = min(2.0, intensity * st.amplitude)
    if dur <= 0:
        raise InputError(f"duration must be positive, got {dur:g}")
    frames = max(2, round(dur * fps) + 1)
    flip = hand != native
    keys = [(t, mirror(p) if flip else p) for t, p in spec.keys]
    base = mirror(spec.base) if flip else spec.base
    body = _interp(frames, keys, base, intensity)
    pelvis = _vec_interp(frames, spec.pelvis) * [(-1 if flip else 1), 1, 1]
    pelvis = pelvis * np.r_[intensity, intensity, intensity]
    if pelvis_base is not None:
        pelvis = pelvis + np.asarray(pelvis_base, float)
    return standing(rig, body, pelvis, fps, location, yaw, name=name)


def idle(skeleton: Skeleton, duration: float = 3.0, fps: float = 24.0,
         location: Sequence[float] = (0, 0, 0), yaw: float = 0.0, seed: int = 0) -> Motion:
    """Standing: breathing (spine), a slow weight shift (pelvis), arms relaxed; feet planted."""
    rig = _humanoid(skeleton)
    frames = max(2, round(duration * fps) + 1)
    t = np.arange(frames) / fps
    rng = np.random.default_rng(seed)
    ph = rng.uniform(0, 2 * np.pi, 3)
    body = {j: np.broadcast_to(m, (frames, 3, 3)).copy() for j, m in
            pose_matrices(ARMS_DOWN).items()}
    breath = np.radians(1.5) * np.sin(2 * np.pi * 0.25 * t + ph[0])
    body["spine2"] = rot_x(breath)
    body["spine3"] = rot_x(breath * 0.5)
    body["head"] = rot_z(np.radians(4) * np.sin(2 * np.pi * 0.07 * t + ph[1]))
    pelvis = np.c_[0.02 * np.sin(2 * np.pi * 0.1 * t + ph[2]), np.zeros(frames),
                   np.full(frames, -0.015)]
    return standing(rig, body, pelvis, fps, location, yaw, name="idle")


def _aim(rig: Rig, motion: Motion, joint: str, child: str, target: np.ndarray,
         weight: np.ndarray) -> None:
    """Turn ``joint`` so its bone to ``child`` points at ``target`` (blended by ``weight``)."""
    from .clip import slerp_matrices as slerp

    g = motion.globals(rig)
    i = rig.index(joint)
    parent_rot = g[:, rig.parents[i], :3, :3]
    origin = g[:, i, :3, 3]
    want = target - origin
    want /= np.linalg.norm(want, axis=1, keepdims=True)
    bone = rig.offsets[rig.index(child)]
    bone = bone / np.linalg.norm(bone)
    # Rotation taking the rest bone to the wanted direction, in the parent's frame.
    local_want = np.einsum("fji,fj->fi", parent_rot, want)
    axis = np.cross(bone, local_want)
    s = np.linalg.norm(axis, axis=1)
    c = local_want @ bone
    ang = np.arctan2(s, c)
    axis = axis / np.where(s > 1e-12, s, 1.0)[:, None]
    from scipy.spatial.transform import Rotation

    aim = Rotation.from_rotvec(axis * ang[:, None]).as_matrix()
    motion.rotations[:, i] = slerp(motion.rotations[:, i], aim, weight)


def point(skeleton: Skeleton, target: Sequence[float], duration: float = 2.0,
          hand: str = "right", fps: float = 24.0, location: Sequence[float] = (0, 0, 0),
          yaw: float = 0.0) -> Motion:
    """Raise the arm and point it (shoulder → wrist, elbow straight) at a world ``target``."""
    rig = _humanoid(skeleton)
    m = idle(skeleton, duration, fps, location, yaw)
    frames = m.frames
    side = "right" if hand == "right" else "left"
    w = smoothstep(np.clip(np.minimum(np.linspace(0, 1, frames) / 0.3,
                                      (1 - np.linspace(0, 1, frames)) / 0.2), 0, 1))
    m.rotations[:, rig.index(f"{side}_elbow")] = slerp_matrices(
        m.rotations[:, rig.index(f"{side}_elbow")], np.eye(3), w)
    m.rotations[:, rig.index(f"{side}_wrist")] = np.eye(3)
    _aim(rig, m, f"{side}_shoulder", f"{side}_elbow", np.asarray(target, float), w)
    m.name = "point"
    return m


def look_at(skeleton: Skeleton, target: Sequence[float], duration: float = 2.0,
            fps: float = 24.0, location: Sequence[float] = (0, 0, 0), yaw: float = 0.0
            ) -> Motion:
    """Turn neck and head so the face (−Y of the head) looks at a world ``target``; the neck
    takes 40 % of the turn, the head the rest, within the head's limits."""
    rig = _humanoid(skeleton)
    m = idle(skeleton, duration, fps, location, yaw)
    frames = m.frames
    w = smoothstep(np.clip(np.linspace(0, 1, frames) / 0.3, 0, 1))
    target = np.asarray(target, float)
    for joint, share in (("neck", 0.4), ("head", 1.0)):
        g = m.globals(rig)
        i = rig.index(joint)
        parent_rot = g[:, rig.parents[i], :3, :3]
        eye = g[:, rig.index("head"), :3, 3]
        d = np.einsum("fji,fj->fi", parent_rot, target - eye)
        yaw_l = np.arctan2(d[:, 1], d[:, 0]) + np.pi / 2
        yaw_l = (yaw_l + np.pi) % (2 * np.pi) - np.pi
        pitch = np.arctan2(d[:, 2], np.hypot(d[:, 0], d[:, 1]))
        # Facing −Y, looking up is a negative X turn.
        cur = rot_z(yaw_l * share) @ rot_x(-pitch * share)
        m.rotations[:, i] = slerp_matrices(np.eye(3), cur, w)
    m.name = "look_at"
    return m


def jump(skeleton: Skeleton, height: float = 0.4, forward: float = 0.0, fps: float = 24.0,
         location: Sequence[float] = (0, 0, 0), yaw: float = 0.0,
         arms: Callable[[float, float], list[tuple[float, Pose]]] | None = None,
         name: str = "jump") -> Motion:
    """Crouch, take off, fly a ballistic arc ``height`` m high (and ``forward`` m ahead), land,
    recover. Feet are planted before take-off and after landing. ``arms(takeoff, landing)``
    (fractions of the clip) may return pose keys for the upper body (shoot, dunk)."""
    rig = _humanoid(skeleton)
    if not (0.0 < height <= 1.5):
        raise InputError(f"jump height must be in (0, 1.5] m, got {height:g}")
    g_acc = 9.81
    t_air = 2 * np.sqrt(2 * height / g_acc)
    t_crouch, t_recover = 0.35, 0.45
    frames = round((t_crouch + t_air + t_recover) * fps) + 1
    t = np.arange(frames) / fps
    air = (t >= t_crouch) & (t <= t_crouch + t_air)
    ta = np.clip(t - t_crouch, 0, t_air)
    rise = np.where(air, np.sqrt(2 * g_acc * height) * ta - 0.5 * g_acc * ta * ta, 0.0)
    fwd = np.clip(ta / t_air, 0, 1) * forward
    c, s = np.cos(yaw), np.sin(yaw)
    along = np.array([s, -c])  # the body's forward (−Y) turned by yaw
    root = np.asarray(location, float) + np.c_[np.outer(fwd, along), rise]
    dip = -0.18 * (np.exp(-((t - t_crouch * 0.8) / 0.12) ** 2)
                   + np.exp(-((t - t_crouch - t_air - 0.1) / 0.12) ** 2))
    pelvis = np.c_[np.zeros(frames), np.zeros(frames), dip]
    body = {j: np.broadcast_to(m, (frames, 3, 3)).copy() for j, m in
            pose_matrices(ARMS_DOWN).items()}
    if arms is None:
        swing = np.radians(60) * np.clip(np.sin(np.pi * np.clip(ta / t_air, 0, 1)), 0, 1)
        body["left_shoulder"] = rot_x(-swing) @ body["left_shoulder"]
        body["right_shoulder"] = rot_x(-swing) @ body["right_shoulder"]
    else:
        total = t[-1]
        body.update(_interp(frames, arms(t_crouch / total, (t_crouch + t_air) / total),
                            ARMS_DOWN, 1.0))
    rest = rig.rest_positions()
    feet = {}
    tpl = rig.require_template()
    for leg in tpl.legs:
        local = rest[rig.index(leg.end)]
        world_rest = np.array([c * local[0] - s * local[1], s * local[0] + c * local[1], local[2]])
        tuck = np.where(air, 0.12 * np.sin(np.pi * ta / t_air), 0.0)
        target = root + world_rest + np.c_[np.zeros(frames), np.zeros(frames), tuck]
        orient = np.broadcast_to(rot_z(np.array(yaw)), (frames, 3, 3))
        feet[leg.name] = FootPlan(target, orient, ~air, ~air)
    return standing(rig, body, pelvis, fps, location, yaw, feet=feet, root_path=root, name=name)


_BALL_AT_CHEST: Pose = {"right_shoulder": [("y", -70), ("x", -50)], "right_elbow": [("z", 110)],
                        "left_shoulder": [("y", 70), ("x", -50)], "left_elbow": [("z", -110)]}
_ARMS_UP: Pose = {"right_shoulder": [("y", 88), ("x", 10)], "right_elbow": [("z", 5)],
                  "left_shoulder": [("y", -88), ("x", 10)], "left_elbow": [("z", -5)],
                  "head": [("x", -15)]}
_SET_SHOT: Pose = {"right_shoulder": [("y", 80), ("x", 20)], "right_elbow": [("y", 70)],
                   "left_shoulder": [("y", -60), ("x", 10)], "left_elbow": [("z", -60)],
                   "head": [("x", -15)]}
_DUNK_DOWN: Pose = {"right_shoulder": [("y", 30), ("x", -40)], "right_elbow": [("z", 10)],
                    "left_shoulder": [("y", 60), ("x", -20)], "left_elbow": [("z", -20)]}


RIM = 3.05  # m: a basketball rim's height above the court


def reach_overhead(skeleton: Skeleton) -> float:
    """Height (m above the feet) of the right wrist standing with both arms overhead (the
    pose of a dunk's apex): how high the hand is before the jump adds to it."""
    rig = _humanoid(skeleton)
    body = {j: m[None] for j, m in pose_matrices({**ARMS_DOWN, **_ARMS_UP}).items()}
    m = standing(rig, body, np.zeros((1, 3)), 24.0)
    return float(m.globals(rig)[0, rig.index("right_wrist"), 2, 3])


def shoot(skeleton: Skeleton, dunk: bool = False, fps: float = 24.0,
          location: Sequence[float] = (0, 0, 0), yaw: float = 0.0, rim: float = RIM,
          forward: float | None = None) -> Motion:
    """A basketball jump shot (ball from the chest to a set point above the head, released at
    the top of the jump) or a dunk: a jump just high enough that the right wrist, arms
    overhead, reaches ``rim`` m (above the take-off ground) at the apex, carried ``forward``
    (default 1.2 m: the run-up's momentum), slammed down after. A rim out of the
    character's reach (a jump over 1.5 m) is an `InputError` naming it."""

    def jump_shot(up: float, down: float) -> list[tuple[float, Pose]]:
        apex = 0.5 * (up + down)
        return [(0.0, _BALL_AT_CHEST), (up, _SET_SHOT), (apex, _ARMS_UP),
                (down, _ARMS_UP), (1.0, {})]

    def slam(up: float, down: float) -> list[tuple[float, Pose]]:
        apex = 0.5 * (up + down)
        return [(0.0, _BALL_AT_CHEST), (up, _ARMS_UP), (apex, _ARMS_UP),
                (0.5 * (apex + down), _DUNK_DOWN), (1.0, {})]

    if not dunk:
        return jump(skeleton, 0.35, 0.0 if forward is None else forward, fps, location, yaw,
                    arms=jump_shot, name="shoot")
    height = float(rim) - reach_overhead(skeleton)
    if not (0.05 <= height <= 1.5):
        raise InputError(f"rim {rim:g} m: the hand reaches {reach_overhead(skeleton):.2f} m "
                         f"overhead, a jump of {height:.2f} m (0.05 to 1.5 m) cannot dunk there")
    return jump(skeleton, height, 1.2 if forward is None else forward, fps, location, yaw,
                arms=slam, name="dunk")


def kick(skeleton: Skeleton, hand: str = "right", height: float = 0.9, fps: float = 24.0,
         location: Sequence[float] = (0, 0, 0), yaw: float = 0.0) -> Motion:
    """A front kick with the ``hand``-side leg: chamber the knee, extend the foot forward at
    ``height`` metres, retract, put it down where it was. The other foot stays planted."""
    rig = _humanoid(skeleton)
    side = "right" if hand == "right" else "left"
    frames = round(1.2 * fps) + 1
    u = np.linspace(0, 1, frames)
    body = _interp(frames, [(0.0, GUARD), (1.0, GUARD)], ARMS_DOWN, 1.0)
    body["spine1"] = rot_x(-np.radians(12) * np.sin(np.pi * u))
    rest = rig.rest_positions()
    c, s = np.cos(yaw), np.sin(yaw)
    ankle0 = rest[rig.index(f"{side}_ankle")]
    scale = rig.scale
    # Keyed in the body frame: (forward, up) of the ankle; forward is −Y.
    keys_t = [0.0, 0.3, 0.5, 0.65, 0.85, 1.0]
    keys_f = [0.0, 0.15, 0.65, 0.65, 0.15, 0.0]
    keys_h = [0.0, height * 0.6, height, height, height * 0.5, 0.0]
    fwd = np.interp(u, keys_t, keys_f) * scale
    up = np.interp(u, keys_t, keys_h) * (1.0 if height > 0 else 0.0)
    local = np.c_[np.full(frames, ankle0[0]), ankle0[1] - fwd, ankle0[2] + up]
    world = np.asarray(location, float) + np.c_[c * local[:, 0] - s * local[:, 1],
                                                s * local[:, 0] + c * local[:, 1], local[:, 2]]
    lifted = up > 1e-6
    # Strike with the ball of the foot: the foot keeps its rest angle to the shin, so it pitches
    # with the leg (the angle of hip → ankle from the vertical, forward is a negative X turn).
    hip = rest[rig.index(f"{side}_hip")]
    lean = np.arctan2(fwd, np.maximum(hip[2] - local[:, 2], 1e-6))
    foot = rot_z(np.array(yaw)) @ rot_x(-lean)
    feet = {f"{side}_leg": FootPlan(world, foot, ~lifted, ~lifted)}
    pelvis = np.c_[np.zeros(frames), np.full(frames, 0.04), np.full(frames, -0.04)]
    return standing(rig, body, pelvis, fps, location, yaw, feet=feet, name="kick")


def turn(skeleton: Skeleton, angle: float, duration: float | None = None, fps: float = 24.0,
         location: Sequence[float] = (0, 0, 0), yaw: float = 0.0) -> Motion:
    """Turn on the spot by ``angle`` radians (positive = to the left), stepping the feet round."""
    from .locomotion import locomotion

    dur = duration if duration is not None else 0.6 + abs(angle) / np.pi
    frames = max(2, round(dur * fps) + 1)
    facing = yaw + angle * smoothstep(np.linspace(0, 1, frames))
    xy = np.asarray(location, float)[:2]
    z = float(np.asarray(location, float)[2]) if len(location) > 2 else 0.0
    from .terrain import flat  # on a raised top (a table jumped onto) the feet step on it

    return locomotion(skeleton, [xy], style="walk", arc_length=np.zeros(frames), facing=facing,
                      fps=fps, terrain=flat(z) if abs(z) > 1e-6 else None)


def quadruped_sit(skeleton: Skeleton, duration: float = 1.5, fps: float = 24.0,
                  location: Sequence[float] = (0, 0, 0), yaw: float = 0.0) -> Motion:
    """A dog sitting down: the hindquarters lower and the body pitches up; all paws stay."""
    rig = Rig.from_skeleton(skeleton)
    tpl = rig.require_template()
    if tpl.name != "quadruped":
        raise InputError(f"quadruped_sit needs a quadruped, not a {tpl.name}")
    frames = max(2, round(duration * fps) + 1)
    w = smoothstep(np.linspace(0, 1, frames))
    pelvis = np.c_[np.zeros(frames), 0.04 * w, -0.25 * w]
    body = {"pelvis": rot_x(-np.radians(20) * w), "neck": rot_x(np.radians(10) * w),
            "tail1": rot_x(np.radians(30) * w)}
    return standing(rig, body, pelvis, fps, location, yaw, name="sit")


GENERATORS: dict[str, Callable[..., Motion]] = {
    "idle": idle, "point": point, "look_at": look_at, "jump": jump, "kick": kick, "turn": turn,
    "shoot": shoot,
}


# The plan's actions: what a character in a `ScenePlan` can do, the words the offline reader maps
# to each, and their defaults — ``speed`` (m/s) for the ones that travel (tag ``moves``, with a
# goal or waypoints), ``duration`` (s) for the ones played in place. Travel is locomotion's
# gaits (birds fly and land, fish swim); the gestures are the keyed actions and generators above.
for _verb, _params, _words in (
    ("walk", {"speed": 1.3}, ("walks", "walking", "strolls", "steps", "goes", "heads",
                              "approaches", "enters", "crosses", "paces", "parades")),
    ("run", {"speed": 3.5}, ("runs", "running", "rushes", "dashes", "races",
                             "chases", "flees")),
    ("fly", {"speed": 5.0, "height": 3.0}, ("flies", "flying", "soars", "glides", "flutters",
                                            "flaps")),
    ("land", {"speed": 4.0}, ("lands", "landing", "perches", "alights")),
    ("swim", {"speed": 0.8}, ("swims", "swimming")),
    ("stand", {"duration": 3.0}, ("stands", "standing", "waits", "waiting", "stays")),
    ("sit", {"duration": 3.0}, ("sits", "sitting", "seated")),
    ("turn", {"duration": 1.0}, ("turns", "turning", "spins", "looks back")),
    ("wave", {"duration": 2.0}, ("waves", "waving", "greets")),
    ("talk", {"duration": 4.0}, ("talks", "talking", "speaks", "argues", "argue", "discuss",
                                 "discusses", "chat", "chats", "says", "converse", "converses")),
    ("point", {"duration": 1.5}, ("points", "pointing")),
    ("nod", {"duration": 1.0}, ("nods", "nodding")),
    ("jump", {"duration": 1.0}, ("jumps", "jumping", "leaps")),
    ("dance", {"duration": 4.0}, ("dances", "dancing")),
    ("fight", {"duration": 4.0}, ("fights", "fighting", "punches", "struggles")),
    ("look", {"duration": 2.0}, ("looks", "watches", "stares", "gazes", "observes")),
    ("pick_up", {"duration": 1.5}, ("picks up", "grabs", "lifts", "takes")),
    ("bark", {"duration": 1.5}, ("barks", "growls")),
    ("graze", {"duration": 4.0}, ("grazes", "eats", "drinks")),
):
    declare("action", _verb, _words, params=_params, tags=("moves",) if "speed" in _params else ())
