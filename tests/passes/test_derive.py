"""The pass table (`derive.DERIVE`): every pass of the contract has a function, every function
gives one array per file of its pass's layout, and the values are the contract's encodings. Pure
numpy on a hand-made raster, no bpy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from previz.addon.passes import derive
from previz.addon.passes.files import write_png
from previz.addon.passes.maps import CLAY_BACKGROUND
from previz.skills.raster import Raster
from previz.world import World
from previz.world import passes_contract as contract

H, W = 4, 6
ENTITIES = ("box", "floor", "hero")
INST = np.array([[0, 0, 0], [10, 20, 30], [40, 50, 60], [70, 80, 90]], np.uint8)
SEM = np.array([[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 3]], np.uint8)


def _frame(world_data: dict, workbench_clay: Path | None = None) -> derive.Frame:
    world = World.model_validate(world_data)
    label = np.zeros((H, W), np.int32)
    label[1:3, 1:3] = 1  # box
    label[3, :] = 2  # floor
    label[0, 5] = 4  # something that is not an entity
    depth = np.where(label > 0, 2.5, 0.0)
    normal = np.zeros((H, W, 3), np.float32)
    normal[..., 2] = -1.0
    triangle = np.where(label > 0, 0, -1).astype(np.int64)
    shot = derive.ShotData(world=world, entity_ids=ENTITIES,
                           labels_of={"box": 1, "floor": 2, "hero": 3}, inst_table=INST,
                           sem_table=SEM, width=W, height=H, workbench_clay=workbench_clay)
    K = np.array([[6.0, 0.0, 3.0], [0.0, 6.0, 2.0], [0.0, 0.0, 1.0]])
    return derive.Frame(shot, 1, Raster(depth, normal, label, triangle), world.evaluate(1), K,
                        np.eye(4), 0.1)


def test_the_writer_covers_the_contract_and_readers_ask_only_for_contract_names() -> None:
    assert set(contract.PASSES) <= set(derive.NAMES)
    assert list(derive.NAMES) == sorted(derive.NAMES)
    assert not set(derive.DERIVE) & set(derive.SHOT_DERIVE)
    assert set(contract.CONTROL_FOLDERS.values()) <= set(derive.NAMES)
    assert set(contract.SHEET_COLUMNS) <= set(derive.NAMES)
    from previz.neural_render.animatediff_controlnet import CONTROLNETS

    assert set(CONTROLNETS) <= set(contract.CONTROL_FOLDERS)


@pytest.mark.parametrize("name", sorted(derive.DERIVE))
def test_each_pass_gives_one_array_per_file_of_its_layout(make_world_data, name: str) -> None:
    frame = _frame(make_world_data())
    out = derive.DERIVE[name](frame)
    arrays = (out,) if isinstance(out, np.ndarray) else out
    files = contract.layout(name).files(1, ENTITIES)
    assert len(arrays) == len(files)
    for rel, array in zip(files, arrays, strict=True):
        assert array.shape[:2] == (H, W), rel
        if rel.endswith(".png"):
            assert array.dtype in (np.uint8, np.uint16), rel
            assert array.ndim == 2 or array.shape[2] == 3, rel


def test_depth_mask_and_segmentation_values(make_world_data) -> None:
    frame = _frame(make_world_data())
    mm, metres = derive.depth(frame)
    assert mm.dtype == np.uint16 and mm[1, 1] == 2500 and mm[0, 0] == 0
    assert metres[1, 1] == 2.5
    box, floor, hero = derive.mask(frame)
    assert box[1, 1] == 255 and box[3, 0] == 0 and floor[3, 0] == 255 and not hero.any()
    seg = derive.segmentation(frame)
    assert seg[1, 1].tolist() == [10, 20, 30] and seg[3, 2].tolist() == [40, 50, 60]
    assert seg[0, 5].tolist() == [0, 0, 0]  # label 4 is no entity: background
    assert derive.segmentation_semantic(frame)[3, 2].tolist() == [2, 2, 2]
    assert derive.normal(frame)[0, 0].tolist() == [128, 128, 255]  # nothing: faces the viewer


def test_depth_control_is_scaled_over_the_shot(make_world_data) -> None:
    frame = _frame(make_world_data())
    shot_pass = derive.SHOT_DERIVE["depth_control"]
    assert shot_pass.keep(frame)[1, 1] == 2.5
    image = shot_pass.finish(np.array([[1.0, 2.0, 0.0]]), 1.0, 2.0)
    assert image[0, :, 0].tolist() == [255, 16, 0]  # nearest bright, farthest dim, none black


def test_workbench_clay_is_composited_over_the_clay_background(make_world_data,
                                                               tmp_path: Path) -> None:
    rgba = np.zeros((H, W, 4), np.uint8)
    rgba[..., :3] = 200
    rgba[1, 1, 3] = 255
    Image.fromarray(rgba, "RGBA").save(tmp_path / "0001.png")
    clay = derive.clay(_frame(make_world_data(), workbench_clay=tmp_path))
    assert clay[1, 1].tolist() == [200, 200, 200]
    assert clay[0, 0].tolist() == list(CLAY_BACKGROUND)
    shaded = derive.clay(_frame(make_world_data()))
    assert shaded[0, 0].tolist() == list(CLAY_BACKGROUND) and shaded[1, 1, 0] > 60
    write_png(tmp_path / "0001.png", np.full((H, W, 3), 90, np.uint8))  # RGB: taken as is
    assert derive.clay(_frame(make_world_data(), workbench_clay=tmp_path))[0, 0].tolist() == \
        [90, 90, 90]


@pytest.mark.parametrize("name", sorted(derive.ENCODED))
def test_encoded_files_are_the_bytes_of_the_derived_images(make_world_data, name: str) -> None:
    from previz.addon.passes.files import encode_png

    frame = _frame(make_world_data())
    out = derive.DERIVE[name](frame)
    arrays = (out,) if isinstance(out, np.ndarray) else out
    assert derive.ENCODED[name](frame) == tuple(encode_png(a) for a in arrays)
