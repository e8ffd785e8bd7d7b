"""The starter library: coverage, determinism, placement conventions, silhouettes, sizes, and
characters whose skeletons are the skill templates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pygltflib
import pytest
import trimesh

from previz.asset_index.meshinfo import Y_TO_Z, read_mesh
from previz.asset_index.starter import CHARACTERS, ITEMS, build_starter, starter_files
from previz.skills.skeletons import make_skeleton
from previz.world import Entity

TEMPLATES = ("humanoid", "quadruped", "bird", "fish")


def _mesh(path: Path) -> trimesh.Trimesh:
    """A starter GLB as one mesh in Blender axes (+Z up)."""
    mesh = trimesh.load(io.BytesIO(path.read_bytes()), file_type="glb", force="mesh")
    mesh.apply_transform(Y_TO_Z)
    return mesh


def _section(mesh: trimesh.Trimesh, z: float) -> np.ndarray:
    """(n, 2) x–y points where the horizontal plane at height z cuts the surface."""
    segments = trimesh.intersections.mesh_plane(mesh, [0, 0, 1], [0, 0, z])
    return np.asarray(segments).reshape(-1, 3)[:, :2]


def test_covers_at_least_80_categories_of_what_a_previz_needs() -> None:
    categories = {it.category for it in ITEMS} | {c.template for c in CHARACTERS}
    assert len(categories) >= 80
    for needed in ("chair", "table", "sofa", "bed", "refrigerator", "computer monitor", "door",
                   "window", "wall", "floor", "stairs", "street lamp", "bench", "car", "bus",
                   "tree", "rock", "terrain", "building", "boxing ring", "basketball hoop",
                   "ball", "piano", "drum kit", "pavilion", "humanoid", "quadruped", "bird",
                   "fish"):
        assert needed in categories, needed
    assert len({it.name for it in ITEMS}) == len(ITEMS)


def test_build_is_deterministic_and_prunes_stale_files(starter_folder: Path,
                                                       tmp_path: Path) -> None:
    skeletons = {n: make_skeleton(n) for n in TEMPLATES}
    again = starter_files(skeletons)
    manifest = json.loads((starter_folder / "manifest.json").read_text())
    assert sorted(again) == sorted(manifest["files"])
    for rel, data in again.items():
        assert (starter_folder / rel).read_bytes() == data, rel
    # a rebuild without characters removes the character files it wrote before
    out = tmp_path / "lib"
    build_starter(out, skeletons)
    assert (out / "characters" / "mannequin.glb").is_file()
    (out / "my_own.glb").write_bytes(b"user file")
    build_starter(out, None)
    assert not (out / "characters" / "mannequin.glb").exists()
    assert (out / "my_own.glb").is_file()  # not ours: left alone


@pytest.mark.slow
def test_every_proxy_stands_on_the_floor_centred_and_faces_minus_y(starter_folder: Path) -> None:
    for it in ITEMS:
        path = starter_folder / it.group / f"{it.name}.glb"
        info = read_mesh(path, starter_folder, path.read_bytes())
        lo = np.asarray(info.min_corner)
        size = np.asarray(info.size)
        assert lo[2] == pytest.approx(0.0, abs=1e-5), it.name  # sits on z = 0
        centre = lo[:2] + size[:2] / 2
        np.testing.assert_allclose(centre, 0.0, atol=1e-5, err_msg=it.name)  # bottom centre
        assert info.front == "-y" and info.extras["front"] == "-y"
        assert info.extras["category"] == it.category and info.extras["support"] == it.support
        assert min(size) > 0.001 and info.triangles >= 8, it.name
        mesh = _mesh(path)
        assert mesh.volume > 0, f"{it.name}: faces point inwards"


SIZES = {  # name: (axis, lower, upper) — real-world sizes in metres
    "chair": (2, 0.8, 1.05), "dining_table": (2, 0.7, 0.8), "sofa": (0, 1.8, 2.4),
    "bed": (1, 1.9, 2.2), "door": (2, 2.0, 2.3), "fridge": (2, 1.6, 2.0),
    "car": (1, 3.8, 5.2), "bus": (1, 10.0, 13.0), "street_lamp": (2, 4.0, 10.0),
    "basketball_hoop": (2, 3.05, 4.2), "boxing_ring": (0, 5.0, 7.5),
    "skyscraper": (2, 60.0, 300.0), "building_3": (2, 8.0, 12.0), "mug": (2, 0.07, 0.14),
    "basketball": (2, 0.23, 0.25), "kitchen_counter": (2, 0.85, 0.95),
    "pavilion": (2, 3.0, 7.0), "upright_piano": (2, 1.0, 1.4),
}


def test_sizes_are_real_world_metres(starter_folder: Path) -> None:
    groups = {it.name: it.group for it in ITEMS}
    for name, (axis, lo, hi) in SIZES.items():
        path = starter_folder / groups[name] / f"{name}.glb"
        size = read_mesh(path, starter_folder, path.read_bytes()).size
        assert lo <= size[axis] <= hi, (name, size)


def test_silhouettes_read_and_fronts_face_minus_y(starter_folder: Path) -> None:
    chair = _mesh(starter_folder / "furniture" / "chair.glb")
    legs = _section(chair, 0.2)  # below the seat: four legs at the corners, nothing between
    assert len(legs) and (np.abs(legs) > 0.15).any(axis=1).all()
    assert {(np.sign(x), np.sign(y)) for x, y in legs} == {(-1, -1), (-1, 1), (1, -1), (1, 1)}
    back = _section(chair, 0.75)  # above the seat: only the backrest, at the back (+Y)
    assert len(back) and (back[:, 1] > 0.15).all()

    table = _mesh(starter_folder / "furniture" / "dining_table.glb")
    assert (np.abs(_section(table, 0.3)) > 0.6).any(axis=1).all()  # legs only
    top = _section(table, 0.73)
    assert np.ptp(top[:, 0]) > 1.7 and np.ptp(top[:, 1]) > 0.85  # a full top

    sofa = _mesh(starter_folder / "furniture" / "sofa.glb")
    assert (_section(sofa, 0.7)[:, 1] > 0).all()  # backrest behind the seat
    car = _mesh(starter_folder / "vehicles" / "car.glb")
    cabin = _section(car, 1.3)
    assert cabin[:, 1].min() > -1.0  # the bonnet (at −Y) is low; the cabin sits back
    monitor = _mesh(starter_folder / "office" / "monitor.glb")
    screen = _section(monitor, 0.3)
    assert np.ptp(screen[:, 0]) > 0.5  # a wide screen facing ∓Y

    bike = _mesh(starter_folder / "vehicles" / "bicycle.glb")
    hubs = _section(bike, 0.36)  # the wheels roll along y: thin in x, long in y
    assert np.ptp(hubs[:, 1]) > 1.6 and np.abs(hubs[:, 0]).max() < 0.05

    hoop = _mesh(starter_folder / "sports" / "basketball_hoop.glb")
    rim = _section(hoop, 3.05)
    assert (rim[:, 1] < 0).any()  # the rim hangs in front of the backboard (−Y)


def test_characters_are_rigged_with_the_skill_templates(starter_folder: Path) -> None:
    assert {c.template for c in CHARACTERS} == set(TEMPLATES)
    for ch in CHARACTERS:
        path = starter_folder / "characters" / f"{ch.name}.glb"
        doc = pygltflib.GLTF2.load_from_bytes(path.read_bytes())
        skeleton = make_skeleton(ch.template)
        assert len(doc.skins) == 1
        joints = [doc.nodes[i] for i in doc.skins[0].joints]
        assert [n.name for n in joints] == [j.name for j in skeleton.joints]
        for node, joint in zip(joints, skeleton.joints, strict=True):
            x, y, z = joint.offset  # Blender axes → glTF: (x, z, −y)
            np.testing.assert_allclose(node.translation, (x, z, -y), atol=1e-6,
                                       err_msg=f"{ch.name}.{joint.name}")
        attrs = doc.meshes[0].primitives[0].attributes
        assert attrs.JOINTS_0 is not None and attrs.WEIGHTS_0 is not None
        extras = doc.scenes[0].extras
        assert extras["skeleton"] == ch.template and extras["entity_kind"] == ch.kind
        info = read_mesh(path, starter_folder, path.read_bytes())
        assert info.rigged and info.min_corner[2] == pytest.approx(0.0, abs=1e-6)
        # the proxy and the template make a valid World entity together
        Entity(id=ch.name, kind=ch.kind, skeleton=skeleton)


def test_humanoid_mannequin_proportions(starter_folder: Path) -> None:
    mesh = _mesh(starter_folder / "characters" / "mannequin.glb")
    lo, hi = mesh.bounds
    assert 1.7 <= hi[2] <= 1.85  # a 1.75 m person, head included
    assert hi[0] - lo[0] > 1.4  # T-pose arm span
    assert abs(lo[0] + hi[0]) < 1e-6  # symmetric left/right
