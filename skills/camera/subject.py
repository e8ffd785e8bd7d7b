"""What a camera films: an entity (its box, or chosen joints) measured at a frame.

A subject is reduced to a vertical extent — a bottom point, an up axis and a height — so a shot
size can ask for "the slice from 0.55 to 1.0 of the height" whatever the subject is, plus the
direction it faces (for look room, over-the-shoulder and POV) and a few points to test for
occlusion.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from previz.world import EntityState, Joint, Skeleton, World, WorldState
from previz.world.errors import InputError
from previz.world.evaluate import transform_matrix
from previz.world.tracks import sample3
from previz.world.transforms import compose, translation

# Head top above the highest joint of a skeleton, as a fraction of the joints' height.
_HEAD_PAD = 0.07
# Height assumed for an entity with neither a size nor a skeleton.
_DEFAULT_HEIGHT = 1.0
# Eye height of a figure as a fraction of its height (POV shots).
EYE_HEIGHT = 0.93


@dataclass(frozen=True)
class Subject:
    """An entity id and, optionally, the joints that stand for it (a face: the head joints),
    and ``group``: further entities framed with it (two boxers, a formation, a person and a
    prop) — the subject is then their union, measured as one."""

    entity: str
    joints: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    pad: float = 0.0  # smallest height (m) of a joint subject, centred on its joints

    @property
    def entities(self) -> tuple[str, ...]:
        """Every entity the subject frames."""
        return (self.entity, *(g for g in self.group if g != self.entity))

    def check(self, world: World) -> None:
        ids = {e.id for e in world.entities}
        for eid in self.entities:
            if eid not in ids:
                raise InputError(f"subject: no entity with id {eid!r}")
        if self.joints:
            skel = world.entity(self.entity).skeleton
            names = {j.name for j in skel.joints} if skel else set()
            missing = [j for j in self.joints if j not in names]
            if missing:
                raise InputError(f"subject {self.entity!r} has no joint(s) {missing}")


@dataclass(frozen=True)
class Measure:
    """A subject at one frame."""

    bottom: np.ndarray
    up: np.ndarray
    height: float
    forward: np.ndarray  # horizontal unit vector the subject faces
    width: float = 0.0  # horizontal extent of a group (0: one entity, framed by its height)

    def at(self, fraction: float) -> np.ndarray:
        """The point at ``fraction`` of the height (0 = bottom, 1 = top)."""
        return self.bottom + self.up * (self.height * fraction)

    def points(self, span: tuple[float, float] = (0.0, 1.0), n: int = 3) -> np.ndarray:
        """``n`` points spread over a slice of the height."""
        return np.stack([self.at(f) for f in np.linspace(span[0], span[1], n)])

    def sight_points(self, span: tuple[float, float] = (0.0, 1.0), n: int = 3) -> np.ndarray:
        """The points a camera must see for the subject to count as visible: spread over the
        framed slice, kept 4% of the height off the ends so feet standing on a floor (a face
        the ray would touch) do not count as hidden."""
        inset = 0.04
        return self.points((max(span[0], inset), min(span[1], 1.0 - inset)), n)


def _horizontal(v: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    h = np.array([v[0], v[1], 0.0])
    n = np.linalg.norm(h)
    return h / n if n > 1e-9 else fallback


class PosedOnRead(Mapping):
    """A skeleton's global joint matrices at one frame, each posed when first read, with its
    parents: a subject with a box (most of a group) is measured by its matrix alone, a face by
    its head chain. Every matrix is the very product `joint_matrices` makes (the same parent
    matrix times the same local one), so what is read is the same to the bit; the root is a
    private copy, so nothing done to the state's matrix after it is made reaches the joints."""

    __slots__ = ("_by_name", "_frame", "_out", "_root", "_skeleton")

    def __init__(self, skeleton: Skeleton, root: np.ndarray, frame: float) -> None:
        self._skeleton = skeleton
        self._root = np.array(root, dtype=float)
        self._frame = frame
        self._out: dict[str, np.ndarray] = {}
        self._by_name: dict[str, Joint] | None = None  # made on the first read

    def _joints(self) -> dict[str, Joint]:
        if self._by_name is None:
            self._by_name = {j.name: j for j in self._skeleton.joints}
        return self._by_name

    def __getitem__(self, name: str) -> np.ndarray:
        got = self._out.get(name)
        if got is not None:
            return got
        j = self._joints()[name]  # KeyError for a joint the skeleton lacks, as a dict
        parent = self._root if j.parent is None else self[j.parent]
        pose = compose(sample3(j.location, self._frame), sample3(j.rotation, self._frame))
        self._out[name] = got = parent @ (translation(j.offset) @ pose)
        return got

    def __contains__(self, name: object) -> bool:
        return name in self._joints()

    def __iter__(self) -> Iterator[str]:
        return (j.name for j in self._skeleton.joints)

    def __len__(self) -> int:
        return len(self._skeleton.joints)


def entity_state(world: World, entity_id: str, frame: float) -> EntityState:
    """One entity's evaluated state, without evaluating the whole World when nothing is
    attached to anything along its chain (a scene of a thousand props stays cheap), its joints
    posed only as they are read (`PosedOnRead`)."""
    if any(r.type == "attached_to" and r.subject == entity_id for r in world.relations):
        return world.evaluate(frame).entities[entity_id]
    ent = world.entity(entity_id)
    m = transform_matrix(ent.transform, frame)
    joints = PosedOnRead(ent.skeleton, m, frame) if ent.skeleton is not None else {}
    return EntityState(entity_id, m, joints)


# Measures at frame numbers, kept for the World last measured (one table a thread): a camera is
# made, solved, kept clear and composed by several functions that each measure the subject at
# every frame of the shot (a 30-strong parade six times over 360 frames). The table holds the
# World itself (its identity, never a reused ``id()``) and the lengths of its entity and relation
# lists, and starts again when either differs; each caller gets its own copy of the arrays.
_MEMO = threading.local()


def measure(world: World, state: WorldState | float, subject: Subject) -> Measure:
    """Bottom, up, height and facing of ``subject`` in ``state`` (or at a frame number)."""
    if isinstance(state, WorldState):
        return _measure(world, state, subject)
    sig = (len(world.entities), len(world.relations))
    if getattr(_MEMO, "world", None) is not world or _MEMO.sig != sig:
        _MEMO.world, _MEMO.sig, _MEMO.table = world, sig, {}
    key = (subject, float(state))
    got = _MEMO.table.get(key)
    if got is None:
        got = _MEMO.table[key] = _measure(world, float(state), subject)
    return Measure(got.bottom.copy(), got.up.copy(), got.height, got.forward.copy(), got.width)


def _measure(world: World, state: WorldState | float, subject: Subject) -> Measure:
    if len(subject.entities) > 1:
        return group_measure(world, state, subject)
    ent = world.entity(subject.entity)
    if isinstance(state, WorldState):
        es = state.entities[subject.entity]
    else:
        es = entity_state(world, subject.entity, float(state))
    m = es.matrix
    forward = _horizontal(-m[:3, 1], np.array([0.0, -1.0, 0.0]))
    z = np.array([0.0, 0.0, 1.0])
    if subject.joints:
        pts = np.stack([es.joints[j][:3, 3] for j in subject.joints])
        lo, hi = pts[:, 2].min(), pts[:, 2].max()
        centre = pts.mean(0)
        height = max(hi - lo, 0.05, subject.pad)
        lo -= (height - (hi - lo)) / 2.0 if subject.pad else 0.0
        # A body part (padded) is framed across as well: both hands, however far apart.
        xy = pts[:, :2]
        width = float(np.linalg.norm(xy.max(0) - xy.min(0))) + subject.pad \
            if subject.pad else 0.0
        return Measure(np.array([centre[0], centre[1], lo]), z, float(height), forward, width)
    if ent.asset.size is not None:
        axis = m[:3, 2]
        scale = float(np.linalg.norm(axis))
        return Measure(m[:3, 3].copy(), axis / scale, ent.asset.size[2] * scale, forward)
    if es.joints:
        top = max(j[2, 3] for j in es.joints.values())
        height = max((top - m[2, 3]) * (1.0 + _HEAD_PAD), 0.05)
        return Measure(m[:3, 3].copy(), z, float(height), forward)
    return Measure(m[:3, 3].copy(), z, _DEFAULT_HEIGHT, forward)


# Body parts a shot can frame: the joints that stand for each (the first of a skeleton's joints
# found), and the height framed round them (a close-up of the hands frames the wrists with the
# hands round them).
PARTS: dict[str, tuple[tuple[str, ...], float]] = {
    "face": (("head", "neck"), 0.32),
    "head": (("head", "neck"), 0.35),
    "hands": (("left_wrist", "right_wrist", "left_front_paw", "right_front_paw"), 0.35),
    "hand": (("right_wrist", "left_wrist"), 0.3),
    "feet": (("left_ankle", "right_ankle", "left_foot", "right_foot", "left_hind_paw",
              "right_hind_paw"), 0.35),
    "legs": (("left_hip", "right_hip", "left_ankle", "right_ankle"), 0.5),
    "chest": (("spine3", "neck", "left_shoulder", "right_shoulder", "chest"), 0.45),
    "torso": (("pelvis", "spine2", "neck", "left_shoulder", "right_shoulder"), 0.6),
}


def part_subject(world: World, entity: str, part: str) -> Subject | None:
    """The subject for ``part`` ("face", "hands" …) of ``entity``: its joints with the part's
    framed height; None when the part is unknown or the entity has none of its joints."""
    if part not in PARTS:
        return None
    skel = world.entity(entity).skeleton
    names = {j.name for j in skel.joints} if skel is not None else set()
    wanted, pad = PARTS[part]
    joints = tuple(j for j in wanted if j in names)
    if part == "hand":
        joints = joints[:1]
    return Subject(entity, joints, pad=pad) if joints else None


def group_measure(world: World, state: WorldState | float, subject: Subject) -> Measure:
    """A group as one subject: from the lowest bottom to the highest top of its members, centred
    on the middle of their footprint, facing as the first member (or its joints) faces, with
    ``width`` the largest horizontal spread of the members' boxes — the diameter a camera
    must fit whatever side it films from."""
    parts = [measure(world, state, Subject(subject.entity, subject.joints))]
    parts += [measure(world, state, Subject(g)) for g in subject.entities[1:]]
    corners = []
    for eid, m in zip(subject.entities, parts, strict=True):
        size = world.entity(eid).asset.size
        r = max(size[0], size[1]) / 2.0 if size is not None else 0.25
        for dx, dy in ((r, 0.0), (-r, 0.0), (0.0, r), (0.0, -r)):
            corners.append(m.bottom[:2] + np.array([dx, dy]))
    xy = np.array(corners)
    lo_z = min(float(m.bottom[2]) for m in parts)
    hi_z = max(float(m.at(1.0)[2]) for m in parts)
    centre = (xy.min(0) + xy.max(0)) / 2.0
    width = float(np.linalg.norm(xy.max(0) - xy.min(0)))
    return Measure(np.array([centre[0], centre[1], lo_z]), np.array([0.0, 0.0, 1.0]),
                   max(hi_z - lo_z, 0.05), parts[0].forward, width)


def eye_point(world: World, state: WorldState | float, subject: Subject) -> np.ndarray:
    """Where the subject's eyes are: the head joint, if the skeleton has one, else 93% up the
    subject's height and a little in front of its axis."""
    if isinstance(state, WorldState):
        es = state.entities[subject.entity]
    else:
        es = entity_state(world, subject.entity, float(state))
    for name in ("head", "Head", "mixamorig:Head", "neck", "Neck"):
        if name in es.joints:
            ms = measure(world, state, Subject(subject.entity))
            return es.joints[name][:3, 3] + ms.forward * 0.1
    ms = measure(world, state, Subject(subject.entity))
    return ms.at(EYE_HEIGHT) + ms.forward * 0.1


CLOSE_SIZES = ("ECU", "CU", "MCU")  # sizes that frame a part of one thing, not a spread group
SPREAD = 3.0  # a group wider than this many times its tallest member is spread out


def member_in_close(world: World, subject: Subject, frames: tuple[int, int],
                    size_code: str) -> tuple[Subject, str]:
    """The subject a close shot frames: a group spread over more than `SPREAD` times its
    tallest member's height (two hoops 28 m apart) cannot be one close-up, so the member the
    action is at is framed — the one nearest, over the shot, the characters and animals that
    are not of the group (the hoop the player dunks on); with none of those, the first member.
    Returns the subject and a note ('' when it is unchanged)."""
    if size_code not in CLOSE_SIZES or len(subject.entities) < 2 or subject.joints:
        return subject, ""
    f0, f1 = frames
    picks = sorted({f0, (f0 + f1) // 2, f1})
    spread = max(measure(world, f, subject).width for f in picks)
    tallest = max(measure(world, f0, Subject(e)).height for e in subject.entities)
    if spread <= SPREAD * tallest:
        return subject, ""
    others = [e.id for e in world.entities
              if e.kind in ("character", "animal") and e.id not in subject.entities]
    member = subject.entities[0]
    if others:
        def distance(eid: str) -> float:
            total = 0.0
            for f in picks:
                at = measure(world, f, Subject(eid)).bottom[:2]
                total += min(float(np.linalg.norm(measure(world, f, Subject(o)).bottom[:2] - at))
                             for o in others)
            return total

        member = min(subject.entities, key=lambda e: (distance(e), e))
        why = "the one nearest the action"
    else:
        why = "the first of them"
    return Subject(member), (f"a {size_code} of {len(subject.entities)} things spread over "
                             f"{spread:.0f} m: framed on {member}, {why}")


# A close shot (`CLOSE_SIZES`) of a figure posed away from its standing box (seated, lying,
# bent over) frames its head by the head joint: the slice of a standing figure the size frames
# (a close-up: from the shoulders up), as tall a slice round the joint.
STANDING = 0.75  # head joint at least this share of the box height up: standing
OFF_BOX = 0.35  # metres the head may lean off the box's axis and still be standing


def posed_close(world: World, subject: Subject, frames: tuple[int, int],
                size_code: str) -> tuple[Subject, str]:
    """The subject a close shot frames when the figure is not standing still in its box: a
    character whose head joint, in the middle of the shot, is below `STANDING` of its box
    height or more than `OFF_BOX` off the box's axis (a drummer on a stool, a nurse lying on a
    bed), or moves more than `OFF_BOX` in the box over the shot (sits down, gets up), is framed
    by its head joint, padded to the height of the slice the size frames of a standing figure
    of its height — the box would put the close-up at a standing head, on the wall behind.
    Returns the subject and a note ('' when unchanged: not a close size, a group, joints
    already, no head, standing still)."""
    if size_code not in CLOSE_SIZES or subject.group or subject.joints:
        return subject, ""
    ent = world.entity(subject.entity)
    size = ent.asset.size
    skel = ent.skeleton
    names = {j.name for j in skel.joints} if skel is not None else set()
    if size is None or "head" not in names:
        return subject, ""
    mid = (frames[0] + frames[1]) // 2
    es = entity_state(world, subject.entity, float(mid))
    root = es.matrix
    head = es.joints["head"][:3, 3]
    up = float(head[2] - root[2, 3])
    off = float(np.hypot(*(head[:2] - root[:2, 3])))
    # The head relative to the box over the shot: a figure that sits down or gets up in it.
    rel = [entity_state(world, subject.entity, float(f)) for f in (frames[0], frames[1])]
    rel_heads = [r.joints["head"][:3, 3] - r.matrix[:3, 3] for r in rel] + [head - root[:3, 3]]
    moves = max(float(np.linalg.norm(a - b)) for a in rel_heads for b in rel_heads)
    if up >= STANDING * size[2] * float(np.linalg.norm(root[:3, 2])) and off <= OFF_BOX \
            and moves <= OFF_BOX:
        return subject, ""
    from .shots import SHOT_SIZES

    shot = SHOT_SIZES[size_code]
    # That slice fills 0.8 of the picture's height framed whole (the full shot's share), so the
    # figure takes as much of the picture as when it stands.
    pad = 0.8 * (shot.span[1] - shot.span[0]) * size[2] / shot.frame_fraction
    return Subject(subject.entity, ("head",), pad=float(pad)), (
        f"{subject.entity} is not standing still in its box (head {up:.2f} m up, {off:.2f} m "
        f"off it mid-shot, moving {moves:.2f} m in it): the close shot framed on the head")
