"""The procedural sets: each generator's defining parts and sizes, no part inside another beyond
a joint, byte-identical output across processes, and out-of-range parameters refused by name."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import pytest

from previz.skills.setparts import FLAT, Part, build_set, overlap_depth
from previz.skills.sets.alley import centreline
from previz.skills.vocabulary import names, term
from previz.world import InputError
from previz.world.proxy import SHELLS

SETS = names("set")


def test_the_benchmark_sets_are_declared_with_synonyms():
    for name in ("boxing_ring", "basketball_court", "alley", "city_block", "street", "hill",
                 "pond", "stage", "plaza", "park", "living_room", "kitchen", "cafe"):
        assert name in SETS
        assert term("set", name).synonyms
    assert "lake" in term("set", "pond").synonyms


@pytest.mark.parametrize("name", SETS)
def test_no_part_interpenetrates_another_beyond_a_joint(name):
    built = build_set(name)
    assert len({p.name for p in built.parts}) == len(built.parts)
    for p in built.parts:
        assert all(s > 0 for s in p.size), p
        assert p.semantic_class not in SHELLS, p  # a part is a solid box, never a room shell
    for a, b in itertools.combinations(built.parts, 2):
        assert overlap_depth(a, b) <= FLAT + 1e-9, (a.name, b.name, overlap_depth(a, b))


@pytest.mark.parametrize("name", SETS)
def test_hanging_parts_touch_what_holds_them(name):
    built = build_set(name)
    by_name = {p.name: p for p in built.parts}
    for p in built.parts:
        if p.attached_to and p.attached_to != "room":
            holder = by_name[p.attached_to]
            gap = max(max(p.lo[i] - holder.hi[i], holder.lo[i] - p.hi[i]) for i in range(3))
            assert gap <= 1e-6, (p.name, holder.name, gap)


def _touch(a: Part, b: Part) -> bool:
    return max(max(a.lo[i] - b.hi[i], b.lo[i] - a.hi[i]) for i in range(3)) <= 1e-6


def test_boxing_ring_has_four_posts_ropes_between_them_and_a_raised_canvas():
    ring = build_set("boxing_ring", {"size": 6.0, "height": 1.0, "ropes": 4})
    posts = ring.of_class("post")
    ropes = ring.of_class("rope")
    assert len(posts) == 4 and len(ropes) == 16
    platform = ring.of_class("ring_platform")[0]
    assert platform.top == 1.0 and platform.size[:2] == (7.2, 7.2)  # 6 m + 0.6 m apron a side
    assert ring.of_class("boxing_ring")[0].size[:2] == (6.0, 6.0)  # the canvas
    assert len(ring.of_class("apron")) == 4
    assert sorted({round(p.center[0], 3) for p in posts}) == [-3.0, 3.0]
    assert all(p.lo[2] == 1.0 for p in posts)  # standing on the canvas
    for rope in ropes:  # each rope runs from one post to the next
        assert sum(_touch(rope, p) for p in posts) == 2, rope.name
        assert 1.0 < rope.lo[2] < posts[0].hi[2]
    assert ring.stage == ("platform",)


def test_basketball_court_hoops_have_the_rim_at_305():
    court = build_set("basketball_court")
    rims = [p for p in court.of_class("basketball_hoop") if p.name.startswith("rim")]
    assert len(rims) == 2 and len(court.of_class("basketball_hoop")) == 4  # rims and nets
    assert [r.top for r in rims] == [3.05, 3.05]
    assert sorted(round(r.center[0], 3) for r in rims) == [-12.425, 12.425]  # 1.575 m in
    floor = court.of_class("basketball_court")[0]
    assert floor.size[:2] == (28.0, 15.0) and floor.top <= FLAT
    assert len(court.of_class("court_line")) >= 9
    assert all(line.top <= FLAT for line in court.of_class("court_line"))
    assert len(court.of_class("backboard")) == 2
    assert len(build_set("basketball_court", {"hoops": 1}).of_class("basketball_hoop")) == 2


def _inside(x: float, y: float, parts: list[Part]) -> bool:
    return any(p.lo[0] < x < p.hi[0] and p.lo[1] < y < p.hi[1] for p in parts)


def test_alley_with_three_turns_has_three_turns_of_the_given_width():
    alley = build_set("alley", {"turns": 3, "width": 2.0, "leg": 8.0})
    path = list(alley.path)
    assert len(path) == 5
    dirs = [(round(b[0] - a[0], 3) != 0, round(b[1] - a[1], 3) != 0)
            for a, b in itertools.pairwise(path)]
    assert sum(d1 != d2 for d1, d2 in itertools.pairwise(dirs)) == 3
    buildings = alley.of_class("building")
    paving = alley.of_class("alley")
    for a, b in itertools.pairwise(path):
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        along_x = a[1] == b[1]
        for side in (-1, 1):
            inner = (mx, my + side * 0.95) if along_x else (mx + side * 0.95, my)
            outer = (mx, my + side * 1.05) if along_x else (mx + side * 1.05, my)
            assert not _inside(*inner, buildings) and _inside(*inner, paving)
            assert _inside(*outer, buildings)
    assert len(alley.of_class("door")) == 3
    assert len(build_set("alley", {"turns": 0}).path) == 2


def test_alley_centreline_is_a_staircase_centred_on_the_origin():
    assert centreline(2, 5.0, 2.0) == [(-2.5, -5.0), (-2.5, 0.0), (2.5, 0.0), (2.5, 5.0)]


def test_city_block_has_n_buildings_with_heights_around_the_given_one():
    block = build_set("city_block", {"buildings": 7, "height": 30.0})
    buildings = block.of_class("building")
    assert len(buildings) == 7
    assert all(20.0 <= b.top <= 40.0 for b in buildings)
    assert len({b.top for b in buildings}) > 1
    assert block.of_class("road") and block.of_class("sidewalk")


def test_street_has_road_sidewalks_and_facades_on_both_sides():
    street = build_set("street", {"length": 40.0, "road": 8.0, "sidewalk": 3.0})
    assert street.of_class("road")[0].size[:2] == (40.0, 8.0)
    assert len(street.of_class("sidewalk")) == 2
    facades = street.of_class("building")
    assert any(f.hi[1] <= -7.0 for f in facades) and any(f.lo[1] >= 7.0 for f in facades)
    assert sum(f.size[0] for f in facades) == pytest.approx(80.0)  # both sides, no gap


def test_hill_is_a_heightfield_with_a_flat_summit():
    hill = build_set("hill", {"height": 6.0, "radius": 16.0, "summit": 2.0, "cells": 16})
    terrain = hill.of_class("hill")
    assert max(t.top for t in terrain) == 6.0
    summit = next(t for t in terrain if t.name == "summit")
    assert summit.top == 6.0 and summit.size[0] >= 2.0
    assert min(t.top for t in terrain) < 1.0  # it slopes down to the ground
    assert all(t.role == "platform" and t.lo[2] == 0.0 for t in terrain)
    # Higher toward the centre: a column halfway out is lower than the summit.
    mid = [t for t in terrain if abs(t.center[0] - 7.0) < 0.6 and abs(t.center[1]) < 1.1]
    assert mid and all(1.0 < t.top < 6.0 for t in mid)
    assert hill.of_class("water") == []
    lake = build_set("hill", {"radius": 16.0, "lake": 10.0}).of_class("water")[0]
    assert lake.hi[1] == -19.0 and lake.size[:2] == (32.0, 10.0)  # 3 m of shore


def test_pond_has_a_water_surface_above_the_ground_in_a_bank():
    pond = build_set("pond", {"width": 10.0, "length": 6.0, "water_depth": 1.0})
    water = pond.of_class("water")[0]
    assert water.role == "water" and water.size == (10.0, 6.0, 1.0) and 0.0 < water.top <= 0.05
    assert len(pond.of_class("bank")) == 4


def test_stage_steps_rise_to_the_platform():
    stage = build_set("stage", {"height": 1.0})
    steps = sorted(stage.of_class("steps"), key=lambda s: s.top)
    assert [s.top for s in steps] == [0.2, 0.4, 0.6, 0.8]
    assert stage.of_class("stage")[0].top == 1.0
    assert _touch(steps[-1], stage.of_class("stage")[0])


def test_plaza_hall_stands_on_a_podium_behind_steps():
    plaza = build_set("plaza", {"steps": 5})
    podium = next(p for p in plaza.parts if p.name == "podium")
    hall = plaza.of_class("hall")[0]
    assert hall.lo[2] == podium.top == 0.85
    assert len(plaza.of_class("steps")) == 6 and len(plaza.of_class("column")) >= 2
    assert build_set("plaza", {"building": "church"}).of_class("church")


def test_park_trees_stand_on_lawns_clear_of_the_paths():
    park = build_set("park", {"trees": 8, "path": 3.0})
    crowns, trunks = park.of_class("tree"), park.of_class("tree_trunk")
    assert len(crowns) == len(trunks) == 8
    for c in crowns:
        assert abs(c.center[0]) > 1.5 and abs(c.center[1]) > 1.5
    for t in trunks:
        assert t.lo[2] == FLAT


def test_interiors_have_a_ceiling_at_their_height_and_the_named_windows():
    room = build_set("living_room", {"width": 7.0, "depth": 5.0, "height": 2.8, "windows": 3})
    assert room.indoor and room.height == 2.8
    assert room.of_class("ceiling")[0].hi[2] == 2.8  # inside the room, under its top
    assert len(room.of_class("window")) == 3
    kitchen = build_set("kitchen")
    assert kitchen.of_class("counter")[0].top == 0.9
    cafe = build_set("cafe")
    assert any(w.name == "shopfront" for w in cafe.of_class("window"))


@pytest.mark.parametrize(("name", "params", "field"), [
    ("alley", {"turns": -3}, "setting.params.turns"),
    ("city_block", {"buildings": 0}, "setting.params.buildings"),
    ("living_room", {"width": 10000.0}, "setting.params.width"),
    ("boxing_ring", {"size": 2.0}, "setting.params.size"),
    ("alley", {"turns": 2.5}, "setting.params.turns"),
    ("hill", {"slope": 3.0}, "setting.params.slope"),
    ("pond", {"width": "big"}, "setting.params.width"),
    ("city_block", {"lot": 8.0, "sidewalk": 4.0}, "setting.params.sidewalk"),
    ("plaza", {"building": "spaceport"}, "setting.params.building"),
])
def test_out_of_range_parameters_raise_an_input_error_naming_the_field(name, params, field):
    with pytest.raises(InputError) as err:
        build_set(name, params)
    assert field in str(err.value)


def test_an_unknown_set_is_an_input_error_naming_setting_set():
    with pytest.raises(InputError, match=r"setting\.set"):
        build_set("moon_base")


SCRIPT = ("import json; from previz.skills.setparts import build_set; "
          "from previz.skills.vocabulary import names; "
          "print(json.dumps([build_set(n, seed=7).to_json() for n in names('set')], "
          "sort_keys=True))")


def test_generation_is_byte_identical_across_processes():
    outs = []
    for hashseed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        outs.append(subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert outs[0] == outs[1]
    assert len(json.loads(outs[0])) == len(SETS)


def test_the_seed_changes_only_seeded_detail():
    assert build_set("alley", seed=1).to_json() != build_set("alley", seed=2).to_json()
    assert build_set("boxing_ring", seed=1).to_json() == build_set("boxing_ring", seed=2).to_json()
