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
#: Frames of the whole scene (its shots one after another, or its longest action): 5 minutes at
#: 24 fps. A plan inside every other limit (20 shots of 600 s at 120 fps) would be 1.44 million.
MAX_SCENE_FRAMES = 7_200
#: Character instances times scene frames: what motion, contacts and the supervisor cost
#: (each animates and checks every character at every frame), so a valid plan is bounded in time
#: and memory by design — 200 people for 25 s at 24 fps, or 20 for the whole 5 minutes. The
#: fidelity benchmark's largest, a night march of 112 people over 20 s, is 53,760.
MAX_CHARACTER_FRAMES = 120_000
#: Instances (objects and characters) times scene frames: what evaluating and checking every
#: thing at every frame costs — 1,000 props over 1,000 frames, or 140 over the longest scene.
MAX_INSTANCE_FRAMES = 1_000_000
DEFAULT_SHOT_SECONDS = 4.0

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

ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,30}$")]
ParamValue = (Annotated[float, Field(ge=-1e5, le=1e5)] | bool
              | Annotated[str, StringConstraints(max_length=60)])
#: Parameters of a set, an action or a camera move: the names its skill declares
#: (`previz.skills.vocabulary.Term.params`), checked when the plan is validated.
Params = Annotated[dict[ParamName, ParamValue], Field(max_length=24)]
Compass = Literal["north", "south", "east", "west", "above", "front", "behind", "left", "right"]


def check_params(kind: str, name: str, params: dict[str, Any], where: str) -> list[str]:
    """Problems of ``params`` given to the ``kind`` term ``name``: each key must be one the
    term declares (with a value of the declared default's type, numbers interchangeable)."""
    if not params:
        return []
    from previz.skills.vocabulary import term

    try:
        t = term(kind, name)
        declared_params = dict(t.params)
        if kind == "movement":  # a shot may set any argument of the move that executes it
            declared_params = {**dict(term("camera_move", t.executes).params), **declared_params}
    except KeyError:
        return [f"{where}: unknown {kind.replace('_', ' ')} {name!r}"]
    out = []
    for key, value in params.items():
        if key not in declared_params:
            known = ", ".join(sorted(declared_params)) or "none"
            out.append(f"{where}.{key}: {name} takes no parameter {key!r} (it takes: {known})")
            continue
        default = declared_params[key]
        numeric = (int, float)
        ok = (isinstance(default, bool) and isinstance(value, bool)) or (
            isinstance(default, numeric) and not isinstance(default, bool)
            and isinstance(value, numeric) and not isinstance(value, bool)) or (
            isinstance(default, str) and isinstance(value, str)) or default is None
        if not ok:
            out.append(f"{where}.{key}: expected {type(default).__name__}, got {value!r}")
    return out


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
    set: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,40}$")] | None = Field(
        default=None, description="A set the skills generate (vocabulary 'set': boxing_ring, "
        "basketball_court, alley, city_block, hill, pond …); null = a plain room or ground")
    params: Params = Field(default_factory=dict, description="The set's declared parameters "
                           "(turns, width, buildings, height …)")


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
    target: PlanId | None = Field(default=None, description="What the action is done to or "
                                  "with: the chair to sit on, the cup to pick up, the table to "
                                  "jump onto, the person to hand over to or punch")
    params: Params = Field(default_factory=dict, description="The action's declared parameters "
                           "(height, distance, hand, intensity …)")


class ObjectPlan(PlanModel):
    id: PlanId = Field(description="Group id: 'table', 'chairs'; instances become id-1, id-2…")
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")]
    count: Annotated[int, Field(ge=1, le=MAX_GROUP)] = 1
    size: tuple[Metres, Metres, Metres] | None = Field(
        default=None, description="Width x, depth y, height z in metres; null = category default")
    style: ShortText = ""
    description: ShortText = ""
    actions: list[ActionPlan] = Field(default_factory=list, max_length=32, description=(
        "What a vehicle does: 'drive' (a car, bus, truck, motorbike, boat) along its waypoints "
        "or to its goal, 'fly' (a helicopter, a drone; params.height in metres), 'stop' to "
        "wait; other objects take no actions"))


class CharacterPlan(PlanModel):
    id: PlanId
    kind: Literal["character", "animal"] = "character"
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")] = "person"
    count: Annotated[int, Field(ge=1, le=MAX_GROUP)] = 1
    height: Annotated[float, Field(gt=0.05, le=8.0)] | None = None
    description: ShortText = ""
    appearance: ShortText = Field(default="", description="How it looks, for the video "
                                  "model's prompt: clothes, colours, age, fur")
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


class ShotBeat(PlanModel):
    """One beat of a shot's camera ("pulls back to a wide, then dollies in on the leader": two
    beats): a movement over a share of the shot, run one after another in the same shot, each
    starting where the one before ended."""

    movement: MovementName
    params: Params = Field(default_factory=dict, description="The movement's declared "
                           "parameters")
    share: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        description="Fraction of the shot's duration this beat lasts (the beats' shares sum "
        "to 1)")
    end_size: ShotSizeName | None = Field(default=None, description="Framing the beat ends on "
                                          "(the next beat starts on it)")
    subject: PlanId | None = Field(default=None, description="Group id this beat frames; "
                                   "null = the shot's subject")


class ShotPlan(PlanModel):
    id: PlanId = "shot_1"
    size: ShotSizeName = "wide"
    movement: MovementName = "static"
    subject: PlanId | None = Field(default=None, description="Group id the shot is about; "
                                   "null = the whole scene")
    duration: Annotated[float, Field(gt=0.0, le=600.0)] = 4.0
    params: Params = Field(default_factory=dict, description="The movement's declared "
                           "parameters (height, start_height, end_height, sweep, direction …)")
    lens_mm: Annotated[float, Field(ge=4.0, le=1200.0)] | None = Field(
        default=None, description="Focal length in mm; null = chosen from the shot size")
    camera_body: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, description="A camera body the skills know (vocabulary 'camera_body')")
    subject_part: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,30}$")] | None = \
        Field(default=None, description="Body part the shot frames: face, hands, feet …")
    end_size: ShotSizeName | None = Field(default=None, description="Framing the move ends on "
                                          "(wide → close_up)")
    beats: list[ShotBeat] = Field(default_factory=list, max_length=8, description="Several "
                                  "camera moves one after another in this shot (then movement "
                                  "and params are the first beat's); empty = one move")


class CoveragePlan(PlanModel):
    """How the shots cover the scene: a pattern the camera skills declare (vocabulary
    'coverage': shot_reverse_shot, over_the_shoulder, establishing_then_closer …) between
    ``subjects``."""

    pattern: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,40}$")]
    subjects: list[PlanId] = Field(default_factory=list, max_length=8)
    shots: Annotated[int, Field(ge=1, le=20)] | None = None


class LightingPlan(PlanModel):
    """The lighting look beyond the mood: a named look, where the key comes from, its colour
    temperature, which objects are lit practicals, haze, the time of day."""

    look: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,40}$")] | None = None
    key_direction: Compass | None = None
    temperature_k: Annotated[float, Field(ge=1000.0, le=20000.0)] | None = None
    practicals: list[PlanId] = Field(default_factory=list, max_length=64)
    fog: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        default=None, description="Haze density, 0 = clear, 1 = thick fog")
    time_of_day: Literal["dawn", "morning", "noon", "afternoon", "golden_hour", "dusk",
                         "night"] | None = None


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
    lighting: LightingPlan | None = None
    coverage: CoveragePlan | None = None

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
        problems += self._bounded_work()
        for i, rel in enumerate(self.relations):
            for name in ("subject", "target"):
                ref = getattr(rel, name)
                if ref is not None and ref not in ids:
                    problems.append(f"relations[{i}].{name}: no object or character {ref!r}")
            if rel.subject == rel.target:
                problems.append(f"relations[{i}]: {rel.subject!r} related to itself")
        for group, items in (("objects", self.objects), ("characters", self.characters)):
            for i, ch in enumerate(items):
                for j, act in enumerate(ch.actions):
                    where = f"{group}[{i}].actions[{j}]"
                    if act.goal is not None and act.goal not in ids:
                        problems.append(f"{where}.goal: unknown {act.goal!r}")
                    if act.target is not None and act.target not in ids:
                        problems.append(f"{where}.target: unknown {act.target!r}")
                    problems += check_params("action", act.verb, act.params, f"{where}.params")
        if self.setting.set is not None:
            from previz.skills.vocabulary import names as declared_names

            if self.setting.set not in declared_names("set"):
                known = ", ".join(declared_names("set")) or "none yet"
                problems.append(f"setting.set: unknown set {self.setting.set!r} (known: "
                                f"{known})")
            else:
                problems += check_params("set", self.setting.set, self.setting.params,
                                         "setting.params")
        elif self.setting.params:
            problems.append("setting.params: parameters need a setting.set")
        for i, shot in enumerate(self.shots):
            problems += check_params("movement", shot.movement, shot.params,
                                     f"shots[{i}].params")
            for j, beat in enumerate(shot.beats):
                problems += check_params("movement", beat.movement, beat.params,
                                         f"shots[{i}].beats[{j}].params")
                if beat.subject is not None and beat.subject not in ids:
                    problems.append(f"shots[{i}].beats[{j}].subject: no object or character "
                                    f"{beat.subject!r}")
            total_share = sum(b.share for b in shot.beats)
            if shot.beats and abs(total_share - 1.0) > 0.01:
                problems.append(f"shots[{i}].beats: the shares sum to {total_share:g}; they "
                                "must sum to 1")
        if self.lighting is not None:
            for k, pid in enumerate(self.lighting.practicals):
                if pid not in ids:
                    problems.append(f"lighting.practicals[{k}]: no object {pid!r}")
        if self.coverage is not None:
            for k, pid in enumerate(self.coverage.subjects):
                if pid not in ids:
                    problems.append(f"coverage.subjects[{k}]: no object or character {pid!r}")
        for i, shot in enumerate(self.shots):
            if shot.subject is not None and shot.subject not in ids:
                problems.append(f"shots[{i}].subject: no object or character {shot.subject!r}")
        shot_ids = [s.id for s in self.shots]
        if len(set(shot_ids)) != len(shot_ids):
            problems.append("shots: duplicate shot ids")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def scene_frames(self) -> int:
        """Frames the scene lasts: its shots one after another (one default shot when it has
        none), or its longest action if that ends later."""
        shots = sum(s.duration for s in self.shots) or DEFAULT_SHOT_SECONDS
        actions = max((a.start + a.duration for c in [*self.characters, *self.objects]
                       for a in c.actions), default=0.0)
        return round(max(shots, actions) * self.fps)

    def _bounded_work(self) -> list[str]:
        frames = self.scene_frames()
        if frames > MAX_SCENE_FRAMES:
            return [f"shots: the scene lasts {frames} frames ({frames / self.fps:g} s at "
                    f"{self.fps:g} fps); at most {MAX_SCENE_FRAMES}"]
        people = sum(c.count for c in self.characters)
        if people * frames > MAX_CHARACTER_FRAMES:
            return [f"characters: {people} characters over {frames} frames is "
                    f"{people * frames} character-frames; at most {MAX_CHARACTER_FRAMES} "
                    "(fewer characters or shorter shots)"]
        things = people + sum(o.count for o in self.objects)
        if things * frames > MAX_INSTANCE_FRAMES:
            return [f"objects: {things} objects and characters over {frames} frames is "
                    f"{things * frames} instance-frames; at most {MAX_INSTANCE_FRAMES} "
                    "(fewer objects or shorter shots)"]
        return []

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
