"""Layout: where every object and character of a plan goes (see `solver`)."""

from .solver import Layout, Placement, instance_ids, relation_score, solve_layout

__all__ = ["Layout", "Placement", "instance_ids", "relation_score", "solve_layout"]
