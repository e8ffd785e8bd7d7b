"""`previz script`: Fountain → scenes with line numbers (screenplain underneath), dialogue timing,
talk actions and coverage cut to the lines; malformed files exit 2 naming the line."""

from __future__ import annotations

import hashlib
import json
import wave
from pathlib import Path

import pytest

from previz.addon.cli import main
from previz.agents.handoff.screenplay import Action, Dialogue, parse_fountain, read_fountain
from previz.agents.handoff.script import (
    GAP_S,
    audio_for_lines,
    off_screen,
    stage_scene,
    stage_screenplay,
)
from previz.world.errors import InputError

FIXTURE = Path(__file__).parent / "fixtures" / "three_scenes.fountain"


def test_the_three_scenes_parse_with_their_lines() -> None:
    sp = read_fountain(FIXTURE)
    assert sp.title == "The Last Cup"
    assert [(s.number, s.line, s.heading) for s in sp.scenes] == [
        (1, 4, "INT. KITCHEN - NIGHT"), (2, 18, "EXT. PARK - DAY"), (3, 28, "INT. OFFICE - DAY")]
    assert [(s.place, s.time_of_day, s.interior) for s in sp.scenes] == [
        ("KITCHEN", "NIGHT", True), ("PARK", "DAY", False), ("OFFICE", "DAY", True)]
    kitchen = sp.scenes[0].elements
    assert kitchen[0] == Action("Mara sits at the table with a cup of coffee.", 6)
    assert [(d.character, d.line) for d in kitchen[1:]] == [("JONAH", 8), ("MARA", 11),
                                                           ("JONAH", 15)]
    assert kitchen[2].text == "I couldn't sleep. The house is too quiet without her."
    assert kitchen[2].parentheticals == ("(beat)",) and kitchen[2].pauses == 1
    park = sp.scenes[1].elements
    # The boneyard (lines 22-23) is gone and the line after it keeps its own number.
    assert park == [Action("Jonah walks to the bench.", 20),
                    Dialogue("JONAH", "Every morning she fed the birds here.", 25, (), "V.O.")]
    assert off_screen(park[1]) and not off_screen(kitchen[1])
    # A note [[…]] is not action.
    assert sp.scenes[2].elements[0] == Action("Mara stands at the window.", 30)
    assert sp.characters == ["JONAH", "MARA"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("INT. ROOM - DAY\n\nMara waits.\n\n/* cut\nthis\n", 5, "boneyard '/*' is never closed"),
    ("INT. ROOM - DAY\n\nMara waits. [[a note\n\nthat never ends\n", 3, "note '[['"),
    ("Mara waits by the door.\n\nINT. ROOM - DAY\n", 1, "action before the first scene"),
    ("\nMARA\nHello.\n\nINT. ROOM - DAY\n", 2, "dialogue before the first scene"),
    ("INT. ROOM - DAY\n\nMARA\n(beat)\n", 3, "MARA's dialogue has no spoken line"),
    ("INT. ROOM - DAY\n\nMara waits.\n\nINT. - NIGHT\n", 5, "names no place"),
])
def test_malformed_fountain_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as err:
        parse_fountain(text, "s.fountain")
    assert str(err.value).startswith(f"s.fountain:{line}: ")
    assert words in str(err.value)


def test_a_script_with_no_scene_heading_is_refused() -> None:
    with pytest.raises(InputError, match=r"no scene heading"):
        parse_fountain("Title: X\n\n# Act one\n\n===\n\n> FADE OUT.\n", "s.fountain")


def test_dialogue_is_timed_by_words_and_pauses_and_drives_talk_and_shots() -> None:
    staged = stage_screenplay(read_fountain(FIXTURE), fps=24.0)
    kitchen = staged[0]
    timed = [(b.kind, b.speaker_id, round(b.start_s, 6), round(b.spoken_s, 6))
             for b in kitchen.beats]
    # 3 words at 2.5 words/s = 1.2 s; 10 words = 4 s + 1 s for (beat); 5 words = 2 s.
    assert timed == [("action", "", 0.0, 0.0), ("dialogue", "jonah", 3.0, 1.2),
                     ("dialogue", "mara", 4.6, 5.0), ("dialogue", "jonah", 10.0, 2.0)]
    assert GAP_S == 0.4
    talks = {c.id: [(a.verb, a.start, a.duration) for a in c.actions]
             for c in kitchen.plan.characters}
    assert talks["jonah"] == [("talk", 3.0, 1.2), ("talk", 10.0, 2.0)]
    assert talks["mara"] == [("sit", 0.0, 3.0), ("talk", 4.6, 5.0)]
    # Shot/reverse shot cut on the lines: frames are the beats' times rounded at 24 fps.
    shots = [(s.size, s.subject, round(s.duration * 24)) for s in kitchen.plan.shots]
    assert shots == [("wide", None, 72), ("medium", "jonah", 38), ("medium", "mara", 130),
                     ("medium", "jonah", 58)]
    assert kitchen.plan.coverage is not None
    assert kitchen.plan.coverage.subjects == ["jonah", "mara"]
    # In conversation they face each other, so each single sees its speaker's face.
    assert {(r.type, r.subject, r.target) for r in kitchen.plan.relations} >= {
        ("facing", "jonah", "mara"), ("facing", "mara", "jonah")}
    # The voice-over neither cuts nor talks: the park is one wide, Jonah only walks.
    park = staged[1]
    assert [(s.size, s.subject) for s in park.plan.shots] == [("wide", None)]
    assert [a.verb for c in park.plan.characters for a in c.actions] == ["walk"]
    # A speaker the action never names is still a person in the scene.
    office = staged[2]
    assert {c.id for c in office.plan.characters} == {"mara", "jonah"}
    assert [(s.size, s.subject) for s in office.plan.shots] == [
        ("wide", None), ("medium", "mara"), ("medium", "jonah")]


def _wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * round(seconds * rate))
    return path


def test_recorded_lines_set_the_length_of_their_line(tmp_path: Path) -> None:
    sp = read_fountain(FIXTURE)
    _wav(tmp_path / "001.wav", 2.5)  # JONAH: "You're still up." (1.2 s by its words)
    _wav(tmp_path / "006.wav", 0.75)  # the script's last line, scene 3
    audio = audio_for_lines(tmp_path, sp)
    staged = stage_screenplay(sp, audio=audio)
    first = staged[0].beats[1]
    assert (first.spoken_s, first.audio) == (2.5, str(tmp_path / "001.wav"))
    assert staged[0].beats[2].start_s == pytest.approx(3.0 + 2.5 + GAP_S)
    last = staged[2].beats[-1]
    assert last.spoken_s == 0.75 and last.audio.endswith("006.wav")
    assert staged[0].dialogue_json()["dialogue"][0]["end_s"] == pytest.approx(5.5)
    (tmp_path / "take2.wav").write_bytes(b"")
    with pytest.raises(InputError, match=r"take2.wav: audio files are named by line"):
        audio_for_lines(tmp_path, sp)


STAGE = """
import hashlib, sys
from previz.agents.handoff.screenplay import read_fountain
from previz.agents.handoff.script import stage_scene
for scene in read_fountain(sys.argv[1]).scenes:
    print(hashlib.sha256(stage_scene(scene).plan.model_dump_json().encode()).hexdigest())
"""


def test_staging_is_deterministic() -> None:
    """Every scene stages to the same plan in two processes with different hash seeds (an
    order taken from a set of names would differ between them), and as staged here."""
    from two_processes import outputs_in_two_processes

    first, second = outputs_in_two_processes(STAGE, str(FIXTURE))
    assert first == second and len(first.split()) == 3
    here = [hashlib.sha256(stage_scene(s).plan.model_dump_json().encode()).hexdigest()
            for s in read_fountain(FIXTURE).scenes]
    assert first.split() == here


def test_cli_malformed_file_exits_2_naming_the_line_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.fountain"
    bad.write_text("INT. ROOM - DAY\n\nMara waits.\n\nJONAH\n(quietly)\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["script", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5: JONAH's dialogue has no spoken line" in err
    assert "Traceback" not in err
    assert not out.exists()
    latin = tmp_path / "latin.fountain"
    latin.write_bytes(b"INT. CAF\xc9 - DAY\n\nMara waits.\n")
    assert main(["script", str(latin), "-o", str(out)]) == 2
    assert f"{latin}:1: not UTF-8" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_writes_a_world_per_scene(scripted: Path) -> None:
    from previz.world import load_world

    index = json.loads((scripted / "script.json").read_text())
    assert [s["heading"] for s in index["scenes"]] == [
        "INT. KITCHEN - NIGHT", "EXT. PARK - DAY", "INT. OFFICE - DAY"]
    shots = []
    for entry in index["scenes"]:
        world = load_world(scripted / entry["world"])
        assert world.content_hash() == entry["content_hash"]
        shots.append([(s.id, s.frame_start, s.frame_end) for s in world.shots])
        dialogue = json.loads((scripted / entry["folder"] / "dialogue.json").read_text())
        assert len(dialogue["dialogue"]) == entry["dialogue_lines"]
        report = json.loads((scripted / entry["folder"] / "world.report.json").read_text())
        assert report["script"]["line"] == entry["line"]
    assert shots[0] == [("shot-1", 1, 72), ("shot-2", 73, 110), ("shot-3", 111, 240),
                        ("shot-4", 241, 298)]
    assert len(shots[1]) == 1 and len(shots[2]) == 3
    people = {e.id for e in load_world(scripted / "scene-03" / "world.json").entities
              if e.kind == "character"}
    assert people == {"mara", "jonah"}


@pytest.mark.slow
def test_the_same_script_gives_the_same_worlds_in_two_processes(tmp_path: Path) -> None:
    """Different hash seeds (set and dict order) and processes: byte-identical outputs."""
    import os
    import subprocess
    import sys

    outs = []
    for hash_seed in ("1", "4242"):
        out = tmp_path / hash_seed
        run = subprocess.run(
            [sys.executable, "-c", "import sys; from previz.addon.cli import main; "
             "sys.exit(main())", "-q", "script", str(FIXTURE), "-o", str(out), "--scene", "3",
             "--rounds", "1"],
            env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True, text=True,
            timeout=600)
        assert run.returncode == 0, run.stderr
        outs.append(out)
    for name in ("scene-03/world.json", "scene-03/dialogue.json", "script.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_dual_dialogue_is_spoken_at_once_on_a_two_shot() -> None:
    sp = parse_fountain("INT. BAR - NIGHT\n\nMara and Jonah sit at the bar.\n\nMARA\nOut.\n\n"
                        "MARA\nBoth of us at once then.\n\nJONAH ^\nBoth of us at once then."
                        "\n\nMARA\nFine.\n", "bar.fountain")
    lines = sp.scenes[0].dialogue
    assert [(d.character, d.dual, d.line) for d in lines] == [
        ("MARA", False, 5), ("MARA", False, 8), ("JONAH", True, 8), ("MARA", False, 14)]
    st = stage_scene(sp.scenes[0])
    both = st.beats[2:4]
    # "Out." is one word: the 1 s minimum, then the gap.
    assert both[0].start_s == both[1].start_s == pytest.approx(4.4)
    assert st.beats[4].start_s == pytest.approx(4.4 + 2.4 + GAP_S)  # after the pair
    assert [(s.size, s.subject, round(s.duration * 24)) for s in st.plan.shots] == [
        ("wide", None, 72), ("medium", "mara", 34), ("wide", None, 67), ("medium", "mara", 33)]


def test_cli_output_that_is_a_file_exits_2_before_staging(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    assert main(["script", str(FIXTURE), "-o", str(taken)]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert taken.read_text(encoding="utf-8") == "a file"
