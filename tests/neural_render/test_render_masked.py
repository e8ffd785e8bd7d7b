"""Masked re-render: after an edit, only the pixels whose conditions changed are regenerated."""

from __future__ import annotations

import json

import numpy as np
import pytest
from synthetic_passes import make_passes

from previz.neural_render import Renderer, RenderOptions
from previz.neural_render.changes import change_mask, load_snapshot, snapshot
from previz.neural_render.passes import load_passes
from previz.world.errors import InputError

pytestmark = [pytest.mark.slow, pytest.mark.render]


def test_masked_rerender_keeps_unchanged_pixels(tmp_path):
    out = tmp_path / "OUT"
    shot = make_passes(out, frames=9, width=48, height=32, prop_x=30)
    renderer = Renderer(tmp_path / "cache")
    first = renderer.render(shot, RenderOptions(backend="tiny-wan"))
    old_conditions = load_snapshot(shot / "render" / "conditions.npz")
    # The edit: the prop moves left. Passes are rendered again into the same folder.
    make_passes(out, frames=9, width=48, height=32, prop_x=22)
    calls = [0]
    renderer.backend("tiny-wan").denoiser().register_forward_pre_hook(
        lambda *a: calls.__setitem__(0, calls[0] + 1))
    second = renderer.render(shot, RenderOptions(backend="tiny-wan"), masked=True, mask_radius=2)
    assert calls[0] > 0 and not second.cache_hit

    passes = load_passes(shot)
    new_conditions = snapshot(passes, {"depth": passes.load_control("depth")})
    expected = change_mask(old_conditions, new_conditions, radius=2)
    assert second.fraction_rerendered == pytest.approx(float(expected.mean()))
    assert 0.0 < second.fraction_rerendered < 0.6
    # Unmasked pixels are exactly the previous render's; the masked region was regenerated.
    assert np.array_equal(second.frames[~expected], first.frames[~expected])
    assert np.any(second.frames[expected] != first.frames[expected])
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["masked"] is True
    assert info["fraction_rerendered"] == pytest.approx(second.fraction_rerendered)
    # Nothing changed since: a masked render re-renders nothing and runs no model.
    calls[0] = 0
    third = renderer.render(shot, RenderOptions(backend="tiny-wan"), masked=True)
    assert third.fraction_rerendered == 0.0 and calls[0] == 0
    assert np.array_equal(third.frames, second.frames)


def test_masked_rerender_needs_a_previous_render_and_a_mask_backend(tmp_path):
    shot = make_passes(tmp_path / "OUT", frames=5, width=32, height=16)
    renderer = Renderer(tmp_path / "cache")
    with pytest.raises(InputError, match="no previous render"):
        renderer.render(shot, RenderOptions(backend="tiny-wan"), masked=True)
    with pytest.raises(InputError, match="no masked re-render"):
        renderer.render(shot, RenderOptions(backend="tiny-animatediff"), masked=True)
