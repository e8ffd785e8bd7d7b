"""The user's packs on the default path: an ingested asset of the same category that ranks
above the library's is placed instead of it; one that does not fit the size asked for is not;
a corrupt file is rejected with its reason and leaves the index as it was."""

from __future__ import annotations

import json
from pathlib import Path

from asset_index_meshes import chair_mesh, write_glb

from previz.asset_index import AssetIndex
from previz.asset_index.paths import default_index_path
from previz.asset_index.props import variant
from previz.asset_index.props.select import LibraryProps, library_dir


def _library_subset() -> None:
    lib = LibraryProps(user_packs=False)
    for name in ("chair", "armchair", "car"):
        for i in range(3):
            lib.path(variant(name, i))


def test_user_asset_wins_when_it_matches_better_and_a_corrupt_one_is_rejected(
        tmp_path: Path) -> None:
    _library_subset()
    index = AssetIndex(default_index_path())
    assert index.ingest(library_dir(), parse_timeout=0).added == 9
    packs = tmp_path / "packs" / "furniture"
    packs.mkdir(parents=True)
    armchair = chair_mesh(0.9)
    armchair.apply_scale((1.9, 1.9, 1.0))
    write_glb(packs / "leather_armchair.glb", armchair)
    (packs / "leather_armchair.glb.json").write_text(json.dumps(
        {"category": "armchair", "name": "leather armchair", "tags": ["leather", "club chair"]}))
    giant = chair_mesh(0.9)
    giant.apply_scale(4.0)
    write_glb(packs / "giant_chair.glb", giant)
    (packs / "giant_chair.glb.json").write_text(json.dumps({"category": "chair",
                                                            "name": "giant chair"}))
    report = index.ingest(tmp_path / "packs", parse_timeout=0)
    assert report.added == 2 and not report.rejected

    # "a leather armchair" (the README's example): the pack's ranks above every library
    # armchair, so it is placed
    lib = LibraryProps()
    chosen = lib.select("armchair", "leather", (0.85, 0.85, 0.9))
    assert chosen.path == str((packs / "leather_armchair.glb").resolve())
    assert "your asset" in lib.notes[-1]
    # a chair: the pack's only chair is a giant that never fits a chair's size
    chair = LibraryProps().select("chair", "", (0.45, 0.45, 0.9))
    assert chair.path is not None and chair.path.startswith(str(library_dir()))
    # a car: the user has none, so the library's
    car = LibraryProps().select("car", "", (1.8, 4.5, 1.5))
    assert car.path is not None and car.path.startswith(str(library_dir()))
    # without the user's packs the library's chair is used
    own = LibraryProps(user_packs=False).select("chair", "", (0.45, 0.45, 0.9))
    assert own.path is not None and own.path.startswith(str(library_dir()))

    # a corrupt file: rejected with its reason, everything else as it was
    before = index.count()
    (packs / "broken.glb").write_bytes(b"glTF\x02\x00\x00\x00garbage that is no GLB")
    report = index.ingest(tmp_path / "packs", parse_timeout=0)
    assert [Path(p).name for p, _ in report.rejected] == ["broken.glb"]
    assert "not a valid .glb" in report.rejected[0][1] or "cannot" in report.rejected[0][1]
    assert index.count() == before
    assert LibraryProps().select("armchair", "leather", (0.85, 0.85, 0.9)).path == chosen.path


def test_no_index_means_no_index_is_opened(tmp_path: Path) -> None:
    """The default path with nothing ingested never opens the index (numpy only)."""
    lib = LibraryProps()
    ref = lib.select("basketball hoop", "", (1.8, 2.0, 3.9))
    assert ref.path is not None and lib._index is None
    assert not default_index_path().exists()
