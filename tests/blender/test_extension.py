"""The extension: manifest, register/unregister leaving nothing behind, the Blender CLI hook."""

from __future__ import annotations

import tomllib
from pathlib import Path

import bpy

import previz.addon as extension
from previz.addon import properties

ROOT = Path(__file__).resolve().parents[2]


def test_manifest() -> None:
    manifest = tomllib.loads((ROOT / "addon" / "blender_manifest.toml").read_text())
    assert manifest["id"] == "previz"
    assert manifest["type"] == "add-on"
    assert manifest["blender_version_min"] == "4.2.0"
    assert manifest["license"] == ["SPDX:GPL-3.0-or-later"]
    assert set(manifest["permissions"]) == {"files", "network"}


def _state() -> tuple:
    return (
        "previz" in bpy.types.Scene.bl_rna.properties,
        "previz" in bpy.types.Object.bl_rna.properties,
        tuple(cls.is_registered for cls in properties.CLASSES),
        extension._cli_handle is not None,
    )


def test_register_unregister_leave_nothing_behind() -> None:
    if properties.is_registered():  # the bridge registers the properties on first use
        properties.unregister()
    before = _state()
    assert before == (False, False, (False,) * len(properties.CLASSES), False)
    for _ in range(2):
        extension.register()
        assert _state() == (True, True, (True,) * len(properties.CLASSES), True)
        extension.unregister()
        assert _state() == before


def test_blender_cli_command_runs_the_same_code(capsys) -> None:
    code = extension._run_cli(["validate", str(ROOT / "examples" / "orbit_prop.json")])
    assert code == 0
    assert "ok" in capsys.readouterr().out
    assert extension._run_cli(["validate", "/nonexistent.json"]) == 2
