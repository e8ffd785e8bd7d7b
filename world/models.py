"""The World Narrative: pydantic models of an editable 3D+T scene.

A `World` is the exact serialization of a Previz scene: entities (set pieces, props, characters,
animals) with transform tracks and skeletons, cameras, lights, typed relations and shots. Units are
metres, frames are Blender frames, angles are radians, axes are Blender's (+Z up).

Field-level checks (types, finite numbers, ordering of keys) live on the models; checks across
the whole World (ids that must exist, skeleton cycles, attachment loops) live in
`previz.world.validation` and run when a World is constructed, so a `World` object that exists is
a valid one.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from . import limits
from .tracks import STRICT, Curve, Scalar, Vec3, values

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .evaluate import WorldState

SCHEMA_VERSION = 1
# The defaults every layer shares (one home each): a shot's frame size, and the neural render
# backend used when neither the shot nor the command names one.
DEFAULT_RESOLUTION: tuple[int, int] = (832, 480)
DEFAULT_BACKEND = "wan-vace"

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=63),
    Field(description="Stable slug: lower-case letters, digits, '-' and '_'; at most 63"),
]
JointName = Annotated[str, StringConstraints(min_length=1, max_length=63)]
Metres = Annotated[float, Field(ge=-limits.MAX_COORDINATE, le=limits.MAX_COORDINATE)]
Vec3f = tuple[Metres, Metres, Metres]
Size = Annotated[float, Field(gt=0, le=limits.MAX_COORDINATE)]
PositiveVec3f = tuple[Size, Size, Size]
Name = Annotated[str, StringConstraints(max_length=limits.MAX_NAME)]
Text = Annotated[str, StringConstraints(max_length=limits.MAX_TEXT)]
FilePath = Annotated[str, StringConstraints(min_length=1, max_length=4096)]
Frame = Annotated[int, Field(ge=-limits.MAX_FRAME, le=limits.MAX_FRAME)]
Pixels = Annotated[int, Field(gt=0, le=limits.MAX_RESOLUTION)]

EntityKind = Literal["set", "prop", "character", "animal"]
LightType = Literal["point", "spot", "area", "sun"]
RelationType = Literal["on", "against", "next_to", "facing", "inside", "attached_to"]


class Model(BaseModel):
    model_config = STRICT


class Transform(Model):
    """Location (m), rotation (Euler XYZ, radians) and scale; each channel static or keyed."""

    location: Vec3 = (0.0, 0.0, 0.0)
    rotation: Vec3 = (0.0, 0.0, 0.0)
    scale: Vec3 = (1.0, 1.0, 1.0)

    @field_validator("location")
    @classmethod
    def _on_earth(cls, location: Vec3) -> Vec3:
        return _within_coordinates(location)


class AssetRef(Model):
    """Where an entity's geometry comes from: a library id, a file, or neither (white-box)."""

    id: str | None = Field(default=None, description="Asset-library id")
    path: FilePath | None = Field(
        default=None, description="Mesh file (.glb .gltf .obj .ply .stl .fbx .blend), "
        "relative paths resolve against the World file's folder"
    )
    size: PositiveVec3f | None = Field(
        default=None,
        description="Axis-aligned size (width x, depth y, height z) in metres; the white-box "
        "proxy's size when the asset cannot be loaded",
    )


class Joint(Model):
    """A skeleton joint. Its rest frame has the entity's axes (as in BVH and SMPL): `offset` is
    the rest position relative to the parent joint (or to the entity origin for a root), and the
    animated `rotation` (Euler XYZ, radians) and `location` are relative to that rest frame."""

    name: JointName
    parent: JointName | None = None
    offset: Vec3f = (0.0, 0.0, 0.0)
    rotation: Vec3 = (0.0, 0.0, 0.0)
    location: Vec3 = (0.0, 0.0, 0.0)

    @field_validator("location")
    @classmethod
    def _on_earth(cls, location: Vec3) -> Vec3:
        return _within_coordinates(location)


class Skeleton(Model):
    template: str | None = Field(
        default=None, description="Name of the skills template it was made from, if any"
    )
    joints: list[Joint] = Field(min_length=1, max_length=limits.MAX_JOINTS)

    def joint(self, name: str) -> Joint | None:
        return next((j for j in self.joints if j.name == name), None)

    def rest_positions(self) -> dict[str, np.ndarray]:
        """Each joint's rest position in the entity frame (offsets accumulated from the root),
        in skeleton order."""
        parent = {j.name: j.parent for j in self.joints}
        offset = {j.name: np.asarray(j.offset, float) for j in self.joints}
        out: dict[str, np.ndarray] = {}

        def pos(name: str) -> np.ndarray:
            if name not in out:
                p = parent[name]
                out[name] = offset[name] + (pos(p) if p is not None else 0.0)
            return out[name]

        return {j.name: pos(j.name) for j in self.joints}


class Entity(Model):
    id: Id
    name: Name = ""
    kind: EntityKind
    asset: AssetRef = Field(default_factory=AssetRef)
    semantic_class: Name = Field(default="", description="Class for semantic segmentation")
    appearance: Text = Field(default="", description="Appearance prompt for the neural renderer")
    reference_images: list[FilePath] = Field(default_factory=list,
                                             max_length=limits.MAX_REFERENCE_IMAGES)
    transform: Transform = Field(default_factory=Transform)
    skeleton: Skeleton | None = None

    @model_validator(mode="after")
    def _skeleton_kind(self) -> Entity:
        if self.skeleton is not None and self.kind not in ("character", "animal"):
            raise ValueError(f"a {self.kind} has no skeleton; only characters and animals do")
        return self


class Camera(Model):
    """A camera looking down its local −Z with +Y up (Blender's convention)."""

    id: Id
    name: Name = ""
    transform: Transform = Field(default_factory=Transform)
    focal_length: Scalar = Field(default=50.0, description="Lens in millimetres")
    sensor_width: float = Field(default=36.0, gt=0, description="Horizontal sensor size in mm")
    dof: bool = Field(default=False, description="Depth of field on")
    focus_distance: Scalar = Field(default=10.0, description="Metres")
    fstop: Scalar = 2.8
    clip_start: float = Field(default=0.1, gt=0)
    clip_end: float = Field(default=1000.0, gt=0)

    @field_validator("focal_length", "focus_distance", "fstop")
    @classmethod
    def _positive(cls, param: float | Curve) -> float | Curve:
        for i, v in enumerate(values(param)):
            if v <= 0:
                where = f"keys[{i}].value " if isinstance(param, Curve) else ""
                raise ValueError(f"{where}must be positive, got {v:g}")
        return param

    @model_validator(mode="after")
    def _clip(self) -> Camera:
        if self.clip_end <= self.clip_start:
            raise ValueError(
                f"clip_end ({self.clip_end:g}) must be greater than clip_start "
                f"({self.clip_start:g})"
            )
        return self


class Light(Model):
    id: Id
    name: Name = ""
    type: LightType
    transform: Transform = Field(default_factory=Transform)
    power: Scalar = Field(default=1000.0, description="Watts (sun: irradiance in W/m²)")
    color: Vec3 = Field(default=(1.0, 1.0, 1.0),
                        description="Linear RGB tint; each channel static or keyed")
    temperature: Scalar | None = Field(
        default=None, description="Colour temperature in kelvin, static or keyed; multiplies "
        "the tint (as Blender's Light.temperature does); null = no temperature"
    )
    size: float = Field(default=0.1, ge=0, description="Radius (point, spot), edge (area), "
                        "angular diameter in radians (sun)")
    spot_angle: float = Field(default=0.785398, gt=0, le=3.14159275, description="Cone, radians")
    spot_blend: float = Field(default=0.15, ge=0, le=1)

    @field_validator("color")
    @classmethod
    def _colour_range(cls, color: Vec3) -> Vec3:
        return _non_negative_channels(color)

    @field_validator("temperature")
    @classmethod
    def _kelvin(cls, param: float | Curve | None) -> float | Curve | None:
        if param is not None:
            for i, v in enumerate(values(param)):
                if v <= 0:
                    where = f"keys[{i}].value " if isinstance(param, Curve) else ""
                    raise ValueError(f"{where}must be above 0 kelvin, got {v:g}")
        return param

    @field_validator("power")
    @classmethod
    def _power(cls, param: float | Curve) -> float | Curve:
        for i, v in enumerate(values(param)):
            if v < 0:
                where = f"keys[{i}].value " if isinstance(param, Curve) else ""
                raise ValueError(f"{where}cannot be negative, got {v:g}")
        return param


def _within_coordinates(vec: Vec3) -> Vec3:
    for c, channel in enumerate(vec):
        for i, v in enumerate(values(channel)):
            if abs(v) > limits.MAX_COORDINATE:
                where = f"[{c}].keys[{i}].value" if isinstance(channel, Curve) else f"[{c}]"
                raise ValueError(f"channel {where} is {v:g} m from the origin; at most "
                                 f"{limits.MAX_COORDINATE:g} m")
    return vec


def _non_negative_channels(color: Vec3) -> Vec3:
    for c, channel in enumerate(color):
        for i, v in enumerate(values(channel)):
            if v < 0:
                where = f"[{c}].keys[{i}].value" if isinstance(channel, Curve) else f"[{c}]"
                raise ValueError(f"colour channel {where} cannot be negative, got {v:g}")
    return color


class Environment(Model):
    """The world behind everything (Blender's ``scene.world``, a Background shader): the colour
    and strength of the light that comes from every direction where no object is — a sky.
    ``sun`` ties it to a sun light: Blender then draws a physical sky whose sun stands where
    that light shines from (the colour still tints it)."""

    color: Vec3 = Field(default=(0.05, 0.05, 0.05),
                        description="Linear RGB of the background; each channel static or keyed")
    strength: Scalar = Field(default=1.0, description="Background strength (1 = the colour as "
                             "radiance); static or keyed")
    sun: Id | None = Field(default=None, description="Id of a sun light the sky follows; "
                           "null = a plain background colour")
    fog: float | None = Field(default=None, ge=0.0, le=1.0, description="Haze through the "
                              "whole scene, 0 = clear, 1 = thick fog (a volume scatter in "
                              "Blender); null = none")

    @field_validator("color")
    @classmethod
    def _colour_range(cls, color: Vec3) -> Vec3:
        return _non_negative_channels(color)

    @field_validator("strength")
    @classmethod
    def _strength(cls, param: float | Curve) -> float | Curve:
        for i, v in enumerate(values(param)):
            if v < 0:
                where = f"keys[{i}].value " if isinstance(param, Curve) else ""
                raise ValueError(f"{where}cannot be negative, got {v:g}")
        return param


class Relation(Model):
    """A typed edge between two ids: `subject` <type> `target` (the chair is *on* the rug).

    `attached_to` is the one relation the scene enforces: the subject then follows the target (or
    the target's `joint`), and the subject's transform track is read relative to it."""

    type: RelationType
    subject: Id
    target: Id
    joint: JointName | None = Field(default=None, description="attached_to: joint of the target")


class RenderSettings(Model):
    backend: str | None = Field(default=None, description="Neural render backend; null = the "
                                f"default ({DEFAULT_BACKEND!r})")
    steps: int | None = Field(default=None, gt=0, le=limits.MAX_STEPS)
    guidance_scale: float | None = Field(default=None, ge=0, le=limits.MAX_GUIDANCE)
    control: list[str] = Field(default_factory=lambda: ["depth"], description="Condition passes",
                               max_length=32)
    conditioning_scale: float = Field(default=1.0, ge=0, le=limits.MAX_CONDITIONING)


class Shot(Model):
    id: Id
    camera: Id
    frame_start: Frame
    frame_end: Frame
    resolution: tuple[Pixels, Pixels] = DEFAULT_RESOLUTION
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description=(
        "The render seed: the neural render's noise for this shot (same World and seed, same "
        "frames). Not the planner's layout seed (`previz plan --seed`), which chooses placements "
        "while a World is made and is not stored in it; the planner starts each shot's render seed "
        "from it"))
    prompt: Text = ""
    negative_prompt: Text = ""
    render: RenderSettings = Field(default_factory=RenderSettings)
    camera_body: Name | None = Field(default=None, description=(
        "The camera body the shot is filmed with, by name (a body the camera skills know, e.g. "
        "'arri_alexa_35'); its sensor is the camera's sensor_width, its lens the camera's "
        "focal_length, its aspect ratio the shot's resolution. None: not named"))
    time_map: list[tuple[float, float]] | None = Field(default=None, description=(
        "A time remap of the shot's action, as (shot frame, scene frame) keys with rising shot "
        "frames: the cameras run on the shot's frames, every entity and light on the scene "
        "frame the map gives (linear between keys, held beyond the first and last); a held "
        "scene frame freezes the action while the camera moves (bullet time), a slope under "
        "1 slows it. None: the scene frame is the shot frame"))

    @model_validator(mode="after")
    def _range(self) -> Shot:
        if self.frame_end < self.frame_start:
            raise ValueError(
                f"empty frame range: frame_end ({self.frame_end}) is before frame_start "
                f"({self.frame_start})"
            )
        if self.time_map is not None:
            if not self.time_map:
                raise ValueError("time_map: give at least one (shot frame, scene frame) key, "
                                 "or none (null) for no remap")
            shot_frames = [k[0] for k in self.time_map]
            if any(b <= a for a, b in itertools.pairwise(shot_frames)):
                raise ValueError(f"time_map: shot frames must rise, got {shot_frames}")
        if self.frame_count > limits.MAX_SHOT_FRAMES:
            raise ValueError(f"frame_end: {self.frame_count} frames in one shot; at most "
                             f"{limits.MAX_SHOT_FRAMES}")
        return self

    @property
    def frame_count(self) -> int:
        return self.frame_end - self.frame_start + 1

    def scene_frame(self, frame: float) -> float:
        """The scene frame the action is at on shot frame ``frame`` (`time_map`)."""
        if self.time_map is None:
            return float(frame)
        keys = self.time_map
        if frame <= keys[0][0]:
            return float(keys[0][1])
        for (f0, t0), (f1, t1) in itertools.pairwise(keys):
            if frame <= f1:
                return float(t0 + (t1 - t0) * (frame - f0) / (f1 - f0))
        return float(keys[-1][1])


class World(Model):
    """The whole scene. Constructing one runs every check; see `previz.world.validation`."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, title="Previz World",
        json_schema_extra={"$id": "https://previz.dev/schema/world.schema.json"},
    )

    version: Literal[1] = SCHEMA_VERSION
    name: Name = ""
    description: Text = Field(default="", description="The director's text this World realises")
    fps: float = Field(default=24.0, gt=0, le=limits.MAX_FPS)
    unit: Literal["metre"] = "metre"
    entities: list[Entity] = Field(default_factory=list, max_length=limits.MAX_ENTITIES)
    cameras: list[Camera] = Field(default_factory=list, max_length=limits.MAX_CAMERAS)
    lights: list[Light] = Field(default_factory=list, max_length=limits.MAX_LIGHTS)
    environment: Environment | None = Field(
        default=None, description="World background / sky; null = the renderer's default")
    relations: list[Relation] = Field(default_factory=list, max_length=limits.MAX_RELATIONS)
    shots: list[Shot] = Field(default_factory=list, max_length=limits.MAX_SHOTS)

    @model_validator(mode="before")
    @classmethod
    def _bounded_numbers(cls, data: Any) -> Any:
        """Refuse any number beyond `limits.MAX_NUMBER` before the models see it: a 1e300
        would pass as finite and overflow to Infinity in the canonical (32-bit) form."""
        problem = limits.out_of_range(data) if isinstance(data, dict) else None
        if problem:
            raise ValueError(problem)
        return data

    @model_validator(mode="after")
    def _cross_references(self) -> World:
        from .validation import check_world

        problems = check_world(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _environment_sun(self) -> World:
        sun = self.environment.sun if self.environment is not None else None
        if sun is not None and not any(li.id == sun and li.type == "sun" for li in self.lights):
            raise ValueError(f"environment.sun: no sun light has id {sun!r}")
        return self

    # Lookups -------------------------------------------------------------------------------

    def entity(self, id: str) -> Entity:
        return _by_id(self.entities, id, "entity")

    def camera(self, id: str) -> Camera:
        return _by_id(self.cameras, id, "camera")

    def light(self, id: str) -> Light:
        return _by_id(self.lights, id, "light")

    def shot(self, id: str) -> Shot:
        return _by_id(self.shots, id, "shot")

    # Behaviour -----------------------------------------------------------------------------

    def evaluate(self, frame: float) -> WorldState:
        """Every entity, joint, camera and light state at ``frame`` (see `evaluate.py`)."""
        from .evaluate import evaluate

        return evaluate(self, frame)

    def evaluate_shot(self, shot: str | Shot, frame: float) -> WorldState:
        """The state seen on shot frame ``frame`` of ``shot`` (an id or the shot): entities and
        lights at the scene frame its `Shot.time_map` gives, cameras at ``frame``."""
        from .evaluate import evaluate

        s = self.shot(shot) if isinstance(shot, str) else shot
        scene = s.scene_frame(frame)
        return evaluate(self, scene, camera_frame=None if scene == frame else frame)

    def evaluate_frames(self, frames: Sequence[float]) -> list[WorldState]:
        """`evaluate` at each of ``frames`` (the same states), computed over all of them at
        once (see `evaluate.evaluate_frames`)."""
        from .evaluate import evaluate_frames

        return evaluate_frames(self, frames)

    def canonical_json(self, indent: int | None = 2) -> str:
        from .canonical import canonical_json

        return canonical_json(self, indent=indent)

    def content_hash(self) -> str:
        from .canonical import content_hash

        return content_hash(self)


#: Recently searched long lists → (the list, its length, id → index). Looking an entity up by id
#: was a linear scan, and the camera solver and supervisor ask for every entity of a 1,000-prop
#: plan at every sampled frame. The list itself is kept (its identity, not a reused ``id()``,
#: validates the entry), a hit is confirmed against the item's own id, and a miss scans, so a
#: list changed in place is never answered from a stale index.
_INDEXES: dict[int, tuple[list, int, dict[str, int]]] = {}
_INDEXED_LISTS = 8
_SHORT_LIST = 32


def _by_id(items: list, key: str, what: str):  # type: ignore[no-untyped-def]
    if len(items) > _SHORT_LIST:
        entry = _INDEXES.get(id(items))
        if entry is None or entry[0] is not items or entry[1] != len(items):
            if len(_INDEXES) >= _INDEXED_LISTS:
                _INDEXES.clear()
            index: dict[str, int] = {}
            for k, item in enumerate(items):
                index.setdefault(item.id, k)
            entry = _INDEXES[id(items)] = (items, len(items), index)
        k = entry[2].get(key)
        if k is not None and items[k].id == key:
            return items[k]
    for item in items:
        if item.id == key:
            return item
    raise KeyError(f"no {what} with id {key!r}")
