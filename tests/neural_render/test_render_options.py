"""Memory options, several control passes, and entity reference images."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from previz.neural_render import BackendOptions, Renderer, RenderOptions, create_backend
from previz.neural_render.wan_vace import composite_controls, vace_inputs
from previz.world.errors import InputError


@pytest.mark.slow
@pytest.mark.render
def test_memory_options_are_checked_and_applied():
    with pytest.raises(InputError, match="unknown dtype"):
        BackendOptions(dtype="float8")
    with pytest.raises(InputError, match="needs a CUDA GPU"):
        create_backend("tiny-wan", options=BackendOptions(device="cpu", cpu_offload=True)).load()
    backend = create_backend("tiny-wan", options=BackendOptions(vae_tiling=True, vae_slicing=True))
    pipe = backend.load()
    assert pipe.vae.use_tiling and pipe.vae.use_slicing
    assert str(backend.execution_device()) == "cpu"
    backend.release()
    assert backend.pipe is None


def test_layout_composite_draws_later_passes_over_earlier():
    depth = np.full((1, 2, 2, 3), 100, np.uint8)
    pose = np.zeros((1, 2, 2, 3), np.uint8)
    pose[0, 0, 0] = [255, 0, 0]
    out = composite_controls({"depth": depth, "pose": pose})
    assert out[0, 0, 0].tolist() == [255, 0, 0] and out[0, 1, 1].tolist() == [100, 100, 100]


def test_vace_inputs_mask_known_frames_and_masked_regions():
    from previz.neural_render.backend import ChunkRequest

    ctrl = np.full((3, 2, 2, 3), 50, np.uint8)
    base = np.full((3, 2, 2, 3), 200, np.uint8)
    mask = np.zeros((3, 2, 2), bool)
    mask[:, 0, 0] = True
    known = np.full((1, 2, 2, 3), 7, np.uint8)
    req = ChunkRequest("", "", {"depth": ctrl}, 3, 2, 2, 1, 1.0, 1.0, 0, known=known, mask=mask,
                       base=base)
    video, m = vace_inputs(req)
    assert (video[0] == 7).all() and (m[0] == 0).all()  # known frame: kept
    assert video[1, 0, 0, 0] == 50 and m[1, 0, 0] == 255  # changed pixel: generated from control
    assert video[1, 1, 1, 0] == 200 and m[1, 1, 1] == 0  # unchanged pixel: previous render kept


@pytest.mark.slow
@pytest.mark.render
def test_several_controlnets_and_reference_images(passes_factory, cache_dir):
    shot = passes_factory(frames=4, width=32, height=16,
                          render={"backend": "tiny-animatediff", "control": ["depth", "pose"],
                                  "conditioning_scale": 0.8})
    renderer = Renderer(cache_dir)
    result = renderer.render(shot, write=False)
    backend = renderer.backend("tiny-animatediff")
    assert len(backend.pipe.controlnet.nets) == 2
    assert result.info["settings"]["controls"] == ["depth", "pose"]
    assert result.info["settings"]["conditioning_scale"] == 0.8
    # A reference image of an entity is an input of wan backends: it changes the cache key.
    shot = passes_factory(frames=5, width=32, height=16)
    key = renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False).key
    (shot / "refs").mkdir()
    Image.fromarray(np.full((16, 16, 3), 200, np.uint8)).save(shot / "refs" / "hero.png")
    manifest = json.loads((shot / "manifest.json").read_text())
    manifest["entities"][0]["reference_images"] = ["refs/hero.png"]
    (shot / "manifest.json").write_text(json.dumps(manifest))
    with_ref = renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False)
    assert with_ref.key != key and with_ref.frames.shape == (5, 16, 32, 3)
    (shot / "refs" / "hero.png").unlink()
    with pytest.raises(InputError, match="reference image of entity 'hero'"):
        renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False)
