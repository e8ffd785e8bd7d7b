"""Re-render what changed (issue 18): chunks whose frames did not change cost no denoiser call, and
a re-render asked without a previous render says so, rendering in full only when told."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from synthetic_passes import make_passes

from previz.neural_render import Renderer, RenderOptions
from previz.neural_render.chunking import plan_chunks
from previz.world.errors import InputError

pytestmark = [pytest.mark.slow, pytest.mark.render]

OPTIONS = RenderOptions(backend="tiny-wan", chunk_frames=5, overlap=1, steps=2)


def _count_calls(renderer: Renderer) -> list[int]:
    calls = [0]
    renderer.backend("tiny-wan").denoiser().register_forward_pre_hook(
        lambda *a: calls.__setitem__(0, calls[0] + 1))
    return calls


def test_only_the_chunks_with_changed_frames_run_the_model(tmp_path):
    out = tmp_path / "OUT"
    frames, size = 17, dict(width=40, height=24)
    shot = make_passes(out, frames=frames, prop_x=28, **size)
    renderer = Renderer(tmp_path / "cache")
    calls = _count_calls(renderer)
    first = renderer.render(shot, OPTIONS)
    full_calls = calls[0]
    # The edit reaches only the last frames: the prop of frames 14-17 moves (passes of the moved
    # prop copied over the old ones for those frames; the rest of the folder is unchanged).
    moved = make_passes(tmp_path / "MOVED", frames=frames, prop_x=8, **size)
    changed_frames = range(14, 18)
    for src in (moved / "passes").rglob("*.png"):
        if int(src.stem) in changed_frames:
            shutil.copyfile(src, shot / src.relative_to(moved))
    calls[0] = 0
    second = renderer.render(shot, OPTIONS, masked=True, mask_radius=1)
    chunks = plan_chunks(frames, 5, 1)
    touched = [c for c in chunks if any(c.start <= f - 1 < c.stop for f in changed_frames)]
    assert 0 < len(touched) < len(chunks)
    per_chunk = full_calls // len(chunks)
    assert calls[0] == per_chunk * len(touched)  # untouched chunks: no denoiser call
    # frames with no change are exactly the previous render's
    assert np.array_equal(second.frames[:12], first.frames[:12])
    assert np.any(second.frames[13:] != first.frames[13:])


def test_changes_without_a_previous_render(tmp_path):
    shot = make_passes(tmp_path / "OUT", frames=5, width=32, height=16)
    renderer = Renderer(tmp_path / "cache")
    calls = _count_calls(renderer)
    with pytest.raises(InputError, match=r"no previous render.*--full-if-missing"):
        renderer.render(shot, OPTIONS, masked=True)
    assert calls[0] == 0 and not (shot / "render").exists()
    result = renderer.render(shot, OPTIONS, masked=True, full_if_missing=True)
    assert calls[0] > 0 and result.fraction_rerendered is None  # rendered in full
    assert (shot / "render" / "render.json").is_file()
