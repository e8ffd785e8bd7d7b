"""The tiny backend's frames, cache key and condition snapshot, pinned (issue 18): a render's
fixed costs (reading the passes on threads, the label volume for the visible entities, the model
loading beside the reading, the cache entry stored while the outputs are written) are cut without
changing what is rendered. The values were recorded at 9f8e71c, before those changes; a change of
torch, diffusers or the tiny configs changes them too (then record them again, saying why)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image

from previz.neural_render import Renderer, RenderOptions, load_passes
from previz.neural_render import prompts as prompts_mod
from previz.neural_render.changes import load_snapshot, snapshot
from previz.neural_render.prompts import visible_entities

POSE = {"backend": None, "steps": None, "guidance_scale": None, "control": ["depth", "pose"],
        "conditioning_scale": 1.0}
#: case → (passes folder arguments, frames sha256, cache key, condition snapshot sha256)
PINNED = {
    "composed": (dict(prompt="", frames=17, width=48, height=32),
                 "ba029b6915a8620f3c25f30562886a639222d50ce3b7bbb3bf38824a28f37bba",
                 "049b3dd877454768c1f2586b459b5e14a7059cbe5a6406821284c3eb85fb01f5",
                 "7122e3f3395fe5d5c72f4f8a885913c2a814e39f31d476f54ffda9daa3f63932"),
    "pose": (dict(frames=13, width=40, height=24, render=POSE),
             "0aa044338e7572b0b313c5b15cf06ff859929481260f0d791b9a28d7aa6a7792",
             "049d8e4cf0f2d35bd5e8ad4bb6e64bd84e2d0d3542ebbe5309108df613b2e503",
             "366b103af1b034e071adb7159d49f344a24c4fcfa07506a04668d2f2119f45ce"),
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _snapshot_sha(snap: dict[str, np.ndarray]) -> str:
    return _sha(b"".join(k.encode() + np.ascontiguousarray(v).tobytes() + str(v.dtype).encode()
                         for k, v in sorted(snap.items())))


@pytest.mark.slow
@pytest.mark.render  # the tiny backend needs torch and diffusers
@pytest.mark.parametrize("case", sorted(PINNED))
def test_tiny_wan_frames_key_and_snapshot_are_pinned(case, passes_factory, cache_dir,
                                                     monkeypatch) -> None:
    from previz.neural_render import preload

    monkeypatch.setattr(preload, "no_blender", True)  # the model loads beside the reading
    kwargs, frames_sha, key, snap_sha = PINNED[case]
    shot = passes_factory(**kwargs)
    result = Renderer(cache_dir).render(shot, RenderOptions(backend="tiny-wan"))
    assert result.info["visible_entities"] == ["hero", "prop"]
    assert _sha(result.frames.tobytes()) == frames_sha
    assert result.key == key
    assert _snapshot_sha(load_snapshot(shot / "render" / "conditions.npz")) == snap_sha
    # the PNG frames (deflated at `output.PNG_LEVEL`) hold exactly these pixels
    pngs = sorted((shot / "render" / "frames").glob("*.png"))
    assert len(pngs) == len(result.frames)
    assert all(np.array_equal(np.asarray(Image.open(p)), f) for p, f in zip(pngs, result.frames,
                                                                              strict=True))
    # and again from the cache, written over the same render: the same pixels and key
    again = Renderer(cache_dir).render(shot, RenderOptions(backend="tiny-wan"))
    assert again.cache_hit and again.key == key
    assert np.array_equal(again.frames, result.frames)


def test_visible_entities_from_the_labels_equal_those_from_the_masks(passes_factory,
                                                                     monkeypatch) -> None:
    # the crate is smaller on screen than the woman: the order (largest first) follows each
    # entity's pixel count, so labels numbered one off would swap them
    shot = passes_factory(frames=9, prompt="", prop_x=34)
    passes = load_passes(shot)
    assert prompts_mod._labels_cheaper(passes, 2, 9)  # 9 + 3 x 2 files < 2 x 9
    from_labels = visible_entities(passes)
    assert "mask" in passes._memo  # read once, kept for the snapshot
    monkeypatch.setattr(prompts_mod, "_labels_cheaper", lambda *a: False)
    from_masks = visible_entities(load_passes(shot))
    assert from_labels == from_masks == (["hero", "prop"], "mask")
    # an entity seen in no sampled frame is visible in neither way
    hidden = passes_factory(frames=9, prompt="", prop_x=60)
    monkeypatch.undo()
    assert visible_entities(load_passes(hidden)) == (["hero"], "mask")
    monkeypatch.setattr(prompts_mod, "_labels_cheaper", lambda *a: False)
    assert visible_entities(load_passes(hidden)) == (["hero"], "mask")


def test_snapshot_depth_without_int32_equals_the_clipped_depth(passes_factory) -> None:
    passes = load_passes(passes_factory(frames=5))
    depth = passes.load_depth_mm()
    fast = passes.load_depth_mm16()
    assert fast.dtype == np.uint16 and depth.max() > 255
    assert np.array_equal(fast, np.clip(depth, 0, 65535).astype(np.uint16))
    snap = snapshot(passes, {})
    assert np.array_equal(snap["depth_mm"], fast)
    assert snap["segmentation"] is passes.segmentation_frames()  # decoded once


@pytest.mark.parametrize("size", [(6, 10), (5, 7)])  # even, and odd both ways
@pytest.mark.parametrize("side_by_side", [False, True])
def test_mp4_frames_reach_ffmpeg_as_the_padded_video(size, side_by_side, tmp_path,
                                                     monkeypatch) -> None:
    """`output.write_mp4` streams each frame (the side by side assembled frame by frame): the
    bytes ffmpeg reads are those of the whole video padded to even sizes by repeating the
    edge, as `_even` (np.pad's "edge") pads it."""
    from previz.neural_render import output

    raw = tmp_path / "raw.bin"
    fake = tmp_path / "ffmpeg"  # stands for ffmpeg: keeps what it reads, says the size asked
    fake.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args.txt"}\ncat > {raw}\n')
    fake.chmod(0o755)
    monkeypatch.setattr("imageio_ffmpeg.get_ffmpeg_exe", lambda: str(fake))
    rng = np.random.default_rng(5)
    h, w = size
    frames = rng.integers(0, 256, (3, h, w, 3), dtype=np.uint8)
    left = rng.integers(0, 256, (3, h, w, 3), dtype=np.uint8) if side_by_side else None
    output.write_mp4(tmp_path / "v.mp4", frames, 24.0, left)
    whole = np.concatenate([left, frames], axis=2) if side_by_side else frames
    want = output._even(whole)
    assert raw.read_bytes() == want.tobytes()
    ew, eh = want.shape[2], want.shape[1]
    assert f"-s {ew}x{eh}" in (tmp_path / "args.txt").read_text()
    assert (eh, ew) == (h + h % 2, whole.shape[2] + whole.shape[2] % 2)


def test_mp4_failure_names_the_file_and_ffmpeg_s_words(tmp_path, monkeypatch) -> None:
    from previz.neural_render import output

    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'no such encoder' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("imageio_ffmpeg.get_ffmpeg_exe", lambda: str(fake))
    frames = np.zeros((40, 64, 64, 3), np.uint8)  # more than a pipe holds: the write breaks
    with pytest.raises(RuntimeError, match=r"v\.mp4: no such encoder"):
        output.write_mp4(tmp_path / "v.mp4", frames, 24.0)


def test_nothing_loads_beside_unless_blender_is_loaded_or_never_will_be(monkeypatch) -> None:
    """Importing torch on one thread while bpy is imported on another hangs: the preload starts
    only when bpy is loaded already or the command never loads it."""
    import sys

    from previz.neural_render import preload

    ran: list[str] = []
    monkeypatch.delitem(sys.modules, "bpy", raising=False)
    monkeypatch.setattr(preload, "no_blender", False)
    monkeypatch.setattr(preload, "_started", {})
    assert preload.start("x", lambda: ran.append("x")) is None
    assert preload.in_background("y", lambda: ran.append("y")) is None
    assert ran == []
    monkeypatch.setattr(preload, "no_blender", True)
    for thread in (preload.start("x", lambda: ran.append("x")),
                   preload.in_background("y", lambda: ran.append("y"))):
        thread.join()
    assert sorted(ran) == ["x", "y"]
    monkeypatch.setattr(preload, "no_blender", False)
    monkeypatch.setitem(sys.modules, "bpy", object())  # as once the build has loaded it
    preload.in_background("z", lambda: ran.append("z")).join()
    assert ran[-1] == "z"
