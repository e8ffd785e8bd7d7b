"""Procedural locomotion along a trajectory: idle, walk, jog, run, sprint, march; quadruped walk,
trot and gallop.

Root motion is driven by arc length: a speed profile (acceleration-limited) says how far along
the path the root is at each frame, the yaw follows the path's tangent. A *stride wheel* turns
distance into gait phase (stride length grows with speed through a cadence table, so feet never
outrun the body), each leg has its phase offset, and a leg is in stance while its phase is below
the duty factor. `legs.foot_targets` plants every stance on the terrain and `legs.solve_leg`
makes the feet land there exactly.

Gait numbers are tables over speed (m/s), interpolated linearly, taken from typical human and
dog gait measurements (cadence, duty factor), so a speed between walk and run gives an
in-between gait instead of a switch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from previz.world import InputError, Skeleton

from ..skeletons import SkeletonTemplate
from ..trajectory.path import Path, curvature_speed_profile
from .clip import Motion
from .legs import Rocker, foot_targets, max_root_drop, solve_leg
from .rig import Rig, rot_x, rot_y, rot_z
from .styles import Style
from .styles import style as get_style
from .terrain import Terrain, flat, smooth_along

D = np.radians


@dataclass(frozen=True)
class GaitTable:
    speeds: tuple[float, ...]
    columns: dict[str, tuple[float, ...]]

    def at(self, name: str, v: np.ndarray | float) -> np.ndarray:
        return np.interp(np.abs(v), self.speeds, self.columns[name])


HUMAN_GAIT = GaitTable(
    speeds=(0.0, 0.8, 1.4, 2.0, 3.0, 4.5, 7.0, 9.0),
    columns={
        "cadence": (0.80, 0.88, 1.00, 1.10, 1.38, 1.50, 1.75, 1.90),  # strides (cycles) / s
        "duty": (0.66, 0.61, 0.58, 0.53, 0.36, 0.28, 0.22, 0.20),
        "lift": (0.05, 0.07, 0.09, 0.12, 0.16, 0.22, 0.30, 0.34),  # swing apex, m
        "heel_strike": tuple(D([4, 8, 12, 10, 4, 0, 0, 0])),
        "toe_off": tuple(D([10, 25, 40, 42, 45, 50, 55, 55])),
        "flat_from": (0.10, 0.15, 0.15, 0.12, 0.05, 0.0, 0.0, 0.0),
        "flat_until": (0.80, 0.55, 0.50, 0.45, 0.40, 0.40, 0.35, 0.35),
        "drop": (0.01, 0.015, 0.02, 0.04, 0.06, 0.07, 0.08, 0.08),  # pelvis lowered, m
        "bob": (0.0, 0.008, 0.012, 0.018, 0.025, 0.03, 0.035, 0.035),
        "lean": tuple(D([0, 2, 3, 6, 10, 12, 16, 18])),
        "arm_swing": tuple(D([0, 10, 18, 25, 35, 45, 60, 65])),
        "elbow": tuple(D([8, 12, 15, 40, 80, 90, 90, 90])),
        "twist": tuple(D([0, 3, 5, 6, 8, 9, 10, 10])),
        "sway": (0.0, 0.02, 0.022, 0.018, 0.01, 0.008, 0.005, 0.005),
        "lateral": (1.0, 0.8, 0.7, 0.6, 0.45, 0.35, 0.3, 0.3),
    },
)

QUADRUPED_GAIT = GaitTable(
    speeds=(0.0, 0.8, 2.0, 5.0, 8.0),
    columns={
        "cadence": (1.2, 1.4, 2.2, 2.8, 3.0),
        "duty": (0.70, 0.62, 0.42, 0.24, 0.20),
        "lift": (0.03, 0.05, 0.08, 0.12, 0.14),
        "heel_strike": (0.0, 0.0, 0.0, 0.0, 0.0),
        "toe_off": tuple(D([10, 25, 35, 45, 50])),
        "flat_from": (0.0, 0.0, 0.0, 0.0, 0.0),
        "flat_until": (0.85, 0.6, 0.5, 0.45, 0.45),
        "drop": (0.02, 0.03, 0.04, 0.05, 0.06),
        "bob": (0.0, 0.006, 0.012, 0.02, 0.025),
        "lateral": (1.0, 0.95, 0.9, 0.85, 0.85),
    },
)

QUADRUPED_PHASES = {
    # leg order: left_front, right_front, left_hind, right_hind
    "walk": (0.25, 0.75, 0.0, 0.5),  # lateral sequence
    "trot": (0.5, 0.0, 0.0, 0.5),  # diagonal pairs together
    "gallop": (0.55, 0.65, 0.0, 0.1),  # transverse gallop: hinds, then fores
}

LEAD = 0.0
HUMAN_STYLES = {"idle": 0.0, "walk": 1.4, "march": 1.3, "jog": 2.8, "run": 4.5, "sprint": 7.0}
QUADRUPED_STYLES = {"idle": 0.0, "walk": 0.8, "trot": 2.0, "gallop": 5.0}


@dataclass
class Gait:
    """What a locomotion call resolved to (speeds, phases), kept on the motion for checks."""

    style: str
    speed: float
    phases: tuple[float, ...]
    table: GaitTable
    extra: dict = field(default_factory=dict)


def _phase(v: np.ndarray, fps: float, table: GaitTable, offsets: tuple[float, ...],
           phase0: float, settle: bool, cadence_scale: float = 1.0) -> tuple[np.ndarray, int]:
    """Gait phase per frame from the stride wheel, plus how many settle frames were added
    after arrival so every leg ends in stance. ``cadence_scale`` > 1 takes shorter, quicker
    strides at the same speed (a style's stride ÷)."""
    cadence = table.at("cadence", v) * cadence_scale
    moving = v > 1e-6
    phi = phase0 + np.r_[0.0, np.cumsum(np.where(moving[:-1], cadence[:-1], 0.0) / fps)]
    if not settle or not moving.any():
        return phi, 0
    duty0 = float(table.at("duty", 0.0))
    extra = []
    p = phi[-1]
    step = float(table.at("cadence", 0.0)) / fps
    for _ in range(int(fps / float(table.at("cadence", 0.0))) + 2):
        if all(((p + o) % 1.0) < duty0 - 0.02 for o in offsets):
            break
        p += step
        extra.append(p)
    return np.r_[phi, extra], len(extra)


def locomotion(
    skeleton: Skeleton,
    path: Path | list | np.ndarray,
    style: str = "walk",
    speed: float | None = None,
    fps: float = 24.0,
    accel: float | None = None,
    terrain: Terrain | None = None,
    arms: bool = True,
    arc_length: np.ndarray | None = None,
    facing: np.ndarray | None = None,
    upper_body: str = "swing",
    manner: str | Style | None = None,
) -> Motion:
    """Walk / run / gallop along ``path`` and come to a stop at its end.

    ``style``: humanoid idle, walk, march, jog, run, sprint; quadruped idle, walk, trot,
    gallop. ``speed`` (m/s) overrides the style's typical speed; the gait follows the speed.
    ``terrain`` is a height function (flat ground at z=0 by default).

    Coordinated characters pass their own timing: ``arc_length`` (F,) metres along ``path`` at
    each frame (instead of the speed profile), and ``facing`` (F,) a yaw per frame instead of
    the path tangent (a boxer side-stepping while facing the opponent). ``upper_body`` is
    "swing" (arms swing with the gait) or "guard" (fists up, for fighting stances).

    ``manner`` is the style of moving (`styles.STYLES`: neutral, relaxed, brisk, sneak, tired,
    proud): default speed, stride length at a speed, crouch, lean, head, arm swing, knee lift.
    (``style`` names the gait, for the tables' sake; a step's "style" key becomes ``manner``.)
    """
    st = get_style(manner)
    rig = Rig.from_skeleton(skeleton)
    tpl = rig.require_template()
    if not isinstance(path, Path):
        path = Path.from_points(path)
    terrain = terrain or flat()
    if tpl.name == "humanoid":
        styles, table = HUMAN_STYLES, HUMAN_GAIT
        phases = tuple(leg.phase for leg in tpl.legs)
    elif tpl.name == "quadruped":
        styles, table = QUADRUPED_STYLES, QUADRUPED_GAIT
        phases = QUADRUPED_PHASES.get(style, QUADRUPED_PHASES["walk"])
    else:
        raise InputError(f"no legged locomotion for a {tpl.name} skeleton (use flap/swim)")
    if style not in styles:
        raise InputError(f"unknown {tpl.name} gait {style!r}; choose one of: "
                         f"{', '.join(styles)}")
    scale = rig.scale
    v_style = styles[style] * scale * st.speed if speed is None else float(speed)
    if style == "idle" or path.length == 0.0:
        v_style = 0.0
    if v_style < 0 or not np.isfinite(v_style):
        raise InputError(f"speed must be a non-negative number of m/s, got {speed!r}")
    if arc_length is not None:
        s = np.clip(np.asarray(arc_length, float), 0.0, path.length)
        if s.ndim != 1 or len(s) < 2 or np.any(np.diff(s) < -1e-9):
            raise InputError("arc_length must be a non-decreasing list of at least 2 frames")
    elif v_style > 0:
        # Slow down in tight turns (lateral acceleration grows with speed for runners).
        s = curvature_speed_profile(path, v_style, fps, accel or max(1.5, v_style),
                                    lateral_accel=max(1.2, 0.5 * v_style))
    else:
        s = np.zeros(round(2 * fps))
    v = np.gradient(s) * fps if len(s) > 1 else np.zeros(1)
    if facing is not None and len(facing) == len(s) and len(s) > 1:
        # Turning on the spot needs steps too: count the feet's travel around the body.
        v = v + np.abs(np.gradient(np.unwrap(np.asarray(facing, float)))) * fps * 0.15 * scale
    # Gait tables are for the template's size; a bigger body at the same speed strides longer.
    v_table = v / scale
    phi, extra = _phase(v_table, fps, table, phases, 0.05, settle=True,
                        cadence_scale=1.0 / st.stride)
    s = np.r_[s, np.full(extra, s[-1])]
    v = np.r_[v, np.zeros(extra)]
    v_table = np.r_[v_table, np.zeros(extra)]
    frames = len(s)

    root_xy = path.point_at(s)
    if facing is not None:
        facing = np.asarray(facing, float)
        if facing.shape != (frames - extra,):
            raise InputError(f"facing has {facing.shape[0]} frames, the motion {frames - extra}")
        yaw = np.unwrap(np.r_[facing, np.full(extra, facing[-1])])
    elif path.length > 0:
        yaw = np.unwrap(path.yaw_at(s, window=0.3 * scale))
    else:
        yaw = np.zeros(frames)
    # The body rides over steps smoothly; the feet (planted by IK) take the steps exactly.
    ground = smooth_along(terrain(root_xy[:, 0], root_xy[:, 1]), 0.12 * fps)
    entity_location = np.c_[root_xy, ground]
    pitch = np.zeros(frames)
    if tpl.name == "quadruped":
        # Pitch the body with the slope along its heading (front higher going uphill).
        fwd = np.c_[np.sin(yaw), -np.cos(yaw)]
        body = 0.5 * abs(rig.rest_positions()[rig.index("head")][1]) + 0.2 * scale
        ahead = terrain(root_xy[:, 0] + fwd[:, 0] * body, root_xy[:, 1] + fwd[:, 1] * body)
        behind = terrain(root_xy[:, 0] - fwd[:, 0] * body, root_xy[:, 1] - fwd[:, 1] * body)
        pitch = -np.arctan2(ahead - behind, 2 * body)
    entity_rotation = np.c_[pitch, np.zeros(frames), yaw]

    rotations = rig.identity(frames)
    locations = np.zeros((frames, len(rig.names), 3))
    col = {name: table.at(name, v_table) for name in table.columns}
    col["cadence"] = col["cadence"] / st.stride
    col["drop"] = col["drop"] + st.crouch
    if "lean" in col:  # humanoid upper body
        col["lean"] = col["lean"] + st.lean
        col["arm_swing"] = col["arm_swing"] * st.arm_swing
        col["elbow"] = col["elbow"] + st.elbow
        col["head"] = np.full(frames, st.head)
    root = rig.index(tpl.root)
    cycle = 2 * np.pi * phi

    if tpl.name == "humanoid":
        _human_upper_body(rig, tpl, rotations, locations, col, cycle, arms, style, upper_body)
    else:
        _quadruped_body(rig, tpl, rotations, locations, col, cycle)
    locations[:, root, 2] -= (col["drop"] - col["bob"] * np.cos(2 * cycle)) * scale

    contacts: dict[str, np.ndarray] = {}
    plans = []
    contact_len = col["duty"] * v / np.maximum(col["cadence"], 1e-6)
    lead_frac = LEAD
    for leg, off in zip(tpl.legs, phases, strict=True):
        leg_phase = (phi + off) % 1.0
        stance = leg_phase < col["duty"]
        rockers = _rockers(stance, col)
        lift = col["lift"] * scale * st.lift
        if style == "march":
            lift = lift * 2.0
        plan = foot_targets(rig, leg, stance, root_xy, yaw, terrain, rockers, lift,
                            lateral=col["lateral"], lead=lead_frac * contact_len,
                            toe_out=D(5) if tpl.name == "humanoid" else 0.0)
        plans.append(plan)
        contacts[leg.end] = plan.end_contact
        contacts[leg.tip] = plan.tip_contact | contacts.get(leg.tip, False)

    # Lower the root where a planted leg could not otherwise reach, then smooth the height.
    emat = _entity_matrices(entity_location, entity_rotation)
    g = rig.fk(emat, rotations, locations)
    up = emat[:, :3, 2]
    drop = np.zeros(frames)
    for leg, plan in zip(tpl.legs, plans, strict=True):
        iu = rig.index(leg.upper)
        hip = (g[:, rig.parents[iu]] @ np.r_[rig.offsets[iu], 1.0])[:, :3]
        reach = 0.985 * (np.linalg.norm(rig.offsets[rig.index(leg.lower)])
                         + np.linalg.norm(rig.offsets[rig.index(leg.end)]))
        held = plan.end_contact | plan.tip_contact
        drop = np.minimum(drop, np.where(held, max_root_drop(hip, plan.end, up, reach), 0.0))
    smooth = _smooth_min(drop, radius=max(2, int(fps / 12)))
    # The root's location channel is in the entity frame, whose +Z is ``up``.
    locations[:, root, 2] += smooth
    g = rig.fk(emat, rotations, locations)
    for leg, plan in zip(tpl.legs, plans, strict=True):
        solve_leg(rig, leg, g, plan, rotations)
    return Motion(rig.names, fps, rotations, locations, entity_location, entity_rotation,
                  contacts, name=style)


def _entity_matrices(location: np.ndarray, rotation: np.ndarray) -> np.ndarray:
    from .rig import euler_to_matrix

    m = np.zeros((len(location), 4, 4))
    m[:, :3, :3] = euler_to_matrix(rotation)
    m[:, :3, 3] = location
    m[:, 3, 3] = 1.0
    return m


def _smooth_min(x: np.ndarray, radius: int) -> np.ndarray:
    """A smoothed copy of ``x`` that never exceeds it (blur, then take the minimum again with
    a blurred erosion), so the pelvis height is smooth and every planted foot stays reachable."""
    if len(x) < 3:
        return x
    pad = np.pad(x, radius, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * radius + 1)
    eroded = windows.min(axis=1)
    kernel = np.hanning(2 * radius + 3)[1:-1]
    kernel /= kernel.sum()
    blurred = np.convolve(np.pad(eroded, radius, mode="edge"), kernel, mode="valid")
    return np.minimum(blurred, x)


def _rockers(stance: np.ndarray, col: dict[str, np.ndarray]) -> list[Rocker]:
    from .legs import stance_runs

    out = []
    for a, b in stance_runs(stance):
        m = (a + b - 1) // 2
        out.append(Rocker(float(col["heel_strike"][m]), float(col["toe_off"][m]),
                          float(col["flat_from"][m]), float(col["flat_until"][m])))
    return out


def _human_upper_body(rig: Rig, tpl: SkeletonTemplate, rot: np.ndarray, loc: np.ndarray,
                      col: dict[str, np.ndarray], cycle: np.ndarray, arms: bool,
                      style: str, upper_body: str = "swing") -> None:
    """Pelvis twist/sway, spine counter-rotation and lean, arm swing, a level head."""
    i = rig.index
    scale = rig.scale
    twist = col["twist"] * np.sin(cycle)
    roll = 0.5 * col["twist"] * np.sin(2 * cycle)
    rot[:, i("pelvis")] = rot_z(twist) @ rot_y(roll)
    loc[:, i("pelvis"), 0] = col["sway"] * np.sin(cycle) * scale
    lean = col["lean"]
    rot[:, i("spine1")] = rot_x(lean * 0.5) @ rot_z(-twist * 0.5)
    rot[:, i("spine2")] = rot_x(lean * 0.3) @ rot_z(-twist * 0.4)
    rot[:, i("spine3")] = rot_x(lean * 0.2) @ rot_z(-twist * 0.4) @ rot_y(-roll)
    rot[:, i("neck")] = rot_x(-lean * 0.5)
    rot[:, i("head")] = rot_x(-lean * 0.5 + col.get("head", 0.0)) @ rot_z(twist * 0.3)
    if not arms:
        return
    if upper_body == "guard":
        from .poses import guard

        for name, r in guard(len(cycle)).items():
            rot[:, i(name)] = r
        return
    swing = col["arm_swing"] * (1.6 if style == "march" else 1.0)
    elbow = col["elbow"] * (0.3 if style == "march" else 1.0)
    down = D(78)
    # Left arm swings forward (−X rotation of a hanging arm) with the right leg.
    rot[:, i("left_shoulder")] = rot_x(swing * np.sin(cycle)) @ rot_y(np.full_like(swing, down))
    rot[:, i("right_shoulder")] = rot_x(-swing * np.sin(cycle)) @ rot_y(np.full_like(swing, -down))
    bend = elbow * (1.0 + 0.3 * np.cos(cycle))
    rot[:, i("left_elbow")] = rot_z(-bend)
    rot[:, i("right_elbow")] = rot_z(bend)


def _quadruped_body(rig: Rig, tpl: SkeletonTemplate, rot: np.ndarray, loc: np.ndarray,
                    col: dict[str, np.ndarray], cycle: np.ndarray) -> None:
    """Spine sway with the gait, head counter-bob, tail sway."""
    i = rig.index
    amp = D(4) * np.clip(col["bob"] / 0.02, 0.2, 1.0)
    for k, name in enumerate(("spine1", "spine2", "chest")):
        rot[:, i(name)] = rot_z(amp * np.sin(cycle - 0.4 * k))
    rot[:, i("neck")] = rot_x(-D(3) * np.cos(2 * cycle))
    for k, name in enumerate(("tail1", "tail2", "tail3")):
        rot[:, i(name)] = rot_z(D(10) * np.sin(cycle - 0.8 * k)) @ rot_x(np.full_like(amp, D(10)))
