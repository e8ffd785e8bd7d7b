"""`bake` holds the cyclic garbage collector off while it makes its keys (a crowd's million key
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
