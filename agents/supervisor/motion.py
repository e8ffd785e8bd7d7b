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

from typing import Any

import numpy as np

from previz.skills.motion.metrics import foot_skating, ground_contact, self_intersections
from previz.skills.motion.terrain import from_world
from previz.skills.skeletons import TEMPLATES
from previz.world import Curve, World
from previz.world.evaluate import joint_matrices

CONTACT_CM = 2.0
MAX_ENTITIES = 20
SKATING_LIMIT_CM = 0.5  # mean slide per frame while in contact
PENETRATION_LIMIT_CM = 2.0


def _has_joint_motion(skeleton: Any) -> bool:
    """Only a skeleton whose joints are keyed has motion to judge: a rest-pose body carried by
    its root (the agents' default until motion is planned) is not a gait."""
    return any(isinstance(c, Curve) for j in skeleton.joints for c in (*j.rotation, *j.location))


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
        skel = ent.skeleton
        template = TEMPLATES[skel.template]
        names = [j.name for j in skel.joints]
        index = {n: i for i, n in enumerate(names)}
        parents = np.array([index[j.parent] if j.parent else -1 for j in skel.joints])
        joints = np.array([
            [m[:3, 3] for m in joint_matrices(skel, entity_matrix(ent.id, f), f).values()]
            for f in frames
        ])  # (F, J, 3)
        contacts = [c for c in template.contacts if c in index]
        if not contacts:  # a custom skeleton under a template's name: nothing to measure
            continue
        metrics["entities"].append(ent.id)
        rest = {n: float(v[2]) for n, v in skel.rest_positions().items()}
        worst_mean = worst_max = pen = flo = 0.0
        for name in contacts:
            p = joints[:, index[name]]
            planted = rest[name]  # its height above the ground when the skeleton stands at rest
            gap_cm = (p[:, 2] - terrain(p[:, 0], p[:, 1]) - planted) * 100.0
            contact = gap_cm < CONTACT_CM
            s = foot_skating(p, contact)
            g = ground_contact(p, contact, planted, terrain)
            worst_mean, worst_max = max(worst_mean, s.mean_cm), max(worst_max, s.max_cm)
            pen, flo = max(pen, g.penetration_cm), max(flo, g.floating_cm)
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
