"""Layout: where every object and character of a plan goes (see `solver`), and re-solving part
of a World with the rest held fixed (see `resolve`)."""

from .resolve import Moved, Solved, apply_moves, enclosure, is_animated, solve_subset
from .solver import Layout, Placement, instance_ids, relation_score, solve_layout

__all__ = ["Layout", "Moved", "Placement", "Solved", "apply_moves", "enclosure", "instance_ids",
           "is_animated", "relation_score", "solve_layout", "solve_subset"]
