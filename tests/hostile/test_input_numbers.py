"""Every number has a bound and non-finite values are refused at the edge (issue 23): a World
(frames, coordinates, sizes, fps, resolution, steps, guidance, keys), JSON itself (5,000-digit
integers, 100,000-deep nests, NaN), a plan (scene frames, character-frames), the render and
batch options (``--steps 1e9``, ``--guidance nan``, ``--seed``, ``--device quantum``, a cache
folder that is a file), output paths (a folder where a file is meant, a parent that is a file),
passes manifests, damaged PNGs, asset sidecars (``unit_scale`` NaN or 1e308) and a foreign
SQLite file given as the index. Each: exit code 2, one line naming the field, file or option,
nothing written."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from input_cases import tree, world

from previz.addon.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["-q", *args])
    err = capsys.readouterr().err
    return code, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _shot(**kw):  # type: ignore[no-untyped-def]
    return [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 1,
             "resolution": [32, 24], **kw}]


def _located(x):  # type: ignore[no-untyped-def]
    data = world()
    data["entities"][0]["transform"] = {"location": [x, 0, 0]}
    return data


def _sized(w):  # type: ignore[no-untyped-def]
    data = world()
    data["entities"][0]["asset"]["size"] = [w, 1, 1]
    return data


def _keyed(frame):  # type: ignore[no-untyped-def]
    data = world()
    data["entities"][0]["transform"] = {"location": [[[frame, 0.0], [frame + 1, 1.0]], 0, 0]}
    return data


# (case id, World JSON text, the message's start after "previz: <file>: ")
WORLDS = [
    ("frame_end_1e9", json.dumps(world(shots=_shot(frame_end=10**9))),
     "shots[0].frame_end: Input should be less than or equal to 100000"),
    ("frame_start_negative_huge", json.dumps(world(shots=_shot(frame_start=-10**7))),
     "shots[0].frame_start: "),
    ("coordinate_1e300", json.dumps(_located(1e300)),
     "entities[0].transform.location[0]: 1e+300 is out of range"),
    ("coordinate_200_km", json.dumps(_located(2e5)),
     "entities[0].transform.location: channel [0] is 200000 m from the origin"),
    ("coordinate_overflow", json.dumps(_located(1.0)).replace('[1.0, 0, 0]', '[1e999, 0, 0]'),
     "entities[0].transform.location[0]: Input should be a finite number"),
    ("coordinate_nan", json.dumps(_located(1.0)).replace('[1.0, 0, 0]', '[NaN, 0, 0]'),
     "entities[0].transform.location[0]: Input should be a finite number"),
    ("size_1e6", json.dumps(_sized(1e6)), "entities[0].asset.size[0]: "),
    ("fps_10000", json.dumps(world(fps=10000)), "fps: "),
    ("resolution_100000", json.dumps(world(shots=_shot(resolution=[100000, 24]))),
     "shots[0].resolution[0]: "),
    ("steps_1e9", json.dumps(world(shots=_shot(render={"steps": 10**9}))),
     "shots[0].render.steps: "),
    ("guidance_1000", json.dumps(world(shots=_shot(render={"guidance_scale": 1000.0}))),
     "shots[0].render.guidance_scale: "),
    ("seed_2_40", json.dumps(world(shots=_shot(seed=2**40))), "shots[0].seed: "),
    ("key_frame_1e7", json.dumps(_keyed(1e7)),
     "entities[0].transform.location[0].keys[0].frame: "),
    ("power_1e300", json.dumps(world(lights=[{"id": "l", "type": "point", "power": 1e300}])),
     "lights[0].power: 1e+300 is out of range"),
    ("int_5000_digits", '{"fps": ' + "9" * 5000 + "}",
     "not valid JSON: an integer of 5000 digits; at most 30"),
    ("nest_100k", "[" * 100_000 + "]" * 100_000, "not valid JSON: nested more than 64 deep"),
    ("nest_100k_objects", '{"a":' * 100_000 + "1" + "}" * 100_000,
     "not valid JSON: nested more than 64 deep"),
]


@pytest.mark.parametrize("command", ["validate", "fmt"])
@pytest.mark.parametrize("case, text, message", WORLDS, ids=[c[0] for c in WORLDS])
def test_a_world_out_of_bounds_exits_2_naming_the_field(command, case, text, message, tmp_path,
                                                        capsys) -> None:
    path = tmp_path / "w.json"
    path.write_text(text, encoding="utf-8")
    args = [command, str(path)] + (["-o", str(tmp_path / "out.json")] if command == "fmt" else [])
    before = tree(tmp_path)
    code, err = _run(args, capsys)
    assert code == 2, err
    assert _one_line(err).startswith(f"previz: {path}: {message}"), err
    assert tree(tmp_path) == before


def test_fmt_never_writes_infinity_and_reads_back(tmp_path, capsys) -> None:
    data = _located(1e5)  # the largest coordinate allowed
    data["lights"] = [{"id": "l", "type": "point", "power": 1e9}]
    path, out = tmp_path / "w.json", tmp_path / "fmt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert _run(["fmt", str(path), "-o", str(out)], capsys)[0] == 0
    text = out.read_text()
    assert "Infinity" not in text and "NaN" not in text
    assert '"power": 1000000000.0' in text
    assert _run(["validate", str(out)], capsys)[0] == 0


# -- plans ------------------------------------------------------------------------------------

def test_a_plan_inside_every_field_limit_is_bounded_as_a_whole() -> None:
    from pydantic import ValidationError

    from previz.agents.plan import (
        MAX_CHARACTER_FRAMES,
        MAX_INSTANCE_FRAMES,
        MAX_SCENE_FRAMES,
        ScenePlan,
    )

    huge = {"shots": [{"id": f"s{i}", "duration": 600} for i in range(20)], "fps": 120,
            "objects": [{"id": "a", "category": "box", "count": 500},
                        {"id": "b", "category": "box", "count": 500}]}
    with pytest.raises(ValidationError, match=f"lasts 1440000 frames .*at most "
                                              f"{MAX_SCENE_FRAMES}"):
        ScenePlan.model_validate(huge)
    crowd = {"characters": [{"id": "crowd", "count": 500}],
             "shots": [{"id": "s", "duration": 20}]}
    with pytest.raises(ValidationError, match=f"500 characters over 480 frames is 240000 "
                                              f"character-frames; at most {MAX_CHARACTER_FRAMES}"):
        ScenePlan.model_validate(crowd)
    props = {"objects": [{"id": "a", "category": "box", "count": 500},
                         {"id": "b", "category": "box", "count": 500}],
             "shots": [{"id": "s", "duration": 60}]}
    with pytest.raises(ValidationError, match=f"1000 objects and characters over 1440 frames is "
                                              f"1440000 instance-frames; at most "
                                              f"{MAX_INSTANCE_FRAMES}"):
        ScenePlan.model_validate(props)
    ok = {"characters": [{"id": "crowd", "count": 100}], "shots": [{"id": "s", "duration": 10}]}
    assert ScenePlan.model_validate(ok).scene_frames() == 240


def test_the_offline_planner_refuses_a_text_beyond_the_bounds(tmp_path, capsys) -> None:
    out = tmp_path / "w.json"
    code, err = _run(["plan", "a crowd of 300 people walk across the square for 60 seconds",
                      "-o", str(out)], capsys)
    assert code == 2, err
    assert _one_line(err).startswith("previz: the text asks for more than one plan may hold: "
                                     "characters: 300 characters over 1440 frames")
    assert list(tmp_path.iterdir()) == []


# -- command-line options -----------------------------------------------------------------------

OPTIONS = [
    (["--steps", "1000000000"], "--steps 1000000000: must be from 1 to 1000"),
    (["--steps", "0"], "--steps 0: must be from 1 to 1000"),
    (["--guidance", "nan"], "--guidance nan: must be a number from 0 to 100"),
    (["--guidance", "inf"], "--guidance inf: must be a number from 0 to 100"),
    (["--conditioning-scale", "nan"], "--conditioning-scale nan: "),
    (["--seed", "-1"], "--seed -1: must be from 0 to 2147483647"),
    (["--seed", str(2**40)], f"--seed {2**40}: must be from 0 to 2147483647"),
    (["--chunk-frames", "0"], "--chunk-frames 0: "),
    (["--device", "quantum"], "--device 'quantum': not a torch device"),
    (["--cache-dir", "{file}"], "--cache-dir {file}: exists and is not a folder"),
    (["--cache-dir", "{file}/cache"], "--cache-dir {file}/cache: {file} is a file"),
]


@pytest.mark.parametrize("form", ["render", "render_scene", "batch"])
@pytest.mark.parametrize("option, message", OPTIONS, ids=[" ".join(o[0]) for o in OPTIONS])
def test_render_options_out_of_bounds_exit_2_before_any_work(form, option, message, tmp_path,
                                                            capsys) -> None:
    if form == "batch" and option[0] in ("--guidance", "--conditioning-scale",
                                         "--chunk-frames"):
        pytest.skip("not a batch option")
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    scene = tmp_path / "w.json"
    scene.write_text(json.dumps(world()), encoding="utf-8")
    option = [o.replace("{file}", str(blocker)) for o in option]
    args = {"render": ["render", str(tmp_path / "out" / "s"), "--backend", "tiny-wan"],
            "render_scene": ["render", str(scene), "--all", "-o", str(tmp_path / "out")],
            "batch": ["batch", str(scene), "-o", str(tmp_path / "out")]}[form]
    before = tree(tmp_path)
    code, err = _run([*args, *option], capsys)
    assert code == 2, err
    assert _one_line(err).startswith("previz: " + message.replace("{file}", str(blocker)))
    assert tree(tmp_path) == before


# -- output paths -------------------------------------------------------------------------------

OUTPUTS = [
    ("fmt_into_a_folder", ["fmt", "{world}", "-o", "{folder}"], "-o {folder}: is a folder"),
    ("fmt_under_a_file", ["fmt", "{world}", "-o", "{file}/w.json"],
     "-o {file}/w.json: {file} is a file, not a folder"),
    ("schema_into_a_folder", ["schema", "-o", "{folder}"], "-o {folder}: is a folder"),
    ("build_under_a_file", ["build", "{world}", "-o", "{file}/x.blend"],
     "-o {file}/x.blend: {file} is a file"),
    ("passes_onto_a_file", ["passes", "{world}", "-o", "{file}"],
     "-o {file}: exists and is not a folder"),
    ("passes_under_a_file", ["passes", "{world}", "-o", "{file}/out"],
     "-o {file}/out: {file} is a file"),
    ("plan_into_a_folder", ["plan", "a chair", "-o", "{folder}"], "-o {folder}: is a folder"),
    ("plan_log_under_a_file", ["plan", "a chair", "-o", "{tmp}/w.json", "--llm-log",
                               "{file}/llm.jsonl"], "--llm-log {file}/llm.jsonl: {file} is"),
    ("make_onto_a_file", ["make", "a chair", "-o", "{file}"],
     "-o {file}: exists and is not a folder"),
    ("check_plot_into_a_folder", ["check", "{world}", "--plot", "{folder}"],
     "--plot {folder}: is a folder"),
    ("render_scene_under_a_file", ["render", "{world}", "--all", "-o", "{file}/out"],
     "-o {file}/out: {file} is a file"),
    ("batch_onto_a_file", ["batch", "{world}", "-o", "{file}"],
     "-o {file}: exists and is not a folder"),
]


@pytest.mark.parametrize("case, args, message", OUTPUTS, ids=[c[0] for c in OUTPUTS])
def test_a_bad_output_path_exits_2_naming_the_option(case, args, message, tmp_path,
                                                     capsys) -> None:
    names = {"world": tmp_path / "w.json", "folder": tmp_path / "a_folder",
             "file": tmp_path / "a_file", "tmp": tmp_path}
    names["world"].write_text(json.dumps(world()), encoding="utf-8")
    names["folder"].mkdir()
    names["file"].write_text("x")
    fill = {k: str(v) for k, v in names.items()}
    before = tree(tmp_path)
    code, err = _run([a.format(**fill) for a in args], capsys)
    assert code == 2, err
    assert _one_line(err).startswith("previz: " + message.format(**fill)), err
    assert tree(tmp_path) == before


# -- manifests, PNGs, sidecars, foreign SQLite --------------------------------------------------

def _passes(tmp_path: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests" / "neural_render"))
    try:
        from synthetic_passes import make_passes
    finally:
        sys.path.remove(str(ROOT / "tests" / "neural_render"))
    return make_passes(tmp_path / "out", shot="s", frames=3)


@pytest.mark.parametrize("field, value, message", [
    ("resolution", [100000, 24], "beyond Previz's bounds"),
    ("fps", 1e308, "beyond Previz's bounds"),
    ("frame_end", 10**9, "beyond Previz's bounds"),
    ("frame_end", "9" * 5000, "an integer of 5000 digits"),
])
def test_a_manifest_out_of_bounds_exits_2_naming_it(field, value, message, tmp_path,
                                                     capsys) -> None:
    shot = _passes(tmp_path)
    manifest = shot / "manifest.json"
    text = manifest.read_text()
    data = json.loads(text)
    data[field] = value
    text = json.dumps(data)
    if isinstance(value, str):
        text = text.replace(f'"{value}"', value)
    manifest.write_text(text)
    code, err = _run(["render", str(shot), "--backend", "tiny-wan", "--cache-dir",
                      str(tmp_path / "cache")], capsys)
    assert code == 2, err
    line = _one_line(err)
    assert line.startswith(f"previz: {manifest}: ") and message in line, err
    assert not (shot / "render").exists() and not (tmp_path / "cache").exists()


def test_a_manifest_naming_a_file_outside_the_shot_is_refused(tmp_path, capsys) -> None:
    shot = _passes(tmp_path)
    manifest = shot / "manifest.json"
    data = json.loads(manifest.read_text())
    data["entities"][0]["reference_images"] = ["../../../../etc/passwd.png"]
    manifest.write_text(json.dumps(data))
    code, err = _run(["render", str(shot), "--backend", "tiny-wan", "--cache-dir",
                      str(tmp_path / "cache")], capsys)
    assert code == 2, err
    assert "reference_images[0]: '../../../../etc/passwd.png' is outside" in _one_line(err)


@pytest.mark.render  # the renderer: torch and diffusers (the `render` extra)
def test_a_damaged_pass_png_names_the_file(tmp_path, capsys) -> None:
    shot = _passes(tmp_path)
    damaged = sorted((shot / "passes" / "depth").glob("*.png"))[1]
    damaged.write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    code, err = _run(["render", str(shot), "--backend", "tiny-wan", "--cache-dir",
                      str(tmp_path / "cache")], capsys)
    assert code == 2, err
    assert _one_line(err).startswith(f"previz: {damaged}: not a readable pass image"), err
    assert not (shot / "render").exists()


@pytest.mark.parametrize("sidecar, reason", [
    ('{"unit_scale": NaN}', "NaN is not a number JSON allows"),
    ('{"unit_scale": 1e308}', "'unit_scale' 1e+308 must be a number from 1e-06 to 1e+06"),
    ('{"unit_scale": 1e-300}', "'unit_scale' 1e-300 must be"),
    ('{"tags": ' + "[" * 1000 + "]" * 1000 + "}", "nested more than 64 deep"),
])
def test_a_sidecar_out_of_bounds_rejects_the_file(sidecar, reason, tmp_path, monkeypatch,
                                                  capsys) -> None:
    import trimesh

    monkeypatch.setenv("PREVIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PREVIZ_EMBEDDER", "hash")
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "crate.glb").write_bytes(trimesh.creation.box((1, 1, 1)).export(file_type="glb"))
    (lib / "crate.glb.json").write_text(sidecar)
    index = tmp_path / "index.sqlite"
    assert _run(["assets", "ingest", str(lib), "--index", str(index)], capsys)[0] == 0
    from previz.asset_index import AssetIndex

    rejected = AssetIndex(index).files(status="rejected")
    assert len(rejected) == 1 and reason in rejected[0]["reason"], rejected
    main(["-q", "assets", "search", "crate", "--index", str(index)])
    printed = capsys.readouterr()
    assert "Infinity" not in printed.out + printed.err


def test_a_foreign_sqlite_file_is_refused_and_left_unchanged(tmp_path, capsys) -> None:
    import sqlite3

    other = tmp_path / "contacts.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('ada')")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(other.read_bytes()).hexdigest()
    before = tree(tmp_path)
    code, err = _run(["assets", "search", "chair", "--index", str(other)], capsys)
    assert code == 2, err
    line = _one_line(err)
    assert line.startswith(f"previz: --index {other}: ") and "another program" in line
    assert hashlib.sha256(other.read_bytes()).hexdigest() == digest
    assert tree(tmp_path) == before  # no -wal, no -shm
