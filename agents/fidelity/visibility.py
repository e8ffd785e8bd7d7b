"""What each sampled frame of a shot shows: pixel counts per entity, from a segmentation render.

The scorer fills it from the segmentation pass of the rendered shot (`previz eval` renders it
through Blender at a low resolution); the supervisor fills it from its own box render. Either
way "visible" means the same: at least `MIN_PIXELS` pixels (and 0.05 % of the picture) of the
entity in the frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

MIN_PIXELS = 4
MIN_SHARE = 0.0005


@dataclass
class Visibility:
    width: int
    height: int
    #: shot id → [(frame, {entity id: pixel count})] in frame order
    shots: dict[str, list[tuple[int, dict[str, int]]]] = field(default_factory=dict)

    @property
    def pixels(self) -> int:
        return self.width * self.height

    def threshold(self) -> int:
        return max(MIN_PIXELS, int(MIN_SHARE * self.pixels))

    def add_frame(self, shot: str, frame: int, labels: np.ndarray, ids: list[str]) -> None:
        """Count a label image (0 = nothing, k = ``ids[k - 1]``) into the shot's frames."""
        self.add_counts(shot, frame, np.bincount(labels.ravel(), minlength=len(ids) + 1), ids)

    def add_counts(self, shot: str, frame: int, counts: np.ndarray, ids: list[str]) -> None:
        """Add a frame's pixel counts per label (``counts[k]``: label k, 0 = nothing, k =
        ``ids[k - 1]``), as a label render counted them."""
        seen = {ids[k - 1]: int(c) for k, c in enumerate(counts) if k > 0 and c > 0}
        self.shots.setdefault(shot, []).append((frame, seen))

    def visible_share(self, shot: str, ids: Iterable[str]) -> float:
        """Share of the shot's sampled frames in which any of ``ids`` is visible."""
        frames = self.shots.get(shot, [])
        want = set(ids)
        if not frames or not want:
            return 0.0
        t = self.threshold()
        hit = sum(1 for _, c in frames if sum(c.get(i, 0) for i in want) >= t)
        return hit / len(frames)

    def visible_ids(self, shot: str | None, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are visible in some sampled frame (of ``shot``, or of any shot)."""
        t = self.threshold()
        shots = [shot] if shot is not None else list(self.shots)
        out: set[str] = set()
        for s in shots:
            for _, c in self.shots.get(s, []):
                out |= {i for i in ids if c.get(i, 0) >= t}
        return out

    def pixel_share(self, shot: str, ids: Iterable[str]) -> float:
        """Mean share of the picture covered by ``ids`` over the shot's sampled frames."""
        frames = self.shots.get(shot, [])
        want = set(ids)
        if not frames:
            return 0.0
        return float(np.mean([sum(c.get(i, 0) for i in want) / self.pixels for _, c in frames]))

    def empty_share(self, shot: str, background: Iterable[str] = ()) -> float:
        """Share of sampled frames that show nothing but void and ``background`` (the ground,
        the room) — no subject, no prop."""
        frames = self.shots.get(shot, [])
        if not frames:
            return 0.0
        bg = set(background)
        t = self.threshold()
        empty = sum(1 for _, c in frames
                    if sum(v for k, v in c.items() if k not in bg) < t)
        return empty / len(frames)

    def to_json(self) -> dict:
        return {"resolution": [self.width, self.height],
                "shots": {s: [{"frame": f, "pixels": dict(sorted(c.items()))} for f, c in fr]
                          for s, fr in sorted(self.shots.items())}}
