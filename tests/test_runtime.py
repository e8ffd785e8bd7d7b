"""The runtime installer: the right torch build per machine, a streamed pip install into the
extension's own folder, swapped in only on success."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from previz.addon.runtime import (
    PYPI,
    RENDER_PACKAGES,
    TORCH_INDEX,
    TORCH_VERSION,
    Machine,
    activate,
    install,
    install_steps,
    lock_path,
    read_lock,
    torch_variant,
)

ROOT = Path(__file__).resolve().parent.parent


def test_torch_build_per_machine() -> None:
    assert torch_variant(Machine("Linux", "x86_64", nvidia=True, rocm=False)) == "cuda"
    assert torch_variant(Machine("Windows", "amd64", nvidia=True, rocm=False)) == "cuda"
    assert torch_variant(Machine("Linux", "x86_64", nvidia=False, rocm=True)) == "rocm"
    assert torch_variant(Machine("Darwin", "arm64", nvidia=False, rocm=False)) == "mps"
    assert torch_variant(Machine("Linux", "x86_64", nvidia=False, rocm=False)) == "cpu"


LINUX = Machine("Linux", "x86_64", nvidia=False, rocm=False)


def _steps(tmp_path: Path, variant: str, machine: Machine, version=(3, 11)):
    req = tmp_path / f"req-{variant}-{machine.system}.txt"
    steps = install_steps(tmp_path / "t", variant, req, machine, python="/blender/python",
                          python_version=version)
    names = [line.split("==")[0] for line in req.read_text().splitlines()
             if line and not line[0].isspace()]
    return steps, names, req.read_text()


def _arg(cmd: list[str], flag: str) -> str:
    return cmd[cmd.index(flag) + 1]


def test_linux_cpu_torch_from_the_pytorch_index_the_rest_hash_locked(tmp_path: Path) -> None:
    (torch_step, rest), names, text = _steps(tmp_path, "cpu", LINUX)
    for step in (torch_step, rest):
        cmd = step.cmd
        assert cmd[:4] == ["/blender/python", "-m", "pip", "install"]
        assert _arg(cmd, "--target") == str(tmp_path / "t") and "--user" not in cmd
        assert "--no-deps" in cmd and _arg(cmd, "--only-binary") == ":all:"
        assert "--extra-index-url" not in cmd and cmd.count("--index-url") == 1
    assert _arg(torch_step.cmd, "--index-url") == TORCH_INDEX["cpu"]
    assert torch_step.cmd[-1] == f"torch=={TORCH_VERSION}+cpu"
    assert _arg(rest.cmd, "--index-url") == PYPI and "--require-hashes" in rest.cmd
    assert "torch" not in names and not [n for n in names if n.startswith("nvidia")]
    assert {"diffusers", "transformers", "accelerate", "numpy", "sympy"} <= set(names)
    assert text.count("--hash=sha256:") >= len(names)
    assert "from https://download.pytorch.org/whl/cpu (exact version, no hash" in torch_step.what
    assert rest.sources["diffusers"] == {"version": "0.42.1", "index": PYPI,
                                         "hash": "sha256, checked by pip"}


def test_linux_cuda_and_macos_take_torch_from_pypi_with_hashes(tmp_path: Path) -> None:
    (only,), names, _ = _steps(tmp_path, "cuda", Machine("Linux", "x86_64", True, False))
    assert _arg(only.cmd, "--index-url") == PYPI and "torch" in names
    assert "nvidia-cublas" in names and "triton" in names  # PyPI's Linux torch is the CUDA one
    (only,), names, _ = _steps(tmp_path, "mps", Machine("Darwin", "arm64", False, False), (3, 13))
    assert _arg(only.cmd, "--index-url") == PYPI and "torch" in names
    assert not [n for n in names if n.startswith(("nvidia", "cuda-", "triton"))]


def test_windows_cuda_and_rocm_pin_their_pytorch_builds(tmp_path: Path) -> None:
    (torch_step, _rest), names, _ = _steps(tmp_path, "cuda", Machine("Windows", "amd64", True,
                                                                     False))
    assert _arg(torch_step.cmd, "--index-url") == TORCH_INDEX["cuda"]
    assert torch_step.cmd[-1] == f"torch=={TORCH_VERSION}+cu128" and "torch" not in names
    (torch_step, _rest), names, _ = _steps(tmp_path, "rocm", Machine("Linux", "x86_64", False,
                                                                     True))
    assert _arg(torch_step.cmd, "--index-url") == TORCH_INDEX["rocm"]
    assert torch_step.cmd[-2:] == [f"torch=={TORCH_VERSION}+rocm6.4",
                                   "pytorch-triton-rocm==3.7.1"]
    assert "triton" not in names


def test_the_locks_pin_what_the_render_extra_names(tmp_path: Path) -> None:
    wanted = {r.split(">=")[0].lower() for r in RENDER_PACKAGES}
    for version in ((3, 11), (3, 13)):
        entries = read_lock(lock_path(version))
        pins = {name: v for name, v, _ in entries}
        assert wanted <= set(pins), wanted - set(pins)
        assert pins["torch"] == TORCH_VERSION
        assert all("--hash=sha256:" in text for _, _, text in entries)
    with pytest.raises(RuntimeError, match=r"no pinned runtime for Python 3\.12"):
        lock_path((3, 12))


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
    assert lines[0] == ("previz: installing the packages given, resolved by pip (not pinned by "
                        "Previz)")
    assert lines[1].startswith("$ ") and any("Successfully installed" in x for x in lines)
    assert json.loads((target / "previz-runtime-sources.json").read_text())["variant"] == "cpu"
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
