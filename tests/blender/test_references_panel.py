"""Reference images in the Object panel: added with the file-browser operator, drawn with their
thumbnails (a missing file marked), removed, and read back into the World."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import bpy
import numpy as np
import pytest
from PIL import Image

from previz.addon import panels
from previz.addon.bridge.read import read

ROOM = Path(__file__).resolve().parents[2] / "examples" / "two_characters_room.json"


def test_reference_images_added_drawn_and_removed(enabled, draw_panel, tmp_path):
    assert bpy.ops.previz.import_world(filepath=str(ROOM)) == {"FINISHED"}
    mara = bpy.data.objects["mara"]
    bpy.context.view_layer.objects.active = mara
    ctx = SimpleNamespace(scene=enabled, active_object=mara)
    drawn = draw_panel(panels.PREVIZ_PT_object, ctx)
    # The example names refs/mara_front.png, which is not on disk: the panel says so.
    assert ("label", (), {"text": "refs/mara_front.png (not found)", "icon": "ERROR"}) in drawn
    assert ("operator", ("previz.reference_add",), {"text": "Add…", "icon": "ADD"}) in drawn

    image = tmp_path / "mara_side.png"
    Image.fromarray(np.full((8, 8, 3), 200, np.uint8)).save(image)
    assert bpy.ops.previz.reference_add(filepath=str(image)) == {"FINISHED"}
    assert bpy.ops.previz.reference_add(filepath=str(image)) == {"FINISHED"}  # no duplicate
    assert [i.path for i in mara.previz.reference_images] == ["refs/mara_front.png",
                                                              str(image.resolve())]
    world = read(enabled)
    assert world.entity("mara").reference_images == ["refs/mara_front.png", str(image.resolve())]
    drawn = draw_panel(panels.PREVIZ_PT_object, ctx)
    assert ("label", (), {"text": "mara_side.png"}) in drawn

    assert bpy.ops.previz.reference_remove(index=0) == {"FINISHED"}
    assert [i.path for i in mara.previz.reference_images] == [str(image.resolve())]
    not_image = tmp_path / "notes.txt"
    not_image.write_text("hello")
    with pytest.raises(RuntimeError, match="not an image file"):
        bpy.ops.previz.reference_add(filepath=str(not_image))
    assert len(mara.previz.reference_images) == 1


def test_reference_operators_need_an_entity(enabled):
    bpy.ops.previz.import_world(filepath=str(ROOM))
    bpy.context.view_layer.objects.active = bpy.data.objects["wide"]  # a camera
    assert not bpy.ops.previz.reference_add.poll()
    assert not bpy.ops.previz.reference_remove.poll()
