"""The extension zip builds, and Blender's own extension installer accepts and enables it."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from previz.addon.extension_build import build_extension, manifest_with_wheels
from previz.world.errors import InputError

pytestmark = pytest.mark.slow

INSTALL = """
import bpy, json, sys
result = bpy.ops.extensions.package_install_files(
    filepath=sys.argv[1], repo="user_default", enable_on_install=True)
print(json.dumps({
    "result": sorted(result),
    "addons": [a.module for a in bpy.context.preferences.addons if "previz" in a.module],
    "scene_prop": "previz" in bpy.types.Scene.bl_rna.properties,
    "operator": hasattr(bpy.ops.previz, "import_world"),
}))
"""


def test_zip_builds_installs_and_enables(tmp_path: Path) -> None:
    (zip_path,) = build_extension(tmp_path / "dist", ["linux-x64"])
    assert zip_path.name == "previz-0.1.0-linux_x64.zip"
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        own = next(n for n in names if n.startswith("wheels/previz-"))
        zf.extract(own, tmp_path)
    assert "__init__.py" in names
    assert manifest["platforms"] == ["linux-x64"]
    assert sorted(manifest["wheels"]) == sorted(f"./{n}" for n in names if n.endswith(".whl"))
    cores = sorted(w.split("-")[2] for w in manifest["wheels"] if "pydantic_core" in w)
    assert cores == ["cp311", "cp313"]  # one zip for Blender 4.2–5.0 and for 5.1 and newer
    assert all("x86_64" in w for w in manifest["wheels"] if "pydantic_core" in w)
    with zipfile.ZipFile(tmp_path / own) as wheel:
        inside = set(wheel.namelist())
    for module in ("previz/world/models.py", "previz/addon/bridge/build.py",
                   "previz/addon/blender_manifest.toml", "previz/world/world.schema.json"):
        assert module in inside

    env = dict(os.environ, BLENDER_USER_RESOURCES=str(tmp_path / "blender"))
    out = subprocess.run([sys.executable, "-c", INSTALL, str(zip_path)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report == {"result": ["FINISHED"], "addons": ["bl_ext.user_default.previz"],
                      "scene_prop": True, "operator": True}
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = tmp_path / "blender" / "extensions" / ".local" / "lib" / python / "site-packages"
    assert (site / "previz" / "world" / "models.py").is_file()
    # Blender's installer kept the pydantic-core built for its own Python, and only that one.
    tag = f"cpython-{sys.version_info.major}{sys.version_info.minor}-"
    assert [p.name.split(".")[1][:len(tag)] for p in (site / "pydantic_core").glob("*.so")] == [tag]


def test_unknown_platform_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown platform 'amiga'"):
        build_extension(tmp_path, ["amiga"])


def test_manifest_gets_wheels_and_platform() -> None:
    source = Path(__file__).resolve().parents[2] / "addon" / "blender_manifest.toml"
    text = manifest_with_wheels(source.read_text(), ["a.whl", "b.whl"], "macos-arm64")
    data = tomllib.loads(text)
    assert data["wheels"] == ["./wheels/a.whl", "./wheels/b.whl"]
    assert data["platforms"] == ["macos-arm64"]
    assert data["id"] == "previz"


REFUSE = """
import bpy, json, sys
result = bpy.ops.extensions.package_install_files(
    filepath=sys.argv[1], repo="user_default", enable_on_install=True)
print(json.dumps({"addons": [a.module for a in bpy.context.preferences.addons
                             if "previz" in a.module]}))
"""


def test_manifest_spans_exactly_the_blenders_whose_python_it_carries() -> None:
    from previz.addon.extension_build import BLENDER_PYTHONS, BLENDER_RANGES

    source = Path(__file__).resolve().parents[2] / "addon" / "blender_manifest.toml"
    manifest = tomllib.loads(source.read_text())
    assert manifest["blender_version_min"] == BLENDER_RANGES[0][0][0] == "4.2.0"
    assert manifest["blender_version_max"] == BLENDER_RANGES[-1][0][1] == "6.0.0"
    for ((_, end), _), ((start, _), _) in itertools.pairwise(BLENDER_RANGES):
        assert end == start  # no gap between the ranges
    assert BLENDER_PYTHONS == ("3.11", "3.13")


def test_a_blender_past_the_supported_range_refuses_the_zip_with_its_own_message(
        tmp_path: Path) -> None:
    """This Blender plays one newer than the zip supports: the zip's maximum is set to the
    running version (exclusive), and Blender's installer must refuse it, saying why, before
    anything is enabled — not fail at import when the add-on starts."""
    import re

    import bpy

    (built,) = build_extension(tmp_path / "dist", ["linux-x64"])
    running = ".".join(map(str, bpy.app.version))
    past = tmp_path / "past.zip"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(past, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "blender_manifest.toml":
                data, n = re.subn(rb'(?m)^blender_version_max = "[^"]+"',
                                  f'blender_version_max = "{running}"'.encode(), data)
                assert n == 1
            dst.writestr(name, data)
    env = dict(os.environ, BLENDER_USER_RESOURCES=str(tmp_path / "blender"))
    out = subprocess.run([sys.executable, "-c", REFUSE, str(past)], env=env,
                         capture_output=True, text=True, timeout=300)
    said = out.stdout + out.stderr
    assert f"This Blender version ({running}) must be less than the maximum version" in said
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"addons": []}
    assert "Traceback" not in said and "ModuleNotFoundError" not in said
