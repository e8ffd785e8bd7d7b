"""Small Worlds for the batch tests and benchmark: the orbit example cut into short, tiny shots."""

from __future__ import annotations

import json
from pathlib import Path

#: CLI flags with the smallest settings that still run the real tiny-wan pipeline and every stage.
FLAGS = ["--backend", "tiny-wan", "--steps", "2", "--passes", "depth,segmentation,mask",
         "--no-progress"]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "orbit_prop.json"


def short_shots_world(count: int, frames: int = 3, resolution: tuple[int, int] = (32, 24),
                      first_id: str = "s") -> dict:
    """The orbit example (asset files dropped) with ``count`` shots of ``frames`` frames each,
    at different points of the orbit, each with its own seed."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for entity in data["entities"]:
        entity.get("asset", {}).pop("path", None)
    base = data["shots"][0]
    shots = []
    for i in range(count):
        start = 1 + 8 * i
        shots.append({**base, "id": f"{first_id}{i:02d}", "frame_start": start,
                      "frame_end": start + frames - 1, "resolution": list(resolution),
                      "seed": 100 + i, "render": {"control": ["depth"]}})
    data["shots"] = shots
    return data


def write_world(path: Path, data: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path
