"""The Ray engine on a local Ray cluster started by the test (loopback, 2 CPUs): the same frames
as the local engine, byte for byte, with the model work done in two Ray actors."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import bpy  # noqa: F401  (the driver renders the passes in Blender)
import pytest
import ray  # the `cluster` extra (the README test command installs it)
from batch_worlds import short_shots_world, write_world

from previz.addon.batch import plan_batch, run_local

pytestmark = [pytest.mark.blender, pytest.mark.slow, pytest.mark.render]


@pytest.fixture
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")
    yield ray
    ray.shutdown()


def frames_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.glob("*/render/frames/*.png"))}


def test_ray_batch_gives_the_local_engines_frames(tmp_path, options, counts, local_ray):
    import torch

    from previz.addon.batch.ray_engine import run_ray

    data = short_shots_world(5)
    data["shots"][3]["render"]["control"] = ["pose"]  # a pass this batch does not render
    world = write_world(tmp_path / "five.json", data)
    jobs = plan_batch([world], None, options)
    local = run_local(jobs, tmp_path / "local", options, show_progress=False)
    assert counts.chunks == 4 and local[3].status == "failed"
    # s04's passes are already in the Ray output (so the driver reuses them), with one control
    # frame damaged: the actor fails on it (not bad input, so it is retried) every time.
    shutil.copytree(tmp_path / "local" / "s04", tmp_path / "ray" / "s04",
                    ignore=shutil.ignore_patterns("render"))
    (tmp_path / "ray" / "s04" / "passes" / "depth_control" / "0033.png").write_bytes(b"junk")

    counts.chunks, counts.passes = 0, []
    # Its own cache: the actors must run the model, not read the local engine's results. The
    # actors use this process's torch thread count (CPU results depend on it).
    ray_options = replace(options, cache_dir=str(tmp_path / "cache-ray"))
    results = run_ray(jobs, tmp_path / "ray", ray_options, workers=2,
                      torch_threads=torch.get_num_threads(), show_progress=False)
    assert [r.status for r in results] == ["done"] * 3 + ["failed"] * 2
    assert [r.cache_hit for r in results] == [False] * 3 + [None] * 2
    # The actor's error reaches the summary as the local engine reports it (bad input: no retry).
    assert "missing pass folder for control 'pose'" in results[3].error
    assert results[3].error == local[3].error.replace("/local/", "/ray/")
    assert results[3].attempts == 1
    # The damaged pass image is named (issue 23), with what the reader said about it.
    assert "passes/depth_control/0033.png: not a readable pass image (UnidentifiedImageError" \
        in results[4].error
    # A damaged pass is bad input now (named, as above): not retried.
    assert results[4].attempts == 1 and results[4].passes_reused is True
    assert counts.chunks == 0  # the model ran in the actors, not in this process
    assert counts.passes == ["s00", "s01", "s02", "s03"]  # by the driver; s04's were reused
    assert all(Path(r.outputs["mp4"]).is_file() for r in results[:3])
    assert [r.cache_key for r in results[:4]] == [r.cache_key for r in local[:4]]

    ours = {k: v for k, v in frames_of(tmp_path / "local").items() if not k.startswith("s04")}
    theirs = frames_of(tmp_path / "ray")
    assert len(ours) == 9 and ours.keys() == theirs.keys()
    assert ours == theirs
    data = json.loads((tmp_path / "ray" / "batch.json").read_text())
    assert data["engine"] == "ray" and data["done"] == 3 and data["failed"] == ["s03", "s04"]

    # A second run finds the finished shots finished and tries the failed one again.
    again = run_ray(jobs, tmp_path / "ray", ray_options, workers=1, show_progress=False)
    assert [r.resumed for r in again] == [True, True, True, False, False]
