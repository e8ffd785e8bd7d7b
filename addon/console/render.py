"""The Render panel of the director's console: backend, weights, the active shot's prompt and
render settings, Render Shot / Render All Shots with progress in the panel and the status bar,
Cancel (or Esc), Release Model, and Open for a finished render, which also appears as a movie
strip in the Video Sequencer.

The work itself is in `render_run` (a plain class driven by `step()`); the modal operator here
only calls it on timer events, so the UI never freezes: the passes are rendered one frame per
tick on the main thread, the neural render runs on a worker thread.
"""

from __future__ import annotations

from pathlib import Path

import bpy
from bpy.props import BoolProperty, EnumProperty, IntProperty, StringProperty
from bpy.types import PropertyGroup

from previz.addon.preferences import settings
from previz.neural_render.registry import backend_names
from previz.world.errors import InputError

from ..panels import PrevizPanel
from . import render_run
from .render_run import FROM_SHOT

BACKEND_ITEMS = [(FROM_SHOT, "From shot", "The shot's own backend, else the preferences' default")]
BACKEND_ITEMS += [(name, name, f"The {name} backend") for name in backend_names()]
TIMER_SECONDS = 0.02


class PREVIZ_PG_render_settings(PropertyGroup):
    """Settings of the Render panel, stored in ``Scene.previz.render``."""

    backend: EnumProperty(name="Backend", items=BACKEND_ITEMS, default=FROM_SHOT,
                          description="Video diffusion backend for Render Shot / Render All")
    weights: StringProperty(
        name="Weights", description="Diffusers folder or Hugging Face repo id already "
        "downloaded; empty: the weights folder in the preferences, else the backend's default",
    )
    output: StringProperty(
        name="Output", subtype="DIR_PATH",
        description="Where OUT/<shot>/ goes; empty: //previz/ beside the .blend (the cache "
        "folder for an unsaved file)",
    )
    channel: IntProperty(name="Channel", default=1, min=1, max=127,
                         description="Video Sequencer channel of the renders")
    side_by_side: BoolProperty(name="Side by side", default=False,
                               description="Also place condition | result on the channel above")


def _report_error(operator: bpy.types.Operator, exc: Exception) -> set[str]:
    text = str(exc).splitlines()[0] if isinstance(exc, InputError) else f"{exc}"
    operator.report({"ERROR"}, text)
    return {"CANCELLED"}


class PREVIZ_OT_render_shots(bpy.types.Operator):
    """Render the active shot (or every shot): passes, then the neural render; the result goes
    into the Video Sequencer. Esc cancels"""

    bl_idname = "previz.render_shots"
    bl_label = "Render Shots"
    bl_options = {"REGISTER", "UNDO"}

    # Hidden: not offered in the redo panel, where changing it would re-run a long render.
    all: BoolProperty(name="All shots", default=False, options={"SKIP_SAVE", "HIDDEN"})
    changed: BoolProperty(name="Changes only", default=False, options={"SKIP_SAVE", "HIDDEN"})
    _timer = None

    @classmethod
    def description(cls, context, properties):  # type: ignore[no-untyped-def]
        if properties.changed:
            return ("Re-render what changed since the shot's last render: new passes, then only "
                    "the pixels and frames whose conditions differ are regenerated")
        if properties.all:
            return "Render every shot: passes, then the neural render, one shot after the other"
        return "Render the active shot: passes, then the neural render"

    def _start(self, context: bpy.types.Context, blocking: bool) -> render_run.RenderRun | None:
        run = render_run.active_run()
        if run is not None and not run.finished:
            self.report({"ERROR"}, "A render is already running; cancel it first")
            return None
        try:
            plan = render_run.plan_run(context, self.all, changed=self.changed)
        except InputError as exc:
            _report_error(self, exc)
            return None
        run = render_run.RenderRun(plan, blocking=blocking)
        render_run.set_active_run(run)
        return run

    def _result(self, run: render_run.RenderRun) -> set[str]:
        if run.state == "failed":
            self.report({"ERROR"}, run.error)
            return {"CANCELLED"}
        if run.state == "cancelled":
            self.report({"WARNING"}, run.message)
            return {"CANCELLED"}
        self.report({"INFO"}, run.message)
        return {"FINISHED"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        """Blocking (headless, or called from a script): progress lines on stdout."""
        run = self._start(context, blocking=True)
        if run is None:
            return {"CANCELLED"}
        run.run_blocking()
        return self._result(run)

    def invoke(self, context: bpy.types.Context, event: bpy.types.Event) -> set[str]:
        if bpy.app.background or context.window is None:
            return self.execute(context)
        run = self._start(context, blocking=False)
        if run is None:
            return {"CANCELLED"}
        self._timer = context.window_manager.event_timer_add(TIMER_SECONDS,
                                                             window=context.window)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context: bpy.types.Context, event: bpy.types.Event) -> set[str]:
        run = render_run.active_run()
        if run is None:
            return self._finish(context, None)
        if event.type == "ESC" and event.value == "PRESS":
            run.cancel()
        if event.type == "TIMER":
            run.step()
            if context.workspace is not None:
                context.workspace.status_text_set(run.status_text())
            for area in context.screen.areas if context.screen else []:
                area.tag_redraw()
            if run.finished:
                return self._finish(context, run)
        return {"PASS_THROUGH"}

    def _finish(self, context: bpy.types.Context, run: render_run.RenderRun | None) -> set[str]:
        if self._timer is not None:
            context.window_manager.event_timer_remove(self._timer)
            self._timer = None
        if context.workspace is not None:
            context.workspace.status_text_set(None)
        return {"CANCELLED"} if run is None else self._result(run)

    def cancel(self, context: bpy.types.Context) -> None:
        """Blender ends the operator (file loaded, window closed): stop the run."""
        run = render_run.active_run()
        if run is not None and not run.finished:
            run.cancel()
            while run.step():  # the passes generator closes; the job stops at its next step
                if run.job is not None:
                    run.job.wait(0.1)
        if self._timer is not None:
            context.window_manager.event_timer_remove(self._timer)
            self._timer = None

    @classmethod
    def unregister(cls) -> None:
        """Unregistering the extension frees the kept model."""
        run = render_run.active_run()
        if run is not None and not run.finished:
            run.cancel()
        render_run.set_active_run(None)
        render_run.release_renderer()


class PREVIZ_OT_render_cancel(bpy.types.Operator):
    """Stop the running render at its next frame or denoising step; nothing half-written is
    left"""

    bl_idname = "previz.render_cancel"
    bl_label = "Cancel Render"

    def execute(self, context: bpy.types.Context) -> set[str]:
        run = render_run.active_run()
        if run is None or run.finished:
            self.report({"WARNING"}, "No render is running")
            return {"CANCELLED"}
        run.cancel()
        return {"FINISHED"}


class PREVIZ_OT_render_release(bpy.types.Operator):
    """Free the kept video model and the (V)RAM it holds; the next render loads it again"""

    bl_idname = "previz.render_release"
    bl_label = "Release Model"

    def execute(self, context: bpy.types.Context) -> set[str]:
        run = render_run.active_run()
        if run is not None and not run.finished:
            self.report({"ERROR"}, "A render is running; cancel it before releasing the model")
            return {"CANCELLED"}
        if render_run.release_renderer():
            self.report({"INFO"}, "Released the video model")
        else:
            self.report({"INFO"}, "No model was loaded")
        return {"FINISHED"}


def rendered_path(context: bpy.types.Context, shot_id: str) -> Path | None:
    """The shot's ``render.mp4`` if it was rendered, else its render folder, else None."""
    scene = context.scene
    prefs = settings(context if hasattr(context, "preferences") else None)
    out = render_run.output_dir(scene, scene.previz.render, prefs) / shot_id
    for path in (out / "render" / "render.mp4", out / "render"):
        if path.exists():
            return path
    return None


class PREVIZ_OT_render_open(bpy.types.Operator):
    """Play the shot's render (render.mp4) with the system's player, or open its folder"""

    bl_idname = "previz.render_open"
    bl_label = "Open Render"

    index: IntProperty(default=-1, options={"SKIP_SAVE"})
    folder: BoolProperty(name="Folder", default=False, options={"SKIP_SAVE"},
                         description="Open the render folder instead of playing the MP4")

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        if scene is None:
            self.report({"ERROR"}, "No scene")
            return {"CANCELLED"}
        shots = scene.previz.shots
        index = self.index if self.index >= 0 else scene.previz.active_shot
        if not 0 <= index < len(shots):
            self.report({"ERROR"}, "No such shot")
            return {"CANCELLED"}
        path = rendered_path(context, shots[index].id)
        if path is None:
            self.report({"ERROR"}, f"Shot {shots[index].id!r} has not been rendered yet")
            return {"CANCELLED"}
        if self.folder and path.is_file():
            path = path.parent
        self.report({"INFO"}, str(path))
        if not bpy.app.background:
            bpy.ops.wm.path_open(filepath=str(path))
        return {"FINISHED"}


def draw_run(layout: bpy.types.UILayout, run: render_run.RenderRun) -> None:
    """The running render: a progress bar (stage, shot i/n) and Cancel."""
    box = layout.box()
    fraction, text = run.progress()
    row = box.row()
    if hasattr(row, "progress"):
        row.progress(factor=fraction, type="BAR", text=text)
    else:  # pragma: no cover - Blender < 4.0
        row.label(text=f"{fraction * 100:.0f}% {text}")
    box.operator("previz.render_cancel", text="Cancel", icon="CANCEL")


class PREVIZ_PT_render(PrevizPanel, bpy.types.Panel):
    bl_label = "Render"
    bl_order = 5

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        panel = scene.previz.render
        run = render_run.active_run()
        running = run is not None and not run.finished
        col = layout.column()
        col.prop(panel, "backend")
        col.prop(panel, "weights")
        col.prop(panel, "output")
        row = col.row(align=True)
        row.prop(panel, "channel")
        row.prop(panel, "side_by_side")

        shots = scene.previz.shots
        if not len(shots):
            layout.label(text="No shots: add one in the Shots panel", icon="INFO")
        elif 0 <= scene.previz.active_shot < len(shots):
            shot = shots[scene.previz.active_shot]
            box = layout.box()
            box.label(text=f"Shot {shot.id}", icon="SEQUENCE")
            box.prop(shot, "prompt")
            box.prop(shot, "negative_prompt")
            grid = box.grid_flow(columns=2, align=True)
            grid.prop(shot, "seed")
            grid.prop(shot.render, "steps")
            box.prop(shot.render, "control", text="Control pass")
            marker = scene.timeline_markers.get(shot.id)
            has_camera = (marker is not None and marker.camera is not None) or any(
                o.previz.role == "CAMERA" and o.previz.id == shot.camera for o in scene.objects)
            if not has_camera:
                box.label(text=f"Shot {shot.id} has no camera: bind one to its marker",
                          icon="ERROR")

        row = layout.row(align=True)
        row.enabled = not running and bool(len(shots))
        row.operator("previz.render_shots", text="Render Shot", icon="RENDER_ANIMATION").all = \
            False
        row.operator("previz.render_shots", text="Render All Shots", icon="SEQUENCE").all = True
        if running:
            draw_run(layout, run)
        elif run is not None and run.message:
            layout.label(text=run.message, icon="ERROR" if run.state == "failed" else "INFO")

        row = layout.row(align=True)
        active = scene.previz.active_shot
        if not running and 0 <= active < len(shots) and rendered_path(context, shots[active].id):
            op = row.operator("previz.render_shots", text="Re-render Changes", icon="FILE_REFRESH")
            op.changed = True
            row.operator("previz.render_open", text="Open", icon="PLAY")
            row.operator("previz.render_open", text="", icon="FILE_FOLDER").folder = True
        row.operator("previz.render_release", icon="UNLINKED")

        row = layout.row(align=True)  # the hand-off: a storyboard of every shot
        row.enabled = not running and bool(len(shots))
        row.operator("previz.storyboard", text="Storyboard", icon="DOCUMENTS")


SETTINGS = PREVIZ_PG_render_settings
PROPERTY_GROUPS: tuple[type, ...] = ()
CLASSES: tuple[type, ...] = (
    PREVIZ_OT_render_shots,
    PREVIZ_OT_render_cancel,
    PREVIZ_OT_render_release,
    PREVIZ_OT_render_open,
    PREVIZ_PT_render,
)
