"""Each category's first-variant size (width, depth, height in metres), stored as data so that
the planner's vocabulary can declare every library category at import without building 397
meshes. `python -m previz.asset_index.props.sizes` rewrites ``sizes.json`` from the generator;
a test keeps the two equal."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("sizes.json")


def computed() -> dict[str, list[float]]:
    from . import ROWS, variant

    return {r.name: [round(v, 4) for v in variant(r.name, 0).size] for r in ROWS}


@lru_cache(maxsize=1)
def sizes() -> dict[str, tuple[float, float, float]]:
    """Category → size of its first variant, from ``sizes.json``."""
    data = json.loads(FILE.read_text(encoding="utf-8"))
    return {k: (float(v[0]), float(v[1]), float(v[2])) for k, v in data.items()}


if __name__ == "__main__":
    FILE.write_text(json.dumps(computed(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {FILE}")
