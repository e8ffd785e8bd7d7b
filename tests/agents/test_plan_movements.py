"""Every camera movement of the skills is reachable from plan text: the offline planner reads
the phrase into the plan's movement, the skills adapter turns it into that skill's camera, and
the World built from it is valid."""

from __future__ import annotations

import numpy as np
import pytest

from previz.agents.adapters import MOVES, skill_providers
from previz.agents.pipeline import run
from previz.agents.planner import plan_from_text
from previz.skills.camera.movements import MOVEMENTS
from previz.skills.vocabulary import names, term
from previz.world import Curve, World

SCENE = "In a park, Mara walks to the bench. Tom stands by the tree. "
PHRASES = [  # (shot text, plan movement)
    ("A static wide shot of Mara.", "static"),
    ("The camera pans with Mara.", "pan"),
    ("The camera tilts up to Mara.", "tilt"),
    ("Slow push in on Mara.", "dolly_in"),
    ("The camera pulls back from Mara.", "dolly_out"),
    ("The camera trucks along with Mara.", "truck"),
    ("Pedestal up on Mara, medium shot.", "pedestal"),
    ("A crane shot rises over Mara.", "crane"),
    ("The camera arcs around Mara.", "arc"),
    ("The camera orbits Mara.", "orbit"),
    ("A 360 bullet-time shot of Mara.", "bullet_time"),
    ("A tracking shot as Mara runs to the bench.", "follow"),
    ("The camera leads Mara as she walks.", "lead"),
    ("Over the shoulder shot of Mara.", "over_the_shoulder"),
    ("A POV shot of Mara.", "pov"),
    ("The camera zooms in on Mara.", "zoom"),
    ("A vertigo shot on Mara.", "dolly_zoom"),
    ("Drone flyover of the park.", "drone_flyover"),
    ("Handheld shaky close-up of Mara.", "handheld"),
    ("A whip pan to the bench.", "whip_pan"),
]
# A movement added later (one file in skills/camera/moves/) is read from its first declared
# synonym, so adding it needs no line here: its phrase must still read back as the movement.
PHRASES += [(f"A {term('movement', name).synonyms[0]} shot of Mara.", name)
            for name in names("movement") if name not in {m for _, m in PHRASES}]


def test_every_movement_has_a_phrase_and_a_skill():
    planned = {m for _, m in PHRASES}
    assert planned == set(names("movement"))
    assert {MOVES[m][0] for m in planned} == set(MOVEMENTS)  # all 19 skill movements


@pytest.mark.parametrize(("text", "movement"), PHRASES, ids=[m for _, m in PHRASES])
def test_phrase_reads_as_movement(text, movement):
    plan = plan_from_text(SCENE + text)
    assert [s.movement for s in plan.shots] == [movement]


def _animated(camera) -> bool:
    params = [*camera.transform.location, *camera.transform.rotation, camera.focal_length]
    return any(isinstance(p, Curve) and len({k.value for k in p.keys}) > 1 for p in params)


@pytest.mark.parametrize(("text", "movement"), PHRASES, ids=[m for _, m in PHRASES])
def test_movement_builds_a_valid_world(text, movement):
    providers = skill_providers()
    result = run(plan_from_text(SCENE + text), 0, providers=providers, max_rounds=1)
    world = World.model_validate(result.world.model_dump())  # validates every reference
    assert world.content_hash() == result.world.content_hash()
    cam = world.cameras[0]
    assert not [n for n in providers.camera.notes if "failed" in n], providers.camera.notes
    assert _animated(cam) == (movement != "static"), movement
    # The camera never ends up inside a proxy box, and frames sample without errors.
    state = world.evaluate(world.shots[0].frame_end)
    assert np.isfinite(state.cameras[cam.id].matrix).all()


EXAMPLES = [  # the README demo and texts like the ones in the docs, planned with the defaults
    "A living room with a sofa, a coffee table and a lamp. Mara walks to the door, then waves.",
    "Close-up of Anna at her desk with a laptop on the desk, warm light.",
    "In a park, Mara walks to the bench. Tom stands by the tree. The camera orbits Mara.",
    "A kitchen with a table and two chairs. Tom and Mara argue by the counter. Medium shot of "
    "Mara, slow push in.",
    "A dog runs across the field to the fence. A tracking shot follows the dog.",
    "Night in a street. A detective walks to the car under a street lamp. Wide shot, the camera "
    "cranes up.",
    "A park. Mara walks to the bench. Wide shot of Mara.",  # static shot, moving subject
    "A kitchen with a table, four chairs around the table and two cups on the table. Mara "
    "walks to the door, then turns.",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", EXAMPLES)
def test_example_shots_keep_subject_in_frame(text):
    """The issue's bar: the subject in frame in ≥ 98 % of the frames of every example shot and
    occluded in none, measured by the supervisor on the World the default providers build."""
    from previz.agents.supervisor import check

    world = run(plan_from_text(text), 0, providers=skill_providers()).world
    report = check(world)
    for shot in world.shots:
        n = shot.frame_end - shot.frame_start + 1
        mine = [p for p in report.problems if p.detail.startswith(f"shot {shot.id}:")]
        out = {f for p in mine if p.kind == "subject_out_of_frame" for f in p.frames}
        assert 1 - len(out) / n >= 0.98, (shot.id, sorted(out))
        assert not [p for p in mine if p.kind == "subject_occluded"], mine
