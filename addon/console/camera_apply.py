"""The Camera panel's work: which shot and camera, the move from the skills, keys, the report.

A shot is a timeline marker bound to a camera (Blender's multi-camera way). Apply keys the
shot's camera over the shot's frames only; a camera another shot also uses gets a camera of its
own for this shot instead (bound to this shot's marker), so no other shot changes. The move
comes from `previz.skills.camera` (`camera_for` without the solver, then `solve` here, to keep
its report), computed on the World `bridge.read` gives, before anything in the scene changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import bpy
import numpy as np

from previz.skills.camera import MOVEMENTS, ShotSpec, Subject, angle, camera_for, shot_size, solve
from previz.skills.camera.vocabulary import movement_params
from previz.world import Camera, World
from previz.world.errors import InputError

from ..bridge.camera import build_camera, write_lens
from ..bridge.objects import clear_animation, write_transform

UNSOLVED = ("pov", "drone_flyover")
"""Moves the occlusion solver leaves alone (as `camera_for` does)."""


@dataclass
class Target:
    """Where Apply writes: the shot (or none), its frames, the camera object (None: new)."""

    shot_index: int
    frames: tuple[int, int]
    camera: bpy.types.Object | None
    camera_id: str
    resolution: tuple[int, int]


@dataclass
class Framing:
    """How well the keyed camera frames the subject over the shot."""

    frames: int
    in_frame: float
    """Fraction of frames where the subject's framed centre projects inside the frame."""
    fully_in_frame: float
    """Fraction of frames where every point of the subject's framed slice is inside."""
    occluded: list[int] = field(default_factory=list)
    """Frames where the solver found no clear view."""
    moved: list[int] = field(default_factory=list)
    """Frames the solver moved to get round something in the way."""
    solved: bool = True
    """False when the occlusion solver did not run (Avoid Occlusion off, POV, drone)."""

    def text(self) -> str:
        occ = f"{len(self.occluded)} occluded" if self.occluded else "no occlusion"
        if not self.solved:
            occ = "occlusion not checked"
        return (f"subject in frame {self.in_frame:.0%} of {self.frames} frames "
                f"(whole {self.fully_in_frame:.0%}); {occ}; {len(self.moved)} moved by solver")


def target(scene: bpy.types.Scene, world: World) -> Target:
    """The active shot (its marker's frames and camera), else the scene range and camera."""
    shots = scene.previz.shots
    index = scene.previz.active_shot
    if 0 <= index < len(shots):
        item = shots[index]
        shot = world.shot(item.id)
        marker = scene.timeline_markers.get(item.id)
        cam = marker.camera if marker is not None else None
        if cam is None or cam.previz.role != "CAMERA":
            cam = None
        elif any(m.camera == cam for m in scene.timeline_markers if m.name != item.id
                 and m.name in {s.id for s in shots}):
            cam = None  # shared with another shot: this shot gets its own camera
        camera_id = cam.previz.id if cam is not None else _free_id(world, f"cam-{item.id}")
        return Target(index, (shot.frame_start, shot.frame_end), cam, camera_id,
                      tuple(shot.resolution))
    cam = scene.camera
    if cam is None or cam.previz.role != "CAMERA":
        raise InputError("no shot and no Previz camera: add a camera (or a shot) first")
    return Target(-1, (scene.frame_start, scene.frame_end), cam, cam.previz.id,
                  (scene.render.resolution_x, scene.render.resolution_y))


def _free_id(world: World, base: str) -> str:
    taken = {*(e.id for e in world.entities), *(c.id for c in world.cameras),
             *(light.id for light in world.lights)}
    name, n = base, 1
    while name in taken or name in bpy.data.objects:
        n += 1
        name = f"{base}-{n}"
    return name


def subject_of(obj: bpy.types.Object | None, joint: str) -> Subject:
    if obj is None:
        raise InputError("choose a subject (an entity) or select one")
    if obj.previz.role != "ENTITY":
        raise InputError(f"subject {obj.name!r} is not a Previz entity; choose a character, "
                         "animal or prop")
    return Subject(obj.previz.id, (joint,) if joint else ())


def compute(world: World, tgt: Target, subject: Subject, size: str, angle_name: str,
            movement: str, *, azimuth: float, focal_length: float | None,
            avoid_occlusion: bool, params: dict[str, Any]) -> tuple[Camera, Framing]:
    """The shot's camera keyed by the skills, and how well it frames the subject."""
    subject.check(world)
    allowed = movement_params(movement)
    kwargs = {k: v for k, v in params.items() if k in allowed}
    if movement == "over_the_shoulder" and not kwargs.get("over"):
        raise InputError("over the shoulder: choose the foreground character (Over)")
    if "over" in kwargs and kwargs["over"] not in {e.id for e in world.entities}:
        raise InputError(f"over the shoulder: no entity {kwargs['over']!r}")
    cam = camera_for(size, movement, subject, tgt.frames, world, angle_name=angle_name,
                     azimuth=azimuth, camera_id=tgt.camera_id, focal_length=focal_length,
                     resolution=tgt.resolution, avoid_occlusion=False, **kwargs)
    spec = ShotSpec(subject, tgt.frames, size=shot_size(size), angle=angle(angle_name),
                    azimuth=azimuth, focal_length=focal_length, resolution=tgt.resolution,
                    camera_id=tgt.camera_id)
    moved: list[int] = []
    occluded: list[int] = []
    if avoid_occlusion and movement not in UNSOLVED:
        keep = (kwargs["over"],) if movement == "over_the_shoulder" else ()
        cam, report = solve(world, spec, cam, exclude=keep)
        moved, occluded = list(report.moved_frames), list(report.occluded_frames)
    in_frame, whole = framing(world, cam, spec)
    solved = avoid_occlusion and movement not in UNSOLVED
    return cam, Framing(len(spec.frame_list), in_frame, whole, occluded, moved, solved)


def framing(world: World, cam: Camera, spec: ShotSpec) -> tuple[float, float]:
    """(fraction of frames with the framed centre inside, with the whole framed slice inside)."""
    from previz.skills.camera.subject import measure

    others = [c for c in world.cameras if c.id != cam.id]
    shown = world.model_copy(update={"cameras": [*others, cam]})
    w, h = spec.resolution
    centre = whole = 0
    frames = spec.frame_list
    for f in frames:
        state = shown.evaluate(f)
        m = measure(shown, state, spec.subject)
        pts = np.vstack([m.at(spec.mid_span)[None], m.sight_points(spec.size.span, 5)])
        uvd = state.cameras[cam.id].project(pts, w, h)
        # A slice that ends at a frame edge (a medium shot cuts at the waist) sits on it:
        # allow 2% of the frame for that.
        tol = 0.02 * h
        inside = (uvd[:, 2] > 0) & (uvd[:, 0] >= -tol) & (uvd[:, 0] <= w + tol) & \
            (uvd[:, 1] >= -tol) & (uvd[:, 1] <= h + tol)
        centre += int(inside[0])
        whole += int(inside.all())
    return centre / len(frames), whole / len(frames)


def write(scene: bpy.types.Scene, tgt: Target, cam: Camera) -> bpy.types.Object:
    """Key ``cam`` on the target's camera (a new one bound to the shot's marker if needed)."""
    obj = tgt.camera
    if obj is None:
        obj = build_camera(cam, scene)  # the bridge's own camera builder
        item = scene.previz.shots[tgt.shot_index]
        item.camera = cam.id
        marker = scene.timeline_markers.get(item.id)
        if marker is None:
            marker = scene.timeline_markers.new(item.id, frame=tgt.frames[0])
        marker.camera = obj
    else:
        for block in (obj, obj.data):
            clear_animation(block)
        write_lens(obj.data, cam)
        write_transform(obj, cam)
    if tgt.shot_index < 0 or scene.frame_current in range(tgt.frames[0], tgt.frames[1] + 1):
        scene.camera = obj
    return obj


MOVEMENT_NAMES = tuple(MOVEMENTS)
