"""Trajectories: paths by arc length, speed profiles, grid planning, multi-character layouts."""

from .crowd import Track, face_each_other, follow, formation_slots, procession, sparring
from .grid import Grid, footprints, rasterize, world_grid
from .path import Path, fillet, speed_profile
from .planner import NoPath, astar, plan_path

__all__ = [
    "Grid",
    "NoPath",
    "Path",
    "Track",
    "astar",
    "face_each_other",
    "fillet",
    "follow",
    "footprints",
    "formation_slots",
    "plan_path",
    "procession",
    "rasterize",
    "sparring",
    "speed_profile",
    "world_grid",
]
