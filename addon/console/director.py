"""The Director panel: the director's text, Generate / Refine, the supervisor's report as a
list (click a problem to select its entity and jump to its frame), Fix problems.

Every action plans or checks on the worker thread (`start_job`) from a snapshot taken here on the
main thread — the text, the settings, the scene read as a World — and applies its result in
``on_done`` as one undo step: Generate replaces the scene's Previz content
(`director_apply.replace_content`, which restores the scene if the build fails); Refine and Fix
apply their World the same way, and refuse when the scene changed while they ran. The pure work
is in `director_agents` and `previz.agents.refine` (merge, repair).
"""

from __future__ import annotations

import bpy
from bpy.props import (
    BoolProperty,
    CollectionProperty,
    IntProperty,
    PointerProperty,
    StringProperty,
)
from bpy.types import PropertyGroup

from ..jobs import JOBS
from ..panels import PrevizPanel, draw_jobs
from . import director_apply as apply

SEVERITY_ICON = {"ERROR": "ERROR", "WARNING": "INFO"}


class PREVIZ_PG_director_problem(PropertyGroup):
    """One row of the supervisor's report."""

    severity: StringProperty(name="Severity")
    kind: StringProperty(name="Kind")
    entity: StringProperty(name="Entity")
    frame: IntProperty(name="Frame")
    message: StringProperty(name="Message")


class PREVIZ_PG_director_settings(PropertyGroup):
    """Settings of the Director panel, stored in ``Scene.previz.director``."""

    text: StringProperty(name="Text", description="What should happen, in plain words")
    use_text_block: BoolProperty(
        name="Use a Text", description="Read the director's text from a Text datablock (the Text "
        "Editor), for texts longer than one line")
    text_block: PointerProperty(name="Text", type=bpy.types.Text)
    seed: IntProperty(name="Seed", min=0, description="Layout seed: same text and seed, same "
                      "scene")
    selection_only: BoolProperty(
        name="Selection only", description="Refine changes only the selected entities, cameras "
        "and lights; everything else stays exactly as it is")
    problems: CollectionProperty(type=PREVIZ_PG_director_problem)
    active_problem: IntProperty(name="Problem")
    checked: BoolProperty(name="Checked", description="The report below is filled")
    status: StringProperty(name="Status", description="What the last action did")
    plan: StringProperty(name="Plan", options={"HIDDEN"}, description="The plan (JSON) the "
                         "scene was last generated or refined from: Refine sends it, with the "
                         "scene, to the model, which edits it instead of planning anew")


def director_text(scene: bpy.types.Scene) -> str:
    """The text the director typed: the Text datablock when chosen, else the field, else the
    World's description."""
    s = scene.previz.director
    if s.use_text_block and s.text_block is not None:
        return s.text_block.as_string().strip()
    return s.text.strip() or scene.previz.description.strip()


def _llm(context: bpy.types.Context):  # type: ignore[no-untyped-def]
    from previz.agents.llm.client import vision_from_env

    from ..preferences import settings
    from .director_agents import LLM

    prefs = settings(context)
    return LLM(prefs.llm_base_url, prefs.llm_model, prefs.llm_api_key,
               vision=vision_from_env())


def _stored_plan(scene: bpy.types.Scene):  # type: ignore[no-untyped-def]
    """The plan kept by the last Generate/Refine, or None (a scene made otherwise, or a plan
    that no longer validates: Refine then plans anew and merges, as without a model)."""
    from pydantic import ValidationError

    from previz.agents.plan import ScenePlan

    raw = scene.previz.director.plan
    if not raw:
        return None
    try:
        return ScenePlan.model_validate_json(raw)
    except (ValidationError, ValueError):
        return None


def fill_report(scene: bpy.types.Scene, rows: list[dict]) -> None:
    s = scene.previz.director
    s.problems.clear()
    for row in rows:
        item = s.problems.add()
        item.severity, item.kind, item.entity = row["severity"], row["kind"], row["entity"]
        item.frame, item.message = row["frame"], row["message"]
    s.active_problem = 0
    s.checked = True


def _read(operator: bpy.types.Operator, scene: bpy.types.Scene):  # type: ignore[no-untyped-def]
    from previz.world import InputError

    from ..bridge import read

    try:
        return read(scene)
    except InputError as exc:
        operator.report({"ERROR"}, f"The scene is not a valid Previz World: {exc}")
        return None


def _unchanged(scene: bpy.types.Scene, digest: str) -> None:
    """Refuse to apply a result computed from a scene that has changed since."""
    from previz.world import InputError

    from ..bridge import read

    if read(scene).content_hash() != digest:
        raise InputError("the scene changed while the agents worked; nothing was applied — "
                         "run it again")


class PREVIZ_OT_director_generate(bpy.types.Operator):
    """Plan a scene from the director's text and build it, replacing the scene's Previz content
    (one undo step)"""

    bl_idname = "previz.director_generate"
    bl_label = "Generate"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from .director_agents import generate, report_rows

        scene = context.scene
        text, seed, llm = director_text(scene), scene.previz.director.seed, _llm(context)
        if not text:
            self.report({"ERROR"}, "Type what should happen first (the director's text)")
            return {"CANCELLED"}
        scene_name = scene.name

        def work(progress):  # type: ignore[no-untyped-def]
            result = generate(text, seed, llm, progress=progress)
            return result, report_rows(result.world)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            result, rows = job.result
            target = bpy.data.scenes[scene_name]
            warnings: list[str] = []
            apply.replace_content(target, result.world, report=warnings)
            fill_report(target, rows)
            w = result.world
            target.previz.director.plan = result.plan.model_dump_json() if result.plan else ""
            target.previz.director.status = (
                f"Generated ({result.planner}): {len(w.entities)} entities, {len(w.cameras)} "
                f"cameras, {len(w.shots)} shots; {len(rows)} problem(s)"
                + "".join(f"; {n}" for n in result.notes))
            apply.undo_step("Previz: Generate")

        return _run(self, work, "Generate", done)


def _run(operator, work, name, done) -> set[str]:  # type: ignore[no-untyped-def]
    from ..operators import start_job

    result = start_job(operator, work, name, on_done=done)
    if bpy.app.background and result == {"FINISHED"}:
        status = bpy.context.scene.previz.director.status
        if status:
            operator.report({"INFO"}, status)
    return result


class PREVIZ_OT_director_refine(bpy.types.Operator):
    """Change the current scene by the director's text: with a model, it is sent the scene and
    the plan it was made from and edits that plan; without, the text is planned again and
    merged. What changed is updated (only the selection, with Selection only), the rest is
    kept exactly"""

    bl_idname = "previz.director_refine"
    bl_label = "Refine"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from .director_agents import refine, report_rows

        scene = context.scene
        s = scene.previz.director
        text = director_text(scene)
        if not text:
            self.report({"ERROR"}, "Type what should happen first (the director's text)")
            return {"CANCELLED"}
        current = _read(self, scene)
        if current is None:
            return {"CANCELLED"}
        editable = apply.selected_ids(context) if s.selection_only else None
        if editable is not None and not editable:
            self.report({"ERROR"}, "Selection only is on and nothing Previz is selected")
            return {"CANCELLED"}
        seed, llm, digest, scene_name = s.seed, _llm(context), current.content_hash(), scene.name
        previous = _stored_plan(scene)

        def work(progress):  # type: ignore[no-untyped-def]
            merged, planned = refine(current, text, editable, seed, llm, progress=progress,
                                     previous=previous)
            return merged, planned, report_rows(merged.world)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            merged, planned, rows = job.result
            planner = planned.planner
            target = bpy.data.scenes[scene_name]
            _unchanged(target, digest)
            if merged.world.content_hash() != digest:
                apply.replace_content(target, merged.world)
            fill_report(target, rows)
            text = (f"Refined ({planner}): changed {', '.join(merged.changed) or 'nothing'}; "
                    f"added {', '.join(merged.added) or 'nothing'}"
                    + (f"; removed {', '.join(merged.removed)}" if merged.removed else ""))
            if merged.moved_apart:
                text += f"; kept apart: {merged.moved_apart}"
            if llm.enabled:
                text += ("; the model edited the scene's plan" if previous is not None else
                         "; no plan of this scene was kept, so the model planned anew")
            text += "".join(f"; {n}" for n in planned.notes)
            if previous is not None and llm.enabled and planned.plan is not None:
                target.previz.director.plan = planned.plan.model_dump_json()
            target.previz.director.status = text
            apply.undo_step("Previz: Refine")

        return _run(self, work, "Refine", done)


class PREVIZ_OT_director_check(bpy.types.Operator):
    """Run the supervisor (as `previz check`) on the scene and list its problems"""

    bl_idname = "previz.director_check"
    bl_label = "Check"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from .director_agents import report_rows

        scene = context.scene
        world = _read(self, scene)
        if world is None:
            return {"CANCELLED"}
        scene_name = scene.name

        def work(progress):  # type: ignore[no-untyped-def]
            progress(0.1, "checking")
            return report_rows(world)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            target = bpy.data.scenes[scene_name]
            fill_report(target, job.result)
            n = len(job.result)
            target.previz.director.status = f"Check: {n} problem(s)" if n else "Check: ok"

        return _run(self, work, "Check", done)


class PREVIZ_OT_director_show_problem(bpy.types.Operator):
    """Select the problem's entity and jump to its frame"""

    bl_idname = "previz.director_show_problem"
    bl_label = "Show Problem"
    bl_options = {"REGISTER", "UNDO"}

    index: IntProperty(name="Problem", default=-1, description="-1: the active row")

    def execute(self, context: bpy.types.Context) -> set[str]:
        scene = context.scene
        s = scene.previz.director
        index = s.active_problem if self.index < 0 else self.index
        if not 0 <= index < len(s.problems):
            self.report({"ERROR"}, "No such problem in the report (run Check)")
            return {"CANCELLED"}
        row = s.problems[index]
        s.active_problem = index
        obj = apply.object_of(scene, row.entity)
        if obj is None:
            self.report({"ERROR"}, f"{row.entity!r} is no longer in the scene (run Check again)")
            return {"CANCELLED"}
        for other in context.view_layer.objects:
            other.select_set(False)
        if obj.name in context.view_layer.objects:
            obj.select_set(True)
            context.view_layer.objects.active = obj
        if row.frame > 0:
            scene.frame_set(row.frame)
        return {"FINISHED"}


class PREVIZ_OT_director_fix(bpy.types.Operator):
    """Fix the layout problems the supervisor finds: move the entities it blames to the nearest
    valid spot (the layout solver, everything else fixed); one undo step"""

    bl_idname = "previz.director_fix"
    bl_label = "Fix Problems"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context: bpy.types.Context) -> set[str]:
        from previz.agents.refine import repair

        from .director_agents import report_rows

        scene = context.scene
        world = _read(self, scene)
        if world is None:
            return {"CANCELLED"}
        seed, digest, scene_name = scene.previz.director.seed, world.content_hash(), scene.name

        def work(progress):  # type: ignore[no-untyped-def]
            fixed = repair(world, seed, progress=progress)
            return fixed, report_rows(fixed.world)

        def done(job) -> None:  # type: ignore[no-untyped-def]
            if job.state != "done":
                return
            fixed, rows = job.result
            target = bpy.data.scenes[scene_name]
            _unchanged(target, digest)
            apply.replace_content(target, fixed.world)
            fill_report(target, rows)
            target.previz.director.status = (
                f"Fixed: {fixed.before} → {fixed.after} problem(s); {fixed.summary}")
            apply.undo_step("Previz: Fix problems")

        return _run(self, work, "Fix problems", done)


class PREVIZ_UL_director_problems(bpy.types.UIList):
    """The supervisor's report: severity, entity, frame, message; the eye button shows it."""

    def draw_item(self, context, layout, data, item, icon, active_data, active_property,  # type: ignore[no-untyped-def]
                  index=0, flt_flag=0):
        row = layout.row(align=True)
        row.label(text=item.entity or "—", icon=SEVERITY_ICON.get(item.severity, "INFO"))
        row.label(text=f"f{item.frame}" if item.frame else "")
        row.label(text=item.message)
        op = row.operator("previz.director_show_problem", text="", icon="HIDE_OFF")
        op.index = index


class PREVIZ_PT_director(PrevizPanel, bpy.types.Panel):
    bl_label = "Director"
    bl_order = 0

    def draw(self, context: bpy.types.Context) -> None:
        layout = self.layout
        draw_jobs(layout)
        scene = context.scene
        if scene is None:
            layout.label(text="No scene")
            return
        s = scene.previz.director
        layout.prop(s, "use_text_block")
        if s.use_text_block:
            layout.template_ID(s, "text_block", new="text.new", open="text.open")
        else:
            layout.prop(s, "text", text="")
        busy = bool(JOBS.running())  # one agent job at a time: its result must fit the scene
        row = layout.row(align=True)
        row.enabled = not busy
        row.operator("previz.director_generate", icon="PLAY")
        row.operator("previz.director_refine", icon="MODIFIER")
        row = layout.row(align=True)
        row.prop(s, "selection_only")
        row.prop(s, "seed")
        if s.status:
            layout.label(text=s.status)
        box = layout.box()
        row = box.row(align=True)
        n = len(s.problems)
        row.label(text=f"Report: {n} problem(s)" if s.checked else "Report: not checked",
                  icon="ERROR" if n else "CHECKMARK")
        row.operator("previz.director_check", text="", icon="FILE_REFRESH")
        if n:
            box.template_list("PREVIZ_UL_director_problems", "", s, "problems", s,
                              "active_problem", rows=4)
            row = box.row(align=True)
            row.operator("previz.director_show_problem", text="Show", icon="HIDE_OFF")
            row = row.row(align=True)
            row.enabled = not busy
            row.operator("previz.director_fix", icon="TOOL_SETTINGS")


SETTINGS = PREVIZ_PG_director_settings
PROPERTY_GROUPS: tuple[type, ...] = (PREVIZ_PG_director_problem,)
CLASSES: tuple[type, ...] = (
    PREVIZ_OT_director_generate,
    PREVIZ_OT_director_refine,
    PREVIZ_OT_director_check,
    PREVIZ_OT_director_show_problem,
    PREVIZ_OT_director_fix,
    PREVIZ_UL_director_problems,
    PREVIZ_PT_director,
)
