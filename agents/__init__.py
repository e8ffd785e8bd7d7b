"""previz.agents — turning a director's text into a checked World.

    from previz.agents import plan_from_text, run, check
    plan = plan_from_text("three chairs around a table, Mara walks to the door")
    result = run(plan, seed=0)          # solve → check → repair; result.world, result.report
    check(result.world).to_json()       # the supervisor alone

Imports neither bpy nor torch; the `openai` client is imported only by `previz.agents.llm`.
"""

from .pipeline import Result, run, save
from .plan import ScenePlan
from .planner import plan_from_text
from .realize import realize
from .supervisor import Report, check

__all__ = ["Report", "Result", "ScenePlan", "check", "plan_from_text", "realize", "run", "save"]
