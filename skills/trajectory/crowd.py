"""Several characters moving together: processions and formations, followers, synchronised
arrival, and two characters keeping a distance while facing each other (sparring, dancing).

All of them share one timeline: a leader's arc length per frame along a path. A member of a
formation is the leader's path *offset* — back along the path by its rank, sideways along the
path normal by its file — so neighbours in a rank stay exactly their lateral spacing apart
(offset curves of a smooth path are equidistant) and neighbours in a file stay their spacing
apart along it. Nothing here avoids collisions by luck: spacing greater than two body radii and
a path whose turns are wider than the formation keep bodies apart, and `check_separation`
measures it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world import InputError

from .path import Path, fillet, speed_profile, yaw_of_direction


@dataclass(frozen=True)
class Track:
    """One character's root motion: positions (F, 2) and yaw (F,) per frame."""

    xy: np.ndarray
    yaw: np.ndarray

    def path_and_arc_length(self) -> tuple[Path, np.ndarray]:
        """The track as a `Path` plus the arc length at each frame, ready for `locomotion`."""
        steps = np.linalg.norm(np.diff(self.xy, axis=0), axis=1)
        s = np.r_[0.0, np.cumsum(steps)]
        return Path.from_points(self.xy), s


def formation_slots(n: int, columns: int, spacing: tuple[float, float]) -> np.ndarray:
    """(n, 2) slots (lateral, back) for ``n`` members in ranks of ``columns``, centred on the
    path: lateral metres to the left of the path, back metres behind the leader."""
    if n < 1 or columns < 1:
        raise InputError("a formation needs at least one member and one column")
    lateral, back = spacing
    idx = np.arange(n)
    rank, file = idx // columns, idx % columns
    return np.c_[(file - (columns - 1) / 2.0) * lateral, rank * back]


def procession(points: np.ndarray | list, n: int, fps: float = 24.0, speed: float = 1.3,
               columns: int = 2, spacing: tuple[float, float] = (1.0, 1.3),
               accel: float = 0.8) -> list[Track]:
    """``n`` members walking ``points`` in formation (``columns`` abreast, ``spacing`` =
    (lateral, back) metres). The head of the procession starts at the first point and stops at
    the last; the ranks queue up behind the start along the initial direction."""
    slots = formation_slots(n, columns, spacing)
    half_width = float(np.abs(slots[:, 0]).max())
    path = Path.from_points(fillet(points, radius=2 * half_width + spacing[0] + 1.0))
    if path.length == 0:
        raise InputError("a procession needs a path longer than zero")
    tail = float(slots[:, 1].max())
    # Extend the path backwards (ranks queue behind the start) with a straight run-in.
    h0 = path.heading_at(0.0)
    ext = Path.from_points(np.r_[[path.points[0] - h0 * (tail + 1.0)], path.points])
    s_head = speed_profile(path.length, speed, fps, accel) + tail + 1.0
    tracks = []
    for lat, back in slots:
        s = s_head - back
        xy = ext.point_at(s)
        h = ext.heading_at(s, window=0.5)
        left = np.c_[-h[:, 1], h[:, 0]]
        tracks.append(Track(xy + left * lat, np.unwrap(yaw_of_direction(h))))
    return tracks


def follow(leader: Track, distance: float) -> Track:
    """A follower walking the leader's own footsteps ``distance`` metres behind (it waits at
    the leader's start until the leader is that far ahead)."""
    path, s = leader.path_and_arc_length()
    sf = np.maximum(s - distance, 0.0)
    xy = path.point_at(sf)
    return Track(xy, np.unwrap(path.yaw_at(sf, window=0.3)))


def synchronised_speeds(lengths: list[float], max_speed: float) -> list[float]:
    """Cruise speeds that make paths of ``lengths`` take the same time at most ``max_speed``."""
    longest = max(lengths)
    if longest <= 0 or max_speed <= 0:
        raise InputError("synchronised arrival needs positive path lengths and speed")
    return [max_speed * length / longest for length in lengths]


def face_each_other(centre: np.ndarray, distance: np.ndarray, bearing: np.ndarray
                    ) -> tuple[Track, Track]:
    """Two characters on either side of ``centre`` (F, 2), ``distance`` (F,) apart along
    ``bearing`` (F,) radians, each facing the other."""
    centre = np.asarray(centre, float)
    d = np.c_[np.cos(bearing), np.sin(bearing)] * (np.asarray(distance, float)[:, None] / 2.0)
    a, b = centre - d, centre + d
    yaw_a = np.unwrap(yaw_of_direction(b - a))
    yaw_b = np.unwrap(yaw_of_direction(a - b))
    return Track(a, yaw_a), Track(b, yaw_b)


def sparring(frames: int, fps: float = 24.0, distance: float = 1.6, centre=(0.0, 0.0),
             circle_speed: float = 0.35, seed: int = 0) -> tuple[Track, Track]:
    """Two boxers circling each other: the pair turns about ``centre`` at about
    ``circle_speed`` rad/s with slow deterministic variation (``seed``), stepping in and out by
    ±10 % of ``distance``, always facing each other."""
    rng = np.random.default_rng(seed)
    t = np.arange(frames) / fps
    f1, f2 = rng.uniform(0.15, 0.3, 2)
    p1, p2 = rng.uniform(0, 2 * np.pi, 2)
    bearing = circle_speed * t + 0.4 * np.sin(2 * np.pi * f1 * t + p1)
    dist = distance * (1.0 + 0.1 * np.sin(2 * np.pi * f2 * t + p2))
    c = np.broadcast_to(np.asarray(centre, float), (frames, 2))
    return face_each_other(c, dist, bearing)


def check_separation(tracks: list[Track], radius: float) -> float:
    """Smallest gap between any two members' body discs over the whole timeline (m)."""
    from ..motion.metrics import min_separation

    pos = np.stack([t.xy for t in tracks], axis=1)
    gap, _ = min_separation(pos, np.full(len(tracks), radius))
    return gap
