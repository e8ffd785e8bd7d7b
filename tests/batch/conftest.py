"""Fixtures of the batch tests: tiny Worlds, tiny-backend options, model-call counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from batch_worlds import short_shots_world, write_world

from previz.addon.batch import BatchOptions
from previz.neural_render import RenderOptions


@pytest.fixture
def world_file(tmp_path) -> Path:
    return write_world(tmp_path / "scenes" / "five.json", short_shots_world(5))


@pytest.fixture
def options(tmp_path) -> BatchOptions:
    return BatchOptions(render=RenderOptions(backend="tiny-wan", steps=2),
                        cache_dir=str(tmp_path / "cache"),
                        passes=("depth", "depth_control", "mask", "segmentation",
                                "segmentation_semantic"))


@dataclass
class Counts:
    loads: int = 0  # model loads (pipeline builds)
    chunks: int = 0  # model calls (one denoising loop per chunk)
    passes: list[str] = field(default_factory=list)  # shots whose passes were rendered


@pytest.fixture
def counts(monkeypatch) -> Counts:
    """Counts model loads, model calls and pass renders in this process."""
    from previz.addon.passes import render as passes_render
    from previz.neural_render.tiny_wan import TinyWanBackend

    c = Counts()
    load, generate, render_passes = (TinyWanBackend._load, TinyWanBackend.generate,
                                     passes_render.render_passes)

    def counted_load(self):
        c.loads += 1
        return load(self)

    def counted_generate(self, *a, **kw):
        c.chunks += 1
        return generate(self, *a, **kw)

    def counted_passes(world, scene, out, shot_id=None, **kw):
        c.passes.append(shot_id)
        return render_passes(world, scene, out, shot_id=shot_id, **kw)

    monkeypatch.setattr(TinyWanBackend, "_load", counted_load)
    monkeypatch.setattr(TinyWanBackend, "generate", counted_generate)
    monkeypatch.setattr(passes_render, "render_passes", counted_passes)
    return c
