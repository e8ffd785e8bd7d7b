"""The Director panel headless: Generate, Refine (selection only), the report list and Show,
Fix problems, undo after Generate, rollback of a failed Generate, and the panel's draw in each
state."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import bpy
import pytest

from previz.addon import jobs
from previz.addon.bridge import read
from previz.addon.console import director

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"
TEXT = "a kitchen with a table and two chairs; a woman walks to the table"


class Recorder(SimpleNamespace):
    """A layout stand-in for a UI list row: records calls, returns itself."""

    def __init__(self, calls: list) -> None:
        super().__init__()
        self.__dict__["calls"] = calls

    def __getattr__(self, name: str):
        def call(*args, **kwargs):
            self.calls.append((name, args, kwargs))
            return self

        return call


def _import(path: Path = ROOM) -> None:
    assert bpy.ops.previz.import_world(filepath=str(path)) == {"FINISHED"}


def _overlapping_room(tmp_path: Path) -> Path:
    """The room example with the coffee table pushed into the sofa."""
    data = json.loads(ROOM.read_text())
    for e in data["entities"]:
        if e["id"] == "table":
            e["transform"]["location"] = [0.3, 1.8, 0.0]
    out = tmp_path / "overlap.json"
    out.write_text(json.dumps(data))
    return out


def _poses(scene: bpy.types.Scene) -> dict[str, tuple]:
    return {o.name: (tuple(o.location), tuple(o.rotation_euler), tuple(o.scale))
            for o in scene.objects}


def test_generate_builds_entities_cameras_and_shots(enabled) -> None:
    _import()  # something to replace
    enabled.previz.director.text = TEXT
    assert bpy.ops.previz.director_generate() == {"FINISHED"}
    world = read(enabled)
    ids = {e.id for e in world.entities}
    assert {"table", "chair-1", "chair-2", "woman"} <= ids
    assert "sofa" not in ids and "mara" not in bpy.data.objects  # replaced, not added to
    assert world.cameras and world.shots
    assert enabled.timeline_markers[world.shots[0].id].camera.name == world.shots[0].camera
    s = enabled.previz.director
    assert s.checked and s.status.startswith("Generated (offline)")


def test_planning_and_checking_run_on_a_worker_thread() -> None:
    """What the Director's jobs run touches no bpy: it works on a plain worker thread."""
    from previz.addon.console.director_agents import generate, report_rows

    job = jobs.Job(lambda progress: report_rows(generate(TEXT, progress=progress).world),
                   "Generate").start()
    assert job.wait(120) and job.state == "done", job.error
    assert isinstance(job.result, list)
    assert job.progress.snapshot()[0] == 1.0


def test_generate_reads_a_text_block_and_refuses_an_empty_text(enabled) -> None:
    with pytest.raises(RuntimeError, match="Type what should happen"):
        bpy.ops.previz.director_generate()
    text = bpy.data.texts.new("scene")
    text.write("a garden with a bench\nand a dog")
    enabled.previz.director.use_text_block = True
    enabled.previz.director.text_block = text
    assert bpy.ops.previz.director_generate() == {"FINISHED"}
    ids = {e.id for e in read(enabled).entities}
    assert "bench" in ids and "dog" in ids


def test_undo_restores_the_scene_after_generate(enabled) -> None:
    _import()
    before = read(enabled).canonical_json()
    bpy.ops.ed.undo_push(message="before")
    enabled = bpy.context.scene
    enabled.previz.director.text = TEXT
    bpy.ops.previz.director_generate("EXEC_DEFAULT", True)
    assert "woman" in bpy.data.objects
    bpy.ops.ed.undo()
    assert "woman" not in bpy.data.objects
    assert read(bpy.context.scene).canonical_json() == before


def test_a_failed_generate_leaves_the_scene_as_it_was(enabled, monkeypatch) -> None:
    _import()
    before = read(enabled).canonical_json()
    names = sorted(o.name for o in bpy.data.objects)
    from previz.addon import bridge

    real = bridge.build

    def half_then_fail(world, scene, **kw):
        real(world, scene, **kw)
        raise RuntimeError("disk full")

    monkeypatch.setattr(bridge, "build", half_then_fail)
    enabled.previz.director.text = TEXT
    with pytest.raises(RuntimeError, match="disk full"):
        bpy.ops.previz.director_generate()
    assert sorted(o.name for o in bpy.data.objects) == names
    assert read(enabled).canonical_json() == before


def test_refine_selection_only_leaves_unselected_objects_exactly(enabled) -> None:
    _import()
    before = read(enabled)
    poses = _poses(enabled)
    for obj in bpy.data.objects:
        obj.select_set(False)
    bpy.data.objects["table"].select_set(True)
    s = enabled.previz.director
    s.text, s.selection_only = "a living room with a sofa and a table", True
    assert bpy.ops.previz.director_refine() == {"FINISHED"}
    after = read(enabled)
    assert "changed table" in s.status
    old = {e.id: e for e in before.entities}
    new = {e.id: e for e in after.entities}
    assert set(new) == set(old)  # nothing added with a selection
    assert new["table"] != old["table"]
    for i in old:
        if i != "table":
            assert new[i] == old[i], i
    assert after.cameras == before.cameras and after.lights == before.lights
    assert after.shots == before.shots
    after_poses = _poses(enabled)
    for name, pose in poses.items():
        if name != "table" and not name.startswith("table:"):
            assert after_poses[name] == pose, name


def test_report_list_and_show_problem(enabled, tmp_path: Path) -> None:
    _import(_overlapping_room(tmp_path))
    assert bpy.ops.previz.director_check() == {"FINISHED"}
    s = enabled.previz.director
    rows = [(p.severity, p.kind, p.entity, p.frame) for p in s.problems]
    assert ("ERROR", "interpenetration", "sofa", 1) in rows
    index = next(i for i, p in enumerate(s.problems) if p.kind == "subject_out_of_frame")
    problem = s.problems[index]
    enabled.frame_set(1)
    assert bpy.ops.previz.director_show_problem(index=index) == {"FINISHED"}
    assert enabled.frame_current == problem.frame > 1
    assert bpy.context.view_layer.objects.active.name == problem.entity
    assert [o.name for o in bpy.context.selected_objects] == [problem.entity]
    with pytest.raises(RuntimeError, match="No such problem"):
        bpy.ops.previz.director_show_problem(index=99)


def test_fix_problems_reduces_the_problem_count(enabled, tmp_path: Path) -> None:
    _import(_overlapping_room(tmp_path))
    bpy.ops.previz.director_check()
    s = enabled.previz.director
    before = len(s.problems)
    sofa = next(e for e in read(enabled).entities if e.id == "sofa")
    assert bpy.ops.previz.director_fix() == {"FINISHED"}
    assert len(s.problems) < before
    assert "interpenetration" not in {p.kind for p in s.problems}
    assert s.status.startswith(f"Fixed: {before} → {len(s.problems)}") and "table" in s.status
    world = read(enabled)
    moved = {e.id: e for e in world.entities}
    assert moved["table"].transform.location != (0.3, 1.8, 0.0)
    assert moved["sofa"] == sofa


def test_fix_refuses_a_result_for_a_scene_that_changed_meanwhile(enabled, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """In the UI the scene can be edited while the job runs: the result is then not applied."""
    from previz.agents import refine

    _import(_overlapping_room(tmp_path))
    real = refine.repair

    def edit_meanwhile(world, seed=0, progress=None):
        bpy.data.objects["mara"].location.x = -1.5  # the person keeps working
        return real(world, seed)

    monkeypatch.setattr(refine, "repair", edit_meanwhile)
    with pytest.raises(RuntimeError, match="scene changed while the agents worked"):
        bpy.ops.previz.director_fix()
    world = read(enabled)
    assert next(e for e in world.entities if e.id == "table").transform.location == \
        pytest.approx((0.3, 1.8, 0.0))
    assert next(e for e in world.entities if e.id == "mara").transform.location[0] == -1.5


def test_fix_with_nothing_to_fix_changes_nothing(enabled, tmp_path: Path) -> None:
    data = json.loads(ROOM.read_text())
    data["shots"], data["cameras"] = [], []
    data["relations"] = [r for r in data["relations"] if r["type"] != "facing"]
    path = tmp_path / "clean.json"
    path.write_text(json.dumps(data))
    _import(path)
    before = read(enabled).canonical_json()
    with pytest.raises(RuntimeError, match="finds no problems"):
        bpy.ops.previz.director_fix()
    assert read(enabled).canonical_json() == before


def test_fix_refuses_what_it_cannot_repair_and_changes_nothing(enabled) -> None:
    _import()  # the room example: only framing problems, which Fix does not move cameras for
    before = read(enabled).canonical_json()
    with pytest.raises(RuntimeError, match="no automatic fix reduced the problems"):
        bpy.ops.previz.director_fix()
    assert read(enabled).canonical_json() == before


def test_director_panel_draws_in_every_state(enabled, draw_panel, monkeypatch) -> None:
    panel = director.PREVIZ_PT_director
    assert ("label", (), {"text": "No scene"}) in draw_panel(
        panel, SimpleNamespace(scene=None, active_object=None))
    empty = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert ("prop", (enabled.previz.director, "text"), {"text": ""}) in empty
    assert not any(c[0] == "template_list" for c in empty)
    _import()
    bpy.ops.previz.director_check()
    filled = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert any(c[0] == "template_list" and c[1][0] == "PREVIZ_UL_director_problems"
               for c in filled)
    enabled.previz.director.use_text_block = True
    assert any(c[0] == "template_ID" for c in draw_panel(
        panel, SimpleNamespace(scene=enabled, active_object=None)))
    icons = {i.identifier for i in
             bpy.types.UILayout.bl_rna.functions["label"].parameters["icon"].enum_items}
    used = {c[2]["icon"] for c in filled if "icon" in c[2]}
    assert used and used <= icons, used - icons  # Blender refuses unknown icon names
    job = jobs.Job(lambda progress: None, "Generate")
    job.state = "running"
    monkeypatch.setattr(jobs.JOBS, "running", lambda: [job])
    running = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert any(c[0] == "operator" and c[1] == ("previz.job_cancel",) for c in running)



def test_problem_row_draws_severity_entity_frame_message_and_show(enabled) -> None:
    _import()
    bpy.ops.previz.director_check()
    calls: list = []
    item = enabled.previz.director.problems[0]
    director.PREVIZ_UL_director_problems.draw_item(
        None, None, Recorder(calls), None, item, 0, None, "", index=0)
    labels = [c[2].get("text") for c in calls if c[0] == "label"]
    assert labels == [item.entity, f"f{item.frame}", item.message]
    assert ("operator", ("previz.director_show_problem",),
            {"text": "", "icon": "HIDE_OFF"}) in calls
