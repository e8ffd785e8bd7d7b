"""World relations ⇄ `Scene.previz.relations`, with `attached_to` as a Child Of constraint.

Every relation is kept in the scene's Previz data; an ``attached_to`` also becomes a constraint
named "Previz attached_to" on the subject (with an identity inverse, so the subject's own
transform is read relative to the target or joint). On reading, the constraint is what a person
edits, so its target wins; a relation whose subject or target was deleted goes with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import bpy

from previz.world import Relation

ATTACH_CONSTRAINT = "Previz attached_to"
"""The name of the Child Of constraint an ``attached_to`` relation becomes."""


def build_relation(
    rel: Relation, scene: bpy.types.Scene, objects: Mapping[str, bpy.types.Object]
) -> None:
    """Record ``rel`` in ``scene`` and, for ``attached_to``, constrain its subject to its target
    (``objects`` maps World ids to the built objects)."""
    item = scene.previz.relations.add()
    item.type = rel.type.upper()
    item.subject = rel.subject
    item.target = rel.target
    item.joint = rel.joint or ""
    if rel.type != "attached_to":
        return
    con = objects[rel.subject].constraints.new("CHILD_OF")
    con.name = ATTACH_CONSTRAINT
    con.target = objects[rel.target]
    if rel.joint is not None:
        con.subtarget = rel.joint
    # Identity inverse: the subject's own transform is read relative to the target (or joint).
    con.inverse_matrix.identity()
    con.set_inverse_pending = False


def read_relations(
    scene: bpy.types.Scene, ids: Mapping[bpy.types.Object, str]
) -> list[dict[str, Any]]:
    """The World relations of ``scene`` whose ends still exist (``ids`` maps the scene's Previz
    objects to their World ids), as dicts to validate."""
    by_id = {oid: obj for obj, oid in ids.items()}
    out = []
    for item in scene.previz.relations:
        if item.subject not in by_id or item.target not in by_id:
            continue  # a person deleted one end in Blender: the relation went with it
        rel = {"type": item.type.lower(), "subject": item.subject, "target": item.target}
        if item.joint:
            rel["joint"] = item.joint
        subject = by_id.get(item.subject)
        con = subject.constraints.get(ATTACH_CONSTRAINT) if subject is not None else None
        if rel["type"] == "attached_to" and con is not None and con.target in ids:
            # The constraint is what a person edits in Blender: its target wins.
            rel["target"] = ids[con.target]
            rel.pop("joint", None)
            if con.subtarget:
                rel["joint"] = con.subtarget
        out.append(rel)
    return out
