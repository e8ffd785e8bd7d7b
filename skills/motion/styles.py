"""Styles of moving: how a body does an action, on top of what it does and how fast.

A style is a handful of multipliers and offsets over the gait tables and the keyed actions, so
"a tired walk" or "a sneak" is the same stride wheel, foot plants and IK as any walk (the feet
stay locked) with different numbers:

* locomotion: default speed, stride length at a given speed (a shorter stride means a higher
  cadence, since speed = stride × cadence), pelvis height (a crouch), forward lean of the
  spine (the head stays level unless the style droops it), arm swing and elbow bend, and how
  high the swinging foot lifts (knee lift);
* gestures (wave, punches, bow…): amplitude (scales the pose away from its base, like
  ``intensity``) and tempo (a brisk wave is quicker, a tired one slower).

The numbers are plausible animation choices, not measurements; they are data so a studio can
add its own. Use it as the ``style`` key of a step (`timeline.sequence`), ``style=`` of
`actions.action`, ``manner=`` of `locomotion.locomotion` (whose ``style`` names the gait).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from previz.world import InputError

D = np.radians


@dataclass(frozen=True)
class Style:
    name: str
    speed: float = 1.0
    """× the gait's usual speed when the caller gives none."""
    stride: float = 1.0
    """× stride length at the same speed (cadence ÷ this)."""
    crouch: float = 0.0
    """Extra pelvis drop (m for a 1.75 m body, scaled with the skeleton); the knees bend."""
    lean: float = 0.0
    """Extra forward lean of the spine (rad; negative leans back, chest out)."""
    head: float = 0.0
    """Extra head pitch (rad; positive looks down)."""
    arm_swing: float = 1.0
    """× arm swing amplitude."""
    elbow: float = 0.0
    """Extra elbow bend (rad)."""
    lift: float = 1.0
    """× swing foot height (knee lift)."""
    amplitude: float = 1.0
    """Gestures: × how far the pose goes from its base."""
    tempo: float = 1.0
    """Gestures: × speed (the action's duration ÷ this)."""


STYLES: dict[str, Style] = {s.name: s for s in (
    Style("neutral"),
    Style("relaxed", speed=0.9, lean=D(-1), arm_swing=0.8, elbow=D(5), lift=0.9,
          amplitude=0.85, tempo=0.85),
    Style("brisk", speed=1.25, stride=1.1, lean=D(3), arm_swing=1.4, elbow=D(15), lift=1.1,
          amplitude=1.1, tempo=1.3),
    Style("sneak", speed=0.5, stride=0.7, crouch=0.12, lean=D(15), arm_swing=0.3, elbow=D(40),
          lift=1.3, amplitude=0.6, tempo=0.8),
    Style("tired", speed=0.7, stride=0.85, crouch=0.03, lean=D(8), head=D(15), arm_swing=0.4,
          lift=0.6, amplitude=0.6, tempo=0.7),
    Style("proud", stride=1.1, lean=D(-4), head=D(-5), arm_swing=1.2, lift=1.2,
          amplitude=1.2, tempo=1.0),
)}


def style(name: str | Style | None) -> Style:
    """The `Style` called ``name`` (None: neutral); an unknown name is an `InputError` that
    lists the known ones."""
    if name is None:
        return STYLES["neutral"]
    if isinstance(name, Style):
        return name
    try:
        return STYLES[name]
    except (KeyError, TypeError):
        raise InputError(f"unknown style {name!r}; choose one of: "
                         f"{', '.join(STYLES)}") from None
