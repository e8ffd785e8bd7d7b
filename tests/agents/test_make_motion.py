"""`previz make` of the README's example animates Mara's body: keyed joint rotations in the
World it writes (and builds), feet planted by `previz check`'s measure."""

from __future__ import annotations

import json

import bpy  # noqa: F401 - the `blender` extra; CI installs it
import pytest

from previz.addon.cli import main
from previz.world import Curve, World

pytestmark = [pytest.mark.blender, pytest.mark.slow]

README_TEXT = ("A living room with a sofa, a coffee table and a lamp. Mara walks to the door, "
               "then waves.")


def test_make_readme_example_keys_joints_with_planted_feet(tmp_path, capsys):
    out = tmp_path / "demo"
    code = main(["make", README_TEXT, "-o", str(out), "--resolution", "64x40",
                 "--passes", "clay"])
    assert code == 0, capsys.readouterr().out
    world = World.model_validate_json((out / "world.json").read_text())
    mara = world.entity("mara")
    curves = [c for j in mara.skeleton.joints for c in j.rotation if isinstance(c, Curve)]
    assert len(curves) > 20  # legs, arms, spine: a body in motion, not the rest pose
    assert (out / "scene.blend").is_file()
    capsys.readouterr()
    assert main(["check", str(out / "world.json"), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["metrics"]["motion"]["entities"] == ["mara"]
    assert rep["metrics"]["motion"]["foot_skating_cm_per_frame"]["mara"]["mean"] < 0.5
    assert not any(p["kind"] == "foot_skating" for p in rep["problems"])
