"""Defining properties of actions, camera moves and light, measured on the evaluated World.

One function per property, each a plain function over a `World` and a few frames, shared by
the benchmark's scorer (`score.py`) and the supervisor (`previz.agents.supervisor.fidelity`),
so "the sprint covered the path" means the same thing to both. Nothing here reads the plan:
a property holds when the evaluated scene shows it.

A measure returns a `Measured`: whether the property holds, the measured value (for the
report), and the first frame it holds (``onset``), which orders beats ("walks in, then sits").

Conventions: metres, degrees in the values reported, +Z up, compass north = +Y, east = +X.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from previz.skills.lighting.place import irradiance_from
from previz.world import World
from previz.world.color import kelvin_to_rgb
from previz.world.tracks import sample as sample_param
from previz.world.tracks import sample3
from previz.world.transforms import compose

HUMANOID_ARMS = ("left_shoulder", "left_elbow", "left_wrist", "right_shoulder", "right_elbow",
                 "right_wrist", "neck", "head")
HANDS = ("left_wrist", "right_wrist")
SEAT_CLASSES = ("chair", "armchair", "sofa", "bench", "stool", "bed", "seat", "couch",
                "throne", "pew", "car_seat", "saddle", "swing")
WATER_CLASSES = ("water", "pond", "lake", "river", "sea", "ocean", "pool", "swimming_pool")
GROUND_CLASSES = ("ground", "floor", "terrain", "grass", "hill", "dune", "mountain", "field",
                  "road", "sidewalk", "court", "pitch", "sand", "beach")
ENCLOSURE_CLASSES = ("wall", "room")
#: Lights near a prop of these classes (or attached to one) are practicals.
PRACTICAL_CLASSES = ("lamp", "street_lamp", "candle", "lantern", "sign", "neon_sign", "tv",
                     "screen", "fireplace", "torch", "chandelier", "desk_lamp", "bulb",
                     "window", "headlight", "car", "taxi", "bus", "monitor", "floodlight",
                     "spotlight", "pendant_lamp", "floor_lamp", "table_lamp", "lamp_post")


@dataclass(frozen=True)
class Measured:
    ok: bool
    value: float | None = None
    onset: int | None = None
    detail: str = ""

    def to_json(self) -> dict:
        return {"ok": self.ok, "value": None if self.value is None else round(self.value, 4),
                "onset": self.onset, "detail": self.detail}


# Frames and states ---------------------------------------------------------------------------

class States:
    """`World.evaluate` at frames, cached: every measure of one World shares the evaluations."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._cache: dict[int, object] = {}
        self._entities = {e.id: e for e in world.entities}

    def entity(self, eid: str):  # type: ignore[no-untyped-def]
        """The World's entity ``eid`` (a dict look-up: measures ask for it on every frame)."""
        return self._entities[eid]

    def at(self, frame: int):  # type: ignore[no-untyped-def]
        s = self._cache.get(frame)
        if s is None:
            s = self._cache[frame] = self.world.evaluate(frame)
        return s


def scene_range(world: World) -> tuple[int, int]:
    """First and last frame of the World's shots (the whole scene)."""
    if not world.shots:
        return 1, 1
    return (min(s.frame_start for s in world.shots), max(s.frame_end for s in world.shots))


def sample(start: int, end: int, n: int = 24) -> list[int]:
    """At most ``n`` frames spread evenly over ``start``..``end``, both ends included."""
    if end <= start:
        return [start]
    count = min(n, end - start + 1)
    return sorted({round(x) for x in np.linspace(start, end, count)})


def scene_seconds(world: World) -> float:
    a, b = scene_range(world)
    return (b - a + 1) / world.fps if world.shots else 0.0


def matching(world: World, categories: Iterable[str], kinds: Sequence[str] | None = None
             ) -> list[str]:
    """Ids of entities whose semantic class is one of ``categories`` (and kind in ``kinds``)."""
    names = set(categories)
    return [e.id for e in world.entities
            if e.semantic_class in names and (kinds is None or e.kind in kinds)]


def _size(states: States, eid: str) -> tuple[float, float, float] | None:
    e = states.entity(eid)
    return None if e.asset.size is None else tuple(e.asset.size)  # type: ignore[return-value]


def box_bounds(world: World, states: States, eid: str, frame: int) -> tuple[np.ndarray, np.ndarray]:
    """World-axis bounds (lo, hi) of an entity's asset box at ``frame``."""
    size = _size(states, eid) or (0.0, 0.0, 0.0)
    m = states.at(frame).entities[eid].matrix
    w, d, h = size
    corners = np.array([[x, y, z, 1.0] for x in (-w / 2, w / 2) for y in (-d / 2, d / 2)
                        for z in (0.0, h)])
    pts = (m @ corners.T).T[:, :3]
    return pts.min(axis=0), pts.max(axis=0)


def _contacts(states: States, eid: str) -> tuple[str, ...]:
    e = states.entity(eid)
    if e.skeleton is None:
        return ()
    from previz.skills.skeletons import TEMPLATES

    tmpl = TEMPLATES.get(e.skeleton.template or "")
    names = [j.name for j in e.skeleton.joints]
    if tmpl is not None:
        return tuple(c for c in tmpl.contacts if c in names)
    return tuple(n for n in names if "foot" in n or "ankle" in n)


def _lowest(world: World, states: States, eid: str, frame: int) -> float:
    """Height of the lowest contact joint (feet), or the box bottom without a skeleton."""
    contacts = _contacts(states, eid)
    st = states.at(frame).entities[eid]
    if contacts:
        return float(min(st.joints[c][2, 3] for c in contacts))
    return float(box_bounds(world, states, eid, frame)[0][2])


def group_of(entity_id: str) -> str:
    """The plan group an entity id belongs to: ``pigeons`` for ``pigeons-2`` (the solver names
    a plan group's instances ``<group>-N``), else the id itself."""
    head, _, tail = entity_id.rpartition("-")
    return head if head and tail.isdigit() else entity_id


def _root_xy(states: States, eid: str, frame: int) -> np.ndarray:
    """Ground position of the pelvis (the entity's origin without one). A pelvis that is the
    skeleton's root is posed alone: a crowd's hundred roots at every sampled frame would
    otherwise pose every joint of every body."""
    st = states.at(frame).entities[eid]
    skel = states.entity(eid).skeleton
    root = skel.joints[0] if skel is not None and skel.joints else None
    if root is not None and root.name == "pelvis" and root.parent is None:
        local = compose(np.add(root.offset, sample3(root.location, frame)),
                        sample3(root.rotation, frame))
        return (st.matrix @ local)[:2, 3].copy()
    if "pelvis" in st.joints:
        return st.joints["pelvis"][:2, 3].copy()
    return st.matrix[:2, 3].copy()


# Actions ---------------------------------------------------------------------------------------

def travels(world: World, states: States, eid: str, frames: Sequence[int], min_distance: float,
            min_speed: float | None = None) -> Measured:
    """The root covers at least ``min_distance`` m of path over ``frames`` (and, when
    ``min_speed`` is given, the fastest second averages at least that speed)."""
    pts = np.array([_root_xy(states, eid, f) for f in frames])
    steps = np.linalg.norm(np.diff(pts, axis=0), axis=1) if len(pts) > 1 else np.zeros(0)
    total = float(steps.sum())
    moved = np.flatnonzero(np.linalg.norm(pts - pts[0], axis=1) > 0.2)
    onset = int(frames[moved[0]]) if moved.size else None
    # Within 10 µm, the rounding of stored and baked coordinates (a World holds 32-bit
    # values: about 2 µm at 20 m; a 40 m gallop measured 39.999999999 m).
    ok = total >= min_distance - 1e-5
    detail = f"covers {total:.2f} m"
    if min_speed is not None and len(frames) > 1:
        dt = (frames[-1] - frames[0]) / world.fps / max(len(frames) - 1, 1)
        speed = float(steps.max() / dt) if dt > 0 and steps.size else 0.0
        ok = ok and speed >= min_speed
        detail += f", top speed {speed:.1f} m/s"
    return Measured(ok, total, onset, detail)


def airborne(world: World, states: States, eid: str, frames: Sequence[int],
             min_height: float) -> Measured:
    """Every contact (both feet) leaves its lowest height by at least ``min_height`` m."""
    lows = np.array([_lowest(world, states, eid, f) for f in frames])
    base = float(lows.min())
    rise = lows - base
    up = np.flatnonzero(rise >= min_height)
    return Measured(bool(up.size), float(rise.max()), int(frames[up[0]]) if up.size else None,
                    f"feet rise {rise.max():.2f} m")


def crown_above_head(world: World, eid: str) -> float:
    """Metres from the head joint up to the crown in the rest pose: the entity's height (its
    asset's size) less the head joint's rest height along its chain; 0 when either is unknown.
    The head joint is the skull's base (0.9 of a mannequin's height), so a 2 m giant's head
    joint stands at 1.80 m while his head reaches 2 m."""
    ent = next((e for e in world.entities if e.id == eid), None)
    if ent is None or ent.skeleton is None or ent.asset.size is None:
        return 0.0
    joints = {j.name: j for j in ent.skeleton.joints}
    if "head" not in joints:
        return 0.0
    z, name = 0.0, "head"
    while name is not None:
        j = joints[name]
        z += float(j.offset[2])
        name = j.parent
    return max(0.0, float(ent.asset.size[2]) - z)


def reaches(world: World, states: States, eid: str, frames: Sequence[int], joint: str | None,
            min_height: float) -> Measured:
    """A joint (default: the higher wrist) reaches ``min_height`` m above z = 0; for the head,
    the crown (`crown_above_head` above the head joint, along the head)."""
    st0 = states.at(frames[0]).entities[eid]
    names = [joint] if joint else [j for j in HANDS if j in st0.joints]
    if not names or any(n not in st0.joints for n in names):
        top = [float(box_bounds(world, states, eid, f)[1][2]) for f in frames]
    elif names == ["head"]:
        up = np.array([0.0, 0.0, crown_above_head(world, eid), 1.0])
        top = [float((states.at(f).entities[eid].joints["head"] @ up)[2]) for f in frames]
    else:
        top = [max(float(states.at(f).entities[eid].joints[n][2, 3]) for n in names)
               for f in frames]
    arr = np.array(top)
    hit = np.flatnonzero(arr >= min_height)
    return Measured(bool(hit.size), float(arr.max()), int(frames[hit[0]]) if hit.size else None,
                    f"reaches {arr.max():.2f} m")


def _inside_xy(p: np.ndarray, lo: np.ndarray, hi: np.ndarray, margin: float = 0.0) -> bool:
    return bool(lo[0] - margin <= p[0] <= hi[0] + margin and lo[1] - margin <= p[1] <= hi[1]
                + margin)


def ends_on(world: World, states: States, eid: str, frames: Sequence[int],
            targets: Sequence[str]) -> Measured:
    """At the last frame every contact stands on the top of one of ``targets`` (within 8 cm
    of its top and inside its outline)."""
    last = frames[-1]
    contacts = _contacts(states, eid)
    st = states.at(last).entities[eid]
    feet = [st.joints[c][:3, 3] for c in contacts] if contacts else [st.matrix[:3, 3]]
    for t in targets:
        lo, hi = box_bounds(world, states, t, last)
        low = min(float(p[2]) for p in feet)
        if all(_inside_xy(p, lo, hi, 0.05) for p in feet) and abs(low - hi[2]) <= 0.15:
            onset = next((f for f in frames if _on_top(world, states, eid, f, lo, hi)), last)
            return Measured(True, low - float(hi[2]), int(onset), f"on {t}")
    return Measured(False, None, None, "ends on none of " + (", ".join(targets) or "nothing"))


def _on_top(world: World, states: States, eid: str, frame: int, lo: np.ndarray,
            hi: np.ndarray) -> bool:
    st = states.at(frame).entities[eid]
    contacts = _contacts(states, eid)
    feet = [st.joints[c][:3, 3] for c in contacts] if contacts else [st.matrix[:3, 3]]
    return all(_inside_xy(p, lo, hi, 0.05) for p in feet) and \
        abs(min(float(p[2]) for p in feet) - hi[2]) <= 0.15


def seated(world: World, states: States, eid: str, frames: Sequence[int],
           targets: Sequence[str]) -> Measured:
    """In some frame the pelvis is over one of ``targets`` (a seat) and within 0.05–0.35 m above
    its top: sitting on it, not squatting beside it or hovering over it."""
    for f in frames:
        st = states.at(f).entities[eid]
        pelvis = st.joints.get("pelvis")
        if pelvis is None:
            continue
        p = pelvis[:3, 3]
        for t in targets:
            lo, hi = box_bounds(world, states, t, f)
            seat_top = _seat_height(states, t, lo, hi)
            if _inside_xy(p, lo, hi, 0.05) and 0.0 <= p[2] - seat_top <= 0.35:
                return Measured(True, float(p[2] - seat_top), int(f), f"sits on {t}")
    return Measured(False, None, None, "on no seat (" + (", ".join(targets) or "none") + ")")


def _seat_height(states: States, seat: str, lo: np.ndarray, hi: np.ndarray) -> float:
    """The sitting surface: a chair's or sofa's seat is about half its height (its back rises
    above), a swing's hangs 0.45 m up in its frame (the frame's top is no seat), a bench,
    stool or bed is its top."""
    cls = states.entity(seat).semantic_class
    full = float(hi[2] - lo[2])
    if cls in ("chair", "armchair", "sofa", "couch", "throne", "car_seat"):
        return float(lo[2]) + min(0.5, 0.55 * full)
    if cls == "swing":
        return float(lo[2]) + min(0.45, full)
    return float(hi[2])


def _local_rotations(states: States, eid: str, frame: int, names: Sequence[str]
                     ) -> dict[str, np.ndarray]:
    st = states.at(frame).entities[eid]
    return {n: st.joints[n][:3, :3] for n in names if n in st.joints}


def moves_joints(world: World, states: States, eid: str, frames: Sequence[int],
                 joints: Sequence[str], min_angle_deg: float) -> Measured:
    """One of ``joints`` (default: arms and head) turns by at least ``min_angle_deg`` relative
    to the body (the pelvis, or the entity) within ``frames``: a gesture, not the idle pose."""
    names = list(joints) or list(HUMANOID_ARMS)
    e = states.entity(eid)
    if e.skeleton is None:
        return Measured(False, 0.0, None, "no skeleton")
    have = {j.name for j in e.skeleton.joints}
    names = [n for n in names if n in have] or [j.name for j in e.skeleton.joints[1:]]

    def rel(frame: int) -> dict[str, np.ndarray]:
        st = states.at(frame).entities[eid]
        base = st.joints.get("pelvis", st.matrix)[:3, :3]
        # The pelvis itself turns relative to the entity (a fall: upright to lying); relative
        # to itself it would never turn at all.
        return {n: (st.matrix[:3, :3] if n == "pelvis" else base).T @ st.joints[n][:3, :3]
                for n in names}

    # A gesture is played in place: when the character also travels (arms swing in a walk),
    # only the frames where it stands still count, if there are enough of them.
    pts = np.array([_root_xy(states, eid, f) for f in frames])
    dt = np.diff(np.asarray(frames, float)) / world.fps
    speed = np.linalg.norm(np.diff(pts, axis=0), axis=1) / np.maximum(dt, 1e-9)
    still = [frames[0]] + [f for f, v in zip(frames[1:], speed, strict=True) if v < 0.3]
    if len(still) >= max(3, len(frames) // 4):
        frames = still
    first = rel(frames[0])
    best, onset = 0.0, None
    for f in frames[1:]:
        cur = rel(f)
        for n in names:
            c = (np.trace(first[n].T @ cur[n]) - 1.0) / 2.0
            ang = math.degrees(math.acos(max(-1.0, min(1.0, float(c)))))
            if ang > best:
                best = ang
            if onset is None and ang >= min_angle_deg:
                onset = int(f)
    return Measured(best >= min_angle_deg, best, onset, f"joints turn up to {best:.0f}°")


def toward(world: World, states: States, eids: Sequence[str], frames: Sequence[int],
           targets: Sequence[str], min_distance: float) -> Measured:
    """Every member of ``eids`` ends at least ``min_distance`` m nearer to the nearest of
    ``targets`` than it started (without targets: moves at least that far)."""
    worst = math.inf
    onset = None
    for eid in eids:
        a, b = _root_xy(states, eid, frames[0]), _root_xy(states, eid, frames[-1])
        if targets:
            def dist(p: np.ndarray, f: int) -> float:
                return min(float(np.linalg.norm(p - states.at(f).entities[t].matrix[:2, 3]))
                           for t in targets)
            gain = dist(a, frames[0]) - dist(b, frames[-1])
        else:
            gain = float(np.linalg.norm(b - a))
        worst = min(worst, gain)
        m = travels(world, states, eid, frames, 0.0)
        if m.onset is not None:
            onset = m.onset if onset is None else min(onset, m.onset)
    if not eids:
        return Measured(False, None, None, "no members")
    return Measured(worst >= min_distance, worst, onset,
                    f"every member gains at least {worst:.2f} m")


def in_water(world: World, states: States, eid: str, frames: Sequence[int]) -> Measured:
    """In most frames the entity's centre is inside a water volume: over its outline, below its
    surface and above its bottom (a fish buried in the ground under a pond is not in it)."""
    water = matching(world, WATER_CLASSES)
    if not water:
        return Measured(False, 0.0, None, "no water in the set")
    inside = 0
    onset = None
    for f in frames:
        lo, hi = box_bounds(world, states, eid, f)
        c = (lo + hi) / 2
        for w in water:
            wlo, whi = box_bounds(world, states, w, f)
            surface = float(whi[2])
            if _inside_xy(c, wlo, whi) and float(wlo[2]) - 0.02 <= c[2] <= surface + 0.02 \
                    and hi[2] <= surface + 0.3:
                inside += 1
                onset = onset if onset is not None else int(f)
                break
    share = inside / len(frames)
    return Measured(share >= 0.75, share, onset, f"in water {share:.0%} of frames")


def in_air(world: World, states: States, eid: str, frames: Sequence[int],
           min_height: float) -> Measured:
    """Above the ground by at least ``min_height`` m in at least half of the frames."""
    up = [f for f in frames if box_bounds(world, states, eid, f)[0][2] >= min_height]
    share = len(up) / len(frames)
    return Measured(share >= 0.5, share, up[0] if up else None, f"airborne {share:.0%} of frames")


def holds(world: World, states: States, eid: str, frames: Sequence[int],
          targets: Sequence[str]) -> Measured:
    """In some frame a hand (wrist) is within 0.15 m of one of ``targets``' box."""
    for f in frames:
        st = states.at(f).entities[eid]
        hands = [st.joints[h][:3, 3] for h in HANDS if h in st.joints]
        for t in targets:
            lo, hi = box_bounds(world, states, t, f)
            for p in hands:
                gap = float(np.linalg.norm(np.maximum(np.maximum(lo - p, p - hi), 0.0)))
                if gap <= 0.15:
                    return Measured(True, gap, int(f), f"holds {t}")
    return Measured(False, None, None, "no hand near " + (", ".join(targets) or "nothing"))


# Camera ------------------------------------------------------------------------------------------

def _forward(m: np.ndarray) -> np.ndarray:
    return -m[:3, 2]


def angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    c = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


@dataclass(frozen=True)
class CameraPath:
    """A shot's camera over its frames: positions, forward vectors and focal lengths, and the
    subject centre per frame (the centre of the subject boxes)."""

    frames: list[int]
    eye: np.ndarray  # (N, 3)
    forward: np.ndarray  # (N, 3)
    focal: np.ndarray  # (N,)
    subject: np.ndarray | None  # (N, 3) or None
    heading: np.ndarray | None  # (N, 2) subject heading (unit), or None when it does not move

    def sweep_deg(self) -> float:
        """Total angle the camera travels around the subject (unwrapped azimuth)."""
        if self.subject is None:
            return 0.0
        d = self.eye[:, :2] - self.subject[:, :2]
        az = np.unwrap(np.arctan2(d[:, 1], d[:, 0]))
        return float(math.degrees(abs(az[-1] - az[0])))

    def distance(self) -> np.ndarray:
        if self.subject is None:
            return np.zeros(len(self.frames))
        return np.linalg.norm(self.eye - self.subject, axis=1)

    def travel(self) -> float:
        return float(np.linalg.norm(np.diff(self.eye, axis=0), axis=1).sum()) \
            if len(self.frames) > 1 else 0.0

    def turn_deg(self) -> float:
        return max((angle_deg(self.forward[0], f) for f in self.forward), default=0.0)

    def focal_change(self) -> float:
        f0 = float(self.focal[0])
        return float(abs(self.focal[-1] - f0) / f0) if f0 > 0 else 0.0

    def is_static(self) -> bool:
        return self.travel() < 0.02 and self.turn_deg() < 0.5 and self.focal_change() < 0.01


def camera_path(world: World, states: States, shot_id: str, subject_ids: Sequence[str],
                n: int = 24) -> CameraPath:
    shot = world.shot(shot_id)
    frames = sample(shot.frame_start, shot.frame_end, n)
    eye, fwd, focal, subj, root = [], [], [], [], []
    for f in frames:
        st = states.at(f)
        cam = st.cameras[shot.camera]
        eye.append(cam.matrix[:3, 3])
        fwd.append(_forward(cam.matrix))
        focal.append(cam.focal_length)
        if subject_ids:
            boxes = [box_bounds(world, states, s, f) for s in subject_ids]
            lo = np.min([b[0] for b in boxes], axis=0)
            hi = np.max([b[1] for b in boxes], axis=0)
            subj.append((lo + hi) / 2)
            root.append(np.mean([_root_xy(states, s, f) for s in subject_ids], axis=0))
    heading = None
    if subject_ids and len(frames) > 1:
        r = np.array(root)
        v = np.gradient(r, axis=0)
        norm = np.linalg.norm(v, axis=1)
        if float(norm.max()) > 1e-3:
            heading = v / np.maximum(norm, 1e-9)[:, None]
            heading[norm < 1e-3] = np.nan
    return CameraPath(frames, np.array(eye), np.array(fwd), np.array(focal),
                      np.array(subj) if subject_ids else None, heading)


def shot_subjects(world: World, shot_id: str) -> list[str]:
    """The entities a shot is about: what its camera is ``facing`` (as the agents record it);
    without that, the characters and animals."""
    shot = world.shot(shot_id)
    facing = [r.target for r in world.relations
              if r.type == "facing" and r.subject == shot.camera and r.target is not None]
    ents = {e.id for e in world.entities}
    facing = [t for t in facing if t in ents]
    if facing:
        return facing
    return [e.id for e in world.entities if e.kind in ("character", "animal")]


#: What an orbit's measured sweep may fall short of the asked angle by: the float rounding of an
#: azimuth unwrapped from 24 samples (a planned 360° measures 359.9999999°), not a tolerance.
SWEEP_ROUNDING_DEG = 1e-3


def move_holds(path: CameraPath, move: str, *, min_sweep_deg: float = 60.0,
               min_turn_deg: float = 20.0, start_height: float | None = None,
               end_height: float | None = None) -> Measured:
    """Whether the camera path performs ``move`` (see `CameraExpect` for each rule)."""
    travel, turn, zoom = path.travel(), path.turn_deg(), path.focal_change()
    dist = path.distance()
    z = path.eye[:, 2]
    if move == "static":
        return Measured(path.is_static(), travel, None,
                        f"moves {travel:.2f} m, turns {turn:.1f}°, zoom {zoom:.0%}")
    if move == "moving":
        return Measured(not path.is_static(), travel, None, f"moves {travel:.2f} m")
    if move in ("orbit", "arc", "bullet_time"):
        sweep = path.sweep_deg()
        # A full turn sampled at its ends measures 360° give or take float rounding (1e-7°)
        ok = sweep >= min_sweep_deg - SWEEP_ROUNDING_DEG
        return Measured(ok, sweep, None, f"sweeps {sweep:.0f}°")
    if move in ("dolly_in", "dolly_out"):
        if path.subject is None or dist[0] <= 0:
            return Measured(False, None, None, "no subject")
        change = float((dist[-1] - dist[0]) / dist[0])
        ok = change <= -0.2 if move == "dolly_in" else change >= 0.2
        return Measured(ok, change, None, f"distance to subject changes {change:+.0%}")
    if move in ("follow", "lead"):
        if path.subject is None or path.heading is None:
            return Measured(False, None, None, "the subject does not move")
        rel = path.eye[:, :2] - path.subject[:, :2]
        h = path.heading
        valid = ~np.isnan(h[:, 0])
        if not valid.any():
            return Measured(False, None, None, "the subject does not move")
        dots = np.einsum("ij,ij->i", rel[valid], h[valid]) / np.maximum(
            np.linalg.norm(rel[valid], axis=1), 1e-9)
        share = float(np.mean(dots < -0.3)) if move == "follow" else float(np.mean(dots > 0.3))
        ok = share >= 0.7 and travel > 0.5
        side = "behind" if move == "follow" else "ahead of"
        return Measured(ok, share, None, f"{side} the subject {share:.0%} of frames, "
                        f"camera travels {travel:.1f} m")
    if move in ("drone_flyover", "crane", "pedestal"):
        ok = not path.is_static()
        parts = [f"height {z[0]:.1f} → {z[-1]:.1f} m"]
        if start_height is not None:
            ok = ok and abs(z[0] - start_height) <= 0.25 * max(abs(start_height), 1.0)
        if end_height is not None:
            ok = ok and abs(z[-1] - end_height) <= 0.25 * max(abs(end_height), 1.0)
        if start_height is None and end_height is None and move != "drone_flyover":
            ok = ok and abs(z[-1] - z[0]) >= 0.5
        if move == "drone_flyover" and start_height is None and end_height is None:
            ok = ok and float(z.min()) >= 5.0 and travel >= 5.0
        return Measured(bool(ok), float(z[-1] - z[0]), None, ", ".join(parts))
    if move in ("pan", "tilt", "whip_pan"):
        axis = 2 if move != "tilt" else None
        if axis is not None:
            az = np.unwrap(np.arctan2(path.forward[:, 1], path.forward[:, 0]))
            amount = math.degrees(abs(az[-1] - az[0]))
        else:
            el = np.degrees(np.arcsin(np.clip(path.forward[:, 2], -1, 1)))
            amount = float(abs(el[-1] - el[0]))
        return Measured(amount >= min_turn_deg, amount, None, f"turns {amount:.0f}°")
    if move in ("zoom", "dolly_zoom"):
        ok = zoom >= 0.25 and (move == "zoom" or travel >= 0.3)
        return Measured(ok, zoom, None, f"focal length changes {zoom:.0%}, travel {travel:.1f} m")
    if move == "truck":
        lateral = 0.0
        if len(path.frames) > 1:
            d = path.eye[-1] - path.eye[0]
            right = np.cross(path.forward[0], np.array([0.0, 0.0, 1.0]))
            lateral = float(abs(d @ right) / (np.linalg.norm(right) + 1e-9))
        return Measured(lateral >= 0.5, lateral, None, f"moves sideways {lateral:.1f} m")
    if move == "handheld":
        ok = travel > 0.0 and not path.is_static()
        return Measured(ok, travel, None, f"moves {travel:.2f} m")
    return Measured(False, None, None, f"unknown move {move}")


# Light ---------------------------------------------------------------------------------------

def _illuminance(light, point: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    """W/m² at ``point`` facing the light, by the lighting skill's own photometry
    (`skills.lighting.place.irradiance_from`): an area light counts its size, as the lighting
    agent did when it set the power — metering it otherwise (a bare 2πd²) halved every soft key
    and crowned a weaker point light the key."""
    if light.type == "sun":
        return float(light.power)
    d = max(float(np.linalg.norm(light.matrix[:3, 3] - point)), 1e-3)
    size = float(light.size) if light.type == "area" else 0.0
    return irradiance_from(light.type, float(light.power), d, size)


def direction_to_light(light, point: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    if light.type == "sun":
        return light.matrix[:3, 2] / np.linalg.norm(light.matrix[:3, 2])  # opposite its beam
    v = light.matrix[:3, 3] - point
    return v / (np.linalg.norm(v) + 1e-12)


def key_light(world: World, states: States, point: np.ndarray, frame: int):  # type: ignore[no-untyped-def]
    """The light that brightens ``point`` most (illuminance, inverse square), and the share of
    the total it gives."""
    lights = list(states.at(frame).lights.values())
    if not lights:
        return None, 0.0
    values = [(_illuminance(li, point), li.id) for li in lights]
    values.sort(key=lambda v: (-v[0], v[1]))
    total = sum(v for v, _ in values) or 1.0
    key = states.at(frame).lights[values[0][1]]
    return key, values[0][0] / total


def compass(direction: np.ndarray, camera_forward: np.ndarray | None = None) -> list[str]:
    """Words that describe where a light comes from: "above" (elevation over 60°), a compass
    point, and relative to a camera looking along ``camera_forward``: front/behind/left/right."""
    out = []
    el = math.degrees(math.asin(max(-1.0, min(1.0, float(direction[2])))))
    if el >= 60:
        out.append("above")
    h = direction[:2]
    if float(np.linalg.norm(h)) > 1e-6 and el < 80:
        az = math.degrees(math.atan2(h[1], h[0]))  # 0 = east, 90 = north
        out.append({0: "east", 1: "north", 2: "west", 3: "south"}[int(((az + 45) % 360) // 90)])
        if camera_forward is not None:
            f = camera_forward[:2] / (np.linalg.norm(camera_forward[:2]) + 1e-12)
            right = np.array([f[1], -f[0]])
            hh = h / np.linalg.norm(h)
            # A light "in front" lights the subject's front: it stands behind the camera.
            fb, lr = float(hh @ -f), float(hh @ right)
            if abs(fb) >= abs(lr):
                out.append("front" if fb > 0 else "behind")
            else:
                out.append("right" if lr > 0 else "left")
    return out


@lru_cache(maxsize=1)
def _kelvin_table() -> tuple[np.ndarray, np.ndarray]:
    ks = np.arange(1000.0, 12001.0, 50.0)
    rgb = np.array([kelvin_to_rgb(k) for k in ks])
    rgb = rgb / rgb.max(axis=1, keepdims=True)
    return ks, rgb


def kelvin_of(world: World, light_id: str, color: tuple[float, float, float], frame: int
              ) -> float | None:
    """A light's colour temperature: its own when set, else the black body nearest its colour
    (None for a colour no black body has, like a saturated neon green)."""
    light = next(li for li in world.lights if li.id == light_id)
    if light.temperature is not None:
        return float(sample_param(light.temperature, frame))
    c = np.array(color, float)
    if c.max() <= 0:
        return None
    c = c / c.max()
    ks, rgb = _kelvin_table()
    err = np.linalg.norm(rgb - c, axis=1)
    i = int(np.argmin(err))
    return float(ks[i]) if err[i] < 0.12 else None


def subject_point(world: World, states: States, shot_id: str, frame: int) -> np.ndarray:
    """The centre of a shot's subjects at ``frame`` (the origin when it has none): where the
    key light is judged from."""
    subj = shot_subjects(world, shot_id)
    if not subj:
        return np.zeros(3)
    bounds = [box_bounds(world, states, s, frame) for s in subj]
    return (np.min([b[0] for b in bounds], axis=0) + np.max([b[1] for b in bounds], axis=0)) / 2


def practical_lights(world: World, states: States, frame: int, props: Sequence[str]) -> int:
    """How many lights (not suns) stand at one of ``props`` — attached to it, or within 0.6 m
    of its box: lamps, candles, signs lit in the set."""
    st = states.at(frame)
    attached = {r.subject: r.target for r in world.relations if r.type == "attached_to"}
    n = 0
    for li in world.lights:
        if li.type == "sun":
            continue
        if attached.get(li.id) in props:
            n += 1
            continue
        p = st.lights[li.id].matrix[:3, 3]
        for pid in props:
            lo, hi = box_bounds(world, states, pid, frame)
            if float(np.linalg.norm(np.maximum(np.maximum(lo - p, p - hi), 0.0))) <= 0.6:
                n += 1
                break
    return n

