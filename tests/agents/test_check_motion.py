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
