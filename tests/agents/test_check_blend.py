"""`previz check SCENE.blend`: a planned World built into Blender and checked from the .blend
gives the same report as the World itself (the bridge reads back the same World)."""

from __future__ import annotations

import json

import bpy  # noqa: F401 - the `blender` extra; CI installs it
import pytest

from previz.addon.cli import main

pytestmark = [pytest.mark.blender, pytest.mark.slow]


def test_check_blend_matches_world(tmp_path, capsys):
    world = tmp_path / "w.json"
    text = "Mara walks to the sofa in a living room with a coffee table in front of the sofa."
    assert main(["plan", text, "-o", str(world)]) == 0
    blend = tmp_path / "w.blend"
    assert main(["build", str(world), "-o", str(blend)]) == 0
    capsys.readouterr()
    assert main(["check", str(world), "--json"]) == 0
    from_json = json.loads(capsys.readouterr().out)
    code = main(["check", str(blend), "--json"])
    from_blend = json.loads(capsys.readouterr().out)
    assert code == 0, from_blend["problems"]
    assert from_blend["metrics"]["relations_total"] == from_json["metrics"]["relations_total"]
    assert from_blend["metrics"]["frames_checked"] == from_json["metrics"]["frames_checked"]
