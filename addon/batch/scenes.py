"""The passes half of a job: open or build the job's scene in Blender (once per source) and
render the shot's passes, unless ``OUT/<shot>/`` already holds passes of the same content.

This is the only part of a batch that needs ``bpy``; it runs in the process that owns Blender
(the local engine's, or the Ray driver's).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .jobs import BatchOptions, ShotJob


def passes_ready(out: Path, job: ShotJob) -> bool:
    """True when ``OUT/<shot>/manifest.json`` (written last, so the folder is complete) records
    this job's passes hash: the passes need not be rendered again."""
    try:
        manifest = json.loads((out / job.shot / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("shot_hash") == job.passes_hash


class Scenes:
    """Keeps the scene of the source last loaded, so the shots of one source share one load."""

    def __init__(self) -> None:
        self.current: Path | None = None
        self.warnings: list[str] = []

    def scene_for(self, job: ShotJob) -> Any:
        import bpy

        if self.current != job.source:
            self.current = None
            self.warnings = []
            if job.open_file:
                pass  # the file open in Blender is the scene; reopening would drop edits
            elif job.source.suffix.lower() == ".blend":
                from previz.addon.bridge import read_file

                read_file(job.source)
            else:
                from previz.addon.bridge import build

                bpy.ops.wm.read_homefile(use_empty=True)
                build(job.world, bpy.context.scene, base_dir=job.source.resolve().parent,
                      report=self.warnings)
            self.current = job.source
        return bpy.context.scene


def ensure_passes(job: ShotJob, out: Path, options: BatchOptions,
                  scenes: Scenes) -> tuple[Path, bool]:
    """The shot's passes folder, rendered unless ready; returns (folder, reused)."""
    folder = out / job.shot
    if passes_ready(out, job):
        return folder, True
    from previz.addon.passes.render import render_passes
    from previz.world import progress

    scene = scenes.scene_for(job)
    with progress.per_key("passes", "frames") as on_frame:
        render_passes(job.world, scene, out, shot_id=job.shot, passes=options.passes,
                      base_dir=job.source.resolve().parent, report=scenes.warnings,
                      clay=options.clay, progress=on_frame)
    return folder, False
