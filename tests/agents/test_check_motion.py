"""`previz check` measures motion quality: foot skating and ground contact from the templates."""

from __future__ import annotations

import pytest

from previz.agents.supervisor import check
from previz.skills.skeletons import make_skeleton
from previz.world import World


def _walker(slide: bool) -> World:
    """A humanoid whose root moves 1 cm a frame; with ``slide`` its feet stay planted on the
    ground while the body carries them along (skating); without, the body stands still."""
    skel = make_skeleton("humanoid").model_dump(mode="json")
    # the spine is keyed (a still Curve), so the skeleton counts as animated
    skel["joints"][3]["rotation"] = [[[1, 0.0], [25, 0.0]], 0.0, 0.0]
    moving = [[1, 0.0, "linear"], [25, 0.24]] if slide else 0.0
    return World.model_validate({
        "entities": [{
            "id": "walker", "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]},
            "skeleton": skel,
            "transform": {"location": [moving, 0.0, 0.0],
                          "rotation": [0.0, 0.0, [[1, 0.0, "linear"], [25, 0.0]]]},
        }],
        "cameras": [{"id": "cam", "transform": {"location": [0, -6, 1.2],
                                                 "rotation": [1.5708, 0, 0]}}],
        "shots": [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": 25}],
    })


def test_sliding_feet_are_reported():
    report = check(_walker(slide=True))
    motion = report.metrics["motion"]
    assert motion["entities"] == ["walker"]
    assert motion["foot_skating_cm_per_frame"]["walker"]["mean"] == pytest.approx(1.0, abs=0.05)
    assert any(p.kind == "foot_skating" and p.entities == ["walker"] for p in report.problems)


def test_standing_still_is_clean():
    report = check(_walker(slide=False))
    motion = report.metrics["motion"]
    assert motion["foot_skating_cm_per_frame"]["walker"] == {"mean": 0.0, "max": 0.0}
    assert motion["ground_contact_cm"]["walker"]["penetration"] == 0.0
    assert not any(p.kind in ("foot_skating", "ground_penetration") for p in report.problems)


def test_rest_pose_bodies_are_not_judged():
    world = _walker(slide=True)
    data = world.model_dump(mode="json")
    data["entities"][0]["skeleton"]["joints"][3]["rotation"] = [0.0, 0.0, 0.0]
    assert check(World.model_validate(data)).metrics["motion"] == {}


README_TEXT = ("A living room with a sofa, a coffee table and a lamp. Mara walks to the door, "
               "then waves.")


def test_planned_character_walks_and_waves_with_locked_feet(tmp_path, capsys):
    """The agents pipeline animates the body (skills motion provider): the README's Mara has
    keyed joint rotations, walks to the door, raises her hand, and `previz check` measures her
    feet planted."""
    import json

    import numpy as np

    from previz.addon.cli import main
    from previz.world import Curve

    out = tmp_path / "world.json"
    assert main(["plan", README_TEXT, "-o", str(out)]) == 0
    world = World.model_validate_json(out.read_text())
    mara = world.entity("mara")
    keyed = {j.name for j in mara.skeleton.joints
             if any(isinstance(c, Curve) for c in j.rotation)}
    assert {"left_hip", "left_knee", "right_shoulder", "right_elbow"} <= keyed
    report = json.loads((tmp_path / "world.report.json").read_text())
    assert not any("rest pose" in n for n in report["notes"])
    skating = report["metrics"]["motion"]["foot_skating_cm_per_frame"]["mara"]
    assert skating["mean"] < 0.5
    assert not any(p["kind"] == "foot_skating" for p in report["problems"])
    # She ends near the door and waves there: the right wrist goes above the shoulder only
    # once she has arrived.
    shot = world.shots[0]
    door = world.evaluate(1).entities["door"].matrix[:3, 3]
    end = world.evaluate(shot.frame_end).entities["mara"].matrix[:3, 3]
    assert np.linalg.norm(end[:2] - door[:2]) < 1.6
    raised = []
    for f in range(shot.frame_start, shot.frame_end + 1):
        state = world.evaluate(f).entities["mara"]
        if state.joints["right_wrist"][2, 3] > state.joints["right_shoulder"][2, 3]:
            raised.append(np.linalg.norm(state.matrix[:2, 3] - end[:2]))
    assert len(raised) > 10 and max(raised) < 0.01
    capsys.readouterr()
    assert main(["check", str(out), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["metrics"]["motion"]["foot_skating_cm_per_frame"]["mara"]["mean"] < 0.5
