"""The published JSON Schema of a World (`previz schema`, and `world/world.schema.json`)."""

from __future__ import annotations

import json
from typing import Any

from .models import World


def world_schema() -> dict[str, Any]:
    schema = World.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def world_schema_json() -> str:
    return json.dumps(world_schema(), indent=2, sort_keys=True) + "\n"
