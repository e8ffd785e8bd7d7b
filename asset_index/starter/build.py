"""`build_starter`: write the starter library as GLB files, deterministically.

Layout: ``<out>/<group>/<name>.glb`` (groups: furniture, kitchen, office, architecture, …,
characters) and ``<out>/manifest.json`` listing every file with its SHA-256. The same code and
inputs give byte-identical files. Metadata (name, category, tags, support, description, front,
and for characters the skeleton template and the World entity kind) is stored in each GLB's
scene ``extras``, which is where ingest reads it back from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from previz.world import Skeleton

from ..generated import write_generated
from .catalog import ITEMS
from .characters import CHARACTERS, character_mesh
from .glb import glb_bytes

STARTER_VERSION = "3"  # bump when the generator's output changes, so default indexes refresh
FRONT = "-y"


def starter_files(skeletons: Mapping[str, Skeleton] | None = None) -> dict[str, bytes]:
    """Relative path → GLB bytes of every proxy; characters only for the templates given."""
    out: dict[str, bytes] = {}
    for it in ITEMS:
        mesh = it.build().mesh()
        extras = {"name": it.name.replace("_", " "), "category": it.category,
                  "tags": list(it.tags), "support": it.support, "front": FRONT,
                  "description": it.description, "starter": True}
        out[f"{it.group}/{it.name}.glb"] = glb_bytes(mesh.vertices, mesh.faces, extras,
                                                     name=it.name)
    for ch in CHARACTERS:
        skeleton = (skeletons or {}).get(ch.template)
        if skeleton is None:
            continue
        mesh, skin = character_mesh(ch.template, skeleton)
        extras = {"name": ch.name, "category": ch.template, "tags": list(ch.tags),
                  "support": "floor", "front": FRONT, "description": ch.description,
                  "skeleton": ch.template, "entity_kind": ch.kind, "starter": True}
        out[f"characters/{ch.name}.glb"] = glb_bytes(mesh.vertices, mesh.faces, extras,
                                                     skin=skin, name=ch.name)
    return dict(sorted(out.items()))


def build_starter(out: str | Path, skeletons: Mapping[str, Skeleton] | None = None) -> list[Path]:
    """Write the library under ``out``; files of an earlier build that are no longer produced
    are removed (only those the earlier manifest lists). Returns the GLB paths."""
    header = {"version": STARTER_VERSION, "front": FRONT, "up": "+z (Blender axes; +y in glTF)",
              "characters": sorted(k for k in (skeletons or {}) if k in
                                   {c.template for c in CHARACTERS})}
    return write_generated(out, starter_files(skeletons), header)
