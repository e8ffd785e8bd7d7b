"""Benchmark: the whole `previz make` of a 100-character, 192-frame crowd, stage by stage.

Runs the real command in this process — ``previz make TEXT -o OUT --resolution 832x480 --backend
tiny-wan`` (plan → build OUT/scene.blend → passes → neural render with the tiny random-weights
backend) — and records every stage and step the command reports through `previz.world.progress`
(make's plan, build, passes and render; inside them the passes' scene build and frames), in wall
and CPU seconds (all threads, and the child processes once they are waited for: ffmpeg). The
machine may be shared and loaded: CPU seconds are the steadier figure, and the issue's goal (60 s
on 2 cores) is read against them.

Baseline, in the same run: the steps after the plan once more, on the World the make wrote, as
they ran before this round (`BASELINE`: each entry turns one of this round's changes off), so the
ratio before / after is measured on one machine state. ``--skip-baseline`` leaves it out.

    python benchmarks/make_crowd.py                          # 100 soldiers, 8 s: 192 frames
    python benchmarks/make_crowd.py --text "20 soldiers march … , 2 seconds in all."
    python benchmarks/make_crowd.py --keep /tmp/make-crowd   # keep the outputs to look at

The plan stage against an earlier commit, in the same run: ``--plan-baseline REV`` plans the same
text with the code of REV (a temporary ``git worktree``, in a child process) and with the code of
this checkout (a child process too, so both pay the same start), prints both in CPU seconds and
says whether the two world.json files are byte-identical. ``--plan-only`` stops there (no build,
passes or render). Run it from a clean worktree: a shared checkout's uncommitted edits count.

    python benchmarks/make_crowd.py --plan-only --plan-baseline 868cac8 --plan-repeat 2
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEXT = ("100 soldiers march in a procession to the flag on the parade ground, "
        "8 seconds in all.")


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _reporter_class():  # the progress module is imported after argparse (fast --help)
    from previz.world import progress

    class Recorder(progress.Reporter):
        """Records (name, depth, wall s, CPU s) of every stage and step, in the order they end;
        stages are the ``NAME: started`` / ``NAME: done in …`` messages of `progress.stage`."""

        def __init__(self) -> None:
            self.open: dict[str, tuple[float, float, int]] = {}
            self.rows: list[tuple[int, str, float, float]] = []
            self.order = 0

        def _start(self, name: str) -> None:
            self.open[name] = (time.perf_counter(), cpu_seconds(), self.order)
            self.order += 1

        def _end(self, name: str) -> None:
            if name not in self.open:
                return
            t, c, order = self.open.pop(name)
            self.rows.append((order, name, time.perf_counter() - t, cpu_seconds() - c))

        def message(self, text: str) -> None:
            if text.endswith(": started"):
                self._start(text[: -len(": started")])
            else:
                for tail in (": done in ", ": stopped in "):
                    if tail in text:
                        self._end(text.split(tail)[0])

        def started(self, step) -> None:  # type: ignore[no-untyped-def]
            self._start(step.name)

        def finished(self, step, failed: bool) -> None:  # type: ignore[no-untyped-def]
            self._end(step.name)

        def table(self) -> list[tuple[str, float, float]]:
            return [(name, wall, cpu) for _, name, wall, cpu in sorted(self.rows)]

    return Recorder


#: This round's changes, each with the switch that turns it off: (module, attribute path in it,
#: the value that gives the code before this round).
BASELINE: list[tuple[str, str, object]] = [
    # the entity masks as one boolean volume per entity, read from the masks (7.7 GB for the
    # crowd's 192 frames, twice), not one label volume read from the segmentation
    ("previz.neural_render.passes", "Passes.load_mask_labels",
     lambda self, ids=None, segmentation=None: None),
    ("previz.neural_render.tiny_wan", "TinyWanBackend.cpu_threads", None),  # torch's threads
    ("previz.neural_render.output", "X264_PRESET", "medium"),  # x264's default preset
    ("previz.neural_render.changes", "SNAPSHOT_LEVEL", 6),  # np.savez_compressed's level
    ("previz.neural_render.output", "PNG_LEVEL", 6),  # Pillow's default zlib level for PNG
    # nothing imported or loaded on a thread beside the reading of the passes
    ("previz.neural_render.preload", "safe", lambda: False),
]


@contextlib.contextmanager
def baseline() -> Iterator[None]:
    import importlib

    saved = []
    try:
        for module, path, value in BASELINE:
            owner = importlib.import_module(module)
            *parents, attr = path.split(".")
            for name in parents:
                owner = getattr(owner, name)
            saved.append((owner, attr, owner.__dict__[attr]))
            setattr(owner, attr, value)
        yield
    finally:
        for mod, attr, value in reversed(saved):
            setattr(mod, attr, value)


ROOT = Path(__file__).resolve().parents[1]
#: The folders the `previz` distribution maps to its subpackages (pyproject.toml).
PARTS = ("addon", "agents", "asset_index", "neural_render", "skills", "world")
PLAN = "import sys; from previz.addon.cli import main; sys.exit(main(sys.argv[1:]))"


def _plan_child(text: str, world: Path, env: dict[str, str] | None = None,
                cwd: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds of ``previz plan TEXT -o WORLD`` in a child process."""
    t, c = time.perf_counter(), cpu_seconds()
    done = subprocess.run([sys.executable, "-c", PLAN, "plan", text, "-o", str(world)],
                          env=env, cwd=cwd, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    if done.returncode != 0 or not world.is_file():
        raise RuntimeError(f"previz plan failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu


def _code_of(tree: Path, root: Path) -> dict[str, str]:
    """An environment whose `previz` is the folders of ``tree`` (a package root of links)."""
    pkg = root / "previz"
    pkg.mkdir(parents=True)
    for part in PARTS:
        (pkg / part).symlink_to(tree / part, target_is_directory=True)
    return dict(os.environ, PYTHONPATH=str(root))


def plan_against(rev: str, text: str, folder: Path, repeat: int = 1
                 ) -> tuple[tuple[float, float], tuple[float, float], bool]:
    """The plan stage with the code of commit ``rev`` (a temporary git worktree; its folders
    are put first on the import path under the name `previz`) and with the code here, each in a
    child process, ``repeat`` times in turn (before, after, before, …; the least CPU of each is
    kept, the figure least disturbed by a shared machine): ((wall, CPU) before, (wall, CPU)
    after, world.json byte-identical)."""
    tree = folder / "rev"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        old = _code_of(tree, folder / "rev-root")
        here = _code_of(ROOT, folder / "here-root")  # this checkout, not the editable install
        runs: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for _ in range(max(1, repeat)):
            runs["before"].append(_plan_child(text, folder / "before" / "world.json", old,
                                              cwd=tree))
            runs["after"].append(_plan_child(text, folder / "after" / "world.json", here))
        before = min(runs["before"], key=lambda r: r[1])
        after = min(runs["after"], key=lambda r: r[1])
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                       capture_output=True)
    same = (folder / "before" / "world.json").read_bytes() == \
        (folder / "after" / "world.json").read_bytes()
    return before, after, same


def _print_plan(rev: str, before: tuple[float, float], after: tuple[float, float],
                same: bool) -> None:
    print(f"plan stage, {rev} : {before[0]:8.1f} s wall {before[1]:8.1f} s CPU")
    print(f"plan stage, now   : {after[0]:8.1f} s wall {after[1]:8.1f} s CPU")
    print(f"ratio (before / after), the plan: {before[1] / after[1]:.2f}x CPU; world.json "
          f"{'byte-identical' if same else 'DIFFERS'}; the goal is 10 s CPU for the plan")


def _print(title: str, rows: list[tuple[str, float, float]]) -> None:
    print(title)
    for name, wall, cpu in rows:
        indent = "  " if name.startswith("make: ") else "      "
        print(f"{indent}{name:<44} {wall:8.1f} s wall {cpu:8.1f} s CPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", default=TEXT, help="what the make is asked for")
    ap.add_argument("--resolution", default="832x480")
    ap.add_argument("--backend", default="tiny-wan", help="neural render backend ('' : none)")
    ap.add_argument("--keep", metavar="DIR", help="make into DIR and keep it (default: a "
                    "temporary folder, removed)")
    ap.add_argument("--skip-baseline", action="store_true", help="only the make as it is")
    ap.add_argument("--plan-baseline", metavar="REV", help="also plan with the code of commit "
                    "REV and compare (CPU seconds, world.json bytes)")
    ap.add_argument("--plan-repeat", type=int, default=1, metavar="N", help="plan before and "
                    "after N times each, in turn, and keep the least CPU of each")
    ap.add_argument("--plan-only", action="store_true", help="only the plan stage (with "
                    "--plan-baseline: before and after)")
    args = ap.parse_args()
    if args.plan_only:
        root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="previz-bench-"))
        try:
            if args.plan_baseline:
                _print_plan(args.plan_baseline, *plan_against(args.plan_baseline, args.text,
                                                              root, args.plan_repeat))
            else:
                wall, cpu = _plan_child(args.text, root / "after" / "world.json")
                print(f"plan stage: {wall:8.1f} s wall {cpu:8.1f} s CPU")
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        return 0

    from previz.addon.cli import main as previz
    from previz.world import load_world, progress

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="previz-bench-make-"))
    out = root / "make"
    cache = root / "cache"  # a render cache of its own: nothing comes from an earlier run
    os.environ["PREVIZ_CACHE_DIR"] = str(cache)
    recorder = _reporter_class()()
    argv = ["make", args.text, "-o", str(out), "--resolution", args.resolution]
    if args.backend:
        argv += ["--backend", args.backend]
    try:
        with progress.use(recorder):
            t, c = time.perf_counter(), cpu_seconds()
            code = previz(argv)
            wall, cpu = time.perf_counter() - t, cpu_seconds() - c
        if code != 0:
            print(f"make failed (exit {code})", file=sys.stderr)
            return code
        world = load_world(out / "world.json")
        shots = sorted(world.shots, key=lambda s: s.id)
        frames = sum(s.frame_end - s.frame_start + 1 for s in shots)
        skinned = sum(e.skeleton is not None for e in world.entities)
        rows = recorder.table()
        print(f"make: {len(world.entities)} entities ({skinned} skinned), {len(shots)} shot(s), "
              f"{frames} frames at {args.resolution}, backend {args.backend or 'none'}")
        _print(f"after : {wall:8.1f} s wall {cpu:8.1f} s CPU (whole make)", rows)
        after = {name: c for name, _, c in rows if name.startswith("make: ")}
        post_plan = sum(v for k, v in after.items() if k != "make: plan")
        print(f"  after the plan: {post_plan:.1f} s CPU; the goal is 60 s for the whole make")
        sys.stdout.flush()  # the baseline below holds the crowd's masks as 15 GB of booleans
        if args.plan_baseline:
            _print_plan(args.plan_baseline, *plan_against(args.plan_baseline, args.text,
                                                          root / "plans", args.plan_repeat))
        if args.skip_baseline:
            return 0
        before = _reporter_class()()
        with progress.use(before), baseline():
            steps = _steps_after_plan(out, args)
            for name, step in steps:
                with progress.stage(f"make: {name}"):
                    code = previz(step)
                if code != 0:
                    print(f"baseline step {name} failed (exit {code})", file=sys.stderr)
                    return code
        rows_before = before.table()
        _print("before (the steps after the plan, with this round's changes off):", rows_before)
        b = {name: c for name, _, c in rows_before if name.startswith("make: ")}
        total_b = sum(b.values())
        for name in b:
            if name in after and after[name] > 0:
                print(f"  ratio {name}: {b[name] / after[name]:.2f}x CPU")
        print(f"ratio (before / after), the steps after the plan: {total_b / post_plan:.2f}x "
              f"CPU ({total_b:.1f} -> {post_plan:.1f} s)")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _steps_after_plan(out: Path, args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    """The commands `make` chains after its plan, on the World it wrote, into a second folder."""
    world = out / "world.json"
    again = out.parent / "before"
    steps = [("build", ["build", str(world), "-o", str(again / "scene.blend")]),
             ("passes", ["passes", str(world), "-o", str(again / "passes"), "--resolution",
                         args.resolution])]
    if args.backend:
        from previz.world import load_world

        shots = sorted(s.id for s in load_world(world).shots)
        steps += [("render", ["render", str(again / "passes" / s), "--backend", args.backend])
                  for s in shots]
    return steps


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # bpy as a module can hang in its exit handlers after a built scene
