"""The Scene & assets panel headless: search with thumbnails, placement on a table top, refusal
of an occupied spot, re-solve of the selection only, and the panel's draw in every state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import bpy
import pytest

from previz.addon import jobs
from previz.addon.bridge import read
from previz.addon.console import scene_assets

ROOT = Path(__file__).resolve().parents[2]
ROOM = ROOT / "examples" / "two_characters_room.json"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Iterator[Path]:
    """A private data folder (the default index with the starter library is built there once
    for this module) and cache folder (thumbnails)."""
    root = tmp_path_factory.mktemp("library")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREVIZ_DATA_DIR", str(root / "data"))
        mp.setenv("PREVIZ_CACHE", str(root / "cache"))
        yield root


def _import(path: Path = ROOM) -> None:
    assert bpy.ops.previz.import_world(filepath=str(path)) == {"FINISHED"}


def _search(scene, query: str, size: str = "ANY", support: str = "ANY", count: int = 4) -> list:
    s = scene.previz.assets
    s.query, s.size_class, s.support, s.count = query, size, support, count
    assert bpy.ops.previz.asset_search() == {"FINISHED"}
    return list(s.results)


def _state(scene) -> tuple:
    return (read(scene).canonical_json(), sorted(o.name for o in bpy.data.objects))


@pytest.mark.slow  # the first search builds the starter library into the private data folder
def test_search_fills_results_with_thumbnail_files(enabled, library) -> None:
    results = _search(enabled, "chair", size="MEDIUM", support="floor")
    assert 1 <= len(results) <= 4
    for item in results:
        assert item.support == "floor" and 0.5 <= max(item.size) < 1.5
        thumb = Path(item.thumbnail)
        assert thumb.is_file() and thumb.parent == library / "cache" / "thumbnails"
        assert thumb.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # Loaded into the panel's preview collection (icon ids are 0 headless: no icons).
        preview = scene_assets.previews()[item.thumbnail]
        assert tuple(preview.image_size) == (96, 96)
    assert "chair" in results[0].category
    # A second search draws nothing new: thumbnails are cached by asset id and file stamp.
    stamps = {p: p.stat().st_mtime_ns for p in (library / "cache" / "thumbnails").iterdir()}
    _search(enabled, "chair", size="MEDIUM", support="floor")
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    with pytest.raises(RuntimeError, match="Type what to search for"):
        _search(enabled, "  ")


def test_place_on_a_table_lands_on_its_top(enabled, library) -> None:
    _import()
    results = _search(enabled, "vase", size="SMALL", support="on_object", count=1)
    enabled.cursor.location = (-0.3, 1.0, 0.0)  # over the coffee table (top at 0.45 m)
    assert bpy.ops.previz.asset_place() == {"FINISHED"}
    world = read(enabled)
    placed = [e for e in world.entities if e.asset.id == results[0].asset_id]
    assert len(placed) == 1
    e = placed[0]
    assert e.transform.location == pytest.approx((-0.3, 1.0, 0.45), abs=1e-4)
    assert e.asset.size == pytest.approx(tuple(results[0].size), abs=1e-4)
    assert any(r.type == "on" and r.subject == e.id and r.target == "table"
               for r in world.relations)
    assert f"Placed {e.id} on table" in enabled.previz.assets.status
    # Again at the same spot, casting from just above the table top (not from above the vase
    # now standing there): the first vase is in the way.
    enabled.cursor.location = (-0.3, 1.0, 0.5)
    enabled.previz.assets.ray_height = 0.0
    before = _state(enabled)
    with pytest.raises(RuntimeError, match=f"would interpenetrate {e.id}"):
        bpy.ops.previz.asset_place()
    assert _state(enabled) == before


def test_place_with_nothing_under_the_cursor_stands_on_the_ground(enabled, library) -> None:
    _search(enabled, "chair", size="MEDIUM", support="floor", count=1)
    enabled.cursor.location = (5.0, -3.0, 0.0)
    assert bpy.ops.previz.asset_place() == {"FINISHED"}
    (e,) = read(enabled).entities
    assert e.transform.location == pytest.approx((5.0, -3.0, 0.0))
    assert enabled.previz.assets.status.startswith(f"Placed {e.id} on the ground")


def test_search_runs_on_a_worker_thread(library) -> None:
    """The search job's function touches no bpy: it runs on a plain worker thread."""
    job = jobs.Job(lambda progress: scene_assets.search_assets(
        "lamp", 2, "ANY", "ANY", str(library / "cache"), progress), "Asset search").start()
    assert job.wait(120) and job.state == "done", job.error
    assert len(job.result) == 2 and all(Path(r["thumbnail"]).is_file() for r in job.result)


def test_placement_into_an_occupied_spot_is_refused_and_changes_nothing(enabled, library) -> None:
    _import()
    _search(enabled, "dining table", size="LARGE", support="floor", count=1)
    enabled.cursor.location = (0.0, 0.0, 0.0)  # between Mara and Theo
    before = _state(enabled)
    with pytest.raises(RuntimeError, match=r"would interpenetrate .*mara.*theo|theo.*mara"):
        bpy.ops.previz.asset_place()
    assert _state(enabled) == before


def test_placement_outside_the_room_or_on_its_wall_is_refused(enabled, library) -> None:
    _import()  # the room is 6 × 5 m around the origin, walls 3 m high
    _search(enabled, "chair", size="MEDIUM", support="floor", count=1)
    before = _state(enabled)
    for cursor in ((5.0, 0.0, 0.0), (3.05, 0.0, 2.5)):  # outside; over the east wall's top
        enabled.cursor.location = cursor
        with pytest.raises(RuntimeError, match="would stand outside room"):
            bpy.ops.previz.asset_place()
        assert _state(enabled) == before
    enabled.cursor.location = (2.5, -2.0, 0.0)  # inside, in a free corner
    assert bpy.ops.previz.asset_place() == {"FINISHED"}


def test_resolve_moves_only_the_selected_objects(enabled, tmp_path: Path) -> None:
    data = json.loads(ROOM.read_text())
    for e in data["entities"]:
        if e["id"] == "table":
            e["transform"]["location"] = [0.3, 1.8, 0.0]  # inside the sofa
    path = tmp_path / "overlap.json"
    path.write_text(json.dumps(data))
    _import(path)
    before = {e.id: e for e in read(enabled).entities}
    for obj in bpy.data.objects:
        obj.select_set(False)
    bpy.data.objects["table"].select_set(True)
    assert bpy.ops.previz.layout_resolve() == {"FINISHED"}
    after = {e.id: e for e in read(enabled).entities}
    assert after["table"].transform.location != before["table"].transform.location
    for i in before:
        if i != "table":
            assert after[i] == before[i], i
    from previz.addon.console.director_agents import report_rows

    kinds = {(r["kind"], tuple(r["entities"])) for r in report_rows(read(enabled))}
    assert ("interpenetration", ("sofa", "table")) not in kinds
    assert enabled.previz.assets.status.startswith("Re-solved: moved table")
    for obj in bpy.data.objects:
        obj.select_set(False)
    with pytest.raises(RuntimeError, match="Select the entities"):
        bpy.ops.previz.layout_resolve()


def test_undo_restores_the_scene_after_placing(enabled, library) -> None:
    _import()
    _search(enabled, "vase", size="SMALL", support="on_object", count=1)
    before = read(enabled).canonical_json()
    bpy.ops.ed.undo_push(message="before")
    scene = bpy.context.scene
    scene.cursor.location = (-0.3, 1.0, 0.0)
    bpy.ops.previz.asset_place("EXEC_DEFAULT", True)
    assert read(bpy.context.scene).canonical_json() != before
    bpy.ops.ed.undo()
    assert read(bpy.context.scene).canonical_json() == before


def test_assets_panel_draws_in_every_state(enabled, library, draw_panel, monkeypatch) -> None:
    panel = scene_assets.PREVIZ_PT_scene_assets
    assert ("label", (), {"text": "No scene"}) in draw_panel(
        panel, SimpleNamespace(scene=None, active_object=None))
    empty = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert ("label", (), {"text": "No results: search the asset library"}) in empty
    _search(enabled, "lamp", count=2)
    filled = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert any(c[0] == "template_list" and c[1][0] == "PREVIZ_UL_asset_results" for c in filled)
    assert any(c[0] == "template_icon" for c in filled)
    assert ("operator", ("previz.asset_place",), {"icon": "PIVOT_CURSOR"}) in filled
    icons = {i.identifier for i in
             bpy.types.UILayout.bl_rna.functions["label"].parameters["icon"].enum_items}
    used = {c[2]["icon"] for c in filled if "icon" in c[2]}
    assert used and used <= icons, used - icons  # Blender refuses unknown icon names
    job = jobs.Job(lambda progress: None, "Asset search")
    job.state = "running"
    monkeypatch.setattr(jobs.JOBS, "running", lambda: [job])
    running = draw_panel(panel, SimpleNamespace(scene=enabled, active_object=None))
    assert any(c[0] == "operator" and c[1] == ("previz.job_cancel",) for c in running)
