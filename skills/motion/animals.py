"""Birds and fish (quadruped gaits are in `locomotion`): flap, glide and land; swim.

Birds fly along a path at an altitude: flapping is a wing-beat oscillation of the shoulder about
the body's forward axis with the elbow and wrist lagging behind (the wing folds on the
up-stroke); gliding holds the wings spread with a slow trim oscillation; landing follows a
glide-slope down to a perch point, flares (wings up, body pitched up), swings the legs forward
and ends standing with the toes on the ground.

Fish swim by a travelling wave down the spine (carangiform): each spine joint yaws with an
amplitude growing towards the tail and a phase lag that grows along the body, at a tail-beat
frequency set by speed through a Strouhal number of 0.3 (St = f·A/U), the value swimming fish
converge on.
"""

from __future__ import annotations

import numpy as np

from previz.world import InputError, Skeleton

from ..trajectory.path import Path, speed_profile
from .clip import Motion
from .legs import FootPlan, solve_leg
from .rig import Rig, rot_x, rot_y, rot_z
from .terrain import Terrain, flat

D = np.radians


def _require(skeleton: Skeleton, name: str) -> Rig:
    rig = Rig.from_skeleton(skeleton)
    tpl = rig.require_template()
    if tpl.name != name:
        raise InputError(f"this motion is for a {name} skeleton, not a {tpl.name}")
    return rig


def _along(path: Path | list | np.ndarray, speed: float, fps: float, accel: float
           ) -> tuple[Path, np.ndarray]:
    path = path if isinstance(path, Path) else Path.from_points(path)
    if path.length == 0:
        raise InputError("flying and swimming need a path longer than zero")
    return path, speed_profile(path.length, speed, fps, accel)


def flap(skeleton: Skeleton, path, altitude: float = 3.0, speed: float = 6.0,
         frequency: float = 5.0, fps: float = 24.0, glide: bool = False,
         intensity: float = 1.0) -> Motion:
    """A bird flying ``path`` at ``altitude`` metres above z=0: flapping at ``frequency`` Hz,
    or gliding (``glide=True``) with wings held spread."""
    rig = _require(skeleton, "bird")
    path, s = _along(path, speed, fps, accel=max(2.0, speed))
    frames = len(s)
    t = np.arange(frames) / fps
    xy = path.point_at(s)
    yaw = np.unwrap(path.yaw_at(s, window=0.5))
    loc = np.c_[xy, np.full(frames, altitude)]
    rot = rig.identity(frames)
    i = rig.index
    if glide:
        beat = D(4) * np.sin(2 * np.pi * 0.5 * t)
        fold = np.zeros(frames)
        bob = 0.01 * np.sin(2 * np.pi * 0.5 * t)
    else:
        w = 2 * np.pi * frequency * t
        beat = intensity * D(50) * np.sin(w)  # + up-stroke, − down-stroke
        fold = intensity * D(25) * np.clip(np.sin(w - 0.6), 0, None)
        bob = -0.03 * intensity * np.sin(w)
    loc[:, 2] += bob
    for side, sign in (("left", 1.0), ("right", -1.0)):
        # The left wing points +X: raising it is a negative Y turn (mirrored for the right).
        rot[:, i(f"{side}_wing1")] = rot_y(-sign * beat)
        rot[:, i(f"{side}_wing2")] = rot_y(sign * fold) @ rot_z(sign * fold * 0.5)
        rot[:, i(f"{side}_wing3")] = rot_y(sign * fold * 0.6)
        _tuck_legs(rig, rot, side, frames)
    rot[:, i("tail")] = rot_x(np.full(frames, D(-5)))
    return Motion(rig.names, fps, rot, np.zeros((frames, len(rig.names), 3)), loc,
                  np.c_[np.zeros(frames), np.zeros(frames), yaw],
                  {n: np.zeros(frames, bool) for n in rig.template.contacts},  # type: ignore[union-attr]
                  name="glide" if glide else "flap")


def _tuck_legs(rig: Rig, rot: np.ndarray, side: str, frames: int) -> None:
    rot[:, rig.index(f"{side}_hip")] = rot_x(np.full(frames, D(60)))
    rot[:, rig.index(f"{side}_knee")] = rot_x(np.full(frames, D(-40)))


def land(skeleton: Skeleton, start: tuple[float, float, float], perch: tuple[float, float],
         fps: float = 24.0, speed: float = 4.0, terrain: Terrain | None = None) -> Motion:
    """Glide from ``start`` (x, y, z) down to ``perch`` (x, y) on the terrain, flare, and stand.

    The last frames stand with both toes on the ground (their contact height above the
    terrain), planted by leg IK."""
    rig = _require(skeleton, "bird")
    terrain = terrain or flat()
    tpl = rig.template
    assert tpl is not None
    start = np.asarray(start, float)
    goal_xy = np.asarray(perch, float)
    goal_z = float(terrain(goal_xy[0], goal_xy[1]))
    horizontal = float(np.linalg.norm(goal_xy - start[:2]))
    dist = float(np.hypot(horizontal, start[2] - goal_z))
    s = speed_profile(dist, speed, fps, accel=speed / 1.0, start_speed=speed)
    settle = round(0.5 * fps)
    s = np.r_[s, np.full(settle, s[-1])]
    frames = len(s)
    u = s / dist if dist > 0 else np.ones(frames)
    heading = goal_xy - start[:2]
    yaw0 = np.arctan2(heading[1], heading[0]) + np.pi / 2 if horizontal > 1e-9 else 0.0
    # Ease the altitude so the descent levels out (flare) near the perch.
    height = goal_z + (start[2] - goal_z) * (1 - u) ** 1.5
    xy = start[:2] + (goal_xy - start[:2]) * u[:, None]
    loc = np.c_[xy, height]
    flare = np.clip((u - 0.75) / 0.25, 0.0, 1.0)
    down = frames - settle
    rot = rig.identity(frames)
    i = rig.index
    pitch = -D(25) * flare * np.r_[np.ones(down), np.linspace(1, 0, settle)]
    ent_rot = np.c_[pitch, np.zeros(frames), np.full(frames, yaw0)]
    fold = np.r_[np.zeros(down), np.linspace(0.0, 1.0, settle)]
    for side, sign in (("left", 1.0), ("right", -1.0)):
        spread = -sign * (D(35) * flare) * (1 - fold)
        rot[:, i(f"{side}_wing1")] = rot_y(spread) @ rot_z(sign * D(70) * fold)
        rot[:, i(f"{side}_wing2")] = rot_z(sign * D(-120) * fold)
    # Legs: tucked in flight, reaching for the ground from the flare on, planted at the end.
    emat = np.zeros((frames, 4, 4))
    from .rig import euler_to_matrix

    emat[:, :3, :3] = euler_to_matrix(ent_rot)
    emat[:, :3, 3] = loc
    emat[:, 3, 3] = 1.0
    g = rig.fk(emat, rot)
    rest = rig.rest_positions()
    contacts = {}
    for leg in tpl.legs:
        end_rest = rest[i(leg.end)]
        c, sn = np.cos(yaw0), np.sin(yaw0)
        foot_xy = goal_xy + np.array([c * end_rest[0] - sn * end_rest[1],
                                      sn * end_rest[0] + c * end_rest[1]])
        clearance = tpl.contact_height[leg.tip] * rig.scale
        ankle_h = end_rest[2] - rest[i(leg.tip)][2] + clearance
        planted = np.r_[foot_xy, float(terrain(*foot_xy)) + ankle_h]
        hanging = g[:, i(leg.end), :3, 3]
        w = np.clip((u - 0.8) / 0.2, 0.0, 1.0)[:, None]
        w = w * w * (3 - 2 * w)
        target = hanging * (1 - w) + planted * w
        orient = np.broadcast_to(rot_z(np.array(yaw0)), (frames, 3, 3)).copy()
        solve_leg(rig, leg, g, FootPlan(target, orient, np.zeros(frames, bool),
                                        np.zeros(frames, bool)), rot)
        on = np.zeros(frames, bool)
        on[down:] = True
        contacts[leg.end] = np.zeros(frames, bool)
        contacts[leg.tip] = on
    # The body sinks onto the legs: lower the root so the planted legs are bent, not straight.
    return Motion(rig.names, fps, rot, np.zeros((frames, len(rig.names), 3)), loc, ent_rot,
                  contacts, name="land")


def swim(skeleton: Skeleton, path, depth: float = -1.0, speed: float = 0.8, fps: float = 24.0,
         amplitude: float = 0.2, strouhal: float = 0.3) -> Motion:
    """A fish swimming ``path`` at height ``depth`` with a travelling body wave.

    ``amplitude`` is the tail-tip excursion as a fraction of body length; the tail-beat
    frequency follows speed: f = St · U / (2 · amplitude · length)."""
    rig = _require(skeleton, "fish")
    path, s = _along(path, speed, fps, accel=max(0.5, speed))
    frames = len(s)
    v = np.gradient(s) * fps
    length = float(np.ptp(rig.rest_positions()[:, 1]))
    tail_amp = amplitude * length
    freq = strouhal * np.maximum(v, 0.2 * speed) / (2 * tail_amp)
    phase = 2 * np.pi * np.r_[0.0, np.cumsum(freq[:-1] / fps)]
    xy = path.point_at(s)
    yaw = np.unwrap(path.yaw_at(s, window=0.3))
    rot = rig.identity(frames)
    i = rig.index
    spine = ("spine1", "spine2", "spine3", "tail")
    for k, name in enumerate(spine):
        a = D(6 + 7 * k) * (amplitude / 0.2)
        rot[:, i(name)] = rot_z(a * np.sin(phase - 0.9 * (k + 1)))
    rot[:, i("head")] = rot_z(D(3) * np.sin(phase + 0.5))
    for side, sign in (("left", 1.0), ("right", -1.0)):
        rot[:, i(f"{side}_pectoral_fin")] = rot_y(sign * D(15) * np.sin(phase * 0.5))
    rot[:, i("jaw")] = rot_x(-D(4) * (1 + np.sin(phase * 0.25)))
    loc = np.c_[xy, np.full(frames, depth)]
    return Motion(rig.names, fps, rot, np.zeros((frames, len(rig.names), 3)), loc,
                  np.c_[np.zeros(frames), np.zeros(frames), yaw], {}, name="swim")
