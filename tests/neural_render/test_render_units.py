"""Fast tests of the torch-free parts: passes reading, sizes, chunks, seeds, cache, change masks."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from previz.neural_render.cache import RenderCache, cache_key
from previz.neural_render.changes import change_mask, dilate
from previz.neural_render.chunking import Chunk, blend_into, plan_chunks
from previz.neural_render.passes import load_passes
from previz.neural_render.registry import check_backend
from previz.neural_render.seeds import chunk_seed
from previz.neural_render.sizing import pad_frames, valid_frame_count, working_size
from previz.world.errors import InputError


def test_import_does_not_load_torch():
    code = ("import sys, previz.neural_render, previz.addon.commands.render; "
            "print('torch' in sys.modules, 'diffusers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_working_size_is_valid_and_keeps_aspect():
    assert working_size(832, 480, 16, 832 * 480) == (832, 480)
    w, h = working_size(1920, 1080, 16, 832 * 480)
    assert w % 16 == 0 and h % 16 == 0 and w * h <= 832 * 480 * 1.05
    assert abs(w / h - 1920 / 1080) < 0.05
    assert working_size(5, 3, 8, 512 * 512) == (8, 8)


def test_valid_frame_count_and_padding():
    assert [valid_frame_count(n, 4) for n in (1, 2, 5, 6, 9, 48)] == [1, 5, 5, 9, 9, 49]
    assert valid_frame_count(7, 1) == 7
    frames = np.arange(3)[:, None] * np.ones((3, 2))
    padded = pad_frames(frames, 5)
    assert padded.shape == (5, 2) and (padded[3:] == 2).all()


def test_plan_chunks_cover_the_shot_with_overlap():
    chunks = plan_chunks(20, 9, 4)
    assert chunks[0] == Chunk(0, 0, 9, 0)
    assert chunks[-1].stop == 20
    assert all(c.length == 9 for c in chunks)
    for prev, cur in itertools.pairwise(chunks):
        assert cur.start < prev.stop and cur.overlap == prev.stop - cur.start >= 4
    assert plan_chunks(5, 9, 4) == [Chunk(0, 0, 5, 0)]
    with pytest.raises(InputError):
        plan_chunks(20, 9, 9)


def test_blend_crossfades_the_overlap():
    video = np.zeros((6, 1, 1, 3), np.uint8)
    blend_into(video, Chunk(0, 0, 4, 0), np.full((4, 1, 1, 3), 0, np.uint8))
    blend_into(video, Chunk(1, 2, 6, 2), np.full((4, 1, 1, 3), 90, np.uint8))
    assert video[:, 0, 0, 0].tolist() == [0, 0, 30, 60, 90, 90]


def test_chunk_seeds_are_stable_and_distinct():
    """Seeds pinned in tests/golden/pinned_values.json (a change re-renders every cached shot
    differently), distinct per shot seed and chunk, 63-bit."""
    from pathlib import Path

    pinned = json.loads((Path(__file__).parents[1] / "golden" / "pinned_values.json")
                        .read_text())["chunk_seed"]
    for key, seed in pinned.items():
        shot, chunk = map(int, key.split("/"))
        assert chunk_seed(shot, chunk) == seed, key
    seeds = {chunk_seed(s, c) for s in range(3) for c in range(3)}
    assert len(seeds) == 9 and all(0 <= s < 2**63 for s in seeds)


def test_cache_key_changes_with_every_part():
    base = {"world_hash": "a", "passes_hash": "b", "weights": "c", "settings": {"seed": 0}}
    k = cache_key(base)
    assert cache_key(dict(base)) == k
    for part, value in [("world_hash", "x"), ("passes_hash", "x"), ("weights", "x"),
                        ("settings", {"seed": 1})]:
        assert cache_key({**base, part: value}) != k


def test_cache_roundtrip_and_damaged_entry(tmp_path):
    cache = RenderCache(tmp_path)
    frames = np.random.default_rng(0).integers(0, 255, (3, 4, 5, 3), dtype=np.uint8)
    assert cache.get("ab" * 32) is None
    cache.put("ab" * 32, frames, {"shot": "s"})
    assert np.array_equal(cache.get("ab" * 32), frames)
    (cache.entry("ab" * 32) / "meta.json").write_text("{", encoding="utf-8")
    assert cache.get("ab" * 32) is None
    assert not [p for p in cache.entry("ab" * 32).parent.iterdir() if p.name.endswith(".tmp")]


def test_dilate_grows_by_radius():
    m = np.zeros((1, 9, 9), bool)
    m[0, 4, 4] = True
    d = dilate(m, 2)
    assert d.sum() == 25 and d[0, 2:7, 2:7].all()


def test_change_mask_sees_depth_segmentation_and_masks():
    shape = (2, 8, 8)
    old = {"depth_mm": np.full(shape, 5000, np.uint16),
           "segmentation": np.zeros((*shape, 3), np.uint8),
           "mask/hero": np.zeros(shape, bool)}
    new = {k: v.copy() for k, v in old.items()}
    assert not change_mask(old, new, radius=0).any()
    new["depth_mm"][0, 1, 1] = 5100
    new["segmentation"][1, 6, 6] = [1, 2, 3]
    new["mask/prop"] = np.zeros(shape, bool)
    new["mask/prop"][1, 0, 7] = True
    changed = change_mask(old, new, radius=0)
    assert changed.sum() == 3
    assert changed[0, 1, 1] and changed[1, 6, 6] and changed[1, 0, 7]
    new["depth_mm"][0, 2, 2] = 5010  # within the tolerance
    assert not change_mask(old, new, radius=0)[0, 2, 2]


def test_load_passes_reads_the_contract(passes_factory):
    shot = passes_factory(frames=3, width=20, height=12)
    passes = load_passes(shot)
    assert (passes.shot, passes.width, passes.height, passes.frames) == ("orbit", 20, 12, [1, 2, 3])
    assert passes.load_control("depth").shape == (3, 12, 20, 3)
    depth = passes.load_depth_mm()
    assert depth.shape == (3, 12, 20) and depth.min() > 2000 and depth.max() <= 10000
    assert sorted(passes.load_entity_masks()) == ["hero", "prop"]
    h1 = passes.files_hash(["depth_control"])
    assert h1 == passes.files_hash(["depth_control"]) != passes.files_hash(["normal"])


def test_load_passes_rejects_bad_folders(passes_factory, tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_passes(tmp_path / "nope")
    shot = passes_factory(frames=2, width=16, height=16, passes=["depth_control"])
    manifest = json.loads((shot / "manifest.json").read_text())
    with pytest.raises(InputError, match="missing pass folder"):
        load_passes(shot).control_folder("pose")
    with pytest.raises(InputError, match="unknown control"):
        load_passes(shot).control_folder("lidar")
    (shot / "manifest.json").write_text(json.dumps({**manifest, "shot": "other"}))
    with pytest.raises(InputError, match="shot 'other'"):
        load_passes(shot)
    (shot / "manifest.json").write_text(json.dumps({**manifest, "format": "x/2"}))
    with pytest.raises(InputError, match="format"):
        load_passes(shot)
    (shot / "manifest.json").write_text(json.dumps(manifest))
    (shot / "passes" / "depth_control" / "0002.png").unlink()
    with pytest.raises(InputError, match=r"0002\.png"):
        load_passes(shot).load_control("depth")


def test_unknown_backend():
    with pytest.raises(InputError, match="unknown backend 'sora'"):
        check_backend("sora")
