"""The local batch engine end to end on CPU with the tiny backend: five shots, one model load,
resume after a kill, a broken World and a failing shot that fail alone, retries, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import bpy
import numpy as np
import pytest
from batch_worlds import FLAGS, short_shots_world, write_world
from PIL import Image

from previz.addon.batch import plan_batch, run_local
from previz.addon.cli import main

pytestmark = [pytest.mark.blender, pytest.mark.slow]


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing catches it)."""


def summary(out: Path) -> dict:
    return json.loads((out / "batch.json").read_text(encoding="utf-8"))


@pytest.mark.render
def test_local_batch_of_five_shots_loads_the_model_once(tmp_path, world_file, counts):
    out = tmp_path / "OUT"
    code = main(["batch", str(world_file), "--all", "-o", str(out), "--cache-dir",
                 str(tmp_path / "cache"), *FLAGS])
    assert code == 0
    data = summary(out)
    assert data["done"] == 5 and data["failed"] == []
    assert [r["shot"] for r in data["results"]] == [f"s{i:02d}" for i in range(5)]
    assert counts.loads == 1  # one Renderer, one model load for every shot
    assert counts.chunks == 5 and counts.passes == [f"s{i:02d}" for i in range(5)]
    for r in data["results"]:
        assert r["status"] == "done" and r["attempts"] == 1 and r["cache_hit"] is False
        assert r["resumed"] is False and r["error"] is None
        frames = sorted(Path(r["outputs"]["frames"]).glob("*.png"))
        assert len(frames) == 3
        assert Image.open(frames[0]).size == (32, 24)
        for key in ("mp4", "side_by_side", "render_json"):
            assert Path(r["outputs"][key]).is_file()
        info = json.loads(Path(r["outputs"]["render_json"]).read_text())
        assert info["shot"] == r["shot"] and info["cache_key"] == r["cache_key"]
    # Different shots (seed, camera) give different pictures.
    a, b = (np.asarray(Image.open(out / s / "render" / "frames" / f"{f:04d}.png"))
            for s, f in (("s00", 1), ("s01", 9)))
    assert not np.array_equal(a, b)

    # A second run has nothing to do; with the done-records gone, the render cache answers.
    counts.chunks, counts.passes = 0, []
    assert main(["batch", str(world_file), "-o", str(out), "--cache-dir",
                 str(tmp_path / "cache"), *FLAGS]) == 0
    assert all(r["resumed"] for r in summary(out)["results"])
    assert counts.chunks == 0 and counts.passes == []
    for record in (out / ".batch").glob("*.json"):
        record.unlink()
    assert main(["batch", str(world_file), "-o", str(out), "--cache-dir",
                 str(tmp_path / "cache"), *FLAGS]) == 0
    results = summary(out)["results"]
    assert all(r["cache_hit"] and r["passes_reused"] and not r["resumed"] for r in results)
    assert counts.chunks == 0 and counts.passes == []


@pytest.mark.render
def test_resume_after_a_kill_redoes_no_finished_work(tmp_path, world_file, options, counts,
                                                     monkeypatch):
    from previz.neural_render.tiny_wan import TinyWanBackend

    out = tmp_path / "OUT"
    jobs = plan_batch([world_file], None, options)
    generate = TinyWanBackend.generate

    def dies_on_third_shot(self, *a, **kw):  # killed inside the model call of shot s02
        if counts.chunks == 2:  # s00 and s01 rendered
            raise Killed()
        return generate(self, *a, **kw)

    monkeypatch.setattr(TinyWanBackend, "generate", dies_on_third_shot)
    with pytest.raises(Killed):
        run_local(jobs, out, options, show_progress=False)
    assert counts.passes == ["s00", "s01", "s02"]
    assert sorted(p.stem for p in (out / ".batch").glob("*.json")) == ["s00", "s01"]
    assert not (out / "s02" / "render").exists()  # nothing half-written that a run would trust
    killed = summary(out)["results"]
    assert [r["status"] for r in killed] == ["done", "done", "pending", "pending", "pending"]

    monkeypatch.setattr(TinyWanBackend, "generate", generate)
    counts.chunks, counts.passes = 0, []
    results = run_local(plan_batch([world_file], None, options), out, options,
                        show_progress=False)
    assert [r.status for r in results] == ["done"] * 5
    assert [r.resumed for r in results] == [True, True, False, False, False]
    assert results[2].passes_reused is True  # its passes were complete before the kill
    assert counts.passes == ["s03", "s04"]
    assert counts.chunks == 3  # s02, s03, s04: none of s00/s01's work again


@pytest.mark.render
@pytest.mark.parametrize("kill_point", ["render_frames", "passes_files"])
def test_resume_after_a_kill_while_outputs_are_written_redoes_no_finished_work(
        tmp_path, world_file, options, counts, monkeypatch, kill_point):
    """Killed after shot s02 has begun writing files (its second render frame PNG, or its third
    pass image), with no clean-up run (as a real kill): nothing of s02 is trusted on resume, it
    is finished whole, and s00/s01 are not done again."""
    import shutil

    from previz.addon.passes import render as passes_render

    out = tmp_path / "OUT"
    written: list[str] = []
    monkeypatch.setattr(shutil, "rmtree", lambda *a, **kw: None)  # a kill cleans nothing up
    if kill_point == "render_frames":
        save = Image.Image.save

        def dies_mid_frames(self, fp, *a, **kw):
            path = str(fp)
            if f"{out / 's02'}" in path and "/frames/" in path:
                written.append(path)
                if len(written) == 2:
                    raise Killed()
            return save(self, fp, *a, **kw)

        monkeypatch.setattr(Image.Image, "save", dies_mid_frames)
    else:
        write = passes_render.write_png

        def dies_mid_passes(path, array, *a, **kw):
            if str(path).startswith(str(out)) and "s02" in str(path):  # (or its temporary)
                written.append(str(path))
                if len(written) == 3:
                    raise Killed()
            return write(path, array, *a, **kw)

        monkeypatch.setattr(passes_render, "write_png", dies_mid_passes)
    with pytest.raises(Killed):
        run_local(plan_batch([world_file], None, options), out, options, show_progress=False)
    assert len(written) >= 2  # the kill came after s02's outputs had started
    assert sorted(p.stem for p in (out / ".batch").glob("*.json")) == ["s00", "s01"]
    assert not (out / "s02" / "render").exists()  # no render folder a run would trust
    assert [r["status"] for r in summary(out)["results"]] == ["done", "done"] + ["pending"] * 3

    monkeypatch.undo()
    from previz.neural_render.tiny_wan import TinyWanBackend

    chunks, generate = [0], TinyWanBackend.generate

    def counted(self, *a, **kw):
        chunks[0] += 1
        return generate(self, *a, **kw)

    monkeypatch.setattr(TinyWanBackend, "generate", counted)
    results = run_local(plan_batch([world_file], None, options), out, options,
                        show_progress=False)
    assert [r.status for r in results] == ["done"] * 5
    assert [r.resumed for r in results] == [True, True, False, False, False]
    if kill_point == "passes_files":
        assert results[2].passes_reused is False  # its half-written passes were not trusted
        assert chunks[0] == 3  # s02, s03, s04
    else:
        assert chunks[0] in (2, 3)  # s03, s04 (+ s02 unless its frames were cached before)
    for shot in ("s02", "s03", "s04"):
        info = json.loads((out / shot / "render" / "render.json").read_text())
        frames = sorted((out / shot / "render" / "frames").glob("*.png"))
        assert len(frames) == 3 and info["shot"] == shot
        for f in frames:
            Image.open(f).load()  # whole PNGs


@pytest.mark.render
def test_broken_world_and_failing_shot_fail_alone(tmp_path, world_file, counts, monkeypatch):
    from previz.addon.batch import local

    broken = tmp_path / "scenes" / "broken.json"
    bad = short_shots_world(1, first_id="b")
    bad["shots"][0]["camera"] = "nope"  # a shot whose camera does not exist
    write_world(broken, bad)
    render_folder = local.render_folder
    calls: dict[str, int] = {}

    def flaky(folder, renderer, options=None, **kw):
        shot = Path(folder).name
        calls[shot] = calls.get(shot, 0) + 1
        if shot == "s01":
            raise RuntimeError("GPU fell off the bus")
        if shot == "s02" and calls[shot] == 1:
            raise RuntimeError("transient")
        return render_folder(folder, renderer, options, **kw)

    monkeypatch.setattr(local, "render_folder", flaky)
    out = tmp_path / "OUT"
    code = main(["batch", str(broken), str(world_file), "-o", str(out), "--retries", "2",
                 "--cache-dir", str(tmp_path / "cache"), *FLAGS])
    assert code == 1
    data = summary(out)
    by = {r["shot"]: r for r in data["results"]}
    assert data["failed"] == ["broken.json", "s01"]
    assert by["broken.json"]["status"] == "failed"
    assert "broken.json" in by["broken.json"]["error"] and "nope" in by["broken.json"]["error"]
    assert by["s01"]["attempts"] == 3 and by["s01"]["error"] == "RuntimeError: GPU fell off the bus"
    assert by["s02"]["status"] == "done" and by["s02"]["attempts"] == 2
    assert [by[s]["status"] for s in ("s00", "s03", "s04")] == ["done"] * 3
    assert not (out / ".batch" / "s01.json").exists()


def test_bad_input_exits_2_before_any_work(tmp_path, world_file, capsys, counts):
    out = tmp_path / "OUT"
    other = write_world(tmp_path / "other.json", short_shots_world(1))  # shot s00 again
    cases = [
        ([str(tmp_path / "missing.json")], "no such file"),
        ([str(world_file), "--shots", "s00,zz"], "no shot 'zz'"),
        ([str(world_file), str(other)], "is in both"),
        ([str(tmp_path)], "expected a World JSON"),
        ([str(world_file), "--backend", "nope"], "nope"),
        ([str(world_file), "--engine", "local", "--workers", "2"], "--engine ray"),
    ]
    for argv, message in cases:
        code = main(["batch", *argv, "-o", str(out), "--no-progress"])
        err = capsys.readouterr().err
        assert code == 2, argv
        assert message in err, (argv, err)
    assert not out.exists() and counts.passes == [] and counts.loads == 0


@pytest.mark.render
def test_render_command_takes_a_scene(tmp_path, world_file, counts):
    out = tmp_path / "OUT"
    code = main(["render", str(world_file), "--shot", "s03", "-o", str(out), "--cache-dir",
                 str(tmp_path / "cache"), *FLAGS])
    assert code == 0
    assert counts.passes == ["s03"] and counts.chunks == 1
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "batch.json", "s03"]
    # The passes-folder form still works on what the scene form wrote (a cache hit now).
    assert main(["render", str(out / "s03"), "--backend", "tiny-wan", "--steps", "2",
                 "--cache-dir", str(tmp_path / "cache"), "--no-progress"]) == 0
    assert counts.chunks == 1
    assert main(["render", str(world_file), "-o", str(out), "--no-progress"]) == 2  # no --all


@pytest.mark.render
def test_blend_scene_and_the_open_file(tmp_path, counts):
    from previz.addon.bridge import build_file
    from previz.world import World

    world = World.model_validate(short_shots_world(2))
    blend = build_file(world, tmp_path / "shot.blend")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert main(["batch", str(blend), "--shots", "s01", "-o", str(tmp_path / "A"), *cache,
                 *FLAGS]) == 0
    assert counts.passes == ["s01"]
    # blender -b shot.blend -c previz render --all -o OUT: the open file is the scene.
    bpy.ops.wm.open_mainfile(filepath=str(blend))
    counts.passes = []
    assert main(["render", "--all", "-o", str(tmp_path / "B"), *cache, *FLAGS]) == 0
    assert counts.passes == ["s00", "s01"] and counts.chunks == 2  # s01: a cache hit
    data = summary(tmp_path / "B")
    assert [r["cache_hit"] for r in data["results"]] == [False, True]
    assert data["results"][0]["source"] == str(blend)
    same = [(tmp_path / o / "s01" / "render" / "frames" / "0009.png").read_bytes()
            for o in ("A", "B")]
    assert same[0] == same[1]
    bpy.ops.wm.read_homefile(use_empty=True)
    assert main(["render", "--all", "-o", str(tmp_path / "C"), *FLAGS]) == 2  # nothing open
