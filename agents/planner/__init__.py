"""Planners: text → `ScenePlan`. `offline` needs no model server; `previz.agents.llm` asks one."""

from .offline import plan_from_text

__all__ = ["plan_from_text"]
