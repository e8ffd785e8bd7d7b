"""The offline reader's nouns: counts, groups, members, things no vocabulary names, sets and
their parameters, and that no noun of the fidelity benchmark is dropped without a word."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from previz.agents.planner import plan_from_text
from previz.agents.planner.coverage import unread
from previz.agents.vocabulary import category

ROOT = Path(__file__).resolve().parents[2]
PROMPTS = json.loads((ROOT / "benchmarks/fidelity/prompts.json").read_text())["prompts"]


def _counts(plan, kind: str = "any") -> dict[str, int]:
    out: dict[str, int] = {}
    groups = [*plan.objects, *plan.characters] if kind == "any" else (
        plan.characters if kind == "cast" else plan.objects)
    for g in groups:
        out[g.category] = out.get(g.category, 0) + g.count
    return out


def _object(plan, cat: str):
    (o,) = [o for o in plan.objects if o.category == cat]
    return o


def test_a_count_belongs_to_its_own_phrase():
    # The "A" of "A boy" is not the pigeons' count: a plural with no number is a few.
    plan = plan_from_text("A boy chases pigeons across the square.")
    assert _counts(plan, "cast") == {"child": 1, "bird": 3}  # a boy is a child
    plan = plan_from_text("Two old women and six café tables in a square.")
    assert _counts(plan) == {"person": 2, "table": 6}


def test_measures_are_no_counts():
    plan = plan_from_text("Six chairs stand around a 2.4-metre oak dining table.")
    assert _counts(plan) == {"chair": 6, "table": 1}  # no oak tree, no two tables
    plan = plan_from_text("A stuntman stands on top of a 2-metre brick wall.")
    wall = _object(plan, "wall")
    assert wall.count == 1 and wall.size is not None and wall.size[2] == 2.0


def test_counted_roles_are_groups_of_their_own():
    plan = plan_from_text("A procession of 40 monks walks toward a gate while 4 drummers "
                          "beat drums beside the gate.")
    people = sorted(c.count for c in plan.characters if c.category == "person")
    assert people == [4, 40]
    assert _object(plan, "drum").count == 4
    plan = plan_from_text("A march of 100 protesters crosses the square while 12 police "
                          "officers hold the police line.")
    assert sum(c.count for c in plan.characters) == 112


def test_a_member_role_is_one_of_the_group():
    plan = plan_from_text("Two knights duel in a courtyard. The attacker advances 4 metres, "
                          "the defender parries twice.")
    assert sum(c.count for c in plan.characters) == 2
    attacker = next(c for c in plan.characters if c.id == "attacker")
    assert attacker.count == 1 and "walk" in [a.verb for a in attacker.actions]
    plan = plan_from_text("A string quartet plays on a stage, then a medium shot of the "
                          "cellist.")
    assert sum(c.count for c in plan.characters) == 4
    assert plan.shots[-1].subject == "cellist"


def test_ensembles_and_others():
    plan = plan_from_text("A waitress carries a tray and a couple sits by the window.")
    assert _counts(plan, "cast") == {"person": 3}
    plan = plan_from_text("One child slides down the slide while the other two sit swinging.")
    assert _counts(plan, "cast") == {"child": 3}


def test_another_noun_of_a_category_is_another_group():
    plan = plan_from_text("A street with three parked cars and a taxi.")
    assert _counts(plan) == {"car": 3, "taxi": 1}
    assert category("taxi").size == category("car").size  # laid out as a car


def test_the_directors_word_is_the_category_and_keeps_its_placement():
    plan = plan_from_text("A man kicks a red ball into the goal; a mirror on the wall.")
    assert {"ball", "goal", "mirror"} <= set(_counts(plan))
    assert category("mirror").support == "wall" and category("mug").support == "surface"
    plan = plan_from_text("60 graduates on folding chairs; pine trees line both sides.")
    assert _counts(plan)["chair"] == 60 and _counts(plan)["tree"] == 6


def test_things_no_vocabulary_names_reach_the_plan_as_named_proxies():
    plan = plan_from_text("A white pavilion stands on a lawn; the older man slides a sealed "
                          "envelope across and two knights duel with longswords.")
    cats = _counts(plan)
    assert cats["pavilion"] == 1 and cats["envelope"] == 1 and cats["sword"] == 2  # a sword
    assert _object(plan, "pavilion").size == (6.0, 6.0, 4.5)
    assert _object(plan, "envelope").size[2] < 0.05
    # events, directions, looks and verbs are no things
    plan = plan_from_text("A penalty kick: the striker runs in and the goalkeeper dives the "
                          "wrong way, the phone rings.")
    assert not {o.category for o in plan.objects} & {"penalty", "kick", "way", "wrong", "ring"}


def test_implied_things():
    plan = plan_from_text("A drone follows a cyclist along a road.")
    assert "bicycle" in _counts(plan)
    plan = plan_from_text("Only the bedside lamp is on in the bedroom.")
    assert {"lamp", "nightstand"} <= set(_counts(plan))


@pytest.mark.parametrize("text, set_name, params, kind", [
    ("A cobbled town square with a church facade.", "plaza", {"building": "church"},
     "outdoor"),
    ("A march crosses the square toward the town hall.", "plaza", {"building": "town_hall"},
     "outdoor"),
    ("Drone shot over a city block of 12 buildings, 20 to 40 metres tall.", "city_block",
     {"buildings": 12.0, "height": 30.0}, "outdoor"),
    ("A white pavilion on a grassy hill 8 metres above a lake.", "hill",
     {"height": 8.0, "radius": 20.0, "lake": 40.0}, "outdoor"),
    ("A flyover along a rocky coastline: 30-metre cliffs, the sea on the right.", "hill",
     {"height": 30.0, "radius": 40.0, "lake": 40.0}, "outdoor"),
    ("A boat leaves a harbour past a stone pier.", "beach", {}, "outdoor"),
    ("A girl walks her dog in a pine forest.", "forest_clearing", {}, "outdoor"),
])
def test_sets_and_their_parameters(text, set_name, params, kind):
    plan = plan_from_text(text)
    assert plan.setting.set == set_name and plan.setting.params == params
    assert plan.setting.type == kind


def test_things_a_set_does_not_build():
    plan = plan_from_text("A helicopter follows a car along a straight desert highway.")
    assert _counts(plan)["road"] == 1
    plan = plan_from_text("A car drives down a city street.")  # the street has its road
    assert "road" not in _counts(plan)


def test_the_doors_of_a_bus_are_the_bus():
    plan = plan_from_text("A bus pulls in to a bus stop. Then a medium shot of the doors.")
    assert "door" not in _counts(plan) and plan.shots[-1].subject == "bus"


def _head_nouns(text: str) -> list[tuple[str, int, int]]:
    """Every head noun the reader's phrase grammar finds, with its character span."""
    import re

    from previz.agents.planner.offline import _thing_heads, tokenize

    spans = [(m.group(0).lower(), m.start(), m.end())
             for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:\.\d+)?", text)]
    toks = tokenize(text)
    assert [t for t, _, _ in spans] == toks
    return [spans[i] for i in sorted(_thing_heads(toks))]


def test_no_noun_of_the_benchmark_is_dropped_silently():
    """Each head noun of each of the 70 prompts that no vocabulary phrase covers (the nouns
    only the reader's thing path can take) reaches the plan — a group's category, id, words
    or style — or is listed by the not-understood report with its span."""
    from previz.agents.planner.coverage import (
        TOKEN,
        _covered_by_vocabulary,
        _forms,
        _plan_words,
        _played,
        is_played,
        verb_spans,
    )

    silent, planned = [], 0
    for p in PROMPTS:
        plan = plan_from_text(p["text"])
        used = _plan_words(plan)
        reported = [(u.start, u.end) for u in unread(p["text"], plan)]
        played = _played(plan)
        # the noun of a verb phrase the plan plays ("throws a punch", "lifts it to her lips")
        acted = [(a, b) for a, b, _, action in verb_spans(p["text"])
                 if is_played(action, played)]
        tokens = [(m.group(0).lower(), m.start()) for m in TOKEN.finditer(p["text"])]
        covered = {tokens[k][1] for k in _covered_by_vocabulary([t for t, _ in tokens])}
        for word, a, b in _head_nouns(p["text"]):
            if a in covered:
                continue
            if _forms(word) & used or any(u <= a < v for u, v in acted):
                planned += 1
            elif not any(a <= u < b for u, _ in reported):  # "late-afternoon": "late"
                silent.append((p["id"], word))
    assert silent == []
    assert planned >= 60  # the thing path is exercised, not everything reported


def test_same_text_same_plan_across_processes():
    texts = [p["text"] for p in PROMPTS if p["kind"] in ("crowds", "exteriors", "aerial")]
    code = ("import json, sys; from previz.agents.planner import plan_from_text; "
            "print(json.dumps([plan_from_text(t).model_dump(mode='json') for t in "
            "json.loads(sys.stdin.read())], sort_keys=True))")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run([sys.executable, "-c", code], input=json.dumps(texts),
                                   capture_output=True, text=True, env=env, check=True,
                                   timeout=300).stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 1000
