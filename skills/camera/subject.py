"""What a camera films: an entity (its box, or chosen joints) measured at a frame.

A subject is reduced to a vertical extent — a bottom point, an up axis and a height — so a shot
size can ask for "the slice from 0.55 to 1.0 of the height" whatever the subject is, plus the
direction it faces (for look room, over-the-shoulder and POV) and a few points to test for
occlusion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world import EntityState, World, WorldState
from previz.world.errors import InputError
from previz.world.evaluate import joint_matrices, transform_matrix

# Head top above the highest joint of a skeleton, as a fraction of the joints' height.
_HEAD_PAD = 0.07
# Height assumed for an entity with neither a size nor a skeleton.
_DEFAULT_HEIGHT = 1.0
# Eye height of a figure as a fraction of its height (POV shots).
EYE_HEIGHT = 0.93


@dataclass(frozen=True)
class Subject:
    """An entity id and, optionally, the joints that stand for it (a face: the head joints)."""

    entity: str
    joints: tuple[str, ...] = ()

    def check(self, world: World) -> None:
        ids = {e.id for e in world.entities}
        if self.entity not in ids:
            raise InputError(f"subject: no entity with id {self.entity!r}")
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


def entity_state(world: World, entity_id: str, frame: float) -> EntityState:
    """One entity's evaluated state, without evaluating the whole World when nothing is
    attached to anything along its chain (a scene of a thousand props stays cheap)."""
    if any(r.type == "attached_to" and r.subject == entity_id for r in world.relations):
        return world.evaluate(frame).entities[entity_id]
    ent = world.entity(entity_id)
    m = transform_matrix(ent.transform, frame)
    joints = joint_matrices(ent.skeleton, m, frame) if ent.skeleton is not None else {}
    return EntityState(entity_id, m, joints)


def measure(world: World, state: WorldState | float, subject: Subject) -> Measure:
    """Bottom, up, height and facing of ``subject`` in ``state`` (or at a frame number)."""
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
        height = max(hi - lo, 0.05)
        return Measure(np.array([centre[0], centre[1], lo]), z, float(height), forward)
    if ent.asset.size is not None:
        axis = m[:3, 2]
        scale = float(np.linalg.norm(axis))
        return Measure(m[:3, 3].copy(), axis / scale, ent.asset.size[2] * scale, forward)
    if es.joints:
        top = max(j[2, 3] for j in es.joints.values())
        height = max((top - m[2, 3]) * (1.0 + _HEAD_PAD), 0.05)
        return Measure(m[:3, 3].copy(), z, float(height), forward)
    return Measure(m[:3, 3].copy(), z, _DEFAULT_HEIGHT, forward)


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
