"""Which words of the director's text reached the plan, and which did not.

A shot cannot show what its plan never held. This reads the text against the plan and lists,
with their character spans, the words nothing used: content words that are in no vocabulary the
planner reads (categories, actions, moves, shot sizes, moods, setting and relation words) and
in no part of the plan (ids, categories, names, descriptions), and numbers whose value appears
nowhere in the plan (``over 8 seconds`` planned as 4 s, ``twelve buildings`` planned as none).
Verbs are read the way the offline reader reads them (`previz.agents.planner.verbs`): a verb
of the text whose action no character of the plan plays, and that is no camera move, is listed
(``why`` "verb") even when the word is in a vocabulary ("a taxi stops at the kerb" with no
vehicle to stop; "the dancers spar" planned as nothing). A verb whose action the plan holds is
used, whatever its phrasing ("spar" for a fight).
The supervisor reports them as ``not_understood``; `make` prints them.

It is deliberately a lexicon check, not a parse: it can flag an adjective the shot does not
need, never hide a noun the plan dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..plan import ScenePlan
from ..setting import has_interior
from ..vocabulary import ACTIONS, CATEGORIES, MOODS, MOVEMENTS, NUMBER_WORDS, SHOT_SIZES

#: Words that carry no staging of their own: articles, pronouns, auxiliaries, prepositions,
#: conjunctions, and the film words every prompt uses ("camera", "shot", "scene").
FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every other another both either neither all i me
my we us our you your he him his she her it its they them their theirs one ones is am are was
were be been being do does did has have had having will would shall should can could may might
must not no nor yes so too very just only also even still again now then there here when while
as at on in into onto out of off over under up down from to toward towards by for with without
within through across along around about above below behind beside besides between beyond near
after before during until since against among upon via and or but if because though although
whether than where what which who whom whose how why s t it's that's there's let lets camera
cameras shot shots scene scenes frame frames we see sees seen show shows showing view views
film filmed filming previz start starts starting end ends ending begin begins again once first
second third last next finally meanwhile later soon suddenly seconds second sec secs s minutes
minute min metres metre meters meter m cm centimetres km kilometres feet foot ft degrees
degree deg percent times time
""".split())  # noqa: SIM905
#: Ground shapes and water a setting word may name but a flat set cannot show: read only when
#: the plan holds something of that kind.
TERRAIN_WORDS = frozenset(("hill", "hills", "hillside", "mountain", "mountains", "slope",
                           "dune", "dunes", "cliff", "valley", "river", "lake", "pond", "sea",
                           "ocean", "stream", "waterfall", "riverbank", "shore"))
OUTDOOR_MARKS = frozenset(("outdoor", "outdoors", "outside", "open-air", "exterior"))
INDOOR_MARKS = frozenset(("indoor", "indoors", "inside", "interior"))
UNIT_SECONDS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
                "min": 60.0, "minute": 60.0, "minutes": 60.0}
TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Unread:
    word: str
    start: int  # character offsets in the text
    end: int
    why: str  # "word" or "number"

    def to_json(self) -> dict:
        return {"word": self.word, "span": [self.start, self.end], "why": self.why}


def _forms(word: str) -> set[str]:
    """The word and the bases it may be an inflection of (plural, -ing, -ed, -er, -ly)."""
    w = word.lower().replace("’", "'")
    out = {w}
    if w.endswith("'s"):
        w = w[:-2]
        out.add(w)
    for suf, rep in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"),
                     ("ied", "y"), ("ed", ""), ("ed", "e"), ("ly", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            out.add(w[: len(w) - len(suf)] + rep)
    if len(w) > 4 and w[-1] == w[-2]:  # running → runn → run
        out.add(w[:-1])
    for f in list(out):
        if len(f) > 4 and f[-1] == f[-2]:
            out.add(f[:-1])
    return out


@lru_cache(maxsize=1)
def vocabulary_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Every phrase of the planner's vocabularies (names and synonyms) as word tuples, indexed
    by first word: a word is read only as part of a whole phrase ("in a ring" is a formation,
    "boxing ring" is not)."""
    from .offline import INDOOR, LARGE, OUTDOOR, RELATION_PHRASES, SMALL, UNARY_PHRASES

    phrases: list[str] = []
    for c in CATEGORIES:
        phrases += [c.name, *c.synonyms]
    for verb, spec in ACTIONS.items():
        phrases += [verb, *spec.get("synonyms", ())]
    for name, syn in [*MOVEMENTS.items(), *SHOT_SIZES.items(), *MOODS.items()]:
        phrases += [name, *syn]
    phrases += [*INDOOR, *OUTDOOR, *LARGE, *SMALL]
    phrases += [p for p, _ in RELATION_PHRASES] + [p for p, _, _ in UNARY_PHRASES]
    index: dict[str, set[tuple[str, ...]]] = {}
    for p in phrases:
        words = tuple(re.findall(r"[a-z]+", p.lower().replace("_", " ")))
        if words:
            index.setdefault(words[0], set()).add(words)
    return {k: tuple(sorted(v, key=lambda t: (-len(t), t))) for k, v in index.items()}


@lru_cache(maxsize=1)
def _noun_words() -> frozenset[str]:
    """Single words that name a category: read in the text only as themselves or their plural
    ("boxes"), never through a verb ending ("boxing" is not a box)."""
    out: set[str] = set()
    for c in CATEGORIES:
        for p in (c.name, *c.synonyms):
            words = re.findall(r"[a-z]+", p.lower().replace("_", " "))
            if len(words) == 1:
                out.add(words[0])
    verbs = {w for verb, spec in ACTIONS.items() for p in (verb, *spec.get("synonyms", ()))
             for w in re.findall(r"[a-z]+", p.lower().replace("_", " "))}
    return frozenset(out - verbs)


def _noun_forms(word: str) -> set[str]:
    w = word.lower()
    out = {w}
    for suf, rep in (("ies", "y"), ("es", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            out.add(w[: len(w) - len(suf)] + rep)
    return out


def _covered_by_vocabulary(tokens: list[str]) -> set[int]:
    """Indexes of tokens inside a whole vocabulary phrase (inflections allowed)."""
    index = vocabulary_phrases()
    nouns = _noun_words()
    forms = [{f for f in _forms(t) if f not in nouns or f in _noun_forms(t)} for t in tokens]
    covered: set[int] = set()
    for i in range(len(tokens)):
        for first in forms[i]:
            for phrase in index.get(first, ()):
                n = len(phrase)
                if i + n <= len(tokens) and all(phrase[k] in forms[i + k] for k in range(n)):
                    covered.update(range(i, i + n))
    return covered


def _term_words(kind: str, name: str | None) -> list[str]:
    """A declared term's name and synonyms (none when it is not declared)."""
    if not name:
        return []
    from previz.skills.vocabulary import term

    try:
        t = term(kind, name)
    except KeyError:
        return [name]
    return [t.name, *t.synonyms]


def _lighting_words(plan: ScenePlan) -> list[str]:
    """The words a lighting plan says: its look, time of day, colour, haze, key direction."""
    from .lexicon import FOG, TEMPERATURES, TIME_OF_DAY

    lp = plan.lighting
    if lp is None:
        return []
    out = ["light", "lights", "lit", "lighting"]
    out += _term_words("look", lp.look)
    if lp.time_of_day:
        out += [w for w, v in TIME_OF_DAY if v == lp.time_of_day] + [lp.time_of_day]
    if lp.temperature_k is not None:
        out += [w for w, k in TEMPERATURES if abs(k - lp.temperature_k) < 1.0]
    if lp.fog:
        out += [w for w, _ in FOG]
    if lp.key_direction:
        out += [lp.key_direction, "sun", "key", "from", "directly"]
        if lp.key_direction == "above":
            out += ["overhead", "top"]
        if lp.key_direction == "behind":
            out += ["backlight", "backlit"]
    for pid in lp.practicals:
        out += [pid, "glow", "glows", "burning", "lamp", "lamps"]
    return out


def _plan_words(plan: ScenePlan) -> set[str]:
    texts = [plan.setting.name]  # not the title: planners copy the text into it
    texts += _term_words("set", plan.setting.set)
    for g in [*plan.objects, *plan.characters]:
        texts += [g.id, g.category, g.description, getattr(g, "style", ""),
                  getattr(g, "appearance", "")]
        for a in getattr(g, "actions", []):
            texts.append(a.verb)
            if a.waypoints:
                texts += ["north", "south", "east", "west", "left", "right"]
    if any(a.verb in ("drive", "fly") for o in plan.objects for a in getattr(o, "actions", ())):
        from .lexicon import VEHICLE_VERBS

        texts += list(VEHICLE_VERBS)  # "a fishing boat motors out": its drive
    for s in plan.shots:
        texts += [s.id, s.movement, s.size, s.subject_part or "", s.end_size or "",
                  s.camera_body or ""]
        texts += [k.replace("_", " ") for k in s.params]
    if plan.coverage is not None:
        texts += _term_words("coverage", plan.coverage.pattern)
    texts += _lighting_words(plan)
    texts.append(plan.mood)
    words: set[str] = set()
    for t in texts:
        for w in re.findall(r"[a-z]+", t.lower().replace("_", " ")):
            words |= _forms(w)
    return words


def _plan_numbers(plan: ScenePlan) -> list[float]:
    nums: list[float] = []

    def walk(x: object) -> None:
        if isinstance(x, bool):
            return
        if isinstance(x, (int, float)):
            nums.append(float(x))
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    walk(plan.model_dump(mode="json", exclude={"description", "title"}))
    if plan.shots:
        nums.append(sum(s.duration for s in plan.shots))
    # "Two boxers" planned as two groups of one (one in red, one in blue) is still two.
    per_category: dict[str, int] = {}
    for g in [*plan.objects, *plan.characters]:
        per_category[g.category] = per_category.get(g.category, 0) + g.count
    nums += [float(n) for n in per_category.values()]
    nums.append(float(sum(c.count for c in plan.characters)))
    for ch in plan.characters:
        nums += [a.start + a.duration for a in ch.actions]
    return nums


def _has(nums: Iterable[float], value: float) -> bool:
    return any(abs(n - value) <= max(1e-6, 0.02 * abs(value)) for n in nums)


#: A token of the reader's grammar ("run-up" is one) with its character span.
READER_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+(?:\.\d+)?")


def verb_spans(text: str) -> list[tuple[int, int, str, str]]:
    """The verbs of ``text`` as the offline reader finds them, clause by clause: (start, end,
    words, declared action), in text order. A verb inside a camera-move phrase ("the camera
    pushes in", "slides left") is the camera's and not listed."""
    from .offline import CAMERA_PHRASES, SEQ_SPLIT
    from .verbs import find

    out: list[tuple[int, int, str, str]] = []
    cuts = [0] + [x for m in SEQ_SPLIT.finditer(text) for x in (m.start(), m.end())] + [
        len(text)]
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        spans = [(m.group(0).lower(), m.start() + a, m.end() + a)
                 for m in READER_TOKEN.finditer(text[a:b])]
        toks = [t for t, _, _ in spans]
        for v in find(toks):
            words = " ".join(toks[v.pos:v.pos + v.n])
            camera = any(" ".join(toks[i:j]) in CAMERA_PHRASES
                         for i in range(max(0, v.pos - 2), v.pos + 1)
                         for j in range(v.pos + v.n, min(len(toks), v.pos + v.n + 2) + 1))
            if not camera:
                out.append((spans[v.pos][1], spans[v.pos + v.n - 1][2], words, v.action))
    return out


def _played(plan: ScenePlan) -> set[str]:
    """The actions some character (or a vehicle, where objects act) of the plan plays; a
    character with nothing to do stands ("Mara stands in the room")."""
    out = {a.verb for g in [*plan.characters, *plan.objects] for a in getattr(g, "actions", ())}
    if plan.characters:
        out.add("stand")
    return out


#: Actions a verb may reach the plan as, besides its own ("he stands" from a seat gets up,
#: a person's "grazes" eats).
PLAYED_AS = {"stand": ("stand_up", "get_up"), "graze": ("eat", "drink"),
             "get_up": ("stand_up",), "stand_up": ("get_up",)}


def is_played(action: str, played: set[str]) -> bool:
    """Whether ``action`` (a verb's) is among ``played`` (the plan's), as itself or as what
    the reader makes of it (`PLAYED_AS`)."""
    return action in played or any(a in played for a in PLAYED_AS.get(action, ()))


def unread(text: str, plan: ScenePlan) -> list[Unread]:
    """The words and numbers of ``text`` that no vocabulary and no part of ``plan`` used, and
    the verbs whose action no character plays, in text order."""
    used = _plan_words(plan)
    played = _played(plan)
    verb_at: dict[int, tuple[int, bool]] = {}  # token start → (verb end, played?)
    for a, b, _words, action in verb_spans(text):
        for m in TOKEN.finditer(text, a, b):
            verb_at[m.start()] = (b, is_played(action, played))
    nums = _plan_numbers(plan)
    tokens = [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]
    vocab = _covered_by_vocabulary([t.lower() for t, _, _ in tokens])
    categories: set[str] = set()
    for g in [*plan.objects, *plan.characters]:
        categories |= _forms(g.category) | _forms(g.id)
    out: list[Unread] = []
    for i, (tok, a, b) in enumerate(tokens):
        low = tok.lower()
        nxt = tokens[i + 1][0].lower() if i + 1 < len(tokens) else ""
        value: float | None = None
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            value = float(tok)
        elif low in NUMBER_WORDS and low not in ("a", "an", "one", "single", "some", "few",
                                                  "several", "many", "couple", "pair"):
            value = float(NUMBER_WORDS[low])
        if value is not None:
            scale = UNIT_SECONDS.get(nxt, 1.0)
            if not _has(nums, value * scale) and value != 1.0:
                out.append(Unread(tok, a, b, "number"))
            continue
        verb = verb_at.get(a)
        if verb is not None:
            if not verb[1] and low not in FUNCTION_WORDS:
                out.append(Unread(tok, a, b, "verb"))
            continue
        if low in FUNCTION_WORDS or len(low) <= 2:
            continue
        if tok[0].isupper() and i > 0 and _forms(low) & used:
            continue  # a named character the plan kept
        forms = _forms(low)
        outdoor = plan.setting.type == "outdoor"
        if ((low in OUTDOOR_MARKS and not outdoor) or (low in INDOOR_MARKS and outdoor)) and \
                not has_interior(plan.setting.set):  # a shop seen from the street is both
            out.append(Unread(tok, a, b, "setting"))
            continue
        if low in TERRAIN_WORDS and not (forms & categories):
            out.append(Unread(tok, a, b, "terrain"))
            continue
        if i in vocab or forms & used or forms & FUNCTION_WORDS:
            continue
        out.append(Unread(tok, a, b, "word"))
    return out
