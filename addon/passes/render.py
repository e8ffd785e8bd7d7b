"""Render the white-box passes of a shot into ``OUT/<shot>/`` (the folder format is
`previz.world.passes_contract`; docs/passes-folder.md).

One loop over the frames: the scene is evaluated at the frame (Blender's depsgraph: F-curves,
armatures, constraints), its triangles are rasterised once (`previz.skills.raster`) into depth,
normals and entity labels, and every pass is derived from those arrays by its function in the
table `derive.DERIVE` (a new pass is one function and one row there); the camera comes from
``World.evaluate`` — the same K and pose the manifest records, so a pass pixel and a manifest
projection agree by construction. The main thread evaluates and rasterises; two
worker threads derive each frame's images and write its files meanwhile (numpy and zlib release
the GIL), at most `MAX_FRAMES_IN_FLIGHT` frames behind.

`render_passes_steps` is the same job as a generator that yields after every frame (for a UI
timer, with cancel by ``close()``); `render_passes` runs it to the end.

Never half-written: everything is written into a hidden temporary folder beside ``OUT/<shot>``,
manifest last (fsynced), and the folder replaces the old one by `previz.world.folders.commit_folder`
(an atomic exchange where the system has one; else two renames whose interruption the next run
repairs); a failed or killed run leaves the old folder (or nothing) behind. The output folder is
held by `previz.world.folders.output_lock` while the shots are written: a second writer is
refused. All input checks run before anything is written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import shutil
from collections import deque
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from previz.asset_index.roots import check_world_files
from previz.skills.raster import rasterize
from previz.world import Shot, World, folders
from previz.world.canonical import canonical_data
from previz.world.errors import InputError
from previz.world.passes_contract import (
    CLAY,
    CLAY_LIT,
    FORMAT,
    MANIFEST,
    PASSES_DIR,
    SHEET_COLUMNS,
    expand,
    frame_file,
    layout,
    needed_by_controls,
)
from previz.world.passes_contract import PASSES as DEFAULT_PASSES

from . import maps
from .derive import DERIVE, ENCODED, NAMES, SHOT_DERIVE, Frame, Images, ShotData
from .files import VideoWriter, contact_sheet, write_exr, write_png
from .lighting import Geometry, lighting_look, static_mask
from .palette import color_table, instance_color, semantic_color

#: The passes written when none are named: the format's own (`passes_contract.PASSES`);
#: the `ON_REQUEST` ones (``clay_lit``) come when named or when a shot's control reads them.
PASSES = DEFAULT_PASSES
#: Every pass this writer can make (`derive.NAMES`), the names ``--passes`` accepts.
WRITABLE = NAMES
MAX_RESOLUTION = 8192
SHEET_ROWS = 4
#: How the clay pass is made: "shaded" = Lambert shading of the rasterised normals (fast, the
#: default); "workbench" = Blender's Workbench engine (solid, studio lighting, neutral grey),
#: about a second per frame more on a CPU machine.
CLAY_MODES = ("shaded", "workbench")
WORKBENCH_GREY = (0.8, 0.8, 0.8)


@dataclass(frozen=True)
class ShotJob:
    """One shot to render, checked: frames and resolution resolved."""

    shot: Shot
    frame_start: int
    frame_end: int
    width: int
    height: int

    @property
    def frames(self) -> range:
        return range(self.frame_start, self.frame_end + 1)


# Input -----------------------------------------------------------------------------------------

def parse_passes(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"depth,normal"`` (or a list) → the sorted pass folders to write; None → all."""
    if text is None:
        return PASSES
    names = text.split(",") if isinstance(text, str) else list(text)
    out: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name not in WRITABLE:
            raise InputError(f"unknown pass {name!r}: expected some of {', '.join(WRITABLE)}")
        out.update(expand(name))
    if not out:
        raise InputError("--passes names no pass")
    return tuple(sorted(out))


def job_passes(job: ShotJob, selected: Sequence[str]) -> tuple[str, ...]:
    """What is written for ``job``: the passes asked for plus those its shot's control reads
    that are written only on request (``clay_lit``), sorted."""
    return tuple(sorted({*selected, *needed_by_controls(job.shot.render.control)}))


def check_clay(mode: str) -> str:
    if mode not in CLAY_MODES:
        raise InputError(f"unknown clay mode {mode!r}: expected one of {', '.join(CLAY_MODES)}")
    return mode


def parse_frames(text: str | None) -> tuple[int, int] | None:
    """``"A-B"`` or ``"A"`` → (A, B), inclusive."""
    if text is None:
        return None
    parts = text.strip().split("-")
    try:
        if len(parts) == 1:
            a = b = int(parts[0])
        elif len(parts) == 2:
            a, b = int(parts[0]), int(parts[1])
        else:
            raise ValueError
    except ValueError:
        raise InputError(f"--frames {text!r}: expected A-B (e.g. 1-48) or one frame") from None
    if b < a:
        raise InputError(f"--frames {text}: zero frames (the end {b} is before the start {a})")
    return a, b


def parse_resolution(text: str | None) -> tuple[int, int] | None:
    """``"WxH"`` → (W, H)."""
    if text is None:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise InputError(f"--resolution {text!r}: expected WxH, e.g. 832x480") from None
    check_resolution((w, h), "--resolution")
    return w, h


def check_resolution(res: tuple[int, int], where: str) -> None:
    w, h = res
    if not (0 < w <= MAX_RESOLUTION and 0 < h <= MAX_RESOLUTION):
        raise InputError(
            f"{where}: resolution {w}x{h} is out of range; each side must be 1 to {MAX_RESOLUTION}"
        )


def plan(
    world: World,
    shot_id: str | None = None,
    frames: tuple[int, int] | None = None,
    resolution: tuple[int, int] | None = None,
) -> list[ShotJob]:
    """Check the request against the World; the shots to render (every shot when no id)."""
    if not world.cameras:
        raise InputError("the World has no camera; add a camera and a shot that uses it")
    if not world.shots:
        raise InputError("the World has no shot; add a shot (camera, frame range) to render")
    if shot_id is not None:
        known = {s.id: s for s in world.shots}
        if shot_id not in known:
            raise InputError(
                f"--shot {shot_id!r}: no such shot; the World has {', '.join(sorted(known))}"
            )
        shots = [known[shot_id]]
    else:
        shots = sorted(world.shots, key=lambda s: s.id)
    jobs = []
    camera_ids = {c.id for c in world.cameras}
    for shot in shots:
        if shot.camera not in camera_ids:  # unreachable for a valid World; kept as a guard
            raise InputError(f"shot {shot.id!r}: camera {shot.camera!r} does not exist")
        a, b = frames if frames is not None else (shot.frame_start, shot.frame_end)
        if b < a:
            raise InputError(f"shot {shot.id!r}: zero frames ({a}-{b})")
        if a < shot.frame_start or b > shot.frame_end:
            raise InputError(
                f"--frames {a}-{b} is outside shot {shot.id!r} "
                f"({shot.frame_start}-{shot.frame_end})"
            )
        w, h = resolution if resolution is not None else shot.resolution
        check_resolution((w, h), f"shot {shot.id!r}")
        jobs.append(ShotJob(shot, a, b, w, h))
    return jobs


# Rendering -------------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]
#: One step of `render_passes_steps`: (shot id, frames done, frames in the shot).
Step = tuple[str, int, int]
#: Pose the bridge's own mannequins in numpy from the World's joints (`crowd`) instead of asking
#: Blender to evaluate every armature each frame, when the scene has at least
#: `NUMPY_BODIES_MIN` of them. False: Blender evaluates everything (the reference the tests
#: compare with). Below the threshold Blender's evaluation costs little and is kept: numpy's
#: float64 skinning differs from Blender's float32 in the last bits, which would change the
#: bytes of every existing small scene's passes (tests/golden) for no measurable gain.
NUMPY_BODIES = True
NUMPY_BODIES_MIN = 8
#: Frames rasterised but not yet turned into files; bounds memory on long shots.
MAX_FRAMES_IN_FLIGHT = 4
#: Threads that turn rasterised frames into images and files. numpy and zlib release the GIL,
#: so they run beside the next frame's rasterisation.
WORKERS = 2


def render_passes(
    world: World,
    scene: Any,
    out: str | Path,
    shot_id: str | None = None,
    passes: Sequence[str] | str | None = None,
    frames: tuple[int, int] | None = None,
    resolution: tuple[int, int] | None = None,
    base_dir: str | Path | None = None,
    progress: Progress | None = None,
    report: list[str] | None = None,
    clay: str = "shaded",
) -> list[Path]:
    """Render the passes of one shot (or every shot) of ``world``, whose Blender scene is
    ``scene`` (built by the bridge or opened from a .blend), into ``out/<shot>/``.

    ``clay`` is one of `CLAY_MODES`. Returns the shot folders. Raises `InputError` before
    writing anything on bad input. This is `render_passes_steps` run to the end."""
    steps = render_passes_steps(world, scene, out, shot_id=shot_id, passes=passes,
                                frames=frames, resolution=resolution, base_dir=base_dir,
                                progress=progress, report=report, clay=clay)
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value


def render_passes_steps(
    world: World,
    scene: Any,
    out: str | Path,
    shot_id: str | None = None,
    passes: Sequence[str] | str | None = None,
    frames: tuple[int, int] | None = None,
    resolution: tuple[int, int] | None = None,
    base_dir: str | Path | None = None,
    progress: Progress | None = None,
    report: list[str] | None = None,
    clay: str = "shaded",
) -> Generator[Step, None, list[Path]]:
    """`render_passes` one frame at a time, for a caller that must stay responsive (Blender's
    UI renders one step per timer tick). Same arguments and output.

    The request is checked here, at the call, so bad input raises `InputError` before a
    generator exists and before anything is written. The generator then yields
    ``(shot_id, frames_done, frames_total)`` after every frame it renders, and once more,
    with ``frames_done == frames_total``, after a shot's folder is complete and moved into
    place (depth_control, contact sheet, preview, manifest, rename: the longest step). Its
    return value (``StopIteration.value``) is the list of shot folders, as `render_passes`
    returns. Closing it early (``steps.close()``, i.e. cancel) stops at once: the shot being
    rendered leaves nothing behind (its temporary folder is removed, an older ``OUT/<shot>``
    stays as it was, an ``OUT`` that this call created and left empty is removed); shots
    finished before stay. The scene is set back to the frame it was on when the generator
    ends, however it ends. With ``clay="workbench"`` the first step of a shot also renders all
    of its Workbench clay frames (one Blender animation render)."""
    selected = parse_passes(passes)
    check_clay(clay)
    jobs = plan(world, shot_id, frames, resolution)
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    check_world_files(world, base)  # reference images outside the World's folder: refused
    warnings = report if report is not None else []
    return _render_steps(world, scene, out_dir, jobs, selected, base, progress, warnings, clay)


def _render_steps(
    world: World, scene: Any, out_dir: Path, jobs: list[ShotJob], selected: tuple[str, ...],
    base: Path, progress: Progress | None, warnings: list[str], clay: str,
) -> Generator[Step, None, list[Path]]:
    created = not out_dir.exists()
    start_frame = scene.frame_current
    done = []
    try:
        with folders.output_lock(out_dir), steady_heap(), one_blas_thread():
            for job in jobs:
                final = yield from _render_shot(world, scene, out_dir, job, selected, base,
                                                progress, warnings, clay)
                done.append(final)
    finally:
        if created and out_dir.is_dir() and not any(out_dir.iterdir()):
            out_dir.rmdir()
        if scene.frame_current != start_frame:
            scene.frame_set(start_frame)
    return done


#: Keep glibc's malloc from handing a frame's freed arrays back to the system while a headless
#: process renders passes (`steady_heap`); False: leave malloc as it is.
STEADY_HEAP = True
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8
#: After the block: where glibc's own sliding thresholds end up once a large block was freed
#: (its largest mmap threshold, 32 MiB, and twice that for trimming).
_MMAP_AFTER, _TRIM_AFTER = 32 << 20, 64 << 20


@contextlib.contextmanager
def steady_heap() -> Generator[None, None, None]:
    """Pass rendering in a headless process (``previz passes``/``make``/``render``, the
    benchmarks, ``bpy.app.background``) with malloc's heap kept: each frame allocates and frees
    a few hundred megabytes of numpy temporaries, and glibc returned every large one to the
    system (``mmap``/trim, and the worker threads' own arenas), so the next frame faulted in
    fresh zeroed pages — over half a million page faults for 48 frames of the room, ~10 % of
    the passes' CPU. Within the block large blocks come from the heap and freed memory is
    reused (mmap and trim thresholds of 1 GiB), and threads created from now on share the main
    arena (``M_ARENA_MAX`` 1; glibc keeps that limit for the rest of the process — and fixes
    its limit once a process has made more than 8 arenas, after which this setting no longer
    changes which arena a new thread gets: then the worker threads keep their own arenas,
    whose heaps glibc still trims). Afterwards
    the thresholds are those glibc's sliding ones reach once large blocks were freed
    (`_MMAP_AFTER`, `_TRIM_AFTER`) and the unused heap is handed back (``malloc_trim``).
    Nothing changes what is computed; without glibc (macOS, Windows) or in Blender's UI this
    does nothing."""
    libc = _glibc() if STEADY_HEAP and _headless() else None
    if libc is None:
        yield
        return
    libc.mallopt(_M_ARENA_MAX, 1)
    libc.mallopt(_M_MMAP_THRESHOLD, 1 << 30)
    libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    try:
        yield
    finally:
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_AFTER)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_AFTER)
        libc.malloc_trim(0)


#: Run numpy's BLAS on one thread while passes render (`one_blas_thread`); False: as it is.
ONE_BLAS_THREAD = True


@contextlib.contextmanager
def one_blas_thread() -> Generator[None, None, None]:
    """numpy's BLAS (OpenBLAS: matrix products such as the lit clay's back-projection of
    400 000 pixels) on one thread while the passes render: the main thread and the two writer
    threads already keep the cores busy, and OpenBLAS's own threads wait by spinning, so they
    only took CPU from them. A matrix product's rows are split between BLAS threads, each row
    summed by the same kernel, so the products are the same floats (the passes' bytes are
    unchanged: goldens, the lit clay frames of ``benchmarks/passes.py``)."""
    if not ONE_BLAS_THREAD:
        yield
        return
    from previz.world.blas import one_blas_thread as one_thread

    with one_thread():
        yield


def _headless() -> bool:
    try:
        import bpy
    except ImportError:
        return True
    return bool(bpy.app.background)


@functools.cache
def _glibc() -> Any:
    """glibc through ctypes, or None where the C library is another (or has no ``mallopt``)."""
    import ctypes
    import ctypes.util
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    return libc


def _render_shot(
    world: World, scene: Any, out_dir: Path, job: ShotJob, selected: tuple[str, ...],
    base: Path, progress: Progress | None, warnings: list[str], clay: str = "shaded",
) -> Generator[Step, None, Path]:
    selected = job_passes(job, selected)
    tmp = folders.new_folder(out_dir, job.shot.id)
    try:
        yield from _render_into(tmp, world, scene, job, selected, base, progress, warnings,
                                clay)
        final = folders.commit_folder(tmp, out_dir / job.shot.id, keep=_KEPT)
    except BaseException:  # also GeneratorExit: the caller closed the generator (cancel)
        folders.discard_folder(tmp)
        raise
    n = len(job.frames)
    yield job.shot.id, n, n
    return final


# Sub-folders of a shot folder that other stages own: a new set of passes keeps them. The
# previous neural render is what a masked re-render starts from (and what the Video Sequencer
# strip of the shot plays), and its render.json names the passes it was made from.
_KEPT = ("render",)


@dataclass(frozen=True)
class _ShotContext:
    """What every frame of a shot needs to turn its raster into files."""

    data: ShotData
    passes_dir: Path
    scratch: Path  # what `SHOT_DERIVE` passes keep until the shot ends: <pass>/<frame>.npy
    selected: tuple[str, ...]
    sheet_frames: frozenset[int]


def _frame_files(ctx: _ShotContext, f: Frame) -> tuple[np.ndarray, dict | None]:
    """Derive one frame's images from its raster and write its files (on a worker thread).
    Returns the clay image (for the preview) and, for a contact-sheet frame, its images (a
    shot-wide pass's as what it keeps, finished when the shot ends)."""
    images: dict[str, Images] = {}

    def image(name: str) -> Images:
        if name not in images:
            images[name] = DERIVE[name](f)
        return images[name]

    for name in ctx.selected:
        if name in SHOT_DERIVE:
            kept = SHOT_DERIVE[name].keep(f).astype(np.float32)
            np.save(ctx.scratch / name / f"{f.frame:04d}.npy", kept)
        elif name in ENCODED:
            files = layout(name).files(f.frame, ctx.data.entity_ids)
            for rel, data in zip(files, ENCODED[name](f), strict=True):
                (ctx.passes_dir / name / rel).write_bytes(data)
        else:
            files = layout(name).files(f.frame, ctx.data.entity_ids)
            _write_files(ctx.passes_dir / name, files, image(name), name)
    sheet = None
    if f.frame in ctx.sheet_frames:
        sheet = {c: SHOT_DERIVE[c].keep(f) if c in SHOT_DERIVE else image(c)
                 for c in SHEET_COLUMNS}
    return image(CLAY), sheet  # the clay image is also what preview.mp4 shows


def _write_files(folder: Path, files: tuple[str, ...], out: Images, name: str) -> None:
    """Write a pass function's arrays to its layout's files (EXR by extension, else PNG)."""
    arrays = (out,) if isinstance(out, np.ndarray) else out
    if len(arrays) != len(files):
        raise ValueError(f"pass {name!r} made {len(arrays)} image(s) for the {len(files)} "
                         "file(s) of its layout")
    for rel, array in zip(files, arrays, strict=True):
        (write_exr if rel.endswith(".exr") else write_png)(folder / rel, array)


def _render_into(
    tmp: Path, world: World, scene: Any, job: ShotJob, selected: tuple[str, ...], base: Path,
    progress: Progress | None, warnings: list[str], clay: str = "shaded",
) -> Generator[Step, None, None]:
    """Render the shot into ``tmp``, yielding after every frame.

    The main thread evaluates and rasterises frame after frame; each raster goes to a worker
    thread that derives the images and writes the files (`_frame_files`); the clay images come
    back in frame order for the preview video."""
    import bpy

    from .crowd import Mannequins
    from .geometry import SceneGeometry

    shot, w, h = job.shot, job.width, job.height
    entity_ids = sorted(e.id for e in world.entities)
    entities = {e.id: e for e in world.entities}
    geometry = SceneGeometry(entity_ids)
    inst_colors = {eid: instance_color(eid) for eid in entity_ids}
    classes = {eid: entities[eid].semantic_class or entities[eid].kind for eid in entity_ids}
    sem_colors = {c: semantic_color(c) for c in sorted(set(classes.values()))}

    passes_dir = tmp / PASSES_DIR
    scratch = tmp / ".keep"
    for name in selected:
        (passes_dir / name).mkdir(parents=True)
        if layout(name).per_entity:
            for eid in entity_ids:
                (passes_dir / name / eid).mkdir()
        if name in SHOT_DERIVE:
            (scratch / name).mkdir(parents=True)
    workbench = clay == "workbench" and CLAY in selected
    remapped = shot.time_map is not None
    if workbench and remapped:
        # Blender's own render plays the scene on its own clock: it cannot hold the action
        # while the camera moves, so the raster's clay (which follows the map) is written.
        warnings.append(f"{shot.id}: the Workbench clay cannot follow the shot's time map "
                        "(bullet time); the rasterised clay is written instead")
        workbench = False
    lit = CLAY_LIT in selected
    if workbench:
        workbench_clay(scene, job, tmp / ".clay")

    nframes = len(job.frames)
    sheet_frames = sorted({round(f) for f in np.linspace(job.frame_start, job.frame_end,
                                                              min(SHEET_ROWS, nframes))})
    data = ShotData(
        world=world, entity_ids=tuple(entity_ids), labels_of=geometry.labels_of,
        inst_table=color_table([inst_colors[e] for e in entity_ids]),
        sem_table=color_table([sem_colors[classes[e]] for e in entity_ids]),
        width=w, height=h, workbench_clay=tmp / ".clay" if workbench else None,
    )
    ctx = _ShotContext(data=data, passes_dir=passes_dir, scratch=scratch, selected=selected,
                       sheet_frames=frozenset(sheet_frames))
    sheet: dict[int, dict[str, np.ndarray]] = {}
    frames_meta = []
    near, far = np.inf, 0.0
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="previz-passes")
    pending: deque[tuple[int, Future]] = deque()
    video = VideoWriter(tmp / "preview.mp4", world.fps, w, h)

    def take_oldest() -> None:
        frame, future = pending.popleft()
        clay_image, sheet_images = future.result()
        video.append(clay_image)
        if sheet_images is not None:
            sheet[frame] = sheet_images

    # A time-mapped shot (bullet time) poses the bodies at its scene frames, not the shot's:
    # Blender evaluates them there (the numpy bodies are baked for the shot's own frames).
    bodies = Mannequins(scene, world) if NUMPY_BODIES and not remapped else None
    if bodies is not None and len(bodies.bodies) < NUMPY_BODIES_MIN:
        bodies = None
    muted = contextlib.ExitStack()
    previous = None  # the frame before's triangles (what did not move: `lighting.static_mask`)
    try:
        if bodies:
            muted.enter_context(bodies.muted())
        for i, frame in enumerate(job.frames):
            if remapped:  # the action at the map's scene frame, the camera on the shot's
                at = shot.scene_frame(frame)
                scene.frame_set(math.floor(at), subframe=at - math.floor(at))
                state = world.evaluate_shot(shot, frame)
            else:
                scene.frame_set(frame)
                state = bodies.state(frame, job.frames) if bodies else world.evaluate(frame)
            depsgraph = bpy.context.evaluated_depsgraph_get()
            posed = bodies.items(state, job.frames) if bodies else ()
            if bodies:
                bodies.fill_joints(state)
            tris, normals, labels = geometry.collect(depsgraph, posed)
            cam = state.cameras[shot.camera]
            K, w2c = cam.intrinsics(w, h), cam.world_to_camera()
            frames_meta.append({"frame": frame, "K": K.tolist(), "world_to_camera": w2c.tolist()})
            r = rasterize(tris, normals, labels, K, w2c, w, h, cam.clip_start, cam.clip_end)
            rng = maps.depth_range(r.depth)
            if rng is not None:
                near, far = min(near, rng[0]), max(far, rng[1])
            geo = Geometry(tris, normals, labels, static_mask(tris, previous)) if lit else None
            previous = tris
            pending.append((frame, pool.submit(
                _frame_files, ctx, Frame(data, frame, r, state, K, w2c, cam.clip_start, geo))))
            while pending and (len(pending) > MAX_FRAMES_IN_FLIGHT or pending[0][1].done()):
                take_oldest()
            if progress is not None:
                progress(shot.id, i + 1, nframes)
            yield shot.id, i + 1, nframes
        while pending:
            take_oldest()
    finally:
        muted.close()  # the bodies and armatures back in the depsgraph
        for _, future in pending:  # cancelled or failed: drop what has not started
            future.cancel()
        pool.shutdown(wait=True)  # nothing may still write into tmp when it is removed
        video.close()

    if not np.isfinite(near):
        near, far = 1.0, 1.0
    for name in (n for n in selected if n in SHOT_DERIVE):
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(partial(_finish_frame, name, scratch / name, passes_dir / name,
                                  near, far), job.frames))
    if scratch.exists():
        shutil.rmtree(scratch)
    if workbench:
        shutil.rmtree(tmp / ".clay")

    rows = []
    for frame in sheet_frames:
        images = sheet[frame]
        for name in (c for c in SHEET_COLUMNS if c in SHOT_DERIVE):
            images[name] = SHOT_DERIVE[name].finish(images[name], near, far)
        rows.append((frame, images))
    write_png(tmp / "contact_sheet.png", contact_sheet(rows, list(SHEET_COLUMNS)))

    # The World's canonical form once for both hashes (a 100-character crowd's is 100 MB of
    # keys: seconds per pass over it); the same bytes as `World.content_hash`.
    canonical = canonical_data(world)
    world_hash = hashlib.sha256(json.dumps(
        canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    refs = _copy_references(world, tmp, base, warnings)
    manifest = {
        "format": FORMAT,
        "shot": shot.id,
        "world_hash": world_hash,
        "shot_hash": shot_hash(world, job, selected, clay, canonical),
        "resolution": [w, h],
        "fps": world.fps,
        "frame_start": job.frame_start,
        "frame_end": job.frame_end,
        "frames": frames_meta,
        "passes": list(selected),
        "clay_render": clay if CLAY in selected else None,
        "depth_control_range": [near, far],
        "instance_colors": {eid: list(c) for eid, c in inst_colors.items()},
        "semantic_colors": {c: list(v) for c, v in sem_colors.items()},
        "entities": [
            {"id": eid, "kind": entities[eid].kind, "semantic_class": classes[eid],
             "appearance": entities[eid].appearance, "reference_images": refs.get(eid, [])}
            for eid in entity_ids
        ],
        "lighting": lighting_look(world, job.frame_start),
        "shot_settings": {
            "prompt": shot.prompt, "negative_prompt": shot.negative_prompt, "seed": shot.seed,
            "render": shot.render.model_dump(mode="json"),
        },
    }
    text = json.dumps(manifest, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
    (tmp / MANIFEST).write_text(text, encoding="utf-8")
    folders.fsync_file(tmp / MANIFEST)  # the batch engine trusts it (`passes_ready`)


def _finish_frame(name: str, kept: Path, folder: Path, near: float, far: float,
                  frame: int) -> None:
    """Write one frame of a shot-wide pass from what the frame kept (float32 → float64)."""
    value = np.load(kept / f"{frame:04d}.npy").astype(np.float64)
    write_png(folder / frame_file(frame), SHOT_DERIVE[name].finish(value, near, far))


def shot_hash(world: World, job: ShotJob, selected: Sequence[str], clay: str = "shaded",
              canonical: dict | None = None) -> str:
    """SHA-256 over what the shot's passes depend on: the World with only this shot (editing
    another shot does not change it), the frame range, resolution, passes, clay mode (keyed only
    when not the default, so default hashes stay as they were) and format."""
    data = dict(canonical if canonical is not None else canonical_data(world))
    data["shots"] = [s for s in data["shots"] if s["id"] == job.shot.id]
    key = {"format": FORMAT, "world": data, "frames": [job.frame_start, job.frame_end],
           "resolution": [job.width, job.height], "passes": list(job_passes(job, selected))}
    if clay != "shaded" and CLAY in selected:
        key["clay"] = clay
    text = json.dumps(key, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def workbench_clay(scene: Any, job: ShotJob, folder: Path) -> None:
    """Render the shot's clay frames with Blender's Workbench engine into ``folder/NNNN.png``
    (RGBA, transparent background): solid shading, studio lighting, one neutral grey, no
    cavity / shadow / outline, the shot camera, resolution and frame range, Standard view
    transform and no dither, so frames are deterministic; panes of glass hidden, as the other
    passes see through them. One animation render (the engine starts once); every scene setting
    touched is restored afterwards."""
    import bpy

    camera = next((o for o in sorted(scene.objects, key=lambda o: o.name)
                   if o.type == "CAMERA" and getattr(o, "previz", None) is not None
                   and o.previz.id == job.shot.camera), None)
    if camera is None:
        raise InputError(f"shot {job.shot.id!r}: camera {job.shot.camera!r} is not in the scene")
    r, display, shading = scene.render, scene.display, scene.display.shading
    settings = [
        (r, "engine", "BLENDER_WORKBENCH"), (scene, "camera", camera),
        (r, "resolution_x", job.width), (r, "resolution_y", job.height),
        (r, "resolution_percentage", 100), (r, "pixel_aspect_x", 1.0),
        (r, "pixel_aspect_y", 1.0), (r, "use_border", False), (r, "film_transparent", True),
        (r, "dither_intensity", 0.0), (r, "use_compositing", False), (r, "use_sequencer", False),
        (r, "use_file_extension", True), (r, "filepath", str(folder / "####")),
        (r.image_settings, "file_format", "PNG"), (r.image_settings, "color_mode", "RGBA"),
        (r.image_settings, "color_depth", "8"), (r.image_settings, "compression", 15),
        (scene, "frame_start", job.frame_start), (scene, "frame_end", job.frame_end),
        (scene, "frame_step", 1), (scene.view_settings, "view_transform", "Standard"),
        (scene.view_settings, "look", "None"), (scene.view_settings, "exposure", 0.0),
        (scene.view_settings, "gamma", 1.0), (display, "render_aa", "8"),
        (shading, "light", "STUDIO"), (shading, "color_type", "SINGLE"),
        (shading, "single_color", WORKBENCH_GREY), (shading, "show_cavity", False),
        (shading, "show_shadows", False), (shading, "show_object_outline", False),
        (shading, "show_xray", False), (shading, "show_specular_highlight", False),
        (shading, "show_backface_culling", False),
    ]
    # Glass is seen through by every other pass (`geometry.see_through`); Workbench's solid
    # shading would draw a pane as an opaque grey sheet, so panes sit this render out.
    from .geometry import see_through

    settings += [(o, "hide_render", True) for o in scene.objects if see_through(o)]
    old = [(owner, attr, _copy(getattr(owner, attr))) for owner, attr, _ in settings]
    frame = scene.frame_current
    folder.mkdir()
    try:
        for owner, attr, value in settings:
            setattr(owner, attr, value)
        bpy.ops.render.render(animation=True, scene=scene.name)
    finally:
        for owner, attr, value in old:  # in order: file_format before its color depth
            with contextlib.suppress(TypeError, ValueError):  # a value the format rejects
                setattr(owner, attr, value)
        scene.frame_set(frame)
    missing = [f for f in job.frames if not (folder / frame_file(f)).is_file()]
    if missing:
        raise RuntimeError(f"Workbench wrote no clay image for frames {missing}")


def _copy(value: Any) -> Any:
    """Detach bpy array values (colours) from the property they were read from."""
    return tuple(value) if hasattr(value, "__len__") and not isinstance(value, str) else value


def _copy_references(world: World, tmp: Path, base: Path, warnings: list[str]) -> dict:
    """Copy entity reference images into ``refs/`` so the folder is self-contained; the
    manifest lists them relative to the shot folder. Only files the paths policy allows
    (inside the World's folder or the asset library) are ever read."""
    files = check_world_files(world, base)
    out: dict[str, list[str]] = {}
    for entity in sorted(world.entities, key=lambda e: e.id):
        for k, ref in enumerate(entity.reference_images):
            src = files[(entity.id, "reference_images", k)]
            if not src.is_file():
                warnings.append(f"{entity.id}: reference image {ref} not found; not copied")
                continue
            rel = Path("refs") / f"{entity.id}-{k}{src.suffix.lower()}"
            (tmp / "refs").mkdir(exist_ok=True)
            shutil.copyfile(src, tmp / rel)
            out.setdefault(entity.id, []).append(rel.as_posix())
    return out
