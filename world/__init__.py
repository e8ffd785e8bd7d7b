"""previz.world — the World Narrative: models, evaluation at a frame, validation, canonical form.

Imports only numpy and pydantic, so everything that reasons about a scene (agents, skills,
supervisors, tests) runs without Blender or torch.
"""

from .canonical import canonical_data, canonical_json, content_hash, differences
from .errors import InputError
from .evaluate import CameraState, EntityState, LightState, WorldState, evaluate
from .models import (
    DEFAULT_BACKEND,
    DEFAULT_RESOLUTION,
    SCHEMA_VERSION,
    AssetRef,
    Camera,
    Entity,
    Environment,
    Joint,
    Light,
    Relation,
    RenderSettings,
    Shot,
    Skeleton,
    Transform,
    World,
)
from .schema import world_schema
from .tracks import Curve, Keyframe, sample
from .validation import WorldError, check_world, load_world, parse_world

__all__ = [
    "DEFAULT_BACKEND",
    "DEFAULT_RESOLUTION",
    "SCHEMA_VERSION",
    "AssetRef",
    "Camera",
    "CameraState",
    "Curve",
    "Entity",
    "EntityState",
    "Environment",
    "InputError",
    "Joint",
    "Keyframe",
    "Light",
    "LightState",
    "Relation",
    "RenderSettings",
    "Shot",
    "Skeleton",
    "Transform",
    "World",
    "WorldError",
    "WorldState",
    "canonical_data",
    "canonical_json",
    "check_world",
    "content_hash",
    "differences",
    "evaluate",
    "load_world",
    "parse_world",
    "sample",
    "world_schema",
]
