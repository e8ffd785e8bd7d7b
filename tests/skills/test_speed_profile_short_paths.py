"""A path shorter than one arc-length cell starts and ends at rest in that cell: its profile is
a few frames long, not the billion frames (and 14 GB) the 2·ds / 0 time step once asked for."""

from __future__ import annotations

import math

import numpy as np
import pytest

from previz.skills.trajectory.path import Path, curvature_speed_profile


@pytest.mark.parametrize("length", [0.001, 0.02, 0.049])
def test_a_path_shorter_than_a_cell_takes_a_few_frames(length: float) -> None:
    out = curvature_speed_profile(Path.from_points([[0, 0], [length, 0]]), 1.3, 24.0,
                                  accel=1.5, ds=0.05)
    # Rest to rest over `length` at 1.5 m/s²: 2·sqrt(length / 1.5) seconds.
    expected_frames = math.ceil(2 * math.sqrt(length / 1.5) * 24) + 1
    assert len(out) == expected_frames
    assert out[0] == 0.0 and out[-1] == pytest.approx(length)
    assert np.all(np.diff(out) >= 0)
