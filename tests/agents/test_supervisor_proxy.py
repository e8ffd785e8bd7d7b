"""The supervisor measures the rendered proxy (`previz.world.proxy`): a set whose semantic class
is not an enclosure (here ``grass``) is a floor slab and four walls, not a solid block."""

from __future__ import annotations

import numpy as np

from previz.agents.supervisor import check
from previz.skills.geometry import proxy_part_boxes
from previz.world import World
from previz.world.proxy import proxy_boxes
from previz.world.transforms import look_at_euler


def _grass_world(props=(), cam_at=(0.0, -8.0, 1.6)) -> World:
    grass = {"id": "grass", "kind": "set", "semantic_class": "grass",
             "asset": {"size": [20, 20, 3]}}
    hero = {"id": "hero", "kind": "character", "asset": {"size": [0.5, 0.3, 1.75]}}
    cam = {"id": "cam", "transform": {"location": list(cam_at),
                                      "rotation": look_at_euler(list(cam_at), [0, 0, 0.9])},
           "focal_length": 35}
    return World.model_validate({
        "entities": [grass, hero, *props], "cameras": [cam],
        "relations": [{"type": "facing", "subject": "cam", "target": "hero"}],
        "shots": [{"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 5}]})


def test_proxy_part_boxes_match_the_shared_proxy():
    w = _grass_world()
    grass = w.entity("grass")
    parts = proxy_part_boxes(grass, w.evaluate(1).entities["grass"].matrix)
    assert len(parts) == len(proxy_boxes(grass)) == 5
    for box, (lo, hi) in zip(parts, proxy_boxes(grass), strict=True):
        blo, bhi = box.aabb()
        assert np.allclose(blo, lo) and np.allclose(bhi, hi)
    # Moved, turned a quarter round +Z and scaled: each part is the proxy's box carried by the
    # entity's matrix (its corners, mapped, span the world box).
    m = np.eye(4)
    m[:3, :3] = np.array([[0.0, -2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 2.0]])
    m[:3, 3] = (3.0, -1.0, 0.5)
    for box, (lo, hi) in zip(proxy_part_boxes(grass, m), proxy_boxes(grass), strict=True):
        corners = np.array([[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                            for z in (lo[2], hi[2])]) @ m.T
        blo, bhi = box.aabb()
        assert np.allclose(blo, corners[:, :3].min(axis=0))
        assert np.allclose(bhi, corners[:, :3].max(axis=0))


def test_character_standing_on_grass_is_clean():
    r = check(_grass_world())
    assert r.ok, r.to_json()
    assert r.metrics["worst_penetration_m"] == 0


def test_grass_walls_are_solid_and_reported_by_entity_id():
    crate = {"id": "crate", "kind": "prop", "asset": {"size": [1, 1, 1]},
             "transform": {"location": [-10.0, 0.0, 0.0]}}  # half inside the west wall
    r = check(_grass_world([crate]))
    over = [p for p in r.problems if p.kind == "interpenetration"]
    assert [p.entities for p in over] == [["crate", "grass"]]
    r = check(_grass_world(cam_at=(0.0, -10.05, 1.6)))  # eye inside the south wall
    inside = [p for p in r.problems if p.kind == "camera_inside_geometry"]
    assert inside and inside[0].entities == ["cam", "grass"]
