"""The offline reader plans what the text implies without naming it (issue 20): the seat a sit
needs, the seat an instrument is played from, the thing a character is "with", the vehicle a
rider rides, the subject each over-the-shoulder shot looks onto. Plans only (no World)."""

from __future__ import annotations

import math

from previz.agents.planner import plan_from_text


def _plan(text: str):
    return plan_from_text(text, embedder=None)


def _acts(plan, gid: str) -> list[tuple[str, str | None, float]]:
    return [(a.verb, a.target, a.start) for a in plan.group(gid).actions]


def _of(plan, category: str) -> list:
    return [o for o in plan.objects if o.category == category]


# -- seats ------------------------------------------------------------------------------------

def test_a_sit_with_no_seat_anywhere_gets_a_chair_for_each_sitter_round_the_table() -> None:
    plan = _plan("In a station cafe two men sit across a small round table.")
    chairs = _of(plan, "chair")
    assert [c.count for c in chairs] == [2]
    table = _of(plan, "table")[0]
    assert any(r.type == "around" and r.subject == chairs[0].id and r.target == table.id
               for r in plan.relations)
    sits = [a for c in plan.characters for a in c.actions if a.verb == "sit"]
    assert sits and all(a.target == chairs[0].id for a in sits)


def test_a_seat_the_text_names_is_sat_on_and_no_chair_is_added() -> None:
    plan = _plan("In a park an old man sits on a bench.")
    assert not _of(plan, "chair")
    bench = _of(plan, "bench")[0]
    assert _acts(plan, "man")[0][:2] == ("sit", bench.id)


def test_playing_the_piano_sits_first_on_a_bench_at_the_piano() -> None:
    plan = _plan("A pianist plays a grand piano alone on a dark concert stage.")
    bench = _of(plan, "bench")
    assert len(bench) == 1
    piano = next(o for o in plan.objects if "piano" in o.category)
    assert any(r.type == "next_to" and r.subject == bench[0].id and r.target == piano.id
               for r in plan.relations)
    acts = _acts(plan, "pianist")
    assert [(v, t) for v, t, _ in acts] == [("sit", bench[0].id), ("play_piano", None)]
    assert acts[1][2] == acts[0][2] + 1.5  # the playing starts once seated


def test_a_character_on_a_seat_with_no_verb_between_sits_on_it_first() -> None:
    plan = _plan("A drummer on a stool plays a fast fill on a five-piece drum kit.")
    stools = _of(plan, "stool")
    assert len(stools) == 1  # the stool the text names, none added
    acts = _acts(plan, "drummer")
    assert acts[0][:2] == ("sit", stools[0].id)
    assert acts[1][0] == "drum" and acts[1][2] >= acts[0][2] + 1.5


def test_a_mat_is_planned_as_the_rug_it_is() -> None:
    plan = _plan("An old scholar sits cross-legged on a mat and plays a guqin.")
    rug = _of(plan, "rug")
    assert len(rug) == 1 and not _of(plan, "mat")
    assert _acts(plan, "scholar")[0][:2] == ("sit", rug[0].id)


# -- things in the hand -----------------------------------------------------------------------

def test_a_thing_a_character_is_with_is_held() -> None:
    plan = _plan("A woman with an umbrella walks 8 metres toward the camera down a back alley.")
    umbrella = _of(plan, "umbrella")[0]
    assert ("hold", umbrella.id) in [(v, t) for v, t, _ in _acts(plan, "woman")]


def test_a_thing_with_a_thing_is_no_ones_to_hold() -> None:
    plan = _plan("A kitchen table with four chairs; a man stands at the counter.")
    assert all(a.verb != "hold" for c in plan.characters for a in c.actions)


def test_a_compound_names_the_thing_it_ends_in_and_each_knight_holds_one() -> None:
    plan = _plan("Two knights duel with longswords in a castle courtyard.")
    swords = _of(plan, "sword")
    assert [s.count for s in swords] == [2] and not _of(plan, "longsword")
    holds = [a for c in plan.characters for a in c.actions if a.verb == "hold"]
    assert holds and all(a.target == swords[0].id for a in holds)


# -- riders -----------------------------------------------------------------------------------

def test_a_riders_moves_are_the_vehicles_drives() -> None:
    plan = _plan("A rider on a red motorbike waits at a traffic light, then accelerates away "
                 "30 metres down the empty wet street. Then a wide as the bike leaves.")
    bikes = [o for o in plan.objects if o.actions]
    assert len(bikes) == 1 and bikes[0].category == "motorbike"  # "the bike" is that one
    verbs = [a.verb for a in bikes[0].actions]
    assert verbs == ["stop", "drive"]
    drive = bikes[0].actions[1]
    assert math.dist(*drive.waypoints) == 30.0
    assert drive.start == bikes[0].actions[0].start + bikes[0].actions[0].duration
    rider = plan.group("rider").actions
    assert [(a.verb, a.target) for a in rider] == [("ride", bikes[0].id)]
    assert rider[0].duration == drive.start + drive.duration


def test_a_cyclist_rides_the_bicycle_the_distance_the_text_gives() -> None:
    plan = _plan("A drone follows a cyclist along a mountain road for 10 seconds; he covers "
                 "about 80 metres.")
    bike = _of(plan, "bicycle")[0]
    assert [a.verb for a in bike.actions] == ["drive"]
    assert math.dist(*bike.actions[0].waypoints) == 80.0
    assert [(a.verb, a.target) for a in plan.group("cyclist").actions] == [("ride", bike.id)]


# -- pronouns, members, shots -----------------------------------------------------------------

def test_the_younger_is_the_other_man_and_takes_what_was_handed_over() -> None:
    plan = _plan("In a cafe two men sit at a table. The older one slides a sealed envelope "
                 "across and hands it over; the younger takes it and puts it in his coat.")
    people = [c for c in plan.characters]
    assert sorted(c.count for c in people) == [1, 1]
    envelope = _of(plan, "envelope")[0].id
    done = {c.id: [(a.verb, a.target) for a in c.actions if a.verb != "sit"] for c in people}
    assert sorted(done.values()) == [[("hand_over", envelope)], [("pick_up", envelope)]]


def test_over_the_shoulder_shots_that_name_no_one_alternate_between_the_two() -> None:
    plan = _plan("In a cafe two men sit at a table. The older one hands over an envelope. "
                 "Over-the-shoulder shots alternate, three shots of 3 seconds.")
    subjects = [s.subject for s in plan.shots]
    assert len(subjects) == 3 and None not in subjects
    assert subjects[0] == subjects[2] != subjects[1]


def test_onto_names_the_subject_of_an_over_the_shoulder_shot() -> None:
    plan = _plan("A detective stands over a seated suspect. Start on a wide shot, then "
                 "over-the-shoulder singles: over the detective's shoulder onto the suspect "
                 "(3 s), over the suspect's shoulder onto the detective (3 s), and over the "
                 "detective's again (3 s).")
    assert [s.subject for s in plan.shots][1:] == ["suspect", "detective", "suspect"]


# -- what a shot is on ------------------------------------------------------------------------

def test_a_thing_said_as_where_the_camera_is_is_not_the_shots_subject() -> None:
    plan = _plan("A tired man walks into the living room and drops onto the sofa. A static "
                 "wide shot from behind the sofa, 8 seconds.")
    assert [s.subject for s in plan.shots] == ["man"]
    plan = _plan("Forty monks walk up an avenue toward a temple gate. The camera starts wide "
                 "and cranes up from 2 m to 15 m over 12 seconds as they reach the gate.")
    assert plan.group(plan.shots[0].subject).count == 40


def test_a_pronoun_after_toward_or_follows_is_the_shots_subject() -> None:
    plan = _plan("A lone fisherman on a wooden jetty casts his line. A drone flies slowly "
                 "toward him over the water, descending from 15 to 4 metres, 8 seconds.")
    assert plan.shots[0].subject == "fisherman"
    plan = _plan("A grey heron glides low over the water and lands on a rock. A slow pan from "
                 "a tripod on the shore follows it, one 7-second shot.")
    assert plan.group(plan.shots[0].subject).category == "bird"


def test_things_joined_to_one_passed_are_passed_too_not_the_goal() -> None:
    plan = _plan("Two golden retrievers chase a red ball across a park lawn, about 15 metres, "
                 "past a park bench and two oak trees.")
    chase = plan.group("dog").actions[0]
    assert chase.goal is None and math.dist(*chase.waypoints) == 15.0


def test_a_shots_length_said_apart_from_the_shot_is_its_length() -> None:
    plan = _plan("Two dogs run across a park lawn. The camera follows behind the lead dog. "
                 "Bright midday sun, one 6-second shot.")
    assert [s.duration for s in plan.shots] == [6.0]


# -- who and how many -------------------------------------------------------------------------

def test_a_boy_or_a_young_girl_is_a_child() -> None:
    plan = _plan("A boy chases pigeons from the fountain to the cafe tables while a young girl "
                 "waves and an old man watches.")
    cats = {c.id: c.category for c in plan.characters}
    assert cats["boy"] == "child" and cats["girl"] == "child" and cats["man"] == "person"


def test_a_measure_joined_to_its_word_is_no_count() -> None:
    plan = _plan("On a town square a 2-metre-tall giant and a 1.1-metre child stand 4 metres "
                 "apart facing each other.")
    assert sorted((c.category, c.count) for c in plan.characters) == [("child", 1),
                                                                      ("person", 1)]


def test_a_chase_from_a_place_does_not_chase_the_place() -> None:
    plan = _plan("In a town square a boy chases pigeons from the fountain to the cafe tables.")
    chase = plan.group("boy").actions[0]
    assert chase.target is None and plan.group(chase.goal).category.endswith("table")


def test_what_the_camera_looks_at_is_the_shots_subject() -> None:
    plan = _plan("Five koi swim in slow circles in a shallow garden pond beside a stone lantern. "
                 "The camera orbits 180 degrees around the pond at 2 metres height over 10 "
                 "seconds, looking down at the fish under the surface.")
    assert plan.group(plan.shots[0].subject).category == "fish"
    plan = _plan("Night. An aerial orbit around a football stadium with four floodlight towers. "
                 "The camera circles the stadium at 80 m altitude over 12 seconds, looking down "
                 "at the pitch where 22 players stand.")
    assert plan.group(plan.shots[0].subject).count == 22


def test_moving_in_circles_goes_to_nothing_beside() -> None:
    plan = _plan("Five koi swim in slow circles in a shallow garden pond beside a stone lantern.")
    swim = plan.characters[0].actions[0]
    assert swim.verb == "swim" and swim.goal is None


def test_stepping_aboard_goes_to_the_vehicle() -> None:
    plan = _plan("A red bus pulls in to a bus stop and stops; two passengers waiting under the "
                 "shelter step aboard.")
    walk = next(a for c in plan.characters for a in c.actions if a.verb == "walk")
    assert plan.group(walk.goal).category == "bus"


def test_the_one_a_move_goes_toward_is_no_subject_of_the_next_verb() -> None:
    plan = _plan("On a town square a 2-metre-tall giant and a 1.1-metre child stand 4 metres "
                 "apart; the child walks 3 metres toward the giant over 4 seconds and stops a "
                 "metre from him.")
    assert [a.verb for a in plan.group("child").actions][-2:] == ["walk", "stop"]
    assert all(a.verb != "stop" for a in plan.group("giant").actions)


def test_a_screen_keeps_its_word() -> None:
    plan = _plan("Two martial artists spar on a mat in a dojo with two paper screens.")
    assert {o.category for o in plan.objects} == {"rug", "screen"}


def test_a_walked_dog_walks_along_and_them_is_the_one_leading() -> None:
    plan = _plan("A girl in a yellow raincoat walks her dog along a dirt path between the trees, "
                 "15 metres toward the camera. The camera moves backwards ahead of them in a "
                 "leading shot, 8 seconds.")
    walks = {c.id: [(a.verb, tuple(a.waypoints)) for a in c.actions] for c in plan.characters}
    assert walks["dog"] == walks["girl"] and walks["girl"][0][0] == "walk"
    assert plan.shots[0].subject == "girl"
