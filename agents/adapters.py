"""Adapters from the agents' narrow interfaces to the asset index and the skills packages.

Each adapter answers one `previz.agents.interfaces` question with another package's function
and falls back to the built-in default where that package cannot answer (no matching asset, a
group subject the camera skill cannot frame, a skill error); every fallback is written to
``adapter.notes`` so a report can say what was used. `skill_providers()` gathers them.

Wired here (stable, importable at the time of writing):
- `IndexAssets` → `previz.asset_index` (`AssetIndex.search` + `to_asset_ref`);
- `SkillsCamera` → `previz.skills.camera.vocabulary.camera_for`;
- `SkillsLighting` → `previz.skills.lighting.lights_for` with `parse_mood`;
- skeletons already come from `previz.skills.skeletons.make_skeleton` (`TemplateSkeletons`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from previz.skills.vocabulary import terms
from previz.world import AssetRef, Camera, Environment, Light, Relation

from .interfaces import (
    CameraRequest,
    KeyLight,
    LightingRequest,
    Providers,
    StaticFramingCamera,
    TemplateSkeletons,
    WhiteBoxAssets,
)

# Plan vocabulary → the skills that execute it, as the skills declare it
# (`previz.skills.vocabulary`): shot size → camera size code; movement → (camera skill movement,
# its parameters), every movement of the skills; mood → lighting look.
SHOT_CODES: dict[str, str] = {t.name: t.executes for t in terms("shot_size")}
MOVES: dict[str, tuple[str, dict[str, Any]]] = {
    t.name: (t.executes, dict(t.params)) for t in terms("movement")}
# Movements that frame the place rather than one subject: without one they fly the setting.
SCENE_MOVES = tuple(t.executes for t in terms("movement") if "scene" in t.tags)
MOOD_LOOKS: dict[str, str] = {t.name: t.executes for t in terms("mood")}


class IndexAssets:
    """The best asset of the category in an asset index, by style and size; a white-box of the
    asked size when the index has none of that category."""

    def __init__(self, index: Any) -> None:
        self.index = index
        self.notes: list[str] = []
        self._fallback = WhiteBoxAssets()

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        from previz.asset_index import to_asset_ref

        query = f"{style} {category.replace('_', ' ')}".strip()
        try:
            hits = self.index.search(query, k=1, size=tuple(size),
                                     category=category.replace("_", " "))
        except ValueError as exc:  # InputError included
            self.notes.append(f"asset search for {category!r} failed: {exc}")
            hits = []
        if not hits or hits[0].kind != "asset" or hits[0].size is None:
            self.notes.append(f"no {category!r} in the asset index: white-box")
            return self._fallback.select(category, style, size)
        return to_asset_ref(hits[0])


class SkillsCamera:
    """`camera_for` from the camera skills for any subject: one entity, a group (two boxers, a
    formation, a person and a prop: framed as their union), or a body part (the hands: its
    joints); with the plan's move parameters, lens, camera body and end framing. Indoors the
    move is adapted to the room (wider lens, then clamped inside), never replaced. The built-in
    static framing is used only for a static shot of a subject on the move and when the skill
    refuses the shot — and then the note says so (the supervisor reports the move)."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._fallback = StaticFramingCamera()
        # Shot id -> (shot frame, scene frame) keys: the time remap a move asks of its shot
        # (bullet time freezes the action), for the World's `Shot.time_map`.
        self.time_maps: dict[str, list[tuple[float, float]]] = {}

    def camera(self, request: CameraRequest, camera_id: str) -> Camera:
        if request.beats and request.world is not None:
            return self._beats(request, camera_id)
        movement, params = MOVES.get(request.movement, ("static", {}))
        ids = list(request.subject_ids)
        if request.world is not None and not ids and movement in SCENE_MOVES:
            ids = [e.id for e in request.world.entities if e.kind == "set"][:1]
        if request.world is None or not ids:
            return self._fallback.camera(request, camera_id)
        still: dict[str, Any] = {}
        if movement == "static" and _travel(request) > STATIC_TRAVEL \
                and request.subject_part is None and not request.params \
                and request.lens_mm is None and request.camera_body is None:
            from previz.skills.camera.still import WHOLE_ACTION, still_on_moving
            from previz.skills.camera.subject import Subject

            code = SHOT_CODES.get(request.size, "LS")
            if code in WHOLE_ACTION:
                # A locked-off wide of someone on the move frames the whole action, which the
                # built-in framing does (every corner of the subject over the shot in frame).
                self.notes.append(f"{request.shot_id}: static shot of a moving subject: "
                                  "framed on the whole action")
                return self._clear(request, self._whole_action(request, camera_id))
            # A medium or a close-up keeps its size: framed where the subject stays, or
            # panning with it from one place (`previz.skills.camera.still`), said.
            movement, still, note = still_on_moving(
                request.world, Subject(ids[0], group=tuple(ids[1:])), request.frames, code)
            self.notes.append(f"{request.shot_id}: {note}")
        from previz.skills.camera.vocabulary import camera_for

        subject, size = self._subject(request, ids)
        params = {**params, **still, **self._params(request, movement, ids[0]),
                  **request.params}
        end_size = request.end_size or default_end(request)
        if end_size is not None and movement in ("dolly", "zoom", "dolly_zoom"):
            for key in ("distance", "to_focal"):
                if key not in request.params:
                    params.pop(key, None)
        else:
            end_size = None
        if movement == "over_the_shoulder" and "over" not in params:
            self.notes.append(f"{request.shot_id}: no one to look over the shoulder of; "
                              "a static shot")
            movement, params = "static", {}
        x0, y0, x1, y1 = request.bounds
        room = (x0, y0, x1, y1, request.height) if request.height is not None else None
        adapted: list[str] = []
        azimuth = 0.3 if request.azimuth is None else request.azimuth
        through = _through_glass(request, ids[0])
        if through is not None:  # inside a shop: seen from the street through its window
            # A side asked for (a reframing) is kept while it still looks in through the glass
            # (within `GLASS_SIDE` of straight through it), never from among the tables.
            off = math.remainder(azimuth - through[0], math.tau)
            if request.azimuth is None or abs(off) > GLASS_SIDE:
                azimuth = through[0] + (max(-GLASS_SIDE, min(GLASS_SIDE, off))
                                        if request.azimuth is not None else 0.0)
            self.notes.append(f"{request.shot_id}: {ids[0]} is indoors behind glass: seen from "
                              f"outside through the window ({through[1]})")
        if movement == "truck" and "distance" not in request.params \
                and _travel(request) > TRUCK:
            # Tracking alongside a subject on the move (a rail beside the runner): the camera
            # travels with it, beside it, and the path is sideways to the lens (turned as far
            # from there as a side asked for is from the default one).
            side = _side_toward_the_set(request) if request.azimuth is None else math.pi / 2
            movement, azimuth = "follow", side + (azimuth - 0.3)
            params = {k: v for k, v in params.items() if k == "height"}
        # A camera body the skills do not know, or a lens it cannot take, is the user's to fix:
        # an InputError naming both (exit 2), never a fallback.
        sensor, focal = self._lens(request)
        try:
            camera = camera_for(size, movement, subject, request.frames, request.world,
                                camera_id=camera_id, resolution=request.resolution,
                                focal_length=focal, sensor_width=sensor, room=room,
                                end_size=SHOT_CODES.get(end_size) if end_size else None,
                                report=adapted, azimuth=azimuth,
                                angle_name=request.angle or "eye_level", **params)
        except (ValueError, KeyError) as exc:
            self.notes.append(f"{request.shot_id}: camera skill refused the {movement} "
                              f"({exc}); static framing")
            return self._clear(request, self._fallback.camera(request, camera_id))
        if through is not None:
            camera = self._short_of_glass(request, camera, through, movement, params,
                                          lambda p: camera_for(
                                              size, movement, subject, request.frames,
                                              request.world, camera_id=camera_id,
                                              resolution=request.resolution,
                                              focal_length=focal, sensor_width=sensor,
                                              room=room, end_size=SHOT_CODES.get(end_size)
                                              if end_size else None, report=[],
                                              azimuth=azimuth,
                                              angle_name=request.angle or "eye_level", **p))
        self.notes += [f"{request.shot_id}: {a}" for a in adapted]
        if movement == "bullet_time":
            from previz.skills.camera.movements import bullet_time_map

            self.time_maps[request.shot_id] = bullet_time_map(
                request.frames, params.get("sync_frame"), params.get("hold", 1.0),
                params.get("speed", 0.0))
        else:
            self.time_maps.pop(request.shot_id, None)
        return camera

    def _short_of_glass(self, request: CameraRequest, camera: Camera,
                        through: tuple[float, str], movement: str, params: dict,
                        remake: Any) -> Camera:
        """A camera filming through a window stays `GLASS_CLEAR` outside it (glass has no
        proxy box, so the clearance skills do not stop it): a dolly that would end at or past
        the pane is made again that much shorter; a framing that stands inside the glass is
        stepped back along its view, out to the street, the lens matched to the distance so the
        subject keeps its size. Both are said."""
        from previz.skills.geometry import entity_box

        assert request.world is not None
        state = request.world.evaluate(request.frames[0])
        pane = next(e for e in request.world.entities if e.id == through[1])
        box = entity_box(state.entities[pane.id].matrix, pane.asset.size)  # type: ignore[arg-type]
        n = max(1, len(request.subject_ids))
        target = np.mean([b.center for b in request.subject[:n]], axis=0)
        outward = box.axes[:, int(np.argmin(box.half))]
        if float(outward @ (box.center - target)) < 0:  # from the subject out to the street
            outward = -outward
        frames = range(request.frames[0], request.frames[1] + 1)

        def gaps(cam: Camera) -> list[float]:
            return [float((_eye(cam, f) - box.center) @ outward) for f in frames]

        gap = gaps(camera)
        if min(gap) >= GLASS_CLEAR - 1e-6:
            return camera
        if movement == "dolly" and float(params.get("distance", 0.0)) > 0 and \
                gap[0] >= GLASS_CLEAR:
            eyes = [_eye(camera, f) for f in (frames[0], frames[-1])]
            heading = float((eyes[0] - eyes[1]) @ outward) / max(
                1e-6, float(np.linalg.norm(eyes[0] - eyes[1])))
            short = max(0.0, float(params["distance"]) - (GLASS_CLEAR - min(gap)) /
                        max(heading, 1e-3))
            again = remake({**params, "distance": short})
            if min(gaps(again)) >= GLASS_CLEAR - 1e-3:
                self.notes.append(f"{request.shot_id}: the dolly stops {GLASS_CLEAR:g} m short "
                                  f"of the window glass: {short:.2f} m, not "
                                  f"{float(params['distance']):.2f} m")
                return again
        worst = int(np.argmin(gap))
        axis = target - _eye(camera, frames[0])  # back along the opening view, the whole move,
        axis[2] = 0.0  # level: the camera keeps its height
        axis /= max(1e-9, float(np.linalg.norm(axis)))
        along = -float(axis @ outward)  # how far out each metre back along the view goes
        if along < 0.2:  # looking along the glass from inside: out through it, turned to look
            # back in at the subject on every frame (the skill's framing stood in the shop)
            level = outward.copy()
            level[2] = 0.0
            level /= max(1e-9, float(np.linalg.norm(level)))
            out = _out_through_glass(camera, level, box.center, frames, _subject_track(request))
            self.notes.append(f"{request.shot_id}: the framing stood in the shop: the camera "
                              "stands as far from the subject straight out through the window, "
                              "on the street, looking in")
            return out
        shift = -axis * (GLASS_CLEAR - gap[worst]) / along
        stepped = _moved(camera, shift, target, frames)
        self.notes.append(f"{request.shot_id}: stepped back {float(np.linalg.norm(shift)):.2f} m "
                          "out of the shop, onto the street outside its window glass, lens "
                          "matched to the distance")
        return stepped

    def _beats(self, request: CameraRequest, camera_id: str) -> Camera:
        """Several moves in one shot: each beat its own camera move over its share of the
        frames (starting on the framing the beat before ended on), spliced into one camera.
        Where a beat's move starts away from where the one before ended (another subject,
        another framing), the difference is eased out over the beat, so the camera never
        jumps within the shot."""
        from dataclasses import replace

        from previz.skills.camera.track import camera_track, ease
        from previz.world.tracks import sample, sample3

        f0, f1 = request.frames
        n = f1 - f0 + 1
        shares = np.cumsum([b[2] for b in request.beats])
        edges = [f0] + [f0 + round(float(c) / float(shares[-1]) * n) for c in shares]
        size = request.size
        eyes, rots, focals, focus = [], [], [], []
        a = f0
        for k, (movement, params, _, end, ids) in enumerate(request.beats):
            last = k == len(request.beats) - 1
            b = f1 if last else min(f1, max(a, edges[k + 1] - 1))
            if a > f1:
                break
            sub = replace(request, movement=movement, params=dict(params), frames=(a, b),
                          size=size, end_size=end, beats=(),
                          subject_ids=tuple(ids) or request.subject_ids,
                          shot_id=f"{request.shot_id} beat {k + 1}")
            cam = self.camera(sub, camera_id)
            fs = range(a, b + 1)
            e = np.array([sample3(cam.transform.location, f) for f in fs])
            r = np.array([sample3(cam.transform.rotation, f) for f in fs])
            fl = np.array([sample(cam.focal_length, f) for f in fs])
            fd = np.array([sample(cam.focus_distance, f) for f in fs])
            if eyes:
                # Start where the last beat ended, easing into this beat's own path.
                fade = (1.0 - ease(np.linspace(0.0, 1.0, len(fs))))[:, None]
                de = eyes[-1][-1] - e[0]
                dr = np.remainder(rots[-1][-1] - r[0] + np.pi, 2 * np.pi) - np.pi
                e = e + fade * de
                r = r + fade * dr
                fl = fl + fade[:, 0] * (focals[-1][-1] - fl[0])
                fd = np.maximum(0.01, fd + fade[:, 0] * (focus[-1][-1] - fd[0]))
                if float(np.linalg.norm(de)) > 0.3:
                    self.notes.append(f"{request.shot_id}: beat {k + 1} ({movement}) eased in "
                                      f"from where beat {k} ended ({np.linalg.norm(de):.1f} m)")
            eyes.append(e)
            rots.append(r)
            focals.append(fl)
            focus.append(fd)
            size = end or size
            a = b + 1
        frames = list(range(f0, f0 + sum(len(e) for e in eyes)))
        return camera_track(camera_id, frames, np.concatenate(eyes), np.concatenate(rots),
                            np.concatenate(focals), np.concatenate(focus),
                            sensor_width=cam.sensor_width, fstop=sample(cam.fstop, f0))

    def _whole_action(self, request: CameraRequest, camera_id: str) -> Camera:
        """The built-in framing of the whole action. Outdoors it may back out of the set (a
        30 m ride along a 14 m street framed from 30 m beyond the shopfronts, the action a
        thin line): then it is framed from inside the set, under an `OUTDOOR_CEILING`, from
        behind the way the subject travels (the action leaves the camera), widening the lens
        or rising as a room would; the note says so."""
        camera = self._fallback.camera(request, camera_id)
        if request.height is not None or _inside_bounds(camera, request.bounds):
            return camera
        centres = np.array([b.center for b in request.subject])
        n = max(1, len(request.subject_ids))
        way = centres[-n:].mean(axis=0) - centres[:n].mean(axis=0)
        side = math.atan2(-way[1], -way[0]) + math.pi / 2  # the camera behind the travel
        from dataclasses import replace

        from .interfaces import DEFAULT_AZIMUTH

        inside = self._fallback.camera(replace(request, height=OUTDOOR_CEILING,
                                               azimuth=DEFAULT_AZIMUTH + side), camera_id)
        if not _inside_bounds(inside, request.bounds):
            self.notes.append(f"{request.shot_id}: the whole action fits in no view from "
                              "inside the set; framed from outside it")
            return camera
        self.notes.append(f"{request.shot_id}: the whole action framed from inside the set, "
                          "behind the way it goes (the view from its side stood outside the "
                          "set)")
        return inside

    def _clear(self, request: CameraRequest, camera: Camera) -> Camera:
        """The built-in framing's camera with its eye out of every set part and prop
        (`previz.skills.camera.clearance`, as the skill's own cameras): closer to the subject,
        or higher; the note says so."""
        from previz.skills.camera.clearance import clear_eye

        assert request.world is not None
        ids = list(request.subject_ids)
        ids += sorted({r.subject for r in request.world.relations
                       if r.type == "attached_to" and r.target in ids})  # what they carry
        centres = np.array([b.center for b in request.subject]) if request.subject else None
        pivot = centres.mean(axis=0) if centres is not None else camera_target(camera)
        frames = list(range(request.frames[0], request.frames[1] + 1))
        cleared = clear_eye(request.world, camera, frames, pivot, exclude=ids,
                            resolution=request.resolution)
        if cleared.note:
            self.notes.append(f"{request.shot_id}: {cleared.note}")
        return cleared.camera

    def _subject(self, request: CameraRequest, ids: list[str]) -> tuple[Any, str]:
        """The camera skill's subject and size code: a body part of the first subject (framed
        whole: its joints with the part's height round them), else the entity or group."""
        from previz.skills.camera.subject import Subject, part_subject

        code = SHOT_CODES.get(request.size, "LS")
        if request.subject_part is not None:
            assert request.world is not None
            part = part_subject(request.world, ids[0], request.subject_part)
            if part is not None:
                return part, "FS"
            self.notes.append(f"{request.shot_id}: {ids[0]} has no {request.subject_part!r} "
                              "to frame: the whole subject")
        return Subject(ids[0], group=tuple(ids[1:])), code

    @staticmethod
    def _lens(request: CameraRequest) -> tuple[float, float | None]:
        """Sensor width and focal length from the plan's camera body and lens (checked: a lens
        the body cannot take is refused, naming both)."""
        from previz.skills.camera.bodies import body, check_lens

        if request.camera_body is None:
            return 36.0, request.lens_mm
        try:
            b = body(request.camera_body)
            focal = check_lens(b, request.lens_mm) if request.lens_mm is not None else None
        except ValueError as exc:  # an InputError: the same kind, the shot named
            raise type(exc)(f"shot {request.shot_id}: {exc}") from None
        return b.sensor_width, focal

    @staticmethod
    def _params(request: CameraRequest, movement: str, subject: str) -> dict[str, Any]:
        """Parameters the plan does not carry but the setting decides."""
        world = request.world
        assert world is not None
        if movement == "over_the_shoulder":
            # The nearest other character or animal is the foreground shoulder.
            state = world.evaluate(request.frames[0])
            at = state.entities[subject].matrix[:3, 3]
            others = sorted((float(((state.entities[e.id].matrix[:3, 3] - at) ** 2).sum()), e.id)
                            for e in world.entities
                            if e.kind in ("character", "animal") and e.id != subject
                            and e.id not in request.subject_ids)
            return {"over": others[0][1]} if others else {}
        if movement == "drone_flyover" and request.height is not None:
            # Indoors the drone stays under the ceiling and inside the walls.
            x0, y0, x1, y1 = request.bounds
            seconds = max(1, request.frames[1] - request.frames[0]) / float(world.fps)
            return {"height": max(0.6, 0.8 * request.height - 1.0),
                    "speed": min(6.0, 0.6 * min(x1 - x0, y1 - y0) / seconds),
                    "look_ahead": 2.0}
        if movement == "truck":
            return {"distance": TRUCK}
        return {}


TRUCK = 2.0  # metres a truck travels when the plan does not say

# A dolly or zoom without a distance or end framing moves one shot size: in to the next closer
# size, out to the next wider (a metre on a wide shot is no visible push).
SIZE_ORDER = ("extreme_wide", "wide", "full", "medium", "close_up", "extreme_close_up")
STEP = {"dolly_in": 1, "zoom": 1, "dolly_out": -1}


def default_end(request: CameraRequest) -> str | None:
    """The framing a dolly or zoom of the plan ends on when the plan gives neither an end
    size nor a distance: one size closer (in, zoom) or wider (out)."""
    if request.movement not in STEP or request.size not in SIZE_ORDER:
        return None
    if {"distance", "to_focal"} & set(request.params):
        return None
    i = SIZE_ORDER.index(request.size) + STEP[request.movement]
    return SIZE_ORDER[min(max(i, 0), len(SIZE_ORDER) - 1)]


STATIC_TRAVEL = 0.3  # metres the subject may move in a static shot framed by the skill


def _travel(request: CameraRequest) -> float:
    """How far the subject's boxes (first, middle and last frame) are apart."""
    centres = [b.center for b in request.subject]
    if len(centres) < 2:
        return 0.0
    return max(float(((a - b) ** 2).sum()) ** 0.5 for a in centres for b in centres)


def _side_toward_the_set(request: CameraRequest) -> float:
    """Which side of a subject on the move a tracking camera rides (the follow's azimuth, +π/2
    its left): the side away from the set's middle, so the lens looks across the subject into
    the set. Three guests walking the south side of a dining table, tracked from their left,
    were filmed from the table's edge looking at the south wall: the candles, the fireplaces
    and the piano behind the camera. When the middle lies ahead or behind (within 0.25 m of
    the line of travel), the left, as before."""
    centres = np.array([b.center for b in request.subject])
    n = max(1, len(request.subject_ids))
    start, end = centres[:n].mean(axis=0), centres[-n:].mean(axis=0)
    way = end[:2] - start[:2]
    length = float(np.hypot(*way))
    if length < 1e-6:
        return math.pi / 2
    left = np.array([-way[1], way[0]]) / length
    x0, y0, x1, y1 = request.bounds
    middle = np.array([(x0 + x1) / 2, (y0 + y1) / 2]) - (start[:2] + end[:2]) / 2
    return -math.pi / 2 if float(middle @ left) > 0.25 else math.pi / 2


def _through_glass(request: CameraRequest, first: str) -> tuple[float, str] | None:
    """The azimuth that films a subject inside a shop from outside through its window, and the
    pane it looks through; None unless the World is outdoors with see-through panes
    (`previz.world.proxy.SEE_THROUGH`: a storefront set) and the subject stands under a set's
    ceiling at the shot's start. The camera stands beyond the pane nearest the subject, on its
    far side, so the café seen from the street is filmed from the street, not from among its
    tables (an interior set with no window to the street is the choice for that)."""
    from previz.skills.geometry import entity_box
    from previz.world.proxy import SEE_THROUGH

    world = request.world
    if world is None or request.height is not None or not request.subject:
        return None
    panes = [e for e in world.entities if e.kind == "set" and e.semantic_class in SEE_THROUGH
             and e.asset.size is not None]
    ceilings = [e for e in world.entities if e.kind == "set" and e.semantic_class == "ceiling"
                and e.asset.size is not None]
    if not panes or not ceilings or first not in {e.id for e in world.entities}:
        return None
    state = world.evaluate(request.frames[0])
    n = max(1, len(request.subject_ids))
    centre = np.mean([b.center for b in request.subject[:n]], axis=0)

    def under(e: Any) -> bool:
        lo, hi = entity_box(state.entities[e.id].matrix, e.asset.size).aabb()
        return bool(lo[0] <= centre[0] <= hi[0] and lo[1] <= centre[1] <= hi[1]
                    and hi[2] > centre[2])

    if not any(under(c) for c in ceilings):
        return None
    boxes = {e.id: entity_box(state.entities[e.id].matrix, e.asset.size) for e in panes}
    pane = min(sorted(boxes), key=lambda i: float(np.hypot(*(boxes[i].center - centre)[:2])))
    box = boxes[pane]
    normal = box.axes[:, int(np.argmin(box.half))].copy()
    normal[2] = 0.0
    size = float(np.hypot(normal[0], normal[1]))
    if size < 1e-6:  # a pane lying flat (a skylight): not a window to film through
        return None
    normal /= size
    if float(normal @ (box.center - centre)) < 0:
        normal = -normal
    m = state.entities[first].matrix
    fwd = -np.asarray(m[:3, 1], float)
    if float(np.hypot(fwd[0], fwd[1])) < 1e-6:
        fwd = np.array([0.0, -1.0, 0.0])
    az = math.atan2(normal[1], normal[0]) - math.atan2(fwd[1], fwd[0])
    return math.atan2(math.sin(az), math.cos(az)), pane


GLASS_CLEAR = 0.3  # metres a camera filming through a window keeps outside its glass
EYE_LEVEL_MAX = 1.8  # metres: a camera moved out through a window stands at most this high
GLASS_SIDE = math.radians(60.0)  # farthest a camera looking in through a window turns aside


def _eye(camera: Camera, frame: int) -> np.ndarray:
    from previz.world.tracks import sample3

    return np.array(sample3(camera.transform.location, frame), float)


def _out_through_glass(camera: Camera, level: np.ndarray, pane: np.ndarray, frames: range,
                       aim: Any) -> Camera:
    """The camera moved, frame by frame, to as far from the subject (``aim``: frame → point) as
    it was, but straight out from it through the window (``level``: the pane's outward normal,
    horizontal), at least `GLASS_CLEAR` outside the pane, at its own height, turned to look at
    the subject; the lens lengthened where it had to stand farther."""
    from previz.world.tracks import Curve, Keyframe, sample
    from previz.world.transforms import look_at_euler

    plan = []
    for f in frames:
        eye, at = _eye(camera, f), np.asarray(aim(f), float)
        # Through the pane's middle, not straight out (a mullion may stand there).
        way = (pane - at)[:2]
        way = way / max(1e-9, float(np.hypot(*way)))
        if float(way @ level[:2]) < 0.5:  # never more than 60° off the glass's normal
            way = level[:2]
        far = float(np.hypot(*(eye - at)[:2]))
        need = (float((pane - at)[:2] @ level[:2]) + GLASS_CLEAR) / float(way @ level[:2])
        plan.append((eye, at, way, far, need))
    # Every frame as much farther out (a push in still pushes in), the lens matched to the
    # opening framing's new distance.
    extra = max(0.0, max(need - far for _, _, _, far, need in plan))
    zoom = (plan[0][3] + extra) / max(plan[0][3], 1e-6)
    eyes, eulers, focals = [], [], []
    for f, (eye, at, way, far, _) in zip(frames, plan, strict=True):
        dist = far + extra
        new = np.array([at[0] + way[0] * dist, at[1] + way[1] * dist,
                        min(float(eye[2]), EYE_LEVEL_MAX)])
        eyes.append(new)
        eulers.append(look_at_euler(new, at))
        focals.append(float(sample(camera.focal_length, f)) * zoom)
    eulers = list(np.unwrap(np.array(eulers, float), axis=0))

    def curve(values: list[float]) -> Any:
        if len(values) == 1:
            return float(values[0])
        return Curve(keys=[Keyframe(frame=float(f), value=float(v), interpolation="linear")
                           for f, v in zip(frames, values, strict=True)])

    loc = tuple(curve([float(e[i]) for e in eyes]) for i in range(3))
    rot = tuple(curve([float(e[i]) for e in eulers]) for i in range(3))
    return camera.model_copy(update={
        "transform": camera.transform.model_copy(update={"location": loc, "rotation": rot}),
        "focal_length": curve(focals)})


def _subject_track(request: CameraRequest) -> Any:
    """The subject's centre at any frame of the shot: linear between its boxes at the shot's
    first, middle and last frames (`CameraRequest.subject`)."""
    n = max(1, len(request.subject_ids))
    f0, f1 = request.frames
    keys = sorted({f0, (f0 + f1) // 2, f1})
    centres = [np.mean([b.center for b in request.subject[k * n:(k + 1) * n]], axis=0)
               for k in range(len(request.subject) // n)]
    keys = keys[:len(centres)]

    def at(frame: int) -> np.ndarray:
        if len(keys) == 1:
            return centres[0]
        return np.array([np.interp(frame, keys, [c[i] for c in centres]) for i in range(3)])

    return at


def _moved(camera: Camera, shift: np.ndarray, target: np.ndarray, frames: range) -> Camera:
    """The camera's whole track moved by ``shift``, its focal length scaled on every frame by
    how much farther from ``target`` the eye now is (the subject keeps its size)."""
    from previz.world.tracks import Curve, Keyframe, sample

    def plus(c: Any, d: float) -> Any:
        if isinstance(c, Curve):
            return c.model_copy(update={"keys": [k.model_copy(update={"value": k.value + d})
                                                 for k in c.keys]})
        return float(c) + d

    loc = tuple(plus(c, float(d)) for c, d in zip(camera.transform.location, shift, strict=True))
    keys = []
    for f in frames:
        eye = _eye(camera, f)
        ratio = float(np.linalg.norm(eye + shift - target)) / max(
            1e-6, float(np.linalg.norm(eye - target)))
        keys.append(Keyframe(frame=float(f), value=float(sample(camera.focal_length, f)) * ratio,
                             interpolation="linear"))
    focal = Curve(keys=keys) if len(keys) > 1 else keys[0].value
    return camera.model_copy(update={
        "transform": camera.transform.model_copy(update={"location": loc}),
        "focal_length": focal})


OUTDOOR_CEILING = 20.0  # metres: how high a static framing inside an outdoor set may rise


def _inside_bounds(camera: Camera, bounds: tuple[float, float, float, float]) -> bool:
    """A static camera's eye over the set's floor (x0, y0, x1, y1)."""
    from previz.world.tracks import sample3

    x, y, _ = sample3(camera.transform.location, 1)
    x0, y0, x1, y1 = bounds
    return x0 <= x <= x1 and y0 <= y <= y1


def camera_target(camera: Camera) -> np.ndarray:
    """A point 3 m along a static camera's view axis (what it looks at, without a subject)."""
    from previz.world.tracks import sample3
    from previz.world.transforms import euler_xyz

    eye = np.array(sample3(camera.transform.location, 1))
    return eye - 3.0 * euler_xyz(*sample3(camera.transform.rotation, 1))[:, 2]


class SkillsLighting:
    """The lighting skills' look for the plan — its named look, else its time of day's, else
    its mood's preset — placed round the first shot's subject and camera, with the key from the
    plan's direction and temperature, lit practicals and power scaled to the set
    (`previz.skills.lighting.look_lights`); the built-in key light when there is no subject."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._fallback = KeyLight()
        self.relations: list[Relation] = []
        self.look: str | None = None

    def lights(self, request: LightingRequest) -> list[Light]:
        self.relations, self.look = [], None
        if request.world is None or request.subject is None or request.camera is None:
            return self._fallback.lights(request)
        from previz.skills.lighting import Look, look_lights, parse_mood

        try:
            mood = MOOD_LOOKS.get(request.mood) or parse_mood(request.mood)
            look = Look(request.look, mood, request.key_direction, request.temperature_k,
                        tuple(request.practicals), request.time_of_day)
            lights, self.relations, self.look = look_lights(
                look, request.world, request.subject, request.camera, request.bounds,
                request.height)
            return lights
        except (ValueError, KeyError) as exc:
            self.notes.append(f"lighting skill failed ({exc}); key light")
            return self._fallback.lights(request)

    def environment(self, request: LightingRequest, lights: list[Light]) -> Environment | None:
        """The look's sky for outdoor scenes (indoors the room's walls hide it) with the plan's
        fog; indoors only the fog. None when there is neither."""
        fog = request.fog if request.fog else None
        if request.indoor:
            return Environment(color=(0.0, 0.0, 0.0), strength=0.0, fog=fog) if fog else None
        from previz.skills.lighting import environment_for, parse_mood

        try:
            name = self.look or MOOD_LOOKS.get(request.mood) or parse_mood(request.mood)
            env = environment_for(name, lights)
        except (ValueError, KeyError) as exc:
            self.notes.append(f"sky from the lighting skill failed ({exc}); no sky")
            return Environment(color=(0.0, 0.0, 0.0), strength=0.0, fog=fog) if fog else None
        return env.model_copy(update={"fog": fog}) if fog else env


class LibraryAssets:
    """The default asset source: the built-in prop library (`previz.asset_index.props`) by
    noun, style and size, and the user's ingested packs where they match better. Characters
    and animals keep their skeleton's white-box body. A noun the library does not know becomes
    a proxy of the plan's size, named and classed after the noun (the realiser does that with
    the category), with a note here; the supervisor reports it as ``unknown_asset``."""

    def __init__(self) -> None:
        from previz.asset_index.props.select import LibraryProps

        self.library = LibraryProps()
        self.notes = self.library.notes
        self._fallback = WhiteBoxAssets()

    def select(self, category: str, style: str, size: tuple[float, float, float]) -> AssetRef:
        from .vocabulary import CATEGORY_BY_NAME

        known = CATEGORY_BY_NAME.get(category)
        if known is not None and known.kind in ("character", "animal"):
            return self._fallback.select(category, style, size)
        return self.library.select(category, style, size)


def skill_providers(index: Any = None) -> Providers:
    """Providers backed by the skills packages; assets from ``index`` when given, else the
    built-in prop library (`LibraryAssets`)."""
    assets = IndexAssets(index) if index is not None else LibraryAssets()
    return Providers(assets, TemplateSkeletons(), SkillsCamera(), SkillsLighting())
