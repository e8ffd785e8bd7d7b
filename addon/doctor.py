"""`previz doctor`: what this machine can do, in one report a person can paste into an issue.

Checks Python, Blender (bpy), the neural-rendering runtime (torch and its device, VRAM,
diffusers), the installed runtime folder, and whether each backend's default weights are on
disk. Every probe is guarded: a missing piece is a line in the report, never a crash.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .runtime import this_machine, torch_variant


def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _torch() -> dict[str, Any]:
    try:
        torch = importlib.import_module("torch")
    except ImportError as exc:
        return {"installed": False, "error": str(exc)}
    info: dict[str, Any] = {"installed": True, "version": torch.__version__,
                            "threads": torch.get_num_threads(), "devices": []}
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            free, total = torch.cuda.mem_get_info(i)
            info["devices"].append({"name": torch.cuda.get_device_name(i), "kind": "cuda",
                                    "vram_gb": round(total / 2**30, 1),
                                    "free_gb": round(free / 2**30, 1)})
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        info["devices"].append({"name": "Apple GPU", "kind": "mps"})
    return info


def _weights() -> dict[str, str]:
    """Backend → where its default weights are, or why they are not usable."""
    out: dict[str, str] = {}
    try:
        from previz.neural_render.registry import backend_names
        from previz.neural_render.weights import resolve_weights
    except ImportError as exc:
        return {"*": f"neural renderer unavailable ({exc})"}
    for name in backend_names():
        if name.startswith("tiny-"):
            out[name] = "built in (random weights, for tests)"
            continue
        module = name.replace("-", "_")
        try:
            default = importlib.import_module(f"previz.neural_render.{module}").DEFAULT_WEIGHTS
            out[name] = str(resolve_weights(os.environ.get("PREVIZ_WEIGHTS") or default))
        except Exception as exc:
            out[name] = f"missing: {exc}"
    return out


def report() -> dict[str, Any]:
    machine = this_machine()
    bpy_version = None
    try:
        bpy = importlib.import_module("bpy")
        bpy_version = bpy.app.version_string
    except ImportError:
        pass
    return {
        "python": sys.version.split()[0],
        "platform": f"{platform.system()} {platform.machine()}",
        "previz": _version("previz"),
        "blender": bpy_version,
        "torch": _torch(),
        "diffusers": _version("diffusers"),
        "transformers": _version("transformers"),
        "suggested_torch_build": torch_variant(machine),
        "weights": _weights(),
    }


def format_report(data: dict[str, Any]) -> str:
    t = data["torch"]
    lines = [
        f"Python       {data['python']} ({data['platform']})",
        f"Previz       {data['previz'] or 'not installed as a package'}",
        f"Blender      {data['blender'] or 'bpy not available'}",
    ]
    if t["installed"]:
        devices = ", ".join(
            f"{d['name']} ({d['kind']}" + (f", {d['vram_gb']} GB" if "vram_gb" in d else "") + ")"
            for d in t["devices"]
        ) or f"CPU only ({t['threads']} threads)"
        lines.append(f"torch        {t['version']} — {devices}")
    else:
        lines.append(f"torch        not installed (install the runtime; suggested build: "
                     f"{data['suggested_torch_build']})")
    lines.append(f"diffusers    {data['diffusers'] or 'not installed'}")
    lines.append(f"transformers {data['transformers'] or 'not installed'}")
    for name, where in data["weights"].items():
        lines.append(f"weights      {name}: {where}")
    return "\n".join(lines)
