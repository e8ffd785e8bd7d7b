"""Batch rendering: every shot of one or more scenes becomes a job (passes, then neural render).

Two engines run the same jobs: ``local`` (in this process, one model load for all shots,
resumable) and ``ray`` (a Ray actor per GPU that loads the model once and renders many shots;
Ray is the optional ``cluster`` extra and is imported only when that engine runs). ``bpy`` is
imported only inside the functions that build or open a scene, so planning and the summary work
without Blender.

`render_folder` is the neural half of one shot (passes folder in, ``render/`` out) for callers
that keep their own `Renderer`, such as a Blender "Render Shot" button. A `ShotJob` is one
shot of one source (not `previz.addon.jobs.Job`, a background thread).
"""

from .jobs import BatchOptions, ShotJob, ShotResult, plan_batch, write_summary
from .local import run_local
from .shot import ShotRender, render_folder

__all__ = [
    "BatchOptions",
    "ShotJob",
    "ShotRender",
    "ShotResult",
    "plan_batch",
    "render_folder",
    "run_local",
    "write_summary",
]
