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


def _readme_commands() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    return dict(re.findall(r"<!-- ((?:main|test)-command(?:-313)?) -->\n```sh\n(.+?)\n```", text))


def test_readme_test_commands_are_what_ci_runs() -> None:
    """Both Blender lines: Python 3.11 (bpy 4.5) and Python 3.13 (bpy 5.2), each a fresh venv."""
    commands = _readme_commands()
    assert sorted(commands) == ["main-command", "main-command-313", "test-command",
                                "test-command-313"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"TEST_COMMAND='{commands['test-command']}'" in ci
    assert f"TEST_COMMAND_313='{commands['test-command-313']}'" in ci
    assert 'run "$TEST_COMMAND" ||' in ci and 'run "$TEST_COMMAND_313")' in ci
    assert '[ "$rc311" -eq 0 ] && [ "$rc313" -eq 0 ]' in ci  # either failing fails CI
    for name, python in (("", "3.11"), ("-313", "3.13")):
        main, test = commands["main-command" + name], commands["test-command" + name]
        assert main.startswith(f"python{python} -m venv ") and test.startswith(f"python{python} ")
        assert "previz make " in main and '".[blender]"' in main
    # 3.13: no torch (the index has only a CUDA build of several GB), so no render tests.
    assert commands["test-command"].endswith("python -m pytest")
    assert "render" not in commands["test-command-313"].split("pytest")[0]
    assert commands["test-command-313"].endswith('python -m pytest -m "not render"')


def test_console_script_and_license() -> None:
    project = PYPROJECT["project"]
    assert project["scripts"]["previz"] == "previz.addon.cli:entry_point"
    assert project["license"] == "GPL-3.0-or-later"
    assert project["optional-dependencies"]["blender"][:2] == [
        "bpy==4.5.*; python_version == '3.11'",
        "bpy==5.2.*; python_version == '3.13'",
    ]


def test_pythons_are_the_ones_blender_embeds() -> None:
    """requires-python, the `blender` extra's markers and the extension's wheels name the same
    Pythons: 3.11 (Blender 4.2–5.0, bpy 4.5 LTS) and 3.13 (Blender 5.1 and newer, bpy 5.2 LTS)."""
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    from previz.addon.extension_build import BLENDER_PYTHONS

    assert BLENDER_PYTHONS == ("3.11", "3.13")
    allowed = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert [v for v in ("3.10.9", "3.11.0", "3.12.4", "3.13.0", "3.14.0") if v in allowed] == [
        "3.11.0", "3.13.0"]
    bpy = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["blender"]
           if r.startswith("bpy")]
    chosen = {
        python: [str(r.specifier) for r in bpy if r.marker.evaluate({"python_version": python})]
        for python in ("3.11", "3.12", "3.13")
    }
    assert chosen == {"3.11": ["==4.5.*"], "3.12": [], "3.13": ["==5.2.*"]}


def test_test_file_names_are_unique() -> None:
    """pytest imports test files by basename (rootdir mode): two folders holding the same name stop
    collection on a clean clone, which is how CI failed once (tests/passes and tests/skills both
    had test_lighting_look.py)."""
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
