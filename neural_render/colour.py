"""Colour in CIE L*a*b*: the space where a colour difference is what the eye sees (ΔE), used to
measure and remove the colour jump at a seam between two chunks of a long shot.

sRGB (D65) ↔ XYZ ↔ L*a*b* with the published IEC 61966-2-1 and CIE formulas, in numpy; PIL's
ImageCms also converts to Lab but only to 8-bit Lab, too coarse to transfer statistics and come
back without banding.
"""

from __future__ import annotations

import numpy as np

_M = np.array([[0.4124564, 0.3575761, 0.1804375],
               [0.2126729, 0.7151522, 0.0721750],
               [0.0193339, 0.1191920, 0.9503041]])
_M_INV = np.linalg.inv(_M)
_WHITE = np.array([0.95047, 1.0, 1.08883])  # D65
_EPS = 216.0 / 24389.0
_KAPPA = 24389.0 / 27.0


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 (or 0–255 float) sRGB ``(..., 3)`` → L*a*b* float64 ``(..., 3)``."""
    c = np.asarray(rgb, np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = lin @ _M.T / _WHITE
    f = np.where(xyz > _EPS, np.cbrt(xyz), (_KAPPA * xyz + 16.0) / 116.0)
    return np.stack([116.0 * f[..., 1] - 16.0, 500.0 * (f[..., 0] - f[..., 1]),
                     200.0 * (f[..., 1] - f[..., 2])], axis=-1)


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    """L*a*b* ``(..., 3)`` → uint8 sRGB (out-of-gamut values clipped)."""
    lab = np.asarray(lab, np.float64)
    fy = (lab[..., 0] + 16.0) / 116.0
    fx = fy + lab[..., 1] / 500.0
    fz = fy - lab[..., 2] / 200.0
    f = np.stack([fx, fy, fz], axis=-1)
    xyz = np.where(f ** 3 > _EPS, f ** 3, (116.0 * f - 16.0) / _KAPPA) * _WHITE
    lin = np.clip(xyz @ _M_INV.T, 0.0, 1.0)
    c = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1.0 / 2.4) - 0.055)
    return np.clip(np.rint(c * 255.0), 0, 255).astype(np.uint8)


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    """Mean CIE76 ΔE between two uint8 sRGB images or stacks of the same shape."""
    return float(np.linalg.norm(rgb_to_lab(a) - rgb_to_lab(b), axis=-1).mean())
