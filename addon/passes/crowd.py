"""Skinned mannequins posed in numpy from the World's joint matrices, instead of by Blender.

Why: a frame of passes asks Blender's depsgraph for every object's evaluated triangles. For a
crowd that is the whole cost — every armature's F-curves and pose, every mannequin's Armature
modifier, then a ``to_mesh`` copy of each deformed body, per frame (a 100-character, 192-frame
scene spent minutes there). The mannequin the bridge builds (`previz.addon.bridge.geometry.
mannequin`) is rigid boxes, each weighted 1.0 to one bone whose rest frame has the entity's axes,
so its posed triangles are exactly ``joint_global @ T(-rest) @ vertex`` — the forward kinematics
`previz.world.evaluate.joint_matrices` already computes for the pose pass. `Mannequins` finds
those bodies, reads their rest triangles once, and keeps their armatures and bodies out of the
depsgraph while the passes are rendered (``hide_viewport``, restored afterwards), so
``frame_set`` no longer evaluates them; their triangles are then made from the World's state.

Only bodies that are provably ours take this path: the object is ``<id>-mannequin``, parented to
the entity's armature with identity parent-inverse and basis matrices, one Armature modifier on
that armature and nothing else, no shape keys, every vertex in exactly one group named after a
joint of the World's skeleton with weight 1.0, and the armature's bones at the World's rest
positions with the entity's axes. Anything else (a user-edited rig, an imported character) is
left to Blender.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import bpy
import numpy as np

from previz.world import World
from previz.world.evaluate import joint_tracks

from .geometry import Posed, read_mesh

#: Bone heads are float32 in Blender; a rest position further than this from the World's (metres)
#: means the rig was edited and Blender's evaluation is used instead.
REST_TOLERANCE = 1e-4
#: Frames whose joints are posed together (`joint_tracks` is vectorised over frames; its cost
#: per call is mostly per key segment, so longer chunks cost less a frame). The skin and joint
#: matrices of a chunk take 2 × 128 bytes per joint and frame: 54 MB for 100 humanoids.
CHUNK = 96


@dataclass(frozen=True)
class Body:
    """One mannequin: its rest triangles and corner normals (armature space), the joint each
    triangle follows (index into ``joints``), and each joint's rest position."""

    entity: str
    name: str  # the mannequin object's name (its place in the sorted triangle order)
    label_owner: str  # the entity object's name
    triangles: np.ndarray  # T×3×3
    normals: np.ndarray  # T×3×3
    joint_of: np.ndarray  # (T,) int
    joints: tuple[str, ...]
    rest: np.ndarray  # (J, 3)


def _normal_matrices(lin: np.ndarray) -> np.ndarray:
    """Cofactor matrices (det · inverse-transpose, sign-corrected) of a stack of 3×3 maps."""
    c0, c1, c2 = lin[:, :, 0], lin[:, :, 1], lin[:, :, 2]
    adj_rows = np.stack([np.cross(c1, c2), np.cross(c2, c0), np.cross(c0, c1)], axis=1)
    det = np.einsum("ti,ti->t", c0, adj_rows[:, 0])
    cof = np.transpose(adj_rows, (0, 2, 1))  # columns ∝ rows of the inverse → inverse-transpose
    return cof * np.where(det >= 0, 1.0, -1.0)[:, None, None]


class Mannequins:
    """The scene's mannequins that numpy poses (see the module docstring)."""

    def __init__(self, scene: Any, world: World) -> None:
        self.bodies: dict[str, Body] = {}
        self._hidden: list[Any] = []
        entities = {e.id: e for e in world.entities if e.skeleton is not None}
        for obj in sorted(scene.objects, key=lambda o: o.name):
            p = getattr(obj, "previz", None)
            if obj.type != "ARMATURE" or p is None or p.role != "ENTITY" or p.id not in entities:
                continue
            body = _our_body(obj, entities[p.id])
            if body is not None:
                self.bodies[p.id] = body
                self._hidden.append(obj)
                self._hidden.append(bpy.data.objects[body.name])
        self._world = world
        self._skeletons = {eid: entities[eid].skeleton for eid in self.bodies}
        self._prepare()

    def __bool__(self) -> bool:
        return bool(self.bodies)

    @contextlib.contextmanager
    def muted(self) -> Iterator[None]:
        """Keep the bodies and their armatures out of the depsgraph (restored on exit)."""
        old = [(o, o.hide_viewport) for o in self._hidden]
        try:
            for o in self._hidden:
                o.hide_viewport = True
            yield
        finally:
            for o, value in old:
                o.hide_viewport = value

    def items(self, state: Any, frames: Sequence[int] | None = None) -> list[Posed]:
        """``(sort key, triangles, normals, owner object)`` of every body at the state's frame
        (`previz.addon.passes.geometry.Posed`); the sort key is the one
        `SceneGeometry.collect` gives Blender's objects, so the triangle order is the same.

        ``frames`` (the frames the caller will ask for next, in order): the joints of every
        body are posed for up to `CHUNK` of them at once (`joint_tracks`, vectorised over
        frames), and all bodies are skinned in one batch: posing joint by joint and body by
        body in Python was most of a crowd frame's time."""
        frame = int(state.frame)
        if frame not in self._index:
            self._pose_chunk(frame, frames, state)
        skin = self._skins[self._index[frame]]  # (ΣJ, 4, 4): m @ T(-rest) of every joint
        tris, nrm = self._shared.pose(skin)
        out: list[Posed] = []
        for eid, (a, b) in self._slices.items():
            body = self.bodies[eid]
            out.append(((body.name, ()), tris[a:b], nrm[a:b],
                        bpy.data.objects[body.label_owner]))
        return out

    def state(self, frame: int, frames: Sequence[int] | None = None) -> Any:
        """``World.evaluate(frame)``, from the chunk `items` poses (its entities' root matrices
        need every frame's state: evaluating the World again for the frame would be done
        twice). ``frames`` as for `items`."""
        if frame not in self._index:
            self._pose_chunk(frame, frames)
        return self._states[frame]

    def fill_joints(self, state: Any) -> None:
        """Give ``state`` (of a frame `items` posed) the bodies' joint matrices from the posed
        chunk, so the pose pass reads them instead of posing every skeleton again joint by
        joint (`LazyJoints`: a hundred skeletons cost more than the rest of the frame)."""
        i = self._index[int(state.frame)]
        for eid, body in self.bodies.items():
            state.entities[eid] = replace(state.entities[eid],
                                          joints=dict(zip(body.joints, self._globals[eid][i],
                                                          strict=True)))

    def _prepare(self) -> None:
        """The bodies' rest triangles as one batch, each triangle's joint as an index into the
        concatenated joints of all bodies."""
        tris, nrms, joint_of, rest = [], [], [], []
        self._slices: dict[str, tuple[int, int]] = {}
        t = j = 0
        for eid, body in self.bodies.items():
            tris.append(body.triangles)
            nrms.append(body.normals)
            joint_of.append(body.joint_of + j)
            rest.append(body.rest)
            self._slices[eid] = (t, t + len(body.triangles))
            t += len(body.triangles)
            j += len(body.joints)
        empty = np.zeros((0, 3, 3))
        self._triangles = np.concatenate(tris) if tris else empty
        self._normals = np.concatenate(nrms) if nrms else empty
        self._joint_of = np.concatenate(joint_of) if joint_of else np.zeros(0, np.int64)
        self._rest = np.concatenate(rest) if rest else np.zeros((0, 3))
        self._shared = SharedCorners(self._triangles, self._normals, self._joint_of)
        self._index: dict[int, int] = {}
        self._states: dict[int, Any] = {}
        self._skins = np.zeros((0, 0, 4, 4))

    def _pose_chunk(self, frame: int, frames: Sequence[int] | None, state: Any = None) -> None:
        """Skin matrices of every joint of every body for ``frame`` and the next frames of
        ``frames`` (at most `CHUNK`); the entities' root matrices come from the World's state
        at each frame (attachments included; ``state``: the one at ``frame`` when the caller
        has it), the joints from `joint_tracks`."""
        todo = [frame]
        if frames is not None and frame in frames:
            at = list(frames).index(frame)
            todo = list(frames)[at:at + CHUNK]
        states = {f: state if f == frame and state is not None else self._world.evaluate(f)
                  for f in todo}
        self._states = states
        skins = np.empty((len(todo), len(self._rest), 4, 4))
        self._globals: dict[str, np.ndarray] = {}
        j = 0
        for eid, body in self.bodies.items():
            roots = np.stack([states[f].entities[eid].matrix for f in todo])
            m = joint_tracks(self._skeletons[eid], roots, todo)  # (F, J, 4, 4)
            self._globals[eid] = m
            n = len(body.joints)
            skins[:, j:j + n] = m
            # m @ T(-rest): the translation less the rotated rest position
            skins[:, j:j + n, :3, 3] = m[:, :, :3, 3] - np.einsum("fjik,jk->fji", m[:, :, :3, :3],
                                                                 body.rest)
            j += n
        self._skins = skins
        self._index = {f: i for i, f in enumerate(todo)}


class SharedCorners:
    """Rigidly skinned triangles posed once per distinct corner: a box's 36 triangle corners are
    8 (vertex, joint) pairs and 6 (normal, joint) pairs, so the products and normalisations are
    done on those and the triangles gathered from them, and each joint's normal matrix once
    rather than once per triangle. Every value is computed by the same expressions as `_skin`
    on the same numbers (a corner's result depends only on its own point and joint), so the
    triangles are bit-identical to `_skin`'s (tested), in a fraction of its time."""

    def __init__(self, triangles: np.ndarray, normals: np.ndarray, joint_of: np.ndarray) -> None:
        n = len(triangles)
        joints = np.repeat(np.asarray(joint_of, np.int64), 3)
        self.shape = (n, 3, 3)
        self.points, self.point_joint, self.point_of = _distinct(triangles, joints)
        self.normals, self.normal_joint, self.normal_of = _distinct(normals, joints)
        self.used = np.unique(np.concatenate([self.point_joint, self.normal_joint]))

    def pose(self, skin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World triangles and unit corner normals under the joints' ``skin`` matrices."""
        per = skin[self.point_joint]
        pts = _apply(per[:, :3, :3], self.points, _POINT_ORDER) + per[:, :3, 3]
        lin = np.zeros((len(skin), 3, 3))
        lin[self.used] = _normal_matrices(skin[self.used, :3, :3])
        nrm = _apply(lin[self.normal_joint], self.normals, _NORMAL_ORDER)
        nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-20)
        return pts[self.point_of].reshape(self.shape), nrm[self.normal_of].reshape(self.shape)


#: The order in which a matrix row's three products are summed: the order numpy's einsum
#: summed them in the code before `SharedCorners` (it depends on the operands' memory layout),
#: kept so that a crowd's passes stay byte-identical. Written out, the order holds on every
#: machine.
_POINT_ORDER = (0, 2, 1)
_NORMAL_ORDER = (0, 1, 2)


def _apply(m: np.ndarray, v: np.ndarray, order: tuple[int, int, int]) -> np.ndarray:
    """``m[k] @ v[k]`` for stacks (N×3×3, N×3), the products summed in ``order``."""
    a, b, c = order
    return (m[:, :, a] * v[:, None, a] + m[:, :, b] * v[:, None, b]) + m[:, :, c] * v[:, None, c]


def _distinct(corners: np.ndarray, joints: np.ndarray) -> tuple[np.ndarray, ...]:
    """The distinct (corner value, joint) pairs of T×3×3 corners: their values (N×3), their
    joints (N,) and, per corner, the index of its pair (3T,)."""
    flat = np.ascontiguousarray(corners, np.float64).reshape(-1, 3)
    key = np.empty((len(flat), 4), np.float64)
    key[:, :3] = flat
    key[:, 3] = joints  # joint indices are small integers: exact as float64
    rows = np.ascontiguousarray(key).view(np.dtype((np.void, key.dtype.itemsize * 4))).ravel()
    _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    return flat[first], joints[first], inverse.reshape(-1)


def _skin(skin: np.ndarray, joint_of: np.ndarray, triangles: np.ndarray,
          normals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """World triangles and unit corner normals of rigidly skinned triangles (each follows one
    joint's ``skin`` matrix), corner by corner (the reference `SharedCorners` must equal)."""
    per = np.repeat(skin[joint_of], 3, axis=0)  # (3T, 4, 4): one per corner
    tris = _apply(per[:, :3, :3], triangles.reshape(-1, 3), _POINT_ORDER) + per[:, :3, 3]
    nrm = _apply(_normal_matrices(per[:, :3, :3]), normals.reshape(-1, 3), _NORMAL_ORDER)
    nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-20)
    return tris.reshape(triangles.shape), nrm.reshape(normals.shape)


def _identity(m: Any) -> bool:
    return bool(np.allclose(np.array(m, np.float64), np.eye(4), atol=1e-7))


def _our_body(armature: Any, entity: Any) -> Body | None:
    """The entity's mannequin as a `Body` if it is exactly what the bridge builds, else None."""
    name = f"{entity.id}-mannequin"
    body = bpy.data.objects.get(name)
    if body is None or body.type != "MESH" or body.parent is not armature:
        return None
    if not (_identity(body.matrix_parent_inverse) and _identity(body.matrix_basis)):
        return None
    mods = list(body.modifiers)
    if len(mods) != 1 or mods[0].type != "ARMATURE" or mods[0].object is not armature:
        return None
    if body.data.shape_keys is not None or body.animation_data is not None or body.constraints:
        return None
    if armature.pose is None or any(len(pb.constraints) for pb in armature.pose.bones):
        return None
    skel = entity.skeleton
    names = tuple(j.name for j in skel.joints)
    rest = skel.rest_positions()
    bones = armature.data.bones
    for j in names:
        bone = bones.get(j)
        if bone is None:
            return None
        m = np.array(bone.matrix_local, np.float64)
        if not (np.allclose(m[:3, :3], np.eye(3), atol=1e-5)
                and np.allclose(m[:3, 3], rest[j], atol=REST_TOLERANCE)):
            return None
    index = {j: i for i, j in enumerate(names)}
    groups = {g.index: g.name for g in body.vertex_groups}
    mesh = body.data
    vertex_joint = np.full(len(mesh.vertices), -1, np.int64)
    for v in mesh.vertices:
        if len(v.groups) != 1 or abs(v.groups[0].weight - 1.0) > 1e-6:
            return None
        group = groups.get(v.groups[0].group)
        if group not in index:
            return None
        vertex_joint[v.index] = index[group]
    local = read_mesh(body)  # an original object: the rest mesh, no modifiers
    mesh.calc_loop_triangles()
    tri_vertices = np.empty(len(mesh.loop_triangles) * 3, np.int32)
    mesh.loop_triangles.foreach_get("vertices", tri_vertices)
    corners = vertex_joint[tri_vertices.reshape(-1, 3)]
    if len(corners) != len(local.triangles) or np.any(corners != corners[:, :1]):
        return None  # a triangle spanning two joints cannot be rigid
    return Body(entity=entity.id, name=body.name, label_owner=armature.name,
                triangles=local.triangles, normals=local.normals, joint_of=corners[:, 0],
                joints=names, rest=np.array([rest[j] for j in names], np.float64))
