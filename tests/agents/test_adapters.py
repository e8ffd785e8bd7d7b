"""Adapters to the asset index and the camera/lighting skills, and their fallbacks."""

from __future__ import annotations

from previz.agents import plan_from_text, run
from previz.agents.adapters import IndexAssets, SkillsCamera, SkillsLighting, skill_providers
from previz.asset_index import Hit


def _hit(category: str, size=(1.5, 0.9, 0.8)) -> Hit:
    return Hit(id=f"starter/{category}", kind="asset", path=f"lib/{category}.glb", name=category,
               category=category, description="", size=size, support="floor", rigged=False,
               skeleton=None, duration=None, loops=None, score={"total": 1.0})


class FakeIndex:
    def __init__(self, categories):
        self.categories = categories
        self.queries = []

    def search(self, query, k=10, *, size=None, category=None, **kw):
        self.queries.append((query, size, category))
        return [_hit(category)] if category in self.categories else []


def test_index_assets_picks_by_category_and_falls_back_to_white_box():
    index = FakeIndex({"table"})
    assets = IndexAssets(index)
    ref = assets.select("table", "oak", (1.4, 0.8, 0.75))
    assert ref.id == "starter/table" and ref.path == "lib/table.glb"
    assert ref.size == (1.5, 0.9, 0.8)
    assert index.queries[0] == ("oak table", (1.4, 0.8, 0.75), "table")
    ref = assets.select("coffee_table", "", (1.1, 0.6, 0.45))
    assert ref.id is None and ref.size == (1.1, 0.6, 0.45)
    assert any("coffee_table" in n for n in assets.notes)


def test_index_sizes_drive_the_layout():
    prov = skill_providers(FakeIndex({"table"}))
    result = run(plan_from_text("A table and two chairs next to the table in a kitchen."),
                 providers=prov)
    table = result.world.entity("table")
    assert table.asset.id == "starter/table" and table.asset.size == (1.5, 0.9, 0.8)
    assert result.ok, result.report["problems"]


def test_skills_camera_and_lighting():
    prov = skill_providers()
    result = run(plan_from_text("Close-up of Anna at her desk with a laptop on the desk, warm "
                                "light."), providers=prov)
    assert isinstance(prov.camera, SkillsCamera) and isinstance(prov.lighting, SkillsLighting)
    assert prov.camera.notes == [] and prov.lighting.notes == []
    cam = result.world.cameras[0]
    assert cam.focal_length > 50  # a close-up lens from the camera skills
    assert len(result.world.lights) >= 2  # a preset, not the single default key
    assert "subject_out_of_frame" not in {p["kind"] for p in result.report["problems"]}


def test_skills_camera_frames_groups_itself():
    prov = skill_providers()
    result = run(plan_from_text("Eight dancers dance in a circle in the square."),
                 providers=prov)
    # The camera skill frames the whole group (no static-framing fallback); the one problem
    # left is the truth that no dance is played.
    kinds = {p["kind"] for p in result.report["problems"]}
    assert "subject_out_of_frame" not in kinds, result.report["problems"]
    assert not any("static framing" in n for n in prov.camera.notes), prov.camera.notes
    assert result.world.shots[0].seed != 0
