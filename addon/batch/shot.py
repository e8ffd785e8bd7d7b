"""The neural half of one shot, shared by the batch engines and the Blender "Render Shot" button.

Passes folder ``OUT/<shot>/`` in, ``OUT/<shot>/render/`` out (written atomically by the
renderer), through a `Renderer` the caller keeps, so a session or a batch loads the model once.
A shot whose result is in the render cache returns at once without running the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from previz.neural_render import Renderer, RenderOptions
from previz.neural_render.renderer import CancelCheck, ProgressCallback


@dataclass(frozen=True)
class ShotRender:
    """What a neural render of a shot produced (plain data: it crosses process boundaries)."""

    shot: str
    cache_hit: bool
    cache_key: str
    frames: int
    outputs: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def render_outputs(render_dir: Path) -> dict[str, str]:
    """Paths of a render's outputs (see `previz.neural_render.output.write_render`)."""
    return {
        "render": str(render_dir),
        "frames": str(render_dir / "frames"),
        "mp4": str(render_dir / "render.mp4"),
        "side_by_side": str(render_dir / "side_by_side.mp4"),
        "render_json": str(render_dir / "render.json"),
    }


def render_folder(shot_dir: str | Path, renderer: Renderer, options: RenderOptions | None = None,
                  *, progress: ProgressCallback | None = None,
                  cancel: CancelCheck | None = None, changed: bool = False,
                  full_if_missing: bool = False) -> ShotRender:
    """Render the passes folder ``shot_dir`` into ``shot_dir/render/`` with ``renderer``.

    Not `previz.neural_render.render_shot`, which builds (and releases) its own renderer per
    call: this one keeps the caller's, so a batch loads the model once.

    ``options`` override the shot's own settings (its manifest's ``shot_settings``).
    ``progress(done, total)`` is called after each denoising step and ``cancel()`` checked there
    (a cancelled render raises `RenderCancelled` and writes nothing). Bad input raises
    `InputError`. Keep ``renderer`` between calls: the model is loaded on its first render.

    ``changed``: regenerate only the pixels whose conditions changed since the shot's previous
    render (a masked re-render; frames and chunks with no change cost no denoiser call); with no
    previous render that is bad input unless ``full_if_missing``, which renders it in full."""
    result = renderer.render(shot_dir, options, progress=progress, cancel=cancel, masked=changed,
                             full_if_missing=full_if_missing)
    return ShotRender(shot=result.info["shot"], cache_hit=result.cache_hit, cache_key=result.key,
                      frames=len(result.frames), outputs=render_outputs(result.out_dir))
