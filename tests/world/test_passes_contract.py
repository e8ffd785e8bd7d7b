"""The passes folder contract: names, aliases, control folders, file layout and help texts are
pinned, since the writer, the neural renderer, the CLI and the fixtures all read them from here."""

from __future__ import annotations

from previz.world import passes_contract as contract


def test_format_and_pass_names_are_pinned() -> None:
    assert contract.FORMAT == "previz-passes/1"
    assert contract.MANIFEST == "manifest.json"
    assert contract.PASSES == (
        "clay", "depth", "depth_control", "edges", "mask", "normal", "pose", "segmentation",
        "segmentation_semantic",
    )
    assert list(contract.PASSES) == sorted(contract.PASSES)


def test_control_folders_and_aliases_name_contract_passes() -> None:
    assert contract.CONTROL_FOLDERS == {
        "depth": "depth_control", "normal": "normal", "segmentation": "segmentation_semantic",
        "pose": "pose", "edges": "edges", "clay": "clay", "clay_lit": "clay_lit",
    }
    assert contract.ON_REQUEST == ("clay_lit",)
    assert set(contract.CONTROL_FOLDERS.values()) <= {*contract.PASSES, *contract.ON_REQUEST}
    assert contract.needed_by_controls(["depth", "clay_lit", "clay"]) == ("clay_lit",)
    assert contract.needed_by_controls(["depth", "pose"]) == ()
    for name, folders in contract.ALIASES.items():
        assert folders[0] == name and set(folders) <= set(contract.PASSES)
    assert contract.expand("depth") == ("depth", "depth_control")
    assert contract.expand("segmentation") == ("segmentation", "segmentation_semantic")
    assert contract.expand("normal") == ("normal",)
    assert contract.SHEET_COLUMNS == (
        "clay", "depth_control", "normal", "segmentation", "segmentation_semantic", "pose",
        "edges",
    )


def test_frame_files_and_layouts() -> None:
    assert contract.frame_file(7) == "0007.png"
    assert contract.frame_file(12, "exr") == "0012.exr"
    assert contract.frame_file(3, entity="hero") == "hero/0003.png"
    assert contract.frame_path("depth", 1, "exr") == "passes/depth/0001.exr"
    assert contract.frame_path("mask", 48, entity="prop") == "passes/mask/prop/0048.png"
    assert contract.layout("depth").files(5) == ("0005.png", "0005.exr")
    assert contract.layout("mask").files(2, ["a", "b"]) == ("a/0002.png", "b/0002.png")
    assert contract.layout("mask").files(2) == ()  # no entity, no mask file
    assert contract.layout("normal").files(9, ["a"]) == ("0009.png",)
    assert contract.layout("a_pass_nobody_declared").files(1) == ("0001.png",)


def test_help_texts() -> None:
    assert contract.passes_help() == (
        "clay, depth (+ depth_control), depth_control, edges, mask, normal, pose, "
        "segmentation (+ segmentation_semantic), segmentation_semantic"
    )
    assert contract.passes_help(["clay", "depth", "extra"], {"clay": "shaded", "depth": "mm"}) \
        == "clay (shaded), depth (+ depth_control; mm), extra"
    assert contract.controls_help() == "depth, normal, segmentation, pose, edges, clay, clay_lit"
