"""A shot's camera body round-trips through Blender; its aspect ratio is the scene's render
size when the shot is used, with the camera's safe-frame guides on."""

from __future__ import annotations

from types import SimpleNamespace

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


BULLET = [[1.0, 1.0], [10.0, 10.0], [30.0, 10.0], [48.0, 28.0]]  # frozen on frame 10 for 20 frames


def test_time_map_round_trips_and_moves_with_the_marker(scene) -> None:
    """Bullet time is kept when the scene is read back (it was dropped), and a marker dragged
    by 24 frames moves the keys with it, so the freeze stays 9 frames into the shot."""
    cam = build_camera(Camera(id="cam"), scene)
    shot = Shot(id="s1", camera="cam", frame_start=1, frame_end=48, time_map=BULLET)
    plain = Shot(id="s2", camera="cam", frame_start=49, frame_end=60)
    build_shot(shot, scene, {"cam": cam})
    build_shot(plain, scene, {"cam": cam})
    back = Shot.model_validate(read_shot(scene, scene.previz.shots[0]))
    assert back == shot and back.time_map == [(1.0, 1.0), (10.0, 10.0), (30.0, 10.0), (48.0, 28.0)]
    assert Shot.model_validate(read_shot(scene, scene.previz.shots[1])).time_map is None
    scene.timeline_markers["s1"].frame = 25
    moved = Shot.model_validate(read_shot(scene, scene.previz.shots[0]))
    assert (moved.frame_start, moved.frame_end) == (25, 72)
    assert moved.time_map == [(25.0, 25.0), (34.0, 34.0), (54.0, 34.0), (72.0, 52.0)]
    assert moved.scene_frame(40) == 34.0  # still frozen, 15 frames into the shot
    scene.previz.shots[0].time_map[2].shot_frame = 40.0  # edited in the Shots panel: a longer hold
    assert Shot.model_validate(read_shot(scene, scene.previz.shots[0])).time_map[2] == (64.0, 34.0)


def test_split_shot_keeps_the_time_map_in_both_halves(enabled, draw_panel) -> None:
    """Split Shot gives both halves the remap (and the camera body), with the keys moved by the
    marker's drag before the split; the Shots panel shows the keys."""
    scene = enabled
    cam = build_camera(Camera(id="cam"), scene)
    build_shot(Shot(id="s1", camera="cam", frame_start=1, frame_end=48, time_map=BULLET,
                    camera_body="arri_alexa_35"), scene, {"cam": cam})
    scene.timeline_markers["s1"].frame = 11  # dragged 10 frames later, then split at 35
    scene.frame_set(35)
    assert bpy.ops.previz.shot_split() == {"FINISHED"}
    first, second = (Shot.model_validate(read_shot(scene, s)) for s in scene.previz.shots)
    assert (first.frame_start, first.frame_end, second.frame_start, second.frame_end) == (
        11, 34, 35, 58)
    keys = [(11.0, 11.0), (20.0, 20.0), (40.0, 20.0), (58.0, 38.0)]
    assert first.time_map == keys and second.time_map == keys
    assert second.camera_body == "arri_alexa_35"
    assert first.scene_frame(30) == 20.0 and second.scene_frame(38) == 20.0
    from previz.addon.panels import PREVIZ_PT_shots

    calls = draw_panel(PREVIZ_PT_shots, SimpleNamespace(scene=scene))
    drawn = [(a[0], a[1]) for name, a, _ in calls if name == "prop" and len(a) == 2]
    keys = [p for p in drawn if p[1] in ("shot_frame", "scene_frame")]
    assert len(keys) == 8 and keys[0][0].shot_frame == 11.0
