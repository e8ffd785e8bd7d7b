"""`previz check --plot` for a large cast: the legend groups movers by kind and stays small, and
no two labels overlap (a crowd's labels that find no free place near what they name are left
out rather than drawn over one another)."""

from __future__ import annotations

from previz.agents.supervisor import check
from previz.agents.supervisor.plot import LEGEND_NAMED, SIZE, map_layout
from previz.world import World
from previz.world.transforms import look_at_euler


def _crowd(people: int, dogs: int = 3) -> World:
    """``people`` walkers on a 10-wide grid in a square, ``dogs`` dogs, one camera."""
    eye = [0, -14, 6]
    ents: list[dict] = [{"id": "square", "kind": "set", "semantic_class": "wall",
                         "asset": {"size": [30, 30, 4]}}]
    for i in range(people):
        x, y = -12 + (i % 10) * 2.6, -10 + (i // 10) * 2.2
        ents.append({"id": f"person-{i + 1:03d}", "kind": "character",
                     "semantic_class": "person", "asset": {"size": [0.5, 0.3, 1.7]},
                     "transform": {"location": [[[1, x, "linear"], [49, x + 1.0]], y, 0.0]}})
    for i in range(dogs):
        ents.append({"id": f"dog-{i}", "kind": "animal", "semantic_class": "dog",
                     "asset": {"size": [0.8, 0.3, 0.6]}, "transform": {
                         "location": [[[1, -5.0 + i, "linear"], [49, 5.0 + i]], 12.0, 0.0]}})
    return World.model_validate({
        "fps": 24, "entities": ents,
        "cameras": [{"id": "cam", "focal_length": 24, "transform": {
            "location": eye, "rotation": look_at_euler(eye, [0, 0, 1])}}],
        "shots": [{"id": "s1", "camera": "cam", "frame_start": 1, "frame_end": 49}]})


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_hundred_people_legend_is_grouped_by_kind_and_small():
    world = _crowd(100)
    layout = map_layout(world, check(world))
    assert layout.legend_rows == ["100 x person (body tracks, marks each second)",
                                  "3 x dog (body tracks, marks each second)"]
    x0, y0, x1, y1 = layout.legend
    # 5 fixed rows + 2 groups, 16 px each: a corner of the picture, not half of it.
    assert y1 - y0 == 10 + 16 * 7
    assert (x1 - x0) * (y1 - y0) < 0.05 * SIZE[0] * SIZE[1]


def test_hundred_people_labels_do_not_overlap_each_other_or_the_legend():
    world = _crowd(100)
    layout = map_layout(world, check(world))
    boxes = layout.labels
    assert "subject_out_of_frame" in layout.label_texts  # problems keep their words
    assert "cam (s1)" in layout.label_texts
    assert len(boxes) > 100  # most names and marks still drawn
    for i, a in enumerate(boxes):
        assert not _overlap(a, layout.legend), layout.label_texts[i]
        for j in range(i + 1, len(boxes)):
            assert not _overlap(a, boxes[j]), (layout.label_texts[i], layout.label_texts[j])


def test_small_cast_is_named_one_by_one():
    world = _crowd(LEGEND_NAMED - 3, dogs=2)
    rows = map_layout(world, check(world)).legend_rows
    assert rows == ["dog-0 (body track, mark each second)",
                    "dog-1 (body track, mark each second)"] + [
        f"person-{i:03d} (body track, mark each second)" for i in range(1, 6)]
