"""Loading weights the way real models load: a saved tiny pipeline through the real backends'
code path, from a local folder and from a repo id in an offline Hugging Face cache."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from previz.neural_render import Renderer, RenderOptions
from previz.neural_render.tiny_animatediff import build_tiny_animatediff
from previz.neural_render.tiny_wan import build_tiny_wan
from previz.neural_render.weights import resolve_weights
from previz.world.errors import InputError

pytestmark = [pytest.mark.slow, pytest.mark.render]

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def install_in_hf_cache(folder, cache, repo_id):
    """Lay ``folder`` out as the hub cache does: models--o--n/snapshots/<commit>, refs/main."""
    base = cache / f"models--{repo_id.replace('/', '--')}"
    shutil.copytree(folder, base / "snapshots" / COMMIT)
    (base / "refs").mkdir(parents=True)
    (base / "refs" / "main").write_text(COMMIT)


@pytest.fixture
def offline_hub(tmp_path, monkeypatch):
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return cache


def same_weights(a, b) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(np.array_equal(sa[k].numpy(), sb[k].numpy()) for k in sa)


def test_wan_vace_loads_a_saved_pipeline_from_folder_and_repo_id(passes_factory, tmp_path,
                                                                 offline_hub):
    built = build_tiny_wan()
    saved = tmp_path / "tiny-wan-saved"
    built.save_pretrained(saved)
    shot = passes_factory(frames=5, width=32, height=16)
    # The real backend's path (wan-vace + weights), from a folder ...
    renderer = Renderer(tmp_path / "c1")
    from_folder = renderer.render(
        shot, RenderOptions(backend="wan-vace", weights=str(saved), steps=2), write=False)
    loaded = renderer.backend("wan-vace", str(saved)).pipe
    for name in ("transformer", "vae", "text_encoder"):
        assert same_weights(getattr(loaded, name), getattr(built, name)), name
    assert from_folder.info["weights"].startswith("wan-vace:")
    # ... and by repo id from the offline cache: same weights identity, same frames.
    install_in_hf_cache(saved, offline_hub, "previz-test/tiny-wan-vace")
    assert resolve_weights("previz-test/tiny-wan-vace").name == COMMIT
    from_hub = Renderer(tmp_path / "c2").render(
        shot, RenderOptions(backend="wan-vace", weights="previz-test/tiny-wan-vace", steps=2),
        write=False)
    assert from_hub.info["weights"] == from_folder.info["weights"]
    assert np.array_equal(from_hub.frames, from_folder.frames)
    # tiny-wan with --weights goes through the same loader and matches the in-code build.
    reference = Renderer(tmp_path / "c0").render(shot, RenderOptions(backend="tiny-wan"),
                                                 write=False)
    reloaded = Renderer(tmp_path / "c3").render(
        shot, RenderOptions(backend="tiny-wan", weights=str(saved)), write=False)
    assert np.array_equal(reloaded.frames, reference.frames)


def test_animatediff_loads_a_saved_pipeline(passes_factory, tmp_path, offline_hub):
    saved = tmp_path / "tiny-ad-saved"
    build_tiny_animatediff(["depth"]).save_pretrained(saved)
    shot = passes_factory(frames=4, width=32, height=16)
    reference = Renderer(tmp_path / "c0").render(
        shot, RenderOptions(backend="tiny-animatediff"), write=False)
    install_in_hf_cache(saved, offline_hub, "previz-test/tiny-animatediff")
    loaded = Renderer(tmp_path / "c1").render(
        shot, RenderOptions(backend="animatediff-controlnet",
                            weights="previz-test/tiny-animatediff", steps=2), write=False)
    assert np.array_equal(loaded.frames, reference.frames)
    # The saved pipeline holds one ControlNet: asking for two controls is bad input.
    with pytest.raises(InputError, match="1 ControlNet"):
        Renderer(tmp_path / "c2").render(
            shot, RenderOptions(backend="animatediff-controlnet", weights=str(saved),
                                controls=("depth", "pose")), write=False)


def test_missing_models_fail_fast_with_what_to_download(tmp_path, offline_hub):
    with pytest.raises(InputError, match=r"hf download Wan-AI/Wan2\.1-VACE-1\.3B-diffusers"):
        resolve_weights("Wan-AI/Wan2.1-VACE-1.3B-diffusers")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"no model_index\.json"):
        resolve_weights(str(empty))
    with pytest.raises(InputError, match="not found"):
        resolve_weights(str(tmp_path / "nowhere" / "x" / "y"))
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "model_index.json").write_text(json.dumps({"_class_name": "FluxPipeline"}))
    from previz.neural_render.registry import create_backend

    with pytest.raises(InputError, match="needs a WanVACEPipeline"):
        create_backend("wan-vace", str(wrong)).load()


def test_animatediff_loads_its_ip_adapter_from_the_cache(passes_factory, tmp_path, offline_hub,
                                                        monkeypatch):
    """The real backend's IP-Adapter path: an adapter written in h94/IP-Adapter's layout
    (``models/ip-adapter_sd15.safetensors`` and ``models/image_encoder``, by save_pretrained
    and safetensors) and installed in the offline cache is loaded into a saved pipeline by
    ``load_ip_adapter``: the same weights as the in-code tiny adapter, so the same frames as
    tiny-animatediff, reference image included; without it the references are reported as
    not used."""
    from PIL import Image

    from previz.neural_render.animatediff_controlnet import AnimateDiffControlNetBackend
    from previz.neural_render.tiny_animatediff import add_ip_adapter, save_tiny_ip_adapter

    built = build_tiny_animatediff(["depth"])
    saved = tmp_path / "tiny-ad-saved"
    built.save_pretrained(saved)  # no adapter in the pipeline folder
    save_tiny_ip_adapter(built.unet, tmp_path / "tiny-ip")
    install_in_hf_cache(tmp_path / "tiny-ip", offline_hub, "previz-test/tiny-ip-adapter")
    monkeypatch.setattr(AnimateDiffControlNetBackend, "ip_adapter", "previz-test/tiny-ip-adapter")
    # tiny-animatediff generates on one CPU thread (its `cpu_threads`); bit-equal frames need the
    # real backend on the same thread count (a sum split over more threads rounds otherwise).
    monkeypatch.setattr(AnimateDiffControlNetBackend, "cpu_threads", 1)

    shot = passes_factory(frames=4, width=32, height=16, prompt="")
    (shot / "refs").mkdir()
    Image.fromarray(np.full((20, 12, 3), (200, 10, 10), np.uint8)).save(shot / "refs" / "h.png")
    manifest = json.loads((shot / "manifest.json").read_text())
    for e in manifest["entities"]:
        e["reference_images"] = ["refs/h.png"] if e["id"] == "hero" else []
    (shot / "manifest.json").write_text(json.dumps(manifest))

    real = RenderOptions(backend="animatediff-controlnet", weights=str(saved), steps=2)
    renderer = Renderer(tmp_path / "c1")
    loaded = renderer.render(shot, real, write=False)
    pipe = renderer.backend("animatediff-controlnet", str(saved)).pipe
    reference = add_ip_adapter(build_tiny_animatediff(["depth"]))
    assert same_weights(pipe.image_encoder, reference.image_encoder)
    assert same_weights(pipe.unet, reference.unet)  # projection and to_k_ip / to_v_ip included
    assert loaded.info["references_not_used"] == []
    tiny = Renderer(tmp_path / "c0").render(shot, RenderOptions(backend="tiny-animatediff",
                                                                steps=2), write=False)
    assert np.array_equal(loaded.frames, tiny.frames)
    assert "ip:" in loaded.info["weights"]  # the adapter is part of the cache key

    # No adapter on this machine: the same render says the reference went unused.
    monkeypatch.setattr(AnimateDiffControlNetBackend, "ip_adapter", "previz-test/absent")
    bare = Renderer(tmp_path / "c2").render(shot, real, write=False)
    assert bare.info["references_not_used"] == [["hero", "h.png"]]
    assert not np.array_equal(bare.frames, loaded.frames)
