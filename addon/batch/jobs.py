"""Batch jobs: which shots to render, what a finished shot looks like, and the summary.

A job is one shot of one source (a World JSON or a Previz .blend). Its identity (`ShotJob.key`) is
the hash of the shot's passes hash (the World with only this shot, frame range, resolution,
passes — the same hash the passes manifest records) and the render settings, so a done-record
written under ``OUT/.batch/<shot>.json`` after the shot's outputs are complete tells a later run
that the shot needs no work at all, and a passes folder whose manifest has the same passes hash
is reused without rendering the passes again.

Bad input the user can fix before anything runs (a missing file, an unknown shot id, two sources
with the same shot id) raises `InputError` from `plan_batch`; a source that exists but cannot be
read (a broken World) becomes a job that fails alone with its reason.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from previz.neural_render import BackendOptions, RenderOptions
from previz.world import World
from previz.world.errors import InputError
from previz.world.files import atomic_write_text

SUMMARY = "batch.json"
RECORDS = ".batch"
SUMMARY_FORMAT = "previz-batch/1"
SOURCE_SUFFIXES = (".json", ".blend")


@dataclass(frozen=True)
class BatchOptions:
    """How every job of a batch is rendered (the CLI's flags)."""

    render: RenderOptions = field(default_factory=RenderOptions)
    backend_options: BackendOptions = field(default_factory=BackendOptions)
    cache_dir: str | None = None
    passes: tuple[str, ...] | None = None  # None: every pass
    clay: str = "shaded"
    retries: int = 1  # extra attempts after a failure
    # Re-render only what changed since each shot's previous render (masked); with no previous
    # render, a shot is bad input unless `full_if_missing`. Not part of `identity`: a shot whose
    # passes did not change needs no work either way, so an earlier run's done-record stands.
    changed: bool = False
    full_if_missing: bool = False

    def identity(self) -> dict[str, Any]:
        """What of these options decides a shot's outputs (part of `ShotJob.key`)."""
        return {"render": asdict(self.render), "memory": asdict(self.backend_options),
                "passes": list(self.passes) if self.passes else None, "clay": self.clay}


@dataclass(frozen=True)
class ShotJob:
    """One shot to render. ``error`` is set when its source could not be read."""

    source: Path
    shot: str
    world: World | None = None
    passes_hash: str = ""
    key: str = ""
    error: str | None = None
    open_file: bool = False  # the .blend open in this Blender: use its scene, don't reopen


@dataclass
class ShotResult:
    """One line of ``batch.json``."""

    shot: str
    source: str
    status: str = "pending"  # "done" | "failed"
    attempts: int = 0
    time_s: float = 0.0
    cache_hit: bool | None = None
    resumed: bool = False  # finished by an earlier run: no work done now
    passes_reused: bool | None = None
    cache_key: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Planning --------------------------------------------------------------------------------------

def _read_source(path: Path, open_file: bool) -> World:
    """The World of a source. Raises `InputError` (a broken World or .blend) when unreadable."""
    if path.suffix.lower() == ".json":
        from previz.world import load_world

        return load_world(path)
    from previz.addon.bridge import read_file

    return read_file(None if open_file else path)


def job_key(passes_hash: str, options: BatchOptions) -> str:
    text = json.dumps({"format": SUMMARY_FORMAT, "passes_hash": passes_hash,
                       "options": options.identity()}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_batch(sources: Sequence[str | Path], shots: Sequence[str] | None, options: BatchOptions,
               *, open_file: bool = False) -> list[ShotJob]:
    """The jobs of a batch, in order (sources as given, shots sorted by id within a source).

    ``shots`` None means every shot. ``open_file``: the one source is the .blend open in this
    Blender. Raises `InputError` before any work for a missing source, a file that is neither a
    World JSON nor a .blend, an unknown shot id, one shot id in two sources, or a World that
    names a file outside its folder and the asset library (`previz.world.paths_policy`)."""
    from previz.addon.passes.render import check_clay, parse_passes, plan, shot_hash

    selected = parse_passes(options.passes)
    check_clay(options.clay)
    if options.retries < 0:
        raise InputError(f"--retries must be 0 or more, got {options.retries}")
    paths = [Path(s) for s in sources]
    if not paths:
        raise InputError("no scene given: name a World JSON or a .blend")
    for p in paths:
        if p.suffix.lower() not in SOURCE_SUFFIXES:
            raise InputError(f"{p}: expected a World JSON (.json) or a Previz scene (.blend)")
        if not p.is_file():
            raise InputError(f"{p}: no such file")
    if len({p.resolve() for p in paths}) != len(paths):
        raise InputError("the same scene file is given twice")

    jobs: list[ShotJob] = []
    owner: dict[str, Path] = {}
    broken: list[Path] = []
    wanted = list(dict.fromkeys(shots)) if shots else None
    for path in paths:
        try:
            world = _read_source(path, open_file)
        except InputError as exc:
            broken.append(path)
            jobs.append(ShotJob(source=path, shot=path.name, error=f"cannot read {path}: {exc}",
                            open_file=open_file))
            continue
        # A World naming files outside its folder and the asset library is bad input for the
        # whole batch (exit 2 before any work), not one failing job.
        from previz.asset_index.roots import check_world_files

        check_world_files(world, path.resolve().parent)
        for shot in sorted(world.shots, key=lambda s: s.id):
            if wanted is not None and shot.id not in wanted:
                continue
            if shot.id in owner:
                raise InputError(
                    f"shot {shot.id!r} is in both {owner[shot.id]} and {path}; outputs are "
                    "named by shot id, so render them into different output folders"
                )
            owner[shot.id] = path
            try:
                (shot_job,) = plan(world, shot.id)
                phash = shot_hash(world, shot_job, selected, options.clay)
            except InputError as exc:  # a shot that cannot be rendered fails alone
                jobs.append(ShotJob(source=path, shot=shot.id, world=world, error=str(exc),
                                open_file=open_file))
                continue
            jobs.append(ShotJob(source=path, shot=shot.id, world=world, passes_hash=phash,
                            key=job_key(phash, options), open_file=open_file))
    if wanted is not None:
        missing = [s for s in wanted if s not in owner]
        if missing:
            where = ", ".join(str(p) for p in paths if p not in broken) or "no readable scene"
            also = f" (unreadable: {', '.join(map(str, broken))})" if broken else ""
            raise InputError(f"no shot {', '.join(map(repr, missing))} in {where}{also}")
    return jobs


def check_previous_renders(jobs: Sequence[ShotJob], out: str | Path,
                           options: BatchOptions) -> None:
    """With ``options.changed``, every shot must have a previous render in ``OUT/<shot>/render/``
    to re-render the changes of, unless ``options.full_if_missing``: bad input otherwise, named
    before any work."""
    if not options.changed or options.full_if_missing:
        return
    from previz.neural_render.output import has_render

    missing = [j.shot for j in jobs if j.error is None and not has_render(Path(out) / j.shot)]
    if missing:
        raise InputError(
            f"--changed: no previous render of {', '.join(map(repr, missing))} in {out}; render "
            "in full first, or add --full-if-missing to render those in full"
        )


# Done-records and the summary ------------------------------------------------------------------

def record_path(out: Path, shot: str) -> Path:
    return out / RECORDS / f"{shot}.json"


def read_done(out: Path, job: ShotJob) -> ShotResult | None:
    """The result of an earlier run that finished ``job`` with the same key and whose outputs are
    still there, else None."""
    try:
        data = json.loads(record_path(out, job.shot).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != job.key or not job.key:
        return None
    result = data.get("result") or {}
    outputs = result.get("outputs") or {}
    if not outputs or not all(Path(p).exists() for p in outputs.values()):
        return None
    try:
        return ShotResult(**result)
    except TypeError:
        return None


def write_done(out: Path, job: ShotJob, result: ShotResult) -> None:
    """Record a finished shot (atomically, after its outputs are complete)."""
    path = record_path(out, job.shot)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": SUMMARY_FORMAT, "key": job.key, "result": result.to_dict()}
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def write_summary(out: Path, results: Sequence[ShotResult], engine: str) -> Path:
    """``OUT/batch.json``: per shot status, attempts, time, cache hit, outputs, error."""
    out.mkdir(parents=True, exist_ok=True)
    failed = [r.shot for r in results if r.status != "done"]
    data = {
        "format": SUMMARY_FORMAT, "engine": engine, "shots": len(results),
        "done": len(results) - len(failed), "failed": failed,
        "results": [r.to_dict() for r in results],
    }
    path = out / SUMMARY
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def describe(exc: BaseException) -> str:
    """A one-line reason for ``batch.json`` (bad input as its message, else with the type)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, InputError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
