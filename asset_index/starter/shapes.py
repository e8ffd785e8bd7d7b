"""Building white-box proxies from primitives, in Blender axes (+Z up, front towards −Y).

Every primitive is placed by its *bottom* (z) and centre (x, y), which is how one describes
furniture: "a 0.45 m high seat on four legs". `Shape.mesh()` joins the parts and moves the
result so its origin is the bottom centre of its bounding box.
"""

from __future__ import annotations

import math

import numpy as np
import trimesh

SECTIONS = 16  # segments of round parts: enough for a silhouette, few triangles


class Shape:
    """An assembly of primitives; each method adds one and returns self (for chaining)."""

    def __init__(self) -> None:
        self.parts: list[trimesh.Trimesh] = []

    def _add(self, mesh: trimesh.Trimesh, at: tuple[float, float, float],
             rotation: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> Shape:
        if any(rotation):
            rx, ry, rz = rotation
            m = trimesh.transformations.euler_matrix(rx, ry, rz, "sxyz")
            mesh.apply_transform(m)
        mesh.apply_translation(at)
        self.parts.append(mesh)
        return self

    def box(self, w: float, d: float, h: float, x: float = 0.0, y: float = 0.0,
            z: float = 0.0, rotation: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> Shape:
        """A w × d × h box whose bottom face is at height z, centred on (x, y)."""
        mesh = trimesh.creation.box((w, d, h))
        mesh.apply_translation((0, 0, h / 2))
        return self._add(mesh, (x, y, z), rotation)

    def cyl(self, r: float, h: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
            rotation: tuple[float, float, float] = (0.0, 0.0, 0.0),
            sections: int = SECTIONS) -> Shape:
        """A vertical cylinder (before ``rotation``) standing on height z."""
        mesh = trimesh.creation.cylinder(radius=r, height=h, sections=sections)
        mesh.apply_translation((0, 0, h / 2))
        return self._add(mesh, (x, y, z), rotation)

    def hcyl(self, r: float, length: float, axis: str, x: float = 0.0, y: float = 0.0,
             z: float = 0.0, sections: int = SECTIONS) -> Shape:
        """A horizontal cylinder along 'x' or 'y', centred on (x, y, z)."""
        mesh = trimesh.creation.cylinder(radius=r, height=length, sections=sections)
        rot = (0.0, math.pi / 2, 0.0) if axis == "x" else (math.pi / 2, 0.0, 0.0)
        return self._add(mesh, (x, y, z), rot)

    def cone(self, r: float, h: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
             sections: int = SECTIONS) -> Shape:
        mesh = trimesh.creation.cone(radius=r, height=h, sections=sections)
        return self._add(mesh, (x, y, z))

    def lathe(self, profile: list[tuple[float, float]], x: float = 0.0, y: float = 0.0,
              z: float = 0.0, sections: int = SECTIONS) -> Shape:
        """A solid of revolution about the vertical axis from (radius, height) points, listed
        from the axis at the bottom round to the axis at the top (a bowl, a mound, a vase)."""
        mesh = trimesh.creation.revolve(np.asarray(profile, dtype=float), sections=sections)
        if mesh.volume < 0:
            mesh.invert()
        return self._add(mesh, (x, y, z))

    def sphere(self, r: float, x: float = 0.0, y: float = 0.0, z: float = 0.0,
               scale: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> Shape:
        """A sphere (or ellipsoid with ``scale``) centred on (x, y, z)."""
        mesh = trimesh.creation.icosphere(subdivisions=2, radius=r)
        mesh.apply_scale(scale)
        return self._add(mesh, (x, y, z))

    def torus(self, major: float, minor: float, x: float = 0.0, y: float = 0.0,
              z: float = 0.0, plane: str = "xy") -> Shape:
        """A ring centred on (x, y, z) lying in ``plane``: 'xy' (flat, a hoop's rim), 'xz'
        (facing the front, a mug handle seen from the side) or 'yz' (a wheel rolling along y)."""
        mesh = trimesh.creation.torus(major_radius=major, minor_radius=minor,
                                      major_sections=24, minor_sections=8)
        turn = {"xy": (0.0, 0.0, 0.0), "xz": (math.pi / 2, 0.0, 0.0),
                "yz": (0.0, math.pi / 2, 0.0)}[plane]
        return self._add(mesh, (x, y, z), turn)

    def prism(self, outline: list[tuple[float, float]], depth: float, y: float = 0.0,
              x: float = 0.0) -> Shape:
        """A convex outline in the x–z plane (a gable, a wedge), counter-clockwise, extruded
        along y by depth and centred on y."""
        pts = np.asarray(outline, dtype=float)
        n = len(pts)
        fan = np.array([[0, i, i + 1] for i in range(1, n - 1)])
        mesh = trimesh.creation.extrude_triangulation(pts, fan, depth)
        # extruded in x–y along +z; (x, y, z) → (x, z, y) stands the outline up in x–z. The
        # swap is a mirror; with a counter-clockwise outline the faces still point outwards
        # (the tests check every proxy has a positive volume)
        mesh.apply_transform(np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]],
                                      dtype=float))
        return self._add(mesh, (x, y - depth / 2, 0.0))

    def legs(self, w: float, d: float, h: float, t: float, inset: float = 0.0,
             z: float = 0.0, round_: bool = False) -> Shape:
        """Four legs of thickness t under a w × d top, at the corners."""
        for sx in (-1, 1):
            for sy in (-1, 1):
                x = sx * (w / 2 - t / 2 - inset)
                y = sy * (d / 2 - t / 2 - inset)
                if round_:
                    self.cyl(t / 2, h, x, y, z, sections=8)
                else:
                    self.box(t, t, h, x, y, z)
        return self

    def mesh(self) -> trimesh.Trimesh:
        """All parts as one mesh, origin at the bottom centre of its bounding box."""
        mesh = trimesh.util.concatenate(self.parts)
        lo, hi = mesh.bounds
        mesh.apply_translation((-(lo[0] + hi[0]) / 2, -(lo[1] + hi[1]) / 2, -lo[2]))
        return mesh
