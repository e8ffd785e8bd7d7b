"""Bad camera input on the command line: an unknown camera body, a lens the body cannot take, an
aspect ratio of 0 (a frame 0 pixels high) → exit 2 with one line naming the field and the
value, and no .blend written. A plan's shot naming such a body or lens is refused the same way
(never a fallback camera)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from previz.world import InputError

ROOT = Path(__file__).resolve().parents[2]


def _world(tmp_path: Path, name: str, **shot) -> Path:
    data = json.loads((ROOT / "examples" / "orbit_prop.json").read_text())
    data["shots"][0].update(shot)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("name,shot,named", [
    ("body", {"camera_body": "bolex"}, "shots[0].camera_body: unknown camera body 'bolex'"),
    ("lens", {"camera_body": "iphone"},
     "cameras[0].focal_length (orbit): camera body 'iphone' takes lenses of 4-16 mm, not 35 mm"),
    ("aspect", {"resolution": [1920, 0]}, "shots[0].resolution[1]"),
])
def test_bad_camera_input_exits_2_naming_it(tmp_path, capsys, name, shot, named):
    from previz.addon.cli import main

    world = _world(tmp_path, name, **shot)
    blend = tmp_path / f"{name}.blend"
    assert main(["build", str(world), "-o", str(blend)]) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert not blend.exists() and list(tmp_path.iterdir()) == [world]


def test_a_good_body_and_lens_build(tmp_path):
    from previz.addon.cli import main

    world = _world(tmp_path, "ok", camera_body="arri_alexa_35")
    assert main(["build", str(world), "-o", str(tmp_path / "ok.blend")]) == 0


def test_a_plan_naming_an_unknown_body_or_impossible_lens_is_refused():
    from previz.agents.adapters import SkillsCamera
    from previz.agents.interfaces import CameraRequest
    from previz.skills.geometry import entity_box
    from previz.world import World

    w = World.model_validate(json.loads((ROOT / "examples" / "orbit_prop.json").read_text()))
    e = w.entities[-1]
    box = entity_box(w.evaluate(1).entities[e.id].matrix, e.asset.size)
    for body, lens, msg in (("bolex", None, "shot s: unknown camera body 'bolex'"),
                            ("iphone", 85.0, "shot s: camera body 'iphone' takes lenses")):
        req = CameraRequest("s", "medium", "static", [box], (1, 24), (-5, -5, 5, 5), None,
                            (832, 480), [], w, (e.id,), camera_body=body, lens_mm=lens)
        with pytest.raises(InputError, match=msg.replace("(", r"\(")):
            SkillsCamera().camera(req, "cam")
