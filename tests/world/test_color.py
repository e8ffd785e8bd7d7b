"""kelvin_to_rgb against Blender's own black-body colour and against colour science facts."""

import itertools

import pytest

from previz.world.color import blackbody_xyz, kelvin_to_rgb

# Blender 4.5 `Light.temperature_color` at these temperatures, normalised to max channel 1
# (recorded from bpy; `test_matches_blender_live` re-reads them from bpy itself).
BLENDER_4_5 = {
    1500: (1.0, 0.1330, 0.0),
    2000: (1.0, 0.2567, 0.0081),
    2700: (1.0, 0.4152, 0.0991),
    3200: (1.0, 0.5156, 0.1941),
    4000: (1.0, 0.6532, 0.3774),
    5000: (1.0, 0.7920, 0.6283),
    5500: (1.0, 0.8491, 0.7539),
    6500: (1.0, 0.9439, 0.9930),
    8000: (0.7657, 0.8015, 1.0),
    10000: (0.6091, 0.6955, 1.0),
    12000: (0.5275, 0.6349, 1.0),
}


@pytest.mark.parametrize("kelvin", sorted(BLENDER_4_5))
def test_matches_blender_reference(kelvin):
    assert kelvin_to_rgb(kelvin) == pytest.approx(BLENDER_4_5[kelvin], abs=0.015)


def test_planckian_chromaticity():
    # CIE 1931 chromaticity of the Planckian locus (published values, e.g. Wyszecki & Stiles):
    # 2856 K (illuminant A) is (0.4476, 0.4074); 6500 K is (0.3135, 0.3237).
    for kelvin, xy in [(2856, (0.4476, 0.4074)), (6500, (0.3135, 0.3237))]:
        x, y, z = blackbody_xyz(kelvin)
        assert (x / (x + y + z), y / (x + y + z)) == pytest.approx(xy, abs=0.002)


def test_warm_to_cool_is_monotone_and_normalised():
    blues = [kelvin_to_rgb(k)[2] / kelvin_to_rgb(k)[0] for k in range(1500, 15000, 500)]
    assert all(b2 > b1 for b1, b2 in itertools.pairwise(blues))
    for k in (900, 1900, 6500, 30000):
        rgb = kelvin_to_rgb(k)
        assert max(rgb) == pytest.approx(1.0) and min(rgb) >= 0.0


@pytest.mark.blender
def test_matches_blender_live():
    import bpy  # CI installs bpy; a missing bpy must fail here, not skip

    bpy.ops.wm.read_homefile(use_empty=True)
    light = bpy.data.lights.new("probe", "POINT")
    if not hasattr(light, "temperature_color"):
        pytest.fail("this Blender has no Light.temperature_color to compare against")
    light.use_temperature = True
    for kelvin in (1500, 2200, 2700, 3400, 4300, 5600, 6500, 7500, 9000, 11000):
        light.temperature = kelvin
        ref = list(light.temperature_color)
        peak = max(ref)
        assert kelvin_to_rgb(kelvin) == pytest.approx([c / peak for c in ref], abs=0.015), kelvin
    bpy.data.lights.remove(light)
