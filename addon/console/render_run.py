"""The work behind the Render panel: plan the shots, render their passes one frame per step on the
main thread, then hand the neural render to a worker thread, and put the result in the Video
Sequencer.

`RenderRun` holds the state of one Render Shot / Render All Shots and advances it by one small
piece per `step()`: one frame of passes (which needs `bpy`, so it runs on the main thread), or one
look at the neural-render job (which never touches `bpy`, so it runs on a worker thread — the main
thread only polls it). The modal operator calls `step()` on each timer event, so Blender answers
between frames; headless, the operator calls it in a loop and the neural job runs blocking with
progress lines on stdout. Tests drive `step()` directly.

One `Renderer` is kept for the session (`session_renderer`), so consecutive renders reuse the loaded
model; `release_renderer` frees it (the Release Model button, and unregistering the extension).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from previz.addon.jobs import JOBS, Cancelled, Job, Progress
from previz.world import DEFAULT_BACKEND
from previz.world.errors import InputError

#: The panel's backend choice that defers to the shot's own setting, then the preferences.
FROM_SHOT = "SHOT"
STRIP_PREFIX = "Previz "
SIDE_PREFIX = "Previz side "
SHOT_KEY = "previz_shot"  # custom property on our strips: the shot id

# -- the session's renderer ------------------------------------------------------------------------

_session: dict[str, Any] = {"renderer": None, "key": None}


def session_renderer(cache_dir: Path, backend_options: Any) -> Any:
    """The renderer kept for this Blender session. A change of cache folder or device settings
    replaces it (the old one is released first, so two models never sit in memory)."""
    from previz.neural_render import Renderer

    key = (str(cache_dir), backend_options)
    if _session["renderer"] is None or _session["key"] != key:
        release_renderer()
        _session["renderer"] = Renderer(cache_dir, backend_options)
        _session["key"] = key
    return _session["renderer"]


def current_renderer() -> Any:
    """The kept renderer, or None."""
    return _session["renderer"]


def renderer_loaded() -> bool:
    renderer = _session["renderer"]
    return renderer is not None and any(
        getattr(b, "pipe", None) is not None for b in renderer._backends.values()
    )


def release_renderer() -> bool:
    """Free the kept model (and its VRAM). True when there was one."""
    renderer = _session["renderer"]
    _session["renderer"] = _session["key"] = None
    if renderer is None:
        return False
    renderer.release()
    return True


# -- planning (main thread, before anything is written) -------------------------------------------

@dataclass(frozen=True)
class ShotRequest:
    """One shot to render, with everything resolved and checked."""

    shot_id: str
    start: int  # the shot's first frame on the timeline (where its strip goes)
    frames: int
    backend: str
    weights: str | None


@dataclass(frozen=True)
class RunPlan:
    scene_name: str
    world: Any
    shots: list[ShotRequest]
    out_dir: Path
    base_dir: Path
    cache_dir: Path
    backend_options: Any
    channel: int
    side_by_side: bool
    changed: bool = False  # Re-render Changes: masked against each shot's previous render


def output_dir(scene: Any, panel: Any, prefs: Any) -> Path:
    """The panel's output folder; else ``//previz/`` beside a saved .blend; else the cache
    folder's ``shots/`` for an unsaved file."""
    import bpy

    if panel.output:
        return Path(bpy.path.abspath(panel.output))
    if bpy.data.filepath:
        return Path(bpy.path.abspath("//previz/"))
    return Path(prefs.cache_folder) / "shots"


def effective_backend(panel: Any, shot: Any, prefs: Any) -> str:
    if panel.backend != FROM_SHOT:
        return panel.backend
    return shot.render.backend or prefs.default_backend or DEFAULT_BACKEND


def plan_run(context: Any, all_shots: bool, changed: bool = False) -> RunPlan:
    """Read the World from the scene and check every setting; raise `InputError` (nothing
    written, nothing changed) when a shot cannot be rendered as asked. ``changed``: Re-render
    Changes — every shot must have a previous render to start from (Render Shot makes one)."""
    import bpy

    from previz.addon.bridge import read
    from previz.addon.passes.render import plan
    from previz.addon.preferences import settings
    from previz.neural_render import BackendOptions
    from previz.neural_render.registry import check_backend, create_backend

    scene = context.scene
    if scene is None:
        raise InputError("no scene to render")
    meta, panel, prefs = scene.previz, scene.previz.render, settings(context)
    if not len(meta.shots):
        raise InputError("the scene has no shot: add one in the Shots panel")
    if all_shots:
        items = list(meta.shots)
    else:
        if not 0 <= meta.active_shot < len(meta.shots):
            raise InputError("no active shot: pick one in the Shots list")
        items = [meta.shots[meta.active_shot]]
    world = read(scene)
    cameras = {c.id for c in world.cameras}
    backend_options = BackendOptions(device=None if prefs.device == "auto" else prefs.device)
    weights = panel.weights.strip() or prefs.weights_folder or None
    requests, checked = [], set()
    for item in items:
        job = plan(world, item.id)[0]  # checks frames and resolution
        if job.shot.camera not in cameras:  # pragma: no cover - read() already refuses it
            raise InputError(f"shot {item.id!r}: camera {job.shot.camera!r} is not in the scene")
        backend = check_backend(effective_backend(panel, item, prefs))
        if (backend, weights) not in checked:  # finds the weights without loading the model
            create_backend(backend, weights, backend_options).weights_identity()
            checked.add((backend, weights))
        requests.append(ShotRequest(item.id, job.frame_start, len(job.frames), backend, weights))
    out = output_dir(scene, panel, prefs)
    if out.exists() and not out.is_dir():
        raise InputError(f"output folder {out} is a file; choose a folder")
    if changed:
        from previz.neural_render.output import has_render

        missing = [r.shot_id for r in requests if not has_render(out / r.shot_id)]
        if missing:
            raise InputError(
                f"no previous render of shot {', '.join(map(repr, missing))} in {out} to "
                "re-render the changes of; use Render Shot first"
            )
    base = Path(bpy.path.abspath("//")) if bpy.data.filepath else Path.cwd()
    return RunPlan(scene.name, world, requests, out, base, Path(prefs.cache_folder) / "render",
                   backend_options, panel.channel, panel.side_by_side, changed)


# -- passes, one frame per step -------------------------------------------------------------------

def passes_steps(world: Any, scene: Any, out: Path, shot_id: str,
                 base_dir: Path) -> Iterator[tuple[str, int, int]]:
    """``(shot, frames done, frames total)`` after each frame of the shot's passes, and once
    more when the shot's folder is complete; closing it early removes the half-written shot."""
    from previz.addon.passes.render import render_passes_steps

    return render_passes_steps(world, scene, out, shot_id=shot_id, base_dir=base_dir)


# -- the Video Sequencer --------------------------------------------------------------------------

def place_strips(scene: Any, shot_id: str, start: int, render_dir: Path, channel: int,
                 side_by_side: bool) -> list[Any]:
    """The render as a movie strip at the shot's start frame on ``channel`` (the side-by-side on
    the channel above, if asked), replacing the shot's previous strips."""
    editor = scene.sequence_editor or scene.sequence_editor_create()
    strips = editor.strips if hasattr(editor, "strips") else editor.sequences
    for strip in [s for s in strips if s.get(SHOT_KEY) == shot_id]:
        strips.remove(strip)
    placed = []
    movies = [(STRIP_PREFIX, "render.mp4", channel)]
    if side_by_side:
        movies.append((SIDE_PREFIX, "side_by_side.mp4", channel + 1))
    import bpy

    for prefix, name, ch in movies:
        path = str(render_dir / name)
        if bpy.data.filepath:  # relative to the .blend, so the project folder can move
            path = bpy.path.relpath(path)
        strip = strips.new_movie(f"{prefix}{shot_id}", path, channel=ch, frame_start=start)
        strip[SHOT_KEY] = shot_id
        placed.append(strip)
    return placed


def shot_strips(scene: Any, shot_id: str) -> list[Any]:
    editor = scene.sequence_editor
    if editor is None:
        return []
    strips = editor.strips if hasattr(editor, "strips") else editor.sequences
    return [s for s in strips if s.get(SHOT_KEY) == shot_id]


# -- one run --------------------------------------------------------------------------------------

@dataclass
class RenderedShot:
    shot_id: str
    render_dir: Path
    cache_hit: bool
    key: str


@dataclass
class RenderRun:
    """Render Shot / Render All Shots, advanced by `step()`.

    States: ``passes`` → ``denoise`` → (next shot) … → ``done`` | ``failed`` | ``cancelled``.
    ``blocking``: the neural render runs in the calling thread (headless), printing progress."""

    plan: RunPlan
    blocking: bool = False
    out: TextIO | None = None
    state: str = "passes"
    index: int = 0
    message: str = ""
    error: str = ""
    results: list[RenderedShot] = field(default_factory=list)
    job: Job | None = None
    _passes: Iterator[tuple[str, int, int]] | None = None
    _passes_done: tuple[int, int] = (0, 1)
    _cancel: bool = False
    _frame: int | None = None

    def __post_init__(self) -> None:
        self._passes_done = (0, self.plan.shots[0].frames)

    # -- what the panel and the status bar show ------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    @property
    def shot(self) -> ShotRequest:
        return self.plan.shots[min(self.index, len(self.plan.shots) - 1)]

    def progress(self) -> tuple[float, str]:
        """Overall fraction and a line: ``shot 1/2 wide · passes 3/5`` or ``… denoise step 2/4``."""
        n = len(self.plan.shots)
        if self.finished:
            return 1.0, self.message
        if self.state == "passes":
            done, total = self._passes_done
            part, text = 0.3 * done / max(total, 1), f"passes {done}/{total}"
        else:
            fraction, text = self.job.progress.snapshot() if self.job else (0.0, "")
            part, text = 0.3 + 0.7 * fraction, text or "loading the model"
        return (self.index + part) / n, f"shot {self.index + 1}/{n} {self.shot.shot_id} · {text}"

    def status_text(self) -> str:
        fraction, text = self.progress()
        if self.finished:
            return text
        return f"Previz render {fraction * 100:.0f}% · {text} (Esc cancels)"

    # -- control ----------------------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop at the next frame of passes or the next denoising step; nothing half-written."""
        self._cancel = True
        if self.job is not None:
            self.job.cancel()

    def step(self) -> bool:
        """Advance by one frame of passes, or look at the neural job once. False when finished."""
        if self.finished:
            return False
        try:
            if self._cancel and self.state == "passes":
                self._stop_passes()
                self._end("cancelled", "Render cancelled")
            elif self.state == "passes":
                self._step_passes()
            elif self.state == "denoise":
                self._step_denoise()
        except Exception as exc:  # a message for the user; the scene is left as it was
            self._stop_passes()
            text = str(exc).splitlines()[0] if isinstance(exc, InputError) else \
                f"{type(exc).__name__}: {exc}"
            self._end("failed", f"Render of shot {self.shot.shot_id!r} failed: {text}")
        return not self.finished

    def run_blocking(self) -> None:
        while self.step():
            pass

    # -- stages -----------------------------------------------------------------------------------

    def _scene(self) -> Any:
        import bpy

        scene = bpy.data.scenes.get(self.plan.scene_name)
        if scene is None:
            raise InputError(f"scene {self.plan.scene_name!r} is gone")
        return scene

    def _step_passes(self) -> None:
        shot = self.shot
        if self._passes is None:
            scene = self._scene()
            self._frame = scene.frame_current
            self._passes = passes_steps(self.plan.world, scene, self.plan.out_dir, shot.shot_id,
                                        self.plan.base_dir)
            self._passes_done = (0, shot.frames)
        try:
            _, done, total = next(self._passes)
            if (done, total) != self._passes_done:
                self._print(f"passes {done}/{total}")
            self._passes_done = (done, total)
        except StopIteration:
            self._stop_passes()
            self._start_denoise()

    def _stop_passes(self) -> None:
        """Close the passes generator (removing a half-written shot) and restore the frame."""
        if self._passes is not None:
            gen, self._passes = self._passes, None
            close = getattr(gen, "close", None)
            if close is not None:
                close()
        if self._frame is not None:
            frame, self._frame = self._frame, None
            with contextlib.suppress(InputError):
                self._scene().frame_set(frame)

    def _start_denoise(self) -> None:
        shot, plan = self.shot, self.plan
        from previz.neural_render import RenderCancelled, RenderOptions

        renderer = session_renderer(plan.cache_dir, plan.backend_options)
        shot_dir = plan.out_dir / shot.shot_id
        options = RenderOptions(backend=shot.backend, weights=shot.weights)

        def work(progress: Progress) -> RenderedShot:  # worker thread: no bpy here
            def on_step(done: int, total: int) -> None:
                progress(done / total, f"denoise step {done}/{total}")

            try:
                result = renderer.render(shot_dir, options, progress=on_step,
                                         cancel=lambda: progress.cancelled, masked=plan.changed)
            except RenderCancelled:
                raise Cancelled from None
            progress(1.0, "from the cache" if result.cache_hit else "rendered")
            return RenderedShot(shot.shot_id, result.out_dir, result.cache_hit, result.key)

        self.state = "denoise"
        name = f"Render {shot.shot_id}"
        if self.blocking:
            self.job = Job(work, name, self._apply)
            if self._cancel:
                self.job.cancel()
            self.job.run_blocking(self.out)
            self._after_job()
        else:
            self.job = JOBS.submit(work, name, on_done=self._apply)
            if self._cancel:
                self.job.cancel()

    def _step_denoise(self) -> None:
        job = self.job
        if job is None or not job.finished:
            return
        JOBS.forget(job.id)
        job.finish_on_main_thread()  # `_apply`: the strips, on the main thread
        self._after_job()

    def _after_job(self) -> None:
        job = self.job
        if job.state == "cancelled":
            self._end("cancelled", "Render cancelled")
            return
        elif job.state == "failed":
            raise job.error if isinstance(job.error, Exception) else RuntimeError(job.error)
        self.job = None
        self.index += 1
        self.state = "passes"
        if self.index >= len(self.plan.shots):
            hits = sum(r.cache_hit for r in self.results)
            self._end("done", f"Rendered {len(self.results)} shot(s) into {self.plan.out_dir}"
                      + (f" ({hits} from the cache)" if hits else ""))

    def _apply(self, job: Job) -> None:
        """On the main thread: put the finished render in the Video Sequencer."""
        result: RenderedShot = job.result
        if job.state != "done" or result is None:
            return
        place_strips(self._scene(), result.shot_id, self.shot.start, result.render_dir,
                     self.plan.channel, self.plan.side_by_side)
        self.results.append(result)
        how = "from the cache" if result.cache_hit else "rendered"
        self._print(f"{how} -> {result.render_dir}")

    def _end(self, state: str, message: str) -> None:
        if self.job is not None and not self.job.finished:
            self.job.cancel()
        self.state, self.message = state, message
        if state == "failed":
            self.error = message
        if self.blocking:
            print(f"[Previz render] {message}", file=self.out or sys.stdout, flush=True)

    def _print(self, text: str) -> None:
        if self.blocking:
            print(f"[Render {self.shot.shot_id}] {text}", file=self.out or sys.stdout, flush=True)


# The run the panel shows (one at a time per session).
_active: dict[str, RenderRun | None] = {"run": None}


def active_run() -> RenderRun | None:
    return _active["run"]


def set_active_run(run: RenderRun | None) -> None:
    _active["run"] = run
