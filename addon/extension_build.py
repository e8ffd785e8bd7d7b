"""Build the installable Blender extension zip(s) from a source checkout.

An extension is a zip with `blender_manifest.toml` and an `__init__.py` at its root; Python
dependencies travel as wheels listed in the manifest, which Blender installs into its extensions
site-packages. Ours carries the `previz` wheel itself (so the add-on imports `previz.world`,
`previz.addon.bridge` … by their real names) and pydantic with its compiled core, which is why
there is one zip per platform. One zip serves every supported Blender of its platform: it carries
pydantic-core for each Python Blender embeds (3.11 in 4.2–5.0, 3.13 in 5.1 and newer), and
Blender's installer (4.2 on) keeps only the wheels whose Python tag matches its own Python.
numpy comes with Blender. torch and diffusers are not bundled:
they are large and machine-specific, and the runtime install puts them in the extension's user
folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

from previz.world.errors import InputError
from previz.world.files import atomic_path

# Blender's platform names → wheel platform tags pip can download for.
PLATFORMS = {
    "linux-x64": "manylinux_2_17_x86_64",
    "linux-arm64": "manylinux_2_17_aarch64",
    "macos-arm64": "macosx_11_0_arm64",
    "macos-x64": "macosx_10_12_x86_64",
    "windows-x64": "win_amd64",
}
# Runtime dependencies to bundle (pure Python except pydantic-core), pinned to what is installed
# here so the extension runs the versions the tests ran.
BUNDLED = ("pydantic", "pydantic-core", "annotated-types", "typing-extensions", "typing-inspection",
           "threadpoolctl")
# The Blender versions the zip supports, [from, to), and the Python each embeds: 3.11 in 4.2 LTS –
# 5.0, 3.13 in 5.1, 5.2 LTS and the rest of 5.x. The manifest's blender_version_min/max must span
# exactly these ranges (a test keeps them equal), so a Blender outside them refuses the zip at
# install time rather than failing to import pydantic-core when the add-on is enabled.
BLENDER_RANGES = ((("4.2.0", "5.1.0"), "3.11"), (("5.1.0", "6.0.0"), "3.13"))
BLENDER_PYTHONS = tuple(python for _, python in BLENDER_RANGES)


def _installed_version(name: str) -> str:
    return version(name)


def _pip(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise RuntimeError("pip " + " ".join(args[:2]) + " failed: " + " | ".join(tail))


def source_root() -> Path:
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        raise InputError(
            "building the extension needs a source checkout of Previz (pyproject.toml not found "
            f"beside {root / 'addon'})"
        )
    return root


def manifest_with_wheels(manifest: str, wheels: list[str], platform: str) -> str:
    """The manifest text with its `wheels` and `platforms` filled in."""
    listing = "wheels = [\n" + "".join(f'    "./wheels/{w}",\n' for w in wheels) + "]\n"
    listing += f'platforms = ["{platform}"]\n'
    text, n = re.subn(r"(?m)^# wheels = \[\]\n", listing, manifest)
    if n != 1:
        raise RuntimeError("blender_manifest.toml has no '# wheels = []' line to fill")
    tomllib.loads(text)  # must still be valid TOML
    return text


def build_extension(out_dir: str | Path, platforms: list[str] | None = None) -> list[Path]:
    """Build one zip per platform into ``out_dir``; returns their paths."""
    chosen = platforms or ["linux-x64"]
    unknown = [p for p in chosen if p not in PLATFORMS]
    if unknown:
        raise InputError(f"unknown platform {unknown[0]!r}; choose from {', '.join(PLATFORMS)}")
    root = source_root()
    manifest = (root / "addon" / "blender_manifest.toml").read_text()
    version = tomllib.loads(manifest)["version"]
    out = Path(out_dir)
    built = []
    with tempfile.TemporaryDirectory(prefix="previz-ext-") as tmp:
        own = Path(tmp) / "own"
        _pip("wheel", "--no-deps", "-q", "-w", str(own), str(root))
        (previz_wheel,) = own.glob("previz-*.whl")
        for platform in chosen:
            deps = Path(tmp) / platform
            pins = [f"{name}=={_installed_version(name)}" for name in BUNDLED]
            for python in BLENDER_PYTHONS:  # pure wheels come twice under one name: kept once
                _pip("download", "-q", "--no-deps", "--only-binary=:all:", "--python-version",
                     python, "--platform", PLATFORMS[platform], "-d", str(deps), *pins)
            wheels = [previz_wheel, *sorted(deps.glob("*.whl"))]
            target = out / f"previz-{version}-{platform.replace('-', '_')}.zip"
            with atomic_path(target) as tmp_zip, zipfile.ZipFile(
                tmp_zip, "w", zipfile.ZIP_DEFLATED
            ) as zf:
                zf.writestr("blender_manifest.toml",
                            manifest_with_wheels(manifest, [w.name for w in wheels], platform))
                zf.write(root / "addon" / "__init__.py", "__init__.py")
                for wheel in wheels:
                    zf.write(wheel, f"wheels/{wheel.name}")
            built.append(target)
    return built
