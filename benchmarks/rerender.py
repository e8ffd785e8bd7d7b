"""Benchmark: re-render what changed, from the Render panel's operator, the CLI and batch.

The example room (two 48-frame shots) is rendered in full with the tiny-wan backend, then the vase
is moved 40 cm and the same path re-renders only the changes (Re-render Changes /
``previz render WORLD --all --changed`` / ``previz batch WORLD --changed``). For each path and
shot it prints the fraction of pixels regenerated (``render.json``), the fraction of pixels whose
passes changed (any byte of any pass file, masks included, before vs after the edit) and their
ratio (the issue's bound: ≤ 1.5), and the denoising steps the tiny backend ran in the full render
and in the re-render (a shot that does not show the vase must cost 0).

    python benchmarks/rerender.py                       # 208x120, 2 steps
    python benchmarks/rerender.py --resolution 416x240 --paths cli
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ROOM = ROOT / "examples" / "two_characters_room.json"
MOVED = "vase"
STEPS: list[int] = [0]


def count_steps() -> None:
    """Count the tiny backend's denoising steps (every on_step call) into `STEPS`."""
    from previz.neural_render.tiny_wan import TinyWanBackend

    generate = TinyWanBackend.generate

    def counted(self, request, on_step=None):  # type: ignore[no-untyped-def]
        def step() -> None:
            STEPS[0] += 1
            if on_step is not None:
                on_step()
        return generate(self, request, step)

    TinyWanBackend.generate = counted


def worlds(tmp: Path, resolution: tuple[int, int], steps: int) -> tuple[Path, Path]:
    data = json.loads(ROOM.read_text(encoding="utf-8"))
    for shot in data["shots"]:
        shot["resolution"] = list(resolution)
        shot.setdefault("render", {})
        shot["render"].update({"backend": "tiny-wan", "steps": steps})
    for entity in data["entities"]:  # what is measured here does not depend on them
        entity.pop("reference_images", None)
    before = tmp / "room.json"
    before.write_text(json.dumps(data), encoding="utf-8")
    vase = next(e for e in data["entities"] if e["id"] == MOVED)
    loc = vase["transform"]["location"]
    loc[0] = loc[0] - 0.4 if isinstance(loc[0], float | int) else loc[0]
    after = tmp / "room_moved.json"
    after.write_text(json.dumps(data), encoding="utf-8")
    return before, after


def changed_fraction(old: Path, new: Path) -> float:
    """Fraction of (frame, pixel) whose bytes differ in any pass file between two shot folders."""
    changed = None
    for src in sorted((new / "passes").rglob("*.png")):
        from PIL import Image

        rel = src.relative_to(new)
        frame = int(src.stem)
        a = np.asarray(Image.open(old / rel))
        b = np.asarray(Image.open(src))
        diff = a != b
        if diff.ndim == 3:
            diff = diff.any(axis=-1)
        if changed is None:
            changed = {}
        changed[frame] = changed.get(frame, np.zeros(diff.shape, bool)) | diff
    if not changed:
        return 0.0
    return float(np.mean([m.mean() for m in changed.values()]))


def report(path: str, out: Path, before: Path, full_steps: int, steps: int) -> None:
    print(f"{path}: denoising steps, full render {full_steps}, re-render {steps}")
    for shot in sorted(p.name for p in out.iterdir() if (p / "render" / "render.json").is_file()):
        info = json.loads((out / shot / "render" / "render.json").read_text(encoding="utf-8"))
        regen = info.get("fraction_rerendered")
        regen = 0.0 if regen is None else float(regen)
        moved = changed_fraction(before / shot, out / shot)
        ratio = regen / moved if moved else (0.0 if regen == 0 else float("inf"))
        ok = "ok" if (moved == 0 and regen == 0) or ratio <= 1.5 else "OVER 1.5"
        print(f"  {shot:6s} regenerated {100 * regen:6.2f}%  passes changed {100 * moved:6.2f}%"
              f"  ratio {ratio:5.2f}  {ok}")


def run_cli(tmp: Path, before_json: Path, after_json: Path, batch: bool) -> None:
    from previz.addon.cli import main

    out = tmp / ("batch" if batch else "cli")
    cmd = ["batch", str(before_json), "-o", str(out)] if batch else \
        ["render", str(before_json), "--all", "-o", str(out)]
    common = ["--cache-dir", str(tmp / "cache"), "--no-progress"]
    STEPS[0] = 0
    assert main([*cmd, *common]) == 0
    full = STEPS[0]
    snapshot = tmp / f"{out.name}-before"
    shutil.copytree(out, snapshot)
    cmd[1] = str(after_json)
    STEPS[0] = 0
    assert main([*cmd, "--changed", *common]) == 0
    report("batch" if batch else "CLI", out, snapshot, full, STEPS[0])


def run_operator(tmp: Path, before_json: Path) -> None:
    import bpy

    import previz.addon as extension
    from previz.addon import preferences
    from previz.addon.console import render_run

    os.environ["PREVIZ_CACHE"] = str(tmp / "cache-op")
    bpy.ops.wm.read_homefile(use_empty=True)
    extension.register()
    addon = bpy.context.preferences.addons.new()
    addon.module = preferences.PREVIZ_AP_preferences.bl_idname
    try:
        assert bpy.ops.previz.import_world(filepath=str(before_json)) == {"FINISHED"}
        scene = bpy.context.scene
        scene.previz.render.backend = "tiny-wan"
        out = tmp / "operator"
        scene.previz.render.output = str(out)
        STEPS[0] = 0
        assert bpy.ops.previz.render_shots(all=True) == {"FINISHED"}
        full = STEPS[0]
        snapshot = tmp / "operator-before"
        shutil.copytree(out, snapshot)
        vase = next(o for o in scene.objects if o.previz.role == "ENTITY" and o.previz.id == MOVED)
        if vase.animation_data is not None:
            vase.animation_data_clear()
        vase.location.x -= 0.4
        STEPS[0] = 0
        assert bpy.ops.previz.render_shots(all=True, changed=True) == {"FINISHED"}
        report("operator (Re-render Changes)", out, snapshot, full, STEPS[0])
    finally:
        render_run.set_active_run(None)
        render_run.release_renderer()
        bpy.context.preferences.addons.remove(addon)
        extension.unregister()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resolution", default="208x120")
    ap.add_argument("--steps", type=int, default=2)
    ap.add_argument("--paths", default="cli,batch,operator")
    args = ap.parse_args()
    w, h = (int(v) for v in args.resolution.split("x"))
    count_steps()
    tmp = Path(tempfile.mkdtemp(prefix="previz-bench-rerender-"))
    try:
        before_json, after_json = worlds(tmp, (w, h), args.steps)
        paths = [p.strip() for p in args.paths.split(",")]
        print(f"room, 2 shots x 48 frames at {w}x{h}, tiny-wan {args.steps} steps; "
              f"edit: {MOVED} moved 0.4 m")
        if "operator" in paths:
            run_operator(tmp, before_json)
        if "cli" in paths:
            run_cli(tmp, before_json, after_json, batch=False)
        if "batch" in paths:
            run_cli(tmp, before_json, after_json, batch=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)
