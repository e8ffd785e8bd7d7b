"""The runtime installer: the right torch build per machine, a streamed pip install into the
extension's own folder, swapped in only on success."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from previz.addon.runtime import (
    RENDER_PACKAGES,
    TORCH_INDEX,
    Machine,
    activate,
    install,
    install_command,
    torch_variant,
)

ROOT = Path(__file__).resolve().parent.parent


def test_torch_build_per_machine() -> None:
    assert torch_variant(Machine("Linux", "x86_64", nvidia=True, rocm=False)) == "cuda"
    assert torch_variant(Machine("Windows", "amd64", nvidia=True, rocm=False)) == "cuda"
    assert torch_variant(Machine("Linux", "x86_64", nvidia=False, rocm=True)) == "rocm"
    assert torch_variant(Machine("Darwin", "arm64", nvidia=False, rocm=False)) == "mps"
    assert torch_variant(Machine("Linux", "x86_64", nvidia=False, rocm=False)) == "cpu"


def test_install_command_targets_a_folder_with_the_torch_index(tmp_path: Path) -> None:
    cmd = install_command(tmp_path, "cuda", python="/blender/python")
    assert cmd[:4] == ["/blender/python", "-m", "pip", "install"]
    assert cmd[cmd.index("--target") + 1] == str(tmp_path)
    assert cmd[cmd.index("--extra-index-url") + 1] == TORCH_INDEX["cuda"]
    assert "--user" not in cmd
    assert "--extra-index-url" not in install_command(tmp_path, "mps")


def test_render_packages_match_the_render_extra() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["render"]
    assert list(RENDER_PACKAGES) == extra


def test_install_streams_log_and_swaps_in(tmp_path: Path, tiny_wheel) -> None:
    wheel = tiny_wheel()
    target = tmp_path / "runtime"
    lines: list[str] = []
    code = install(target, "cpu", lines.append, packages=("--no-index", str(wheel)))
    assert code == 0
    assert (target / "previztiny" / "__init__.py").read_text() == "VALUE = 7\n"
    assert lines[0].startswith("$ ") and any("Successfully installed" in x for x in lines)
    assert not (tmp_path / "runtime.installing").exists()
    assert activate(target) and str(target) in sys.path
    sys.path.remove(str(target))


def test_failed_or_cancelled_install_keeps_the_old_runtime(tmp_path: Path, tiny_wheel) -> None:
    target = tmp_path / "runtime"
    install(target, "cpu", lambda s: None, packages=("--no-index", str(tiny_wheel())))
    code = install(target, "cpu", lambda s: None,
                   packages=("--no-index", "no-such-package-previz"))
    assert code != 0
    assert (target / "previztiny").is_dir()
    code = install(target, "cpu", lambda s: None, cancelled=lambda: True,
                   packages=("--no-index", str(tiny_wheel("other"))))
    assert code != 0
    assert (target / "previztiny").is_dir() and not (target / "other").exists()
    assert not (tmp_path / "runtime.installing").exists()


def test_an_exception_from_the_log_stops_pip_and_cleans_up(tmp_path: Path, tiny_wheel) -> None:
    def log(line: str) -> None:
        if not line.startswith("$ "):  # pip is running now
            raise KeyboardInterrupt

    target = tmp_path / "runtime"
    try:
        install(target, "cpu", log, packages=("--no-index", str(tiny_wheel())))
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the log's exception must propagate")
    assert not target.exists() and not (tmp_path / "runtime.installing").exists()
