"""The supervisor's ``element_not_in_shot``: a thing the plan names that no shot shows is a
problem naming it (judged from the box render of the shots, not from the plan)."""

from __future__ import annotations

from previz.agents.plan import ScenePlan
from previz.agents.supervisor.fidelity import plan_fidelity
from previz.world import Camera, Entity, Shot, Transform, World
from previz.world.transforms import look_at_euler


def _world(look_at: tuple[float, float, float]) -> World:
    eye = (0.0, -8.0, 1.6)
    return World(
        entities=[
            Entity(id="ground", name="Ground", kind="set", semantic_class="ground",
                   asset={"size": (100.0, 100.0, 0.01)},
                   transform=Transform(location=(0.0, 0.0, -0.01))),
            Entity(id="set_canvas", name="Canvas", kind="set", semantic_class="boxing_ring",
                   asset={"size": (6.0, 6.0, 0.5)}, transform=Transform(location=(0, 0, 0))),
            Entity(id="piano", name="Piano", kind="prop", semantic_class="piano",
                   asset={"size": (1.5, 1.6, 1.0)}, transform=Transform(location=(0, 0, 0.5))),
        ],
        cameras=[Camera(id="cam", transform=Transform(
            location=eye, rotation=tuple(look_at_euler(eye, look_at))))],
        shots=[Shot(id="shot-1", camera="cam", frame_start=1, frame_end=10)],
    )


PLAN = ScenePlan.model_validate({
    "setting": {"type": "outdoor", "name": "gym", "size": [20.0, 20.0, 5.0],
                "set": "boxing_ring"},
    "objects": [{"id": "piano", "category": "piano"}],
    "shots": [{"id": "shot_1", "size": "wide", "duration": 10 / 24}],
})


def _unseen(world: World) -> list[tuple[list[str], str]]:
    return [(p.entities, p.detail) for p in plan_fidelity(world, PLAN)
            if p.kind == "element_not_in_shot"]


def test_named_things_in_view_are_no_problem() -> None:
    assert _unseen(_world((0.0, 0.0, 0.8))) == []


def test_named_things_no_shot_shows_are_problems_naming_them() -> None:
    away = _world((0.0, -20.0, 1.6))  # the camera turned its back on the ring and the piano
    assert _unseen(away) == [
        (["piano"], "piano (piano) is in no shot: the director named it, no camera shows it"),
        (["set_canvas"], "boxing_ring (boxing ring) is in no shot: the director named it, no "
                         "camera shows it"),
    ]


def test_a_plan_of_close_ups_asks_no_shot_to_show_the_room() -> None:
    away = _world((0.0, -20.0, 1.6))
    close = PLAN.model_copy(update={"shots": [PLAN.shots[0].model_copy(
        update={"size": "close_up"})]})
    assert [p for p in plan_fidelity(away, close) if p.kind == "element_not_in_shot"] == []


def _two_shots(wide_at: tuple[float, float, float], close_at: tuple[float, float, float]
               ) -> World:
    """A wide shot (frames 1-10) and a close-up (11-20), each camera aimed at a point."""
    base = _world(wide_at)
    eye = (0.0, -8.0, 1.6)
    close = Camera(id="cam-close", transform=Transform(
        location=eye, rotation=tuple(look_at_euler(eye, close_at))))
    return base.model_copy(update={
        "cameras": [*base.cameras, close],
        "shots": [*base.shots, Shot(id="shot-2", camera="cam-close", frame_start=11,
                                    frame_end=20)]})


TWO = PLAN.model_copy(update={"shots": [
    PLAN.shots[0], PLAN.shots[0].model_copy(update={"id": "shot_2", "size": "close_up"})]})


def test_a_thing_only_the_close_up_shows_is_in_a_shot() -> None:
    # The wide shot turned away; the close-up sees the ring and the piano (the scorer's rule:
    # visible in any shot, as the running track under the sprinter's close-up).
    world = _two_shots((0.0, -20.0, 1.6), (0.0, 0.0, 0.8))
    assert [p for p in plan_fidelity(world, TWO) if p.kind == "element_not_in_shot"] == []


def test_a_thing_no_shot_shows_is_still_a_problem_with_a_close_up() -> None:
    world = _two_shots((0.0, -20.0, 1.6), (0.0, -20.0, 1.6))
    assert sorted(p.entities[0] for p in plan_fidelity(world, TWO)
                  if p.kind == "element_not_in_shot") == ["piano", "set_canvas"]


def test_check_reads_the_framing_render_as_its_own_render() -> None:
    # `check` hands the framing's label counts to element_not_in_shot instead of rendering the
    # shots again: the same problems as the supervisor's own render, seen or not.
    from previz.agents.supervisor import check

    for world in (_world((0.0, 0.0, 0.8)), _world((0.0, -20.0, 1.6)), _world((0.6, 0.0, 0.8))):
        own = [(p.entities, p.detail) for p in plan_fidelity(world, PLAN)
               if p.kind == "element_not_in_shot"]
        checked = [(p.entities, p.detail) for p in check(world, plan=PLAN).problems
                   if p.kind == "element_not_in_shot"]
        assert checked == own
