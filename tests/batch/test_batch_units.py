"""Batch planning, job identity, done-records and the summary — no Blender, no model."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from batch_worlds import short_shots_world, write_world

from previz.addon.batch import ShotResult, plan_batch, write_summary
from previz.addon.batch.jobs import describe, read_done, record_path, write_done
from previz.neural_render import RenderOptions
from previz.world.errors import InputError


def test_importing_the_batch_package_loads_neither_blender_torch_nor_ray():
    code = ("import sys, previz.addon.batch, previz.addon.batch.ray_engine, "
            "previz.addon.commands.batch; "
            "print(sorted(m for m in ('bpy', 'torch', 'ray', 'diffusers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plan_orders_jobs_and_checks_input(tmp_path, options):
    a = write_world(tmp_path / "a.json", short_shots_world(3))
    b = write_world(tmp_path / "b.json", short_shots_world(2, first_id="t"))
    jobs = plan_batch([b, a], None, options)
    assert [j.shot for j in jobs] == ["t00", "t01", "s00", "s01", "s02"]
    assert len({j.key for j in jobs}) == 5 and all(j.error is None for j in jobs)
    assert [j.shot for j in plan_batch([a, b], ["t01", "s01"], options)] == ["s01", "t01"]
    with pytest.raises(InputError, match="no shot 'x'"):
        plan_batch([a], ["x"], options)
    with pytest.raises(InputError, match="no such file"):
        plan_batch([tmp_path / "none.json"], None, options)
    with pytest.raises(InputError, match="is in both"):
        plan_batch([a, write_world(tmp_path / "c.json", short_shots_world(1))], None, options)
    with pytest.raises(InputError, match="--retries"):
        plan_batch([a], None, replace(options, retries=-1))


def test_broken_world_becomes_a_failed_job(tmp_path, options):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    good = write_world(tmp_path / "good.json", short_shots_world(1))
    jobs = plan_batch([broken, good], None, options)
    assert [j.shot for j in jobs] == ["broken.json", "s00"]
    assert jobs[0].error.startswith(f"cannot read {broken}") and jobs[1].error is None
    with pytest.raises(InputError, match=r"unreadable: .*broken.json"):
        plan_batch([broken, good], ["s09"], options)


def test_job_key_follows_the_shot_and_the_settings(tmp_path, options):
    data = short_shots_world(2)
    path = write_world(tmp_path / "w.json", data)
    base = {j.shot: j.key for j in plan_batch([path], None, options)}
    steps = {j.shot: j.key for j in plan_batch(
        [path], None, replace(options, render=RenderOptions(backend="tiny-wan", steps=3)))}
    assert all(base[s] != steps[s] for s in base)
    data["shots"][1]["prompt"] = "another prompt"  # edits one shot only
    write_world(path, data)
    edited = {j.shot: j.key for j in plan_batch([path], None, options)}
    assert edited["s00"] == base["s00"] and edited["s01"] != base["s01"]


def test_done_record_is_trusted_only_with_its_key_and_outputs(tmp_path, options):
    path = write_world(tmp_path / "w.json", short_shots_world(1))
    (job,) = plan_batch([path], None, options)
    out = tmp_path / "OUT"
    frames = out / "s00" / "render" / "frames"
    frames.mkdir(parents=True)
    result = ShotResult(shot="s00", source=str(path), status="done", attempts=1,
                        outputs={"frames": str(frames)})
    assert read_done(out, job) is None
    write_done(out, job, result)
    assert read_done(out, job) == result
    assert read_done(out, replace(job, key="other")) is None
    frames.rmdir()
    assert read_done(out, job) is None  # its outputs are gone: render again
    record_path(out, "s00").write_text("{half", encoding="utf-8")
    assert read_done(out, job) is None


def test_summary_and_reasons(tmp_path):
    results = [ShotResult("a", "w.json", status="done"),
               ShotResult("b", "w.json", status="failed", error="RuntimeError: boom")]
    data = json.loads(write_summary(tmp_path, results, "local").read_text())
    assert data["format"] == "previz-batch/1" and data["failed"] == ["b"] and data["done"] == 1
    assert data["results"][1]["error"] == "RuntimeError: boom"
    assert describe(InputError("bad\nmore")) == "bad"
    assert describe(RuntimeError("x")) == "RuntimeError: x"
    assert describe(KeyError()) == "KeyError"
