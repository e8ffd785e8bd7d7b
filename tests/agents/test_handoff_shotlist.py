"""The shot rows the storyboard, the shot list and the timeline share: scene order, timecodes,
camera body and lens, the measured and the planned move, subjects, dialogue, notes, look."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from board_world import three_shots

from previz.agents.handoff import (
    DialogueLine,
    aspect_name,
    load_dialogue,
    load_report,
    rows_csv,
    rows_json,
    shot_rows,
    timecode,
)
from previz.agents.handoff.shotlist import COLUMNS
from previz.world import World
from previz.world.errors import InputError

PLAN = {
    "title": "Three shots",
    "objects": [{"id": "table", "category": "table"}],
    "characters": [{"id": "hero", "actions": [
        {"verb": "walk", "start": 2.5, "duration": 2.0, "goal": "table"},
        {"verb": "sit", "start": 4.5, "duration": 2.0, "target": "table"}]}],
    "shots": [{"id": "shot_a", "duration": 2.0},
              {"id": "shot_b", "movement": "dolly_in", "subject": "hero",
               "camera_body": "super35", "duration": 3.0},
              {"id": "shot_c", "movement": "pan", "subject": "hero", "duration": 2.0}],
    "lighting": {"look": "noir", "time_of_day": "night"},
}


def _report(world: World, **extra) -> dict:
    return {"ok": False, "plan": PLAN, "content_hash": world.content_hash(),
            "notes": ["shot_c: camera skill refused the pan; static", "played in the rest pose: x"],
            "problems": [{"kind": "subject_occluded", "entities": ["hero"], "frames": [60, 61],
                          "detail": "hero hidden by crate"},
                         {"kind": "floating", "entities": ["crate"], "frames": [],
                          "detail": "no frames: a scene-wide problem"}],
            **extra}


def test_rows_are_in_scene_order_with_timecodes_and_measured_moves():
    rows = shot_rows(three_shots())
    assert [(r.shot_id, r.order, r.frame_start, r.frame_end, r.frames) for r in rows] == [
        ("shot-a", 1, 1, 48, 48), ("shot-b", 2, 49, 120, 72), ("shot-c", 3, 121, 168, 48)]
    assert [r.duration_s for r in rows] == [2.0, 3.0, 2.0]
    assert [(r.timecode_in, r.timecode_out) for r in rows] == [
        ("00:00:00:00", "00:00:02:00"), ("00:00:02:00", "00:00:05:00"),
        ("00:00:05:00", "00:00:07:00")]
    assert [r.aspect for r in rows] == ["16:9", "16:9", "2.39:1"]
    assert [r.camera_body for r in rows] == ["super35", "full_frame", "full_frame"]
    assert [(r.lens_mm, r.lens_mm_end, r.lens) for r in rows] == [
        (35.0, 35.0, "35 mm"), (50.0, 50.0, "50 mm"), (35.0, 70.0, "35 → 70 mm")]
    a, b, c = rows
    assert a.move == a.move_measured == "static"
    assert b.move_measured == "travels 3.0 m" and b.travel_m == pytest.approx(3.0, abs=1e-6)
    assert c.move_measured == "pans 30° left, zooms in 35 → 70 mm"
    assert c.pan_deg == pytest.approx(30.0, abs=1e-4) and c.travel_m == 0.0
    # Subjects: the camera's facing relation, else what is in the picture (a mover first).
    assert [r.subjects for r in rows] == [("hero",), ("hero",), ("hero",)]
    assert a.action == "the wide" and a.notes == () and a.dialogue == ()
    assert a.lighting_look == "unlit (the renderer's default light)"


def test_a_pan_to_the_right_and_a_prop_only_frame():
    data = three_shots().model_dump(mode="json")
    data["cameras"][2]["transform"]["rotation"][2] = [[121, 0.0], [168, math.radians(-80.0)]]
    data["entities"] = [e for e in data["entities"] if e["id"] != "hero"]
    data["entities"][1]["transform"]["location"] = [2.0, 4.0, 0.0]  # seen at the start
    data["relations"] = []
    row = shot_rows(World.model_validate(data))[2]
    assert row.move_measured == "pans 80° right, zooms in 35 → 70 mm"
    assert row.subjects == ("crate",)  # no mover in frame: the props that are


def test_subjects_of_a_hand_made_world_are_the_figures_in_the_picture():
    from previz.world import load_world

    root = Path(__file__).resolve().parents[2]
    rows = shot_rows(load_world(root / "examples" / "two_characters_room.json"))
    # The over-the-shoulder frames Mara's head and Theo's shoulder: both are in it, though
    # neither's origin is (their joints are); the lights come from no preset: listed.
    assert [(r.shot_id, r.subjects) for r in rows] == [("wide", ("mara", "theo")),
                                                       ("ots", ("mara", "theo"))]
    assert rows[0].lighting_look == ("custom: Window key (area, 5600 K), Lamp (point, 2700 K)")


def test_the_plan_report_adds_the_move_asked_actions_notes_and_look():
    world = three_shots()
    rows = shot_rows(world, _report(world))
    a, b, c = rows
    assert (a.move, b.move, c.move) == ("static", "dolly in", "pan")
    assert b.move_measured == "travels 3.0 m"  # what the camera does stays beside it
    assert b.camera_body == "full_frame"  # super35 was asked; the camera has a 36 mm sensor
    assert b.action == "hero: walk (table) then sit (table)"
    assert a.action == "the wide"  # hero does nothing during 0-2 s: the shot's prompt
    assert c.action == "hero: sit (table)"
    assert b.notes == ("problem: subject_occluded - hero hidden by crate",)
    assert c.notes == ("camera skill refused the pan; static",)
    assert a.notes == ()
    # The World has no light: it says so, and what was asked.
    assert {r.lighting_look for r in rows} == {
        "unlit (the renderer's default light) (asked: noir, night)"}


def test_a_report_of_an_earlier_world_says_so_on_every_row():
    world = three_shots()
    rows = shot_rows(world, _report(world, content_hash="0" * 64))
    assert all(r.notes[0].startswith("the World was edited after it was planned")
               for r in rows)


def test_a_plan_the_reader_cannot_read_is_said_not_dropped():
    world = three_shots()
    rows = shot_rows(world, _report(world, plan={"shots": [{"movement": "moonwalk"}]},
                                    problems=["not a problem record", {"kind": "x"}]))
    assert all(r.notes[0].startswith("the report's plan cannot be read") for r in rows)
    assert [r.move for r in rows] == [r.move_measured for r in rows]


def test_dialogue_goes_to_the_shot_it_starts_in():
    lines = [DialogueLine("hero", "Late again.", 2.5, 3.5),
             DialogueLine("", "(before the first shot)", -1.0, 0.5),
             DialogueLine("ada", "Always.", 6.99, 8.0),
             DialogueLine("hero", "Now.", 2.0, 2.4)]
    rows = shot_rows(three_shots(), dialogue=lines)
    assert [[d.text for d in r.dialogue] for r in rows] == [
        ["(before the first shot)"], ["Now.", "Late again."], ["Always."]]
    assert rows[1].dialogue[0].label() == "HERO: Now."


def test_notes_for_a_shot_that_does_not_exist_are_bad_input():
    with pytest.raises(InputError, match="shot-x"):
        shot_rows(three_shots(), notes={"shot-x": ["?"]})


@pytest.mark.parametrize(("frame", "fps", "expected"), [
    (0, 24, "00:00:00:00"), (47, 24, "00:00:01:23"), (24 * 3600 + 5, 24, "01:00:00:05"),
    (86400 * 25, 25, "00:00:00:00"),  # wraps at 24 hours
    (-1, 24, "23:59:59:23"),
    (48, 24000 / 1001, "00:00:02:00"),  # 23.976 counts at 24
    (1799, 30000 / 1001, "00:00:59;29"), (1800, 30000 / 1001, "00:01:00;02"),
    (17982, 30000 / 1001, "00:10:00;00"), (17981, 30000 / 1001, "00:09:59;29"),
    (3600, 60000 / 1001, "00:01:00;04"), (1800, 30, "00:01:00:00"),
])
def test_smpte_timecode(frame, fps, expected):
    assert timecode(frame, fps) == expected


@pytest.mark.parametrize(("size", "name"), [
    ((1920, 1080), "16:9"), ((832, 480), "1.73:1"), ((2048, 858), "2.39:1"),
    ((1998, 1080), "1.85:1"), ((1080, 1920), "9:16"), ((1024, 1024), "1:1"), ((640, 480), "4:3")])
def test_aspect_names(size, name):
    assert aspect_name(*size) == name


def test_csv_and_json_hold_every_field_one_row_a_shot():
    rows = shot_rows(three_shots(), dialogue=[DialogueLine("hero", "Late, again.", 2.5, 3.0)])
    table = list(csv.DictReader(io.StringIO(rows_csv(rows))))
    assert tuple(table[0]) == COLUMNS
    assert [t["shot_id"] for t in table] == ["shot-a", "shot-b", "shot-c"]
    assert table[1]["dialogue"] == "HERO: Late, again."
    assert table[2]["timecode_in"] == "00:00:05:00" and table[2]["resolution"] == "2048x858"
    data = json.loads(rows_json(rows))
    assert data["columns"] == list(COLUMNS)
    assert [s["shot_id"] for s in data["shots"]] == ["shot-a", "shot-b", "shot-c"]
    assert data["shots"][1]["dialogue"] == [
        {"speaker": "hero", "text": "Late, again.", "start_s": 2.5, "end_s": 3.0}]
    assert data["shots"][2]["lens_mm_end"] == 70.0


def test_rows_are_the_same_in_two_processes(tmp_path: Path):
    from two_processes import outputs_in_two_processes

    path = tmp_path / "w.json"
    path.write_text(three_shots().canonical_json(), encoding="utf-8")
    code = ("import sys; from previz.world import load_world; "
            "from previz.agents.handoff import shot_rows, rows_json; "
            "print(rows_json(shot_rows(load_world(sys.argv[1]))))")
    first, second = outputs_in_two_processes(code, str(path))
    assert first == second
    assert json.loads(first)["shots"][2]["move_measured"] == "pans 30° left, zooms in 35 → 70 mm"


def test_report_and_dialogue_files_name_the_file_when_bad(tmp_path: Path):
    bad = tmp_path / "r.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"r\.json"):
        load_report(bad)
    with pytest.raises(InputError, match="no such file"):
        load_report(tmp_path / "missing.json")
    d = tmp_path / "d.json"
    d.write_text(json.dumps([{"speaker": "a", "text": "hi", "start_s": 2, "end_s": 1}]))
    with pytest.raises(InputError, match=r"d\.json: dialogue\[0\]"):
        load_dialogue(d)
    d.write_text(json.dumps({"dialogue": [{"text": "hi", "start_s": 1, "end_s": 2}]}))
    assert load_dialogue(d) == [DialogueLine("", "hi", 1.0, 2.0)]


def _cli(tmp_path: Path) -> Path:
    path = tmp_path / "scene" / "world.json"
    path.parent.mkdir()
    path.write_text(three_shots().canonical_json(), encoding="utf-8")
    return path


def test_shotlist_command_writes_csv_json_or_stdout(tmp_path: Path, capsys):
    from previz.addon.cli import main

    world = _cli(tmp_path)
    (world.parent / "dialogue.json").write_text(json.dumps(  # found beside the World
        {"dialogue": [{"speaker": "hero", "text": "Now.", "start_s": 5.5, "end_s": 6.0}]}))
    assert main(["-q", "shotlist", str(world)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(t["shot_id"], t["dialogue"]) for t in table] == [
        ("shot-a", ""), ("shot-b", ""), ("shot-c", "HERO: Now.")]
    out = tmp_path / "shots.json"
    assert main(["-q", "shotlist", str(world), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["order"] for s in data["shots"]] == [1, 2, 3]
    assert main(["-q", "shotlist", str(world), "-o", str(tmp_path / "x.txt"),
                 "--format", "json"]) == 0
    assert json.loads((tmp_path / "x.txt").read_text())["shots"][0]["shot_id"] == "shot-a"


@pytest.mark.parametrize(("args", "says"), [
    (["missing.json", "-o", "s.csv"], "missing.json: no such file"),
    (["scene/world.json", "-o", "s.xlsx"], "s.xlsx: name it .csv or .json"),
    (["scene/world.json", "-o", "s.csv", "--report", "nope.json"], "nope.json: no such file"),
    (["scene/world.json", "-o", "s.csv", "--dialogue", "bad.json"], "bad.json"),
    (["bad-world.json", "-o", "s.csv"], "bad-world.json"),
])
def test_shotlist_bad_input_exits_2_naming_it_and_keeps_the_old_file(
        tmp_path: Path, monkeypatch, capsys, args, says):
    from previz.addon.cli import main

    _cli(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text('[{"text": "no times"}]', encoding="utf-8")
    Path("bad-world.json").write_text('{"shots": [{"id": 3}]}', encoding="utf-8")
    Path("s.csv").write_text("the old list", encoding="utf-8")
    assert main(["shotlist", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert Path("s.csv").read_text(encoding="utf-8") == "the old list"


def test_the_world_shots_camera_body_is_read_and_checked_against_the_sensor():
    """Without a report, the World shot's camera_body names the row's body when the camera has
    that body's sensor; a body whose sensor is not the camera's is not claimed (a Venice 2 is
    35.9 mm, the camera 36 mm: full frame)."""
    w = three_shots()
    cams = {c.id: c for c in w.cameras}
    bodies = {"cam-a": "super35", "cam-b": "sony_venice_2", "cam-c": "arri_alexa_65"}
    assert cams["cam-b"].sensor_width == 36.0
    venice = {**w.model_dump(), "cameras": [
        {**c.model_dump(), "sensor_width": 35.9} if c.id == "cam-c" else c.model_dump()
        for c in w.cameras]}
    named = World.model_validate({**venice, "shots": [
        {**s.model_dump(), "camera_body": bodies[s.camera] if s.camera != "cam-c"
         else "sony_venice_2"} for s in w.shots]})
    rows = {r.shot_id: r.camera_body for r in shot_rows(named)}
    assert rows == {"shot-a": "super35", "shot-b": "full_frame", "shot-c": "sony_venice_2"}
