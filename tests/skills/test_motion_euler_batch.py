"""Baking converts every joint's rotations to Euler angles in one call: `matrices_to_euler` is
`matrix_to_euler` of each channel bit for bit — smooth channels, channels that wrap past ±π,
and channels through gimbal lock that take the per-frame path."""

from __future__ import annotations

import numpy as np

from previz.skills.motion.rig import euler_to_matrix, matrices_to_euler, matrix_to_euler


def _channels() -> np.ndarray:
    rng = np.random.default_rng(8)
    f = 48
    t = np.linspace(0.0, 1.0, f)[:, None]
    smooth = 0.4 * np.sin(2 * np.pi * t + rng.uniform(0, 3, (1, 3)))
    spinning = np.c_[np.zeros(f), np.zeros(f), np.linspace(0, 4 * np.pi, f)]  # wraps
    gimbal = np.c_[0.3 * np.ones(f), np.linspace(1.2, 1.9, f), 0.2 * np.ones(f)]  # ~π/2
    noisy = rng.normal(size=(f, 3))  # jumps: the per-frame path
    eulers = np.stack([smooth, spinning, gimbal, noisy, np.zeros((f, 3))], axis=1)
    return euler_to_matrix(eulers)  # (F, J, 3, 3)


def test_matrices_to_euler_is_matrix_to_euler_per_channel_bit_for_bit() -> None:
    mats = _channels()
    many = matrices_to_euler(mats)
    assert many.shape == (48, 5, 3)
    for j in range(mats.shape[1]):
        assert many[:, j].tobytes() == matrix_to_euler(mats[:, j]).tobytes(), j
    # the wrapping channel really is unwrapped (continuous), not principal
    assert np.abs(np.diff(many[:, 1, 2])).max() < 0.5
    assert many[-1, 1, 2] > 3 * np.pi


def test_matrices_to_euler_of_one_frame_and_of_no_channel() -> None:
    mats = _channels()
    one = matrices_to_euler(mats[:1])
    for j in range(mats.shape[1]):
        assert one[:, j].tobytes() == matrix_to_euler(mats[:1, j]).tobytes()
    assert matrices_to_euler(mats[:, :0]).shape == (48, 0, 3)
