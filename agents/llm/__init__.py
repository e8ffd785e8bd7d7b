"""The LLM layer: a `ScenePlan` from any OpenAI-compatible endpoint (see `client`)."""

from .client import LLMConfig, LLMError, plan_with_llm, replay_plan, validate_answer

__all__ = ["LLMConfig", "LLMError", "plan_with_llm", "replay_plan", "validate_answer"]
