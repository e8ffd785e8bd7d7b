"""A shot's camera body round-trips through Blender; its aspect ratio is the scene's render
size when the shot is used, with the camera's safe-frame guides on."""

from __future__ import annotations

import bpy
import pytest

from previz.addon.bridge.camera import build_camera
from previz.addon.bridge.shot import build_shot, read_shot, use_shot_frame
from previz.addon.properties import ensure_registered
from previz.world import Camera, Shot

pytestmark = pytest.mark.blender


@pytest.fixture
def scene(clean_scene: bpy.types.Scene) -> bpy.types.Scene:
    ensure_registered()
    return clean_scene


def test_camera_body_and_aspect_of_a_shot(scene) -> None:
    cam = build_camera(Camera(id="cam", sensor_width=27.99), scene)
    wide = Shot(id="s1", camera="cam", frame_start=1, frame_end=24, resolution=(1280, 536),
                camera_body="arri_alexa_35")
    plain = Shot(id="s2", camera="cam", frame_start=25, frame_end=48, resolution=(576, 1024))
    build_shot(wide, scene, {"cam": cam})
    build_shot(plain, scene, {"cam": cam})
    assert cam.data.show_safe_areas
    assert Shot.model_validate(read_shot(scene, scene.previz.shots[0])) == wide
    back = Shot.model_validate(read_shot(scene, scene.previz.shots[1]))
    assert back == plain and back.camera_body is None
    use_shot_frame(scene, scene.previz.shots[0])  # 2.39:1
    assert (scene.render.resolution_x, scene.render.resolution_y) == (1280, 536)
    use_shot_frame(scene, scene.previz.shots[1])  # 9:16
    assert (scene.render.resolution_x, scene.render.resolution_y) == (576, 1024)
    assert scene.render.resolution_percentage == 100
