"""`bake` writes exact zeros (not the last-bit rounding a pose happens to carry), and holds the
cyclic garbage collector off while it makes its keys (a crowd's million key
objects set off collections that were half of its cost) and gives it back as it was — enabled or
not, and when the bake fails — with the same keys as a bake with the collector running."""

from __future__ import annotations

import gc

import pytest

from previz.skills.motion import clip
from previz.skills.motion.locomotion import locomotion
from previz.skills.skeletons import make_skeleton
from previz.world import Entity, InputError


def _walk():
    skel = make_skeleton("humanoid")
    return skel, locomotion(skel, [(0.0, 0.0), (3.0, 0.0), (3.0, 2.0)], style="walk")


def test_bake_runs_with_the_collector_off_and_turns_it_back_on(monkeypatch):
    skel, motion = _walk()
    seen = []
    keys = clip.keys_from_arrays

    def spy(*args, **kw):
        seen.append(gc.isenabled())
        return keys(*args, **kw)

    monkeypatch.setattr(clip, "keys_from_arrays", spy)
    assert gc.isenabled()
    clip.bake(motion, Entity(id="a", kind="character", skeleton=skel), tolerance=1e-3)
    assert seen and not any(seen)  # every key made with the collector held off
    assert gc.isenabled()


def test_bake_leaves_a_disabled_collector_disabled_and_restores_it_after_an_error():
    skel, motion = _walk()
    gc.disable()
    try:
        clip.bake(motion, Entity(id="a", kind="character", skeleton=skel))
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(InputError):
        clip.bake(motion, Entity(id="b", kind="prop"))  # no skeleton to animate
    assert gc.isenabled()


def test_bake_makes_the_same_keys_as_with_the_collector_running():
    skel, motion = _walk()
    ent = Entity(id="a", kind="character", skeleton=skel)
    paused = clip.bake(motion, ent, tolerance=1e-3)
    running = clip._bake(motion, ent, 1, 1, "linear", 1e-3)
    assert paused.model_dump() == running.model_dump()


def test_bake_writes_rounding_noise_at_zero_as_an_exact_zero():
    """A channel at 0 that came out 2.2e-16 or -0.0 (the rounding followed the arrays' memory
    layout) bakes as the same World as an exact 0.0."""
    skel, motion = _walk()
    ent = Entity(id="a", kind="character", skeleton=skel)
    clean = clip.bake(motion, ent)
    noisy = clip.replace(motion, entity_location=motion.entity_location.copy(),
                         locations=motion.locations.copy())
    noisy.entity_location[:, 2] = 2.2e-16  # the walk on flat ground: z is 0
    noisy.entity_location[::2, 2] = -0.0
    assert not motion.locations[:, 1].any()  # a joint that never moves from its offset
    noisy.locations[5, 1, 0] = 2.2e-16  # one of its keys off by a last bit
    assert clean.transform.location[2] == 0.0
    assert clean.model_dump() == clip.bake(noisy, ent).model_dump()
    z = clip.bake(noisy, ent).transform.location[2]
    assert z == 0.0 and str(z) == "0.0"  # not -0.0
