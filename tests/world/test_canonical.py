"""Canonical JSON and the content hash: stable across key order, list order and machines."""

from __future__ import annotations

import json
import random
from pathlib import Path

from previz.world import World, content_hash, differences, parse_world
from previz.world.canonical import snap_f32
from previz.world.schema import world_schema_json

ROOT = Path(__file__).resolve().parents[2]


def shuffled(obj, rng: random.Random):
    """The same JSON with every object's keys in a random order."""
    if isinstance(obj, dict):
        items = list(obj.items())
        rng.shuffle(items)
        return {k: shuffled(v, rng) for k, v in items}
    if isinstance(obj, list):
        return [shuffled(v, rng) for v in obj]
    return obj


def test_hash_ignores_key_order(example_path: Path) -> None:
    data = json.loads(example_path.read_text())
    reference = content_hash(World.model_validate(data))
    for seed in range(5):
        text = json.dumps(shuffled(data, random.Random(seed)))
        assert parse_world(text).content_hash() == reference


def test_hash_ignores_order_of_ids_but_not_of_joints(example_path: Path) -> None:
    data = json.loads(example_path.read_text())
    w = World.model_validate(data)
    for key in ("entities", "cameras", "lights", "relations", "shots"):
        data[key] = list(reversed(data[key]))
    assert World.model_validate(data).content_hash() == w.content_hash()
    skeletal = [e for e in data["entities"] if "skeleton" in e]
    if skeletal:
        skel = skeletal[0]["skeleton"]
        skel["joints"] = list(reversed(skel["joints"]))
        assert World.model_validate(data).content_hash() != w.content_hash()


def test_hash_sees_every_change() -> None:
    base = {"entities": [{"id": "a", "kind": "prop"}]}
    h = World.model_validate(base).content_hash()
    moved = {"entities": [{"id": "a", "kind": "prop", "transform": {"location": [0, 0, 0.001]}}]}
    assert World.model_validate(moved).content_hash() != h


def test_defaults_written_or_not_hash_the_same() -> None:
    a = World.model_validate({"entities": [{"id": "a", "kind": "prop"}]})
    b = World.model_validate({"version": 1, "fps": 24, "entities": [
        {"id": "a", "kind": "prop", "transform": {"scale": [1, 1.0, 1]}, "name": ""}]})
    assert a.content_hash() == b.content_hash()


def test_golden_hash_of_an_example() -> None:
    """The hash names caches on disk: changing the canonical form must be a deliberate act.
    If this fails after an intended change of the World model, update the value here."""
    w = World.model_validate_json((ROOT / "examples" / "orbit_prop.json").read_text())
    assert w.content_hash() == GOLDEN_ORBIT


def test_floats_snap_to_float32_shortest() -> None:
    assert snap_f32(0.1) == 0.1
    assert snap_f32(3.141592653589793) == 3.1415927
    assert snap_f32(-0.0) == 0.0
    w = World.model_validate({"cameras": [{"id": "c", "focal_length": 35.00000001}]})
    assert '"focal_length": 35.0' in w.canonical_json()


def test_differences_reports_paths() -> None:
    a = World.model_validate({"cameras": [{"id": "c", "focal_length": 35}]})
    b = World.model_validate({"cameras": [{"id": "c", "focal_length": 35.5}]})
    assert differences(a, b) == ["cameras[0].focal_length: 35.0 != 35.5"]
    assert differences(a, a) == []


def test_published_schema_is_current() -> None:
    published = (ROOT / "world" / "world.schema.json").read_text()
    assert published == world_schema_json(), "run `previz schema > world/world.schema.json`"


def test_examples_validate_against_published_schema(example_path: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "world" / "world.schema.json").read_text())
    jsonschema.validate(json.loads(example_path.read_text()), schema)


GOLDEN_ORBIT = "426709386ab52e022422fed9eb39b2a2da1cc3ac3d6d07ffb67623427632bffb"


def test_snapping_cache_gives_each_float_its_own_snap() -> None:
    # The cache of snapped floats answers by value: every float in the data snaps as
    # `snap_f32` alone would snap it, however the cache was filled (and after it is emptied).
    from previz.world import canonical

    rng = random.Random(4)
    values = [0.1, -0.0, 0.0, 1e-7, -2.5e-12, 1 / 3, 123456.789, 0.1 + 1e-12]
    values += [rng.uniform(-1e3, 1e3) for _ in range(200)]
    data = {"a": values, "b": [{"x": v, "y": (v, "s", 3)} for v in reversed(values)]}
    want = {"a": [snap_f32(v) for v in values],
            "b": [{"x": snap_f32(v), "y": [snap_f32(v), "s", 3]} for v in reversed(values)]}
    for size in (canonical._SNAPPED_MAX, 5):
        old = canonical._SNAPPED_MAX
        canonical._SNAPPED_MAX = size
        try:
            canonical._SNAPPED.clear()
            assert canonical._snap(data) == want
            assert canonical._snap(data) == want  # answered from the cache
            assert len(canonical._SNAPPED) <= size
        finally:
            canonical._SNAPPED_MAX = old


def test_indented_writer_is_json_dumps_to_the_character() -> None:
    # The canonical file is written by `dumps_indented`; it must be the text json.dumps
    # (sort_keys, indent=2, ensure_ascii=False) writes, for every kind of JSON data.
    from previz.world.canonical import dumps_indented

    rng = random.Random(9)
    words = ["", "a", "Zoë", "tab\\there", 'say "hi"', "back\\\\slash", "日本", "\\u2028", "\\x01"]

    def value(depth: int):  # type: ignore[no-untyped-def]
        pick = rng.randrange(9 if depth < 5 else 6)
        if pick == 0:
            return rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-12, 12)
        if pick == 1:
            return rng.randint(-10**12, 10**12)
        if pick == 2:
            return rng.choice(words)
        if pick == 3:
            return rng.choice([True, False, None, 0.0, -0.0, 1e-7, 1e22])
        if pick in (4, 5):
            return rng.choice([[], {}])
        if pick in (6, 7):
            return [value(depth + 1) for _ in range(rng.randrange(1, 5))]
        return {rng.choice(words) + str(k): value(depth + 1) for k in range(rng.randrange(1, 5))}

    for _ in range(200):
        data = {"root": value(0), "b": [value(1) for _ in range(3)]}
        assert dumps_indented(data) == json.dumps(data, sort_keys=True, indent=2,
                                                  ensure_ascii=False)
    # what it leaves to json.dumps gives json.dumps' text too
    for odd in ({"x": float("inf")}, {2: "a", 1: {"b": 2}}, {"t": (1, 2)}):
        assert dumps_indented(odd) == json.dumps(odd, sort_keys=True, indent=2,
                                                 ensure_ascii=False)


def test_canonical_file_of_an_example_is_unchanged(example_path: Path) -> None:
    w = World.model_validate_json(example_path.read_text())
    data = json.loads(w.canonical_json())
    assert w.canonical_json() == json.dumps(data, sort_keys=True, indent=2,
                                            ensure_ascii=False) + "\n"
