"""`previz render` through the command line's `main`: a real render, and bad inputs → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from previz.addon.cli import main


@pytest.mark.slow
@pytest.mark.render
def test_render_command_renders_then_hits_the_cache(passes_factory, cache_dir, capsys):
    # 6 frames at 30x18: Wan needs 4k+1 frames and multiples of 16, so this exercises the padding
    # to 9 frames / 32x16 and the trimming and resizing back.
    shot = passes_factory(frames=6, width=30, height=18)
    args = ["render", str(shot), "--backend", "tiny-wan", "--pass", "depth", "--steps", "2",
            "--seed", "3", "--cache-dir", str(cache_dir), "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "6 frames rendered" in out
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["seed"] == 3 and info["settings"]["steps"] == 2
    assert info["settings"]["working_size"] == [32, 16]
    frames = sorted((shot / "render" / "frames").glob("*.png"))
    assert [p.name for p in frames] == [f"{f:04d}.png" for f in range(1, 7)]
    assert Image.open(frames[0]).size == (30, 18)

    def stamp(p: Path) -> tuple[int, int]:
        return p.stat().st_ino, p.stat().st_mtime_ns

    written = {p: stamp(p) for p in (*frames, shot / "render" / "render.mp4")}
    assert main(args) == 0
    assert "from the cache" in capsys.readouterr().out
    # A cache hit over the same render re-encodes no frame or video; render.json says "hit".
    assert {p: stamp(p) for p in written} == written
    assert json.loads((shot / "render" / "render.json").read_text())["cache_hit"] is True
    # Another seed is another render: the folder is replaced as a whole.
    assert main([*args[:-5], "--seed", "4", *args[-3:]]) == 0
    assert "6 frames rendered" in capsys.readouterr().out
    info = json.loads((shot / "render" / "render.json").read_text())
    assert info["settings"]["seed"] == 4 and info["cache_hit"] is False


def bad(args, capsys) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    return err


def test_missing_passes_folder(tmp_path, capsys):
    err = bad(["render", str(tmp_path / "OUT" / "nope"), "--backend", "tiny-wan"], capsys)
    assert "passes folder not found" in err


def test_manifest_of_another_shot(passes_factory, tmp_path, capsys):
    shot = passes_factory(shot="orbit", frames=2, width=16, height=16)
    moved = shot.rename(tmp_path / "OUT" / "closeup")
    err = bad(["render", str(moved), "--backend", "tiny-wan"], capsys)
    assert "manifest is of shot 'orbit'" in err and "'closeup'" in err


def test_unknown_backend(passes_factory, capsys):
    shot = passes_factory(frames=2, width=16, height=16)
    err = bad(["render", str(shot), "--backend", "sora"], capsys)
    assert "unknown backend 'sora'" in err and "wan-vace" in err


def test_weights_folder_without_model_index(passes_factory, tmp_path, capsys):
    shot = passes_factory(frames=2, width=16, height=16)
    weights = tmp_path / "weights"
    weights.mkdir()
    err = bad(["render", str(shot), "--backend", "wan-vace", "--weights", str(weights),
               "--cache-dir", str(tmp_path / "c")], capsys)
    assert "no model_index.json" in err


def test_missing_control_pass_and_bad_chunk_size(passes_factory, tmp_path, capsys):
    shot = passes_factory(frames=2, width=16, height=16, passes=["depth_control"])
    err = bad(["render", str(shot), "--backend", "tiny-wan", "--pass", "pose"], capsys)
    assert "passes/pose" in err
    err = bad(["render", str(shot), "--backend", "tiny-wan", "--chunk-frames", "8",
               "--cache-dir", str(tmp_path / "c")], capsys)
    assert "4k+1" in err


def test_model_not_downloaded(passes_factory, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    shot = passes_factory(frames=2, width=16, height=16)
    err = bad(["render", str(shot), "--backend", "wan-vace", "--cache-dir",
               str(tmp_path / "c")], capsys)
    assert "hf download Wan-AI/Wan2.1-VACE-1.3B-diffusers" in err
