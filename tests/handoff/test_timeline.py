"""`previz timeline`: the shots as an OpenTimelineIO timeline (and EDL, FCPXML through OTIO's
adapters) that OTIO reads back with the right clips, media, markers and audio; an edited
timeline read back re-orders and trims the World's shots, and one naming unknown shots exits 2
and changes nothing."""

from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import pytest

from previz.addon.cli import main
from previz.world import load_world

otio = pytest.importorskip("opentimelineio")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "two_characters_room.json"


@pytest.fixture
def world_path(tmp_path: Path) -> Path:
    """The two-shot example (wide 1-48, ots 49-96 at 24 fps) in a folder of its own."""
    folder = tmp_path / "scene"
    folder.mkdir()
    out = folder / "world.json"
    shutil.copy(EXAMPLE, out)
    src_assets = EXAMPLE.parent / "assets"
    if src_assets.is_dir():
        shutil.copytree(src_assets, folder / "assets")
    return out


def _clips(tl) -> list:  # type: ignore[no-untyped-def]
    return list(tl.video_tracks()[0].find_clips())


def _wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * round(seconds * rate))
    return path


def test_otio_clips_are_the_shots_with_scene_frames_as_source(world_path: Path) -> None:
    out = world_path.parent / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    tl = otio.adapters.read_from_file(str(out))
    clips = _clips(tl)
    assert [c.name for c in clips] == ["wide", "ots"]
    # Blender frame 1 is source time 0: the ots shot (frames 49-96) starts at source frame 48.
    assert [(c.source_range.start_time.value, c.source_range.duration.value,
             c.source_range.duration.rate) for c in clips] == [(0, 48, 24), (48, 48, 24)]
    assert tl.duration().value == 96
    assert all(isinstance(c.media_reference, otio.schema.MissingReference) for c in clips)
    meta = clips[1].metadata["previz"]
    assert (meta["shot"], meta["camera"], meta["media"]) == ("ots", "ots", "missing")
    assert meta["lens"].endswith("mm") and meta["aspect"] == "1.73:1"
    assert len(tl.audio_tracks()) == 0


def test_media_is_the_render_else_the_preview_else_the_clay_frames(world_path: Path) -> None:
    media = world_path.parent
    (media / "wide" / "render").mkdir(parents=True)
    (media / "wide" / "render" / "render.mp4").write_bytes(b"x")
    (media / "wide" / "preview.mp4").write_bytes(b"x")
    clay = media / "ots" / "passes" / "clay"
    clay.mkdir(parents=True)
    for f in range(49, 97):
        (clay / f"{f:04d}.png").write_bytes(b"x")
    out = media / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    wide, ots = _clips(otio.adapters.read_from_file(str(out)))
    assert wide.media_reference.target_url == (media / "wide" / "render" / "render.mp4"
                                               ).resolve().as_uri()
    ref = ots.media_reference
    assert isinstance(ref, otio.schema.ImageSequenceReference)
    assert ref.target_url_for_image_number(0).endswith("/ots/passes/clay/0049.png")
    assert ref.number_of_images_in_sequence() == 48
    shutil.rmtree(media / "wide" / "render")
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    wide, _ = _clips(otio.adapters.read_from_file(str(out)))
    assert wide.media_reference.target_url.endswith("/wide/preview.mp4")


@pytest.mark.parametrize("suffix", [".edl", ".fcpxml"])
def test_edl_and_fcpxml_read_back_with_the_same_clips(world_path: Path, suffix: str) -> None:
    out = world_path.parent / f"edit{suffix}"
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    tl = otio.adapters.read_from_file(str(out))
    clips = _clips(tl)
    assert [c.name for c in clips] == ["wide", "ots"]
    assert [round(c.source_range.duration.rescaled_to(24).value) for c in clips] == [48, 48]
    assert [round(c.source_range.start_time.rescaled_to(24).value) for c in clips] == [0, 48]


def test_beat_markers_and_dialogue_audio(world_path: Path) -> None:
    folder = world_path.parent
    _wav(folder / "line1.wav", 1.5)
    beats = {"dialogue": [{"speaker": "MARA", "text": "Hi.", "start_s": 2.5, "end_s": 4.0,
                           "line": 9, "audio": "line1.wav"}],
             "beats": [{"kind": "action", "text": "Mara turns.", "line": 7, "start_s": 0.0,
                        "end_s": 2.5},
                       {"kind": "dialogue", "speaker": "MARA", "text": "Hi.", "line": 9,
                        "start_s": 2.5, "end_s": 4.4}]}
    (folder / "dialogue.json").write_text(json.dumps(beats), encoding="utf-8")
    out = folder / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    tl = otio.adapters.read_from_file(str(out))
    wide, ots = _clips(tl)
    # 2.5 s is scene frame 61 (source time 60): in the ots shot (49-96).
    assert [(m.name, m.marked_range.start_time.value) for m in wide.markers] == [
        ("Mara turns.", 0)]
    assert [(m.name, m.marked_range.start_time.value, m.color) for m in ots.markers] == [
        ("MARA: Hi.", 60, "GREEN")]
    (audio,) = tl.audio_tracks()
    items = list(audio)
    assert isinstance(items[0], otio.schema.Gap) and items[0].duration().value == 60
    assert items[1].duration().value == 36  # 1.5 s at 24 fps
    assert items[1].media_reference.target_url.endswith("/line1.wav")
    # One WAV for the whole scene instead: from frame 1.
    (folder / "dialogue.json").unlink()
    whole = _wav(folder / "scene.wav", 3.0)
    assert main(["-q", "timeline", str(world_path), "-o", str(out), "--audio", str(whole)]) == 0
    (audio,) = otio.adapters.read_from_file(str(out)).audio_tracks()
    assert [(type(i).__name__, i.duration().value) for i in audio] == [("Clip", 72)]


def _edited(src: Path, dst: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    tl = otio.adapters.read_from_file(str(src))
    edit(tl.video_tracks()[0])
    otio.adapters.write_to_file(tl, str(dst))
    return dst


def _trim_and_swap(track) -> None:  # type: ignore[no-untyped-def]
    ots = track[1]
    sr = ots.source_range
    six = otio.opentime.RationalTime(6, 24)
    ots.source_range = otio.opentime.TimeRange(sr.start_time + six, sr.duration - six)
    track.remove(ots)
    track.insert(0, ots)


def _ranges(path: Path) -> dict[str, tuple[int, int]]:
    return {s.id: (s.frame_start, s.frame_end) for s in load_world(path).shots}


def test_an_edit_read_back_is_the_cut(world_path: Path, capsys: pytest.CaptureFixture) -> None:
    """ots (49-96) trimmed by 6 at the head and moved first: it plays 1-42, wide 43-90; each
    is said to frame other action than it was cut from (the action is not re-timed)."""
    folder = world_path.parent
    src = folder / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(src)]) == 0
    before = load_world(world_path)
    edited = _edited(src, folder / "edited.otio", _trim_and_swap)
    capsys.readouterr()
    assert main(["timeline", str(world_path), "--read", str(edited)]) == 0
    out = capsys.readouterr().out
    assert "ots: frames 49-96 -> 1-42" in out and "wide: frames 1-48 -> 43-90" in out
    assert "order: ots, wide" in out
    assert "ots was cut from the action at frames 55-96; at 1-42" in out
    assert _ranges(world_path) == {"ots": (1, 42), "wide": (43, 90)}
    # Only the shots' ranges changed.
    after = load_world(world_path)
    assert after.model_copy(update={"shots": before.shots}).canonical_json() == \
        before.canonical_json()
    # The same edit as an EDL reads back the same.
    shutil.copy(EXAMPLE, world_path)
    edl = folder / "edited.edl"
    otio.adapters.write_to_file(otio.adapters.read_from_file(str(edited)), str(edl),
                                adapter_name="cmx_3600")
    assert main(["-q", "timeline", str(world_path), "--read", str(edl)]) == 0
    assert _ranges(world_path) == {"ots": (1, 42), "wide": (43, 90)}
    # Written back unchanged, an edit changes nothing.
    shutil.copy(EXAMPLE, world_path)
    capsys.readouterr()
    assert main(["timeline", str(world_path), "--read", str(src)]) == 0
    assert "no change" in capsys.readouterr().out
    assert world_path.read_bytes() == load_world(EXAMPLE).canonical_json().encode()


def test_a_hole_between_shots_is_a_gap_and_reads_back_unchanged(world_path: Path) -> None:
    data = json.loads(world_path.read_text())
    for shot in data["shots"]:
        if shot["id"] == "ots":
            shot["frame_start"] = 60
    world_path.write_text(json.dumps(data), encoding="utf-8")
    out = world_path.parent / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(out)]) == 0
    items = list(otio.adapters.read_from_file(str(out)).video_tracks()[0])
    assert [(type(i).__name__, i.duration().value) for i in items] == [
        ("Clip", 48), ("Gap", 11), ("Clip", 37)]
    assert main(["-q", "timeline", str(world_path), "--read", str(out)]) == 0
    assert _ranges(world_path) == {"wide": (1, 48), "ots": (60, 96)}


def test_an_edit_naming_unknown_shots_exits_2_and_changes_nothing(
        world_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = world_path.parent
    src = folder / "edit.otio"
    assert main(["-q", "timeline", str(world_path), "-o", str(src)]) == 0

    def add_strangers(track) -> None:  # type: ignore[no-untyped-def]
        for name in ("pickup-3", "insert-9"):
            c = track[0].deepcopy()
            c.name = name
            c.metadata.clear()
            track.append(c)

    bad = _edited(src, folder / "bad.otio", add_strangers)
    original = world_path.read_bytes()
    capsys.readouterr()
    assert main(["timeline", str(world_path), "--read", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "clips name shots the World does not have: pickup-3, insert-9" in err
    assert "nothing changed" in err and "Traceback" not in err
    assert world_path.read_bytes() == original
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []

    def twice(track) -> None:  # type: ignore[no-untyped-def]
        track.append(track[0].deepcopy())

    dup = _edited(src, folder / "dup.otio", twice)
    assert main(["timeline", str(world_path), "--read", str(dup)]) == 2
    assert "used more than once in the edit: wide" in capsys.readouterr().err
    assert world_path.read_bytes() == original


def test_bad_outputs_and_inputs_exit_2(world_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = world_path.parent
    assert main(["timeline", str(world_path), "-o", str(folder / "edit.mov")]) == 2
    assert "name the timeline *.otio, *.edl" in capsys.readouterr().err
    (folder / "junk.otio").write_text("{not json", encoding="utf-8")
    assert main(["timeline", str(world_path), "--read", str(folder / "junk.otio")]) == 2
    assert "not a readable otio_json timeline" in capsys.readouterr().err
    assert not (folder / "edit.mov").exists()


@pytest.mark.slow
def test_scripted_scene_passes_and_timeline(scripted: Path) -> None:
    """The screenplay's office scene: passes for its first shot (small), then a timeline that
    OTIO reads back with one clip per shot, the staged durations, and the clay preview."""
    world = scripted / "scene-03" / "world.json"
    assert main(["-q", "passes", str(world), "-o", str(world.parent), "--shot", "shot-1",
                 "--frames", "1-3", "--resolution", "64x36", "--passes", "clay"]) == 0
    out = scripted / "office.otio"
    assert main(["-q", "timeline", str(world), "-o", str(out)]) == 0
    tl = otio.adapters.read_from_file(str(out))
    clips = _clips(tl)
    assert [c.name for c in clips] == ["shot-1", "shot-2", "shot-3"]
    # wide over the action (3 s), Mara's line (1.6 s + gap), Jonah's (1.2 s + gap).
    assert [c.source_range.duration.value for c in clips] == [72, 48, 38]
    assert clips[0].media_reference.target_url.endswith("/scene-03/shot-1/preview.mp4")
    assert clips[0].media_reference.available_range.duration.value == 3
    assert isinstance(clips[1].media_reference, otio.schema.MissingReference)
    markers = [m.name for c in clips for m in c.markers]
    assert markers == ["Mara stands at the window.", "MARA: We open at nine.",
                       "JONAH: I'll be there."]


def test_clips_renamed_after_their_files_are_found_by_their_media_path(
        world_path: Path) -> None:
    """An editor that names clips after their files (every one `preview.mp4`) loses the shot
    names; the media path …/<shot>/preview.mp4 still says which shot a clip is."""
    folder = world_path.parent
    for shot in ("wide", "ots"):
        (folder / shot).mkdir()
        (folder / shot / "preview.mp4").write_bytes(b"x")
    src = folder / "edit.edl"
    assert main(["-q", "timeline", str(world_path), "-o", str(src)]) == 0
    text = src.read_text()
    assert "FROM CLIP NAME:  ots" in text
    renamed = folder / "renamed.edl"
    renamed.write_text(text.replace("FROM CLIP NAME:  wide", "FROM CLIP NAME:  preview.mp4")
                       .replace("FROM CLIP NAME:  ots", "FROM CLIP NAME:  preview.mp4"))
    tl = otio.adapters.read_from_file(str(renamed))
    assert [c.name for c in _clips(tl)] == ["preview.mp4", "preview.mp4"]

    def trim_tail(track) -> None:  # type: ignore[no-untyped-def]
        wide = track[0]
        sr = wide.source_range
        wide.source_range = otio.opentime.TimeRange(sr.start_time,
                                                    sr.duration - otio.opentime.RationalTime(8, 24))

    edited = folder / "trimmed.edl"
    trim_tail(tl.video_tracks()[0])
    otio.adapters.write_to_file(tl, str(edited), adapter_name="cmx_3600")
    assert main(["-q", "timeline", str(world_path), "--read", str(edited)]) == 0
    # The cut moves ots up by the 8 frames (it now frames the action at 41-88).
    assert _ranges(world_path) == {"wide": (1, 40), "ots": (41, 88)}


@pytest.mark.slow
def test_the_whole_screenplay_as_one_timeline(scripted: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    out = scripted / "film.otio"
    assert main(["-q", "timeline", str(scripted / "script.json"), "-o", str(out)]) == 0
    tl = otio.adapters.read_from_file(str(out))
    clips = _clips(tl)
    index = json.loads((scripted / "script.json").read_text())
    names = [f"{e['folder']}/{s}" for e in index["scenes"] for s in e["shots"]]
    assert [c.name for c in clips] == names and len(names) == 8
    frames = [round(e["duration_s"] * 24) for e in index["scenes"]]
    assert tl.video_tracks()[0].duration().value == sum(frames) == 298 + 149 + 158
    headings = [m.name for c in clips for m in c.markers if m.color == "RED"]
    assert headings == ["INT. KITCHEN - NIGHT", "EXT. PARK - DAY", "INT. OFFICE - DAY"]
    # Scene 2 starts where scene 1 ends.
    assert tl.video_tracks()[0].range_of_child(clips[4]).start_time.value == 298
    capsys.readouterr()
    world = scripted / "scene-01" / "world.json"
    before = world.read_bytes()
    assert main(["timeline", str(world), "--read", str(out)]) == 2
    assert "a whole-script timeline" in capsys.readouterr().err
    assert world.read_bytes() == before


@pytest.mark.slow
def test_recorded_lines_time_the_scene_and_make_its_audio_track(tmp_path: Path) -> None:
    """previz script --audio: the office scene's two lines (the script's 5th and 6th) last as
    long as their WAVs, and its timeline carries them on an audio track at their lines."""
    fountain = Path(__file__).parent / "fixtures" / "three_scenes.fountain"
    rec = tmp_path / "rec"
    rec.mkdir()
    _wav(rec / "005.wav", 2.0)  # MARA: "We open at nine."
    _wav(rec / "006.wav", 1.0)  # JONAH: "I'll be there."
    out = tmp_path / "out"
    assert main(["-q", "script", str(fountain), "-o", str(out), "--audio", str(rec),
                 "--scene", "3", "--rounds", "1"]) == 0
    dialogue = json.loads((out / "scene-03" / "dialogue.json").read_text())
    assert [(d["speaker"], d["start_s"], d["end_s"], d["audio"]) for d in dialogue["dialogue"]] \
        == [("MARA", 3.0, 5.0, "../../rec/005.wav"), ("JONAH", 5.4, 6.4, "../../rec/006.wav")]
    world = load_world(out / "scene-03" / "world.json")
    # Cuts at the lines: 3.0 s and 5.4 s are record frames 72 and 129.6 → 130.
    assert [(s.frame_start, s.frame_end) for s in world.shots] == [(1, 72), (73, 130),
                                                                  (131, 163)]
    edit = out / "office.otio"
    assert main(["-q", "timeline", str(out / "scene-03" / "world.json"), "-o", str(edit)]) == 0
    (track,) = otio.adapters.read_from_file(str(edit)).audio_tracks()
    assert [(type(i).__name__, i.duration().value) for i in track] == [
        ("Gap", 72), ("Clip", 48), ("Gap", 10), ("Clip", 24)]
