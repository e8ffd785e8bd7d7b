"""The supervisor at scale (issue 23): `check` on thousands of entities, or a pile of them in one
place, gives an answer — overlap pairs come from a sort-and-sweep (`aabb_pairs`) and a
vectorised separating-axis test (`penetrations`), and what a check's budget leaves unmeasured
is reported as a ``not_checked`` problem, never a hang. Also: ``check --plot`` on the bundled
room example and on a cup held at the left wrist draws its map."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest

from previz.addon.cli import main
from previz.agents.supervisor import check
from previz.skills.geometry import Box, aabb_pairs, penetration, penetrations
from previz.world import World

ROOT = Path(__file__).resolve().parents[2]
check_mod = __import__("previz.agents.supervisor.check", fromlist=["check"])  # the module


def _rotation(yaw: float, pitch: float) -> np.ndarray:
    cz, sz, cy, sy = math.cos(yaw), math.sin(yaw), math.cos(pitch), math.sin(pitch)
    return np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]]) @ \
        np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])


def _random_boxes(n: int, seed: int, spread: float) -> list[Box]:
    rng = np.random.default_rng(seed)
    return [Box(rng.uniform(-spread, spread, 3),
                _rotation(*rng.uniform(-3, 3, 2)) if k % 3 else np.eye(3),
                rng.uniform(0.1, 1.0, 3)) for k in range(n)]


def test_the_sweep_finds_exactly_the_pairs_of_the_all_pairs_matrix() -> None:
    boxes = _random_boxes(400, seed=1, spread=4.0)
    lo = np.stack([b.aabb()[0] for b in boxes])
    hi = np.stack([b.aabb()[1] for b in boxes])
    tol = 0.01
    dense = np.all((lo[:, None, :] < hi[None, :, :] - tol) &
                   (lo[None, :, :] < hi[:, None, :] - tol), axis=2)
    want_i, want_j = np.nonzero(np.triu(dense, 1))
    i, j, truncated = aabb_pairs(lo, hi, tol)
    assert not truncated and len(i) > 1000
    assert np.array_equal(i, want_i) and np.array_equal(j, want_j)
    i, j, truncated = aabb_pairs(lo, hi, tol, limit=50)
    assert truncated and len(i) == 50


def test_the_vectorised_depth_is_the_pairwise_depth() -> None:
    boxes = _random_boxes(200, seed=2, spread=2.0)
    i, j = np.triu_indices(len(boxes), 1)
    got = penetrations(np.stack([b.center for b in boxes]), np.stack([b.axes for b in boxes]),
                       np.stack([b.half for b in boxes]), i, j)
    want = np.array([penetration(boxes[a], boxes[b]) for a, b in zip(i, j, strict=True)])
    assert np.abs(got - want).max() < 1e-12
    assert (want > 0).sum() > 500 and (want == 0).sum() > 500


def _scene(locations: list[tuple[float, float]], frames: int = 1,
           moving_camera: bool = False) -> World:
    ents = [{"id": f"b{k:05d}", "kind": "prop", "asset": {"size": [1, 1, 1]},
             "transform": {"location": [x, y, 0.0]}} for k, (x, y) in enumerate(locations)]
    cam_x = [[1, 0.0], [frames, 1.0]] if moving_camera else 0.0
    return World.model_validate({
        "entities": ents,
        "cameras": [{"id": "cam", "transform": {"location": [cam_x, -60.0, 5.0],
                                                "rotation": [math.pi / 2, 0.0, 0.0]}}],
        "shots": [{"id": "s", "camera": "cam", "frame_start": 1, "frame_end": frames}],
    })


def _expected_overlaps(locations: list[tuple[float, float]]) -> int:
    """Unit boxes overlap by more than 1 cm iff both |dx| and |dy| are below 0.99."""
    p = np.array(locations)
    d = np.abs(p[:, None, :] - p[None, :, :])
    close = np.all(d < 1.0 - check_mod.TOL, axis=2)
    return int(np.triu(close, 1).sum())


def test_check_on_thousands_of_entities_reports_every_overlap() -> None:
    rng = np.random.default_rng(3)
    locations = [tuple(float(v) for v in rng.uniform(-60, 60, 2)) for _ in range(3000)]
    report = check(_scene(locations))
    pairs = [p for p in report.problems if p.kind == "interpenetration"]
    assert len(pairs) == _expected_overlaps(locations) > 100
    assert not any(p.kind == "not_checked" for p in report.problems)


def test_a_pile_beyond_the_budget_is_reported_not_checked(monkeypatch) -> None:
    monkeypatch.setattr(check_mod, "MAX_LISTED_PAIRS", 500)
    rng = np.random.default_rng(4)
    locations = [tuple(float(v) for v in rng.uniform(-0.3, 0.3, 2)) for _ in range(200)]
    report = check(_scene(locations))
    kinds = report.kinds()
    assert kinds["interpenetration"] == 500
    (budget,) = [p for p in report.problems if p.kind == "not_checked"]
    assert budget.detail == ("not checked (budget): overlap: 19400 more overlapping pairs of "
                             "boxes not listed (at most 500 per check)")


def test_static_overlaps_measured_once_hold_on_every_frame() -> None:
    report = check(_scene([(0.0, 0.0), (0.5, 0.0), (20.0, 0.0)], frames=6, moving_camera=True))
    (pair,) = [p for p in report.problems if p.kind == "interpenetration"]
    assert pair.entities == ["b00000", "b00001"] and pair.frames == [1, 2, 3, 4, 5, 6]
    assert pair.detail == "b00000 and b00001 overlap by up to 0.50 m"


@pytest.mark.slow
def test_check_on_10000_entities_answers(tmp_path, capsys) -> None:
    rng = np.random.default_rng(5)
    locations = [tuple(float(v) for v in rng.uniform(-190, 190, 2)) for _ in range(10_000)]
    path = tmp_path / "w.json"
    path.write_text(_scene(locations).canonical_json())
    code = main(["-q", "check", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["metrics"]["entities"] == 10_000
    pairs = [p for p in out["problems"] if p["kind"] == "interpenetration"]
    assert len(pairs) == _expected_overlaps(locations)


def _held_cup_world() -> dict:
    data = json.loads((ROOT / "examples" / "two_characters_room.json").read_text())
    data = copy.deepcopy(data)
    data["entities"].append({"id": "mug", "kind": "prop", "asset": {"size": [0.08, 0.08, 0.1]}})
    holder = next(e["id"] for e in data["entities"] if e.get("skeleton"))
    data["relations"].append({"type": "attached_to", "subject": "mug", "target": holder,
                              "joint": "left_wrist"})
    return data


@pytest.mark.parametrize("case", ["room_example", "cup_at_left_wrist"])
def test_check_plot_draws_the_room_example(case, tmp_path, capsys) -> None:
    path = ROOT / "examples" / "two_characters_room.json"
    if case == "cup_at_left_wrist":
        path = tmp_path / "w.json"
        path.write_text(json.dumps(_held_cup_world()))
    plot = tmp_path / "map.png"
    code = main(["-q", "check", str(path), "--plot", str(plot)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "KeyError" not in err, err
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
