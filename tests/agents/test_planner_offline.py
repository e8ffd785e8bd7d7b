"""The offline planner on varied prompts: counts, categories, relations, actions, and a World
that passes the supervisor after the agent loop."""

from __future__ import annotations

import pytest

from previz.agents import plan_from_text, run
from previz.world import InputError

# text, expected {category: count}, expected relations (type, subject category, target category
# or None), expected setting type, expected actions {category: [verbs]}
CASES = [
    ("A kitchen with a table, four chairs around the table and two cups on the table.",
     {"table": 1, "chair": 4, "cup": 2}, [("around", "chair", "table"), ("on", "cup", "table")],
     "room", {}),
    ("A living room: a sofa against the wall, a coffee table in front of the sofa and a lamp "
     "next to the sofa.", {"sofa": 1, "coffee_table": 1, "lamp": 1},
     [("against_wall", "sofa", None), ("in_front_of", "coffee_table", "sofa"),
      ("next_to", "lamp", "sofa")], "room", {}),
    ("100 officials stand in rows in a large hall.", {"person": 100},
     [("in_formation", "person", None)], "room", {}),
    ("Twelve soldiers march in a procession down the street.", {"person": 12},
     [("in_formation", "person", None)], "outdoor", {}),
    ("Eight dancers dance in a circle in the square.", {"person": 8},
     [("in_formation", "person", None)], "outdoor", {"person": ["dance"]}),
    ("A dog runs to the bench in the park. Three trees.", {"dog": 1, "bench": 1, "tree": 3},
     [], "outdoor", {"dog": ["run"]}),
    ("Two horses graze in a field near a fence.", {"horse": 2, "fence": 1},
     [("near", "horse", "fence")], "outdoor", {"horse": ["graze"]}),
    ("Mara and Theo stand facing each other in front of the sofa. Theo waves for 3 seconds.",
     {"person": 2, "sofa": 1}, [("facing", "person", "person")], "room",
     {"person": ["stand", "wave"]}),
    ("Mara walks to the door, then turns.", {"person": 1, "door": 1}, [], "room",
     {"person": ["walk", "turn"]}),
    ("An office: a desk with a laptop on the desk, a chair next to the desk and a bookshelf "
     "against the wall. Anna sits at the desk.", {"desk": 1, "laptop": 1, "chair": 1,
                                                  "bookshelf": 1},
     [("on", "laptop", "desk"), ("next_to", "chair", "desk"), ("against_wall", "bookshelf",
                                                                None)], "room", {}),
    ("A bedroom with a bed, two nightstands and a vase on the nightstand, moonlit.",
     {"bed": 1, "nightstand": 2, "vase": 1}, [("on", "vase", "nightstand")], "room", {}),
    ("Five children play near a tree while a cat watches.", {"child": 5, "tree": 1, "cat": 1},
     [], "outdoor", {"cat": ["look"]}),
    ("Wide shot of a parking lot with three cars in a row.", {"car": 3},
     [("in_formation", "car", None)], "outdoor", {}),
    ("Close-up of Anna talking for 4 seconds in a small cafe with a table and a cup on the "
     "table.", {"person": 1, "table": 1, "cup": 1}, [("on", "cup", "table")], "room",
     {"person": ["talk"]}),
    ("A detective and a waiter argue by the counter in a dark bar.",
     {"person": 2, "counter": 1}, [("next_to", "person", "counter")], "room",
     {"person": ["talk"]}),
    ("Two guards stand behind the podium on the stage.", {"person": 2, "podium": 1,
                                                          "stage": 1},
     [("behind", "person", "podium")], "room", {}),
    ("Six chairs around the table in the conference room, a plant in the corner.",
     {"chair": 6, "table": 1, "plant": 1}, [("around", "chair", "table"),
                                            ("edge", "plant", None)], "room", {}),
]


#: What the supervisor rightly reports on some of these prompts today.
KNOWN_PROBLEMS: dict[str, set[str]] = {
    # "Twelve soldiers march in a procession down the street." is one march now (the verb and
    # "in a procession" read as one move, not a walk then a march), and the camera keeps the
    # column in frame: no problem.
    # (The two grazing horses stand together now, a herd: both in the static framing.)
    # The dog's gallop slides its planted feet.
    "A dog runs to the bench in the park. Three trees.": {"foot_skating"},
}


def _counts(plan) -> dict[str, int]:
    out: dict[str, int] = {}
    for g in [*plan.objects, *plan.characters]:
        out[g.category] = out.get(g.category, 0) + g.count
    return out


@pytest.mark.parametrize("text,counts,relations,setting,actions", CASES,
                         ids=[c[0][:40] for c in CASES])
def test_prompt_to_checked_world(text, counts, relations, setting, actions):
    plan = plan_from_text(text)
    got = _counts(plan)
    for cat, n in counts.items():
        assert got.get(cat) == n, f"{cat}: expected {n}, got {got}"
    cat_of = {g.id: g.category for g in [*plan.objects, *plan.characters]}
    have = {(r.type, cat_of[r.subject], cat_of.get(r.target) if r.target else None)
            for r in plan.relations}
    for rel in relations:
        assert rel in have, f"missing {rel}; have {sorted(have, key=str)}"
    assert plan.setting.type == setting
    for cat, verbs in actions.items():
        done = [a.verb for c in plan.characters if c.category == cat for a in c.actions]
        for v in verbs:
            assert v in done, f"{cat}: {v} not in {done}"
    result = run(plan, seed=0)
    kinds = {p["kind"] for p in result.report["problems"]}
    # The supervisor tells the truth: these shots are not yet what the text asks (the missing
    # performances and framing are the work of the performances and shots issues).
    assert kinds == KNOWN_PROBLEMS.get(text, set()), result.report["problems"][:5]
    assert result.report["ok"] == (not kinds)
    assert result.report["unsatisfied"] == []
    hold = [r for r in result.report["plan_relations"] if r["type"] != "in_formation"]
    assert all(r["holds"] for r in hold), hold
    world_cats = {}
    for e in result.world.entities:
        if e.id.startswith("set_"):
            continue  # the generated set's own dressing (a park's trees, a stage's platform)
        world_cats[e.semantic_class] = world_cats.get(e.semantic_class, 0) + 1
    for cat, n in counts.items():
        assert world_cats.get(cat) == n


def test_durations_and_sequence():
    plan = plan_from_text("Mara walks to the door for 5 seconds, then waves for 2 seconds.")
    mara = plan.characters[0]
    assert [a.verb for a in mara.actions] == ["walk", "wave"]
    assert mara.actions[0].duration == 5.0 and mara.actions[0].goal == "door"
    assert mara.actions[1].duration == 2.0
    result = run(plan)
    assert result.ok
    # The walk is keyed: Mara ends in front of the door.
    world = result.world
    start = world.evaluate(1).entities["mara"].location
    end = world.evaluate(1 + 5 * 24).entities["mara"].location
    door = world.evaluate(1).entities["door"].location
    assert abs(float(((end - door)[:2] ** 2).sum()) ** 0.5) < 1.2
    assert float(((end - start) ** 2).sum()) > 0.25


def test_shots_from_text():
    plan = plan_from_text("Wide shot of the kitchen with a table, then close-up of Mara for 2 "
                          "seconds.")
    assert [s.size for s in plan.shots] == ["wide", "close_up"]
    assert plan.shots[1].subject == "mara" and plan.shots[1].duration == 2.0
    world = run(plan).world
    assert [s.id for s in world.shots] == ["shot-1", "shot-2"]
    assert world.shots[1].frame_start == world.shots[0].frame_end + 1


def test_same_text_and_seed_same_hash():
    """Same text and seed: the same World hash in two processes with different string-hash seeds
    and in this one; another seed, another World."""
    from two_processes import outputs_in_two_processes

    text = "A kitchen with a table, four chairs around the table. Mara walks to the door."
    code = ("import sys; from previz.agents import plan_from_text, run; "
            "print(run(plan_from_text(sys.argv[1]), seed=3).world.content_hash())")
    a, b = outputs_in_two_processes(code, text)
    assert a == b == run(plan_from_text(text), seed=3).world.content_hash() + "\n"
    c = run(plan_from_text(text), seed=4).world.content_hash()
    assert c + "\n" != a


@pytest.mark.parametrize("text", ["", "   ", "qwerty zxcvb", "the and of", "12345"])
def test_meaningless_text_is_refused(text):
    with pytest.raises(InputError):
        plan_from_text(text)


def test_embedder_maps_unknown_words():
    import numpy as np

    class Fake:
        """'sofa'-like vectors for 'divan', orthogonal ones otherwise."""

        def encode(self, texts):
            out = []
            for t in texts:
                v = np.zeros(8)
                v[0 if t in ("divan", "sofa") else (hash(t) % 7) + 1] = 1.0
                out.append(v)
            return np.array(out)

    plan = plan_from_text("a divan in the room", embedder=Fake())
    assert [o.category for o in plan.objects] == ["sofa"]
    # The shipped MiniLM does not put "divan" by a sofa: the noun is kept, not dropped, as a
    # proxy named after it (the supervisor reports it as unknown_asset).
    plan = plan_from_text("a divan in the room")
    assert [(o.category, o.count) for o in plan.objects] == [("divan", 1)]


def test_decimal_durations_do_not_split_sentences():
    plan = plan_from_text("Close-up of Anna for 2.5 seconds. Then Anna waves.")
    assert plan.shots[0].duration == 2.5 and plan.shots[0].subject == "anna"
    assert [a.verb for a in plan.characters[0].actions] == ["wave"]
