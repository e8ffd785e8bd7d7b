"""Operators: World import/export, shots as markers, the job monitor.

Each operator that changes the scene is one undo step (``bl_options = {"REGISTER", "UNDO"}``)
and changes nothing when it fails: validation happens before the scene is touched, and
`rollback_on_error` removes whatever a failed build had already created.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import bpy
from bpy.props import EnumProperty, IntProperty, StringProperty
from bpy_extras.io_utils import ExportHelper, ImportHelper

from previz.world import load_world
from previz.world.errors import InputError
from previz.world.files import atomic_write_text

from . import bridge, runtime
from .doctor import format_report, report
from .jobs import JOBS, Job
from .preferences import runtime_folder, settings

_DATA = ("objects", "meshes", "armatures", "cameras", "lights", "actions", "collections")


@contextlib.contextmanager
def rollback_on_error(scene: bpy.types.Scene) -> Iterator[None]:
    """Remove every datablock created inside the block if it raises (headless there is no undo)."""
    before = {name: set(getattr(bpy.data, name)) for name in _DATA}
    markers = {m.name for m in scene.timeline_markers}
    n_rel, n_shots = len(scene.previz.relations), len(scene.previz.shots)
    try:
        yield
    except BaseException:
        for name in _DATA:
            coll = getattr(bpy.data, name)
            for block in [b for b in coll if b not in before[name]]:
                coll.remove(block)
        for marker in [m for m in scene.timeline_markers if m.name not in markers]:
            scene.timeline_markers.remove(marker)
        while len(scene.previz.relations) > n_rel:
            scene.previz.relations.remove(len(scene.previz.relations) - 1)
        while len(scene.previz.shots) > n_shots:
            scene.previz.shots.remove(len(scene.previz.shots) - 1)
        raise


class PREVIZ_OT_import_world(bpy.types.Operator, ImportHelper):
    """Build a Previz World (JSON) into the current scene"""

    bl_idname = "previz.import_world"
    bl_label = "Import Previz World"
    bl_options = {"REGISTER", "UNDO"}
    filename_ext = ".json"
    filter_glob: StringProperty(default="*.json", options={"HIDDEN"})

    def execute(self, context: bpy.types.Context) -> set[str]:
        try:
            world = load_world(self.filepath)
        except InputError as exc:
            self.report({"ERROR"}, exc.first_line() if hasattr(exc, "first_line") else str(exc))
            return {"CANCELLED"}
        warnings: list[str] = []
        try:
            with rollback_on_error(context.scene):
                bridge.build(world, context.scene, base_dir=Path(self.filepath).parent,
                             report=warnings)
        except Exception as exc:
            self.report({"ERROR"}, f"Could not build the World: {exc}")
            return {"CANCELLED"}
        for line in warnings:
            self.report({"WARNING"}, line)
        self.report({"INFO"}, f"Built {len(world.entities)} entities, {len(world.shots)} shots")
        return {"FINISHED"}


class PREVIZ_OT_export_world(bpy.types.Operator, ExportHelper):
    """Write the current scene as a Previz World (canonical JSON)"""

    bl_idname = "previz.export_world"
    bl_label = "Export Previz World"
    filename_ext = ".json"
    filter_glob: StringProperty(default="*.json", options={"HIDDEN"})

    def execute(self, context: bpy.types.Context) -> set[str]:
        try:
            world = bridge.read(context.scene)
        except InputError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        atomic_write_text(self.filepath, world.canonical_json())
        self.report({"INFO"}, f"Wrote {self.filepath}")
        return {"FINISHED"}


class PREVIZ_OT_validate(bpy.types.Operator):
    """Check that the scene is a valid Previz World and report the first problem"""

    bl_idname = "previz.validate"
    bl_label = "Validate World"

    def execute(self, context: bpy.types.Context) -> set[str]:
        try:
            world = bridge.read(context.scene)
        except InputError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        self.report({"INFO"}, f"World ok: hash {world.content_hash()[:12]}")
        return {"FINISHED"}


def _shot_at(scene: bpy.types.Scene, frame: int) -> int:
    """Index of the shot containing ``frame`` (the latest starting one), or -1."""
    best, best_start = -1, None
    for i, shot in enumerate(scene.previz.shots):
        marker = scene.timeline_markers.get(shot.id)
        start = marker.frame if marker is not None else shot.frame_start
        end = start + shot.frame_end - shot.frame_start
        if start <= frame <= end and (best_start is None or start > best_start):
            best, best_start = i, start
    return best


def _new_shot_id(scene: bpy.types.Scene, base: str = "shot") -> str:
    taken = {s.id for s in scene.previz.shots}
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _camera_of(context: bpy.types.Context) -> bpy.types.Object | None:
    obj = context.active_object
    if obj is not None and obj.type == "CAMERA":
        return obj
    return context.scene.camera


class PREVIZ_OT_shot_add(bpy.types.Operator):
    """Start a new shot at the current frame with the active camera (a marker bound to it)"""

    bl_idname = "previz.shot_add"
    bl_label = "Add Shot"
    bl_options = {"REGISTER", "UNDO"}

    length: IntProperty(name="Length", default=48, min=1)

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        camera = _camera_of(context)
        if camera is None or camera.previz.role != "CAMERA":
            self.report({"ERROR"}, "Select a Previz camera (or set the scene camera) first")
            return {"CANCELLED"}
        shot = scene.previz.shots.add()
        shot.id = _new_shot_id(scene)
        shot.camera = camera.previz.id
        shot.frame_start = scene.frame_current
        shot.frame_end = scene.frame_current + self.length - 1
        shot.resolution = (scene.render.resolution_x, scene.render.resolution_y)
        marker = scene.timeline_markers.new(shot.id, frame=shot.frame_start)
        marker.camera = camera
        scene.previz.active_shot = len(scene.previz.shots) - 1
        return {"FINISHED"}


class PREVIZ_OT_shot_split(bpy.types.Operator):
    """Split the shot under the current frame: a new shot starts here with the same settings"""

    bl_idname = "previz.shot_split"
    bl_label = "Split Shot"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        frame = scene.frame_current
        index = _shot_at(scene, frame)
        if index < 0:
            self.report({"ERROR"}, f"No shot contains frame {frame}")
            return {"CANCELLED"}
        shot = scene.previz.shots[index]
        marker = scene.timeline_markers.get(shot.id)
        start = marker.frame if marker is not None else shot.frame_start
        end = start + shot.frame_end - shot.frame_start
        if frame == start:
            self.report({"ERROR"}, "The shot already starts here")
            return {"CANCELLED"}
        moved = start - shot.frame_start  # the marker was dragged: its keys move with it
        for key in shot.time_map:
            key.shot_frame, key.scene_frame = key.shot_frame + moved, key.scene_frame + moved
        shot.frame_start, shot.frame_end = start, frame - 1
        new = scene.previz.shots.add()
        for prop in ("camera", "resolution", "seed", "prompt", "negative_prompt", "camera_body"):
            setattr(new, prop, getattr(shot, prop))
        for key in shot.time_map:  # both halves keep the remap (keys are scene-timeline frames)
            copy = new.time_map.add()
            copy.shot_frame, copy.scene_frame = key.shot_frame, key.scene_frame
        for prop in ("backend", "steps", "guidance_scale", "control", "conditioning_scale"):
            setattr(new.render, prop, getattr(shot.render, prop))
        new.id = _new_shot_id(scene, re.sub(r"-\d+$", "", shot.id) or "shot")
        new.frame_start, new.frame_end = frame, end
        marker_new = scene.timeline_markers.new(new.id, frame=frame)
        marker_new.camera = marker.camera if marker is not None else scene.camera
        scene.previz.active_shot = len(scene.previz.shots) - 1
        return {"FINISHED"}


class PREVIZ_OT_shot_jump(bpy.types.Operator):
    """Go to the start of a shot and look through its camera"""

    bl_idname = "previz.shot_jump"
    bl_label = "Go to Shot"

    index: IntProperty(default=-1)

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        index = self.index if self.index >= 0 else scene.previz.active_shot
        if not 0 <= index < len(scene.previz.shots):
            self.report({"ERROR"}, "No such shot")
            return {"CANCELLED"}
        shot = scene.previz.shots[index]
        marker = scene.timeline_markers.get(shot.id)
        scene.frame_set(marker.frame if marker is not None else shot.frame_start)
        if marker is not None and marker.camera is not None:
            scene.camera = marker.camera
        from .bridge.shot import use_shot_frame

        use_shot_frame(scene, shot)  # the shot's aspect ratio, its safe frames
        scene.previz.active_shot = index
        return {"FINISHED"}


class PREVIZ_OT_job_monitor(bpy.types.Operator):
    """Follow a background job: progress in the status bar, Esc cancels"""

    bl_idname = "previz.job_monitor"
    bl_label = "Previz Job"

    job_id: IntProperty()
    _timer = None

    def invoke(self, context: bpy.types.Context, event: bpy.types.Event) -> set[str]:
        if JOBS.get(self.job_id) is None:
            return {"CANCELLED"}
        self._timer = context.window_manager.event_timer_add(0.2, window=context.window)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context: bpy.types.Context, event: bpy.types.Event) -> set[str]:
        job = JOBS.get(self.job_id)
        if job is None:
            return self._finish(context, {"CANCELLED"})
        if event.type == "ESC":
            job.cancel()
        if event.type == "TIMER":
            if context.workspace is not None:
                context.workspace.status_text_set(job.status_text())
            for area in context.screen.areas if context.screen else []:
                area.tag_redraw()
            if job.finished:
                job.finish_on_main_thread()
                if job.state == "failed":
                    self.report({"ERROR"}, job.status_text())
                return self._finish(context, {"FINISHED"})
        return {"PASS_THROUGH"}

    def _finish(self, context: bpy.types.Context, result: set[str]) -> set[str]:
        if self._timer is not None:
            context.window_manager.event_timer_remove(self._timer)
        if context.workspace is not None:
            context.workspace.status_text_set(None)
        return result


def start_job(operator: bpy.types.Operator, fn, name: str, on_done=None) -> set[str]:  # type: ignore[no-untyped-def]
    """Run ``fn(progress)`` as a job: blocking in background mode, else on a worker thread
    followed by the monitor operator. ``on_done(job)`` runs on the main thread when it ends (in
    the monitor's timer event, or right after the blocking run): apply results to the scene
    there, never in ``fn``."""

    if bpy.app.background:
        job = Job(fn, name, on_done)
        try:
            job.run_blocking()
        except Exception as exc:
            operator.report({"ERROR"}, f"{name} failed: {exc}")
            return {"CANCELLED"}
        return {"FINISHED"} if job.state == "done" else {"CANCELLED"}
    job = JOBS.submit(fn, name, on_done)
    bpy.ops.previz.job_monitor("INVOKE_DEFAULT", job_id=job.id)
    return {"FINISHED"}


class PREVIZ_OT_install_runtime(bpy.types.Operator):
    """Install torch, diffusers and the rest of the neural-rendering runtime for Blender's
    Python, into the extension's own folder (needs internet; several GB with CUDA)"""

    bl_idname = "previz.install_runtime"
    bl_label = "Install Neural Rendering Runtime"

    packages: StringProperty(
        name="Packages", default="", options={"SKIP_SAVE"},
        description="Space-separated pip requirements; empty: the render extra",
    )

    def execute(self, context: bpy.types.Context) -> set[str]:
        target = runtime_folder()
        device = settings(context).device
        variant = runtime.torch_variant(runtime.this_machine()) if device == "auto" else device
        packages = tuple(self.packages.split()) or runtime.RENDER_PACKAGES

        def work(progress):  # type: ignore[no-untyped-def]
            count = [0]

            def log(line: str) -> None:
                count[0] += 1
                progress(min(0.95, count[0] / 400), line[:120])

            code = runtime.install(target, variant, log, packages=packages,
                                   cancelled=lambda: progress.cancelled)
            if code != 0:
                raise RuntimeError(f"pip exited with code {code}")
            runtime.activate(target)
            progress(1.0, f"installed into {target}")
            return target

        return start_job(self, work, "Runtime install")


class PREVIZ_OT_doctor(bpy.types.Operator):
    """Report Python, torch and its device, VRAM and the weights found (also `previz doctor`)"""

    bl_idname = "previz.doctor"
    bl_label = "Doctor"

    def execute(self, context: bpy.types.Context) -> set[str]:
        text = format_report(report())
        block = bpy.data.texts.get("Previz Doctor") or bpy.data.texts.new("Previz Doctor")
        block.from_string(text)
        for line in text.splitlines():
            self.report({"INFO"}, line)
        return {"FINISHED"}


class PREVIZ_OT_job_cancel(bpy.types.Operator):
    """Cancel the running Previz jobs"""

    bl_idname = "previz.job_cancel"
    bl_label = "Cancel"

    def execute(self, context: bpy.types.Context) -> set[str]:
        JOBS.cancel_all()
        return {"FINISHED"}


BOARD_EXTENSIONS = {"PDF": ".pdf", "HTML": ".html"}


class PREVIZ_OT_storyboard(bpy.types.Operator, ExportHelper):
    """Write a storyboard of every shot: key frames with safe frames (clay, or the neural
    render), timecodes, camera and lens, the move on a top-down map, action, dialogue, notes
    (also `previz board`)"""

    bl_idname = "previz.storyboard"
    bl_label = "Storyboard"
    filename_ext = ".pdf"
    filter_glob: StringProperty(default="*.pdf;*.html", options={"HIDDEN"})
    file_format: EnumProperty(
        name="Format", default="PDF",
        items=[("PDF", "PDF", "A4 landscape, two shots a page"),
               ("HTML", "HTML", "One self-contained page (pictures inlined)")])
    key_frames: IntProperty(name="Key frames", default=3, min=1, max=6,
                            description="Key frames a shot (first, middle, last for 3)")

    def check(self, context: bpy.types.Context) -> bool:
        """The file browser's name follows the chosen format."""
        path = self._path()
        changed = path != self.filepath
        self.filepath = path
        return changed

    def _path(self) -> str:
        """The name with the format's suffix. Run from a script, a name ending in .pdf or
        .html keeps it (the name says the format); in the file browser the Format menu says."""
        p = Path(self.filepath)
        known = p.suffix.lower() in (".pdf", ".html", ".htm")
        if not p.name or (known and not self.options.is_invoke):
            return self.filepath
        ext = BOARD_EXTENSIONS[self.file_format]
        if p.suffix.lower() == ext:
            return self.filepath
        return str(p.with_suffix(ext)) if known else self.filepath + ext

    _steps = None
    _timer = None

    def _start(self, context: bpy.types.Context):  # type: ignore[no-untyped-def]
        """The board's steps (`previz.addon.storyboard.board_steps`), or None after reporting
        what is wrong (nothing rendered, nothing written)."""
        from previz.agents.handoff import dialogue_beside, report_beside

        from .console import render_run
        from .storyboard import board_steps, render_roots

        scene = context.scene
        if scene is None or not len(scene.previz.shots):
            self.report({"ERROR"}, "No shots: add one in the Shots panel")
            return None
        self.filepath = self._path()
        path = Path(bpy.path.abspath(self.filepath))
        blend = Path(bpy.data.filepath) if bpy.data.filepath else None
        try:
            world = bridge.read(scene)
            prefs = settings(context if hasattr(context, "preferences") else None)
            renders = [render_run.output_dir(scene, scene.previz.render, prefs)]
            renders += [r for r in render_roots(blend, None) if r not in renders]
            return board_steps(world, scene, path, count=self.key_frames, renders=renders,
                               base_dir=blend.parent if blend else None,
                               report=report_beside(blend) if blend else None,
                               dialogue=dialogue_beside(blend) if blend else ())
        except InputError as exc:
            self.report({"ERROR"}, str(exc).splitlines()[0])
            return None

    def _done(self, said: list[str]) -> set[str]:
        for line in said:
            self.report({"INFO"}, line)
        self.report({"INFO"}, f"Storyboard written: {bpy.path.abspath(self.filepath)}")
        return {"FINISHED"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        """From the file browser in the UI: one shot a timer tick (modal, Esc cancels, progress
        on the cursor), so Blender redraws between shots; from a script or headless: blocking."""
        steps = self._start(context)
        if steps is None:
            return {"CANCELLED"}
        if bpy.app.background or context.window is None or not self.options.is_invoke:
            try:
                while True:
                    next(steps)
            except StopIteration as finished:
                return self._done(finished.value)
            except InputError as exc:
                self.report({"ERROR"}, str(exc).splitlines()[0])
                return {"CANCELLED"}
        self._steps = steps
        wm = context.window_manager
        self._timer = wm.event_timer_add(0.05, window=context.window)
        wm.progress_begin(0, max(1, len(context.scene.previz.shots)))
        wm.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context: bpy.types.Context, event: bpy.types.Event) -> set[str]:
        if event.type == "ESC" and event.value == "PRESS":
            self._stop(context)
            self.report({"WARNING"}, "Storyboard cancelled; nothing written")
            return {"CANCELLED"}
        if event.type != "TIMER" or self._steps is None:
            return {"PASS_THROUGH"}
        try:
            done, total = next(self._steps)
        except StopIteration as finished:
            self._stop(context)
            return self._done(finished.value)
        except Exception as exc:  # a failed shot ends the run with its message, no file
            self._stop(context)
            self.report({"ERROR"}, str(exc).splitlines()[0] if str(exc) else repr(exc))
            return {"CANCELLED"}
        context.window_manager.progress_update(done)
        if context.workspace is not None:
            context.workspace.status_text_set(f"Storyboard: shot {done}/{total}")
        return {"PASS_THROUGH"}

    def _stop(self, context: bpy.types.Context) -> None:
        if self._steps is not None:
            self._steps.close()
            self._steps = None
        wm = context.window_manager
        if self._timer is not None:
            wm.event_timer_remove(self._timer)
            self._timer = None
        wm.progress_end()
        if context.workspace is not None:
            context.workspace.status_text_set(None)

    def cancel(self, context: bpy.types.Context) -> None:
        """Blender ends the operator (file loaded, window closed): stop, write nothing."""
        self._stop(context)


def menu_import(self: bpy.types.Menu, context: bpy.types.Context) -> None:
    self.layout.operator(PREVIZ_OT_import_world.bl_idname, text="Previz World (.json)")


def menu_export(self: bpy.types.Menu, context: bpy.types.Context) -> None:
    self.layout.operator(PREVIZ_OT_export_world.bl_idname, text="Previz World (.json)")


CLASSES = (
    PREVIZ_OT_import_world,
    PREVIZ_OT_export_world,
    PREVIZ_OT_validate,
    PREVIZ_OT_shot_add,
    PREVIZ_OT_shot_split,
    PREVIZ_OT_shot_jump,
    PREVIZ_OT_job_monitor,
    PREVIZ_OT_job_cancel,
    PREVIZ_OT_install_runtime,
    PREVIZ_OT_doctor,
    PREVIZ_OT_storyboard,
)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_file_import.append(menu_import)
    bpy.types.TOPBAR_MT_file_export.append(menu_export)


def unregister() -> None:
    bpy.types.TOPBAR_MT_file_export.remove(menu_export)
    bpy.types.TOPBAR_MT_file_import.remove(menu_import)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
