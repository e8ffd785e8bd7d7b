"""The camera skills' interface for agents: names and synonyms, and one call per shot.

The offline planner matches a shot description against `VOCABULARY` (`parse_movement`); an
LLM planner fills the same fields through structured output. Either way the result goes to
`camera_for`, which validates the names and parameters (an `InputError` a person can act on
for a bad one) and returns a `previz.world.Camera`.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import replace
from typing import Any

import numpy as np

from previz.world import DEFAULT_RESOLUTION, Camera, World
from previz.world.errors import InputError

from ..vocabulary import declare
from . import moves  # noqa: F401  (its modules add their movements to MOVEMENTS)
from .confine import Room
from .movements import MOVEMENTS, ShotSpec
from .shots import ANGLES, SHOT_SIZES, angle, shot_size
from .subject import Subject, member_in_close, posed_close

# The plan's shot sizes: words the offline reader maps to each, the camera skill's size code
# that frames it (``skill``) and the fraction of the frame height the subject fills in the
# built-in framing (``fill``).
for _name, _code, _fill, _words in (
    ("extreme_wide", "ELS", 0.25, ("extreme wide", "establishing", "extreme long", "aerial")),
    ("wide", "LS", 0.5, ("wide shot", "wide", "long shot", "full view")),
    ("full", "FS", 0.85, ("full shot", "full body", "full-body")),
    ("medium", "MS", 1.6, ("medium shot", "medium", "mid shot", "waist")),
    ("close_up", "CU", 4.0, ("close-up", "close up", "closeup", "close")),
    ("extreme_close_up", "ECU", 8.0, ("extreme close-up", "extreme close up", "macro")),
):
    declare("shot_size", _name, _words, params={"fill": _fill}, skill=_code,
            description=SHOT_SIZES[_code].name)

VOCABULARY: dict[str, dict[str, tuple[str, ...]]] = {
    "shot_sizes": {code: (s.name, *s.synonyms) for code, s in SHOT_SIZES.items()},
    "angles": {name: a.synonyms for name, a in ANGLES.items()},
    "movements": {name: (name.replace("_", " "), *m.synonyms) for name, m in MOVEMENTS.items()},
}


def movement_params(movement: str) -> list[str]:
    """The keyword parameters a movement takes beyond the shot spec."""
    sig = inspect.signature(MOVEMENTS[movement].generate)
    return [p for p in list(sig.parameters)[2:]]


def camera_for(
    shot: str,
    movement: str,
    subject: str | Subject,
    frames: tuple[int, int],
    world: World,
    *,
    angle_name: str = "eye_level",
    azimuth: float = 0.3,
    camera_id: str = "cam",
    focal_length: float | None = None,
    resolution: tuple[int, int] = DEFAULT_RESOLUTION,
    screen_x: float | None = None,
    avoid_occlusion: bool = True,
    sensor_width: float = 36.0,
    room: Room | None = None,
    end_size: str | None = None,
    report: list[str] | None = None,
    **params: Any,
) -> Camera:
    """A camera for one shot: ``shot`` size (code or name), ``movement`` (name or synonym),
    who, which frames, and the movement's own parameters (see `movement_params`). With
    ``avoid_occlusion`` the framing solver moves frames where the scene blocks the view.

    ``sensor_width`` is the camera body's (mm, `bodies.py`). ``room`` (x0, y0, x1, y1,
    ceiling) keeps the camera inside an indoor set by adapting the move (`confine.py`: wider
    lens, then clamped), never by replacing it. ``end_size`` is the framing a dolly or zoom
    ends on (wide → close-up) when its distance / focal is not given. What was adapted is
    appended to ``report``."""
    from .confine import fit_in_room
    from .solver import solve

    subj = subject if isinstance(subject, Subject) else Subject(subject)
    subj.check(world)
    # A close-up of a spread-out group (two hoops at the ends of a court) frames the member
    # the action is at, and says so.
    asked = shot_size(shot)
    subj, narrowed = member_in_close(world, subj, frames, asked.code)
    if narrowed and report is not None:
        report.append(narrowed)
    # A close shot of a seated or lying figure frames its head by the joints, not its box.
    size = asked
    subj, posed = posed_close(world, subj, frames, size.code)
    if posed:
        if report is not None:
            report.append(posed)
        focal_length = focal_length or size.focal_length
        size = SHOT_SIZES["FS"]  # the whole of the head-and-shoulders slice
    name = _movement_name(movement)
    if posed and name == "static" and "at_frame" not in params:
        # The head of a figure falling or lying down moves though its box does not: framed
        # where it stays, or panned with (`still.py`), as a static close shot of a mover.
        from .still import still_on_moving

        name, held, note = still_on_moving(world, subj, frames, asked.code)
        params = {**params, **held} if name == "static" else {}
        if note and report is not None:
            report.append(note)
    allowed = movement_params(name)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise InputError(
            f"movement {name!r} takes no parameter(s) {unknown}; it takes {allowed or 'none'}"
        )
    spec = ShotSpec(subj, frames, size=size, angle=angle(angle_name), azimuth=azimuth,
                    focal_length=focal_length, resolution=resolution, screen_x=screen_x,
                    camera_id=camera_id, sensor_width=sensor_width)
    if end_size is not None:
        params = {**end_params(world, spec, name, shot_size(end_size)), **params}

    def make(s: ShotSpec) -> Camera:
        cam = MOVEMENTS[name].generate(world, s, **params)
        if avoid_occlusion and name not in ("pov", "drone_flyover"):
            # The foreground of an over-the-shoulder is meant to be in the way.
            keep = (params["over"],) if name == "over_the_shoulder" else ()
            # A move round the subject keeps its sweep: blocked frames rise or come closer
            # rather than swing back round (which would undo the orbit).
            turn = {"max_degrees": SWEEP_DETOUR, "keep_sweep": True} if name in SWEEPS else {}
            # A height the plan named (chest, shoulder, 15 m up) is kept: the view is won
            # round the subject or closer, not by rising over what blocks it.
            held = params.get("height") is not None or params.get("start_height") is not None
            # A static camera stays one pose: a blocked view moves it, never into a path.
            cam, _ = solve(world, s, cam, exclude=keep, hold_height=held,
                           locked=name == "static", **turn)
        return cam

    if room is None:
        camera = make(spec)
    else:
        fitted = fit_in_room(world, spec, make, room)
        if report is not None and fitted.how != "as generated":
            report.append(f"{name} kept inside the room: {fitted.how}")
        camera = fitted.camera
    # Whatever placed it (generator, occlusion solver, room clamp), the eye never stands in a
    # set part or a prop: the move comes closer to the subject, or rises (`clearance.py`).
    keep = (params["over"],) if name == "over_the_shoulder" else ()
    cleared = keep_clear(world, spec, camera, keep)
    if report is not None and cleared.note:
        report.append(f"{name}: {cleared.note}")
    return cleared.camera


def keep_clear(world: World, spec: ShotSpec, camera: Camera, keep: tuple[str, ...] = ()) -> Any:
    """`clearance.clear_eye` for a camera of ``spec``: pivots at the framed middle of the
    subject, the subject (and what it carries, and ``keep``) not counted as geometry."""
    from .clearance import clear_eye
    from .movements import measures

    frames = spec.frame_list
    carried = {r.subject for r in world.relations
               if r.type == "attached_to" and r.target in spec.subject.entities}
    pivots = np.stack([m.at(spec.mid_span) for m in measures(world, spec)])
    return clear_eye(world, camera, frames, pivots,
                     exclude=(*spec.subject.entities, *sorted(carried), *keep),
                     resolution=spec.resolution)


SWEEPS = ("orbit", "arc", "bullet_time")
SWEEP_DETOUR = 20.0  # degrees the occlusion solver may move a sweeping camera round the subject
MIN_PUSH = 0.35  # share of the distance to the subject a dolly to an end size moves at least


def end_params(world: World, spec: ShotSpec, name: str, end: Any) -> dict[str, float]:
    """The parameter that makes ``name`` end on framing ``end``: a dolly's distance (the two
    framings' eyes along the view axis), a zoom's or dolly zoom's focal length (the span
    ratio). Other moves: nothing."""
    import numpy as np

    from .movements import opening

    if name == "dolly":
        # The end framing by the subject's height alone: a group's width keeps the opening
        # wide enough for all of it, a push in to a close-up may lose its edges.
        p0 = opening(world, spec)
        end_spec = replace(spec, size=end, focal_length=spec.lens.focal_length)
        p1 = opening(world, end_spec, ms=replace(p0.measure, width=0.0))
        d = float((p1.eye - p0.eye) @ p0.forward)
        depth = float((p0.measure.at(spec.mid_span) - p0.eye) @ p0.forward)
        closer = end.frame_fraction / max(end.span[1] - end.span[0], 1e-6) > \
            spec.size.frame_fraction / max(spec.size.span[1] - spec.size.span[0], 1e-6)
        # At least a third of the way in (or out): a push the eye sees.
        least = MIN_PUSH * max(depth, 0.5)
        return {"distance": max(d, least) if closer else min(d, -least)}
    if name in ("zoom", "dolly_zoom"):
        # On screen a span fills focal × span height / distance: same distance, so the focal
        # length scales with (frame fraction / span) of the end over the start.
        def scale(size: Any) -> float:
            return size.frame_fraction / max(size.span[1] - size.span[0], 1e-6)

        to = spec.lens.focal_length * scale(end) / scale(spec.size)
        return {"to_focal": float(np.clip(to, 4.0, 1200.0))}
    return {}


def _movement_name(text: str) -> str:
    key = text.strip().lower().replace("-", " ")
    if key.replace(" ", "_") in MOVEMENTS:
        return key.replace(" ", "_")
    for name, words in VOCABULARY["movements"].items():
        if key in words:
            return name
    raise InputError(f"unknown camera movement {text!r}; use one of {', '.join(MOVEMENTS)}")


_NEGATIVE = {
    "dolly": ("dolly out", "pull out", "pull back", "move out", "backs away"),
    "truck": ("truck left", "crab left"),
    "pan": ("pan right",),
    "tilt": ("tilt down",),
    "pedestal": ("pedestal down", "ped down", "lower"),
}
_SLOW = ("slow", "slowly", "gentle", "creeping", "subtle")


def parse_movement(text: str) -> tuple[str, dict[str, Any]]:
    """Offline reading of a shot description into (movement, params): "slow dolly-in" →
    ("dolly", {"distance": 0.6}); "pull back" → ("dolly", {"distance": -1.2}); "pan right" →
    ("pan", {"degrees": -45.0}); "orbit 90 degrees" → ("orbit", {"degrees": 90.0}); nothing
    recognised → ("static", {}). The longest matching synonym wins, so "dolly zoom" is not
    read as "dolly". Other moves get their defaults (a zoom doubles the focal length)."""
    t = " " + re.sub(r"[^a-z0-9' ]+", " ", text.lower()) + " "
    best, best_len = None, 0
    for name, words in VOCABULARY["movements"].items():
        for w in words:
            if f" {w} " in t and len(w) > best_len:
                best, best_len = name, len(w)
    if best is None:
        return "static", {}
    params: dict[str, Any] = {}
    sign = -1.0 if any(f" {w} " in t for w in _NEGATIVE.get(best, ())) else 1.0
    slow = any(f" {w} " in t for w in _SLOW)
    if best in ("dolly", "truck"):
        params["distance"] = sign * (0.6 if slow else 1.2)
    elif best == "pedestal":
        params["height"] = sign * (0.3 if slow else 0.6)
    elif best in ("pan", "tilt") and (" left " in t or " right " in t or " up " in t
                                      or " down " in t):
        params["degrees"] = sign * (20.0 if slow else 45.0)
    elif best == "orbit":
        m = re.search(r"(\d+)\s*(?:deg|degree|°)", text.lower())
        params["degrees"] = float(m.group(1)) if m else 360.0
    return best, params
