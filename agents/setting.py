"""A plan's procedural set (``setting.set``) as World entities and layout constraints.

`previz.skills.setparts.build_set` makes the set's parts; this module is the agents' side of it:

- `set_for` builds the plan's set (interiors take their width, depth and height from the plan's
  ``setting.size`` unless ``setting.params`` names them), `fit_setting` grows the setting so the
  whole set stands inside it (an interior's room is the set's size);
- `set_entities` turns each part into a ``set`` entity with the part's semantic class (so the
  segmentation pass tells a rope from a post from the canvas), and `set_relations` ties each
  hanging part to what holds it (``against``: the supervisor then does not call a rope
  floating);
- `layout_parts` is what the layout solver needs: the solid parts as obstacles (water as a
  keep-out volume) and the walkable tops (a ring's canvas, a stage, the hill's columns), the
  set's stage marked so the action goes there.
"""

from __future__ import annotations

from functools import lru_cache

from previz.skills.setparts import Part, SetBuild, build_set
from previz.skills.vocabulary import term
from previz.world import Entity, Relation, Transform

from .plan import ScenePlan

MARGIN = 2.0  # metres of setting kept around an exterior set
MAX_SETTING = 400.0  # `Setting.size`'s bound
KEEP_OUT = 3.0  # metres above a water surface the layout keeps clear
PREFIX = "set_"  # part ids: plan instance ids never hold an underscore, so they never clash

Obstacle = tuple[float, float, float, float, float, float]  # x0, y0, x1, y1, z0, z1
Top = tuple[float, float, float, float, float, bool]  # x0, y0, x1, y1, top, is the stage


def is_interior(name: str) -> bool:
    """An interior set: one sized like a room (width, depth, height and windows)."""
    return {"width", "depth", "height", "windows"} <= set(term("set", name).params)


def has_interior(name: str | None) -> bool:
    """An exterior set that holds an interior (a shop behind its window, with a ceiling): the
    text's "inside" and "outside" both describe it."""
    if not name:
        return False
    try:
        return not is_interior(name) and "ceiling" in set_classes(name)
    except KeyError:
        return False


def set_for(plan: ScenePlan, seed: int = 0) -> SetBuild | None:
    """The plan's set, built; None for a plain room or ground. Bad parameters raise
    `previz.world.InputError` naming ``setting.params.<field>``."""
    name = plan.setting.set
    if name is None:
        return None
    params = dict(plan.setting.params)
    try:
        interior = is_interior(name)
    except KeyError:
        interior = False  # build_set names the unknown set
    if interior:
        for key, value in zip(("width", "depth", "height"), plan.setting.size, strict=True):
            params.setdefault(key, float(value))
    return build_set(name, params, seed)


def fit_setting(plan: ScenePlan, built: SetBuild | None) -> ScenePlan:
    """The plan with its setting sized to hold ``built``: an interior's room is the set's own
    size; an exterior set grows the setting (never shrinks it) to its footprint plus `MARGIN`
    on every side, centred on the origin as the set is."""
    if built is None:
        return plan
    s = plan.setting
    if built.indoor:
        p = built.params
        size = (float(p["width"]), float(p["depth"]), float(p["height"]))
        setting = s.model_copy(update={"type": "room", "size": size})
    else:
        x0, y0, x1, y1 = built.footprint
        w = min(MAX_SETTING, max(s.size[0], 2 * max(-x0, x1) + 2 * MARGIN))
        d = min(MAX_SETTING, max(s.size[1], 2 * max(-y0, y1) + 2 * MARGIN))
        top = max(p.hi[2] for p in built.parts)
        h = s.size[2] if s.type != "room" else min(30.0, max(s.size[2], top + 0.5))
        setting = s.model_copy(update={"size": (w, d, h)})
    return plan.model_copy(update={"setting": setting})


def part_id(part: Part) -> str:
    return f"{PREFIX}{part.name}"


def set_entities(built: SetBuild | None) -> list[Entity]:
    """One ``set`` entity per part: its box (bottom centre at the part's), its class."""
    if built is None:
        return []
    out = []
    for p in built.parts:
        cx, cy, _ = p.center
        out.append(Entity(id=part_id(p), name=p.name.replace("-", " ").capitalize(), kind="set",
                          semantic_class=p.semantic_class,
                          appearance=p.semantic_class.replace("_", " "),
                          asset={"size": p.size},
                          transform=Transform(location=(cx, cy, p.lo[2]))))
    return out


def set_relations(built: SetBuild | None, setting_id: str) -> list[Relation]:
    """``against`` from each hanging part to what holds it (a part, or the room)."""
    if built is None:
        return []
    names = {p.name for p in built.parts}
    out = []
    for p in built.parts:
        if p.attached_to is None:
            continue
        target = PREFIX + p.attached_to if p.attached_to in names else setting_id
        out.append(Relation(type="against", subject=part_id(p), target=target))
    return out


def layout_parts(built: SetBuild | None) -> tuple[list[Obstacle], list[Top]]:
    """The set's obstacles and walkable tops for the layout solver (flat surfaces are
    neither: they are walked over)."""
    if built is None:
        return [], []
    obstacles: list[Obstacle] = []
    tops: list[Top] = []
    for p in built.parts:
        if p.role == "surface":
            if p.name in built.stage:  # walked on at the ground's level
                tops.append((p.lo[0], p.lo[1], p.hi[0], p.hi[1], p.lo[2], True))
            continue
        z1 = p.hi[2] + KEEP_OUT if p.role == "water" else p.hi[2]
        obstacles.append((p.lo[0], p.lo[1], p.hi[0], p.hi[1], p.lo[2], z1))
        if p.role == "platform":
            tops.append((p.lo[0], p.lo[1], p.hi[0], p.hi[1], p.hi[2], p.name in built.stage))
    return obstacles, tops


@lru_cache(maxsize=64)
def set_classes(name: str, params: tuple[tuple[str, object], ...] = ()) -> frozenset[str]:
    """The semantic classes of a set's parts (what it builds: a street's road, a park's
    paths), so the reader does not plan them again; empty for an unknown set or bad
    parameters."""
    from previz.world import InputError

    try:
        return frozenset(p.semantic_class for p in build_set(name, dict(params), 0).parts)
    except (InputError, KeyError, ValueError):
        return frozenset()
