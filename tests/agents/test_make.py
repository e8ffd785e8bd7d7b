"""`previz make`: text → checked World → .blend → white-box passes with the clay preview, and a
message saying how to enable the neural render."""

from __future__ import annotations

import json

import bpy  # noqa: F401 - the `blender` extra; CI installs it
import pytest

from previz.addon.cli import main

pytestmark = [pytest.mark.blender, pytest.mark.slow]


def test_make_end_to_end(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["make", "Close-up of Anna at her desk with a laptop on the desk for 0.5 "
                 "seconds.", "-o", str(out), "--resolution", "128x80", "--passes", "clay,depth"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert json.loads((out / "world.report.json").read_text())["ok"]
    assert (out / "scene.blend").is_file()
    shot = out / "passes" / "shot-1"
    manifest = json.loads((shot / "manifest.json").read_text())
    assert manifest
    assert len(list((shot / "passes" / "clay").glob("*.png"))) == 12
    assert (shot / "preview.mp4").is_file()
    assert "clay preview:" in text and "neural render: not run" in text


def test_make_stops_on_bad_text(tmp_path):
    assert main(["make", "   ", "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
