"""The repository keeps its promises: layout, import boundaries, README and CI in step."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
TOP = ["world", "skills", "asset_index", "agents", "neural_render", "addon"]
CORE = ["previz.world", "previz.skills", "previz.asset_index", "previz.agents"]


def test_every_package_folder_is_packaged() -> None:
    """A subpackage missing from pyproject works in an editable install but not in a wheel."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    mapped = PYPROJECT["tool"]["setuptools"]["package-dir"]
    found = set()
    for top in TOP:
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT).parts
            found.add("previz." + ".".join(rel))
    assert found == listed
    for name in listed:
        assert mapped.get(name, "") == name.removeprefix("previz.").replace(".", "/")


def test_core_imports_neither_bpy_nor_torch() -> None:
    """Every module of the core (and the CLI entry) imports without loading bpy or torch."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"for top in {CORE!r}:\n"
        "    pkg = importlib.import_module(top)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, top + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import previz.neural_render, previz.addon.cli\n"
        "bad = sorted(m for m in ('bpy', 'torch', 'diffusers') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_exec_or_eval_in_project_code() -> None:
    pattern = re.compile(r"(^|[^.\w])(exec|eval)\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{i}"
        for top in TOP
        for path in (ROOT / top).rglob("*.py")
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line.split("#", 1)[0])
    ]
    assert offenders == []


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"<!-- (?:main|test)-command -->\n```sh\n(.+?)\n```", text)


def test_readme_test_command_is_what_ci_runs() -> None:
    main, test = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"TEST_COMMAND='{test}'" in ci
    assert "previz make " in main and '".[blender]"' in main


def test_console_script_and_license() -> None:
    project = PYPROJECT["project"]
    assert project["scripts"]["previz"] == "previz.addon.cli:entry_point"
    assert project["license"] == "GPL-3.0-or-later"
    assert project["optional-dependencies"]["blender"][0] == "bpy==4.5.*"
