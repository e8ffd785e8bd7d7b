"""Regenerate ``examples/quadruped_path.json``: Rex the terrier trots through the park.

Why a script: the dog is the ``quadruped`` skeleton template driven by the motion skills, so the
example stays in step with the template's joint names (every motion skill and the Motion panel
need them) and can be rebuilt deterministically when the gaits improve:

    python scripts/make_quadruped_example.py            # rewrite the example
    python scripts/make_quadruped_example.py --check    # exit 1 if the file is out of date

The scene (park, ball, lamp, camera, shot, prompts, reference images) is read from the current
file and kept; only the dog's skeleton and motion are rebuilt. The route is the old one: from
(-4, -1) through (0, 1) to (4, -0.5), frames 1–97 at 24 fps, as a parabola sampled every 0.5 m
in x. The park slab is lowered so that its top is the ground at z=0 (the ball and the lamp
stand there), and the dog gets a box (its size) so `previz check` frames it; the
static wide camera gets a 28 mm lens so that the whole dog stays in frame from frame 1 to 97.
Keys are reduced with a 1e-3 tolerance (radians / metres) to keep the file small (~100 KB).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from previz.skills.motion.clip import bake
from previz.skills.motion.terrain import from_world
from previz.skills.motion.timeline import sequence
from previz.skills.skeletons import make_skeleton
from previz.skills.trajectory.path import yaw_of_direction
from previz.world import World
from previz.world.files import atomic_write_text

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "quadruped_path.json"
ROUTE = np.array([[-4.0, -1.0], [0.0, 1.0], [4.0, -0.5]])
FRAMES = (1, 97)
PELVIS_HEIGHT = 0.55  # a terrier's hip height, as the old hand-made dog
TOLERANCE = 1e-3
FOCAL = 28.0  # the static wide shot, a little wider than 32 mm: the dog's box stays in frame


def route(step: float = 0.5) -> np.ndarray:
    """(N, 2) points on the parabola y(x) through the three route points, every ``step`` m in x."""
    a, b, c = np.polyfit(ROUTE[:, 0], ROUTE[:, 1], 2)
    x = np.arange(ROUTE[0, 0], ROUTE[-1, 0] + step / 2, step)
    return np.stack([x, a * x * x + b * x + c], axis=1)


def build(data: dict) -> dict:
    """The example's JSON data: ``data`` (the current file) with the dog rebuilt, its curves in
    the short key form."""
    pts = route()
    skeleton = make_skeleton("quadruped")
    pelvis = next(j for j in skeleton.joints if j.parent is None)
    if abs(pelvis.offset[2] - PELVIS_HEIGHT) > 1e-6:  # template changed: keep the terrier's size
        ratio = PELVIS_HEIGHT / pelvis.offset[2]
        skeleton = make_skeleton("quadruped", height=_template_height() * ratio)
    fps = float(data.get("fps", 24))
    duration = (FRAMES[1] - FRAMES[0]) / fps
    yaw = float(yaw_of_direction(pts[1] - pts[0]))
    start = (float(pts[0, 0]), float(pts[0, 1]), 0.0)
    steps = [{"do": "trot", "path": pts[1:].tolist(), "duration": duration}]
    data = dict(data, relations=[_on_park(r) for r in data.get("relations", [])],
                entities=[_lowered(e) if e["id"] == "park" else e for e in data["entities"]],
                cameras=[dict(c, focal_length=FOCAL) if c["id"] == "cam" else c
                         for c in data["cameras"]])
    motion = sequence(skeleton, steps, fps, start, yaw)
    # The gaits plan on flat ground at z=0; stand the motion on the park's top (flat along the
    # route, which the assert makes sure of).
    ground = from_world(World.model_validate(data), FRAMES[0])(pts[:, 0], pts[:, 1])
    assert np.ptp(ground) < 1e-9, "the route must stay on flat ground"
    motion.entity_location[:, 2] += float(ground[0])
    entities = []
    for e in data["entities"]:
        if e["id"] == "dog":
            e = dict(e, skeleton=skeleton.model_dump(mode="json"), transform={},
                     asset={"size": _rest_box(skeleton)})
            entity = World.model_validate({"entities": [e]}).entity("dog")
            baked = bake(motion, entity, FRAMES[0], tolerance=TOLERANCE)
            e = _short(baked.model_dump(mode="json", exclude_defaults=True))
        entities.append(e)
    data["entities"] = entities
    World.model_validate(data)  # the example must stay a valid World
    return data


def _short(x):
    """``x`` with numbers rounded (`_round`), every curve ``{"keys": [...]}`` written as
    ``[[frame, value, "linear"], ...]`` and whole-number frames as integers: the same motion
    in about a sixth of the bytes of the canonical form."""
    if isinstance(x, dict):
        if set(x) == {"keys"}:
            return [[_num(k["frame"]), _round(k["value"]), k.get("interpolation", "bezier")]
                    for k in x["keys"]]
        return {k: _short(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_short(v) for v in x]
    return _round(x) if isinstance(x, float) else x


def _round(v: float) -> float:
    """5 decimals: 0.01 mm, 1e-5 rad — far below the 1e-3 key tolerance; +0.0 for -0.0."""
    return round(float(v), 5) + 0.0


def _num(f: float) -> int | float:
    return int(f) if float(f).is_integer() else f


def dumps(x, indent: int = 0) -> str:
    """JSON with objects one key per line and arrays of numbers (or of short keys) on one line,
    the layout of the hand-written examples."""
    pad = "  " * indent
    if isinstance(x, dict):
        if not x:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in x.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(x, list) and any(isinstance(v, dict) for v in x):
        items = [f"{pad}  {dumps(v, indent + 1)}" for v in x]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    if isinstance(x, list) and any(isinstance(v, list) and len(v) > 3 for v in x):
        items = [f"{pad}  {json.dumps(v, ensure_ascii=False)}" for v in x]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(x, ensure_ascii=False)


def _lowered(park: dict) -> dict:
    """The park: a 10 cm slab whose top is the ground at z=0, where the props stand."""
    return dict(park, transform={"location": [0.0, 0.0, -float(park["asset"]["size"][2])]})


def _on_park(relation: dict) -> dict:
    """The dog is *in* the park in words, but now that it has a box it stands *on* the slab."""
    if relation == {"type": "inside", "subject": "dog", "target": "park"}:
        return dict(relation, type="on")
    return relation


def _rest_box(skeleton) -> list[float]:
    """(width, depth, height) of a box about the origin holding the rest pose (with 5 cm to
    spare for fur): the dog's size, so `previz check` can tell whether it is in frame."""
    p = np.array(list(skeleton.rest_positions().values()))
    half = np.abs(p[:, :2]).max(axis=0) + 0.05
    return [round(float(2 * half[0]), 2), round(float(2 * half[1]), 2),
            round(float(p[:, 2].max()) + 0.05, 2)]


def _template_height() -> float:
    from previz.skills.skeletons import template

    return template("quadruped").height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the file")
    args = parser.parse_args(argv)
    current = EXAMPLE.read_text()
    text = dumps(build(json.loads(current))) + "\n"
    if args.check:
        print("up to date" if text == current else f"{EXAMPLE} is out of date")
        return 0 if text == current else 1
    atomic_write_text(EXAMPLE, text)
    print(f"wrote {EXAMPLE} ({len(text.encode()) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
