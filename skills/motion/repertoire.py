"""The action library directors ask for, beyond the first gestures of `actions`: conversation
(talk, listen, nod, hug, handshake), dance, fights (uppercut, clinch, fall, get up), sports
(throw, catch, swing), using things (drink, eat, type, push, lean on, open and close a door,
pick up, put down), music (piano, violin, qin, guitar, drums), fishing (cast), animals (bark,
graze, stretch, lie down), and the actions that use the world: sit *on* a seat, leap *onto* a
surface, reach a hand *to* an object.

Keyed actions join `actions.ACTIONS` (same pose language, same planted feet), so
`actions.action` and `timeline.sequence` play them. Every verb a plan may use is declared here
(``declare("action", …)``) with its synonyms, parameters and the property that defines it
(tag ``measure:<property>`` — the measure of `previz.agents.fidelity.measures` that shows it:
travels, airborne, reaches, ends_on, seated, moves_joints, holds, in_water, in_air).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from previz.world import InputError, Skeleton

from ..vocabulary import declare
from .actions import ACTIONS, ARMS_DOWN, GUARD, Keyed, Pose, _interp, _vec_interp, standing
from .clip import Motion, smoothstep
from .legs import FootPlan
from .poses import pose_matrices
from .rig import Rig, rot_x, rot_z

_G = GUARD


def _cycle(a: Pose, b: Pose, n: int, ends: Pose | None = None) -> tuple[tuple[float, Pose], ...]:
    """Keys alternating ``a`` and ``b`` ``n`` times between rest poses (``ends``)."""
    rest = {} if ends is None else ends
    keys: list[tuple[float, Pose]] = [(0.0, rest)]
    for k in range(n):
        keys.append((0.1 + 0.8 * (k + 0.5) / n, a if k % 2 == 0 else b))
    keys.append((1.0, rest))
    return tuple(keys)


_TALK_A: Pose = {"right_shoulder": [("y", -65), ("x", -25)], "right_elbow": [("z", 75)],
                 "right_wrist": [("x", -20)], "head": [("z", 15), ("x", 5)],
                 "neck": [("z", 5)]}
_TALK_B: Pose = {"left_shoulder": [("y", 65), ("x", -30)], "left_elbow": [("z", -85)],
                 "right_shoulder": [("y", -75)], "right_elbow": [("z", 30)],
                 "head": [("z", -15), ("x", -5)], "neck": [("z", -5)]}
_KEYS_HANDS: Pose = {"right_shoulder": [("y", -60), ("x", -35)], "right_elbow": [("z", 85)],
                     "left_shoulder": [("y", 60), ("x", -35)], "left_elbow": [("z", -85)],
                     "head": [("x", 15)]}


def _hands(pose: Pose, **wrists: float) -> Pose:
    """``pose`` with wrist pitches (degrees, positive = down) added: fingers on keys/strings."""
    out = dict(pose)
    for side, deg in wrists.items():
        out[f"{side}_wrist"] = [("x", deg)]
    return out


_VIOLIN_L: Pose = {"left_shoulder": [("y", 20), ("z", -70)], "left_elbow": [("z", -120)],
                   "head": [("y", -15), ("z", 20)]}
_QIN: Pose = {"right_shoulder": [("y", -55), ("x", -40)], "right_elbow": [("z", 60)],
              "left_shoulder": [("y", 55), ("x", -40)], "left_elbow": [("z", -60)],
              "spine1": [("x", 12)], "head": [("x", 20)]}
_HUG: Pose = {"right_shoulder": [("y", -10), ("z", 75)], "right_elbow": [("z", 70), ("y", 10)],
              "left_shoulder": [("y", 10), ("z", -75)], "left_elbow": [("z", -70), ("y", -10)],
              "head": [("z", 20)]}
_SHAKE: Pose = {"right_shoulder": [("y", -55), ("z", 35)], "right_elbow": [("z", 45)]}
_SHAKE_DOWN: Pose = {"right_shoulder": [("y", -60), ("z", 35)], "right_elbow": [("z", 35)]}
_CUP_AT_LIPS: Pose = {"right_shoulder": [("y", -60), ("x", -35)], "right_elbow": [("z", 140)],
                      "head": [("x", -15)]}
_FORK_AT_MOUTH: Pose = {"right_shoulder": [("y", -65), ("x", -30)], "right_elbow": [("z", 130)],
                        "head": [("x", 5)]}
_FORK_DOWN: Pose = {"right_shoulder": [("y", -60), ("x", -30)], "right_elbow": [("z", 70)],
                    "head": [("x", 15)]}
_PUSH_IN: Pose = {"right_shoulder": [("z", 85), ("y", -15)], "right_elbow": [("z", 90)],
                  "left_shoulder": [("z", -85), ("y", 15)], "left_elbow": [("z", -90)],
                  "spine1": [("x", 10)]}
_PUSH_OUT: Pose = {"right_shoulder": [("z", 88), ("y", -10)], "right_elbow": [("z", 5)],
                   "left_shoulder": [("z", -88), ("y", 10)], "left_elbow": [("z", -5)],
                   "spine1": [("x", 20)]}
_REACH: Pose = {"right_shoulder": [("z", 80), ("y", -10)], "right_elbow": [("z", 10)],
                "spine2": [("z", -10)]}
_PULL: Pose = {"right_shoulder": [("z", 60), ("y", -30)], "right_elbow": [("z", 70)],
               "spine2": [("z", 20)], "spine1": [("z", 10)]}
_THROW_BACK: Pose = {"right_shoulder": [("y", 60), ("x", 40)], "right_elbow": [("y", 80)],
                     "left_shoulder": [("z", -80)], "spine2": [("z", -30)],
                     "spine1": [("x", -10)]}
_THROW_OUT: Pose = {"right_shoulder": [("y", 30), ("z", 70)], "right_elbow": [("z", 15)],
                    "left_shoulder": [("y", 70)], "spine2": [("z", 25)], "spine1": [("x", 15)]}
_CATCH: Pose = {"right_shoulder": [("z", 80), ("x", -25), ("y", -5)], "right_elbow": [("z", 30)],
                "left_shoulder": [("z", -80), ("x", -25), ("y", 5)], "left_elbow": [("z", -30)],
                "head": [("x", -10)]}
_SWING_BACK: Pose = {"right_shoulder": [("y", -20), ("z", -20)], "right_elbow": [("z", 60)],
                     "left_shoulder": [("y", 20), ("z", -60)], "left_elbow": [("z", -40)],
                     "spine2": [("z", -40)], "spine1": [("z", -15)]}
_SWING_THROUGH: Pose = {"right_shoulder": [("y", -30), ("z", 90)], "right_elbow": [("z", 5)],
                        "left_shoulder": [("y", 40), ("z", 30)], "left_elbow": [("z", -20)],
                        "spine2": [("z", 40)], "spine1": [("z", 15)]}
_UPPER_LOAD: Pose = {**_G, "right_shoulder": [("y", -75), ("z", 10), ("x", -10)],
                     "right_elbow": [("z", 100)], "spine1": [("x", 15), ("z", -10)]}
_UPPER_HIT: Pose = {**_G, "right_shoulder": [("y", -40), ("z", 40), ("x", -110)],
                    "right_elbow": [("z", 95)], "spine1": [("x", -8), ("z", 15)],
                    "spine2": [("z", 15)]}
_CLINCH: Pose = {"right_shoulder": [("y", -20), ("z", 70)], "right_elbow": [("z", 80)],
                 "left_shoulder": [("y", 20), ("z", -70)], "left_elbow": [("z", -80)],
                 "spine1": [("x", 25)], "head": [("x", 15)]}
_LEAN: Pose = {"right_shoulder": [("y", -50), ("z", 40)], "right_elbow": [("z", 20)],
               "left_shoulder": [("y", 50), ("z", -40)], "left_elbow": [("z", -20)],
               "spine1": [("x", 25)], "head": [("x", -15)]}
_DANCE_A: Pose = {"right_shoulder": [("y", 40), ("x", -20)], "right_elbow": [("z", 60)],
                  "left_shoulder": [("y", 10), ("x", -40)], "left_elbow": [("z", -90)],
                  "spine2": [("z", 20), ("y", 8)], "head": [("z", -15), ("y", 8)]}
_DANCE_B: Pose = {"right_shoulder": [("y", -10), ("x", -40)], "right_elbow": [("z", 90)],
                  "left_shoulder": [("y", -40), ("x", -20)], "left_elbow": [("z", -60)],
                  "spine2": [("z", -20), ("y", -8)], "head": [("z", 15), ("y", -8)]}
_ARMS_RAISED: Pose = {"right_shoulder": [("y", 80), ("x", 10)], "right_elbow": [("z", 10)],
                      "left_shoulder": [("y", -80), ("x", 10)], "left_elbow": [("z", -10)],
                      "head": [("x", -15)]}
_CLAP_OPEN: Pose = {"right_shoulder": [("z", 60), ("y", -30)], "right_elbow": [("z", 60)],
                    "left_shoulder": [("z", -60), ("y", 30)], "left_elbow": [("z", -60)]}
_CLAP_SHUT: Pose = {"right_shoulder": [("z", 80), ("y", -30)], "right_elbow": [("z", 75)],
                    "left_shoulder": [("z", -80), ("y", 30)], "left_elbow": [("z", -75)]}
_CHOP_UP: Pose = {"right_shoulder": [("y", -60), ("x", -30)], "right_elbow": [("z", 110)],
                  "left_shoulder": [("y", 60), ("x", -30)], "left_elbow": [("z", -70)],
                  "spine1": [("x", 15)], "head": [("x", 20)]}
_CHOP_DOWN: Pose = {**_CHOP_UP, "right_elbow": [("z", 60)], "right_wrist": [("x", 25)]}
# A fishing cast, right-handed: the rod held out in front (left hand on its butt), taken up
# and back over the shoulder with the wrist cocked, then driven forward and down with a flick
# of the wrist, and held out toward the water while the line flies.
_ROD_LEFT: Pose = {"left_shoulder": [("z", -55), ("y", 15)], "left_elbow": [("z", -70)]}
_ROD_OUT: Pose = {**_ROD_LEFT, "right_shoulder": [("z", 55), ("y", -20)],
                  "right_elbow": [("z", 45)], "right_wrist": [("x", -10)]}
_CAST_BACK: Pose = {**_ROD_LEFT, "right_shoulder": [("y", 70), ("x", -25)],
                    "right_elbow": [("y", 95)], "right_wrist": [("x", -40)],
                    "spine2": [("z", -15)], "spine1": [("x", -5)]}
_CAST_FORWARD: Pose = {**_ROD_LEFT, "right_shoulder": [("z", 80), ("y", -10)],
                       "right_elbow": [("z", 10)], "right_wrist": [("x", 30)],
                       "spine2": [("z", 10)], "spine1": [("x", 12)]}

_FALLEN: Pose = {"pelvis": [("x", -75)], "spine1": [("x", 10)], "head": [("x", 20)]}
_FALLEN_PELVIS = (0, 0.45, -0.84)

MORE: dict[str, Keyed] = {
    "talk": Keyed(4.0, _cycle(_TALK_A, _TALK_B, 4)),
    "listen": Keyed(4.0, ((0.0, {}), (0.2, {"head": [("y", 12), ("x", 12)]}),
                          (0.45, {"head": [("y", 12), ("x", 2)]}),
                          (0.7, {"head": [("y", 12), ("x", 14)]}), (1.0, {}))),
    "nod": Keyed(1.2, _cycle({"head": [("x", 25)], "neck": [("x", 8)]},
                             {"head": [("x", 2)]}, 3)),
    "shake_head": Keyed(1.2, _cycle({"head": [("z", 30)]}, {"head": [("z", -30)]}, 4)),
    "dance": Keyed(4.0, _cycle(_DANCE_A, _DANCE_B, 8),
                   pelvis=((0.0, (0, 0, 0)), *(((k + 0.5) / 8, (0.05 * (-1) ** k, 0, -0.08))
                                               for k in range(8)), (1.0, (0, 0, 0)))),
    "sit_still": Keyed(3.0, ((0.0, {"spine1": [("x", 5)]}),
                             (0.5, {"spine1": [("x", 5)], "spine2": [("x", 3)]}),
                             (1.0, {"spine1": [("x", 5)]}))),
    "clap": Keyed(2.0, _cycle(_CLAP_SHUT, _CLAP_OPEN, 8)),
    "raise_arms": Keyed(2.0, ((0.0, {}), (0.3, _ARMS_RAISED), (0.8, _ARMS_RAISED), (1.0, {}))),
    "hug": Keyed(3.0, ((0.0, {}), (0.3, _HUG), (0.8, _HUG), (1.0, {}))),
    "handshake": Keyed(2.0, ((0.0, {}), (0.25, _SHAKE), (0.4, _SHAKE_DOWN), (0.55, _SHAKE),
                             (0.7, _SHAKE_DOWN), (0.85, _SHAKE), (1.0, {}))),
    "uppercut": Keyed(0.7, ((0.0, _G), (0.3, _UPPER_LOAD), (0.55, _UPPER_HIT), (1.0, _G)),
                      pelvis=((0.0, (0, 0, 0)), (0.3, (0, 0, -0.08)), (0.55, (0, -0.03, 0.0)),
                              (1.0, (0, 0, 0))), base=_G),
    "clinch": Keyed(2.0, ((0.0, _G), (0.3, _CLINCH), (0.8, _CLINCH), (1.0, _G)),
                    pelvis=((0.0, (0, 0, 0)), (0.3, (0, -0.1, -0.05)), (0.8, (0, -0.1, -0.05)),
                            (1.0, (0, 0, 0))), base=_G),
    "fall": Keyed(1.5, ((0.0, {}), (0.4, {"pelvis": [("x", -30)], "spine1": [("x", 20)],
                                          "right_shoulder": [("y", -30)],
                                          "left_shoulder": [("y", 30)]}),
                        (1.0, {"pelvis": [("x", -75)], "spine1": [("x", 10)],
                               "head": [("x", 20)]})),
                  # The pelvis drops over the feet (a crouch, not a sit in mid-air) and slides
                  # back only near the floor, where the body lies.
                  pelvis=((0.0, (0, 0, 0)), (0.4, (0, 0.1, -0.45)), (0.6, (0, 0.18, -0.76)),
                          (1.0, (0, 0.45, -0.84)))),
    # Lying where it fell (after "fall", until "get_up"): the fall's last pose, held.
    "lie_fallen": Keyed(2.0, ((0.0, _FALLEN), (1.0, _FALLEN)),
                        pelvis=((0.0, _FALLEN_PELVIS), (1.0, _FALLEN_PELVIS))),
    "get_up": Keyed(1.5, ((0.0, {"pelvis": [("x", -75)], "spine1": [("x", 10)],
                                 "head": [("x", 20)]}),
                                (0.6, {"pelvis": [("x", -10)], "spine1": [("x", 45)]}), (1.0, {})),
                    pelvis=((0.0, (0, 0.45, -0.84)), (0.4, (0, 0.18, -0.76)),
                            (0.6, (0, 0.1, -0.45)), (1.0, (0, 0, 0)))),
    "throw": Keyed(1.2, ((0.0, {}), (0.4, _THROW_BACK), (0.65, _THROW_OUT), (1.0, {}))),
    "catch": Keyed(1.2, ((0.0, {}), (0.4, _CATCH), (0.7, {**_CATCH, "right_elbow": [("z", 80)],
                                                         "left_elbow": [("z", -80)]}),
                         (1.0, {}))),
    "swing": Keyed(1.2, ((0.0, {}), (0.35, _SWING_BACK), (0.6, _SWING_THROUGH), (1.0, {}))),
    "push": Keyed(2.0, ((0.0, {}), (0.25, _PUSH_IN), (0.6, _PUSH_OUT), (0.85, _PUSH_OUT),
                        (1.0, {})),
                  pelvis=((0.0, (0, 0, 0)), (0.6, (0, -0.08, -0.03)), (1.0, (0, 0, 0)))),
    "lean_on": Keyed(3.0, ((0.0, {}), (0.3, _LEAN), (0.85, _LEAN), (1.0, {})),
                     pelvis=((0.0, (0, 0, 0)), (0.3, (0, 0.06, -0.02)), (0.85, (0, 0.06, -0.02)),
                             (1.0, (0, 0, 0)))),
    "open_door": Keyed(2.0, ((0.0, {}), (0.3, _REACH), (0.7, _PULL), (1.0, {}))),
    "close_door": Keyed(2.0, ((0.0, {}), (0.3, _PULL), (0.7, _REACH), (1.0, {}))),
    "drink": Keyed(3.0, ((0.0, {}), (0.3, _CUP_AT_LIPS), (0.75, _CUP_AT_LIPS), (1.0, {}))),
    "eat": Keyed(3.0, _cycle(_FORK_AT_MOUTH, _FORK_DOWN, 4)),
    "type": Keyed(3.0, _cycle(_hands(_KEYS_HANDS, right=15, left=-5),
                              _hands(_KEYS_HANDS, right=-5, left=15), 10, _KEYS_HANDS),
                  base=_KEYS_HANDS),
    "chop": Keyed(2.0, _cycle(_CHOP_UP, _CHOP_DOWN, 6, _CHOP_UP), base=_CHOP_UP),
    "play_piano": Keyed(3.0, _cycle(_hands(_KEYS_HANDS, right=20, left=-10),
                                    _hands({**_KEYS_HANDS, "spine2": [("z", 8)]}, right=-10,
                                           left=20), 8, _KEYS_HANDS), base=_KEYS_HANDS),
    "cast": Keyed(3.0, ((0.0, _ROD_OUT), (0.25, _CAST_BACK), (0.4, _CAST_FORWARD),
                        (0.55, _ROD_OUT), (1.0, _ROD_OUT)), base=_ROD_OUT),
    "play_violin": Keyed(3.0, _cycle({**_VIOLIN_L, "right_shoulder": [("y", -30), ("z", 40)],
                                      "right_elbow": [("z", 90)]},
                                     {**_VIOLIN_L, "right_shoulder": [("y", -20), ("z", 70)],
                                      "right_elbow": [("z", 20)]}, 6, _VIOLIN_L),
                         base=_VIOLIN_L),
    "play_qin": Keyed(3.0, _cycle(_hands(_QIN, right=25, left=0), _hands(
        {**_QIN, "right_elbow": [("z", 45)], "left_elbow": [("z", -75)]}, right=0, left=25), 8,
        _QIN), base=_QIN),
}
"""Keyed humanoid actions added to `actions.ACTIONS` (right-handed; ``hand="left"`` mirrors)."""
ACTIONS.update(MORE)


# Whole-body actions that end somewhere else ---------------------------------------------------

def _frames(duration: float, fps: float) -> int:
    if not (duration > 0 and np.isfinite(duration)):
        raise InputError(f"duration must be a positive number of seconds, got {duration!r}")
    return max(2, round(duration * fps) + 1)


def _rest_pelvis_z(rig: Rig) -> float:
    return float(rig.rest_positions()[rig.index(rig.require_template().root)][2])


SIT_CLEARANCE = 0.10
"""m from the sitting surface up to the pelvis joint (the hip joints' height when seated)."""


def sit_on(skeleton: Skeleton, seat_height: float, back: float = 0.4, duration: float = 1.5,
           fps: float = 24.0, location: Sequence[float] = (0, 0, 0), yaw: float = 0.0,
           rise: bool = False) -> Motion:
    """Sit down on a surface ``seat_height`` m above the feet, ``back`` m behind where the
    character stands (it stands with its back to the seat): the pelvis ends `SIT_CLEARANCE`
    above the surface, over it; the feet stay planted and the knees bend by IK. ``rise``
    plays it backwards (stand up from the seat)."""
    rig = Rig.from_skeleton(skeleton)
    if rig.require_template().name != "humanoid":
        raise InputError("sit_on is for a humanoid (animals sit on their haunches)")
    if not (0.0 <= seat_height <= 1.2):
        raise InputError(f"a seat {seat_height:g} m high cannot be sat on (0 to 1.2 m)")
    frames = _frames(duration, fps)
    drop = (_rest_pelvis_z(rig) - (seat_height + SIT_CLEARANCE)) / rig.scale
    end = (0.0, back / rig.scale, -drop)
    mid = (0.0, 0.6 * end[1], -0.55 * drop)
    pelvis_keys = [(0.0, (0.0, 0.0, 0.0)), (0.5, mid), (1.0, end)]
    lean = {"spine1": [("x", 35)], "neck": [("x", -15)]}
    keys: list[tuple[float, Pose]] = [(0.0, {}), (0.5, lean), (1.0, {"spine1": [("x", 5)]})]
    if rise:
        pelvis_keys = [(1.0 - t, v) for t, v in reversed(pelvis_keys)]
        keys = [(1.0 - t, p) for t, p in reversed(keys)]
    body = _interp(frames, keys, ARMS_DOWN, 1.0)
    pelvis = _vec_interp(frames, pelvis_keys)
    return standing(rig, body, pelvis, fps, location, yaw, name="stand_up" if rise else "sit")


def seated_offset(skeleton: Skeleton, seat_height: float, back: float = 0.4
                  ) -> tuple[float, float, float]:
    """The pelvis offset (body units) of a character sat by `sit_on` with these numbers, for
    actions played while seated (play the piano, talk, type)."""
    rig = Rig.from_skeleton(skeleton)
    drop = (_rest_pelvis_z(rig) - (seat_height + SIT_CLEARANCE)) / rig.scale
    return (0.0, back / rig.scale, -drop)


STEP_UP_MAX = 1.0
"""m: the highest top a person steps (climbs) up onto without a ladder or stairs."""


def step_up(skeleton: Skeleton, to: Sequence[float], box: Sequence[float], top: float,
            fps: float = 24.0, location: Sequence[float] = (0, 0, 0), yaw: float = 0.0,
            speed: float = 0.9) -> Motion:
    """Walk from ``location`` onto a raised top and on to ``to`` (x, y) on it: the gait's
    feet are planted on the ground, then on the top (``top`` m above the feet's ground), the
    root rising over the edge. ``box`` is the top's outline (cx, cy, width, depth, yaw).
    A top beyond `STEP_UP_MAX` is an error (it needs stairs or a ladder)."""
    from .locomotion import locomotion
    from .terrain import box_top

    if not (0.0 < top <= STEP_UP_MAX):
        raise InputError(f"a top {top:g} m up cannot be stepped onto (0 to {STEP_UP_MAX:g} m)")
    start = np.asarray(location, float)
    end = np.asarray(to, float)[:2]
    if float(np.linalg.norm(end - start[:2])) < 0.3:
        raise InputError("step_up needs somewhere to step to, at least 0.3 m away")
    cx, cy, w, d, turn = (float(v) for v in box)
    ground = float(start[2])
    del yaw  # the walk faces where it goes
    clip = locomotion(skeleton, np.array([start[:2], end]), style="walk", speed=speed, fps=fps,
                      terrain=box_top((cx, cy), (w, d), turn, ground + top, ground))
    clip.name = "step_up"
    return clip


#: m the toes of a character lying on a top end inside its edge (the knees up, feet flat).
LIE_FEET_IN = 0.10


def lie_on(skeleton: Skeleton, surface_height: float, duration: float = 2.0, fps: float = 24.0,
           location: Sequence[float] = (0, 0, 0), yaw: float = 0.0,
           edge: float | None = None) -> Motion:
    """From sitting on the edge of a surface (a bed) ``surface_height`` m high, lie down on
    the back across it: the body pitches back 85°, the pelvis slides onto the surface and
    the legs come up onto it (feet released, flat on the top at the end). ``edge``: how far
    (m) behind where the feet stood the surface's edge is — the feet then end on the top,
    their toes `LIE_FEET_IN` inside that edge, knees up (without it they end just behind
    where they stood, which is in the air beside a bed sat on from its edge)."""
    rig = Rig.from_skeleton(skeleton)
    if rig.require_template().name != "humanoid":
        raise InputError("lie_on is for a humanoid")
    frames = _frames(duration, fps)
    w = smoothstep(np.linspace(0.0, 1.0, frames))
    sit = np.array(seated_offset(skeleton, surface_height))
    lying = np.array([0.0, sit[1] + 0.45 / rig.scale, sit[2] - 0.02 / rig.scale])
    pelvis = sit + (lying - sit) * w[:, None]
    body = {j: np.broadcast_to(m, (frames, 3, 3)).copy()
            for j, m in pose_matrices(ARMS_DOWN).items()}
    body["pelvis"] = rot_x(-np.radians(85) * w)
    tpl = rig.require_template()
    c, s = np.cos(yaw), np.sin(yaw)
    rest = rig.rest_positions()
    feet = {}
    root0 = np.asarray(location, float)
    for leg in tpl.legs:
        local = rest[rig.index(leg.end)]
        floor = root0 + np.array([c * local[0] - s * local[1], s * local[0] + c * local[1],
                                 local[2]])
        back = 0.05
        if edge is not None:
            # The toe points forward (−y in the body's frame) from the ankle, over the edge.
            toe = -(rest[rig.index(leg.tip)][1] - local[1]) if leg.tip in rig.names else 0.0
            back = float(edge) + max(float(toe), 0.0) + LIE_FEET_IN
        # Behind (+y in the body's frame: −sin, cos in the world) where the feet stood.
        on_top = floor + np.r_[-s * back, c * back, surface_height]
        target = floor[None, :] + (on_top - floor)[None, :] * w[:, None]
        orient = np.broadcast_to(rot_z(np.array(yaw)), (frames, 3, 3))
        free = w < 0.05
        feet[leg.name] = FootPlan(target, orient, free, free)
    return standing(rig, body, pelvis, fps, location, yaw, feet=feet, name="lie_on")


def leap(skeleton: Skeleton, to: Sequence[float], top: float = 0.0, apex: float | None = None,
         fps: float = 24.0, location: Sequence[float] = (0, 0, 0), yaw: float = 0.0,
         name: str = "jump") -> Motion:
    """Jump from ``location`` to land at ``to`` (x, y) on a surface ``top`` m above the
    take-off ground (0: flat ground), along a ballistic arc whose apex clears the landing by
    ``apex`` m (default 0.25 m, at least 0.3 m above the take-off). Any legged template: the
    feet are planted before take-off and after landing (on the top), tucked in the air."""
    rig = Rig.from_skeleton(skeleton)
    tpl = rig.require_template()
    if not tpl.legs:
        raise InputError(f"a {tpl.name} does not jump")
    g = 9.81
    scale = rig.scale
    start = np.asarray(location, float)
    end = np.r_[np.asarray(to, float)[:2], start[2] + top]
    rise = max(top + (0.25 * scale if apex is None else apex), 0.3 * scale)
    v_up = np.sqrt(2 * g * rise)
    t_up = v_up / g
    t_down = np.sqrt(2 * max(rise - top, 1e-6) / g)
    t_air = t_up + t_down
    t_crouch, t_recover = 0.3, 0.4
    frames = round((t_crouch + t_air + t_recover) * fps) + 1
    t = np.arange(frames) / fps
    air = (t > t_crouch) & (t < t_crouch + t_air)
    ta = np.clip(t - t_crouch, 0, t_air)
    z = v_up * ta - 0.5 * g * ta * ta
    z = np.where(t >= t_crouch + t_air, top, z)
    frac = np.clip(ta / t_air, 0, 1)[:, None]
    root = np.c_[start[:2] + (end[:2] - start[:2]) * frac, start[2] + z]
    dip = -0.15 * (np.exp(-((t - t_crouch * 0.8) / 0.1) ** 2)
                   + np.exp(-((t - t_crouch - t_air - 0.08) / 0.1) ** 2))
    pelvis = np.c_[np.zeros(frames), np.zeros(frames), dip]
    body: dict[str, np.ndarray] = {}
    if tpl.name == "humanoid":
        body = {j: np.broadcast_to(m, (frames, 3, 3)).copy()
                for j, m in pose_matrices(ARMS_DOWN).items()}
        swing = np.radians(70) * np.sin(np.pi * frac[:, 0])
        body["left_shoulder"] = rot_x(-swing) @ body["left_shoulder"]
        body["right_shoulder"] = rot_x(-swing) @ body["right_shoulder"]
    else:  # a four-legged leap stretches the body up, then down
        body["pelvis"] = rot_x(-np.radians(20) * np.sin(2 * np.pi * frac[:, 0]))
    rest = rig.rest_positions()
    c, s = np.cos(yaw), np.sin(yaw)
    feet = {}
    for leg in tpl.legs:
        local = rest[rig.index(leg.end)]
        off = np.array([c * local[0] - s * local[1], s * local[0] + c * local[1], local[2]])
        tuck = np.where(air, 0.1 * scale * np.sin(np.pi * frac[:, 0]), 0.0)
        target = root + off + np.c_[np.zeros(frames), np.zeros(frames), tuck]
        orient = np.broadcast_to(rot_z(np.array(yaw)), (frames, 3, 3))
        feet[leg.name] = FootPlan(target, orient, ~air, ~air)
    return standing(rig, body, pelvis, fps, location, yaw, feet=feet, root_path=root, name=name)


def reach(skeleton: Skeleton, target: Sequence[float], duration: float = 1.5,
          hand: str = "right", fps: float = 24.0, location: Sequence[float] = (0, 0, 0),
          yaw: float = 0.0, name: str = "pick_up") -> Motion:
    """Bend (and crouch for a low target) and bring the ``hand``'s wrist to a world
    ``target`` at the middle of the clip, then straighten with the hand back by the chest
    (holding what it took). Feet stay planted; the arm is aimed at the target."""
    from .actions import _aim

    rig = Rig.from_skeleton(skeleton)
    if rig.require_template().name != "humanoid":
        raise InputError(f"{name} is for a humanoid")
    frames = _frames(duration, fps)
    target = np.asarray(target, float)
    low = float(np.clip((1.1 - target[2]) / 1.1, 0.0, 1.0))  # 0: at chest height, 1: floor
    u = np.linspace(0, 1, frames)
    w = smoothstep(np.clip(np.minimum(u / 0.45, (1 - u) / 0.35), 0, 1))
    body = {j: np.broadcast_to(m, (frames, 3, 3)).copy()
            for j, m in pose_matrices(ARMS_DOWN).items()}
    body["spine1"] = rot_x(np.radians(55) * low * w)
    body["spine2"] = rot_x(np.radians(15) * low * w)
    body["neck"] = rot_x(np.radians(10) * w)
    pelvis = np.c_[np.zeros(frames), 0.15 * low * w, -0.5 * low * w]
    m = standing(rig, body, pelvis, fps, location, yaw, name=name)
    side = "right" if hand == "right" else "left"
    m.rotations[:, rig.index(f"{side}_elbow")] = np.eye(3)
    # Aim the straight arm at the target; the wrist lands on it when it is within reach.
    _aim(rig, m, f"{side}_shoulder", f"{side}_elbow", target, w)
    after = u > 0.6
    if after.any():  # the hand comes back to the chest, bent at the elbow
        bend = smoothstep(np.clip((u - 0.6) / 0.3, 0, 1))
        sign = 1.0 if side == "right" else -1.0
        e = rig.index(f"{side}_elbow")
        m.rotations[after, e] = rot_z(sign * np.radians(100) * bend[after])
    return m


# Four-legged actions ------------------------------------------------------------------------

QUADRUPED: dict[str, Keyed] = {
    "bark": Keyed(1.5, _cycle({"neck": [("x", -25)], "head": [("x", -15)]},
                              {"neck": [("x", -5)], "head": [("x", 10)]}, 6)),
    "graze": Keyed(4.0, ((0.0, {}), (0.2, {"neck": [("x", 60)], "head": [("x", 30)]}),
                         (0.5, {"neck": [("x", 58)], "head": [("x", 20)]}),
                         (0.8, {"neck": [("x", 60)], "head": [("x", 30)]}), (1.0, {}))),
    "stretch": Keyed(2.5, ((0.0, {}), (0.4, {"pelvis": [("x", -15)], "neck": [("x", -20)]}),
                           (0.7, {"pelvis": [("x", -15)], "neck": [("x", -20)]}), (1.0, {})),
                     pelvis=((0.0, (0, 0, 0)), (0.4, (0, 0, -0.06)), (1.0, (0, 0, 0)))),
    "lie": Keyed(2.0, ((0.0, {}), (1.0, {"neck": [("x", -15)], "tail1": [("x", 20)]})),
                 pelvis=((0.0, (0, 0, 0)), (1.0, (0, 0, -0.3)))),
    "wag": Keyed(2.0, _cycle({"tail1": [("z", 35)], "head": [("x", -10)]},
                             {"tail1": [("z", -35)], "head": [("x", -10)]}, 8)),
}


def quadruped_action(skeleton: Skeleton, name: str, duration: float | None = None,
                     fps: float = 24.0, location: Sequence[float] = (0, 0, 0),
                     yaw: float = 0.0) -> Motion:
    """A keyed four-legged action of `QUADRUPED` (bark, graze, stretch, lie, wag), paws
    planted."""
    rig = Rig.from_skeleton(skeleton)
    if rig.require_template().name != "quadruped":
        raise InputError(f"{name} is for a four-legged animal")
    if name not in QUADRUPED:
        raise InputError(f"unknown animal action {name!r}; choose one of: "
                         f"{', '.join(sorted(QUADRUPED))}")
    spec = QUADRUPED[name]
    frames = _frames(spec.duration if duration is None else float(duration), fps)
    body = _interp(frames, spec.keys, {}, 1.0)
    pelvis = _vec_interp(frames, spec.pelvis)
    return standing(rig, body, pelvis, fps, location, yaw, name=name)


# The declarations ------------------------------------------------------------------------------
# (verb, defining property, params, synonyms). Moves carry ``speed`` (tag ``moves``); the others
# ``duration``. Words already claimed by an older verb (walk's "strolls", run's "sprints") stay
# with it: the new verbs are reached by their own forms and by a plan that names them.
_MOVE = ("moves",)
for _verb, _measure, _params, _words, _tags in (
    ("stroll", "travels", {"speed": 1.0}, ("strolling", "ambles", "wanders"), _MOVE),
    ("jog", "travels", {"speed": 2.8}, ("jogs", "jogging"), _MOVE),
    ("sprint", "travels", {"speed": 8.0}, ("sprints", "sprinting", "dash"), _MOVE),
    ("sneak", "travels", {"speed": 0.7}, ("sneaks", "sneaking", "creeps", "tiptoes"),
     _MOVE),
    ("limp", "travels", {"speed": 0.8}, ("limps", "limping", "hobbles"), _MOVE),
    # "march" is this verb (a marching gait, arms swung high), not a walk: "soldiers march".
    ("march_on", "travels", {"speed": 1.3}, ("marches", "march", "marching", "procession",
                                             "in procession", "file past"), _MOVE),
    ("trot", "travels", {"speed": 2.0}, ("trots", "trotting"), _MOVE),
    ("gallop", "travels", {"speed": 6.0}, ("gallops", "galloping"), _MOVE),
    ("chase", "travels", {"speed": 4.5}, ("chasing", "pursues", "runs after"), _MOVE),
    ("fetch", "travels", {"speed": 4.0}, ("fetches", "retrieves"), _MOVE),
    ("glide", "in_air", {"speed": 6.0}, ("gliding", "skims"), _MOVE),
    ("stop", "moves_joints", {"duration": 1.0}, ("stops", "halts", "freezes"), ()),
    ("listen", "moves_joints", {"duration": 4.0}, ("listens", "listening"), ()),
    ("hug", "moves_joints", {"duration": 3.0}, ("hugs", "embraces", "hugging"), ()),
    ("handshake", "moves_joints", {"duration": 2.0}, ("shakes hands",), ()),
    ("clap", "moves_joints", {"duration": 2.0}, ("claps", "applauds", "clapping"), ()),
    ("raise_arms", "reaches", {"duration": 2.0}, ("raises his arms", "raises her arms",
                                                   "raises both arms", "cheers"), ()),
    ("jab", "moves_joints", {"duration": 0.6}, ("jabs",), ()),
    ("cross", "moves_joints", {"duration": 0.7}, ("throws a cross",), ()),
    ("hook", "moves_joints", {"duration": 0.7}, ("throws a hook",), ()),
    ("uppercut", "moves_joints", {"duration": 0.7}, ("uppercuts",), ()),
    ("block", "moves_joints", {"duration": 1.0}, ("blocks", "parries", "covers up"), ()),
    ("dodge", "moves_joints", {"duration": 0.8}, ("dodges", "slips", "ducks", "evades"), ()),
    ("kick", "reaches", {"duration": 1.2, "height": 0.9}, ("kicks", "kicking"), ()),
    ("clinch", "moves_joints", {"duration": 2.0}, ("clinches", "grapples"), ()),
    ("fall", "moves_joints", {"duration": 1.5}, ("falls", "collapses", "topples"), ()),
    ("get_up", "moves_joints", {"duration": 1.5}, ("gets up", "picks himself up"), ()),
    ("dribble", "moves_joints", {"duration": 2.0}, ("dribbles", "dribbling"), ()),
    ("shoot", "airborne", {"duration": 1.5}, ("shoots", "jump shot"), ()),
    ("dunk", "reaches", {"duration": 1.5, "rim": 3.05}, ("dunks", "slam dunk"), ()),
    ("throw", "moves_joints", {"duration": 1.2}, ("throws", "tosses", "hurls"), ()),
    ("catch", "moves_joints", {"duration": 1.2}, ("catches",), ()),
    ("swing", "moves_joints", {"duration": 1.2}, ("swings",), ()),
    ("stand_up", "moves_joints", {"duration": 1.5}, ("stands up", "gets to his feet",
                                                     "gets to her feet"), ()),
    ("lie_on", "ends_on", {"duration": 2.0}, ("lies down", "lies on", "lays down"), ()),
    ("step_up", "ends_on", {"duration": 2.0}, ("steps up onto", "steps onto", "climbs onto",
                                               "climbs up onto", "walks up onto", "gets up on",
                                               "climbs up on"), ()),
    ("put_down", "holds", {"duration": 1.5}, ("puts down", "sets down"), ()),
    ("carry", "holds", {"speed": 1.1}, ("carries", "carrying"), _MOVE),
    # Held in the hand alongside whatever else the character does, from ``start`` for its
    # ``duration`` (to the end of the scene when the plan gives none): "holding an umbrella".
    ("ride", "seated", {"duration": 4.0}, ("rides", "riding", "astride"), ()),
    ("hold", "holds", {"duration": 2.0}, ("holding", "holds", "wields", "wielding",
                                          "clutches", "clutching"), ()),
    ("hand_over", "holds", {"duration": 2.0}, ("hands over", "hands it", "gives"), ()),
    ("open_door", "holds", {"duration": 2.0}, ("opens", "opens the door"), ()),
    ("close_door", "holds", {"duration": 2.0}, ("closes", "shuts"), ()),
    ("lean_on", "moves_joints", {"duration": 3.0}, ("leans", "leans on", "leaning"), ()),
    ("push", "moves_joints", {"duration": 2.0}, ("pushes", "shoves"), ()),
    ("drink", "reaches", {"duration": 3.0}, ("sips", "drinks from"), ()),
    ("eat", "moves_joints", {"duration": 3.0}, ("eating", "dines"), ()),
    ("type", "moves_joints", {"duration": 3.0}, ("types", "typing"), ()),
    ("chop", "moves_joints", {"duration": 2.0}, ("chops", "chopping", "slices"), ()),
    # Not "casting": "a low sun casting long shadows" is no fishing.
    ("cast", "moves_joints", {"duration": 3.0}, ("casts", "casts his line", "casts her line",
                                                 "casts a line", "casts the line"), ()),
    ("play_piano", "moves_joints", {"duration": 4.0}, ("plays the piano", "plays piano"), ()),
    ("play_guitar", "moves_joints", {"duration": 4.0}, ("plays the guitar", "plays guitar",
                                                        "strums"), ()),
    ("play_violin", "moves_joints", {"duration": 4.0}, ("plays the violin", "plays the cello",
                                                        "plays the viola"), ()),
    ("drum", "moves_joints", {"duration": 4.0}, ("drums", "plays the drums", "drumming"), ()),
    ("play_qin", "moves_joints", {"duration": 4.0}, ("plays the qin", "plays the guqin",
                                                     "plays the zither"), ()),
    ("shake_head", "moves_joints", {"duration": 1.2}, ("shakes his head",
                                                       "shakes her head"), ()),
    ("wag", "moves_joints", {"duration": 2.0}, ("wags", "wagging"), ()),
    ("stretch", "moves_joints", {"duration": 2.5}, ("stretches", "stretching"), ()),
    ("lie", "moves_joints", {"duration": 3.0}, ("lies", "lying"), ()),
):
    declare("action", _verb, _words, params=_params, tags=(*_tags, f"measure:{_measure}"),
            skill="motion")
