"""The beach, forest clearing, rooftop, parking lot, football pitch and tennis court: each
one's defining parts and sizes, and out-of-range parameters refused by name."""

from __future__ import annotations

import itertools

import pytest

from previz.skills.setparts import FLAT, build_set
from previz.world import InputError


def test_beach_has_sand_a_water_line_and_the_sea_beyond_it():
    beach = build_set("beach", {"width": 50.0, "sand": 20.0, "sea": 10.0, "water_depth": 3.0})
    (sand,), (line,), (sea,) = (beach.of_class(c) for c in ("sand", "water_line", "water"))
    assert line.lo[0] == sand.lo[0] == sea.lo[0] == -25.0 and line.hi[0] == sea.hi[0] == 25.0
    assert sand.hi[1] == line.lo[1] and line.hi[1] == sea.lo[1]  # sand, wet line, sea
    assert sea.size[1] == 10.0 and sea.role == "water"
    assert 0 < sea.top < 0.05 and sea.lo[2] == pytest.approx(sea.top - 3.0)  # 3 m deep
    assert sand.top <= FLAT and beach.stage == ("sand",)


def test_forest_clearing_is_open_grass_ringed_by_trees():
    forest = build_set("forest_clearing", {"size": 50.0, "clearing": 16.0, "trees": 30})
    (grass,) = forest.of_class("lawn")
    assert grass.size[:2] == (16.0, 16.0)
    trunks, crowns = forest.of_class("tree_trunk"), forest.of_class("tree")
    assert len(trunks) == len(crowns) >= 20
    for crown in crowns:  # nothing overhangs the clearing
        assert max(abs(crown.lo[0]), abs(crown.hi[0]), abs(crown.lo[1]),
                   abs(crown.hi[1])) > 8.0
        assert not (crown.hi[0] > -8 and crown.lo[0] < 8 and crown.hi[1] > -8
                    and crown.lo[1] < 8)
    assert all(t.lo[2] == FLAT for t in trunks)  # trunks stand on the forest floor
    with pytest.raises(InputError, match=r"setting\.params\.clearing"):
        build_set("forest_clearing", {"size": 20.0, "clearing": 19.0})


def test_rooftop_parapet_stands_on_the_roof_edge_at_railing_height():
    roof = build_set("rooftop", {"height": 30.0, "parapet": 1.1})
    (slab,) = roof.of_class("roof")
    assert slab.top == 30.0 and slab.role == "platform" and roof.stage == ("roof",)
    parapets = roof.of_class("parapet")
    assert len(parapets) == 4
    for p in parapets:
        assert p.lo[2] == 30.0 and p.hi[2] == pytest.approx(31.1)
    xs = sorted({p.lo[0] for p in parapets} | {p.hi[0] for p in parapets})
    assert xs[0] == slab.lo[0] and xs[-1] == slab.hi[0]  # at the edge
    (stairs,) = roof.of_class("stair_housing")
    assert stairs.lo[2] == 30.0 and stairs.size[2] > 2.0
    assert all(u.lo[2] == 30.0 for u in roof.of_class("rooftop_unit"))


def test_parking_lot_has_rows_of_bays_of_the_given_width_and_length():
    lot = build_set("parking_lot", {"bays": 8, "rows": 2, "bay_width": 2.6,
                                    "bay_length": 5.0, "aisle": 6.5})
    lines = lot.of_class("parking_line")
    assert len(lines) == 2 * (8 + 1)
    for row in ("1", "2"):
        xs = sorted(ln.center[0] for ln in lines if ln.name.startswith(f"bay-line-{row}-"))
        gaps = {round(b - a, 4) for a, b in itertools.pairwise(xs)}
        assert gaps == {2.6}
    assert {round(ln.size[1], 4) for ln in lines} == {5.0}
    south = max(ln.hi[1] for ln in lines if ln.name.startswith("bay-line-1-"))
    north = min(ln.lo[1] for ln in lines if ln.name.startswith("bay-line-2-"))
    assert north - south == pytest.approx(6.5)  # the aisle
    assert all(ln.top <= FLAT for ln in lines)


def test_football_pitch_goals_are_732_wide_and_244_high():
    pitch = build_set("football_pitch")
    (grass,) = pitch.of_class("football_pitch")
    assert grass.size[:2] == (111.0, 74.0)  # 105 × 68 plus the run-off
    posts = pitch.of_class("goal_post")
    bars = [p for p in posts if p.name.startswith("crossbar")]
    uprights = [p for p in posts if p.name.startswith("post")]
    assert len(bars) == 2 and len(uprights) == 4
    for bar in bars:
        assert bar.lo[2] == pytest.approx(2.44)  # the crossbar's underside
        assert bar.size[1] == pytest.approx(7.32)  # between the posts' inner faces
    for side in ("west", "east"):
        s, n = (p for p in uprights if side in p.name)
        assert n.lo[1] - s.hi[1] == pytest.approx(7.32)
        assert s.lo[2] == 0.0
    assert sorted(round(b.center[0], 2) for b in bars) == [-52.44, 52.44]
    assert len(pitch.of_class("goal_net")) == 4


def test_tennis_court_net_lines_and_posts_at_itf_sizes():
    court = build_set("tennis_court")
    (net,) = court.of_class("tennis_net")
    assert net.top == pytest.approx(0.914) and net.center[0] == 0.0
    posts = court.of_class("net_post")
    assert [p.top for p in posts] == [1.07, 1.07]
    assert sorted(round(p.hi[1] if p.center[1] < 0 else p.lo[1], 3) for p in posts) == \
        [-6.399, 6.399]  # 0.914 m outside the doubles sidelines (5.485)
    lines = {p.name: p for p in court.of_class("court_line")}
    assert lines["baseline-east"].hi[0] - lines["baseline-west"].lo[0] == pytest.approx(23.77)
    assert lines["doubles-sideline-north"].hi[1] - lines["doubles-sideline-south"].lo[1] == \
        pytest.approx(10.97)
    assert lines["singles-sideline-north"].hi[1] - lines["singles-sideline-south"].lo[1] == \
        pytest.approx(8.23)
    assert lines["service-line-east"].hi[0] == pytest.approx(6.40)
    assert lines["service-line-west"].lo[0] == pytest.approx(-6.40)
    # The court itself (what a director calls the court) inside the outer lines, the run-off
    # round it: together the whole floor, no two overlapping.
    (surface,) = court.of_class("tennis_court")
    assert surface.size[:2] == pytest.approx((23.77, 10.97))
    floor = [surface, *court.of_class("court_surround")]
    assert sum(p.size[0] * p.size[1] for p in floor) == pytest.approx(
        (23.77 + 2 * 6.4) * (10.97 + 2 * 3.66))
    for a, b in itertools.combinations(floor, 2):
        assert min(a.hi[0], b.hi[0]) <= max(a.lo[0], b.lo[0]) + 1e-9 or \
            min(a.hi[1], b.hi[1]) <= max(a.lo[1], b.lo[1]) + 1e-9


@pytest.mark.parametrize("name,params,field", [
    ("beach", {"sea": -3.0}, "sea"),
    ("forest_clearing", {"trees": 1000}, "trees"),
    ("rooftop", {"height": 10000.0}, "height"),
    ("parking_lot", {"bays": 0}, "bays"),
    ("football_pitch", {"goal_height": 3.0}, "goal_height"),
    ("tennis_court", {"length": 0.0}, "length"),
])
def test_out_of_range_parameters_name_the_field(name, params, field):
    with pytest.raises(InputError, match=rf"setting\.params\.{field}"):
        build_set(name, params)
