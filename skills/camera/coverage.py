"""Coverage patterns: how a scene's shots cover it (shot/reverse shot, over the shoulder,
establishing then closer …), declared in the ``coverage`` vocabulary next to the code that
expands a pattern into shots. A plan names one in ``coverage.pattern``."""

from __future__ import annotations

from dataclasses import dataclass

from previz.world.errors import InputError

from ..vocabulary import declare


@dataclass(frozen=True)
class CoverageShot:
    """One shot of an expanded pattern, in the plan's words: size, movement, subject (a plan
    group id; None: the whole scene), duration (s) and the move's parameters."""

    size: str
    movement: str
    subject: str | None
    duration: float
    params: tuple[tuple[str, object], ...] = ()


PATTERNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "shot_reverse_shot": ("a two-shot, then singles alternating between the two subjects",
                          ("shot reverse shot", "shot/reverse shot", "shot-reverse-shot",
                           "reverse shot", "reverse shots")),
    "over_the_shoulder": ("over-the-shoulder singles alternating: over A onto B, over B "
                          "onto A", ("over the shoulder shots alternate", "alternating over "
                                     "the shoulder", "ots coverage", "over-the-shoulder shots")),
    "establishing_then_closer": ("an establishing wide, a medium, then a close-up of the "
                                 "subject", ("establishing then closer", "wide medium close",
                                             "establish then push closer")),
    "insert": ("the subject, then an insert close-up of the object it handles, then back",
               ("insert", "insert shot", "cutaway")),
}

for _name, (_what, _words) in PATTERNS.items():
    declare("coverage", _name, _words, description=_what, params={"shots": 0})


def expand(pattern: str, subjects: list[str], shots: int | None = None,
           duration: float = 3.0) -> list[CoverageShot]:
    """The shots of ``pattern`` between ``subjects`` (plan group ids): ``shots`` of them (the
    pattern's own count when None), each ``duration`` seconds. Alternating patterns take the
    first two subjects and keep the camera on one side of the line between them (the
    over-the-shoulder move picks the shoulder on the same side for both)."""
    if pattern not in PATTERNS:
        raise InputError(f"unknown coverage {pattern!r}; use one of {', '.join(PATTERNS)}")
    if not subjects:
        raise InputError(f"coverage {pattern!r} needs at least one subject")
    a = subjects[0]
    b = subjects[1] if len(subjects) > 1 else None
    if pattern == "establishing_then_closer":
        seq = [CoverageShot("wide", "static", None, duration),
               CoverageShot("medium", "static", a, duration),
               CoverageShot("close_up", "static", a, duration)]
        n = shots or len(seq)
        return (seq * (n // len(seq) + 1))[:n]
    if pattern == "insert":
        other = b or a
        seq = [CoverageShot("medium", "static", a, duration),
               CoverageShot("close_up", "static", other, duration),
               CoverageShot("medium", "static", a, duration)]
        return seq[:shots or 3]
    if b is None:
        raise InputError(f"coverage {pattern!r} needs two subjects")
    if pattern == "over_the_shoulder":
        n = shots or 4
        return [CoverageShot("medium", "over_the_shoulder", (b, a)[i % 2], duration)
                for i in range(n)]
    # shot_reverse_shot: a two-shot of both, then singles A, B, A …
    n = shots or 4
    out = [CoverageShot("wide", "static", None, duration)]
    out += [CoverageShot("medium", "static", (a, b)[i % 2], duration) for i in range(n - 1)]
    return out[:n]
