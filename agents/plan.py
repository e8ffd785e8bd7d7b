"""`ScenePlan`: what the director asked for, as structured data — the one model that both the
offline planner and an LLM produce, and that the layout solver and skills turn into a World.

A plan names *what* and *how it relates*, never coordinates of every object: positions come
from the solver, so a plan from a model cannot put a table inside a wall. Every number has a
plausible range (a 1e9 m table or ten thousand chairs fail validation with a message naming the
field), so a hostile or confused model output is refused before anything is built.

Shot sizes, camera movements and moods are names the skills declare (`previz.skills.vocabulary`):
a field holds a string checked against that vocabulary when the plan is validated, and its JSON
Schema lists the declared names as an ``enum``, so the LLM schema shows a movement as soon as the
camera skills have it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from previz.skills.vocabulary import names

PlanId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,30}$")]
ShortText = Annotated[str, StringConstraints(max_length=300)]
Metres = Annotated[float, Field(gt=0.005, le=60.0)]

MAX_GROUP = 500  # instances in one object or character group
MAX_TOTAL = 1000  # instances in the whole plan

RelationKind = Literal[
    "on", "against_wall", "next_to", "in_front_of", "behind", "left_of", "right_of", "facing",
    "around", "center", "edge", "near", "far", "in_formation",
]
UNARY_RELATIONS = ("against_wall", "center", "edge", "in_formation")
Formation = Literal["grid", "line", "circle", "procession"]


def declared(kind: str) -> Any:
    """A string field holding a name of the skills' ``kind`` vocabulary: validated against the
    declarations when a plan is checked, listed as the JSON Schema's ``enum`` when the schema is
    made (both read the vocabulary then, so a movement declared later is known)."""

    def check(value: str) -> str:
        known = names(kind)
        if value not in known:
            raise ValueError(f"unknown {kind.replace('_', ' ')} {value!r}; use one of "
                             f"{', '.join(known)}")
        return value

    def schema(js: dict[str, Any]) -> None:
        js["enum"] = list(names(kind))

    return Annotated[str, AfterValidator(check), Field(json_schema_extra=schema)]


ShotSizeName = declared("shot_size")
MovementName = declared("movement")
MoodName = declared("mood")


class PlanModel(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Opening(PlanModel):
    kind: Literal["door", "window"]
    wall: Literal["north", "south", "east", "west"] = Field(
        description="north = +Y (back wall, faces the default camera), south = -Y, east = +X")


class Setting(PlanModel):
    type: Literal["room", "outdoor"] = "room"
    name: ShortText = Field(default="room", description="What the place is: 'kitchen', 'street'")
    size: tuple[Annotated[float, Field(ge=2.0, le=400.0)], Annotated[float, Field(ge=2.0,
                le=400.0)], Annotated[float, Field(ge=2.0, le=30.0)]] = Field(
        default=(6.0, 5.0, 3.0), description="Interior width x, depth y, height z in metres")
    openings: list[Opening] = Field(default_factory=list, max_length=12)


class ObjectPlan(PlanModel):
    id: PlanId = Field(description="Group id: 'table', 'chairs'; instances become id-1, id-2…")
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")]
    count: Annotated[int, Field(ge=1, le=MAX_GROUP)] = 1
    size: tuple[Metres, Metres, Metres] | None = Field(
        default=None, description="Width x, depth y, height z in metres; null = category default")
    style: ShortText = ""
    description: ShortText = ""


class ActionPlan(PlanModel):
    verb: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")]
    start: Annotated[float, Field(ge=0.0, le=600.0)] = Field(
        default=0.0, description="Seconds from the start of the scene")
    duration: Annotated[float, Field(gt=0.0, le=600.0)] = 2.0
    goal: PlanId | None = Field(default=None, description="Object or character to go to")
    waypoints: list[tuple[Annotated[float, Field(ge=-200, le=200)],
                          Annotated[float, Field(ge=-200, le=200)]]] = Field(
        default_factory=list, max_length=64,
        description="(x, y) metres in the setting's frame; used when there is no goal")


class CharacterPlan(PlanModel):
    id: PlanId
    kind: Literal["character", "animal"] = "character"
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")] = "person"
    count: Annotated[int, Field(ge=1, le=MAX_GROUP)] = 1
    height: Annotated[float, Field(gt=0.05, le=8.0)] | None = None
    description: ShortText = ""
    actions: list[ActionPlan] = Field(default_factory=list, max_length=32)


class RelationPlan(PlanModel):
    type: RelationKind
    subject: PlanId
    target: PlanId | None = Field(default=None, description="Null for against_wall, center, "
                                  "edge, in_formation")
    formation: Formation | None = Field(default=None, description="in_formation / around")

    @model_validator(mode="after")
    def _arity(self) -> RelationPlan:
        if self.type not in UNARY_RELATIONS and self.type != "around" and self.target is None:
            raise ValueError(f"relation {self.type!r} needs a target")
        if self.type == "around" and self.target is None:
            raise ValueError("relation 'around' needs a target")
        if self.type == "in_formation" and self.formation is None:
            raise ValueError("relation 'in_formation' needs a formation")
        return self


class ShotPlan(PlanModel):
    id: PlanId = "shot_1"
    size: ShotSizeName = "wide"
    movement: MovementName = "static"
    subject: PlanId | None = Field(default=None, description="Group id the shot is about; "
                                   "null = the whole scene")
    duration: Annotated[float, Field(gt=0.0, le=600.0)] = 4.0


class ScenePlan(PlanModel):
    title: ShortText = ""
    description: Annotated[str, StringConstraints(max_length=4000)] = ""
    setting: Setting = Field(default_factory=Setting)
    objects: list[ObjectPlan] = Field(default_factory=list, max_length=200)
    characters: list[CharacterPlan] = Field(default_factory=list, max_length=100)
    relations: list[RelationPlan] = Field(default_factory=list, max_length=400)
    shots: list[ShotPlan] = Field(default_factory=list, max_length=20)
    mood: MoodName = "neutral"
    fps: Annotated[float, Field(ge=1.0, le=120.0)] = 24.0

    @model_validator(mode="after")
    def _references(self) -> ScenePlan:
        problems: list[str] = []
        ids: dict[str, str] = {}
        for group, items in (("objects", self.objects), ("characters", self.characters)):
            for i, item in enumerate(items):
                if item.id in ids:
                    problems.append(f"{group}[{i}].id: duplicate id {item.id!r}")
                ids[item.id] = group
        total = sum(o.count for o in self.objects) + sum(c.count for c in self.characters)
        if total > MAX_TOTAL:
            problems.append(f"the plan has {total} objects and characters; at most {MAX_TOTAL}")
        for i, rel in enumerate(self.relations):
            for name in ("subject", "target"):
                ref = getattr(rel, name)
                if ref is not None and ref not in ids:
                    problems.append(f"relations[{i}].{name}: no object or character {ref!r}")
            if rel.subject == rel.target:
                problems.append(f"relations[{i}]: {rel.subject!r} related to itself")
        for i, ch in enumerate(self.characters):
            for j, act in enumerate(ch.actions):
                if act.goal is not None and act.goal not in ids:
                    problems.append(f"characters[{i}].actions[{j}].goal: unknown {act.goal!r}")
        for i, shot in enumerate(self.shots):
            if shot.subject is not None and shot.subject not in ids:
                problems.append(f"shots[{i}].subject: no object or character {shot.subject!r}")
        shot_ids = [s.id for s in self.shots]
        if len(set(shot_ids)) != len(shot_ids):
            problems.append("shots: duplicate shot ids")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def group(self, gid: str) -> ObjectPlan | CharacterPlan:
        for item in [*self.objects, *self.characters]:
            if item.id == gid:
                return item
        raise KeyError(gid)


def slug(text: str, fallback: str = "item") -> str:
    """A plan id from free text: lower-case, underscores, at most 31 characters."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s or not s[0].isalpha():
        s = f"{fallback}_{s}".strip("_")
    return s[:31].rstrip("_") or fallback
