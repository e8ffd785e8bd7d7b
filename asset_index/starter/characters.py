"""Rigged white-box characters: a mannequin built around a skeleton, skinned rigidly.

The skeletons come from the skeleton templates of `previz.skills` (humanoid, quadruped, bird,
fish), passed in by the caller as `previz.world.Skeleton` objects (the asset index may import
only the world). Each bone becomes a capsule-like cylinder from its joint to the child joint,
moved by that joint; heads, hands and feet get simple blocks. The rest pose and joint names are
exactly the template's, so a motion made for the template plays on the proxy. Unlike the props,
a character keeps the skeleton's origin (on the floor under the root, as the templates define
it) rather than being re-centred on its bounding box, so its joints stay where the template says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import trimesh

from previz.world import Skeleton

from .glb import Skin


@dataclass(frozen=True)
class Character:
    name: str
    template: str
    description: str
    tags: tuple[str, ...]
    kind: str  # World entity kind: 'character' or 'animal'


CHARACTERS = (
    Character("mannequin", "humanoid", "a rigged humanoid mannequin, 1.75 m, in T-pose, "
              "SMPL 22-joint skeleton", ("person", "human", "character", "figure", "actor"),
              "character"),
    Character("quadruped", "quadruped", "a rigged four-legged animal like a dog",
              ("dog", "animal", "quadruped", "pet"), "animal"),
    Character("bird", "bird", "a rigged bird with spread wings", ("bird", "animal", "flying"),
              "animal"),
    Character("fish", "fish", "a rigged fish", ("fish", "animal", "swimming"), "animal"),
)

# Bone radius as a share of the skeleton's height, by joint-name pattern (first match wins).
_RADIUS = {
    "humanoid": (("spine", 0.075), ("pelvis", 0.075), ("neck", 0.03), ("collar", 0.035),
                 ("hip", 0.04), ("knee", 0.032), ("shoulder", 0.027), ("elbow", 0.022),
                 ("", 0.025)),
    "quadruped": (("spine", 0.16), ("pelvis", 0.16), ("chest", 0.16), ("neck", 0.08),
                  ("tail", 0.03), ("", 0.045)),
    "bird": (("pelvis", 0.2), ("chest", 0.2), ("neck", 0.08), ("tail", 0.05), ("wing", 0.04),
             ("", 0.025)),
    "fish": (("root", 0.45), ("spine1", 0.42), ("spine2", 0.33), ("spine3", 0.22),
             ("tail", 0.1), ("head", 0.4), ("", 0.08)),
}


def rest_positions(skeleton: Skeleton) -> tuple[list[str], list[int], np.ndarray]:
    """Joint names, parent indices (−1 for a root) and rest positions in the entity frame."""
    names = [j.name for j in skeleton.joints]
    index = {n: i for i, n in enumerate(names)}
    parents = [index[j.parent] if j.parent is not None else -1 for j in skeleton.joints]
    rest = skeleton.rest_positions()
    positions = np.array([rest[n] for n in names]).reshape(len(names), 3)
    return names, parents, positions


def _radius(template: str, joint: str, height: float) -> float:
    for pattern, share in _RADIUS.get(template, (("", 0.03),)):
        if pattern in joint:
            return share * height
    return 0.03 * height


def character_mesh(template: str, skeleton: Skeleton) -> tuple[trimesh.Trimesh, Skin]:
    """The proxy mesh and its rigid skin for ``skeleton`` made from ``template``."""
    names, parents, pos = rest_positions(skeleton)
    height = float(pos[:, 2].max() - min(pos[:, 2].min(), 0.0))
    parts: list[trimesh.Trimesh] = []
    owner: list[int] = []

    def add(mesh: trimesh.Trimesh, joint: int) -> None:
        parts.append(mesh)
        owner.extend([joint] * len(mesh.vertices))

    for child, parent in enumerate(parents):
        if parent < 0:
            continue
        a, b = pos[parent], pos[child]
        if np.linalg.norm(b - a) < 1e-4:
            continue
        r = _radius(template, names[parent], height)
        add(trimesh.creation.cylinder(radius=r, segment=[a, b], sections=10), parent)
        add(trimesh.creation.icosphere(subdivisions=1, radius=r).apply_translation(b), parent)
    has_child = {p for p in parents if p >= 0}
    for j, name in enumerate(names):
        if name == "head" and template == "humanoid":
            head = trimesh.creation.icosphere(subdivisions=2, radius=0.065 * height)
            add(head.apply_scale((0.85, 0.95, 1.1)).apply_translation(
                pos[j] + (0, 0, 0.05 * height)), j)
        elif name == "head":
            add(trimesh.creation.icosphere(subdivisions=2, radius=_radius(template, "neck",
                                                                         height) * 1.6)
                .apply_translation(pos[j]), j)
        elif j not in has_child and ("foot" in name or "paw" in name or "toe" in name):
            size = (0.06, 0.16, 0.05) if template == "humanoid" else (0.05, 0.07, 0.03)
            size = tuple(s * height / {"humanoid": 1.75}.get(template, 0.8 if template ==
                                                                 "quadruped" else 0.32)
                         for s in size)
            box = trimesh.creation.box(size)
            box.apply_translation((pos[j][0], pos[j][1] - size[1] * 0.2, size[2] / 2))
            add(box, j)
        elif j not in has_child and template == "humanoid" and "wrist" in name:
            add(trimesh.creation.box((0.16 * height / 1.75, 0.05, 0.09)).apply_translation(
                pos[j] + (np.sign(pos[j][0]) * 0.05 * height / 1.75, 0, 0)), j)
        elif j not in has_child and "fin" in name:
            fin = trimesh.creation.box((0.02 * height, 0.5 * height, 0.35 * height))
            add(fin.apply_translation(pos[j]), j)
    mesh = trimesh.util.concatenate(parts)
    # Flatten whatever dips below the floor (the round ends of feet and fins): the skeleton's
    # origin is on the floor and must stay there, so the geometry is trimmed, not lifted.
    vertices = mesh.vertices.copy()
    vertices[:, 2] = np.maximum(vertices[:, 2], 0.0)
    mesh = trimesh.Trimesh(vertices, mesh.faces, process=False)
    skin = Skin(names=names, parents=parents, positions=pos,
                vertex_joint=np.asarray(owner, dtype=np.int64))
    return mesh, skin
