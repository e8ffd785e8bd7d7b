"""`World.entity` (and camera, light, shot) by id: the same answer as a scan, also after the
list is changed in place, and the KeyError message for a missing id — now that long lists are
indexed."""

from __future__ import annotations

import pytest

from previz.world import World


def _world(n: int) -> World:
    return World.model_validate({"entities": [
        {"id": f"box-{k:04d}", "kind": "prop", "asset": {"size": [1, 1, 1]},
         "transform": {"location": [k * 2.0, 0, 0]}} for k in range(n)]})


@pytest.mark.parametrize("n", [5, 200])
def test_lookup_equals_a_scan(n: int) -> None:
    w = _world(n)
    for k in (0, n // 2, n - 1):
        assert w.entity(f"box-{k:04d}") is w.entities[k]
    with pytest.raises(KeyError, match="no entity with id 'nope'"):
        w.entity("nope")


def test_lookup_follows_a_list_changed_in_place() -> None:
    w = _world(200)
    assert w.entity("box-0150").transform.location[0] == 300.0
    moved = w.entities[150].model_copy(update={"id": "moved"})
    w.entities[150] = moved  # same list, same length, another entity at that place
    assert w.entity("moved") is moved
    with pytest.raises(KeyError):
        w.entity("box-0150")
    w.entities.reverse()  # every index changes
    assert w.entity("box-0000") is w.entities[-1]
    del w.entities[0]
    assert w.entity("box-0001") is w.entities[-2]
