"""`keys_from_arrays` (the fast key construction baking uses) makes exactly the keys the model
makes one by one, and refuses what the model refuses."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from previz.world import Curve, Keyframe
from previz.world.tracks import keys_from_arrays


@pytest.mark.parametrize("interpolation", ["linear", "constant", "bezier"])
def test_the_same_keys_as_the_model(interpolation):
    rng = np.random.default_rng(7)
    frames = np.cumsum(rng.uniform(0.5, 3.0, 200)) - 40.0
    values = rng.normal(0.0, 5.0, 200)
    values[3] = 0.0
    values[4] = -0.0
    fast = keys_from_arrays(frames, values, interpolation)
    slow = [Keyframe(frame=f, value=v, interpolation=interpolation)
            for f, v in zip(frames.tolist(), values.tolist(), strict=True)]
    assert fast == slow
    for a, b in zip(fast, slow, strict=True):
        assert a.__dict__ == b.__dict__
        assert a.model_fields_set == b.model_fields_set
        assert a.model_dump() == b.model_dump()
        assert type(a.frame) is float and type(a.value) is float
    assert Curve(keys=fast).model_dump_json() == Curve(keys=slow).model_dump_json()
    # Each key owns its fields-set (pydantic's own keys do not share one).
    fast[0].model_fields_set.add("handle_left")
    assert "handle_left" not in fast[1].model_fields_set


@pytest.mark.parametrize("frames, values", [
    ([1.0, 2.0], [0.0, float("nan")]),
    ([1.0, float("inf")], [0.0, 1.0]),
    ([1.0, 2.0e7], [0.0, 1.0]),
])
def test_refuses_what_the_model_refuses(frames, values):
    with pytest.raises(ValidationError):
        keys_from_arrays(np.array(frames), np.array(values), "linear")


def test_an_unknown_interpolation_is_refused():
    with pytest.raises(ValidationError, match="interpolation"):
        keys_from_arrays(np.array([1.0]), np.array([0.0]), "cubic")  # type: ignore[arg-type]
