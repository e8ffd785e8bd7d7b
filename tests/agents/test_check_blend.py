"""`previz check SCENE.blend`: a planned World built into Blender and checked from the .blend
gives the same report as the World itself (the bridge reads back the same World)."""

from __future__ import annotations

import json

import bpy
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
    # The same report, problem by problem (kind, entities, frames, detail) and measure by
    # measure: the bridge read back the World the plan wrote.
    assert from_blend["problems"] == from_json["problems"]
    assert from_blend["metrics"] == from_json["metrics"]
    assert from_json["metrics"]["frames_checked"] > 0 and from_json["metrics"]["relations_total"]


def test_check_blend_sees_an_edit_made_in_blender(tmp_path, capsys):
    """The .blend is really read: a table pushed into the sofa in Blender and saved is reported
    as interpenetration from the .blend, while the JSON it came from has no such problem."""

    from previz.addon.bridge import build
    from previz.world import load_world

    world = tmp_path / "w.json"
    text = "Mara walks to the sofa in a living room with a coffee table in front of the sofa."
    assert main(["plan", text, "-o", str(world)]) == 0
    w = load_world(world)
    table = next(e.id for e in w.entities if "table" in e.id)
    sofa = next(e for e in w.entities if "sofa" in e.id)
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(w, bpy.context.scene)
    bpy.data.objects[table].location = tuple(sofa.transform.location)  # type: ignore[arg-type]
    blend = tmp_path / "edited.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend))
    del scene
    capsys.readouterr()
    main(["check", str(world), "--json"])
    before = json.loads(capsys.readouterr().out)
    main(["check", str(blend), "--json"])
    after = json.loads(capsys.readouterr().out)
    pairs = lambda rep: {tuple(sorted(p["entities"])) for p in rep["problems"]  # noqa: E731
                         if p["kind"] == "interpenetration"}
    assert tuple(sorted((table, sofa.id))) in pairs(after) - pairs(before)
