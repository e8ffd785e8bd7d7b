"""Entity masks as one label volume (`Passes.load_mask_labels`, `changes.MASK_LABELS`): the same
masks, change masks and working-size entity masks as one boolean volume per entity, which a
100-character crowd cannot afford (7.7 GB at 832x480 over 192 frames)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from previz.neural_render.changes import (
    MASK_IDS,
    MASK_LABELS,
    change_mask,
    entity_mask,
    load_snapshot,
    save_snapshot,
    snapshot,
)
from previz.neural_render.passes import load_passes
from previz.neural_render.renderer import _entity_masks
from previz.neural_render.sizing import resize_frames
from previz.world.passes_contract import frame_path


def _labels_form(ids: list[str], labels: np.ndarray) -> dict[str, np.ndarray]:
    return {MASK_IDS: np.array(ids, dtype=np.str_), MASK_LABELS: labels.astype(np.uint16)}


def _per_entity_form(ids: list[str], labels: np.ndarray) -> dict[str, np.ndarray]:
    return {f"mask/{eid}": labels == k + 1 for k, eid in enumerate(ids)}


def test_change_mask_of_labels_equals_per_entity_masks() -> None:
    rng = np.random.default_rng(3)
    shape = (3, 10, 12)
    # mostly the same pixels, some changed, and entities that come and go between the two
    old_ids, new_ids = ["a", "b", "c"], ["b", "c", "d"]
    old = rng.integers(0, 4, shape)
    names = {0: 0, 1: 0, 2: 1, 3: 2}  # old label -> new label: "a" is gone, b and c renumbered
    new = np.vectorize(names.get)(old)
    flip = rng.random(shape) < 0.1
    new[flip] = rng.integers(0, 4, int(flip.sum()))
    cases = [(old_ids, old, new_ids, new), (old_ids, old, old_ids, old.copy()),
             (new_ids, new, new_ids, np.where(flip, 0, new))]
    for ids_a, a, ids_b, b in cases:
        want = change_mask(_per_entity_form(ids_a, a), _per_entity_form(ids_b, b), radius=0)
        got = change_mask(_labels_form(ids_a, a), _labels_form(ids_b, b), radius=0)
        mixed = change_mask(_per_entity_form(ids_a, a), _labels_form(ids_b, b), radius=0)
        assert np.array_equal(got, want) and np.array_equal(mixed, want)
    # the first case: "a" left and "d" came; pixels where only the numbering changed are unchanged
    first = change_mask(_labels_form(old_ids, old), _labels_form(new_ids, new), radius=0)
    gone = (old == 1) & ~flip
    assert first[gone].all()  # "a" was there, nothing is now
    renumbered = (old >= 2) & ~flip
    assert renumbered.any() and not first[renumbered].any()


def _exclusive_folder(passes_factory):
    shot = passes_factory(frames=4, width=40, height=24)
    passes = load_passes(shot)
    masks = passes.load_entity_masks()
    assert sorted(masks) == ["hero", "prop"]
    assert not (masks["hero"] & masks["prop"]).any()  # the fixture's boxes do not overlap
    return shot, passes, masks


def test_mask_labels_hold_the_masks_and_overlap_falls_back(passes_factory, tmp_path) -> None:
    shot, passes, masks = _exclusive_folder(passes_factory)
    ids, labels = passes.load_mask_labels()
    assert ids == ("hero", "prop") and labels.dtype == np.uint16
    for k, eid in enumerate(ids):
        assert masks[eid].any() and np.array_equal(labels == k + 1, masks[eid])
    assert passes.load_mask_labels(["prop"])[0] == ("prop",)
    # read from the segmentation (one file a frame), the same as from the masks themselves
    assert passes._labels_from_segmentation(ids) is not None
    (shot / "passes" / "segmentation").rename(shot / "segmentation-aside")
    from_masks = load_passes(shot).load_mask_labels()
    (shot / "segmentation-aside").rename(shot / "passes" / "segmentation")
    assert from_masks[0] == ids and np.array_equal(from_masks[1], labels)
    snap = snapshot(passes, {})
    assert MASK_LABELS in snap and not any(k.startswith("mask/") for k in snap)
    save_snapshot(tmp_path / "c.npz", snap)
    back = load_snapshot(tmp_path / "c.npz")
    for eid in ids:
        assert np.array_equal(entity_mask(back, eid), masks[eid])
    # Two masks sharing a pixel: no label volume; the snapshot keeps one volume per entity.
    path = shot / frame_path("mask", 1, entity="prop")
    overlap = np.asarray(Image.open(path)).copy()
    overlap[masks["hero"][0]] = 255
    Image.fromarray(overlap).save(path)
    passes = load_passes(shot)
    assert passes._labels_from_segmentation(ids) is None  # the segmentation does not say that
    assert passes.load_mask_labels() is None
    snap = snapshot(passes, {})
    assert MASK_LABELS not in snap and snap["mask/prop"][0][masks["hero"][0]].all()


def test_a_segmentation_that_is_not_the_masks_is_not_read_as_them(passes_factory) -> None:
    shot, passes, masks = _exclusive_folder(passes_factory)
    path = shot / frame_path("segmentation", 3)
    seg = np.asarray(Image.open(path)).copy()
    seg[0, 0] = [1, 2, 3]  # a colour that is no entity's
    Image.fromarray(seg).save(path)
    passes = load_passes(shot)
    assert passes._labels_from_segmentation(("hero", "prop")) is None
    ids, labels = passes.load_mask_labels()  # from the masks
    assert all(np.array_equal(labels == k + 1, masks[e]) for k, e in enumerate(ids))


def test_working_size_entity_masks_from_labels_equal_resizing_each_mask(passes_factory) -> None:
    _, passes, masks = _exclusive_folder(passes_factory)
    conditions = snapshot(passes, {})
    for ids in (["hero", "prop"], ["prop"], []):
        got = _entity_masks(passes, conditions, ids, 16, 9)
        read = _entity_masks(passes, {}, ids, 16, 9)  # no snapshot: the labels are read
        want = {eid: resize_frames(masks[eid].astype(np.uint8) * 255, 16, 9, nearest=True) > 127
                for eid in sorted(ids)}
        assert list(got) == list(want) == list(read)
        for eid in want:
            assert want[eid].any() and np.array_equal(got[eid], want[eid])
            assert np.array_equal(read[eid], want[eid])
