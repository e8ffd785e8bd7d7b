"""What the video model is told is the shot: the prompt names what the shot shows, each visible
entity brings its reference images and its seed family, and long shots keep their colours across
chunk seams. The pipeline calls of the tiny backends are captured to see what the model got."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from previz.addon.cli import main
from previz.neural_render import Renderer, RenderOptions, load_passes
from previz.neural_render.chunking import match_seam
from previz.neural_render.colour import delta_e, lab_to_rgb, rgb_to_lab
from previz.neural_render.prompts import NEGATIVE, shot_text, visible_entities
from previz.neural_render.seeds import entity_seed, initial_noise, latent_masks
from previz.world.passes_contract import MASK, PASSES, frame_path

GHOST = {"id": "ghost", "kind": "character", "semantic_class": "person",
         "appearance": "a pale ghost in a blue sheet", "reference_images": []}


def add_ghost(shot, refs: list[str] = ()) -> None:
    """An entity in the manifest that the camera never sees (an all-black mask)."""
    manifest = json.loads((shot / "manifest.json").read_text())
    manifest["entities"].append({**GHOST, "reference_images": list(refs)})
    (shot / "manifest.json").write_text(json.dumps(manifest))
    if (shot / "passes" / MASK).is_dir():
        passes = load_passes(shot)
        for f in passes.frames:
            path = shot / frame_path(MASK, f, entity="ghost")
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(np.zeros((passes.height, passes.width), np.uint8)).save(path)


def set_manifest(shot, **entity_refs: list[str]) -> None:
    manifest = json.loads((shot / "manifest.json").read_text())
    for e in manifest["entities"]:
        if e["id"] in entity_refs:
            e["reference_images"] = entity_refs[e["id"]]
    (shot / "manifest.json").write_text(json.dumps(manifest))


def write_ref(shot, name: str, colour: tuple[int, int, int]) -> str:
    (shot / "refs").mkdir(exist_ok=True)
    Image.fromarray(np.full((20, 12, 3), colour, np.uint8)).save(shot / "refs" / name)
    return f"refs/{name}"


def spy(renderer: Renderer, backend: str) -> list[dict]:
    """The keyword arguments of every pipeline call the backend makes."""
    pipe = renderer.backend(backend).load()
    calls: list[dict] = []
    call = pipe.__call__

    class Spy(type(pipe)):
        def __call__(self, *args, **kwargs):
            calls.append(kwargs)
            return call(*args, **kwargs)

    pipe.__class__ = Spy
    return calls


# -- prompts -------------------------------------------------------------------------------------

def test_visible_entities_from_masks_or_segmentation(passes_factory):
    shot = passes_factory(frames=5, prompt="")
    add_ghost(shot)
    assert visible_entities(load_passes(shot)) == (["hero", "prop"], "mask")
    no_mask = passes_factory(frames=5, prompt="", shot="seg",
                             passes=[p for p in PASSES if p != MASK])
    add_ghost(no_mask)
    assert visible_entities(load_passes(no_mask)) == (["hero", "prop"], "segmentation")
    # The hero covers more of the picture than the crate: it is named first.
    text = shot_text(load_passes(shot), "tiny-wan")
    assert (text.prompt, text.source) == ("a woman in a red coat, a crate", "composed")
    # Neither pass: nothing is known to be visible, and the prompt says nothing it cannot see.
    bare = passes_factory(frames=5, prompt="", shot="bare", passes=["depth"])
    assert visible_entities(load_passes(bare)) == ([], "")


def test_user_text_wins_and_negative_prompts_per_backend(passes_factory):
    shot = passes_factory(frames=5, prompt="my own words about the shot")
    passes = load_passes(shot)
    assert shot_text(passes, "tiny-wan").prompt == "my own words about the shot"
    assert shot_text(passes, "tiny-wan", prompt="from the command line").prompt == \
        "from the command line"
    assert shot_text(passes, "tiny-wan").negative_prompt == "blurry"  # the shot's own
    manifest = json.loads((shot / "manifest.json").read_text())
    manifest["shot_settings"]["negative_prompt"] = ""
    (shot / "manifest.json").write_text(json.dumps(manifest))
    passes = load_passes(shot)
    assert shot_text(passes, "tiny-wan").negative_prompt == NEGATIVE["wan-vace"]
    assert shot_text(passes, "tiny-animatediff").negative_prompt == \
        NEGATIVE["animatediff-controlnet"]
    assert NEGATIVE["wan-vace"] != NEGATIVE["animatediff-controlnet"]


@pytest.mark.slow
@pytest.mark.render
@pytest.mark.parametrize("backend", ["tiny-wan", "tiny-animatediff"])
def test_the_model_is_told_the_visible_appearances(backend, passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=16, prompt="")
    add_ghost(shot)
    set_manifest(shot, hero=[write_ref(shot, "hero.png", (200, 10, 10))])
    renderer = Renderer(cache_dir)
    calls = spy(renderer, backend)
    result = renderer.render(shot, RenderOptions(backend=backend, steps=1))
    assert calls and all(c["prompt"] == "a woman in a red coat, a crate" for c in calls)
    assert all("ghost" not in c["prompt"] for c in calls)
    assert result.info["prompt_source"] == "composed"
    assert result.info["visible_entities"] == ["hero", "prop"]
    # VACE takes the hero's reference image, AnimateDiff through its IP-Adapter.
    assert result.info["settings"]["references"] == [["hero", "hero.png"]]
    assert result.info["references_not_used"] == []
    # The user's text, set on the shot, is what the model receives, word for word.
    own = passes_factory(frames=5, width=32, height=16, prompt="a rainy night", shot="own")
    calls.clear()
    renderer.render(own, RenderOptions(backend=backend, steps=1))
    assert {c["prompt"] for c in calls} == {"a rainy night"}
    renderer.release()


def set_lighting(shot, text: str) -> None:
    manifest = json.loads((shot / "manifest.json").read_text())
    manifest["lighting"] = {"look": None, "text": text}
    (shot / "manifest.json").write_text(json.dumps(manifest))


def test_composed_prompt_names_the_lighting_look(passes_factory):
    shot = passes_factory(frames=5, prompt="")
    set_lighting(shot, "low key light")
    text = shot_text(load_passes(shot), "tiny-wan")
    assert text.prompt == "a woman in a red coat, a crate; low key light"
    set_lighting(shot, "")  # no lights: the appearances alone
    assert shot_text(load_passes(shot), "tiny-wan").prompt == "a woman in a red coat, a crate"


@pytest.mark.slow
@pytest.mark.render
@pytest.mark.parametrize("backend", ["tiny-wan", "tiny-animatediff"])
def test_the_model_is_told_the_lighting_look(backend, passes_factory, cache_dir):
    shot = passes_factory(frames=3, width=32, height=16, prompt="")
    set_lighting(shot, "golden hour light")
    renderer = Renderer(cache_dir)
    calls = spy(renderer, backend)
    renderer.render(shot, RenderOptions(backend=backend, steps=1))
    assert calls and {c["prompt"] for c in calls} == {
        "a woman in a red coat, a crate; golden hour light"}
    renderer.release()


# -- identity: reference images and seed families ----------------------------------------------

@pytest.mark.slow
@pytest.mark.render
def test_reference_images_reach_animatediffs_ip_adapter(passes_factory, cache_dir):
    """The visible hero's reference image is the IP-Adapter's input in every pipeline call,
    and it changes the footage (a red and a blue reference give different frames)."""
    renderer = Renderer(cache_dir)
    calls = spy(renderer, "tiny-animatediff")
    frames = {}
    for colour in ((200, 10, 10), (10, 10, 200)):
        shot = passes_factory(frames=3, width=32, height=16, prompt="", shot=f"s{colour[0]}")
        set_manifest(shot, hero=[write_ref(shot, "hero.png", colour)])
        calls.clear()
        result = renderer.render(shot, RenderOptions(backend="tiny-animatediff", steps=1))
        assert calls and all("ip_adapter_image_embeds" not in c for c in calls)
        for c in calls:
            (images,) = c["ip_adapter_image"]  # one adapter, the hero's one image
            assert [np.asarray(i)[0, 0].tolist() for i in images] == [list(colour)]
        frames[colour] = result.frames
    assert np.abs(frames[(200, 10, 10)].astype(int) - frames[(10, 10, 200)]).max() > 0
    # no reference: the adapter is off (zero embeddings at scale 0), not fed a stale image
    bare = passes_factory(frames=3, width=32, height=16, prompt="", shot="bare")
    calls.clear()
    renderer.render(bare, RenderOptions(backend="tiny-animatediff", steps=1))
    assert calls and all("ip_adapter_image" not in c for c in calls)
    assert all(float(c["ip_adapter_image_embeds"][0].abs().max()) == 0.0 for c in calls)
    renderer.release()


@pytest.mark.slow
@pytest.mark.render
def test_reference_images_of_visible_entities_reach_vace(passes_factory, cache_dir):
    shot = passes_factory(frames=5, width=32, height=16, prompt="")
    hero_ref = write_ref(shot, "hero.png", (200, 10, 10))
    ghost_ref = write_ref(shot, "ghost.png", (10, 10, 200))
    set_manifest(shot, hero=[hero_ref])
    add_ghost(shot, [ghost_ref])
    renderer = Renderer(cache_dir)
    calls = spy(renderer, "tiny-wan")
    result = renderer.render(shot, RenderOptions(backend="tiny-wan", steps=1))
    (call,) = calls
    refs = call["reference_images"]
    assert len(refs) == 1  # the hero's; the ghost is not in the shot
    assert np.asarray(refs[0])[0, 0].tolist() == [200, 10, 10]
    assert result.info["settings"]["references"] == [["hero", "hero.png"]]
    # The reference frames come first in VACE's latents: one more latent frame.
    assert call["latents"].shape[2] == 1 + (5 - 1) // 4 + 1
    renderer.release()


def test_missing_or_unreadable_reference_image_is_exit_2(passes_factory, cache_dir, capsys):
    shot = passes_factory(frames=5, width=32, height=16)
    set_manifest(shot, hero=["refs/absent.png"])
    args = ["render", str(shot), "--backend", "tiny-wan", "--cache-dir", str(cache_dir),
            "--no-progress"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "absent.png" in err and "'hero'" in err and "Traceback" not in err
    (shot / "refs").mkdir()
    (shot / "refs" / "broken.png").write_bytes(b"not a png at all")
    set_manifest(shot, hero=["refs/broken.png"])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "broken.png" in err and "'hero'" in err and "not a readable image" in err
    assert not (shot / "render").exists()  # nothing half-written


def test_entity_seed_family_is_pinned_and_process_independent():
    assert entity_seed("hero", "a woman in a red coat") == 6054519250034327730
    assert entity_seed("hero", "a woman in a blue coat") != entity_seed("hero",
                                                                        "a woman in a red coat")
    code = ("from previz.neural_render.seeds import entity_seed;"
            "print(entity_seed('hero', 'a woman in a red coat'))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": h}, check=True).stdout
            for h in ("1", "2")}
    assert outs == {"6054519250034327730\n"}


@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
def test_entity_region_noise_comes_from_its_family_not_the_shot():
    masks = {"hero": np.zeros((5, 16, 32), bool)}
    masks["hero"][:, :8, :16] = True  # the top-left quarter: 1x2 latent cells at /8
    regions = latent_masks(masks, 2, 2, 4, 4)
    assert regions["hero"][:, 0, :2].all() and not regions["hero"][:, 1].any()
    shape = (1, 16, 2, 2, 4)
    a = initial_noise(shape, 1, regions, {"hero": 77}, "cpu").numpy()
    b = initial_noise(shape, 2, regions, {"hero": 77}, "cpu").numpy()
    inside = np.broadcast_to(regions["hero"][None, None], shape)
    assert np.array_equal(a[inside], b[inside])  # two shots, one character: same noise
    assert not np.allclose(a[~inside], b[~inside])  # the rest is each shot's own
    c = initial_noise(shape, 1, regions, {"hero": 78}, "cpu").numpy()
    assert not np.allclose(a[inside], c[inside])


@pytest.mark.slow
@pytest.mark.render
def test_two_shots_start_a_character_from_the_same_noise(passes_factory, cache_dir):
    """Same passes, two shots with different seeds: the initial latents the pipeline receives
    agree where the hero is and differ elsewhere."""
    renderer = Renderer(cache_dir)
    calls = spy(renderer, "tiny-wan")
    for name, seed in (("one", 1), ("two", 2)):
        renderer.render(passes_factory(frames=5, width=64, height=64, seed=seed, shot=name,
                                       prop_x=200), RenderOptions(backend="tiny-wan", steps=1))
    a, b = (c["latents"].numpy() for c in calls)
    same = np.isclose(a, b).all(axis=1)[0]  # (frames, h, w) latent cells equal in every channel
    assert same.any() and not same.all()
    renderer.release()


# -- long shots: anchor and colour matching ------------------------------------------------------

def test_lab_round_trip_and_seam_matching():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (4, 8, 8, 3), dtype=np.uint8)
    assert np.abs(lab_to_rgb(rgb_to_lab(img)).astype(int) - img).max() <= 1
    assert rgb_to_lab(np.array([255, 255, 255], np.uint8)) == pytest.approx([100, 0, 0], abs=0.01)
    # A chunk that came out warmer and flatter than the previous one over their overlap.
    prev = rng.integers(40, 200, (6, 8, 8, 3), dtype=np.uint8)
    lab = rgb_to_lab(prev)
    shifted = lab_to_rgb(lab * [0.8, 0.7, 0.7] + [6.0, 9.0, 12.0])
    matched, seam = match_seam(prev[:3], shifted, 3)
    assert seam.before > 8.0 and seam.after < 1.5
    assert delta_e(prev[3:], matched[3:]) < 1.5  # the whole chunk moved, not only the overlap


@pytest.mark.slow
@pytest.mark.render
def test_long_shot_seams_and_anchor(passes_factory, cache_dir):
    shot = passes_factory(frames=17, width=32, height=16, prompt="")
    renderer = Renderer(cache_dir)
    calls = spy(renderer, "tiny-wan")
    result = renderer.render(shot, RenderOptions(backend="tiny-wan", steps=1))
    seams = result.info["seams"]
    assert len(seams) == len(result.info["chunks"]) - 1 >= 2
    assert all(s["delta_e_after"] < s["delta_e_before"] for s in seams)
    # The anchor: no reference for the first chunk, its first frame for every later one.
    assert [len(c["reference_images"] or []) for c in calls] == [0] + [1] * len(seams)
    assert result.info["settings"]["anchor"] is True
    calls.clear()
    plain = renderer.render(shot, RenderOptions(backend="tiny-wan", steps=1, anchor=False,
                                                colour_match=False))
    assert plain.info["seams"] == [] and plain.key != result.key
    assert [c["reference_images"] for c in calls] == [None] * len(calls)
    renderer.release()


def test_scene_render_with_a_missing_reference_image_is_exit_2(tmp_path, capsys):
    """`previz render WORLD --all`: the World's reference images are checked before any pass
    is rendered (the passes writer only warns, as a pass does not need them)."""
    from pathlib import Path

    room = Path(__file__).resolve().parents[2] / "examples" / "two_characters_room.json"
    world = tmp_path / "room.json"
    world.write_text(room.read_text())  # mara names refs/mara_front.png, not beside it
    out = tmp_path / "OUT"
    assert main(["render", str(world), "--all", "-o", str(out), "--backend", "tiny-wan",
                 "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "mara_front.png" in err and "'mara'" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
    (tmp_path / "refs").mkdir()
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(tmp_path / "refs" / "mara_front.png")
    (tmp_path / "refs" / "rex_side.png").write_bytes(b"\x89PNG broken")
    text = world.read_text().replace("refs/mara_front.png", "refs/rex_side.png")
    world.write_text(text)
    assert main(["render", str(world), "--all", "-o", str(out), "--backend", "tiny-wan",
                 "--no-progress"]) == 2
    assert "rex_side.png" in capsys.readouterr().err
