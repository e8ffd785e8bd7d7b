"""Run benchmark prompts through plan → solve/check/repair → Blender → sampled passes → score.

Two tracks: ``offline`` plans from the text with the offline planner; ``expert`` reads the
prompt's expert plan (``PLANS/<id>.json``) and runs the same pipeline, so it measures everything
after understanding. Each prompt's outputs go to ``OUT/<track>/<id>/``: ``world.json``,
``report.json`` (the supervisor's), ``sheet.png`` (clay and segmentation of sampled frames of
every shot) and ``map.png`` (the top-down map). A prompt that fails to plan or build is scored 0
with its error, and the run goes on.

Prompts run one after another in this process, or with ``jobs`` > 1 in that many worker
processes (spawned, each with its own Blender), in a stable order: the results do not depend on
the number of workers.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from previz.agents.fidelity.expectations import ExpertPlan, Prompt
from previz.agents.fidelity.score import PromptScore, failed, score_prompt
from previz.world.errors import InputError
from previz.world.files import atomic_write_bytes, atomic_write_text

TRACKS = ("offline", "expert")


@dataclass(frozen=True)
class Settings:
    out: Path
    plans: Path
    frames_per_shot: int = 8
    width: int = 160
    rounds: int = 4
    seed: int = 0


def expert_plan(plans: Path, prompt: Prompt) -> ExpertPlan:
    path = plans / f"{prompt.id}.json"
    if not path.is_file():
        raise InputError(f"{path}: no expert plan for prompt {prompt.id!r}")
    try:
        return ExpertPlan.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path}: {str(exc).splitlines()[0]}") from None


def run_one(prompt: Prompt, track: str, settings: Settings) -> PromptScore:
    """Plan, build, render and score one prompt on one track; never raises."""
    try:
        return _run_one(prompt, track, settings)
    except Exception as exc:  # scored 0 with its error; the run goes on
        first = str(exc).splitlines()[0] if str(exc) else ""
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return failed(prompt, track, f"{type(exc).__name__}: {first} "
                      f"({Path(where.filename).name}:{where.lineno})")


def _run_one(prompt: Prompt, track: str, settings: Settings) -> PromptScore:
    import bpy

    from previz.agents.adapters import skill_providers
    from previz.agents.pipeline import run
    from previz.agents.plan import ScenePlan
    from previz.agents.planner import plan_from_text
    from previz.agents.supervisor import Problem, Report
    from previz.agents.supervisor.plot import plot_png

    from ..bridge import build
    from ..passes.files import encode_png
    from .frames import render_samples

    cannot: dict[int, str] = {}
    if track == "offline":
        plan = plan_from_text(prompt.text)
    else:
        expert = expert_plan(settings.plans, prompt)
        plan = ScenePlan.model_validate(expert.plan)
        cannot = {c.expectation: c.why for c in expert.cannot_say}
    result = run(plan, settings.seed, providers=skill_providers(), max_rounds=settings.rounds,
                 planner=track, text=prompt.text, unsaid=tuple(cannot.values()))
    world = result.world
    folder = settings.out / track / prompt.id
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / "world.json", world.canonical_json())
    bpy.ops.wm.read_homefile(use_empty=True)
    scene = build(world, bpy.context.scene)
    sampled = render_samples(world, scene, settings.frames_per_shot, settings.width)
    score = score_prompt(prompt, world, sampled.visibility, track, cannot)
    score.supervisor_ok = bool(result.ok)
    score.problems = [f"{p['kind']}: {p['detail']}" for p in result.report["problems"]]
    score.problems += [f"unsatisfied: {u}" for u in result.report.get("unsatisfied", [])]
    sheet = sampled.sheet()
    if sheet is not None:
        atomic_write_bytes(folder / "sheet.png", encode_png(sheet))
    # The map draws the chosen round's problems (no second check of the World).
    chosen = Report([Problem(p["kind"], p["entities"], p["frames"], p["detail"])
                     for p in result.report["problems"]], result.report["metrics"])
    atomic_write_bytes(folder / "map.png", plot_png(world, chosen, size=(640, 480)))
    report = dict(result.report)
    report["visibility"] = sampled.visibility.to_json()
    atomic_write_text(folder / "report.json", json.dumps(report, indent=1, sort_keys=True) + "\n")
    return score


def _worker(payload: tuple[str, str, dict]) -> dict:
    prompt_json, track, settings = payload
    prompt = Prompt.model_validate_json(prompt_json)
    s = Settings(out=Path(settings["out"]), plans=Path(settings["plans"]),
                 frames_per_shot=settings["frames_per_shot"], width=settings["width"],
                 rounds=settings["rounds"], seed=settings["seed"])
    t0, c0 = time.perf_counter(), time.process_time()
    score = run_one(prompt, track, s)
    data = score.to_json()
    data["seconds"] = round(time.perf_counter() - t0, 2)
    # CPU seconds of this process: on a shared, loaded machine the wall time says little, and
    # their sum over the prompts divided by the workers is what an idle machine would take.
    data["cpu_seconds"] = round(time.process_time() - c0, 2)
    return data


def from_json(data: dict) -> PromptScore:
    from previz.agents.fidelity.score import Result

    out = PromptScore(data["id"], data["kind"], data["track"], error=data["error"],
                      supervisor_ok=data["supervisor_ok"], problems=list(data["problems"]))
    out.results = [Result(r["index"], r["axis"], r["check"], r["ok"], r["detail"],
                          r["cannot_say"]) for r in data["results"]]
    return out


def run_all(prompts: Sequence[Prompt], tracks: Sequence[str], settings: Settings,
            jobs: int = 1, progress: Callable[[int, int, dict], None] | None = None
            ) -> list[dict]:
    """Every (track, prompt) pair, in track then prompt order; one JSON dict per pair (the
    score, plus ``seconds``)."""
    work = [(p.model_dump_json(), t, {"out": str(settings.out), "plans": str(settings.plans),
                                      "frames_per_shot": settings.frames_per_shot,
                                      "width": settings.width, "rounds": settings.rounds,
                                      "seed": settings.seed})
            for t in tracks for p in prompts]
    results: list[dict] = []
    if jobs <= 1:
        for i, item in enumerate(work):
            results.append(_worker(item))
            if progress is not None:
                progress(i + 1, len(work), results[-1])
        return results
    with _one_blas_thread_in_children(), ProcessPoolExecutor(
            max_workers=jobs, mp_context=get_context("spawn")) as pool:
        for i, data in enumerate(pool.map(_worker, work)):
            results.append(data)
            if progress is not None:
                progress(i + 1, len(work), data)
    return results


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_blas_thread_in_children() -> Iterator[None]:
    """Each worker is one core's worth of work, and its linear algebra is on 4×4 matrices: a
    multi-threaded BLAS in every worker only contends. Measured on the shared 2-core machine
    under load, one `np.linalg.inv` of a 4×4 took 4.6 ms with OpenBLAS's threads and 21 µs with
    one, and a prompt 95 s of wall time against 55 s. The variables are read when a spawned
    worker imports numpy; the parent's own values are put back after."""
    saved = {k: os.environ.get(k) for k in BLAS_THREAD_VARIABLES}
    for k in BLAS_THREAD_VARIABLES:
        os.environ[k] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
