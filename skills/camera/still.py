"""A static shot of a subject on the move: how a locked-off camera holds the asked size.

A static wide (or full) shot of someone crossing a room frames the whole action: every place
the subject goes is in the picture. A static medium or close-up cannot: framed on the whole
action it is a wide (a penalty taker's "close-up" was 1.7 % of the picture; a seated cellist's
medium 0.9 %, framed on her walk to the chair). `still_on_moving` keeps the asked size instead:

- where the subject stays in one place for at least half the shot (walks in, then sits and
  plays), the static camera frames it there (``at_frame``: the frame nearest that place), and
  the frames it is elsewhere are the frames it walks in or out of the picture;
- where it does not stay anywhere (a striker running in), no single framing of that size holds
  it, so the camera pans with it from one place — the eye still, the subject kept in frame —
  and the note says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from previz.world import World

from .shots import SHOT_SIZES
from .subject import Subject, measure

WHOLE_ACTION = ("ELS", "LS", "FS")  # sizes a static camera frames a moving subject's action in
DWELL_SHARE = 0.5  # share of the shot a subject must stay in one place to be framed there
DWELL_RADIUS = 0.3  # metres (at least) the subject may shift and still count as staying


def still_on_moving(world: World, subject: Subject, frames: tuple[int, int],
                    size_code: str) -> tuple[str, dict[str, Any], str]:
    """The movement, its parameters and a note for a static ``size_code`` shot of a subject
    that moves: ('static', {}, '') for the sizes that frame the whole action (`WHOLE_ACTION`);
    else ('static', {'at_frame': f}, note) where the subject stays in one place for at least
    `DWELL_SHARE` of the shot, f the frame nearest that place (the medoid of its path); else
    ('pan', {}, note). A subject that never leaves the place it starts in gets a plain static
    ('static', {}, '')."""
    if size_code in WHOLE_ACTION:
        return "static", {}, ""
    f0, f1 = frames
    fs = list(range(f0, f1 + 1))
    xy = np.array([measure(world, f, subject).bottom[:2] for f in fs])
    d = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    centre = int(np.argmin(d.sum(axis=1)))  # the medoid: ties to the earliest frame
    size = SHOT_SIZES[size_code]
    height = measure(world, fs[centre], subject).height
    radius = max(DWELL_RADIUS, 0.5 * height * (size.span[1] - size.span[0]))
    share = float((d[centre] <= radius).mean())
    name = size.name
    if share >= 1.0:  # it never leaves the place it starts in: a plain static
        return "static", {}, ""
    if share >= DWELL_SHARE:
        return "static", {"at_frame": fs[centre]}, (
            f"static {name} of a moving subject: framed where it stays ({share:.0%} of the "
            f"shot, at frame {fs[centre]}), not on the whole action")
    return "pan", {}, (f"static {name} of a subject that stays nowhere (at most {share:.0%} of "
                       "the shot in one place): the camera pans with it from one place")
