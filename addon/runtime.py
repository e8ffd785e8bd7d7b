"""The neural-rendering runtime (torch, diffusers …) installed for Blender's own Python.

Blender ships its own Python; installing torch into Blender's site-packages breaks on upgrade
and needs write access, and the user site leaks into every other Python. So the runtime goes into
a folder of the extension's user path, which `activate()` puts on `sys.path` when the add-on
loads. The torch build is chosen for the machine: CUDA when an NVIDIA driver is present, ROCm
with AMD's, the default wheels on macOS (MPS) and the CPU build otherwise. Pure Python (no
`bpy`): the operator passes the folder, the log streams through a `previz.addon.jobs.Progress`.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
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


def install_command(
    target: Path, variant: str, packages: tuple[str, ...] = RENDER_PACKAGES,
    python: str = sys.executable,
) -> list[str]:
    """The pip command that installs ``packages`` into ``target`` for ``variant``.

    pip's configured index stays the main one; the PyTorch index is an extra one, and its builds
    carry a local version (``2.9.1+cu128``), which pip prefers to the plain wheel of the same
    release."""
    cmd = [python, "-m", "pip", "install", "--upgrade", "--target", str(target),
           "--progress-bar", "off"]
    if variant in TORCH_INDEX:
        cmd += ["--extra-index-url", TORCH_INDEX[variant]]
    return [*cmd, *packages]


def install(
    target: Path, variant: str, log: Callable[[str], None],
    packages: tuple[str, ...] = RENDER_PACKAGES, cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Run the install, streaming pip's output line by line to ``log``; returns pip's exit code.

    Installs into a sibling staging folder and swaps it in only on success, so a failed or
    cancelled install leaves the previous runtime as it was."""
    target = Path(target)
    staging = target.with_name(target.name + ".installing")
    env = dict(os.environ, PYTHONNOUSERSITE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    cmd = install_command(staging, variant, packages)
    log("$ " + " ".join(cmd))
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, bufsize=1)
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
    except BaseException as exc:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, _Failed):
            return exc.code
        raise
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return 0


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
