"""The neural-rendering runtime (torch, diffusers …) installed for Blender's own Python.

Blender ships its own Python; installing torch into Blender's site-packages breaks on upgrade
and needs write access, and the user site leaks into every other Python. So the runtime goes into
a folder of the extension's user path, which `activate()` puts on `sys.path` when the add-on
loads. The torch build is chosen for the machine: CUDA when an NVIDIA driver is present, ROCm
with AMD's, the default wheels on macOS (MPS) and the CPU build otherwise. Pure Python (no
`bpy`): the operator passes the folder, the log streams through a `previz.addon.jobs.Progress`.

What is installed is pinned, and each package comes from one index (no ``--extra-index-url``
mixing, so a package of the same name on another index can never be picked instead):

- everything but torch, and torch where PyPI's wheel is the build wanted (Linux with CUDA, macOS,
  Windows without CUDA), comes from PyPI alone, exact versions with sha256 hashes
  (``--require-hashes``), from the lock of this Python in ``runtime_locks/`` (``render.in``
  compiled by ``uv pip compile --universal --generate-hashes``, one lock per Python version);
- torch from the PyTorch index (Linux CPU or ROCm, Windows CUDA) is installed first, in its own
  pip call with ``--index-url`` that index only, at an exact version (``2.13.0+cpu``) but
  **without a hash**: the PyTorch index could not be reached where the locks were made, so its
  wheels' hashes are not known to Previz. ROCm's ``pytorch-triton-rocm`` comes the same way.

Both calls use ``--no-deps`` (the locks hold the whole closure) and ``--only-binary :all:`` (no
source build runs code), ignore pip's configuration files and ``PIP_*INDEX*`` variables, and the
log says, before each call, what comes from where; ``previz-runtime-sources.json`` in the runtime
folder records it.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TORCH_INDEX = {
    "cuda": "https://download.pytorch.org/whl/cu128",
    "rocm": "https://download.pytorch.org/whl/rocm6.4",
    "cpu": "https://download.pytorch.org/whl/cpu",
}
# The `render` extra of pyproject.toml; tests keep the two in step.
RENDER_PACKAGES = (
    "torch>=2.4",
    "diffusers>=0.42",
    "transformers>=5.0",
    "accelerate>=1.0",
    "safetensors>=0.4",
    "huggingface-hub>=0.34",
    "ftfy>=6.1",
    "pillow>=10",
    "tqdm>=4.66",
    "imageio>=2.34",
    "imageio-ffmpeg>=0.5",
)


@dataclass(frozen=True)
class Machine:
    system: str  # platform.system(): Linux, Windows, Darwin
    arch: str  # platform.machine()
    nvidia: bool
    rocm: bool


def this_machine() -> Machine:
    return Machine(
        system=platform.system(),
        arch=platform.machine().lower(),
        nvidia=shutil.which("nvidia-smi") is not None,
        rocm=shutil.which("rocm-smi") is not None or Path("/opt/rocm").is_dir(),
    )


def torch_variant(machine: Machine) -> str:
    """'cuda', 'rocm', 'mps' or 'cpu': which torch build suits the machine."""
    if machine.system == "Darwin":
        return "mps" if machine.arch in ("arm64", "aarch64") else "cpu"
    if machine.nvidia:
        return "cuda"
    if machine.rocm and machine.system == "Linux":
        return "rocm"
    return "cpu"


PYPI = "https://pypi.org/simple"
LOCKS = Path(__file__).with_name("runtime_locks")
#: The torch release of the locks (`runtime_locks/render.in`); a test keeps them equal.
TORCH_VERSION = "2.13.0"
SOURCES_FILE = "previz-runtime-sources.json"
#: Lock entries only a CUDA build of torch on Linux needs (its CUDA libraries and Triton).
_CUDA_ONLY = re.compile(r"^(nvidia-|cuda-|triton$)")


@dataclass(frozen=True)
class Step:
    """One pip call: what it installs from where (said in the log), and the command."""

    what: str
    cmd: list[str]
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> version, index…


def lock_path(python_version: tuple[int, int] = sys.version_info[:2]) -> Path:
    """The lock of a Python version; a clear error when there is none."""
    path = LOCKS / f"render-py{python_version[0]}.{python_version[1]}.txt"
    if not path.is_file():
        known = ", ".join(sorted(p.stem.removeprefix("render-py") for p in
                                 LOCKS.glob("render-py*.txt")))
        raise RuntimeError(f"no pinned runtime for Python {python_version[0]}."
                           f"{python_version[1]} (locks exist for {known})")
    return path


def read_lock(path: Path) -> list[tuple[str, str, str]]:
    """The entries of a lock: (normalised name, version, the entry's text with its hashes)."""
    entries: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            name, version, text = entries[-1]
            entries[-1] = (name, version, f"{text}\n{line}")
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^ ;\\]+)", line)
        if m is None:
            raise ValueError(f"{path}: not a pinned requirement: {line}")
        entries.append((re.sub(r"[-_.]+", "-", m[1]).lower(), m[2], line))
    return entries


def torch_from_index(machine: Machine, variant: str) -> str | None:
    """The PyTorch index torch comes from, or None when PyPI's (hash-locked) wheel is the build
    wanted: Linux with CUDA (PyPI's Linux wheel is the CUDA build), macOS, Windows without
    CUDA (PyPI's Windows wheel is the CPU build)."""
    if machine.system == "Darwin":
        return None
    if variant == "cuda":
        return None if machine.system == "Linux" else TORCH_INDEX["cuda"]
    if variant == "rocm" and machine.system == "Linux":
        return TORCH_INDEX["rocm"]
    return None if machine.system == "Windows" else TORCH_INDEX["cpu"]


def _pip(python: str, target: Path) -> list[str]:
    return [python, "-m", "pip", "install", "--target", str(target), "--progress-bar", "off",
            "--no-deps", "--only-binary", ":all:", "--no-input"]


def install_steps(target: Path, variant: str, requirements: Path,
                  machine: Machine | None = None, python: str = sys.executable,
                  python_version: tuple[int, int] = sys.version_info[:2]) -> list[Step]:
    """The pip calls that install the pinned runtime for ``variant`` into ``target``; the
    locked requirements that apply here are written to ``requirements`` (hashes kept)."""
    machine = machine or this_machine()
    lock = lock_path(python_version)
    entries = read_lock(lock)
    index = torch_from_index(machine, variant)
    cuda_libs = variant == "cuda" and machine.system == "Linux"
    keep = [e for e in entries
            if not (index is not None and e[0] == "torch")
            and (cuda_libs or not _CUDA_ONLY.match(e[0]))]
    requirements.write_text("\n".join(text for _, _, text in keep) + "\n", encoding="utf-8")
    steps = []
    if index is not None:
        tag = index.rstrip("/").rsplit("/", 1)[-1]  # cpu, cu128, rocm6.4
        pins = {"torch": f"{TORCH_VERSION}+{tag}"}
        if variant == "rocm":
            triton = next(v for n, v, _ in entries if n == "triton")
            pins["pytorch-triton-rocm"] = triton
        note = "exact version, no hash known (see previz.addon.runtime)"
        steps.append(Step(
            what=", ".join(f"{n} {v}" for n, v in pins.items()) + f" from {index} ({note})",
            cmd=[*_pip(python, target), "--index-url", index,
                 *(f"{n}=={v}" for n, v in pins.items())],
            sources={n: {"version": v, "index": index, "hash": "none"} for n, v in pins.items()},
        ))
    steps.append(Step(
        what=f"{len(keep)} packages from {PYPI}, exact versions with sha256 hashes "
             f"({lock.name})",
        cmd=[*_pip(python, target), "--index-url", PYPI, "--require-hashes", "-r",
             str(requirements)],
        sources={n: {"version": v, "index": PYPI, "hash": "sha256, checked by pip"}
                 for n, v, _ in keep},
    ))
    return steps


def _pip_env() -> dict[str, str]:
    """pip's environment: no user site, no configuration file or variable that could add or
    replace an index."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("PIP_") and ("INDEX" in k or "FIND_LINKS" in k))}
    env.update(PYTHONNOUSERSITE="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CONFIG_FILE=os.devnull)
    return env


def install(
    target: Path, variant: str, log: Callable[[str], None],
    packages: Sequence[str] | None = None, cancelled: Callable[[], bool] = lambda: False,
    machine: Machine | None = None,
) -> int:
    """Run the install, streaming pip's output line by line to ``log``; returns pip's exit code.

    ``packages`` None (or `RENDER_PACKAGES`): the pinned runtime (`install_steps`). Other
    ``packages`` are handed to pip as they are (a developer's override, said in the log as not
    pinned by Previz). Installs into a sibling staging folder and swaps it in only on success,
    so a failed or cancelled install leaves the previous runtime as it was."""
    target = Path(target)
    staging = target.with_name(target.name + ".installing")
    requirements = target.with_name(target.name + ".requirements.txt")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        if packages is None or tuple(packages) == RENDER_PACKAGES:
            steps = install_steps(staging, variant, requirements, machine)
        else:
            steps = [Step(what="the packages given, resolved by pip (not pinned by Previz)",
                          cmd=[sys.executable, "-m", "pip", "install", "--target",
                               str(staging), "--progress-bar", "off", *packages])]
        for step in steps:
            log(f"previz: installing {step.what}")
            _run(step.cmd, log, cancelled)
        sources = {name: info for step in steps for name, info in step.sources.items()}
        (staging / SOURCES_FILE).write_text(
            json.dumps({"variant": variant, "python": sys.version.split()[0],
                        "packages": dict(sorted(sources.items()))}, indent=1) + "\n",
            encoding="utf-8")
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, _Failed):
            return exc.code
        raise
    finally:
        requirements.unlink(missing_ok=True)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def _run(cmd: list[str], log: Callable[[str], None], cancelled: Callable[[], bool]) -> None:
    """One pip call, its output streamed to ``log``; raises `_Failed` on failure or cancel."""
    log("$ " + " ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=_pip_env(), bufsize=1)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            log(line.rstrip())  # may raise (a cancelled job): pip is stopped below
            if cancelled():
                break
        if cancelled():
            proc.terminate()
        code = proc.wait()
        if code != 0 or cancelled():
            raise _Failed(code or 1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class _Failed(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def activate(target: Path) -> bool:
    """Put an installed runtime on ``sys.path`` (once); False if there is none."""
    folder = str(Path(target))
    if not Path(folder).is_dir():
        return False
    if folder not in sys.path:
        sys.path.append(folder)
    return True
