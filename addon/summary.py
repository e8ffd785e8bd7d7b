"""The short summary at the end of `make`, `batch` and `eval`: what was written where, how long
each stage took, and the problems left, one line each.

Progress lines scroll away during long work; the summary is what a person reads when the command
ends, so it repeats the problems (at most `MAX_PROBLEMS`, the rest counted) after the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from previz.world.progress import duration

#: Problems listed one per line; the rest are counted ("… and 12 more").
MAX_PROBLEMS = 20


@dataclass
class Row:
    """One stage: its name, its time (None: not run), what it wrote or why it did not run."""

    stage: str
    seconds: float | None
    what: str


@dataclass
class Summary:
    """The title's time is the rows' sum, unless `wall_seconds` says otherwise: rows that ran
    side by side (eval's tracks with ``--jobs 2``) sum to more than the clock saw."""

    title: str
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    wall_seconds: float | None = None

    def add(self, stage: str, seconds: float | None, what: str) -> None:
        self.rows.append(Row(stage, seconds, what))

    def lines(self) -> list[str]:
        width = max((len(r.stage) for r in self.rows), default=0)
        times = [duration(r.seconds) if r.seconds is not None else "-" for r in self.rows]
        twidth = max((len(t) for t in times), default=0)
        total = (self.wall_seconds if self.wall_seconds is not None
                 else sum(r.seconds or 0.0 for r in self.rows))
        out = [f"{self.title} ({duration(total)}):"]
        for r, t in zip(self.rows, times, strict=True):
            out.append(f"  {r.stage:<{width}}  {t:>{twidth}}  {r.what}")
        if not self.problems:
            out.append("problems left: none")
        else:
            out.append(f"problems left: {len(self.problems)}")
            out += [f"  - {p}" for p in self.problems[:MAX_PROBLEMS]]
            if len(self.problems) > MAX_PROBLEMS:
                out.append(f"  … and {len(self.problems) - MAX_PROBLEMS} more (see the report)")
        return out

    def text(self) -> str:
        return "\n".join(self.lines())
