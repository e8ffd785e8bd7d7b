"""Skeleton templates as data: humanoid (SMPL / HumanML3D 22 joints), quadruped, bird, fish.

A template is a table of joints with their rest positions in the entity frame (metres, Blender
axes: +Z up, the creature faces −Y, origin on the floor at the bottom centre of the rest pose),
joint limits, and the limbs and contact joints that locomotion and the checks need. The World
stores only names, parents and offsets (`previz.world.Skeleton`); everything else is looked up
here by the skeleton's ``template`` name, so a World stays small and a template can be improved
without rewriting scenes.

Why rest positions in the entity frame and identity rest orientations: that is the BVH / SMPL
convention the World uses (a joint's rest frame has the entity's axes), so a HumanML3D/MoMask BVH
with the same joint names drops onto the humanoid without a rest-pose correction.

The humanoid rest pose is the SMPL T-pose (arms straight out along ±X; the character's left is
+X because it faces −Y). Offsets follow the SMPL neutral template's proportions, scaled to a
1.75 m person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from previz.world import InputError, Joint, Skeleton

Vec3 = tuple[float, float, float]
Range = tuple[float, float]
Limits = tuple[Range, Range, Range]

_FREE: Limits = ((-math.pi, math.pi),) * 3


def _deg(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> Limits:
    r = math.radians
    return ((r(x0), r(x1)), (r(y0), r(y1)), (r(z0), r(z1)))


@dataclass(frozen=True)
class JointSpec:
    """One joint of a template: its rest position in the entity frame (not relative to the
    parent: absolute positions are easier to check against a picture), and its limits as
    (min, max) radians per Euler X, Y, Z channel relative to rest."""

    name: str
    parent: str | None
    position: Vec3
    limits: Limits = _FREE


@dataclass(frozen=True)
class Limb:
    """A leg (or wing) as a two-bone chain for analytic IK: ``upper`` (hip) rotates the thigh,
    ``lower`` (knee) bends, ``end`` (ankle) is the IK target, ``tip`` (toe, paw) touches the
    ground. ``phase`` is the limb's gait phase offset in cycles for the default gait."""

    name: str
    upper: str
    lower: str
    end: str
    tip: str
    phase: float = 0.0
    hinge: Vec3 = (1.0, 0.0, 0.0)
    """Axis (rest frame) about which a positive rotation of ``lower`` flexes the limb."""


@dataclass(frozen=True)
class SkeletonTemplate:
    name: str
    joints: tuple[JointSpec, ...]
    height: float
    """Nominal height of the rest pose (top of the head for standing creatures, body depth for a
    fish); `make_skeleton(name, height)` scales uniformly by ``height / self.height``."""
    radius: float
    """Body radius on the ground plane (m), for collision and path planning."""
    contacts: tuple[str, ...] = ()
    """Joints that touch the ground in normal locomotion (checked for skating and penetration)."""
    contact_height: dict[str, float] = field(default_factory=dict)
    """Rest height of each contact joint above the sole (ankle is above the floor, a toe joint
    sits near it): the height a planted contact joint should keep above the terrain."""
    legs: tuple[Limb, ...] = ()
    wings: tuple[Limb, ...] = ()
    root: str = ""
    spine: tuple[str, ...] = ()
    head: str = ""
    arms: tuple[Limb, ...] = ()
    description: str = ""

    def names(self) -> list[str]:
        return [j.name for j in self.joints]

    def spec(self, name: str) -> JointSpec:
        for j in self.joints:
            if j.name == name:
                return j
        raise KeyError(f"template {self.name!r} has no joint {name!r}")

    def rest_positions(self, scale: float = 1.0) -> dict[str, np.ndarray]:
        """Rest position of every joint in the entity frame."""
        return {j.name: np.asarray(j.position, float) * scale for j in self.joints}

    def offsets(self, scale: float = 1.0) -> dict[str, Vec3]:
        """Rest offset of every joint relative to its parent (root: to the entity origin)."""
        pos = self.rest_positions(scale)
        out: dict[str, Vec3] = {}
        for j in self.joints:
            p = pos[j.name] - (pos[j.parent] if j.parent else 0.0)
            out[j.name] = (float(p[0]), float(p[1]), float(p[2]))
        return out

    def limits(self) -> dict[str, Limits]:
        return {j.name: j.limits for j in self.joints}


def _mirror(specs: list[JointSpec]) -> list[JointSpec]:
    """Right-side copies of left-side joints: x negated, Y and Z limits mirrored."""
    out = []
    for s in specs:
        (x0, x1), (y0, y1), (z0, z1) = s.limits
        parent = s.parent.replace("left_", "right_") if s.parent else None
        out.append(JointSpec(
            s.name.replace("left_", "right_"), parent,
            (-s.position[0], s.position[1], s.position[2]),
            ((x0, x1), (-y1, -y0), (-z1, -z0)),
        ))
    return out


def _ordered(specs: list[JointSpec], order: list[str]) -> tuple[JointSpec, ...]:
    by_name = {s.name: s for s in specs}
    assert set(order) == set(by_name), set(order) ^ set(by_name)
    return tuple(by_name[n] for n in order)


# --------------------------------------------------------------------------- humanoid

HUMANOID_JOINTS = [
    "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2",
    "left_ankle", "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar",
    "right_collar", "head", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
]
"""The SMPL / HumanML3D joint order (22 body joints, no hands)."""

_HUMAN_LEFT = [
    JointSpec("left_hip", "pelvis", (0.090, 0.000, 0.910), _deg(-125, 30, -35, 45, -40, 40)),
    JointSpec("left_knee", "left_hip", (0.100, 0.005, 0.490), _deg(-5, 150, -5, 5, -10, 10)),
    JointSpec("left_ankle", "left_knee", (0.110, 0.030, 0.080), _deg(-45, 30, -25, 25, -30, 30)),
    JointSpec("left_foot", "left_ankle", (0.120, -0.095, 0.020), _deg(-40, 40, -10, 10, -10, 10)),
    JointSpec("left_collar", "spine3", (0.070, 0.010, 1.400), _deg(-15, 15, -20, 15, -15, 30)),
    JointSpec("left_shoulder", "left_collar", (0.180, 0.020, 1.420), _deg(-90, 90, -30, 95,
                                                                         -100, 50)),
    JointSpec("left_elbow", "left_shoulder", (0.440, 0.030, 1.420),
              _deg(-10, 10, -150, 150, -150, 0)),
    JointSpec("left_wrist", "left_elbow", (0.690, 0.030, 1.420), _deg(-80, 80, -30, 30, -70, 70)),
]

HUMANOID = SkeletonTemplate(
    name="humanoid",
    description="SMPL / HumanML3D 22-joint body in T-pose, 1.75 m",
    joints=_ordered(
        [
            JointSpec("pelvis", None, (0.000, 0.000, 0.960)),
            JointSpec("spine1", "pelvis", (0.000, 0.010, 1.070), _deg(-30, 60, -30, 30, -35, 35)),
            JointSpec("spine2", "spine1", (0.000, 0.005, 1.200), _deg(-20, 30, -20, 20, -30, 30)),
            JointSpec("spine3", "spine2", (0.000, 0.000, 1.265), _deg(-20, 30, -20, 20, -30, 30)),
            JointSpec("neck", "spine3", (0.000, 0.020, 1.480), _deg(-40, 60, -40, 40, -70, 70)),
            JointSpec("head", "neck", (0.000, -0.010, 1.590), _deg(-40, 40, -30, 30, -60, 60)),
            *_HUMAN_LEFT,
            *_mirror(_HUMAN_LEFT),
        ],
        HUMANOID_JOINTS,
    ),
    height=1.75,
    radius=0.25,
    contacts=("left_ankle", "left_foot", "right_ankle", "right_foot"),
    contact_height={"left_ankle": 0.080, "right_ankle": 0.080, "left_foot": 0.020,
                    "right_foot": 0.020},
    legs=(
        Limb("left_leg", "left_hip", "left_knee", "left_ankle", "left_foot", 0.0),
        Limb("right_leg", "right_hip", "right_knee", "right_ankle", "right_foot", 0.5),
    ),
    arms=(
        Limb("left_arm", "left_shoulder", "left_elbow", "left_wrist", "left_wrist", 0.5,
             (0.0, 0.0, -1.0)),
        Limb("right_arm", "right_shoulder", "right_elbow", "right_wrist", "right_wrist", 0.0,
             (0.0, 0.0, 1.0)),
    ),
    root="pelvis",
    spine=("spine1", "spine2", "spine3", "neck"),
    head="head",
)

# --------------------------------------------------------------------------- quadruped

_Q_LEFT = [
    JointSpec("left_shoulder", "chest", (0.100, -0.250, 0.500), _deg(-60, 60, -15, 15, -15, 15)),
    JointSpec("left_elbow", "left_shoulder", (0.100, -0.220, 0.290), _deg(-130, 20, -5, 5, -5, 5)),
    JointSpec("left_wrist", "left_elbow", (0.100, -0.240, 0.090), _deg(-60, 90, -5, 5, -10, 10)),
    JointSpec("left_front_paw", "left_wrist", (0.100, -0.270, 0.020), _deg(-60, 60, -5, 5, -5, 5)),
    JointSpec("left_hip", "pelvis", (0.090, 0.300, 0.520), _deg(-70, 60, -15, 15, -15, 15)),
    JointSpec("left_knee", "left_hip", (0.100, 0.230, 0.320), _deg(-20, 130, -5, 5, -5, 5)),
    JointSpec("left_hock", "left_knee", (0.100, 0.340, 0.130), _deg(-90, 60, -5, 5, -10, 10)),
    JointSpec("left_hind_paw", "left_hock", (0.100, 0.320, 0.020), _deg(-60, 60, -5, 5, -5, 5)),
]

QUADRUPED = SkeletonTemplate(
    name="quadruped",
    description="Generic medium quadruped (dog-sized), 0.8 m to the top of the head",
    joints=(
        JointSpec("pelvis", None, (0.000, 0.300, 0.550)),
        JointSpec("spine1", "pelvis", (0.000, 0.100, 0.570), _deg(-20, 20, -20, 20, -25, 25)),
        JointSpec("spine2", "spine1", (0.000, -0.100, 0.580), _deg(-20, 20, -20, 20, -25, 25)),
        JointSpec("chest", "spine2", (0.000, -0.250, 0.580), _deg(-20, 20, -20, 20, -25, 25)),
        JointSpec("neck", "chest", (0.000, -0.350, 0.650), _deg(-50, 50, -30, 30, -50, 50)),
        JointSpec("head", "neck", (0.000, -0.450, 0.780), _deg(-50, 50, -30, 30, -50, 50)),
        JointSpec("tail1", "pelvis", (0.000, 0.380, 0.560), _deg(-60, 60, -30, 30, -60, 60)),
        JointSpec("tail2", "tail1", (0.000, 0.500, 0.520), _deg(-60, 60, -30, 30, -60, 60)),
        JointSpec("tail3", "tail2", (0.000, 0.620, 0.450), _deg(-60, 60, -30, 30, -60, 60)),
        *_Q_LEFT,
        *_mirror(_Q_LEFT),
    ),
    height=0.80,
    radius=0.45,
    contacts=("left_front_paw", "right_front_paw", "left_hind_paw", "right_hind_paw"),
    contact_height={n: 0.020 for n in ("left_front_paw", "right_front_paw", "left_hind_paw",
                                        "right_hind_paw")},
    # Walk: lateral sequence (LH, LF, RH, RF a quarter cycle apart).
    legs=(
        Limb("left_front_leg", "left_shoulder", "left_elbow", "left_wrist", "left_front_paw", 0.25,
             (-1.0, 0.0, 0.0)),
        Limb("right_front_leg", "right_shoulder", "right_elbow", "right_wrist", "right_front_paw",
             0.75, (-1.0, 0.0, 0.0)),
        Limb("left_hind_leg", "left_hip", "left_knee", "left_hock", "left_hind_paw", 0.0),
        Limb("right_hind_leg", "right_hip", "right_knee", "right_hock", "right_hind_paw", 0.5),
    ),
    root="pelvis",
    spine=("spine1", "spine2", "chest", "neck"),
    head="head",
)

# --------------------------------------------------------------------------- bird

_B_LEFT = [
    JointSpec("left_wing1", "chest", (0.040, -0.040, 0.230), _deg(-60, 60, -80, 80, -60, 60)),
    JointSpec("left_wing2", "left_wing1", (0.130, -0.040, 0.230), _deg(-30, 30, -60, 60, -90, 20)),
    JointSpec("left_wing3", "left_wing2", (0.230, -0.030, 0.230), _deg(-30, 30, -40, 40, -40, 60)),
    JointSpec("left_wingtip", "left_wing3", (0.320, 0.010, 0.230)),
    JointSpec("left_hip", "pelvis", (0.030, 0.020, 0.160), _deg(-80, 40, -15, 15, -15, 15)),
    JointSpec("left_knee", "left_hip", (0.035, -0.010, 0.100), _deg(-10, 130, -5, 5, -5, 5)),
    JointSpec("left_ankle", "left_knee", (0.035, 0.020, 0.035), _deg(-90, 40, -5, 5, -10, 10)),
    JointSpec("left_toe", "left_ankle", (0.035, -0.025, 0.008), _deg(-60, 60, -5, 5, -5, 5)),
]

BIRD = SkeletonTemplate(
    name="bird",
    description="Generic bird (pigeon-sized), 0.32 m tall standing, 0.64 m wingspan",
    joints=(
        JointSpec("pelvis", None, (0.000, 0.020, 0.170)),
        JointSpec("chest", "pelvis", (0.000, -0.040, 0.210), _deg(-30, 30, -20, 20, -20, 20)),
        JointSpec("neck", "chest", (0.000, -0.070, 0.260), _deg(-60, 60, -40, 40, -80, 80)),
        JointSpec("head", "neck", (0.000, -0.080, 0.300), _deg(-60, 60, -40, 40, -80, 80)),
        JointSpec("tail", "pelvis", (0.000, 0.100, 0.150), _deg(-40, 40, -30, 30, -30, 30)),
        *_B_LEFT,
        *_mirror(_B_LEFT),
    ),
    height=0.32,
    radius=0.15,
    contacts=("left_toe", "right_toe"),
    contact_height={"left_toe": 0.008, "right_toe": 0.008},
    legs=(
        Limb("left_leg", "left_hip", "left_knee", "left_ankle", "left_toe", 0.0),
        Limb("right_leg", "right_hip", "right_knee", "right_ankle", "right_toe", 0.5),
    ),
    wings=(
        Limb("left_wing", "left_wing1", "left_wing2", "left_wing3", "left_wingtip", 0.0),
        Limb("right_wing", "right_wing1", "right_wing2", "right_wing3", "right_wingtip", 0.0),
    ),
    root="pelvis",
    spine=("chest", "neck"),
    head="head",
)

# --------------------------------------------------------------------------- fish

FISH = SkeletonTemplate(
    name="fish",
    description="Generic fish 0.6 m long, 0.15 m deep; spine chain from head to tail along +Y",
    joints=(
        JointSpec("root", None, (0.000, -0.050, 0.075)),
        JointSpec("head", "root", (0.000, -0.200, 0.075), _deg(-10, 10, -10, 10, -15, 15)),
        JointSpec("jaw", "head", (0.000, -0.280, 0.060), _deg(-30, 5, -1, 1, -1, 1)),
        JointSpec("spine1", "root", (0.000, 0.050, 0.075), _deg(-15, 15, -10, 10, -30, 30)),
        JointSpec("spine2", "spine1", (0.000, 0.130, 0.075), _deg(-15, 15, -10, 10, -35, 35)),
        JointSpec("spine3", "spine2", (0.000, 0.200, 0.075), _deg(-15, 15, -10, 10, -40, 40)),
        JointSpec("tail", "spine3", (0.000, 0.260, 0.075), _deg(-15, 15, -10, 10, -45, 45)),
        JointSpec("tail_tip", "tail", (0.000, 0.320, 0.075)),
        JointSpec("dorsal_fin", "root", (0.000, 0.000, 0.150), _deg(-30, 30, -5, 5, -20, 20)),
        JointSpec("left_pectoral_fin", "root", (0.030, -0.120, 0.050), _deg(-40, 40, -60, 60,
                                                                             -40, 40)),
        JointSpec("right_pectoral_fin", "root", (-0.030, -0.120, 0.050), _deg(-40, 40, -60, 60,
                                                                               -40, 40)),
    ),
    height=0.15,
    radius=0.30,
    root="root",
    spine=("spine1", "spine2", "spine3", "tail"),
    head="head",
)

TEMPLATES: dict[str, SkeletonTemplate] = {
    t.name: t for t in (HUMANOID, QUADRUPED, BIRD, FISH)
}


def template(name: str) -> SkeletonTemplate:
    """The template called ``name``, or an `InputError` that lists the ones there are."""
    try:
        return TEMPLATES[name]
    except KeyError:
        raise InputError(
            f"unknown skeleton template {name!r}; choose one of: {', '.join(sorted(TEMPLATES))}"
        ) from None


def make_skeleton(name: str, height: float | None = None) -> Skeleton:
    """A World skeleton from template ``name`` at rest, scaled uniformly to ``height`` metres
    (the template's own height if None)."""
    tpl = template(name)
    if height is not None and not (math.isfinite(height) and height > 0):
        raise InputError(f"skeleton height must be a positive number of metres, got {height!r}")
    scale = 1.0 if height is None else height / tpl.height
    offsets = tpl.offsets(scale)
    return Skeleton(
        template=tpl.name,
        joints=[Joint(name=j.name, parent=j.parent, offset=offsets[j.name]) for j in tpl.joints],
    )


def skeleton_scale(skeleton: Skeleton) -> float:
    """How much larger ``skeleton`` is than its template (1.0 when it is not from one), measured
    on the summed bone lengths, so a skeleton made at 1.9 m reads back as 1.9 / 1.75."""
    if skeleton.template not in TEMPLATES:
        return 1.0
    tpl = TEMPLATES[skeleton.template]
    ref = tpl.offsets()
    num = den = 0.0
    for j in skeleton.joints:
        if j.name in ref and j.parent is not None:
            num += float(np.linalg.norm(j.offset))
            den += float(np.linalg.norm(ref[j.name]))
    return num / den if den > 0 else 1.0


def clamp_to_limits(template_name: str, joint: str, rotation: np.ndarray) -> np.ndarray:
    """``rotation`` (Euler XYZ radians) clamped into the template's limits for ``joint``."""
    lim = np.asarray(template(template_name).spec(joint).limits, float)
    return np.clip(np.asarray(rotation, float), lim[:, 0], lim[:, 1])
