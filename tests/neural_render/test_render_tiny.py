"""End-to-end renders of synthetic passes folders with the tiny backends (random weights, CPU)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from previz.neural_render import BackendOptions, RenderCancelled, Renderer, RenderOptions
from previz.neural_render.backend import ChunkRequest

pytestmark = [pytest.mark.slow, pytest.mark.render]


def count_denoiser_calls(backend) -> list[int]:
    calls = [0]

    def hook(module, args, kwargs=None):
        calls[0] += 1

    backend.denoiser().register_forward_pre_hook(hook)
    return calls


@pytest.mark.parametrize("backend", ["tiny-wan", "tiny-animatediff"])
def test_tiny_backend_renders_a_passes_folder(backend, passes_factory, cache_dir):
    shot = passes_factory(frames=13, width=40, height=24)
    renderer = Renderer(cache_dir)
    steps = []
    result = renderer.render(shot, RenderOptions(backend=backend),
                             progress=lambda done, total: steps.append((done, total)))
    out = shot / "render"
    # Exact frame range and resolution, uint8 frames as PNGs named by Blender frame.
    assert result.frames.shape == (13, 24, 40, 3) and result.frames.dtype == np.uint8
    pngs = sorted(p.name for p in (out / "frames").iterdir())
    assert pngs == [f"{f:04d}.png" for f in range(1, 14)]
    assert np.array_equal(np.asarray(Image.open(out / "frames" / "0007.png")), result.frames[6])
    assert result.frames.std() > 0  # not a blank image
    for name in ("render.mp4", "side_by_side.mp4", "conditions.npz"):
        assert (out / name).stat().st_size > 0
    import imageio.v2 as imageio

    with imageio.get_reader(out / "side_by_side.mp4", format="FFMPEG") as reader:
        assert reader.get_data(0).shape == (24, 80, 3)  # condition | result
        assert reader.count_frames() == 13
    info = json.loads((out / "render.json").read_text())
    assert info["cache_key"] == result.key and info["settings"]["backend"] == backend
    assert info["resolution"] == [40, 24] and (info["frame_start"], info["frame_end"]) == (1, 13)
    # 13 frames need two chunks; each chunk after the first overlaps the previous one.
    assert len(info["chunks"]) == 2 and info["chunks"][1]["overlap"] > 0
    assert info["chunks"][0]["seed"] != info["chunks"][1]["seed"]
    # Progress: one call per denoising step of every chunk.
    total = info["settings"]["steps"] * 2
    assert steps == [(i, total) for i in range(1, total + 1)]


@pytest.mark.parametrize("backend", ["tiny-wan", "tiny-animatediff"])
def test_control_known_frames_and_seed_reach_the_model(backend):
    """Same request, same latents and frames; another control, seed or set of known frames (the
    previous chunk's end that a chunk continues), other latents. The latents are the denoiser's
    outputs (its noise predictions), caught with a forward hook: with random tiny weights the
    decoded pixels may round a small latent change away."""
    import torch  # here, not at the top: the module collects without torch (3.13 CI run)

    b = Renderer().backend(backend)
    b.set_controls(["depth"])
    outputs = []
    b.denoiser().register_forward_hook(lambda m, args, out: outputs.append(out[0].detach().clone()))
    ramp = np.linspace(0, 255, 32, dtype=np.float64).astype(np.uint8)
    ctrl_a = np.broadcast_to(ramp[None, None, :, None], (5, 32, 32, 3)).copy()
    known = np.random.default_rng(0).integers(0, 255, (2, 32, 32, 3), dtype=np.uint8)

    def run(ctrl=ctrl_a, seed=1, known=known):
        outputs.clear()
        req = ChunkRequest("a crate", "", {"depth": ctrl}, 5, 32, 32, 2, 5.0, 1.0, seed,
                           known=known)
        frames = b.generate(req)
        return frames, torch.cat([o.flatten() for o in outputs])

    frames, latents = run()
    assert frames.shape == (5, 32, 32, 3) and frames.dtype == np.uint8
    frames2, latents2 = run()
    assert np.array_equal(frames, frames2) and torch.equal(latents, latents2)  # deterministic

    # Repeats are bit-identical (above), so any difference is the input's effect. The tiny random
    # VAE squashes images into similar latents, hence small but real differences.
    assert not torch.equal(run(ctrl=255 - ctrl_a)[1], latents)  # the control reaches the model
    assert not torch.equal(run(known=None)[1], latents)  # so do the previous chunk's frames
    assert not torch.equal(run(known=255 - known)[1], latents)
    assert float((run(seed=2)[1] - latents).abs().max()) > 1e-2


def test_cache_hit_skips_the_model_and_edits_miss(passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=16)
    renderer = Renderer(cache_dir)
    calls = count_denoiser_calls(renderer.backend("tiny-wan"))
    first = renderer.render(shot, RenderOptions(backend="tiny-wan"))
    assert not first.cache_hit and calls[0] > 0
    calls[0] = 0
    # A second renderer (a new session) with the same cache: no model call at all.
    again = Renderer(cache_dir)
    calls2 = count_denoiser_calls(again.backend("tiny-wan"))
    calls2[0] = 0
    hit = again.render(shot, RenderOptions(backend="tiny-wan"))
    assert hit.cache_hit and calls2[0] == 0 and hit.key == first.key
    assert np.array_equal(hit.frames, first.frames)
    assert json.loads((shot / "render" / "render.json").read_text())["cache_hit"] is True
    # Another seed, or a changed pass file, is a different key and runs the model.
    other = renderer.render(shot, RenderOptions(backend="tiny-wan", seed=7), write=False)
    assert not other.cache_hit and calls[0] > 0 and other.key != first.key
    edited = shot / "passes" / "depth_control" / "0003.png"
    arr = np.asarray(Image.open(edited)).copy()
    arr[0, 0] = 255 - arr[0, 0]
    Image.fromarray(arr).save(edited)
    assert renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False).key != first.key


def test_cancelled_render_caches_and_writes_nothing(passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=16)
    renderer = Renderer(cache_dir)
    with pytest.raises(RenderCancelled):
        renderer.render(shot, RenderOptions(backend="tiny-wan", steps=3),
                        progress=lambda d, t: None, cancel=lambda: True)
    assert not (shot / "render").exists()
    assert not cache_dir.exists() or not any(cache_dir.rglob("frames.npy"))
    # Cancelling after the first step stops the loop there.
    seen = []
    with pytest.raises(RenderCancelled):
        renderer.render(shot, RenderOptions(backend="tiny-wan", steps=3),
                        progress=lambda d, t: seen.append(d), cancel=lambda: len(seen) >= 1)
    assert seen == [1]
    ok = renderer.render(shot, RenderOptions(backend="tiny-wan", steps=3))
    assert not ok.cache_hit and (shot / "render" / "render.json").is_file()


def test_release_frees_the_pipeline_and_reloads_identically(passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=16)
    renderer = Renderer(cache_dir, BackendOptions(vae_slicing=True))
    a = renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False)
    backend = renderer.backend("tiny-wan")
    pipe = backend.pipe
    assert pipe is not None
    import weakref

    freed = weakref.ref(pipe)
    del pipe
    backend.release()
    assert backend.pipe is None
    assert freed() is None  # nothing else keeps the pipeline alive: its memory is free
    # The released backend itself loads again on the next render (no cache: the model runs) and
    # gives the same frames.
    from previz.neural_render.cache import RenderCache

    renderer.cache = RenderCache(cache_dir / "other")
    b = renderer.render(shot, RenderOptions(backend="tiny-wan"), write=False)
    assert renderer.backend("tiny-wan") is backend and backend.pipe is not None
    assert not b.cache_hit and np.array_equal(a.frames, b.frames)


def test_identical_frames_in_two_processes(passes_factory, tmp_path):
    import subprocess
    import sys

    shot = passes_factory(frames=9, width=32, height=16)
    code = (
        "import hashlib, sys; from previz.neural_render import Renderer, RenderOptions; "
        "r = Renderer(sys.argv[2]).render(sys.argv[1], RenderOptions(backend='tiny-wan'), "
        "write=False); print(hashlib.sha256(r.frames.tobytes()).hexdigest(), r.cache_hit)"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(shot), str(tmp_path / f"c{i}")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=300)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outs[0] == outs[1] and outs[0][1] == "False"
