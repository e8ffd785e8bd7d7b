"""Running a `previz` command in a child process, pausing it at a named point
(``PREVIZ_TEST_PAUSE_AT``, `previz.world.folders.pause_point`) and killing it there with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "orbit_prop.json"

#: The child: the CLI, optionally without the atomic exchange (the two-rename swap), leaving with
#: os._exit as the console script does (bpy's teardown can hang).
_CHILD = """
import os, sys
from previz.world import folders
folders.USE_EXCHANGE = os.environ.get("TEST_NO_EXCHANGE") != "1"
from previz.addon.cli import main
code = main(sys.argv[1:])
sys.stdout.flush(); sys.stderr.flush()
os._exit(code)
"""


def tiny_world(path: Path, shots: int = 1, frames: int = 2, seed: int = 100) -> Path:
    """The orbit example with ``shots`` shots ``s00``… of ``frames`` frames at 32×24."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for entity in data["entities"]:
        entity.get("asset", {}).pop("path", None)
    base = data["shots"][0]
    data["shots"] = [
        {**base, "id": f"s{i:02d}", "frame_start": 1 + 8 * i, "frame_end": 8 * i + frames,
         "resolution": [32, 24], "seed": seed + i, "render": {"control": ["depth"]}}
        for i in range(shots)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _env(pause: str | None, exchange: bool) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("PREVIZ_TEST_PAUSE_AT", None)
    if pause:
        env["PREVIZ_TEST_PAUSE_AT"] = pause
    if not exchange:
        env["TEST_NO_EXCHANGE"] = "1"
    return env


def run(args: list[str], exchange: bool = True,
        timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``previz ARGS`` to the end."""
    return subprocess.run([sys.executable, "-c", _CHILD, *args], env=_env(None, exchange),
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def start(args: list[str], pause: str | None = None, exchange: bool = True) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _CHILD, *args], env=_env(pause, exchange),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def wait_for_pause(proc: subprocess.Popen, timeout: float = 600) -> str:
    """Read the child's stderr until it says it paused; the line. Fails if it ends first."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if "test pause at" in line:
            return line
    proc.kill()
    proc.wait()
    raise AssertionError(f"the child never paused; it said: {''.join(seen)[-2000:]}")


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


def hidden(folder: Path) -> list[str]:
    """The hidden temporary names (``.<name>.<tag>.tmp|old``) in ``folder``."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and p.name.endswith((".tmp", ".old")))


def manifest(shot: Path) -> dict:
    return json.loads((shot / "manifest.json").read_text(encoding="utf-8"))


def complete_passes(shot: Path) -> bool:
    """Every frame the manifest lists has its depth image (the folder is whole)."""
    m = manifest(shot)
    frames = range(m["frame_start"], m["frame_end"] + 1)
    return all((shot / "passes" / "depth" / f"{f:04d}.png").is_file() for f in frames)
