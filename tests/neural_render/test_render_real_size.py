"""The real Wan2.1-VACE-1.3B architecture at its real size (random weights) through the same
`Renderer` as every backend, on the CPU at a small picture size: the transformer and VAE exactly
as published, the UMT5 text encoder with 2 of its 24 layers (the full one is 11 GB in bfloat16),
bfloat16, and the memory options our backend has — VAE tiling (with tiles small enough that a
64x64 frame is really cut into tiles) and slicing — exercised; model CPU offload needs a GPU and
says so on a CPU.

Needs about 8 GB of free memory and a few minutes on two cores: `slow`, and skipped (saying
why) where the memory is not there. Never run two of these at once.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from previz.neural_render import BackendOptions, Renderer, RenderOptions
from previz.neural_render.wan_random import TRANSFORMER, RandomWanBackend, build_random_wan_vace
from previz.world.errors import InputError

pytestmark = [pytest.mark.slow, pytest.mark.render]

NEED_GIB = 9.0


def test_published_configuration_values():
    """The figures the published config.json files hold (a typo here is a different model)."""
    assert (TRANSFORMER["num_attention_heads"] * TRANSFORMER["attention_head_dim"],
            TRANSFORMER["ffn_dim"], TRANSFORMER["num_layers"]) == (1536, 8960, 30)
    assert TRANSFORMER["vace_layers"] == list(range(0, 30, 2))
    with pytest.raises(ValueError, match="text_layers"):
        build_random_wan_vace(text_layers=0)


def test_cpu_offload_on_a_cpu_is_refused_before_building(passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=32)
    options = BackendOptions(device="cpu", cpu_offload=True)
    renderer = Renderer(cache_dir, options)
    renderer.add_backend(RandomWanBackend(options=options, text_layers=1))
    with pytest.raises(InputError, match="needs a CUDA GPU"):
        renderer.render(shot, RenderOptions(backend="wan-vace-random", steps=1))


@pytest.mark.timeout(3600)  # minutes on two idle cores; far more on a loaded machine
def test_real_size_wan_vace_renders_through_the_renderer(passes_factory, cache_dir):
    psutil = pytest.importorskip("psutil")
    free = psutil.virtual_memory().available / 2**30
    if free < NEED_GIB:
        pytest.skip(f"needs {NEED_GIB:.0f} GiB of free memory, {free:.1f} GiB available")
    import torch

    shot = passes_factory(frames=17, width=64, height=64, prompt="")
    options = BackendOptions(device="cpu", dtype="bfloat16", vae_tiling=True, vae_slicing=True)
    renderer = Renderer(cache_dir, options)
    backend = renderer.add_backend(RandomWanBackend(options=options, text_layers=2))
    pipe = backend.load()
    # Real size: 1.3B in the DiT plus its 15 VACE blocks (2.15B in all), the 127M-parameter VAE.
    n = sum(p.numel() for p in pipe.transformer.parameters())
    assert 2.0e9 < n < 2.3e9
    assert pipe.transformer.dtype == torch.bfloat16 and pipe.text_encoder.dtype == torch.bfloat16
    assert pipe.vae.dtype == torch.float32
    assert pipe.text_encoder.config.d_model == 4096 and pipe.text_encoder.config.num_layers == 2
    # The 256384x4096 embedding once (shared with the encoder's), plus two layers of 193M.
    text = pipe.text_encoder
    assert text.shared.weight is text.encoder.embed_tokens.weight
    assert 1.40e9 < sum(p.numel() for p in text.parameters()) < 1.47e9
    # Tiles of 32 px with a 16 px stride: a 64x64 frame is decoded in overlapping tiles.
    pipe.vae.enable_tiling(tile_sample_min_height=32, tile_sample_min_width=32,
                           tile_sample_stride_height=16, tile_sample_stride_width=16)
    assert pipe.vae.use_tiling and pipe.vae.use_slicing
    tiled = []
    decode = pipe.vae.tiled_decode

    def spy(*args, **kwargs):
        tiled.append(args[0].shape)
        return decode(*args, **kwargs)

    pipe.vae.tiled_decode = spy
    steps = []
    result = renderer.render(shot, RenderOptions(backend="wan-vace-random", steps=2),
                             progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 2), (2, 2)]
    assert tiled, "the VAE decoded without tiles"
    assert result.frames.shape == (17, 64, 64, 3) and result.frames.std() > 0
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["backend"] == "wan-vace-random"
    assert info["weights"].startswith("wan-vace-random:")
    assert info["memory"]["vae_tiling"] is True and info["memory"]["dtype"] == "bfloat16"
    assert np.array_equal(renderer.cache.get(result.key), result.frames)
    renderer.release()
    assert backend.pipe is None
