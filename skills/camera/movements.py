"""Camera movements: deterministic generators of a camera track for a subject and frame range.

Each generator takes the World, a `ShotSpec` (subject, frames, shot size, angle, where the
camera stands around the subject) and the move's own parameters, and returns a
`previz.world.Camera` keyed once per frame. The same inputs give the same camera, bit for bit;
randomness (handheld) comes only from an explicit seed.

The opening pose of most moves is the framing solve of `framing.py`: the shot size's span of
the subject at its screen heights, seen from ``azimuth`` at the angle's pitch. Moves that keep
the subject composed (pan-with, crane, arc, orbit, follow, lead...) re-aim every frame so the
middle of the span stays at the screen point it had in the first frame. Every generated camera
focuses (depth of field) on the subject each frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from previz.world import DEFAULT_RESOLUTION, Camera, World
from previz.world.errors import InputError
from previz.world.transforms import euler_xyz

from ..vocabulary import declare
from .framing import Lens, aim, frame_subject, look_room_x, rotation_for, toric, view_direction
from .shots import ANGLES, SHOT_SIZES, Angle, ShotSize
from .smoothing import smooth_path
from .subject import Measure, Subject, eye_point, measure
from .track import camera_track, ease, forward_of

Z = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Movement:
    name: str
    generate: Callable[..., Camera]
    synonyms: tuple[str, ...]
    description: str
    tracks_subject: bool = True


MOVEMENTS: dict[str, Movement] = {}
"""The camera skill's movements by name, filled by `movement` where each generator is defined
(in this module and in the `moves` package)."""


@dataclass(frozen=True)
class PlanName:
    """How a shot plan says a movement: the plan's name for it, the words the offline reader
    maps to that name, the generator arguments it stands for (plan ``dolly_out`` is ``dolly``
    with ``distance=-1``) and reader tags (``context``: an everyday word that counts only in a
    camera clause; ``scene``: frames the whole place when the shot has no subject)."""

    name: str
    synonyms: tuple[str, ...]
    params: Mapping[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


def movement(name: str, synonyms: tuple[str, ...], description: str, *,
             tracks_subject: bool = True, plan: tuple[PlanName, ...] | None = None,
             ) -> Callable[[Callable[..., Camera]], Callable[..., Camera]]:
    """Declare the decorated generator as the camera movement ``name``: it joins `MOVEMENTS`,
    the ``camera_move`` vocabulary (its keyword defaults as params) and, through ``plan``, the
    plan's ``movement`` vocabulary. ``plan`` None: the plan says it by its own name, with its
    spaced name and ``synonyms`` as the words to read."""

    def register(generate: Callable[..., Camera]) -> Callable[..., Camera]:
        MOVEMENTS[name] = Movement(name, generate, tuple(synonyms), description, tracks_subject)
        declare("camera_move", name, synonyms, params=keyword_defaults(generate),
                description=description)
        for said in plan or (PlanName(name, (name.replace("_", " "), *synonyms)),):
            declare("movement", said.name, said.synonyms, params=said.params,
                    description=description, skill=name, tags=said.tags)
        return generate

    return register


def keyword_defaults(generate: Callable[..., Camera]) -> dict[str, object]:
    """A generator's own parameters (after world and spec) and their defaults."""
    import inspect

    params = list(inspect.signature(generate).parameters.values())[2:]
    return {p.name: (None if p.default is inspect.Parameter.empty else p.default)
            for p in params}


@dataclass(frozen=True)
class ShotSpec:
    """What every movement needs: who, when, how big, from where.

    ``azimuth`` (radians) is where the camera stands around the subject, counter-clockwise seen
    from above, 0 = in front of it (it faces the lens), π = behind. ``screen_x`` is where the
    subject sits across the frame (None: on a third, with look room)."""

    subject: Subject
    frames: tuple[int, int]
    size: ShotSize = field(default_factory=lambda: SHOT_SIZES["MS"])
    angle: Angle = field(default_factory=lambda: ANGLES["eye_level"])
    azimuth: float = 0.3
    focal_length: float | None = None
    resolution: tuple[int, int] = DEFAULT_RESOLUTION
    sensor_width: float = 36.0
    screen_x: float | None = None
    camera_id: str = "cam"
    fstop: float = 2.8

    def __post_init__(self) -> None:
        if self.frames[1] < self.frames[0]:
            raise InputError(f"frames: end {self.frames[1]} is before start {self.frames[0]}")

    @property
    def frame_list(self) -> list[int]:
        return list(range(self.frames[0], self.frames[1] + 1))

    @property
    def lens(self) -> Lens:
        return Lens(self.focal_length or self.size.focal_length, self.sensor_width, self.resolution)

    @property
    def mid_y(self) -> float:
        return (self.size.top + self.size.bottom) / 2.0

    @property
    def mid_span(self) -> float:
        return (self.size.span[0] + self.size.span[1]) / 2.0


@dataclass
class Pose:
    """The opening composition: camera eye and Euler rotation, the subject's screen x."""

    eye: np.ndarray
    euler: list[float]
    screen_x: float
    measure: Measure

    @property
    def forward(self) -> np.ndarray:
        return forward_of(self.euler)

    @property
    def right(self) -> np.ndarray:
        return euler_xyz(*self.euler)[:, 0]


def _t(spec: ShotSpec) -> np.ndarray:
    """Normalised time 0..1 over the shot's frames."""
    n = spec.frames[1] - spec.frames[0]
    return np.linspace(0.0, 1.0, n + 1) if n > 0 else np.zeros(1)


def measures(world: World, spec: ShotSpec) -> list[Measure]:
    return [measure(world, f, spec.subject) for f in spec.frame_list]


def opening(world: World, spec: ShotSpec, frame: int | None = None,
            ms: Measure | None = None, azimuth: float | None = None) -> Pose:
    """The framing solve at ``frame`` (default: the first)."""
    ms = ms or measure(world, spec.frames[0] if frame is None else frame, spec.subject)
    az = spec.azimuth if azimuth is None else azimuth
    fwd = view_direction(ms.forward, az, spec.angle.pitch)
    euler = rotation_for(fwd, spec.angle.roll)
    x = spec.screen_x if spec.screen_x is not None else look_room_x(ms, fwd)
    eye = frame_subject(ms, spec.size, euler, spec.lens, x)
    return Pose(eye, euler, x, ms)


def focus_depths(eyes: np.ndarray, eulers: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Depth of each target along its frame's view axis: the focus distance."""
    fwd = np.stack([forward_of(e) for e in eulers])
    return np.einsum("ij,ij->i", targets - eyes, fwd)


def finish(spec: ShotSpec, eyes, eulers, focals=None, ms: list[Measure] | None = None,
           world: World | None = None) -> Camera:
    """Write per-frame poses as a Camera focused on the subject every frame."""
    eyes = np.asarray(eyes, float)
    eulers = np.asarray(eulers, float)
    if ms is None:
        assert world is not None
        ms = measures(world, spec)
    targets = np.stack([m.at(spec.mid_span) for m in ms])
    focus = focus_depths(eyes, eulers, targets)
    return camera_track(
        spec.camera_id, spec.frame_list, eyes, eulers,
        spec.lens.focal_length if focals is None else focals, focus,
        sensor_width=spec.sensor_width, fstop=spec.fstop,
    )


def _aim_all(spec: ShotSpec, eyes: np.ndarray, ms: list[Measure], x: float) -> np.ndarray:
    return np.array([
        aim(e, m.at(spec.mid_span), spec.lens, x, spec.mid_y, spec.angle.roll)
        for e, m in zip(eyes, ms, strict=True)
    ])


def _hold(spec: ShotSpec, values, n: int) -> np.ndarray:
    return np.repeat(np.asarray(values, float)[None], n, axis=0)


# --------------------------------------------------------------------------- the moves


@movement("static", ("locked off", "still", "fixed", "static shot", "hold"),
          "camera does not move",
          plan=(PlanName("static", ("static", "locked off", "locked-off", "still camera",
                                    "fixed")),))
def static(world: World, spec: ShotSpec, height: float | None = None,
           at_frame: int | None = None) -> Camera:
    """Locked-off camera framing the subject as it is in the first frame (or at ``at_frame``:
    where a subject on the move stays longest); at ``height`` m above the ground when given
    (the child's eye level), re-aimed at the subject from there."""
    if at_frame is not None and not spec.frames[0] <= at_frame <= spec.frames[1]:
        raise InputError(f"static: at_frame {at_frame} is outside frames "
                         f"{spec.frames[0]}..{spec.frames[1]}")
    p = opening(world, spec, frame=at_frame)
    n = len(spec.frame_list)
    eye, euler = p.eye, p.euler
    if height is not None:
        eye, euler = _at_height(spec, p, height)
    return finish(spec, _hold(spec, eye, n), _hold(spec, euler, n), world=world)


def _at_height(spec: ShotSpec, p: Pose, height: float) -> tuple[np.ndarray, list[float]]:
    """The opening eye moved to ``height`` (m above the ground), aimed back at the subject."""
    eye = p.eye.copy()
    eye[2] = height
    return eye, aim(eye, p.measure.at(spec.mid_span), spec.lens, p.screen_x, spec.mid_y,
                    spec.angle.roll)


@movement("pan", ("pan left", "pan right", "pan with", "panning"),
          "turn horizontally from a fixed point",
          plan=(PlanName("pan", ("pan", "pans", "panning"), tags=("context",)),))
def pan(world: World, spec: ShotSpec, degrees: float | None = None) -> Camera:
    """Turn about the vertical axis from a fixed position. ``degrees`` (counter-clockwise, i.e.
    panning left) turns by that angle, eased; None pans with the subject, keeping it at its
    screen x."""
    p = opening(world, spec)
    ms = measures(world, spec)
    n = len(ms)
    eulers = _hold(spec, p.euler, n)
    if degrees is None:
        aimed = _aim_all(spec, _hold(spec, p.eye, n), ms, p.screen_x)
        eulers[:, 2] = np.unwrap(aimed[:, 2])
    else:
        eulers[:, 2] = p.euler[2] + ease(_t(spec)) * math.radians(degrees)
    return finish(spec, _hold(spec, p.eye, n), eulers, ms=ms)


@movement("tilt", ("tilt up", "tilt down", "tilting"), "turn vertically from a fixed point",
          plan=(PlanName("tilt", ("tilt", "tilts", "tilting"), tags=("context",)),))
def tilt(world: World, spec: ShotSpec, degrees: float | None = None) -> Camera:
    """Turn about the camera's horizontal axis from a fixed position. ``degrees`` (positive
    tilts up) turns by that angle, eased; None tilts with the subject."""
    p = opening(world, spec)
    ms = measures(world, spec)
    n = len(ms)
    eulers = _hold(spec, p.euler, n)
    if degrees is None:
        aimed = _aim_all(spec, _hold(spec, p.eye, n), ms, p.screen_x)
        eulers[:, 0] = aimed[:, 0]
    else:
        eulers[:, 0] = p.euler[0] + ease(_t(spec)) * math.radians(degrees)
    return finish(spec, _hold(spec, p.eye, n), eulers, ms=ms)


def _translate(world: World, spec: ShotSpec, direction: np.ndarray, distance: float,
               height: float | None = None) -> Camera:
    p = opening(world, spec)
    n = len(spec.frame_list)
    eye, euler = (p.eye, p.euler) if height is None else _at_height(spec, p, height)
    eyes = eye + np.outer(ease(_t(spec)) * distance, direction)
    return finish(spec, eyes, _hold(spec, euler, n), world=world)


@movement("dolly", ("dolly in", "dolly out", "push in", "pull out", "pull back", "track in",
                    "move in"), "move along the view axis", tracks_subject=False,
          plan=(PlanName("dolly_in", ("dolly in", "dolly-in", "dollies in", "push in", "push-in",
                                      "pushes in", "moves in"), {"distance": 1.0}),
                PlanName("dolly_out", ("dolly out", "dolly-out", "dollies out", "pull out",
                                       "pull back", "pulls back", "pulls out"),
                         {"distance": -1.0})))
def dolly(world: World, spec: ShotSpec, distance: float = 1.0) -> Camera:
    """Move along the view axis: positive ``distance`` (m) dollies in, negative out.

    A subject that travels more than `DOLLY_CARRY` metres over the shot (she walks across the
    room while the camera pushes in) is not left behind: the eye goes in a straight line from
    the opening framing to that framing of where the subject is at the end, ``distance``
    further along the view axis, re-aiming each frame so it stays composed — the push in
    is measured on the subject, not on the spot it started from."""
    p = opening(world, spec)
    ms = measures(world, spec)
    carry = ms[-1].bottom - ms[0].bottom
    if float(np.hypot(carry[0], carry[1])) <= DOLLY_CARRY:
        return _translate(world, spec, p.forward, distance)
    end = frame_subject(ms[-1], spec.size, p.euler, spec.lens, p.screen_x) + distance * p.forward
    eyes = p.eye + np.outer(ease(_t(spec)), end - p.eye)
    return finish(spec, eyes, _aim_all(spec, eyes, ms, p.screen_x), ms=ms)


DOLLY_CARRY = 0.5  # metres a subject travels before a dolly carries the camera along with it


@movement("truck", ("truck left", "truck right", "crab", "lateral tracking", "sideways"),
          "move sideways", tracks_subject=False,
          plan=(PlanName("truck", ("truck", "trucks", "trucking", "tracking", "track", "tracks",
                                   "slides", "crab", "crabs"), tags=("context",)),))
def truck(world: World, spec: ShotSpec, distance: float = 1.0,
          height: float | None = None) -> Camera:
    """Move sideways along the camera's right axis (negative: left), orientation held; at
    ``height`` m above the ground when given (a rail at hip height)."""
    p = opening(world, spec)
    right = p.right.copy()
    right[2] = 0.0
    return _translate(world, spec, right / np.linalg.norm(right), distance, height)


@movement("pedestal", ("pedestal up", "pedestal down", "ped up", "rise", "elevate"),
          "move straight up or down", tracks_subject=False,
          plan=(PlanName("pedestal", ("pedestal", "pedestal up", "pedestal down", "ped up",
                                      "ped down"), tags=("context",)),))
def pedestal(world: World, spec: ShotSpec, height: float = 0.5) -> Camera:
    """Raise (or lower) the camera straight up, orientation held."""
    return _translate(world, spec, Z, height)


@movement("crane", ("boom", "boom up", "crane up", "jib", "crane shot"),
          "rise and pull back, keeping the subject",
          plan=(PlanName("crane", ("crane", "cranes", "crane shot", "rises", "boom", "boom up",
                                   "booms", "jib"), tags=("context",)),))
def crane(world: World, spec: ShotSpec, rise: float = 2.0, back: float = 1.0,
          start_height: float | None = None, end_height: float | None = None) -> Camera:
    """Boom up by ``rise`` metres while pulling ``back``, re-aiming to keep the subject; with
    ``start_height`` / ``end_height`` (m above the ground) the camera starts and ends there
    ("rises from head height to 100 m"), the rise following from them."""
    p = opening(world, spec)
    ms = measures(world, spec)
    fwd_h = p.forward * np.array([1.0, 1.0, 0.0])
    fwd_h /= max(np.linalg.norm(fwd_h), 1e-9)
    s = ease(_t(spec))
    eye0 = p.eye.copy()
    if start_height is not None:
        eye0[2] = start_height
    if end_height is not None:
        rise = end_height - eye0[2]
    eyes = eye0 + np.outer(s * rise, Z) - np.outer(s * back, fwd_h)
    return finish(spec, eyes, _aim_all(spec, eyes, ms, p.screen_x), ms=ms)


#: The steepest an orbit or arc at a given height looks down at its subject (radians) when no
#: radius is given: an aerial orbit still circles, it does not spin overhead.
STEEPEST = math.radians(60.0)


#: The band of the frame (each side) a subject seen from above keeps clear when a longer lens
#: brings it back to its size (`_longer_lens`).
CLEAR = 0.05


def _longer_lens(spec: ShotSpec, m: Measure, eye: np.ndarray, target: np.ndarray,
                 screen_x: float, framed: float) -> tuple[ShotSpec, float]:
    """... and where that stands farther than the ``framed`` distance, the subject seen from
    above is centred (the screen y returned) through a lens longer by as much, which keeps it
    the size the shot asks — no longer than keeps all of it in frame (`CLEAR` of each edge
    free) from ``eye``: a group spread over the ground (a team across its pitch, ``m.width``
    across) shows its depth from up there."""
    far = float(np.linalg.norm(target - eye))
    if far <= framed * (1.0 + 1e-6) or framed <= 0.0:
        return spec, spec.mid_y
    toward = np.array([eye[0] - m.bottom[0], eye[1] - m.bottom[1], 0.0])
    toward = toward / max(float(np.linalg.norm(toward)), 1e-9)
    across = np.array([-toward[1], toward[0], 0.0])
    r = m.width / 2.0
    rim = [m.bottom + d * r for d in (toward, -toward, across, -across)]
    points = np.array([q + m.up * (m.height * k) for q in rim for k in (0.0, 1.0)])

    def fits(focal: float) -> bool:
        lens = spec.lens.with_focal(focal)
        rot = euler_xyz(*aim(eye, target, lens, screen_x, 0.5, spec.angle.roll))
        v = (points - eye) @ rot
        if np.any(v[:, 2] >= 0.0):
            return False
        w, h = lens.resolution
        x = 0.5 + lens.fx * v[:, 0] / -v[:, 2] / w
        y = 0.5 - lens.fx * v[:, 1] / -v[:, 2] / h
        return bool(np.all((x >= CLEAR) & (x <= 1 - CLEAR) & (y >= CLEAR) & (y <= 1 - CLEAR)))

    lo, hi = spec.lens.focal_length, spec.lens.focal_length * far / framed
    if fits(hi):
        return replace(spec, focal_length=hi), 0.5
    if not fits(lo):
        return spec, 0.5
    for _ in range(24):  # the longest lens that keeps it all in frame
        mid = (lo + hi) / 2.0
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return replace(spec, focal_length=lo), 0.5


def _around(world: World, spec: ShotSpec, angles: np.ndarray, pivot_ms: list[Measure],
            ms: list[Measure], height: float | None = None,
            radius: float | None = None) -> Camera:
    """Eyes turned by ``angles`` round the pivot, at the opening's distance and height, or at
    ``radius`` metres (horizontal) and ``height`` metres above the ground when given."""
    if radius is not None and radius <= 0:
        raise InputError(f"radius must be positive, got {radius:g}")
    p = opening(world, spec, ms=pivot_ms[0])
    pivot0 = pivot_ms[0].at(spec.mid_span)
    offset = p.eye - pivot0
    framed = float(np.linalg.norm(offset))  # the distance the shot size frames from
    screen_y = spec.mid_y
    flat = float(np.hypot(offset[0], offset[1]))
    if radius is not None:
        offset[:2] *= radius / max(flat, 1e-9)
    if height is not None:
        rises = height - pivot0[2] > offset[2]
        offset[2] = height - pivot0[2]
        if radius is None and rises:
            # Raised above the framing's eye, keep its distance (an aerial orbit at 80 m of a
            # pitch stands back, not 20 m off it looking straight down from 80 m up), looking
            # down at most `STEEPEST` ...
            up = abs(float(offset[2]))
            want = max(math.sqrt(max(framed * framed - up * up, 0.0)),
                       up / math.tan(STEEPEST))
            offset[:2] *= want / max(flat, 1e-9)
            spec, screen_y = _longer_lens(spec, pivot_ms[0], pivot0 + offset, pivot0,
                                          p.screen_x, framed)
    eyes = []
    for a, pm in zip(angles, pivot_ms, strict=True):
        c, s = math.cos(a), math.sin(a)
        rot = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
        eyes.append(pm.at(spec.mid_span) + rot @ offset)
    eyes = np.array(eyes)
    eulers = np.array([
        aim(e, pm.at(spec.mid_span), spec.lens, p.screen_x, screen_y, spec.angle.roll)
        for e, pm in zip(eyes, pivot_ms, strict=True)
    ])
    return finish(spec, eyes, eulers, ms=ms)


@movement("arc", ("arc shot", "arcing", "circle partly", "semi circle"),
          "travel part way round the subject",
          plan=(PlanName("arc", ("arc", "arcs", "arcing", "arc shot", "half circle",
                                 "semicircle"), tags=("context",)),))
def arc(world: World, spec: ShotSpec, degrees: float = 90.0, height: float | None = None,
        radius: float | None = None) -> Camera:
    """Travel ``degrees`` round the subject (counter-clockwise seen from above; negative:
    clockwise), eased, at a constant distance (``radius`` m when given) and ``height`` (m above
    the ground; default: the framing's), keeping it framed."""
    ms = measures(world, spec)
    return _around(world, spec, ease(_t(spec)) * math.radians(degrees), ms, ms, height, radius)


@movement("orbit", ("circle", "360", "orbit around", "circling", "revolve"),
          "circle the subject at constant distance",
          plan=(PlanName("orbit", ("orbit", "orbits", "orbiting", "circles around", "circling",
                                   "revolves around"), tags=("context",)),))
def orbit(world: World, spec: ShotSpec, degrees: float = 360.0, height: float | None = None,
          radius: float | None = None) -> Camera:
    """Circle the subject at constant distance, height and angular speed: ``degrees`` in all
    (negative: clockwise), at ``radius`` m (horizontal) and ``height`` m above the ground when
    given (chest height: the plan's number), else at the framing's distance and height."""
    ms = measures(world, spec)
    return _around(world, spec, _t(spec) * math.radians(degrees), ms, ms, height, radius)


@movement("bullet_time", ("bullet time", "frozen moment", "time slice", "matrix shot"),
          "fast orbit synced to a frame",
          plan=(PlanName("bullet_time", ("bullet time", "bullet-time", "frozen moment",
                                         "time slice")),))
def bullet_time(world: World, spec: ShotSpec, sync_frame: int | None = None,
                degrees: float = 360.0, height: float | None = None,
                radius: float | None = None, hold: float = 1.0, speed: float = 0.0) -> Camera:
    """A fast orbit round the subject as it is at ``sync_frame`` (default: mid-shot): the
    camera passes the shot's azimuth exactly at ``sync_frame`` and sweeps ``degrees`` in all,
    at constant speed on each side of it. The action itself is frozen (``speed`` 0) or slowed
    (``speed`` < 1) round ``sync_frame`` over ``hold`` of the shot: that is a time remap of the
    shot (`bullet_time_map`, which the shot carries as `Shot.time_map`); the camera is
    generated on the shot's frames round the subject's pose at ``sync_frame``."""
    f0, f1 = spec.frames
    sync = (f0 + f1) // 2 if sync_frame is None else sync_frame
    if not f0 <= sync <= f1:
        raise InputError(f"bullet_time: sync_frame {sync} is outside frames {f0}..{f1}")
    bullet_time_map(spec.frames, sync, hold, speed)  # the same checks, before any work
    frames = np.array(spec.frame_list, float)
    before = (frames - f0) / max(sync - f0, 1)
    after = (frames - sync) / max(f1 - sync, 1)
    s = np.where(frames <= sync, 0.5 * before, 0.5 + 0.5 * after) - 0.5
    frozen = measure(world, sync, spec.subject)
    pivots = [frozen] * len(frames)
    return _around(world, spec, s * math.radians(degrees), pivots, measures(world, spec),
                   height, radius)


def bullet_time_map(frames: tuple[int, int], sync_frame: int | None = None, hold: float = 1.0,
                    speed: float = 0.0) -> list[tuple[float, float]]:
    """The time remap of a bullet-time shot over ``frames``: (shot frame, scene frame) keys
    (`Shot.time_map`). Round ``sync_frame`` (default: mid-shot), over ``hold`` of the frames
    before and after it, the action runs at ``speed`` (0: frozen at ``sync_frame``'s moment);
    outside that it runs in real time, continuous with it. ``sync_frame`` shows the scene at
    ``sync_frame`` itself."""
    f0, f1 = frames
    sync = (f0 + f1) // 2 if sync_frame is None else sync_frame
    if not f0 <= sync <= f1:
        raise InputError(f"bullet_time: sync_frame {sync} is outside frames {f0}..{f1}")
    if not 0.0 <= hold <= 1.0:
        raise InputError(f"bullet_time: hold {hold:g} is a share of the shot, 0..1")
    if not 0.0 <= speed <= 1.0:
        raise InputError(f"bullet_time: speed {speed:g} is the action's speed, 0 (frozen)..1")
    a = sync - hold * (sync - f0)
    b = sync + hold * (f1 - sync)
    at_a, at_b = sync - speed * (sync - a), sync + speed * (b - sync)
    keys = [(float(f0), at_a - (a - f0)), (a, at_a), (float(sync), float(sync)), (b, at_b),
            (float(f1), at_b + (f1 - b))]
    out: list[tuple[float, float]] = []
    for f, t in keys:
        if not out or f > out[-1][0]:
            out.append((float(f), float(t)))
    return out


def _moving_frame(ms: list[Measure]) -> list[Measure]:
    """Measures whose `forward` is the direction of travel (facing when standing still)."""
    out = []
    n = len(ms)
    for i, m in enumerate(ms):
        a, b = ms[max(i - 1, 0)].bottom, ms[min(i + 1, n - 1)].bottom
        v = (b - a) * np.array([1.0, 1.0, 0.0])
        nv = np.linalg.norm(v)
        out.append(replace(m, forward=v / nv) if nv > 1e-4 else m)
    return out


def _chase(world: World, spec: ShotSpec, azimuth: float, smooth: float,
           height: float | None = None, distance: float | None = None) -> Camera:
    ms = measures(world, spec)
    travel = _moving_frame(ms)
    # Smooth the travel direction itself so a camera does not swing with every step.
    fw = np.stack([m.forward for m in travel])
    if len(fw) > 2 and smooth > 0:
        fw = smooth_path(fw, spec_fps(world), weight=smooth * 0.1)
        fw /= np.linalg.norm(fw, axis=1, keepdims=True)
    travel = [replace(m, forward=f) for m, f in zip(travel, fw, strict=True)]
    x0 = opening(world, spec, ms=travel[0], azimuth=azimuth).screen_x
    eyes = np.stack([
        frame_subject(m, spec.size, rotation_for(view_direction(m.forward, azimuth,
                                                                spec.angle.pitch),
                                                 spec.angle.roll), spec.lens, x0)
        for m in travel
    ])
    if distance is not None or height is not None:
        # The plan's distance (horizontal, from the subject) and height (above the ground).
        for i, m in enumerate(travel):
            pivot = m.at(spec.mid_span)
            off = eyes[i] - pivot
            if distance is not None:
                off[:2] *= distance / max(float(np.hypot(off[0], off[1])), 1e-9)
            eyes[i] = pivot + off
            if height is not None:
                eyes[i, 2] = height
    if len(eyes) > 2 and smooth > 0:
        eyes = smooth_path(eyes, spec_fps(world), weight=smooth)
    return finish(spec, eyes, _aim_all(spec, eyes, ms, x0), ms=ms)


def spec_fps(world: World) -> float:
    return float(world.fps)


@movement("follow", ("tracking", "tracking shot", "follow shot", "chase", "behind"),
          "travel behind a moving subject",
          plan=(PlanName("follow", ("follow", "follows", "following", "chase cam",
                                    "tracking shot", "follow shot"), tags=("context",)),))
def follow(world: World, spec: ShotSpec, smooth: float = 1.0, height: float | None = None,
           distance: float | None = None) -> Camera:
    """Track behind (or, with the spec's azimuth, beside) a moving subject, keeping it framed.
    The camera holds its place relative to the direction of travel; ``smooth`` damps the path.
    For a follow the spec's azimuth is relative to the direction of travel; 0.3 rad (the
    default) is read as 'from behind' (π + 0.3)."""
    az = spec.azimuth + math.pi if abs(spec.azimuth) < math.pi / 2 else spec.azimuth
    return _chase(world, spec, az, smooth, height, distance)


@movement("lead", ("leading", "lead shot", "walk and talk", "backwards tracking"),
          "travel ahead of a moving subject",
          plan=(PlanName("lead", ("lead", "leads", "leading", "leading shot", "lead shot",
                                  "walk and talk", "backwards tracking"), tags=("context",)),))
def lead(world: World, spec: ShotSpec, smooth: float = 1.0, height: float | None = None,
         distance: float | None = None) -> Camera:
    """Travel ahead of a moving subject, backing away as it comes, keeping it framed (at
    ``distance`` m and ``height`` m above the ground when given)."""
    return _chase(world, spec, spec.azimuth, smooth, height, distance)


@movement("over_the_shoulder", ("ots", "over the shoulder", "over-the-shoulder"),
          "past one character's shoulder at another",
          plan=(PlanName("over_the_shoulder", ("over the shoulder", "over-the-shoulder", "ots",
                                               "over her shoulder", "over his shoulder",
                                               "over their shoulder")),))
def over_the_shoulder(world: World, spec: ShotSpec, over: str, side: float = 1.0,
                      distance: float = 0.7) -> Camera:
    """Shoot past ``over``'s shoulder at the subject: the foreground shoulder on one edge of
    the frame, the subject's face on the opposite third. ``side`` ±1 picks the shoulder (and
    so the side of the line of action), ``distance`` how far behind the shoulder (m)."""
    if over not in {e.id for e in world.entities}:
        raise InputError(f"over_the_shoulder: no entity with id {over!r}")
    fg = Subject(over)
    ms = measures(world, spec)
    eyes, eulers = [], []
    face_x = 0.62 if side > 0 else 0.38
    shoulder_x = 0.12 if side > 0 else 0.88
    for f, m in zip(spec.frame_list, ms, strict=True):
        fm = measure(world, f, fg)
        face = m.at(0.92)
        toward = face - fm.at(0.82)
        toward[2] = 0.0
        toward /= max(np.linalg.norm(toward), 1e-9)
        lateral = np.cross(Z, toward) * side
        shoulder = fm.at(0.82) - lateral * (0.18)
        a_pt, b_pt = shoulder, face
        lens = spec.lens
        alpha = math.acos(float(lens.ray(shoulder_x, 0.7) @ lens.ray(face_x, 0.35)))
        ab = float(np.linalg.norm(b_pt - a_pt))
        gamma = math.asin(min(distance * math.sin(alpha) / ab, 1.0))
        beta = math.pi - alpha - gamma
        eye, eul = toric(a_pt, b_pt, lens, (shoulder_x, 0.7), (face_x, 0.35), beta=beta,
                         phi=0.35, side=-side)
        eyes.append(eye)
        eulers.append(eul)
    return finish(spec, np.array(eyes), np.array(eulers), ms=ms)


@movement("pov", ("point of view", "subjective", "first person", "eyes of"),
          "through the subject's eyes",
          plan=(PlanName("pov", ("pov", "point of view", "point-of-view", "through her eyes",
                                 "through his eyes", "through the eyes", "first person",
                                 "subjective")),))
def pov(world: World, spec: ShotSpec) -> Camera:
    """The subject's point of view: the camera at its eyes, looking where it faces (pitched by
    the spec's angle)."""
    eyes, eulers, targets = [], [], []
    for f in spec.frame_list:
        m = measure(world, f, spec.subject)
        eye = eye_point(world, f, spec.subject)
        fwd = view_direction(m.forward, math.pi, spec.angle.pitch)
        eyes.append(eye)
        eulers.append(rotation_for(fwd, spec.angle.roll))
        targets.append(eye + fwd * 5.0)
    eyes_a, eul_a = np.array(eyes), np.array(eulers)
    focus = focus_depths(eyes_a, eul_a, np.array(targets))
    return camera_track(spec.camera_id, spec.frame_list, eyes_a, eul_a, spec.lens.focal_length,
                        focus, sensor_width=spec.sensor_width, fstop=spec.fstop)


def _focal_ramp(spec: ShotSpec, to_focal: float | None, move: str) -> np.ndarray:
    """Eased focal lengths from the shot's lens to ``to_focal`` (default: twice it)."""
    f0 = spec.lens.focal_length
    f1 = to_focal or 2.0 * f0
    if f1 <= 0:
        raise InputError(f"{move}: to_focal must be positive, got {f1:g}")
    return f0 + (f1 - f0) * ease(_t(spec))


@movement("zoom", ("zoom in", "zoom out", "push zoom", "crash zoom"),
          "change focal length, camera still", tracks_subject=False,
          plan=(PlanName("zoom", ("zoom", "zooms", "zoom in", "zooms in", "zoom out",
                                  "crash zoom"), tags=("context",)),))
def zoom(world: World, spec: ShotSpec, to_focal: float | None = None) -> Camera:
    """Change focal length from the shot's lens to ``to_focal`` (default: twice it), eased,
    with the camera still."""
    p = opening(world, spec)
    n = len(spec.frame_list)
    focals = _focal_ramp(spec, to_focal, "zoom")
    return finish(spec, _hold(spec, p.eye, n), _hold(spec, p.euler, n), focals, world=world)


@movement("dolly_zoom", ("vertigo", "dolly zoom", "zolly", "trombone", "hitchcock zoom"),
          "zoom and dolly so the subject keeps its size", tracks_subject=False,
          plan=(PlanName("dolly_zoom", ("dolly zoom", "dolly-zoom", "vertigo", "vertigo shot",
                                        "zolly", "trombone shot")),))
def dolly_zoom(world: World, spec: ShotSpec, to_focal: float | None = None) -> Camera:
    """Vertigo: zoom while dollying so the subject keeps its screen size and the background
    stretches. Distance to the subject scales with focal length."""
    p = opening(world, spec)
    n = len(spec.frame_list)
    focals = _focal_ramp(spec, to_focal, "dolly_zoom")
    target = p.measure.at(spec.mid_span)
    d0 = float((target - p.eye) @ p.forward)
    eyes = p.eye + np.outer(d0 - d0 * focals / spec.lens.focal_length, p.forward)
    return finish(spec, eyes, _hold(spec, p.euler, n), focals, world=world)


@movement("drone_flyover", ("drone", "flyover", "fly over", "aerial", "helicopter shot"),
          "fly over at a height above the terrain", tracks_subject=False,
          plan=(PlanName("drone_flyover", ("drone", "drone shot", "flyover", "drone flyover",
                                           "aerial flyover"), tags=("scene",)),))
def drone_flyover(world: World, spec: ShotSpec, height: float = 12.0, speed: float = 6.0,
                  look_ahead: float = 15.0, heading: float | None = None,
                  start_height: float | None = None, end_height: float | None = None,
                  direction: str = "", keep_subject: bool = True) -> Camera:
    """Fly a straight line at ``height`` metres above the terrain (the tops of the boxes below,
    or the ground at z = 0), at ``speed`` m/s. ``heading`` (radians from +X) defaults to the
    subject's facing, or comes from ``direction`` (a compass point the drone flies toward:
    north = +Y). With ``start_height`` / ``end_height`` (m above the ground, not the terrain)
    the drone climbs or descends between them instead ("rises from 20 m to 60 m"); a ``speed``
    of 0 then rises straight up over the subject.

    ``keep_subject`` (the default): the drone flies toward the subject and keeps it in frame —
    the line ends `flyover_stand_off` short of where the subject is at the last frame (never
    over it: overhead, a subject leaves any picture that is not looking straight down), and
    every frame looks at the subject's centre; with no heading or direction it flies the way
    the subject travels (from behind), or along its facing when it stays put. Otherwise the
    camera is over the subject mid-shot, looking at the ground ``look_ahead`` metres ahead (a
    flyover of a place)."""
    from ..geometry import SceneBoxes

    if height <= 0 or speed < 0 or (speed == 0 and start_height is None
                                    and end_height is None):
        raise InputError("drone_flyover: height must be positive and speed positive (0 only "
                         "for a straight rise between start_height and end_height)")
    m0 = measure(world, spec.frames[0], spec.subject)
    if direction:
        heading = compass_heading(direction)
    ms = measures(world, spec) if keep_subject else []
    d = m0.forward if heading is None else np.array([math.cos(heading), math.sin(heading), 0.0])
    if heading is None and ms and speed > 0:
        # A subject on the move is flown along its way (from behind), not along its facing.
        way = (ms[-1].bottom - m0.bottom) * np.array([1.0, 1.0, 0.0])
        if np.linalg.norm(way) > FLYOVER_MIN_TRAVEL:
            d = way / np.linalg.norm(way)
    frames = np.array(spec.frame_list, float)
    mid = (frames[0] + frames[-1]) / 2.0
    s = (frames - mid) / world.fps * speed
    ground = m0.bottom * np.array([1.0, 1.0, 0.0])
    keep = keep_subject and speed > 0
    if keep:
        # Toward the subject: the last eye `stand_off` short of it, the line behind that.
        last = ms[-1]
        z_end = end_height if end_height is not None else height + float(last.bottom[2])
        stand_off = flyover_stand_off(last, z_end)
        ground = last.bottom * np.array([1.0, 1.0, 0.0]) - d * (stand_off + s[-1])
    xy = ground + np.outer(s, d)
    boxes = SceneBoxes(world, exclude=list(spec.subject.entities))
    terrain = np.array([terrain_height(boxes.at(f), p) for f, p in zip(frames, xy, strict=True)])
    # Hold the highest terrain for the camera's footprint so it clears roofs early, not late.
    eyes = xy + np.outer(terrain + height, Z)
    if start_height is not None or end_height is not None:
        z0 = start_height if start_height is not None else float(eyes[0, 2])
        z1 = end_height if end_height is not None else z0
        eyes[:, 2] = z0 + (z1 - z0) * ease(_t(spec))
    if keep:
        targets = np.stack([m.at(0.5) for m in ms])
    else:
        ahead = xy + d * look_ahead
        ahead_terrain = np.array([terrain_height(boxes.at(f), p) for f, p in
                                  zip(frames, ahead, strict=True)])
        targets = ahead + np.outer(ahead_terrain, Z)
    eulers = np.array([rotation_for(t - e, spec.angle.roll) for e, t in
                       zip(eyes, targets, strict=True)])
    focus = focus_depths(eyes, eulers, targets)
    return camera_track(spec.camera_id, spec.frame_list, eyes, eulers, spec.lens.focal_length,
                        focus, sensor_width=spec.sensor_width, fstop=spec.fstop)


FLYOVER_MAX_PITCH = 60.0  # degrees below the horizon the drone looks at its subject, at most
FLYOVER_MIN_STAND_OFF = 5.0  # metres
FLYOVER_MIN_TRAVEL = 1.0  # metres a subject must cover for the drone to fly its way


def flyover_stand_off(m: Measure, eye_height: float) -> float:
    """How far short of the subject's centre (horizontally) a drone keeping it in frame ends:
    far enough to look down at most `FLYOVER_MAX_PITCH` degrees at the subject's near edge
    (its centre, or a group's near side half its width closer), at least
    `FLYOVER_MIN_STAND_OFF`."""
    gap = max(eye_height - float(m.at(0.5)[2]), 0.0)
    return max(gap / math.tan(math.radians(FLYOVER_MAX_PITCH)) + 0.5 * m.width,
               FLYOVER_MIN_STAND_OFF)


COMPASS = {"east": 0.0, "north": 90.0, "west": 180.0, "south": 270.0, "north_east": 45.0,
           "north_west": 135.0, "south_west": 225.0, "south_east": 315.0}
"""Compass points as headings in degrees from +X, counter-clockwise (north = +Y)."""


def compass_heading(direction: str) -> float:
    """The heading (radians from +X) of a compass point: "east" 0, "north" π/2 …"""
    key = direction.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in COMPASS:
        raise InputError(f"unknown direction {direction!r}; use one of {', '.join(COMPASS)}")
    return math.radians(COMPASS[key])


def terrain_height(boxes, point: np.ndarray) -> float:
    """Height of the highest surface under ``point`` (x, y): box tops, or the ground at 0."""
    from ..geometry import ray_first_hit

    top = 10000.0
    hit = ray_first_hit(boxes, np.array([point[0], point[1], top]), np.array([0.0, 0.0, -1.0]))
    return max(top - hit, 0.0) if math.isfinite(hit) else 0.0


@movement("handheld", ("hand held", "shaky", "documentary", "handycam"), "seeded, bounded shake",
          plan=(PlanName("handheld", ("handheld", "hand-held", "shaky", "shaky cam",
                                      "documentary style")),))
def handheld(world: World, spec: ShotSpec, seed: int = 0, amplitude: float = 0.02,
             angle_degrees: float = 0.6, frequency: float = 1.2) -> Camera:
    """A locked-off framing with hand-held drift: each position and rotation channel is a sum
    of four sinusoids with seeded random frequencies (around ``frequency`` Hz) and phases,
    scaled so its largest excursion is exactly ``amplitude`` metres / ``angle_degrees``."""
    p = opening(world, spec)
    n = len(spec.frame_list)
    rng = np.random.default_rng(seed)
    t = np.arange(n) / world.fps

    def wobble(bound: float) -> np.ndarray:
        out = np.zeros((n, 3))
        for ch in range(3):
            freqs = frequency * rng.uniform(0.3, 1.6, 4)
            phases = rng.uniform(0.0, 2 * math.pi, 4)
            weights = rng.uniform(0.5, 1.0, 4) / np.arange(1, 5)
            sig = (weights[None] * np.sin(2 * math.pi * freqs[None] * t[:, None] + phases)).sum(1)
            peak = np.abs(sig).max()
            out[:, ch] = sig / peak * bound if peak > 0 else 0.0
        return out

    eyes = p.eye + wobble(amplitude)
    eulers = np.asarray(p.euler) + wobble(math.radians(angle_degrees))
    return finish(spec, eyes, eulers, world=world)


@movement("whip_pan", ("whip pan", "swish pan", "flash pan", "whip"), "very fast pan",
          tracks_subject=False,
          plan=(PlanName("whip_pan", ("whip pan", "whip-pan", "whip pans", "swish pan",
                                      "flash pan")),))
def whip_pan(world: World, spec: ShotSpec, degrees: float = 90.0, start: int | None = None,
             duration: int = 6) -> Camera:
    """Hold on the subject, then whip ``degrees`` (counter-clockwise) in ``duration`` frames
    starting at ``start`` (default: two thirds into the shot), then hold."""
    f0, f1 = spec.frames
    start = f0 + (2 * (f1 - f0)) // 3 if start is None else start
    if duration < 1 or not f0 <= start <= f1:
        raise InputError(f"whip_pan: start {start} must lie in {f0}..{f1}, duration >= 1")
    p = opening(world, spec)
    n = len(spec.frame_list)
    frames = np.array(spec.frame_list, float)
    s = ease((frames - start) / duration)
    eulers = _hold(spec, p.euler, n)
    eulers[:, 2] = p.euler[2] + s * math.radians(degrees)
    return finish(spec, _hold(spec, p.eye, n), eulers, world=world)

