"""`previz check --plot`: the top-down map is written, deterministic, and draws things where
they are in the World."""

from __future__ import annotations

import hashlib
import io
import json

import numpy as np
from PIL import Image

from previz.addon.cli import main
from previz.agents.supervisor import check
from previz.agents.supervisor.plot import (
    BACKGROUND,
    FRUSTUM_FILL,
    PATH_COLOURS,
    PROBLEM,
    SIZE,
    WALL_FILL,
    map_view,
    plot_png,
)
from previz.world import World
from previz.world.transforms import look_at_euler


def _world_dict() -> dict:
    """A room, a crate in the middle of a walker's path (so path_blocked), and a camera."""
    eye = [0, -2.5, 1.6]
    return {
        "fps": 24,
        "entities": [
            {"id": "room", "kind": "set", "semantic_class": "wall",
             "asset": {"size": [6, 5, 3]}},
            {"id": "crate", "kind": "prop", "asset": {"size": [1, 1, 1]},
             "transform": {"location": [0, -1, 0]}},
            {"id": "walker", "kind": "character", "asset": {"size": [0.5, 0.3, 1.7]},
             "transform": {"location": [[[1, -2.0, "linear"], [49, 2.0]], -1.0, 0.0]}},
        ],
        "cameras": [{"id": "cam", "focal_length": 18, "transform": {
            "location": eye, "rotation": look_at_euler(eye, [0, 0.5, 0.8])}}],
        "shots": [{"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 49}],
    }


def _pixel(png: bytes, xy: tuple[float, float]) -> tuple[int, int, int]:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return img.getpixel((round(xy[0]), round(xy[1])))


def test_map_draws_path_walls_and_problems_where_they_are():
    world = World.model_validate(_world_dict())
    report = check(world)
    assert "path_blocked" in {p.kind for p in report.problems}
    png = plot_png(world, report)
    view = map_view(world, report)
    walker = PATH_COLOURS[0]
    # Frame 13 is half a second in: x = -1, y = -1, away from the start mark and the 1 s tick.
    assert _pixel(png, view.to_pixel(-1.0, -1.0)) == walker
    assert _pixel(png, view.to_pixel(1.0, -1.0)) == walker
    # Off the path (but inside the room) is not the walker's colour.
    assert _pixel(png, view.to_pixel(-1.0, 1.5)) != walker
    # The east wall stands just outside the room's inner half-width (3 m, 0.1 m thick).
    assert _pixel(png, view.to_pixel(3.05, 0.0)) == WALL_FILL
    # The crate blocks the path: a red cross at its centre.
    assert _pixel(png, view.to_pixel(0.0, -1.0)) == PROBLEM
    # +Y is up in the image.
    assert view.to_pixel(0.0, 1.0)[1] < view.to_pixel(0.0, 0.0)[1]


def test_check_plot_writes_png_deterministically(tmp_path, capsys):
    world = tmp_path / "w.json"
    world.write_text(json.dumps(_world_dict()))
    a, b = tmp_path / "a.png", tmp_path / "maps" / "b.png"
    assert main(["check", str(world), "--plot", str(a)]) == 1  # path_blocked
    assert "wrote map" in capsys.readouterr().err
    assert main(["check", str(world), "--json", "--plot", str(b)]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False  # stdout stays pure JSON
    with Image.open(a) as img:
        assert img.format == "PNG" and img.size == SIZE
    assert a.read_bytes() == b.read_bytes()
    assert not [p for p in tmp_path.rglob(".*.tmp")]
    # The same bytes from two other processes with different string-hash seeds.
    from two_processes import outputs_in_two_processes

    code = ("import hashlib, sys; from pathlib import Path; from previz.addon.cli import main; "
            "main(['check', sys.argv[1], '--plot', sys.argv[2], '-q']); "
            "print(hashlib.sha256(Path(sys.argv[2]).read_bytes()).hexdigest())")
    outs = outputs_in_two_processes(code, str(world), str(tmp_path / "c.png"))
    assert outs[0].splitlines()[-1] == outs[1].splitlines()[-1] == \
        hashlib.sha256(a.read_bytes()).hexdigest()


def test_check_plot_bad_path_exit_2(tmp_path, capsys):
    world = tmp_path / "w.json"
    world.write_text(json.dumps(_world_dict()))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "sub" / "map.png"
    assert main(["check", str(world), "--plot", str(out)]) == 2
    assert "--plot" in capsys.readouterr().err
    assert not out.exists()


def test_map_of_world_without_shots_or_movers():
    world = World.model_validate({"entities": [
        {"id": "a", "kind": "prop", "asset": {"size": [1, 1, 1]}}]})
    png = plot_png(world, check(world))
    assert Image.open(io.BytesIO(png)).size == SIZE


def test_time_marks_every_second():
    """Without the crate the walk is clean; at 24 fps the 1 s mark is frame 25, x = 0, a hollow
    square (white inside) on the path, and half a second on is plain path."""
    d = _world_dict()
    d["entities"] = [e for e in d["entities"] if e["id"] != "crate"]
    world = World.model_validate(d)
    report = check(world)
    png, view = plot_png(world, report), map_view(world, report)
    assert _pixel(png, view.to_pixel(0.0, -1.0)) == BACKGROUND
    assert _pixel(png, view.to_pixel(0.5, -1.0)) == PATH_COLOURS[0]
    # The camera at (0, -2.5) looks along +Y: its wedge covers (0, -2), not (2, -2.4).
    assert _pixel(png, view.to_pixel(0.0, -2.0)) == FRUSTUM_FILL
    assert _pixel(png, view.to_pixel(2.0, -2.4)) != FRUSTUM_FILL
    d["fps"] = 12  # now 1 s is frame 13 (x = -1) and x = 0 is the 2 s mark
    world = World.model_validate(d)
    png2 = plot_png(world, report)
    assert _pixel(png2, view.to_pixel(-1.0, -1.0)) == BACKGROUND
    assert _pixel(png2, view.to_pixel(-0.5, -1.0)) == PATH_COLOURS[0]


def _skeletal_world(root_moves: bool) -> dict:
    """A humanoid whose body walks 2 m along +X through its root joint's keyed location while
    the entity stays put (``root_moves``), or whose planted feet are dragged 1 cm a frame by
    the entity (foot skating)."""
    from previz.skills.skeletons import make_skeleton

    skel = make_skeleton("humanoid").model_dump(mode="json")
    skel["joints"][3]["rotation"] = [[[1, 0.0], [49, 0.0]], 0.0, 0.0]  # keyed: animated
    if root_moves:
        root = next(j for j in skel["joints"] if j["parent"] is None)
        root["location"] = [[[1, 0.0, "linear"], [49, 2.0]], 0.0, [[1, 0.3], [49, 0.3]]]
        location = [-1.0, 0.0, 0.0]
    else:
        location = [[[1, -1.0, "linear"], [49, -0.52]], 0.0, 0.0]
    eye = [0, -6, 1.6]
    return {
        "fps": 24,
        "entities": [{"id": "walker", "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]},
                      "skeleton": skel, "transform": {"location": location}}],
        "cameras": [{"id": "cam", "focal_length": 18, "transform": {
            "location": eye, "rotation": look_at_euler(eye, [0, 0, 0.8])}}],
        "shots": [{"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 49}],
    }


def test_map_draws_the_body_track_of_keyed_root_motion():
    world = World.model_validate(_skeletal_world(root_moves=True))
    report = check(world)
    png = plot_png(world, report)
    view = map_view(world, report)
    walker = PATH_COLOURS[0]
    # The pelvis goes from x = -1 to x = +1 although the entity never moves: drawn there
    # (between the second marks at x = 0 and x = 1).
    y = world.entity("walker").skeleton.joints[0].offset[1]
    for x in (-0.7, -0.4, 0.4, 0.7):
        assert _pixel(png, view.to_pixel(x, y)) == walker, x
    assert _pixel(png, view.to_pixel(0.4, y + 0.5)) != walker


def test_map_marks_foot_skating_where_the_feet_slide():
    world = World.model_validate(_skeletal_world(root_moves=False))
    report = check(world)
    assert "foot_skating" in {p.kind for p in report.problems}
    png = plot_png(world, report)
    view = map_view(world, report)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    # Red where the ankles were dragged (x from -1.0 to -0.52, at the ankles' y), not only at
    # the entity's origin: look for red pixels along the left ankle's line.
    from previz.skills.skeletons import make_skeleton

    ankle = make_skeleton("humanoid").rest_positions()["left_ankle"]
    red = 0
    for x in np.linspace(-1.0 + ankle[0] + 0.05, -0.52 + ankle[0], 12):
        px, py = view.to_pixel(float(x), float(ankle[1]))
        red += any(img.getpixel((round(px) + dx, round(py) + dy)) == PROBLEM
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    assert red >= 8
