"""The masked re-render's dilation scales with the image (issue 18: what is regenerated stays
close to what changed)."""

from __future__ import annotations

from previz.neural_render.renderer import default_mask_radius


def test_mask_radius_is_two_pixels_at_480_lines_in_proportion() -> None:
    assert default_mask_radius(832, 480) == 2
    assert default_mask_radius(208, 120) == 1  # never below one pixel
    assert default_mask_radius(64, 48) == 1
    assert default_mask_radius(1920, 1440) == 6
    assert default_mask_radius(480, 1920) == 2  # the short side decides
