"""Motion quality for `previz check`: foot skating, ground contact and limb self-intersection of
every character and animal whose skeleton comes from a skills template.

The measures are the motion skills' own (`previz.skills.motion.metrics`), taken on the evaluated
World: joint positions from `World.evaluate`'s rule, contact joints and their planted heights from
the template. A contact joint counts as *in contact* on a frame when it is within `CONTACT_CM` of
its planted height above the terrain (the World's floor and low platforms, `terrain.from_world`).
Only skeletons with keyed joints are measured (a rest-pose body carried by its root has no gait
to judge). Sampling joints costs Python time per key, so at most `MAX_ENTITIES` skeletons are
measured (the first by id); the report says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from previz.skills.motion.metrics import foot_skating, ground_contact, self_intersections
from previz.skills.motion.terrain import from_world
from previz.skills.skeletons import TEMPLATES
from previz.world import Curve, World
from previz.world.evaluate import joint_tracks

CONTACT_CM = 2.0
MAX_ENTITIES = 20
SKATING_LIMIT_CM = 0.5  # mean slide per frame while in contact
PENETRATION_LIMIT_CM = 2.0


def _has_joint_motion(skeleton: Any) -> bool:
    """Only a skeleton whose joints are keyed has motion to judge: a rest-pose body carried by
    its root (the agents' default until motion is planned) is not a gait."""
    return any(isinstance(c, Curve) for j in skeleton.joints for c in (*j.rotation, *j.location))


@dataclass
class ContactTracks:
    joints: np.ndarray
    """(F, J, 3) world position of every joint."""
    parents: np.ndarray
    """(J,) parent index of each joint, -1 for a root."""
    contacts: dict[str, tuple[np.ndarray, np.ndarray, float]]
    """Contact joint → (positions (F, 3), in contact (F,), planted height above the ground)."""


def contact_tracks(ent: Any, frames: list[int], entity_matrix: Any,
                   terrain: Any) -> ContactTracks | None:
    """World positions of ``ent``'s joints over ``frames`` and, per contact joint of its
    template, whether it is in contact (within `CONTACT_CM` of its planted height above the
    terrain). None when the skeleton has none of its template's contact joints."""
    skel = ent.skeleton
    template = TEMPLATES[skel.template]
    names = [j.name for j in skel.joints]
    index = {n: i for i, n in enumerate(names)}
    contacts = [c for c in template.contacts if c in index]
    if not contacts:
        return None
    roots = np.array([entity_matrix(ent.id, f) for f in frames])
    joints = joint_tracks(skel, roots, frames)[:, :, :3, 3]  # (F, J, 3)
    rest = {n: float(v[2]) for n, v in skel.rest_positions().items()}
    out = ContactTracks(joints, np.array([index[j.parent] if j.parent else -1
                                          for j in skel.joints]), {})
    for name in contacts:
        p = joints[:, index[name]]
        planted = rest[name]  # its height above the ground when the skeleton stands at rest
        gap_cm = (p[:, 2] - terrain(p[:, 0], p[:, 1]) - planted) * 100.0
        out.contacts[name] = (p, gap_cm < CONTACT_CM, planted)
    return out


def skating_spots(world: World, entity_id: str, frames: list[int], entity_matrix: Any,
                  limit_cm: float = SKATING_LIMIT_CM) -> list[tuple[np.ndarray, float]]:
    """Where ``entity_id``'s planted feet slide: ((x, y), cm) for every frame pair in which a
    contact joint in contact on both frames moves more than ``limit_cm`` — what the map marks.
    """
    ent = world.entity(entity_id)
    if ent.skeleton is None or (ent.skeleton.template or "") not in TEMPLATES:
        return []
    tracks = contact_tracks(ent, frames, entity_matrix, from_world(world, frames[0]))
    if tracks is None:
        return []
    spots = []
    for p, contact, _ in tracks.contacts.values():
        both = contact[1:] & contact[:-1]
        step = np.linalg.norm(np.diff(p[:, :2], axis=0), axis=1) * 100.0
        for k in np.flatnonzero(both & (step > limit_cm)):
            spots.append((p[k + 1, :2].copy(), float(step[k])))
    return spots


def root_track(ent: Any, frames: list[int], entity_matrix: Any) -> np.ndarray | None:
    """(F, 2) ground track of the skeleton's root joint (the pelvis) from its keyed channels:
    where the body really goes, which differs from the entity's path when the root joint
    carries the motion (a BVH's root translation). None without keyed joints."""
    from previz.world.tracks import sample

    if ent.skeleton is None or not _has_joint_motion(ent.skeleton):
        return None
    root = next(j for j in ent.skeleton.joints if j.parent is None)
    pts = []
    for f in frames:
        local = np.r_[np.add(root.offset, [sample(c, f) for c in root.location]), 1.0]
        pts.append((entity_matrix(ent.id, f) @ local)[:2])
    return np.array(pts)


def motion_metrics(world: World, frames: list[int], entity_matrix: Any) -> tuple[dict, list]:
    """(metrics, problems) for the skeletal entities; ``entity_matrix(id, frame)`` gives the
    entity's evaluated world matrix (the checker has it already). Problems are
    ``(kind, [id], frames, detail)`` tuples."""
    skeletal = sorted(
        (e for e in world.entities
         if e.skeleton is not None and (e.skeleton.template or "") in TEMPLATES
         and _has_joint_motion(e.skeleton)),
        key=lambda e: e.id,
    )
    measured = skeletal[:MAX_ENTITIES]
    if not measured or len(frames) < 2:
        return {}, []
    terrain = from_world(world, frames[0])
    metrics: dict[str, Any] = {"entities": [],
                               "skipped": [e.id for e in skeletal[MAX_ENTITIES:]]}
    skating: dict[str, dict[str, float]] = {}
    contact_cm: dict[str, dict[str, float]] = {}
    selfhits: dict[str, int] = {}
    problems: list[tuple] = []
    for ent in measured:
        tracks = contact_tracks(ent, frames, entity_matrix, terrain)
        if tracks is None:  # a custom skeleton under a template's name: nothing to measure
            continue
        metrics["entities"].append(ent.id)
        worst_mean = worst_max = pen = flo = 0.0
        for p, contact, planted in tracks.contacts.values():
            s = foot_skating(p, contact)
            g = ground_contact(p, contact, planted, terrain)
            worst_mean, worst_max = max(worst_mean, s.mean_cm), max(worst_max, s.max_cm)
            pen, flo = max(pen, g.penetration_cm), max(flo, g.floating_cm)
        joints = tracks.joints
        parents = tracks.parents
        skating[ent.id] = {"mean": round(worst_mean, 3), "max": round(worst_max, 3)}
        contact_cm[ent.id] = {"penetration": round(pen, 2), "floating": round(flo, 2)}
        selfhits[ent.id] = int(self_intersections(joints, parents))
        if worst_mean > SKATING_LIMIT_CM:
            problems.append(("foot_skating", [ent.id], frames,
                             f"{ent.id}'s feet slide {worst_mean:.2f} cm/frame on average "
                             f"while planted (max {worst_max:.2f})"))
        if pen > PENETRATION_LIMIT_CM:
            problems.append(("ground_penetration", [ent.id], frames,
                             f"{ent.id}'s contact joints go {pen:.1f} cm into the ground"))
    metrics.update({"foot_skating_cm_per_frame": skating, "ground_contact_cm": contact_cm,
                    "self_intersection_frames": selfhits})
    return metrics, problems
