"""Named set elements and props in the shots (issue 15): compose the subject *and* what the
director named.

The camera skill composes a shot's subject; which side it films from (the azimuth) and how high
it looks (the angle) are free where the plan does not fix them, and its defaults can leave a
named thing out of every shot — the fireplaces on the wall behind the camera, the court below a
camera pitched at the players. Here, after the shots are framed, each named thing is looked for
in what the cameras see (the supervisor's box render, `LabelScene`, the same visibility rule as
the fidelity scorer); when some are in no shot, each shot in turn (widest first) is framed
again from other sides and angles — the same move, size and subject — and a wide shot, the one
that shows the place, also one size wider (`WIDER`; the note says so), and a medium shot at
full when the thing lies at the subject's feet (`underfoot`: the ring's canvas, a stage, a
pallet) or, over the shoulder, on the floor between the two (`between`: the table). Drafts
(the shot's camera turned round what it looks at, or raised round it) rank the sides fast; the
best few are made
by the camera provider as the shot is (occlusion solved, kept in the room) and seen again, and
one is kept when it shows more of what the director named (a plan object weighs more than a
part of the set) and each member of its subject as often (or in 80 % of the frames), a group of
the cast it showed counting as a named thing it must not lose (`cast_of`). What no
framing of the plan's moves can show is said (a note naming it; the supervisor's
``element_not_in_shot``), never dropped in silence. A thing in frame but hidden in the box render
is not framed again for (its box may hide what the model's open frame shows).

Named things: the plan's objects (each group), and the procedural set's parts by semantic
class (the ring's canvas, a court, the church, a window), not its floor, ground or walls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from previz.skills.raster import rasterize
from previz.world import Camera, World
from previz.world.evaluate import WorldState, transform_matrix
from previz.world.proxy import SEE_THROUGH
from previz.world.tracks import sample

from .fidelity.measures import (
    ENCLOSURE_CLASSES,
    GROUND_CLASSES,
    CameraPath,
    group_of,
    move_holds,
)
from .fidelity.visibility import MIN_PIXELS, MIN_SHARE
from .interfaces import CameraRequest

#: Other sides tried, as turns (radians) from the side the camera skill chose, nearest first
#: (ties: counter-clockwise first), then the same sides looking down (the ``high`` angle).
TURNS = (math.pi / 2, -math.pi / 2, math.pi)
ANGLES = ("eye_level", "high")
DEFAULT_AZIMUTH = 0.3  # the camera skill's side when the plan does not say
FRAMES = 8  # frames sampled per shot
WIDTH = 160  # pixels across the label render (the fidelity scorer's segmentation width)
SURE = 2.0  # a framing shows a thing only with this many times the visible pixels (a ball is
#: smaller than its box: what the box render barely sees the rendered mesh may not)
HIGH = math.radians(30.0)  # how much higher round the subject a ``high`` draft stands
WALL = 0.2  # metres a draft keeps from an indoor set's walls and ceiling
VERIFY = 3  # best drafts made in full (occlusion solved) and checked again
#: A reframing keeps each member of the subject in as many sampled frames as the shot did, or
#: in this share of them (the supervisor's subject_rarely_visible threshold).
KEEP_SUBJECT = 0.8
#: Set classes that are the place itself, not a thing named in it.
PLACE_CLASSES = (*GROUND_CLASSES, *ENCLOSURE_CLASSES, "ceiling", "plaza", "paving", "lawn",
                 "run-off", "run_off", "apron", "ring_platform", "stage_floor", "shop_floor",
                 "interior_wall", "facade", *SEE_THROUGH)  # glass: seen through, never framed


@dataclass(frozen=True)
class Named:
    """A thing the director named: its key (plan group id, or ``set:<class>``), words for a
    note, its entity ids and its weight (a plan object 1, a part of the set `SET_WEIGHT`: the
    set's door counts less than the piano the director asked for)."""

    key: str
    what: str
    ids: tuple[str, ...]
    weight: float = 1.0


SET_WEIGHT = 0.5


def named_things(world: World, groups: dict[str, tuple[str, list[str]]]) -> list[Named]:
    """The named things of a World: ``groups`` (plan group id → (category, entity ids)) and the
    set parts by class (not its place classes), in a stable order."""
    out = [Named(g, cat.replace("_", " "), tuple(ids)) for g, (cat, ids) in sorted(groups.items())
           if ids]
    by_class: dict[str, list[str]] = {}
    for e in world.entities:
        if e.kind == "set" and e.semantic_class not in PLACE_CLASSES \
                and e.id not in ("room", "ground"):
            by_class.setdefault(e.semantic_class, []).append(e.id)
    taken = {c for _, (c, _) in groups.items()}
    out += [Named(f"set:{c}", c.replace("_", " "), tuple(ids), SET_WEIGHT)
            for c, ids in sorted(by_class.items()) if c not in taken]
    return out


def cast_of(world: World) -> list[Named]:
    """The characters and animals of a World as things a reframing keeps: one per group (ids
    ``pigeons-1``, ``pigeons-2`` … are the ``pigeons``), weight 1, keyed ``cast:<group>``."""
    groups: dict[str, list[str]] = {}
    for e in world.entities:
        if e.kind in ("character", "animal"):
            groups.setdefault(group_of(e.id), []).append(e.id)
    return [Named(f"cast:{g}", g.replace("-", " "), tuple(ids))
            for g, ids in sorted(groups.items())]


class ShotView:
    """The label render of one shot's sampled frames through any candidate camera: the
    World's entities at those frames are evaluated once; each camera costs only the raster."""

    def __init__(self, world: World, frames: Sequence[int], resolution: tuple[int, int]) -> None:
        from .supervisor.framing import LabelScene

        self.frames = list(frames)
        self.width = WIDTH
        self.height = max(1, round(WIDTH * resolution[1] / resolution[0]))
        self.ids = [e.id for e in world.entities]
        scene = LabelScene(world, moving=self._moving(world))
        self._tris: list[tuple[np.ndarray, np.ndarray]] = []
        for f in self.frames:
            state: WorldState = world.evaluate(f)
            self._tris.append(scene.triangles(state))
        self.least = max(MIN_PIXELS, int(MIN_SHARE * self.width * self.height))

    @staticmethod
    def _moving(world: World) -> set[str]:
        from previz.world import Curve

        return {e.id for e in world.entities
                if any(isinstance(v, Curve) for ch in (e.transform.location, e.transform.rotation,
                                                       e.transform.scale) for v in ch)}

    def counts(self, camera: Camera) -> np.ndarray:
        """Pixels per entity (frames × entities, in World order) seen through ``camera``."""
        out = np.zeros((len(self.frames), len(self.ids)), np.int64)
        flip = np.diag([1.0, -1.0, -1.0, 1.0])
        for k, f in enumerate(self.frames):
            tris, labels = self._tris[k]
            if len(tris) == 0:
                continue
            m = transform_matrix(camera.transform, f)
            fx = sample(camera.focal_length, f) / camera.sensor_width * self.width
            K = np.array([[fx, 0.0, self.width / 2.0], [0.0, fx, self.height / 2.0],
                          [0.0, 0.0, 1.0]])
            img = rasterize(tris, np.zeros_like(tris), labels, K, flip @ np.linalg.inv(m),
                            self.width, self.height, camera.clip_start, camera.clip_end).label
            out[k] = np.bincount(img.ravel(), minlength=len(self.ids) + 1)[1:]
        return out

    def framed(self, camera: Camera, things: Sequence[Named]) -> set[str]:
        """Keys of the ``things`` with a member in the frame, hidden or not (each rendered
        alone): a thing behind a box proxy (a goal's net, a pavilion's open sides) is framed,
        one the camera is aimed away from is not."""
        col = {i: k + 1 for k, i in enumerate(self.ids)}
        out: set[str] = set()
        for k, f in enumerate(self.frames):
            tris, labels = self._tris[k]
            todo = [t for t in things if t.key not in out]
            if not todo or len(tris) == 0:
                continue
            m = transform_matrix(camera.transform, f)
            fx = sample(camera.focal_length, f) / camera.sensor_width * self.width
            K = np.array([[fx, 0.0, self.width / 2.0], [0.0, fx, self.height / 2.0],
                          [0.0, 0.0, 1.0]])
            w2c = np.diag([1.0, -1.0, -1.0, 1.0]) @ np.linalg.inv(m)
            for t in todo:
                mask = np.isin(labels, [col[i] for i in t.ids if i in col])
                if not mask.any():
                    continue
                img = rasterize(tris[mask], np.zeros_like(tris[mask]), labels[mask], K, w2c,
                                self.width, self.height, camera.clip_start,
                                camera.clip_end).label
                if int((img > 0).sum()) >= self.least:
                    out.add(t.key)
        return out

    def seen(self, counts: np.ndarray, things: Sequence[Named], sure: float = 1.0) -> set[str]:
        """Keys of the ``things`` with a member visible (``sure`` times the visible pixels) in
        some sampled frame."""
        col = {i: k for k, i in enumerate(self.ids)}
        least = sure * self.least
        return {t.key for t in things
                if any(int(counts[:, col[i]].max()) >= least for i in t.ids if i in col)}

    def margin(self, counts: np.ndarray, things: Sequence[Named], keys: set[str]) -> int:
        """The fewest pixels (most in a sampled frame, of its best member) of the ``things``
        keyed in ``keys``: of two framings that show as much, the one that shows each thing
        more surely (a stand of 16 pixels, 2 over the threshold, is barely there)."""
        col = {i: k for k, i in enumerate(self.ids)}
        px = [max((int(counts[:, col[i]].max()) for i in t.ids if i in col), default=0)
              for t in things if t.key in keys]
        return min(px, default=0)

    def subject_share(self, counts: np.ndarray, subject: Sequence[str]) -> np.ndarray:
        """Per member of ``subject`` (in World order): the share of sampled frames it is
        visible in."""
        col = [k for k, i in enumerate(self.ids) if i in set(subject)]
        return (counts[:, col] >= self.least).mean(axis=0)


@dataclass
class Composed:
    cameras: list[Camera]
    notes: list[str]  # shots framed again and what for, then each named thing in no shot
    #: per shot id: the (azimuth, angle) kept where it differs from the camera skill's default
    reframed: dict[str, tuple[float, str]]
    missing: list[Named]
    #: per shot id: the wider shot size it was framed at, where it was widened (`WIDER`)
    widened: dict[str, str] = field(default_factory=dict)


def compose_named(world: World, requests: list[CameraRequest], cameras: list[Camera],
                  things: list[Named], make: Callable[[CameraRequest, str], Camera],
                  notes: list[str], since: int = 0) -> Composed:
    """Reframe shots so that every named thing is in some shot where the plan's moves allow.

    ``world`` is the draft World (entities, relations; no cameras); ``requests`` and ``cameras``
    the shots' camera requests and the cameras made for them; ``make`` makes a camera for a
    request (the camera provider), appending its notes to ``notes`` (that provider's note
    list, which this trims, from index ``since``, to the notes of the framings kept). Shots are
    tried widest first, by shot size."""
    cameras = list(cameras)
    if not things or not requests:
        return Composed(cameras, [], {}, [])
    views = [ShotView(world, _frames(r), r.resolution) for r in requests]
    counts = [v.counts(c) for v, c in zip(views, cameras, strict=True)]
    seen_by = [v.seen(n, things) for v, n in zip(views, counts, strict=True)]
    framed_by = [v.framed(c, things) for v, c in zip(views, cameras, strict=True)]
    # Missing: in no shot's frame at all (the camera aimed elsewhere). A thing in frame but
    # hidden in the box render is not framed again for: its proxy box may hide what the
    # model's open frame shows (a ball behind a goal's net).
    missing = {t.key for t in things} - set().union(*seen_by) - set().union(*framed_by)
    named = things
    if missing:
        # The cast counts too, as a thing a reframing must not lose (never framed again for):
        # the square's orbit turned to show a café chair lost the three pigeons.
        things = [*things, *cast_of(world)]
        seen_by = [v.seen(n, things) for v, n in zip(views, counts, strict=True)]
        framed_by = [v.framed(c, things) for v, c in zip(views, cameras, strict=True)]
    reframed: dict[str, tuple[float, str]] = {}
    widened: dict[str, str] = {}
    said: list[str] = []
    if missing:
        for k in sorted(range(len(requests)), key=lambda k: _breadth(requests[k])):
            if not missing:
                break
            req, view = requests[k], views[k]
            if req.world is None:
                continue
            subject = list(req.subject_ids)
            base_share = view.subject_share(counts[k], subject)
            others = set().union(*(s | framed_by[j] for j, s in enumerate(seen_by) if j != k))
            had = seen_by[k] | framed_by[k]
            lost = [t for t in things if t.key in missing]
            feet = underfoot(world, view.frames, subject, lost)
            across = between(world, view.frames, subject, lost) \
                if req.movement == "over_the_shoulder" else set()
            floor = feet | across
            drafts = []  # the shot's camera turned round its subject and raised: fast to see
            for order, (turn, angle, size) in enumerate(
                    _candidates(req.size, held=_held_height(req))):
                cam = turned(cameras[k], view.frames, turn, angle == "high", req,
                             back=_back(req.size, size))
                score = _score(view, cam, subject, base_share, things, had, others, missing)
                if score is not None and score[3] > 0 and _size_kept(
                        req.size, size, score[2], things, others, missing, floor):
                    # adds something (at a wider size: what `_size_kept` allows): worth making
                    drafts.append((-score[0], order, DEFAULT_AZIMUTH + turn, angle, size))
            best = None
            tries = [d[2:] for d in sorted(drafts)[:VERIFY]]
            if floor and req.size in FLOOR_WIDER:
                # A draft turned and pushed back keeps the shot's pitch (a medium at chest
                # height looks up, over the floor): the wider framings are made in full.
                # (an over-the-shoulder is framed from its shoulder, whatever the side: once)
                tries += [x for x in _floor_tries(req)[:1 if req.movement == "over_the_shoulder"
                                                        else None] if x not in tries]
            for azimuth, angle, size in tries:
                # The best drafts made as the shot is made (occlusion solved) and seen again.
                got = _try(make, replace(req, azimuth=azimuth, angle=angle, size=size),
                           cameras[k].id, notes)
                if got is None:
                    continue
                if not _move_kept(req.movement, cameras[k], got[0], view.frames):
                    continue
                score = _score(view, got[0], subject, base_share, things, had, others,
                               missing)
                if score is None or score[0] <= 0 or not _size_kept(
                        req.size, size, score[2], things, others, missing, floor):
                    continue
                rank = (score[0], view.margin(score[1], things, score[2] & missing))
                if best is None or rank > best[0]:
                    best = (rank, got[0], score[1], score[2], got[1], azimuth, angle, size)
            if best is None:
                continue
            _, cam, n, seen, new_notes, azimuth, angle, size = best
            mine = (f"{req.shot_id}:", f"{req.shot_id} beat ")
            notes[since:] = [x for x in notes[since:] if not x.startswith(mine)] + new_notes
            cameras[k], counts[k], seen_by[k] = cam, n, seen
            framed_by[k] = view.framed(cam, things)
            reframed[req.shot_id] = (azimuth, angle)
            if size != req.size:
                widened[req.shot_id] = size
            shown = sorted(t.what for t in things if t.key in (seen & missing))
            wider = "" if size == req.size else \
                f" and wider ({size.replace('_', ' ')}, asked {req.size.replace('_', ' ')}" + \
                (", to take in what is at the subject's feet)" if seen & (feet - others)
                 else ", to take in what lies between the two)" if seen & (across - others)
                 else ")")
            said.append(f"{req.shot_id}: framed again, from {math.degrees(azimuth):.0f}° round "
                         f"the subject at {angle.replace('_', ' ')}{wider}, to show the "
                         f"{', '.join(shown)}")
            missing -= seen
    gone = [t for t in named if t.key in missing]
    out_notes = [f"the {t.what} ({', '.join(t.ids[:3])}{' …' if len(t.ids) > 3 else ''}) is in "
                 "no shot: no framing of the planned moves shows it" for t in gone]
    return Composed(cameras, said + out_notes, reframed, gone, widened)


def _adds_object(seen: set[str], things: Sequence[Named], others: set[str],
                 missing: set[str]) -> bool:
    """Whether what a framing sees adds a missing plan object (weight 1), not only parts of
    the set: a wide shot is widened for the café tables the director named, not for the
    room's door (a boardroom's wide went to a 12 mm lens to show its door)."""
    return any(t.weight >= 1.0 and t.key in (seen - others) & missing for t in things)


def _size_kept(asked: str, size: str, seen: set[str], things: Sequence[Named],
               others: set[str], missing: set[str], floor: set[str]) -> bool:
    """Whether a framing at ``size`` (the shot asked ``asked``) may be kept for what it
    ``seen``: at the size asked, always; a wide shot one size wider (`WIDER`) for a missing
    plan object; a medium shot at full (`FLOOR_WIDER`) only for a missing thing at the
    subject's feet or between the two of an over-the-shoulder (``floor``) — not for a chair
    elsewhere."""
    if size == asked:
        return True
    if size == WIDER.get(asked) and _adds_object(seen, things, others, missing):
        return True
    return size == FLOOR_WIDER.get(asked) and bool(seen & (floor - others))


def _try(make: Callable[[CameraRequest, str], Camera], req: CameraRequest, cam_id: str,
         notes: list[str]) -> tuple[Camera, list[str]] | None:
    """``make``'s camera for ``req`` and the notes it added (taken off ``notes``); None when
    the camera skill refuses the framing."""
    start = len(notes)
    try:
        cam = make(req, cam_id)
    except (ValueError, KeyError):
        del notes[start:]
        return None
    added = notes[start:]
    del notes[start:]
    return cam, added


#: Moves named for the camera's own path alone (no subject needed to measure them), which a
#: reframing from another side can undo: a truck turned 107° round a boat rode behind it,
#: looking along its heading — a follow, 0.0 m sideways.
PATH_MOVES = ("truck",)


def _path(cam: Camera, frames: Sequence[int]) -> CameraPath:
    """The camera's eye, forward and focal length at ``frames``, as the scorer measures them."""
    mats = [transform_matrix(cam.transform, f) for f in frames]
    return CameraPath(list(frames), np.array([m_[:3, 3] for m_ in mats]),
                      np.array([-m_[:3, 2] for m_ in mats]),
                      np.array([float(sample(cam.focal_length, f)) for f in frames]), None, None)


def _move_kept(movement: str, before: Camera, after: Camera, frames: Sequence[int]) -> bool:
    """Whether a reframed camera still performs the planned move its shot's camera performed
    (`measures.move_holds`, the scorer's and the supervisor's rule): a reframing may turn a
    shot round its subject, never into another move."""
    if movement not in PATH_MOVES or len(frames) < 2:
        return True
    if not move_holds(_path(before, frames), movement).ok:
        return True  # nothing to keep
    return move_holds(_path(after, frames), movement).ok


def _score(view: ShotView, cam: Camera, subject: list[str], base_share: np.ndarray,
           things: Sequence[Named], had: set[str], others: set[str], missing: set[str]
           ) -> tuple[float, np.ndarray, set[str], float] | None:
    """How much better ``cam`` shows the named things: the missing ones it adds less the ones
    only this shot showed that it loses (with its pixel counts and what it sees); None when it
    shows a member of the subject less often than the shot did; last, the gain alone. A thing
    it adds must be seen `SURE`-ly; one the shot showed counts as kept at the plain threshold
    (or in frame)."""
    n = view.counts(cam)
    if np.any(view.subject_share(n, subject) < np.minimum(base_share, KEEP_SUBJECT) - 1e-9):
        return None  # every member of the subject (each jogger, not just the benches) kept
    seen = view.seen(n, things, SURE) | (view.seen(n, things) & had)
    kept = seen | (view.framed(cam, [t for t in things if t.key in had - seen]))
    w = {t.key: t.weight for t in things}
    gain = sum(w[x] for x in (seen - others) & missing)
    lost = sum(w[x] for x in (had - kept) - others)
    return gain - lost, n, seen, gain


def _frames(req: CameraRequest) -> list[int]:
    a, b = req.frames
    n = b - a + 1
    if n <= FRAMES:
        return list(range(a, b + 1))
    return sorted({round(float(f)) for f in np.linspace(a, b, FRAMES)})


SIZES = ("extreme_wide", "wide", "full", "medium", "close_up", "extreme_close_up")


def _breadth(req: CameraRequest) -> tuple[int, str]:
    """Widest first: by shot size, then shot id."""
    rank = SIZES.index(req.size) if req.size in SIZES else len(SIZES)
    return rank, req.shot_id


#: A wide shot may be framed one size wider to show a plan object the director named there
#: (the café tables at the square's side, the fireplaces down the hall; not a part of the set
#: alone, `_adds_object`): a wide shot is the one that shows the place. Closer shots keep
#: their size: it is the director's framing of a person.
WIDER = {"wide": "extreme_wide"}


#: A shot whose subject stands on or by a named thing no framing at its size shows (the ring's
#: canvas, a stage, a mat, the track under a sprinter, a pallet), or an over-the-shoulder across
#: a table no shot shows (`between`), may be framed one size wider, down to the feet: a medium
#: shot ends at the waist, above what is at the subject's feet.
FLOOR_WIDER = {"medium": "full"}
#: How far (m) a subject's bottom may be above the top of the thing it stands on.
ON_TOP = 0.1
#: A thing at a subject's feet: its top at most this high (m) over the subject's bottom (a
#: pallet, a mat, a step; not a table)...
LOW = 0.5
#: ... and at most this far (m) from the subject's box across the floor.
NEAR = 0.5


def _candidates(size: str, held: bool = False) -> list[tuple[float, str, str]]:
    """(turn from the skill's side, angle, shot size) to try, in order: every other side at
    eye level, then every side (the skill's own first) looking down — not when the plan holds
    the camera's height (chest height: the camera skill keeps it, so a ``high`` angle frames
    the same); for a wide shot then the same at the next wider size (`WIDER`), the skill's own
    side first."""
    sides = [(t, "eye_level") for t in TURNS]
    if not held:
        sides += [(t, "high") for t in (0.0, *TURNS)]
    out = [(t, a, size) for t, a in sides]
    if size in WIDER:
        out += [(t, a, WIDER[size]) for t, a in [(0.0, "eye_level"), *sides]]
    return out


#: The most a thing between the two of an over-the-shoulder may rise (m): a table, a desk, a
#: counter — not a wall or a wardrobe.
BETWEEN_TOP = 1.2
#: How far apart (m) the two of an over-the-shoulder may be.
BETWEEN_REACH = 4.0


def between(world: World, frames: Sequence[int], subject: Sequence[str],
            things: Sequence[Named]) -> set[str]:
    """Keys of the low ``things`` (top at most `BETWEEN_TOP`) across the floor between a member
    of ``subject`` and another character within `BETWEEN_REACH` at some of ``frames``: the
    table an over-the-shoulder looks across (a medium over the shoulder ends above it)."""
    people = [e.id for e in world.entities
              if e.kind in ("character", "animal") and e.id not in set(subject)]
    steps = np.linspace(0.0, 1.0, 21)[:, None]

    def test(box_of: BoxOf) -> Callable[[np.ndarray, np.ndarray], bool]:
        boxes = {i: b for i in (*subject, *people) if (b := box_of(i)) is not None}
        mid = {i: (lo[:2] + hi[:2]) / 2.0 for i, (lo, hi) in boxes.items()}
        pairs = [(mid[a], mid[b]) for a in subject for b in people if a in mid and b in mid]
        lines = [a + steps * (b - a) for a, b in pairs
                 if float(np.linalg.norm(b - a)) <= BETWEEN_REACH]
        return lambda lo, hi: hi[2] <= BETWEEN_TOP and any(
            bool(np.any(np.all((pts >= lo[:2]) & (pts <= hi[:2]), axis=1))) for pts in lines)

    return _found_at(world, frames, things, test)


#: A frame's boxes: the axis-aligned (lo, hi) of an entity there, None when it has none.
BoxOf = Callable[[str], "tuple[np.ndarray, np.ndarray] | None"]


def _found_at(world: World, frames: Sequence[int], things: Sequence[Named],
              test: Callable[[BoxOf], Callable[[np.ndarray, np.ndarray], bool]]) -> set[str]:
    """Keys of the ``things`` one of whose boxes passes, at some of ``frames``, the test that
    ``test`` makes for that frame from its boxes (`between`, `underfoot`)."""
    from previz.skills.geometry import entity_box
    from previz.world.proxy import DEFAULT_SIZES

    sizes = {e.id: e.asset.size or DEFAULT_SIZES[e.kind] for e in world.entities}
    out: set[str] = set()
    for f in frames:
        state = world.evaluate(f)

        def box_of(i: str, state: WorldState = state) -> tuple[np.ndarray, np.ndarray] | None:
            if i not in state.entities or i not in sizes:
                return None
            return entity_box(state.entities[i].matrix, sizes[i]).aabb()

        passes = test(box_of)
        for t in things:
            if t.key not in out and any((b := box_of(i)) is not None and passes(*b)
                                        for i in t.ids):
                out.add(t.key)
    return out


def _floor_tries(req: CameraRequest) -> list[tuple[float, str, str]]:
    """(azimuth, angle, size) of the framings made for a subject standing on a named thing no
    shot shows: `FLOOR_WIDER`'s size at eye level, from the skill's side, then the others."""
    return [(DEFAULT_AZIMUTH + t, "eye_level", FLOOR_WIDER[req.size]) for t in (0.0, *TURNS)]


def _held_height(req: CameraRequest) -> bool:
    """Whether the plan holds the camera at a height (the camera skill keeps it)."""
    return any(req.params.get(k) is not None for k in ("height", "start_height"))


def underfoot(world: World, frames: Sequence[int], subject: Sequence[str],
              things: Sequence[Named]) -> set[str]:
    """Keys of the ``things`` at the feet of a member of ``subject`` at some of ``frames``: one
    of the thing's boxes with its top from `ON_TOP` below the member's bottom to `LOW` above it,
    within `NEAR` of the member's box across the floor — what it stands on (the boxer on the
    ring's canvas, the sprinter on the track) or by (the pallet the worker lifts a box off)."""

    def test(box_of: BoxOf) -> Callable[[np.ndarray, np.ndarray], bool]:
        feet = [b for i in subject if (b := box_of(i)) is not None]
        return lambda lo, hi: any(
            -ON_TOP <= hi[2] - a[2] <= LOW and float(np.linalg.norm(np.maximum(
                0.0, np.maximum(lo[:2] - b[:2], a[:2] - hi[:2])))) <= NEAR
            for a, b in feet)

    return _found_at(world, frames, things, test)


def _back(size: str, wider: str) -> float:
    """How much further back a draft of ``wider`` stands than one of ``size``: the ratio of
    the frame heights the two sizes give the subject (`previz.skills.camera.shots`), at the
    same focal length."""
    if wider == size:
        return 1.0
    from previz.skills.camera.shots import shot_size

    from .adapters import SHOT_CODES

    a, b = shot_size(SHOT_CODES[size]), shot_size(SHOT_CODES[wider])
    return (a.bottom - a.top) / (b.bottom - b.top)


def turned(camera: Camera, frames: Sequence[int], turn: float, high: bool,
           req: CameraRequest, back: float = 1.0) -> Camera:
    """A draft of the shot framed from another side: ``camera`` at ``frames`` turned by
    ``turn`` (radians, counter-clockwise seen from above) round what it looks at (its focus
    point each frame), with ``high`` raised `HIGH` higher round it, looking down on it, and
    ``back`` times as far from it (a wider size at the same lens); kept inside an indoor
    set's walls and under its ceiling. What the camera skill would do
    from there, fast enough to compare many sides; the kept side is made by the skill."""
    from previz.skills.camera.track import camera_track
    from previz.world.transforms import look_at_euler

    eyes, eulers, focals, focus = [], [], [], []
    c, s = math.cos(turn), math.sin(turn)
    rz = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    x0, y0, x1, y1 = req.bounds
    for f in frames:
        m = transform_matrix(camera.transform, f)
        eye = m[:3, 3]
        fd = max(float(sample(camera.focus_distance, f)), 0.5)
        pivot = eye - fd * m[:3, 2]
        off = back * (rz @ (eye - pivot))
        if high:
            flat = math.hypot(off[0], off[1])
            elev = min(math.atan2(off[2], max(flat, 1e-6)) + HIGH, math.radians(80.0))
            r = float(np.linalg.norm(off))
            d = off[:2] / max(flat, 1e-6)
            off = np.array([d[0] * r * math.cos(elev), d[1] * r * math.cos(elev),
                            r * math.sin(elev)])
        new = pivot + off
        if req.height is not None:  # indoors: inside the walls, under the ceiling
            new = np.array([min(max(new[0], x0 + WALL), x1 - WALL),
                            min(max(new[1], y0 + WALL), y1 - WALL),
                            min(max(new[2], 0.3), req.height - WALL)])
        eyes.append(new)
        if float(np.linalg.norm(pivot - new)) < 0.1:  # clamped onto it: look on, level
            pivot = new + np.array([-m[0, 2], -m[1, 2], 0.0])
        eulers.append(look_at_euler(new, pivot))
        focals.append(float(sample(camera.focal_length, f)))
        focus.append(float(np.linalg.norm(pivot - new)))
    return camera_track(camera.id, list(frames), np.array(eyes), np.array(eulers),
                        np.array(focals), np.array(focus), sensor_width=camera.sensor_width)
