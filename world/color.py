"""Colour helpers for lights: colour temperature (kelvin) to linear RGB.

The colour of a black body is computed, not looked up: Planck's law gives its spectrum, the CIE
1931 2° colour-matching functions turn the spectrum into XYZ, and the sRGB/Rec.709 matrix (D65
white, Blender's default linear working space) turns XYZ into linear RGB. The colour-matching
functions are the multi-lobe Gaussian fit of Wyman, Sloan and Shirley (JCGT 2013), which stays
within about 1% of the tabulated CIE data, so no table has to ship with the package.

This is the same computation Blender does for `Light.temperature` (its `temperature_color` is
this colour scaled to unit luminance); `tests/world/test_color.py` checks the two agree.
"""

from __future__ import annotations

import numpy as np

# Planck's second radiation constant h·c/k, in metre-kelvin.
_C2 = 1.4387768775e-2

# Wavelengths (nm) of the spectral integral: the visible range at 1 nm.
_LAMBDA = np.arange(360.0, 831.0, 1.0)

# XYZ → linear sRGB (Rec.709 primaries, D65 white).
_XYZ_TO_RGB = np.array(
    [
        [3.2404542, -1.5371385, -0.4985314],
        [-0.9692660, 1.8760108, 0.0415560],
        [0.0556434, -0.2040259, 1.0572252],
    ]
)


def _lobe(lam: np.ndarray, mu: float, sigma_lo: float, sigma_hi: float) -> np.ndarray:
    sigma = np.where(lam < mu, sigma_lo, sigma_hi)
    return np.exp(-0.5 * ((lam - mu) / sigma) ** 2)


def cie_1931_cmf(lam: np.ndarray) -> np.ndarray:
    """CIE 1931 2° colour-matching functions x̄, ȳ, z̄ at wavelengths ``lam`` (nm), shape (3, N),
    by the multi-lobe fit of Wyman, Sloan and Shirley (2013)."""
    x = (
        1.056 * _lobe(lam, 599.8, 37.9, 31.0)
        + 0.362 * _lobe(lam, 442.0, 16.0, 26.7)
        - 0.065 * _lobe(lam, 501.1, 20.4, 26.2)
    )
    y = 0.821 * _lobe(lam, 568.8, 46.9, 40.5) + 0.286 * _lobe(lam, 530.9, 16.3, 31.1)
    z = 1.217 * _lobe(lam, 437.0, 11.8, 36.0) + 0.681 * _lobe(lam, 459.0, 26.0, 13.8)
    return np.stack([x, y, z])


_CMF = cie_1931_cmf(_LAMBDA)


def blackbody_xyz(kelvin: float) -> np.ndarray:
    """CIE XYZ of a black body at ``kelvin``, scaled to Y = 1."""
    lam_m = _LAMBDA * 1e-9
    # Planck's law up to a constant factor (which the normalisation below removes).
    spectrum = 1.0 / (lam_m**5 * np.expm1(_C2 / (lam_m * kelvin)))
    xyz = _CMF @ spectrum
    return xyz / xyz[1]


def kelvin_to_rgb(kelvin: float) -> tuple[float, float, float]:
    """Linear RGB (Rec.709 primaries, max channel 1) of a black body at ``kelvin``.

    Temperatures are clamped to 800–40000 K; channels outside the sRGB gamut (the blue of a
    candle flame) are clipped at zero."""
    t = min(max(float(kelvin), 800.0), 40000.0)
    rgb = np.clip(_XYZ_TO_RGB @ blackbody_xyz(t), 0.0, None)
    rgb = rgb / rgb.max()
    return (float(rgb[0]), float(rgb[1]), float(rgb[2]))
