"""The prop library: how many categories and variants, the parts and sizes that define each
kind of thing, no part through another beyond its joint, conventions, and byte-identical
output across processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from previz.asset_index.props import ROWS, VARIANTS, library_files, lookup, props, variant
from previz.asset_index.props.archetypes import ARCHETYPES
from previz.asset_index.props.mesh import signed_volume

GROUND = 1e-6


def _part(prop, name):
    (found,) = [p for p in prop.parts if p.name == name]
    return found


def _parts(prop, prefix):
    return [p for p in prop.parts if p.name.startswith(prefix)]


def test_at_least_250_categories_of_three_variants_covering_what_directors_name() -> None:
    assert len(ROWS) >= 250
    assert len({r.name for r in ROWS}) == len(ROWS)
    assert len(props()) == VARIANTS * len(ROWS) and VARIANTS >= 3
    groups = {r.group for r in ROWS}
    assert {"furniture", "kitchen", "tableware", "street", "vehicles", "sports", "instruments",
            "nature", "office", "electronics"} <= groups
    for noun in ("sofa", "fruit bowl", "trash can", "lamp post", "bench", "hydrant", "sign",
                 "traffic light", "car", "taxi", "bus", "truck", "van", "motorbike", "bicycle",
                 "helicopter", "boat", "train carriage", "basketball", "hoop", "goal", "net",
                 "piano", "guitar", "violin", "drum kit", "qin", "zither", "oak", "pine", "palm",
                 "bush", "rock", "desk", "laptop", "printer"):
        assert lookup(noun) is not None, noun
    assert all(r.archetype in ARCHETYPES for r in ROWS)
    assert all(r.support in ("floor", "wall", "ceiling", "on_object") for r in ROWS)


def test_every_variant_stands_on_the_ground_centred_with_outward_faces() -> None:
    for p in props():
        lo, hi = p.bounds
        assert lo[2] == pytest.approx(0.0, abs=1e-9), p.name
        np.testing.assert_allclose((lo[:2] + hi[:2]) / 2, 0.0, atol=1e-9, err_msg=p.name)
        assert min(p.size) > 0.0005, p.name
        for part in p.parts:
            for mesh in part.meshes:
                assert signed_volume(mesh) > 0, f"{p.name}:{part.name} faces point inwards"
        e = p.extras()
        assert e["front"] == "-y" and e["semantic_class"] and e["support"] == p.row.support


def _overlap(a, b) -> float:
    (alo, ahi), (blo, bhi) = a, b
    ov = np.minimum(ahi, bhi) - np.maximum(alo, blo)
    return float(ov.min()) if (ov > 0).all() else 0.0


def test_no_part_goes_into_another_beyond_its_joint() -> None:
    bad = []
    for p in props():
        boxes = [(q, q.bounds()) for q in p.parts]
        for i, (a, ba) in enumerate(boxes):
            for b, bb in boxes[i + 1:]:
                depth = _overlap(ba, bb)
                if depth > max(a.joint, b.joint) + 0.002:
                    bad.append((p.name, a.name, b.name, round(depth, 3)))
    assert bad == []


def _gap(a, b) -> float:
    (alo, ahi), (blo, bhi) = a, b
    return float(np.maximum(0.0, np.maximum(alo - bhi, blo - ahi)).max())


def test_every_part_is_held_by_the_ground_or_a_part_that_is() -> None:
    """No floating part: each part touches (within 12 mm) a part that reaches down to the
    ground — or, for a ceiling light, up to the ceiling; for a wall-hung thing, its first part."""
    loose = []
    for p in props():
        boxes = [q.bounds() for q in p.parts]
        top = max(b[1][2] for b in boxes)
        if p.row.support == "wall":
            held = {0}
        else:
            held = {i for i, b in enumerate(boxes) if b[0][2] <= 1e-6
                    or (p.row.support == "ceiling" and b[1][2] >= top - 1e-6)}
        todo = list(held)
        while todo:
            i = todo.pop()
            for j, b in enumerate(boxes):
                if j not in held and _gap(boxes[i], b) <= 0.012:
                    held.add(j)
                    todo.append(j)
        loose += [(p.name, p.parts[i].name) for i in range(len(boxes)) if i not in held]
    assert loose == []


def test_the_overlap_measure_sees_a_leg_through_a_seat() -> None:
    chair = variant("chair", 0)
    seat, leg = _part(chair, "seat"), _part(chair, "leg_1")
    lo, hi = leg.bounds()
    assert _overlap((lo, hi), seat.bounds()) == 0.0  # touching is not overlapping
    assert _overlap((lo, hi + np.array((0, 0, 0.03))), seat.bounds()) == pytest.approx(0.03)


@pytest.mark.parametrize("name", ["chair", "kitchen chair", "school chair", "dining armchair"])
def test_chair_four_legs_touch_the_floor_and_the_seat_is_040_to_050_m(name: str) -> None:
    for i in range(VARIANTS):
        p = variant(name, i)
        legs = _parts(p, "leg_")
        assert len(legs) == 4
        seat_lo, seat_hi = _part(p, "seat").bounds()
        assert 0.40 <= seat_hi[2] <= 0.50, (p.name, seat_hi[2])
        for leg in legs:
            lo, hi = leg.bounds()
            assert lo[2] == pytest.approx(0.0, abs=GROUND)
            assert hi[2] == pytest.approx(seat_lo[2], abs=1e-9)  # the leg carries the seat
        back_lo, _ = next(q for q in p.parts if q.name.startswith("back")).bounds()
        assert back_lo[1] > 0  # the back is behind the seat's centre (front is −Y)


def test_hoop_rim_is_at_305_m() -> None:
    for i in range(VARIANTS):
        p = variant("basketball hoop", i)
        _, hi = _part(p, "rim").bounds()
        assert hi[2] == pytest.approx(3.05, abs=0.005)
        board_lo, _board_hi = _part(p, "backboard").bounds()
        _rim_lo, rim_hi = _part(p, "rim").bounds()
        assert rim_hi[1] < board_lo[1]  # the rim hangs in front of the board


@pytest.mark.parametrize("name", ["car", "taxi", "police car", "suv", "sports car", "van", "bus",
                                  "truck", "ambulance", "limousine"])
def test_road_vehicles_stand_on_their_wheels(name: str) -> None:
    for i in range(VARIANTS):
        p = variant(name, i)
        wheels = _parts(p, "wheel_")
        assert len(wheels) >= 4 and len(wheels) % 2 == 0
        for w in wheels:
            lo, _ = w.bounds()
            assert lo[2] == pytest.approx(0.0, abs=GROUND), (p.name, w.name)
        body = [q for q in p.parts if q.name in ("body", "cab")]
        assert body and all(q.bounds()[0][2] > 0.05 for q in body)  # ground clearance
        xs = sorted(w.bounds()[0][0] + w.bounds()[1][0] for w in wheels)
        assert xs[0] < 0 < xs[-1]  # wheels on both sides
    assert variant("taxi", 0).parts[-1].name == "roof_sign"


def test_sofa_has_base_seat_cushions_back_and_two_arms() -> None:
    p = variant("sofa", 0)
    names = {q.name for q in p.parts}
    assert {"base", "back", "arm_left", "arm_right"} <= names
    assert len(_parts(p, "seat_cushion_")) == 3
    seat_top = _parts(p, "seat_cushion_")[0].bounds()[1][2]
    assert 0.38 <= seat_top <= 0.48


def test_trees_are_a_trunk_and_a_crown_of_real_height() -> None:
    for name in ("tree", "oak tree", "pine tree", "palm tree", "birch tree", "willow tree"):
        for i in range(VARIANTS):
            p = variant(name, i)
            trunk = _part(p, "trunk")
            assert trunk.bounds()[0][2] == pytest.approx(0.0, abs=GROUND)
            crown = _part(p, "crown")
            assert crown.bounds()[1][2] > trunk.bounds()[1][2] * 0.9
            assert 1.5 <= p.size[2] <= 16.0


def test_fruit_bowl_holds_fruit_above_its_bottom() -> None:
    p = variant("fruit bowl", 0)
    bowl_lo, bowl_hi = _part(p, "bowl").bounds()
    fruit = _parts(p, "fruit_")
    assert len(fruit) >= 4
    for f in fruit:
        lo, hi = f.bounds()
        assert lo[2] > bowl_lo[2] and lo[0] >= bowl_lo[0] and hi[0] <= bowl_hi[0]


def test_real_world_sizes() -> None:
    def size(name: str, i: int = 0) -> tuple[float, float, float]:
        return variant(name, i).size

    assert 10.0 <= size("bus")[1] <= 13.0 and 2.9 <= size("bus")[2] <= 3.6
    assert 0.23 <= 2 * _part(variant("basketball", 0), "ball").bounds()[1][2] / 2 <= 0.25
    assert size("soccer goal")[0] == pytest.approx(7.32 + 0.12, abs=0.01)
    assert 1.0 <= size("piano")[2] <= 1.4
    assert 0.55 <= size("violin")[2] <= 0.7 or 0.55 <= max(size("violin")) <= 0.7


def test_the_stored_sizes_are_the_generators() -> None:
    """`sizes.json` (read by the planner's vocabulary at import) is what the generator makes;
    `python -m previz.asset_index.props.sizes` rewrites it."""
    from previz.asset_index.props.sizes import computed, sizes

    assert {k: list(v) for k, v in sizes().items()} == computed()


def test_generation_is_byte_identical_across_processes() -> None:
    here = {k: hashlib.sha256(v).hexdigest() for k, v in library_files().items()}
    code = ("import hashlib, json; from previz.asset_index.props import library_files; "
            "print(json.dumps({k: hashlib.sha256(v).hexdigest() "
            "for k, v in library_files().items()}))")
    env = {**os.environ, "PYTHONHASHSEED": "1234"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=600)
    assert json.loads(out.stdout) == here
