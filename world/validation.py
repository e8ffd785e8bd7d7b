"""Checks across a whole World, and loading a World from JSON with messages a person can act on.

Every message starts with the path of the offending field in the JSON document
(``entities[2].skeleton.joints[3].parent: ...``), so the fix is one search away.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .errors import InputError

if TYPE_CHECKING:
    from .models import Skeleton, World


class WorldError(InputError):
    """A World that cannot be used, with one ``path: message`` line per problem."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + problems[0] if len(problems) == 1 else
                         prefix + f"{len(problems)} problems: " + "; ".join(problems))

    def first_line(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return prefix + self.problems[0] + more


def format_loc(loc: Iterable[Any]) -> str:
    """('entities', 2, 'skeleton', 'joints', 0) -> 'entities[2].skeleton.joints[0]'.

    Union tags used by `Scalar` ('static', 'curve') and pydantic's function markers are dropped."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("static", "curve") or "[" in str(part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def problems_from_validation_error(err: ValidationError) -> list[str]:
    problems = []
    for e in err.errors(include_url=False):
        path = format_loc(e["loc"])
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if not path:
            # Whole-World checks already name their paths, several joined by '; '.
            problems.extend(p for p in msg.split("; ") if p)
        else:
            problems.append(f"{path}: {msg}")
    return problems


def _skeleton_problems(skel: Skeleton, where: str) -> list[str]:
    problems: list[str] = []
    index: dict[str, int] = {}
    for i, joint in enumerate(skel.joints):
        if joint.name in index:
            problems.append(
                f"{where}.joints[{i}].name: duplicate joint {joint.name!r} "
                f"(also joints[{index[joint.name]}])"
            )
        else:
            index[joint.name] = i
    for i, joint in enumerate(skel.joints):
        if joint.parent is not None and joint.parent not in index:
            problems.append(
                f"{where}.joints[{i}].parent: joint {joint.name!r} names parent {joint.parent!r}, "
                "which is not a joint of this skeleton"
            )
    if problems:
        return problems
    parent = {j.name: j.parent for j in skel.joints}
    reported: set[str] = set()
    for i, joint in enumerate(skel.joints):
        seen = [joint.name]
        cur = joint.parent
        while cur is not None:
            if cur in seen:
                cycle = [*seen[seen.index(cur):], cur]
                if not reported.intersection(cycle):
                    problems.append(
                        f"{where}.joints[{i}].parent: cyclic skeleton: " + " -> ".join(cycle)
                    )
                    reported.update(cycle)
                break
            seen.append(cur)
            cur = parent[cur]
    return problems


def check_world(world: World) -> list[str]:
    """Problems that span the World: ids, references, skeletons, attachments. Empty if valid."""
    problems: list[str] = []
    where_id: dict[str, str] = {}
    for group in ("entities", "cameras", "lights"):
        for i, item in enumerate(getattr(world, group)):
            here = f"{group}[{i}].id"
            if item.id in where_id:
                problems.append(f"{here}: duplicate id {item.id!r} (also {where_id[item.id]})")
            else:
                where_id[item.id] = here

    entities = {e.id: e for e in world.entities}
    cameras = {c.id for c in world.cameras}

    for i, ent in enumerate(world.entities):
        if ent.skeleton is not None:
            problems += _skeleton_problems(ent.skeleton, f"entities[{i}].skeleton")

    attached: dict[str, str] = {}
    for i, rel in enumerate(world.relations):
        here = f"relations[{i}]"
        for field in ("subject", "target"):
            ref = getattr(rel, field)
            if ref not in where_id:
                problems.append(f"{here}.{field}: no entity, camera or light has id {ref!r}")
        if rel.subject == rel.target:
            problems.append(f"{here}.target: {rel.subject!r} cannot be related to itself")
        if rel.type != "attached_to":
            if rel.joint is not None:
                problems.append(f"{here}.joint: only attached_to relations name a joint")
            continue
        if rel.subject in attached:
            problems.append(
                f"{here}.subject: {rel.subject!r} is already attached ({attached[rel.subject]})"
            )
        attached[rel.subject] = here
        if rel.joint is not None and rel.target in entities:
            skel = entities[rel.target].skeleton
            if skel is None or skel.joint(rel.joint) is None:
                problems.append(
                    f"{here}.joint: entity {rel.target!r} has no joint {rel.joint!r}"
                )

    # attached_to must form a forest: follow each chain and report a loop once.
    targets = {r.subject: r.target for r in world.relations if r.type == "attached_to"}
    reported: set[str] = set()
    for start in targets:
        chain = [start]
        cur = targets.get(start)
        while cur is not None:
            if cur in chain:
                loop = [*chain[chain.index(cur):], cur]
                if not reported.intersection(loop):
                    problems.append("relations: attached_to loop: " + " -> ".join(loop))
                    reported.update(loop)
                break
            chain.append(cur)
            cur = targets.get(cur)

    shot_ids: dict[str, int] = {}
    for i, shot in enumerate(world.shots):
        if shot.id in shot_ids:
            problems.append(
                f"shots[{i}].id: duplicate shot id {shot.id!r} (also shots[{shot_ids[shot.id]}])"
            )
        else:
            shot_ids[shot.id] = i
        if shot.camera not in cameras:
            problems.append(f"shots[{i}].camera: no camera has id {shot.camera!r}")
    return problems


def parse_world(text: str, source: str | None = None) -> World:
    """A World from JSON text, or a `WorldError` naming the line (bad JSON) or the field."""
    from .limits import loads
    from .models import World

    try:
        data = loads(text, "<>", non_finite=True)
    except InputError as exc:  # bad JSON, NaN, a 5,000-digit integer, a 100k-deep nest
        raise WorldError([str(exc).removeprefix("<>: ")], source) from None
    if not isinstance(data, dict):
        raise WorldError([f"a World is a JSON object, not {type(data).__name__}"], source)
    try:
        return World.model_validate(data)
    except ValidationError as exc:
        raise WorldError(problems_from_validation_error(exc), source) from None


def load_world(path: str | Path) -> World:
    """Read a World file. Missing or unreadable files become a `WorldError` too."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorldError(["no such file"], str(path)) from None
    except IsADirectoryError:
        raise WorldError(["is a folder, not a World JSON file"], str(path)) from None
    except UnicodeDecodeError:
        raise WorldError(["not UTF-8 text (is this a .blend? use `previz export`)"],
                         str(path)) from None
    except OSError as exc:
        raise WorldError([f"cannot read: {exc.strerror}"], str(path)) from None
    return parse_world(text, str(path))
