"""Numpy primitives for the prop library, in Blender axes (+Z up, front towards −Y).

Pure numpy on purpose: the library is generated on the default path (`previz plan` with the
README's one install), which has neither trimesh nor pygltflib. Every primitive is a closed,
outward-facing triangle mesh; positions are placed by the primitive's *bottom centre* (a box, a
cylinder, a cone, a lathe) or its *centre* (a sphere, a torus, a horizontal cylinder), as one
describes furniture ("a 0.45 m high seat on four legs").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

SECTIONS = 16  # segments of round parts: enough for a silhouette, few triangles


@dataclass
class Mesh:
    vertices: np.ndarray  # (V, 3) float64
    faces: np.ndarray  # (F, 3) int64

    def moved(self, offset: tuple[float, float, float]) -> Mesh:
        return Mesh(self.vertices + np.asarray(offset, dtype=np.float64), self.faces)

    def clip_bottom(self) -> Mesh:
        """Every vertex below z = 0 flattened onto the ground (a rock on a flat base)."""
        v = self.vertices.copy()
        v[:, 2] = v[:, 2].clip(min=0.0)
        return Mesh(v, self.faces)

    def turned(self, rotation: tuple[float, float, float],
               about: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> Mesh:
        """Rotated by Euler XYZ angles (radians) about the point ``about``."""
        m = euler(rotation)
        c = np.asarray(about, dtype=np.float64)
        return Mesh((self.vertices - c) @ m.T + c, self.faces)


def euler(rotation: tuple[float, float, float]) -> np.ndarray:
    rx, ry, rz = rotation
    cx, sx, cy, sy, cz, sz = (math.cos(rx), math.sin(rx), math.cos(ry), math.sin(ry),
                              math.cos(rz), math.sin(rz))
    mx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    my = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    mz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return mz @ my @ mx


def join(meshes: list[Mesh]) -> Mesh:
    verts, faces, n = [], [], 0
    for m in meshes:
        verts.append(m.vertices)
        faces.append(m.faces + n)
        n += len(m.vertices)
    return Mesh(np.concatenate(verts), np.concatenate(faces))


def box(w: float, d: float, h: float, x: float = 0.0, y: float = 0.0, z: float = 0.0) -> Mesh:
    """A w × d × h box whose bottom face is at height z, centred on (x, y)."""
    sx, sy = w / 2, d / 2
    v = np.array([[-sx, -sy, 0], [sx, -sy, 0], [sx, sy, 0], [-sx, sy, 0],
                  [-sx, -sy, h], [sx, -sy, h], [sx, sy, h], [-sx, sy, h]], dtype=np.float64)
    f = np.array([[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
                  [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]])
    return Mesh(v + np.array((x, y, z)), f)


def lathe(profile: list[tuple[float, float]], x: float = 0.0, y: float = 0.0, z: float = 0.0,
          sections: int = SECTIONS) -> Mesh:
    """A solid of revolution about the vertical axis from (radius, height) points listed from
    the axis at the bottom round to the axis at the top (a bowl, a vase, a cone, a cylinder).
    The first and last points must have radius 0."""
    pts = [(float(r), float(hh)) for r, hh in profile]
    assert pts[0][0] == 0.0 and pts[-1][0] == 0.0, "a lathe profile starts and ends on the axis"
    ring = pts[1:-1]
    angles = np.arange(sections) * 2 * math.pi / sections
    verts = [(0.0, 0.0, pts[0][1])]
    for r, hh in ring:
        verts += [(r * math.cos(a), r * math.sin(a), hh) for a in angles]
    verts.append((0.0, 0.0, pts[-1][1]))
    top = len(verts) - 1
    faces = []
    for i in range(sections):
        j = (i + 1) % sections
        faces.append((0, 1 + j, 1 + i))
        for k in range(len(ring) - 1):
            a, b = 1 + k * sections, 1 + (k + 1) * sections
            faces += [(a + i, a + j, b + j), (a + i, b + j, b + i)]
        last = 1 + (len(ring) - 1) * sections
        faces.append((last + i, last + j, top))
    return Mesh(np.asarray(verts, dtype=np.float64) + np.array((x, y, z)), np.asarray(faces))


def cyl(r: float, h: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
        sections: int = SECTIONS) -> Mesh:
    """A vertical cylinder standing on height z."""
    return lathe([(0, 0), (r, 0), (r, h), (0, h)], x, y, z, sections)


def frustum(r0: float, r1: float, h: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
            sections: int = SECTIONS) -> Mesh:
    """A cone (r1 = 0) or truncated cone standing on height z."""
    if r1 <= 0:
        return lathe([(0, 0), (r0, 0), (0, h)], x, y, z, sections)
    return lathe([(0, 0), (r0, 0), (r1, h), (0, h)], x, y, z, sections)


def hcyl(r: float, length: float, axis: str, x: float = 0.0, y: float = 0.0, z: float = 0.0,
         sections: int = SECTIONS) -> Mesh:
    """A horizontal cylinder along 'x' or 'y', centred on (x, y, z)."""
    m = cyl(r, length, sections=sections).moved((0, 0, -length / 2))
    turn = (0.0, math.pi / 2, 0.0) if axis == "x" else (math.pi / 2, 0.0, 0.0)
    return m.turned(turn).moved((x, y, z))


def sphere(r: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
           scale: tuple[float, float, float] = (1.0, 1.0, 1.0), rings: int = 8) -> Mesh:
    """A UV sphere (an ellipsoid with ``scale``) centred on (x, y, z)."""
    profile = [(0.0, -r)] + [(r * math.sin(math.pi * i / rings), -r * math.cos(math.pi * i / rings))
                             for i in range(1, rings)] + [(0.0, r)]
    m = lathe(profile)
    return Mesh(m.vertices * np.asarray(scale) + (x, y, z), m.faces)


def torus(major: float, minor: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
          plane: str = "xy", sections: int = 24, tube: int = 8) -> Mesh:
    """A ring centred on (x, y, z) lying in ``plane``: 'xy' (flat: a hoop's rim), 'xz' (facing
    the front) or 'yz' (a wheel rolling along y)."""
    verts = []
    for i in range(sections):
        a = 2 * math.pi * i / sections
        for j in range(tube):
            b = 2 * math.pi * j / tube
            rr = major + minor * math.cos(b)
            verts.append((rr * math.cos(a), rr * math.sin(a), minor * math.sin(b)))
    faces = []
    for i in range(sections):
        i2 = (i + 1) % sections
        for j in range(tube):
            j2 = (j + 1) % tube
            a, b, c, d = i * tube + j, i2 * tube + j, i2 * tube + j2, i * tube + j2
            faces += [(a, b, c), (a, c, d)]
    m = Mesh(np.asarray(verts, dtype=np.float64), np.asarray(faces))
    turn = {"xy": (0.0, 0.0, 0.0), "xz": (math.pi / 2, 0.0, 0.0),
            "yz": (0.0, math.pi / 2, 0.0)}[plane]
    return m.turned(turn).moved((x, y, z))


def prism(outline: list[tuple[float, float]], depth: float, x: float = 0.0,
          y: float = 0.0) -> Mesh:
    """A convex outline in the x–z plane (a gable, a wedge, a sign), counter-clockwise seen from
    −Y, extruded along y by ``depth`` and centred on y."""
    pts = np.asarray(outline, dtype=np.float64)
    n = len(pts)
    front = np.column_stack([pts[:, 0], np.full(n, -depth / 2), pts[:, 1]])
    back = np.column_stack([pts[:, 0], np.full(n, depth / 2), pts[:, 1]])
    verts = np.concatenate([front, back]) + np.array((x, y, 0.0))
    faces = []
    for i in range(1, n - 1):
        faces.append((0, i, i + 1))  # seen from −Y, counter-clockwise: normal towards −Y
        faces.append((n, n + i + 1, n + i))
    for i in range(n):
        j = (i + 1) % n
        faces += [(i, n + j, j), (i, n + i, n + j)]
    return Mesh(verts, np.asarray(faces))


@dataclass
class Part:
    """A named part of a prop (a seat, a leg, a wheel): its meshes and the depth ``joint`` (m) by
    which it may sink into the parts it is joined to (a wheel into its arch, fruit into a bowl)."""

    name: str
    meshes: list[Mesh] = field(default_factory=list)
    joint: float = 0.0

    def mesh(self) -> Mesh:
        return join(self.meshes)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        v = self.mesh().vertices
        return v.min(axis=0), v.max(axis=0)


def signed_volume(mesh: Mesh) -> float:
    tri = mesh.vertices[mesh.faces]
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)
