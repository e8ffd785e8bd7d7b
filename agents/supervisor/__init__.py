"""The supervisor: `check(world)` measures a World and reports problems and metrics."""

from .check import ENCLOSURES, Problem, Report, check

__all__ = ["ENCLOSURES", "Problem", "Report", "check"]
