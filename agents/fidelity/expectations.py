"""The fidelity benchmark's prompt file: director prompts with machine-checkable expectations.

A prompts file is JSON::

    {"version": 1, "prompts": [
      {"id": "boxing_ring_orbit", "kind": "fights", "text": "Two boxers spar in a ring…",
       "expect": [
         {"check": "cast", "kind": "character", "category": "person", "count": 2},
         {"check": "element", "category": "boxing_ring"},
         {"check": "action", "subject": "person", "verb": "punch", "property": "moves_joints",
          "joints": ["left_wrist", "right_wrist"]},
         {"check": "camera", "shot": 1, "move": "orbit", "min_sweep_deg": 90},
         {"check": "duration", "seconds": 8.0},
         {"check": "lighting", "property": "key_direction", "direction": "above"}]}]}

Each expectation is one thing the *shot* must show, scored 0 or 1 from the evaluated World and
the rendered passes (`previz.agents.fidelity.score`), never from the plan. Its ``axis`` (cast,
set, action, camera, lighting, timing) comes from its ``check``. Categories are plain nouns
(``person``, ``sofa``, ``boxing_ring``); an entity matches a category when its semantic class is
the category or one of the expectation's ``also`` names.

Loading a file that breaks this schema raises `InputError` naming the prompt id and the field,
so ``previz eval`` exits 2 with a line a person can act on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from previz.world import InputError

KINDS = (
    "interiors", "exteriors", "aerial", "sports", "fights", "dialogue", "crowds", "animals",
    "vehicles", "music", "using_things", "time_weather", "beats", "numbers",
)
AXES = ("cast", "set", "action", "camera", "lighting", "timing")

Category = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,40}$")]
PromptId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,60}$")]
Count = Annotated[int, Field(ge=0, le=1000)]
Direction = Literal["north", "south", "east", "west", "above", "front", "behind", "left",
                    "right"]


class _Expect(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    note: str = Field(default="", max_length=300, description="what the text says, for people")
    #: The score table's column this check counts in.
    AXIS: ClassVar[str] = ""

    @property
    def axis(self) -> str:
        return self.AXIS


class CastExpect(_Expect):
    """At least ``count`` (at most ``max_count``) characters or animals of a category, each
    visible in some shot when ``visible``."""

    check: Literal["cast"]
    AXIS: ClassVar[str] = "cast"
    kind: Literal["character", "animal"] = "character"
    category: Category
    also: list[Category] = Field(default_factory=list, max_length=20)
    count: Count = 1
    max_count: Count | None = None
    visible: bool = True


class SettingExpect(_Expect):
    """Indoors (a set with walls around the action) or outdoors (open ground)."""

    check: Literal["setting"]
    AXIS: ClassVar[str] = "set"
    indoor: bool


class ElementExpect(_Expect):
    """A named set element or prop: present as its category (any entity kind, or a part of a
    set whose class is the category), at least ``count``, visible in ``shot`` (1-based; null =
    in some shot) when ``visible``."""

    check: Literal["element"]
    AXIS: ClassVar[str] = "set"
    category: Category
    also: list[Category] = Field(default_factory=list, max_length=20)
    count: Count = 1
    shot: Annotated[int, Field(ge=1, le=20)] | None = None
    visible: bool = True


class TerrainExpect(_Expect):
    """Ground that is not flat (a hill, dunes): the set's ground rises by ``min_relief_m``, or
    water (a pond, a river): a water surface the action can be in."""

    check: Literal["terrain"]
    AXIS: ClassVar[str] = "set"
    feature: Literal["relief", "water"]
    min_relief_m: Annotated[float, Field(ge=0.0, le=500.0)] = 2.0


ActionProperty = Literal[
    "travels",       # the root covers >= min_distance m (at >= min_speed m/s if given)
    "airborne",      # both feet (all contacts) leave the support by >= min_height m
    "reaches",       # a joint reaches >= min_height m above the ground
    "ends_on",       # ends with its contacts on the top of a `target` entity
    "seated",        # pelvis on the seat of a `target` entity (chair, sofa, bench …)
    "moves_joints",  # the listed joints (default: arms and head) move >= min_angle_deg
    "toward",        # every member moves >= min_distance toward a `target` (a procession)
    "in_water",      # inside a water volume, below its surface
    "in_air",        # above the ground by >= min_height m for most of the shot
    "holds",         # a `target` prop is within 0.15 m of a hand
]


class ActionExpect(_Expect):
    """An action of a cast member, by its defining property. ``verb`` is the director's word
    (for the table); ``property`` is what is measured. ``all`` asks every entity of the
    category to show it (a procession, two fighters), otherwise one is enough."""

    check: Literal["action"]
    AXIS: ClassVar[str] = "action"
    subject: Category
    also: list[Category] = Field(default_factory=list, max_length=20)
    verb: Category
    property: ActionProperty
    target: Category | None = None
    all: bool = False
    min_distance: Annotated[float, Field(ge=0.0, le=2000.0)] = 1.0
    min_speed: Annotated[float, Field(ge=0.0, le=100.0)] | None = None
    min_height: Annotated[float, Field(ge=0.0, le=500.0)] = 0.3
    joint: Category | None = None
    joints: list[Category] = Field(default_factory=list, max_length=22)
    min_angle_deg: Annotated[float, Field(ge=0.0, le=360.0)] = 15.0


ShotSize = Literal["extreme_wide", "wide", "full", "medium", "close_up", "extreme_close_up"]
Move = Literal["static", "pan", "tilt", "dolly_in", "dolly_out", "truck", "pedestal", "crane",
               "arc", "orbit", "bullet_time", "follow", "lead", "over_the_shoulder", "pov",
               "zoom", "dolly_zoom", "drone_flyover", "handheld", "whip_pan", "moving"]


class CameraExpect(_Expect):
    """The camera of shot ``shot`` (1-based; null = some shot) performs ``move``, measured by its
    defining property: orbit/arc/bullet_time sweep >= ``min_sweep_deg`` around the subject;
    dolly_in/out change the distance to the subject by >= 20 %; follow/lead keep behind/ahead of
    the subject's heading; drone_flyover / crane / pedestal go from ``start_height`` to
    ``end_height`` (±25 %); pan/tilt/whip_pan turn >= ``min_turn_deg``; zoom and dolly_zoom
    change the focal length by >= 25 %; static does not move; ``moving`` is any move. When
    ``height`` is given the camera stays within it."""

    check: Literal["camera"]
    AXIS: ClassVar[str] = "camera"
    shot: Annotated[int, Field(ge=1, le=20)] | None = None
    move: Move
    subject: Category | None = None
    min_sweep_deg: Annotated[float, Field(ge=0.0, le=720.0)] = 60.0
    min_turn_deg: Annotated[float, Field(ge=0.0, le=720.0)] = 20.0
    start_height: Annotated[float, Field(ge=-50.0, le=2000.0)] | None = None
    end_height: Annotated[float, Field(ge=-50.0, le=2000.0)] | None = None
    height: tuple[float, float] | None = None


class FramingExpect(_Expect):
    """In shot ``shot`` (null = every shot) the ``subject`` is visible in >= ``min_visible`` of
    the sampled frames and fills the share of the picture its shot ``size`` asks for (a close-up
    is mostly subject), measured on the segmentation pass."""

    check: Literal["framing"]
    AXIS: ClassVar[str] = "camera"
    shot: Annotated[int, Field(ge=1, le=20)] | None = None
    subject: Category
    also: list[Category] = Field(default_factory=list, max_length=20)
    size: ShotSize | None = None
    min_visible: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8


class CoverageExpect(_Expect):
    """The shots follow a coverage pattern: ``shot_reverse_shot`` / ``over_the_shoulder`` (at
    least two shots whose cameras face different members of a pair, alternating),
    ``establishing_then_closer`` (a wide first shot, then a tighter one), ``multi_angle`` (at
    least ``count`` shots from cameras at different positions)."""

    check: Literal["coverage"]
    AXIS: ClassVar[str] = "camera"
    pattern: Literal["shot_reverse_shot", "over_the_shoulder", "establishing_then_closer",
                     "multi_angle"]
    count: Annotated[int, Field(ge=1, le=20)] = 2


class DurationExpect(_Expect):
    """The scene (or shot ``shot``) lasts ``seconds`` ± ``tolerance``."""

    check: Literal["duration"]
    AXIS: ClassVar[str] = "timing"
    seconds: Annotated[float, Field(gt=0.0, le=600.0)]
    tolerance: Annotated[float, Field(ge=0.0, le=60.0)] = 0.25
    shot: Annotated[int, Field(ge=1, le=20)] | None = None


class ShotsExpect(_Expect):
    """The World has ``count`` shots (at most ``max_count``)."""

    check: Literal["shots"]
    AXIS: ClassVar[str] = "timing"
    count: Annotated[int, Field(ge=1, le=20)]
    max_count: Annotated[int, Field(ge=1, le=20)] | None = None


class OrderExpect(_Expect):
    """Beats in order: the ``then`` action (by its defining property) starts after the
    ``first`` one has started ("walks in, then sits") — or overlaps it when ``together`` ("while",
    "as")."""

    check: Literal["order"]
    AXIS: ClassVar[str] = "timing"
    first: ActionExpect
    then: ActionExpect
    together: bool = False


class LightingExpect(_Expect):
    """The lighting look: ``key_direction`` (the brightest light comes from ``direction``:
    compass points are world axes, north = +Y; front/behind/left/right are relative to the first
    shot's camera), ``temperature`` (the key's colour temperature within ``kelvin``),
    ``practicals`` (at least ``count`` lights standing in the set as lamps, candles, signs),
    ``sky`` (a visible sky environment), ``fog`` (volumetric haze), ``low_key`` (night or dark:
    the key is much stronger than everything else and the sky is dark)."""

    check: Literal["lighting"]
    AXIS: ClassVar[str] = "lighting"
    property: Literal["key_direction", "temperature", "practicals", "sky", "fog", "low_key"]
    direction: Direction | None = None
    kelvin: tuple[float, float] | None = None
    count: Annotated[int, Field(ge=1, le=200)] = 1


Expectation = Annotated[
    CastExpect | SettingExpect | ElementExpect | TerrainExpect | ActionExpect | CameraExpect
    | FramingExpect | CoverageExpect | DurationExpect | ShotsExpect | OrderExpect
    | LightingExpect,
    Field(discriminator="check"),
]


class Prompt(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: PromptId
    kind: Literal[KINDS]  # type: ignore[valid-type]
    text: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    expect: list[Expectation] = Field(min_length=1, max_length=60)


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    prompts: list[Prompt] = Field(min_length=1, max_length=1000)


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_prompts(path: str | Path) -> PromptFile:
    """Read and check a prompts file. Raises `InputError` naming the file, the prompt id and
    the field of the first problem (every problem of that prompt on the same line)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such prompts file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("prompts"), list):
        raise InputError(f"{p}: expected an object with a 'prompts' list")
    for i, item in enumerate(data["prompts"]):
        pid = item.get("id") if isinstance(item, dict) else None
        try:
            Prompt.model_validate(item)
        except ValidationError as exc:
            where = f"prompt {pid!r}" if isinstance(pid, str) else f"prompts[{i}]"
            errs = exc.errors()
            parts = [f"{_field_path(tuple(e['loc'])) or '(prompt)'}: {e['msg']}" for e in errs[:3]]
            more = f" (+{len(errs) - 3} more)" if len(errs) > 3 else ""
            raise InputError(f"{p}: {where}: {'; '.join(parts)}{more}") from None
    try:
        out = PromptFile.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        raise InputError(f"{p}: {_field_path(tuple(e['loc']))}: {e['msg']}") from None
    seen: set[str] = set()
    for prompt in out.prompts:
        if prompt.id in seen:
            raise InputError(f"{p}: prompt {prompt.id!r}: id: used twice")
        seen.add(prompt.id)
    return out


class ExpertPlan(BaseModel):
    """``benchmarks/fidelity/plans/<id>.json``: the plan a strong LLM would answer for the
    prompt (the `ScenePlan` JSON, kept as data here so this module does not depend on the plan
    language's version), and what the plan language cannot say: each entry names the
    expectation (its index in ``expect``) it makes impossible and why. The scorer counts those
    expectations as misses whatever the shot shows."""

    model_config = ConfigDict(extra="forbid")

    prompt: PromptId
    plan: dict
    cannot_say: list[CannotSay] = Field(default_factory=list, max_length=60)


class CannotSay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expectation: Annotated[int, Field(ge=0, le=59)]
    why: Annotated[str, StringConstraints(min_length=1, max_length=400)]


ExpertPlan.model_rebuild()
