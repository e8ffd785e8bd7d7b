"""The offline planner: a director's text → `ScenePlan`, deterministically, with no model server.

It reads the text with the controlled vocabulary of `previz.agents.vocabulary`: object and
character categories (with synonyms and plurals), counts ("three chairs", "100 officials"),
durations ("for 4 seconds"), relations ("on the table", "next to the sofa", "facing each
other", "around the table", "in a circle"), sequences ("walks to the door, then turns"), shot
sizes and camera moves ("close-up of Mara", "slow push in"), moods, and named characters
(capitalised names that are not vocabulary words). Words it does not know can be matched to a
category by text embeddings when a `TextEmbedder` is given (cosine ≥ `EMBED_THRESHOLD`).

The result is the same `ScenePlan` an LLM produces, so everything downstream is shared. Text
with nothing to stage (empty, or no category, character, action or setting word) raises an
`InputError`.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, field

import numpy as np

from previz.world import InputError

from ..interfaces import TextEmbedder
from ..plan import (
    ActionPlan,
    CharacterPlan,
    CoveragePlan,
    LightingPlan,
    ObjectPlan,
    RelationPlan,
    ScenePlan,
    Setting,
    ShotPlan,
    slug,
)
from ..vocabulary import (
    ACTIONS,
    CATEGORIES,
    CATEGORY_BY_NAME,
    CONTEXT_MOVES,
    MOODS,
    MOVEMENTS,
    NUMBER_WORDS,
    SHOT_SIZES,
    VAGUE,
    Category,
    _camera_words,
    category,
)
from . import lexicon, quantities, similar, verbs
from .coverage import FUNCTION_WORDS
from .grammar import DETERMINERS, is_plural, noun_phrase_heads, singular

EMBED_THRESHOLD = 0.6
#: Words that count the noun after "of" ("a pair of boots", "a dozen of them").
COUNT_NOUNS = frozenset(("pair", "couple", "dozen", "few", "handful", "dozens", "hundreds"))
#: Use the shipped MiniLM (`similar.default_embedder`) for words no vocabulary knows.
DEFAULT = "default"

INDOOR = ("room", "kitchen", "office", "bedroom", "hall", "living room", "bar", "restaurant",
          "library", "classroom", "church", "corridor", "hallway", "lobby", "studio", "apartment",
          "flat", "house", "cafe", "café", "shop", "store", "warehouse", "gym", "ballroom",
          "courtroom", "chamber", "cell", "attic", "basement", "garage", "theatre", "theater",
          "parliament", "inside", "indoors", "salon", "den", "lounge", "dojo", "saloon",
          "boardroom", "interrogation room", "rehearsal room", "concert hall", "club",
          "auditorium", "hospital", "corridor", "hallway", "indoor", "interior", "boxing ring",
          "station module", "space station", "cabin", "bathroom", "dining hall", "cellar")
OUTDOOR = ("street", "park", "field", "forest", "beach", "square", "plaza", "courtyard",
           "desert", "meadow", "road", "garden", "yard", "parking lot", "outside", "outdoors",
           "city", "village", "farm", "hill", "mountain", "lake", "riverbank", "parade ground",
           "avenue", "market", "camp", "battlefield", "stadium", "pasture", "woods", "outdoor",
           "alley", "crosswalk", "coastline", "coast", "highway", "harbour", "harbor", "pier",
           "rooftop", "roof", "playground", "lawn", "car park", "backlot", "jetty", "shore",
           "court", "basketball court", "tennis court", "pitch", "track", "backyard", "cliff",
           "sidewalk", "pavement", "bus stop", "town square", "desert highway", "road",
           "courtyard", "temple", "open air", "exterior", "valley", "countryside", "meadow")
LARGE = ("large", "big", "huge", "vast", "grand", "wide", "spacious", "enormous")
SMALL = ("small", "tiny", "cramped", "narrow", "little")

RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    ("on top of", "on"), ("sitting on", "on"), ("on", "on"), ("upon", "on"),
    ("next to", "next_to"), ("beside", "next_to"), ("by", "next_to"), ("alongside", "next_to"),
    ("in front of", "in_front_of"), ("before", "in_front_of"), ("behind", "behind"),
    ("to the left of", "left_of"), ("left of", "left_of"), ("to the right of", "right_of"),
    ("right of", "right_of"), ("facing", "facing"), ("faces", "facing"), ("face", "facing"),
    ("around", "around"), ("surrounding", "around"), ("surround", "around"),
    ("near", "near"), ("close to", "near"), ("far from", "far"), ("away from", "far"),
    ("across the room from", "far"), ("opposite", "far"),
)
UNARY_PHRASES: tuple[tuple[str, str, str | None], ...] = (
    ("against the wall", "against_wall", None), ("along the wall", "against_wall", None),
    ("against a wall", "against_wall", None), ("by the wall", "against_wall", None),
    ("in the middle", "center", None), ("in the center", "center", None),
    ("in the centre", "center", None), ("in the corner", "edge", None),
    ("at the edge", "edge", None), ("in a circle", "in_formation", "circle"),
    ("in a ring", "in_formation", "circle"), ("in a line", "in_formation", "line"),
    ("in a row", "in_formation", "line"), ("in line", "in_formation", "line"),
    ("in rows", "in_formation", "grid"), ("in ranks", "in_formation", "grid"),
    ("in formation", "in_formation", "grid"), ("in a grid", "in_formation", "grid"),
    ("in a procession", "in_formation", "procession"),
    ("procession", "in_formation", "procession"),
    ("in a column", "in_formation", "procession"), ("march", "in_formation", "procession"),
    ("marching", "in_formation", "procession"), ("marches", "in_formation", "procession"),
)
STOP = {"the", "a", "an", "then", "and", "with", "while", "as", "of", "in", "on", "at", "to",
        "from", "into", "for", "by", "his", "her", "their", "its", "he", "she", "they", "it",
        "slowly", "quickly", "finally", "suddenly", "later", "after", "before", "when", "we",
        "camera", "shot", "cut", "scene", "close", "wide", "medium", "night", "day", "one",
        "two", "three", "i", "is", "are", "there", "this", "that", "each", "other", "both"}
CONJ = {"and", "a", "an", "the", "his", "her", "their"}
GENERIC = {"person", "people", "persons", "character", "characters", "figure", "crowd",
           "child", "children", "kid", "kids", "couple", "figures"}
# Clause breaks: sentence ends (a period not inside a number like 2.5), ";", "!", "?", "then".
SEQ_SPLIT = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[;!?])+|,\s*(?:and\s+)?then\b|\bthen\b"
                       r"|\bafter that\b|\bafterwards\b")


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index after the phrase
    category: str
    count: int | None
    name: str | None = None  # a named character
    word: str = ""  # the words that matched
    size: tuple[float, float, float] | None = None  # a thing no category sizes (a proxy)
    definite: bool = False  # said with "the" ("the attacker", "the first violinist")
    member: bool = False  # picks one out of a group named before ("the winner")
    ensemble: bool = False  # a group noun with its size ("a string quartet", "a couple")
    other: bool = False  # "the other two": more of the kind just named


@dataclass
class _Group:
    id: str
    category: str
    count: int
    kind: str
    name: str | None = None
    actions: list[ActionPlan] = field(default_factory=list)
    look: list[str] = field(default_factory=list)  # appearance or style words
    words: list[str] = field(default_factory=list)  # the nouns the text called it
    size: tuple[float, float, float] | None = None  # a proxy's size (no category knows it)
    ensemble: bool = False  # named as a group ("a quartet"): its members are picked out


def _plural(word: str) -> list[str]:
    if word.endswith("y") and not word.endswith(("ey", "ay", "oy")):
        return [word[:-1] + "ies"]
    if word.endswith(("s", "sh", "ch", "x")):
        return [word + "es"]
    if word.endswith("f"):
        return [word[:-1] + "ves", word + "s"]
    if word == "person":
        return ["people", "persons"]
    if word == "man":
        return ["men"]
    if word == "woman":
        return ["women"]
    if word == "child":
        return ["children"]
    if word in ("sheep", "deer", "cattle", "police", "people", "crowd"):
        return []
    return [word + "s"]


def _phrase_table() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Token phrase → (category, plural?)."""
    table: dict[tuple[str, ...], tuple[str, bool]] = {}
    for cat in CATEGORIES:
        for phrase in (cat.name.replace("_", " "), *cat.synonyms):
            toks = tuple(phrase.split())
            table.setdefault(toks, (cat.name, phrase in ("people", "crowd", "children", "kids",
                                                          "trees", "shelves", "couple")))
            for pl in _plural(toks[-1]):
                table.setdefault((*toks[:-1], pl), (cat.name, True))
    # The library's other words for a thing the table names by another row ("lamp post" and
    # "street light" are the street lamp's, "cab" the taxi's, a car).
    from previz.asset_index.props import ROWS

    for row in ROWS:
        found = table.get(tuple(row.name.split()))
        if found is None:
            continue
        for w in row.synonyms:
            toks = tuple(re.findall(r"[a-z]+", w.lower()))
            if toks and " ".join(toks) not in VAGUE and not (len(toks) == 1 and toks[0] in
                                                               _camera_words()):
                table.setdefault(toks, (found[0], False))
                for pl in _plural(toks[-1]):
                    table.setdefault((*toks[:-1], pl), (found[0], True))
    return table


PHRASES = _phrase_table()
MAX_PHRASE = max(len(k) for k in PHRASES)
VERBS: dict[tuple[str, ...], str] = {}
for _verb, _spec in ACTIONS.items():
    for _w in (_verb.replace("_", " "), *_spec["synonyms"]):
        VERBS.setdefault(tuple(_w.split()), _verb)


#: Words any vocabulary knows (never sent to MiniLM), and words that end a noun phrase.
KNOWN_WORDS = frozenset({w for k in PHRASES for w in k} | {w for k in VERBS for w in k}
                        | {w for v in MOVEMENTS.values() for p in v for w in p.split()}
                        | {w for v in SHOT_SIZES.values() for p in v for w in p.split()}
                        | {w for v in MOODS.values() for p in v for w in p.split()}
                        | set(lexicon.LOOKS) | set(lexicon.CLOTHES)
                        | {w for p in (*INDOOR, *OUTDOOR) for w in p.split()})
#: Nouns never sent to MiniLM as a possible character: body parts, units, places on a thing.
NOT_CAST = frozenset("""
hand hands face faces head heads arm arms leg legs foot feet eye eyes shoulder shoulders back
chest hip waist knee lips mouth finger fingers forearm forearms neck body top bottom side sides
goal height length width depth distance metre meter second minute degree solo receiver blind
aboard line row rows edge middle centre center corner rest way end front half pace level beat
wall walls floor ceiling ground sky water air light shadow shadows room place
""".split())  # noqa: SIM905
#: Nouns after which a one-word thing only says what they are made of or for ("a football
#: stadium", "the church facade", "the bus doors").
MODIFIED_HEADS = frozenset({w for p in (*INDOOR, *OUTDOOR) for w in p.split()} | {
    "facade", "façade", "shop", "shopfront", "shopfronts", "station", "tower", "towers", "field",
    "court", "pitch", "ground", "club", "game", "match", "player", "players", "kick", "well"})
#: Place words that are also things ("bar", "lake"): said after "in" they are the place.
PLACE_ONLY = frozenset(w for p in (*INDOOR, *OUTDOOR) for w in p.split())
#: Places one word names on its own ("saloon", not the "bus" of "bus stop").
ONE_WORD_PLACES = frozenset(p for p in (*INDOOR, *OUTDOOR) if " " not in p)
#: Known words that are no thing of their own for `_Reader._thing`: KNOWN_WORDS less the words
#: that only stand inside a longer thing's name ("barrier" of "road barrier").
THING_KNOWN = KNOWN_WORDS - ({w for k in PHRASES if len(k) > 1 for w in k} -
                             {k[0] for k in PHRASES if len(k) == 1} -
                             {w for k in VERBS for w in k} -
                             {w for p in (*INDOOR, *OUTDOOR) for w in p.split()} -
                             {w for v in MOVEMENTS.values() for p in v for w in p.split()} -
                             {w for v in SHOT_SIZES.values() for p in v for w in p.split()})
#: What the noun-phrase grammar treats as a word that heads its own phrase: the vocabulary's
#: words, not its describing words ("a sealed envelope" is headed by the envelope).
HEAD_KNOWN = KNOWN_WORDS - lexicon.LOOKS - lexicon.DESCRIPTORS
READER_STOP = frozenset(STOP | {"to", "from", "into", "onto", "over", "under", "through",
                                "across", "along", "toward", "towards", "past", "up", "down",
                                "out", "off", "around", "behind", "between", "beside",
                                "near", "at", "by", "with", "without", "is", "are", "was",
                                "who", "which", "that", "s", "and", "or", "but", "while",
                                "as", "then"})
#: Words a noun run stops at: the reader's stop words and the report's function words.
PHRASE_STOPS = READER_STOP | FUNCTION_WORDS | {"where", "when", "whose"}


def tokenize(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:-[a-z]+)*|\d+(?:\.\d+)?", text.lower())


def _number(tok: str) -> int | None:
    if tok.replace(".", "", 1).isdigit():
        return max(1, round(float(tok)))
    return NUMBER_WORDS.get(tok)


def plan_from_text(text: str, embedder: TextEmbedder | str | None = DEFAULT) -> ScenePlan:
    """The `ScenePlan` for ``text`` (deterministic: a pure function of the text).

    ``embedder``: maps a word no vocabulary knows to its nearest category or place; the default
    is the shipped MiniLM (loaded only when such a word appears), None reads words only."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the scene text is empty: describe what should happen, e.g. "
                         "\"two people talk at a kitchen table\"")
    if len(text) > 4000:
        raise InputError(f"the scene text is {len(text)} characters long; at most 4000")
    from pydantic import ValidationError

    try:
        return _Reader(text, embedder).read()
    except ValidationError as exc:  # the text asks beyond a plan's bounds (agents/plan.py)
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        raise InputError(f"the text asks for more than one plan may hold: "
                         f"{where + ': ' if where else ''}{msg}") from None


class _Reader:
    def __init__(self, text: str, embedder: TextEmbedder | None) -> None:
        self.text = text.strip()
        self.low = " " + " ".join(tokenize(self.text)) + " "
        self._embedder = embedder
        self.explicit = embedder is not None and embedder != DEFAULT
        self.by_word: dict[str, str] = {}  # singular role word → group id ("boxers" → person)
        self.groups: dict[str, _Group] = {}
        self.by_category: dict[str, str] = {}
        self.split: set[str] = set()  # groups members were picked out of
        self.relations: list[RelationPlan] = []
        self.shots: list[ShotPlan] = []
        self.explicit_shots: set[str] = set()  # shots whose duration the text gave
        self.clock = 0.0  # when the next clause's actions start (seconds)
        self.beat_start = 0.0  # when the last clause with actions started
        self.history: list[str] = []  # characters in the order the text names them
        self.open_moves: dict[str, int] = {}  # group → its last move, with no goal or length
        self.clause_index = 0  # the clause being read
        self.shot_clause: int | None = None  # the last clause that described a shot
        self.seated_on: dict[str, str] = {}  # character → the seat the text puts it on
        self.riding: dict[str, str] = {}  # character → the vehicle the text puts it on
        self.last_thing: str | None = None  # the thing an action was last done to
        self.floored: set[str] = set()  # open structures something is in (`_open_floors`)
        self.names = self._names()

    # -- top level ------------------------------------------------------------------------------

    def read(self) -> ScenePlan:
        clauses = [c.strip() for c in SEQ_SPLIT.split(self.text) if c and c.strip()]
        last_actor: str | None = None
        for clause in clauses:
            last_actor = self._clause(clause, last_actor)
        self._seats()
        self._at_the_seat()
        self._in_goal()
        self._open_floors()
        setting = self._setting()
        mood = self._mood()
        if not self.groups and setting is None and not self.shots:
            from .coverage import FUNCTION_WORDS

            unknown = [w for w in dict.fromkeys(re.findall(r"[A-Za-z]+|\d+", self.text))
                       if w.lower() not in FUNCTION_WORDS]
            said = f"not understood: {', '.join(unknown[:12])}; " if unknown else ""
            raise InputError(
                f"found nothing to stage in the text ({said}name at least a place, an object "
                f"or a character; known words include "
                f"{', '.join(sorted(CATEGORY_BY_NAME)[:12])}…)")
        setting = setting or self._default_setting()
        setting = self._set(setting)
        self._riders()
        self._timing()
        self._alternate()
        objects, characters = [], []
        for g in self.groups.values():
            look = " ".join(dict.fromkeys(g.look))[:300]
            if g.kind in ("character", "animal"):
                characters.append(CharacterPlan(
                    id=g.id, kind=g.kind, category=g.category, count=g.count,
                    description=(g.name or ", ".join(dict.fromkeys(g.words)) or
                                 g.category).capitalize()[:300], appearance=look,
                    actions=g.actions))
            else:
                objects.append(ObjectPlan(id=g.id, category=g.category, count=g.count,
                                          style=look, size=g.size, actions=g.actions))
        relations = _dedupe(self.relations)
        return ScenePlan(title=self.text[:80], description=self.text, setting=setting,
                         objects=objects, characters=characters, relations=relations,
                         shots=self.shots, mood=mood, lighting=self._lighting(),
                         coverage=self._coverage())

    # -- whole-text readings --------------------------------------------------------------------

    def _timing(self) -> None:
        """Shot counts and durations the text gives for the whole scene: "four shots of 3
        seconds each", "12 seconds in all"; with no shot at all, a duration still makes one."""
        toks = quantities.words_to_numbers(tokenize(self.text))
        count = quantities.shot_count(toks)
        if count is not None and not re.search(
                r"\b\w+ (?:shots|cuts|angles)(?:\s*:|\s+of\b|\s+alternate|\s+in all)",
                self.text.lower()):
            count = None  # "they exchange six shots": a rally, not the cutting
        if count is not None and self.shots:
            n, each = count
            while len(self.shots) < n:
                # "four shots" after two that alternate (over his shoulder, then over hers):
                # the pattern goes on; otherwise the last shot again
                two = len(self.shots) >= 2 and self.shots[-1].subject != self.shots[-2].subject
                last = self.shots[-2] if two else self.shots[-1]
                self.shots.append(last.model_copy(update={"id": f"shot_{len(self.shots) + 1}"}))
            if each is not None:
                for k, shot in enumerate(self.shots):
                    if shot.id not in self.explicit_shots:
                        self.shots[k] = shot.model_copy(update={"duration": each})
                        self.explicit_shots.add(shot.id)
        total = quantities.total_seconds(toks)
        timed = [a.start + a.duration for g in self.groups.values() for a in g.actions
                 if "duration" in a.model_fields_set and ACTIONS.get(a.verb, {}).get("moves")]
        if total is None and len(self.shots) == 1 and timed and \
                self.shots[0].id not in self.explicit_shots and max(timed) > \
                self.shots[0].duration:
            # "three horses gallop … 40 metres in 8 seconds", one shot with no length: the
            # shot lasts the move the text timed
            self.shots[0] = self.shots[0].model_copy(update={"duration": round(max(timed), 3)})
        if total is None and (not self.shots or (len(self.shots) == 1 and self.shots[0].id
                                                 not in self.explicit_shots)):
            # "one 6-second shot" with no size or move, or said apart from the one shot's
            total = next((q.value for q in quantities.quantities(toks) if q.unit == "s" and
                          ("shot" in q.after[:2] or "shot" in q.before)), None)
        if total is None:
            return
        if not self.shots and self.groups:
            self.shots.append(ShotPlan(id="shot_1", duration=total))
            return
        fixed = [s for s in self.shots if s.id in self.explicit_shots]
        free = [k for k, s in enumerate(self.shots) if s.id not in self.explicit_shots]
        rest = total - sum(s.duration for s in fixed)
        if free and rest > 0:
            for k in free:
                self.shots[k] = self.shots[k].model_copy(
                    update={"duration": round(max(0.5, rest / len(free)), 3)})

    def _alternate(self) -> None:
        """Over-the-shoulder shots that name no one of their own ("two men sit across a table
        … over-the-shoulder shots alternate, three shots of 3 seconds") look onto each of the
        two characters in turn: onto the second named over the first's shoulder, then back."""
        ots = [k for k, s in enumerate(self.shots) if s.movement == "over_the_shoulder"]
        if len(ots) < 2:
            return
        if len({self.shots[k].subject for k in ots}) > 1:
            # "over his shoulder onto her, over hers onto him, and over his again": a shot
            # that names no one goes on with the pattern
            for n in range(2, len(ots)):
                k, a, b = ots[n], self.shots[ots[n - 2]].subject, self.shots[ots[n - 1]].subject
                if self.shots[k].subject is None and a is not None and b is not None and a != b:
                    self.shots[k] = self.shots[k].model_copy(update={"subject": a})
            return
        people = [gid for gid, g in self.groups.items() if g.kind == "character" and
                  g.count == 1]
        if len(people) != 2:
            return
        a, b = people
        first = a if self.shots[ots[0]].subject == a else b
        for n, k in enumerate(ots):
            who = first if n % 2 == 0 else (b if first == a else a)
            self.shots[k] = self.shots[k].model_copy(update={"subject": who})

    def _lighting(self) -> LightingPlan | None:
        """Time of day, colour temperature, key direction, haze, practicals and a named look."""
        low = self.low
        toks = quantities.words_to_numbers(tokenize(self.text))
        time_of_day = next((v for w, v in lexicon.TIME_OF_DAY if f" {w} " in low), None)
        kelvin = quantities.kelvin(toks)
        if kelvin is None:
            kelvin = next((k for w, k in lexicon.TEMPERATURES if f" {w} " in low and
                           _light_context(low, w)), None)
        fog = next((v for w, v in lexicon.FOG if f" {w} " in low), None)
        if kelvin is None and re.search(r" late[- ]afternoon | low sun ", low):
            kelvin = 3500.0  # a low sun is warm before it is golden
        if kelvin is None and fog is not None and time_of_day not in (
                "night", "dawn", "golden_hour", "dusk") and not self._indoor():
            kelvin = lexicon.FOG_KELVIN  # "fog on the path, a flat grey sky"
        if kelvin is None and time_of_day is not None and not (
                time_of_day == "dusk" and self._indoor()):
            kelvin = lexicon.TIME_KELVIN.get(time_of_day)  # "golden hour", "midday sun"
        key = None
        for m in re.finditer(r"\b(light|lit|sun|key|lamp|lamps|daylight|spotlight|glow|"
                             r"floodlights?|sunlight|backlight|moonlight|tubes?|bulbs?|"
                             r"window)\b", low):
            window = low[max(0, m.start() - 40):m.end() + 45].split()
            key = quantities.direction_from(window)
            if key is not None:
                break
        if key is None:
            m = re.search(r" (?:through|from) (?:an?|the) (north|south|east|west) window | "
                          r"window on the (left|right|north|south|east|west) ", low)
            key = quantities.DIRECTIONS[m.group(1) or m.group(2)] if m else None
        if key is None and re.search(r" (?:midday|noon) sun | sun (?:at|from) (?:its )?"
                                     r"(?:zenith|directly above) | tubes? overhead ", low):
            key = "above"
        practicals = self._practicals()
        look = _look(low)
        if look == "harsh_overhead" and " overcast " in low:
            look = "overcast"  # "overcast, soft top light": the sky's light, from above
        if all(v is None for v in (time_of_day, kelvin, fog, key, look)) and not practicals:
            return None
        return LightingPlan(look=look, key_direction=key, temperature_k=kelvin,
                            practicals=practicals, fog=fog, time_of_day=time_of_day)

    def _indoor(self) -> bool:
        setting = self._setting()
        return setting is not None and setting.type == "room"

    def _practicals(self) -> list[str]:
        """Lamps, candles, street lamps and fires the text says give light; lights named to
        give it (neon signs, a bare bulb, floodlights); lamps after dark ("night … street
        lamps"), unless the text says they are off or names the only light."""
        out, dark = [], []
        time_of_day = next((v for w, v in lexicon.TIME_OF_DAY if f" {w} " in self.low), None)
        for g in self.groups.values():
            if g.category not in lexicon.LIGHT_CATEGORIES:
                continue
            cat = CATEGORY_BY_NAME.get(g.category)
            words = [w.replace("_", " ") for w in (g.category, *(cat.synonyms if cat else ()))]
            unlit = False
            for w in dict.fromkeys(words):
                for m in re.finditer(rf" {re.escape(w)}s? ", self.low):
                    near = set(self.low[max(0, m.start() - 30):m.end() + 40].split())
                    unlit = unlit or bool(set(self.low[m.end():m.end() + 12].split()) &
                                          lexicon.UNLIT_WORDS - {"dark"})
                    if near & lexicon.PRACTICAL_WORDS:
                        out.append(g.id)
                        break
                if g.id in out:
                    break
            if g.id in out or unlit:
                continue
            if g.category in lexicon.SELF_LIT:
                out.append(g.id)
            elif g.category in lexicon.LIT_AFTER_DARK and time_of_day in ("night", "dusk"):
                dark.append(g.id)
        if not re.search(r" only (?:[a-z]+ ){0,3}(?:light|lit|on) | is the only ", self.low):
            out += dark  # "the floor lamp is the only light": not the others
        return out

    def _coverage(self) -> CoveragePlan | None:
        """A coverage pattern the camera skills declare, when the text names one."""
        from previz.skills.vocabulary import terms

        best = None
        low = self.low.replace("-", " ")  # "over-the-shoulder singles"
        for t in terms("coverage"):
            for w in (t.name.replace("_", " "), *t.synonyms):
                phrase = " ".join(tokenize(w.replace("-", " ")))
                if phrase and f" {phrase} " in low and (best is None or
                                                             len(phrase) > best[1]):
                    best = (t.name, len(phrase))
        if best is None:
            return None
        cast = [g.id for g in self.groups.values() if g.kind in ("character", "animal")]
        return CoveragePlan(pattern=best[0], subjects=cast[:2],
                            shots=len(self.shots) if self.shots else None)

    def _set(self, setting: Setting) -> Setting:
        """A procedural set the skills declare, when the text names it ("a boxing ring", "a
        town square"), or a place word the reader knows it by ("a rocky coastline", "a pine
        forest", "a harbour"), with the parameters the text gives: a square's building ("a
        church facade", "the town hall"), a city block's buildings and heights ("12 buildings,
        20 to 40 metres tall"), a hill's height and its lake ("a grassy hill 8 metres above a
        lake", "a mountain lake", "30-metre cliffs … the sea"). An exterior set is outdoors
        unless the text says indoor. Things the text names that the set does not build (a
        road in the desert, a path in the forest) are planned as things (`_set_things`)."""
        from previz.skills.vocabulary import terms

        best: tuple[str, int, dict] | None = None
        for t in terms("set"):
            for w in (t.name.replace("_", " "), *t.synonyms):
                phrase = _phrase(w)
                if phrase and f" {phrase} " in self.low and (best is None or
                                                             len(phrase) > best[1]):
                    best = (t.name, len(phrase), {})
        for w, (name, params) in lexicon.SET_WORDS.items():
            if f" {w} " in self.low and (best is None or len(w) > best[1]):
                best = (name, len(w), dict(params))
        seen = SEEN_FROM_THE_STREET.search(self.low)
        if seen is not None:  # "a café seen from the street through its big front window"
            best = ("storefront", len(self.low), {})
        if best is None:
            self._set_things("", {})
            return setting
        name, _, params = best
        toks = quantities.words_to_numbers(tokenize(self.text))
        water = any(f" {w} " in self.low for w in WATER_WORDS)
        relief = next((w for w in RELIEF_WORDS if f" {w} " in self.low), None)
        if relief is not None and (name in ("pond", "beach") or (name == "hill" and water)):
            # "a grassy hill 8 metres above a lake", "a mountain lake", "cliffs … the sea"
            height = _measure_near(toks, relief) or RELIEF_HEIGHT[relief]
            # (radius at most 40 m: wider, the generator's summit cells come out empty)
            name, params = "hill", {"height": height, "radius": min(40.0, max(20.0, 2.5 *
                                                                               height)),
                                    "lake": 40.0 if water else 0.0}
        elif name == "hill" and relief is not None:
            params["height"] = _measure_near(toks, relief) or RELIEF_HEIGHT[relief]
        elif name == "plaza":
            params.update(self._plaza_building())
        elif name == "city_block":
            params.update(_block_params(toks))
        update: dict = {"set": name}
        if params:
            update["params"] = {**setting.params, **params}
        from ..setting import is_interior

        if name in EXTERIOR_SETS and (name in WITH_INTERIOR or not re.search(
                r" (?:indoor|indoors|inside|interior) ", self.low)):
            update["type"] = "outdoor"
            if setting.type == "room":
                update["name"] = name.replace("_", " ")
        elif is_interior(name):
            update["type"] = "room"
        self._set_things(name, params)
        if name in WITH_INTERIOR:
            self._built_by_set(name, params)
        return setting.model_copy(update=update)

    def _built_by_set(self, name: str, params: dict) -> None:
        """Drop the things the text names that the set itself builds (a storefront's window and
        door): the set's parts are them, a second window standing in the shop is not. Kept
        when someone acts on it (walks to the door)."""
        from ..setting import set_classes

        have = set_classes(name, tuple(sorted(params.items())))
        used = {a.goal for g in self.groups.values() for a in g.actions} | {
            a.target for g in self.groups.values() for a in g.actions}
        if "window_glass" in have:  # "a couple sits by the glass": the window's, not a cup
            have = have | {"glass"}
        for gid, g in list(self.groups.items()):
            if g.kind not in ("character", "animal") and g.category in have and \
                    not g.actions and gid not in used:
                del self.groups[gid]
                self.relations = [r for r in self.relations
                                  if gid not in (r.subject, r.target)]

    def _plaza_building(self) -> dict:
        """The building on a square's podium that the text names (longest name first)."""
        for w in sorted(lexicon.PLAZA_BUILDINGS, key=len, reverse=True):
            if f" {w} " in self.low and (w != "hall" or " town hall " not in self.low):
                return {"building": lexicon.PLAZA_BUILDINGS[w]}
        return {}

    def _set_things(self, name: str, params: dict) -> None:
        """Ground things the text names that the set does not build (its parts' classes):
        "a straight desert highway" → a road, "a dirt path between the trees" → a path, "a
        straight athletics track" → a running track, as long flat proxies."""
        from ..setting import set_classes

        have = set_classes(name, tuple(sorted(params.items()))) if name else frozenset()
        for word, implied in lexicon.IMPLIED.items():
            if f" {word} " in self.low and not any(
                    g.category == implied or lexicon_like(g.category, implied)
                    for g in self.groups.values()):
                gid = slug(implied)
                while gid in self.groups:
                    gid += "_2"
                self.groups[gid] = _Group(gid, implied, 1, "prop", words=[implied])
        for words, cls, size in GROUND_THINGS:
            if cls in have or any(g.category == cls for g in self.groups.values()):
                continue
            if any(re.search(rf" {w} ", self.low) for w in words) or (
                    cls == "running_track" and " track " in self.low and re.search(
                        r" (?:sprint|sprinters|lanes|race|runners|athletics) ", self.low)):
                gid = slug(cls)
                while gid in self.groups:
                    gid += "_2"
                self.groups[gid] = _Group(gid, cls, 1, "prop", size=size, words=[cls])

    @property
    def embedder(self) -> TextEmbedder | None:
        """The word embedder, the default MiniLM loaded on first use."""
        if self._embedder == DEFAULT:
            self._embedder = similar.default_embedder()
        return self._embedder  # type: ignore[return-value]

    # -- words ----------------------------------------------------------------------------------

    def _names(self) -> set[str]:
        """Capitalised words that are no vocabulary word: the names of characters."""
        names: set[str] = set()
        known = {w for k in PHRASES for w in k} | {w for k in VERBS for w in k}
        for m in re.finditer(r"\b([A-Z][a-z]{2,})\b", self.text):
            w = m.group(1).lower()
            if w in known or w in STOP or w in NUMBER_WORDS or w in lexicon.LOOKS or any(
                    w in words for words in (INDOOR, OUTDOOR)) or w in {
                    x for v in MOODS.values() for x in v}:
                continue
            before = self.text[:m.start()].rstrip()
            sentence_start = not before or before[-1] in ".!?;:"
            after = tokenize(self.text[m.end():m.end() + 40])
            if sentence_start and not (after and (tuple(after[:1]) in VERBS or
                                                  tuple(after[:2]) in VERBS or
                                                  after[0] in ("and", "is", "stands"))):
                continue
            names.add(w)
        return names

    def _mentions(self, toks: list[str]) -> list[Mention]:
        """The things and characters a clause names, in order: vocabulary phrases (longest
        first; a word that only says what another is made of or for, "an oak dining table",
        "a football stadium", is no thing of its own), names, group nouns ("a string
        quartet"), "the other two", role nouns (lexicon, then MiniLM), and the head nouns of
        other phrases as things (`_thing`)."""
        out: list[Mention] = []
        heads = {h for h, _ in noun_phrase_heads(toks, HEAD_KNOWN, READER_STOP,
                                                    lexicon.LOOKS)}
        i = 0
        while i < len(toks):
            t = toks[i]
            if t in lexicon.ENSEMBLES:
                if toks[i + 1:i + 2] == ["of"]:
                    i += 1  # "a couple of friends": the count is the friends'
                    continue
                n = self._count(toks, i, False)
                out.append(Mention(i, i + 1, "person", max(1, n or 1) * lexicon.ENSEMBLES[t],
                                   word=t, ensemble=True, definite=toks[i - 1:i] == ["the"]))
                i += 1
                continue
            member = self._one_of(toks, i, out)
            if member is not None:
                out.append(member)
                i = member.end
                continue
            if t == "other" and i + 1 < len(toks) and toks[i + 1] not in ("a", "an") and \
                    _number(toks[i + 1]) is not None and not (
                        i + 2 < len(toks) and tuple(toks[i + 2:i + 3]) in PHRASES):
                prev = next((m for m in reversed(out) if m.category in ("person", "child")
                             or CATEGORY_BY_NAME.get(m.category, category(m.category)).kind
                             in ("character", "animal")), None)
                if prev is not None or self.history:
                    g = self.groups[self.history[-1]] if prev is None else None
                    out.append(Mention(i, i + 2, prev.category if prev else g.category,
                                       _number(toks[i + 1]), word=prev.word if prev else (
                                           g.words[-1] if g.words else g.category),
                                       other=True))
                    i += 2
                    continue
            hit = None
            for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                key = tuple(toks[i:i + n])
                if key in PHRASES:
                    hit = (n, *PHRASES[key])
                    break
            if hit is not None and _camera_verb(toks, i, hit[0]):
                hit = None  # "the camera trucks left": a move, not a lorry
            if hit is not None and hit[0] > 1 and t in lexicon.DESCRIPTORS and \
                    tuple(toks[i + 1:i + hit[0]]) in PHRASES:
                i += 1  # "folding chairs", "a round table", "pine trees": the kind is style
                continue
            if hit is not None and hit[0] == 1 and self._modifier(toks, i):
                i += 1  # "an oak dining table", "a football stadium", "the bus doors"
                continue
            if hit is not None and hit[0] == 1 and not hit[2] and _compound_head(toks, i) and \
                    CATEGORY_BY_NAME.get(hit[1], category(hit[1])).kind in (
                        "character", "animal") and self._thing(toks, i + 1, heads):
                i += 1  # "a guard rail runs along": a rail, no guard
                continue
            if hit is not None and hit[0] == 1 and t in PLACE_ONLY and (_inside(toks, i) or (
                    t in ONE_WORD_PLACES and self.clause_index == 0 and not out and all(
                        x in DETERMINERS or x in lexicon.LOOKS or x in LARGE or x in SMALL
                        for x in toks[:i]))):
                i += 1  # "in a dark bar", "A saloon brawl: …": the place, not its counter
                continue
            if hit is not None:
                n, cat, plural = hit
                word = " ".join(toks[i:i + n])
                if cat == "person" and n == 1 and lexicon.role_category(
                        t, young=i > 0 and toks[i - 1] in ("young", "little", "small")) == "child":
                    cat = "child"  # "a boy", "a young girl": a child, not a grown person
                out.append(Mention(i, i + n, cat, self._count(toks, i, plural), word=word,
                                   definite=self._definite(toks, i)))
                i += n
                continue
            if t in self.names:
                out.append(Mention(i, i + 1, "person", 1, name=t))
            elif self.explicit and i > 0 and _number(toks[i - 1]) is not None \
                    and t not in STOP and len(t) > 2 and tuple(toks[i:i + 1]) \
                    not in VERBS and (cat := self._embed_match(t)) is not None:
                plural = t.endswith("s")
                out.append(Mention(i, i + 1, cat, self._count(toks, i, plural)))
            elif toks[i + 1:i + 2] == ["s"] and i + 2 < len(toks) and \
                    tuple(toks[i + 2:i + 3]) in PHRASES and toks[i - 1:i] != ["the"] and \
                    singular(t) not in self.by_word:
                pass  # "a green banker's lamp": the kind of lamp, no banker
            elif not is_plural(t) and _compound_head(toks, i) and \
                    self._thing(toks, i + 1, heads) is not None:
                pass  # "a guard rail runs along": a rail, no guard
            elif (role := self._role(toks, i, heads)) is not None:
                plural = is_plural(t) or t in ("people", "crowd")
                word = singular(t)
                definite = self._definite(toks, i)
                member = definite and not plural and (
                    word in lexicon.MEMBER_ROLES or toks[i - 1] in lexicon.MEMBER_MARKS)
                out.append(Mention(i, i + 1, role, self._count(toks, i, plural), word=word,
                                   definite=definite, member=member))
            elif (thing := self._thing(toks, i, heads)) is not None:
                start, word, size = thing
                said = word if "_" not in word else " ".join((*toks[max(start, i - 1):i],
                                                              singular(t)))
                out.append(Mention(start, i + 1, slug(word).replace("-", "_"),
                                   self._count(toks, start, is_plural(t)), word=said,
                                   size=size, definite=self._definite(toks, start)))
            i += 1
        self._share_counts(toks, out)
        return out

    def _one_of(self, toks: list[str], i: int, out: list[Mention]) -> Mention | None:
        """"The one in red", "the taller one", "the other" (before a verb): one member of
        the group of characters named last ("two boxers … the one in red throws a jab while
        the one in blue covers up"), as a member mention (`_member` splits it off)."""
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if t in COMPARATIVES and toks[i - 1:i] == ["the"] and i > 0 and (
                nxt in lexicon.COMMON_VERBS or (nxt,) in verbs.TABLE or
                tuple(toks[i + 1:i + 3]) in verbs.TABLE):
            t = "one"  # "the younger takes it": the younger one
        if t not in ("one", "other") or (toks[i - 1:i] != ["the"] and not (
                t == "one" and i > 1 and toks[i - 1] in lexicon.MEMBER_MARKS | lexicon.LOOKS
                and toks[i - 2] == "the")):
            return None
        if t == "other" and (not nxt or ((nxt,) in PHRASES and (nxt,) not in verbs.TABLE) or
                             _number(nxt) is not None or
                             nxt in ("one", "side", "end", "way", "hand", "s")):
            return None  # "the other man", "the other two", "the other side"
        groups = [g for g in self.groups.values() if g.kind == "character" and g.name is None
                  and (g.count >= 2 or g.id in self.split)]
        if not groups:
            return None
        start, end = (i - 1 if toks[i - 1] != "the" else i), i + 1
        if t == "one" and nxt in ("in", "with") and i + 2 < len(toks) and \
                toks[i + 2] not in READER_STOP:
            end = i + 3  # "the one in red", "the one with the scar"
        word = " ".join(toks[start:end])
        return Mention(start, end, groups[-1].category, None, word=word, definite=True,
                       member=True)

    @staticmethod
    def _definite(toks: list[str], i: int) -> bool:
        """Said with "the" (over a member word: "the first violinist", "the far player")."""
        j = i - 1
        while j >= 0 and toks[j] in lexicon.MEMBER_MARKS | lexicon.LOOKS and i - j <= 2:
            j -= 1
        return j >= 0 and toks[j] in ("the", "its", "their")

    def _modifier(self, toks: list[str], i: int) -> bool:
        """Whether the one-word thing at ``i`` only says what the next noun is made of or for:
        another thing's phrase follows ("oak dining table", "stone lantern", "bus doors"), or a
        place or structure word ("football stadium", "church facade")."""
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if nxt == "s" and toks[i] in PLACE_ONLY and tuple(toks[i + 2:i + 3]) in PHRASES:
            return True  # "a noodle bar's door": the door of a place, no bar counter
        if not nxt or nxt in READER_STOP or is_plural(toks[i]):
            return False  # "three parked cars, street lamps": a plural ends its phrase
        if any(tuple(toks[i + 1:i + 1 + n]) in PHRASES for n in range(1, MAX_PHRASE + 1)):
            return True
        return nxt in MODIFIED_HEADS or singular(nxt) in lexicon.STRUCTURES or \
            singular(nxt) in lexicon.NOUN_HEADS

    def _share_counts(self, toks: list[str], out: list[Mention]) -> None:
        """Plural things with no number of their own that the text counts another way: "60
        graduates on folding chairs" (one each), "in 6 rows of 10"."""
        for k, m in enumerate(out):
            after = " ".join(toks[m.end:m.end + 5])
            if m.count == 1 and toks[m.start - 1:m.start] in (["a"], ["an"]) and \
                    CATEGORY_BY_NAME.get(m.category, category(m.category)).kind == "prop":
                if re.search(r"\bon (?:each|either) side\b", after):
                    m.count = 2  # "a nightstand on each side"
                elif re.search(r"\b(?:of|for|by|beside|behind) each\b", after) and k > 0:
                    m.count = max(x.count or 1 for x in out[:k])  # "a music stand in front of
                    # each" (of the four players)
            if m.count != 0 or CATEGORY_BY_NAME.get(m.category, category(m.category)).kind \
                    in ("character", "animal"):
                continue
            after = toks[m.end:m.end + 5]
            if after[:1] == ["in"] and len(after) >= 5 and after[3] == "of" and \
                    after[2] in ("rows", "ranks", "lines", "columns") and \
                    _number(after[1]) and _number(after[4]):
                m.count = _number(after[1]) * _number(after[4])
                continue
            if re.search(r"\b(?:line|lining|on|along) (?:both|either) (?:sides|side|sidewalks)\b",
                         " ".join(toks[m.end:m.end + 5])):
                m.count = 6  # "pine trees line both sides", "doors on both sides"
                continue
            prev = out[k - 1] if k > 0 else None
            if prev is not None and (prev.count or 0) > 1 and \
                    all(t in ("on", "in", "at", "behind", "sit", "sits", "seated", "stand",
                              "standing", "with", "holding", "carrying") or (t,) in verbs.TABLE
                        or _describer(t) for t in toks[prev.end:m.start]) and \
                    CATEGORY_BY_NAME.get(prev.category, category(prev.category)).kind in (
                        "character", "animal"):
                m.count = prev.count

    def _thing(self, toks: list[str], i: int, heads: set[int]
               ) -> tuple[int, str, tuple[float, float, float] | None] | None:
        """A thing no vocabulary names, at the head of a noun phrase ("a white pavilion",
        "a sealed envelope", "three mattresses", "8 taller towers", "duel with longswords"):
        (where its phrase starts, the noun, its size). Compounds the lexicon knows ("neon
        signs", "floodlight towers", "guard rail") keep their words; events, parts, directions
        and film words are no things (`lexicon.NOT_PROPS`), nor is a noun that only says what
        the next one is ("a temple gate", "a noodle bar"). "The north wall" is the room's; "a
        2-metre brick wall" is a thing. The size is the lexicon's (`lexicon.STRUCTURES`), else
        that of the library category MiniLM puts nearest (`similar.thing`), with the measure
        the text gives ("a 40-metre building")."""
        w = toks[i]
        base = singular(w)
        two = " ".join((toks[i - 1], base)) if i > 0 else ""
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if two in lexicon.COMPOUNDS:
            start, word = i - 1, lexicon.COMPOUNDS[two]
        elif i not in _heads_of(tuple(toks)) or len(w) < 3 or (
                w in THING_KNOWN and base not in lexicon.STRUCTURES and not (
                    (w,) in VERBS and _library_word(base))) or \
                w.endswith("ly") or w in self.names or \
                _number(w) is not None or w in quantities.SECONDS or w in quantities.METRES \
                or w in lexicon.CLOTHES or base in lexicon.CLOTHES:
            return None
        elif base in ("wall", "walls") and any(t in ("a", "an") or _number(t) for t in
                                             toks[max(0, i - 4):i]) and \
                not set(toks[max(0, i - 3):i]) & {"the", "back", "north", "south", "east",
                                                  "west", "end", "side"}:
            start, word = i, "wall"
        elif any(p in lexicon.NOT_PROPS or p in NOT_CAST or singular(p) in lexicon.NOT_PROPS
                 or p in lexicon.ADJECTIVES or p in lexicon.COMMON_VERBS
                 for p in (w, base, *w.split("-"))):
            return None
        elif not is_plural(w) and nxt and nxt not in READER_STOP and (
                (nxt,) in PHRASES or tuple(toks[i + 1:i + 3]) in PHRASES or
                f"{base} {singular(nxt)}" in lexicon.COMPOUNDS):
            return None  # "a temple gate": the gate's; "neon signs": the signs'
        elif base in lexicon.ALIASES:
            return None
        else:
            start, word = i, _kind_of(base)
        if not re.fullmatch(r"[a-z][a-z_]{1,30}", word.replace("-", "_")):
            return None
        while start > 0 and toks[start - 1] in lexicon.LOOKS | lexicon.DESCRIPTORS:
            start -= 1
        size = lexicon.STRUCTURES.get(word)
        if size is None and category(word).size == (0.5, 0.5, 0.5):  # no category sizes it
            found = similar.thing(word, self.embedder)
            size = category(found[0].replace(" ", "_")).size if found else (0.5, 0.5, 0.5)
        if size is not None:
            size = _said_size(toks[max(0, start - 4):i], size)
        return start, word, size

    def _role(self, toks: list[str], i: int, heads: set[int]) -> str | None:
        """The category of a role noun the vocabulary lacks: the reader's lexicon first
        ("boxers", "referee", "son"), then MiniLM for the head of a noun phrase ("a
        astronaut")."""
        young = i > 0 and toks[i - 1] in ("young", "little", "small", "baby")
        cat = lexicon.role_category(toks[i], young=young)
        if cat is not None:
            return cat
        w = toks[i]
        if i not in heads or len(w) < 3 or w in KNOWN_WORDS or w in NOT_CAST or \
                singular(w) in NOT_CAST or w.endswith(("ing", "ly")) or (
                w.endswith("er") and (w[:-2] in lexicon.LOOKS or w[:-3] in lexicon.LOOKS)):
            return None
        return similar.cast_category(singular(w), self.embedder)

    def _count(self, toks: list[str], i: int, plural: bool) -> int | None:
        """The count said before the noun at ``i``: a number in words or digits over the
        describing words between ("two old women", "six café tables", "a pair of", "a dozen
        candles"), never one that belongs to an earlier phrase ("A boy chases pigeons": the
        "A" is the boy's). None for a singular with no number, 0 for a plural with none."""
        j, steps = i - 1, 0
        while j >= 0 and steps < 4:
            t = toks[j]
            n = _number(t)
            if n is not None and _unit_after(toks, j):
                break  # "a 2.4-metre oak dining table", "30-metre cliffs": a measure
            if n is not None:
                if t in ("a", "an") and plural:
                    return None  # "a crowd of", "a few" handled by the word itself
                return n
            if t == "of" and j > 0 and toks[j - 1] in COUNT_NOUNS:
                j -= 1  # "a pair of boots", "a dozen of them"
                steps += 1
                continue
            if (t,) in PHRASES and j == i - 1 and not is_plural(t):
                j -= 1  # "12 police officers": "police" says what kind
                steps += 1
                continue
            if t in READER_STOP or t in DETERMINERS or (t,) in PHRASES or (t,) in VERBS or \
                    (t,) in verbs.TABLE or verbs._participle(t):
                break
            j -= 1
            steps += 1
        return None if not plural else 0  # 0: plural with no number

    def _embed_match(self, word: str) -> str | None:
        names = [c.name for c in CATEGORIES]
        vecs = np.asarray(self.embedder.encode([word] + [n.replace("_", " ") for n in names]),
                          float)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        sims = vecs[1:] @ vecs[0]
        best = int(np.argmax(sims))
        return names[best] if sims[best] >= EMBED_THRESHOLD else None

    # -- groups ---------------------------------------------------------------------------------

    def _group_for(self, m: Mention) -> str:
        """The plan group a mention is: a named character; one already named ("the
        boxers", "the taxi"); a member picked out of a group ("two knights … the attacker":
        the group gives one of its members to the attacker, so the count stays two); a role of
        its own ("a detective"); a counted group of its own noun ("40 monks … 4 drummers" are
        two groups, "three parked cars and a taxi" two); else the category's group."""
        cat = CATEGORY_BY_NAME.get(m.category) or category(m.category)
        if m.name is not None:
            gid = slug(m.name)
            if gid not in self.groups:
                self.groups[gid] = _Group(gid, "person", 1, "character", name=m.name)
            return gid
        count = m.count
        word = singular(m.word.split()[-1]) if m.word else ""
        living = cat.kind in ("character", "animal")
        if m.other:
            gid = self._new_group(word or m.category, m.category, count or 2, cat.kind, m)
            return gid
        if living and m.definite and count is None and word not in self.by_word and \
                m.word not in GENERIC and (picked := self._member(m, word)) is not None:
            return picked
        if (count is None or (count == 0 and m.definite)) and word in self.by_word:
            # "two fighters … the fallen fighter": one of them; "three street lamps … under
            # the lamps": those
            return self.by_word[word]
        if m.definite and not living and count is None and len(word) >= 3 and \
                word not in self.by_word:
            shortened = next((g.id for g in reversed(self.groups.values()) if g.kind == "prop"
                              and any(w != word and w.replace("_", "").endswith(word)
                                      for w in (*g.words, g.category))), None)
            if shortened is not None:
                return shortened  # "a red motorbike … as the bike leaves": the motorbike
        if m.definite and not living and word in lexicon.PARTS and \
                m.category not in self.by_category:
            whole = next((g.id for g in reversed(self.groups.values())
                          if g.kind == "prop" and (g.category in lexicon.PARTS[word] or any(
                              lexicon_like(g.category, c) for c in lexicon.PARTS[word]))), None)
            if whole is not None:
                return whole  # "the bus … a medium shot of the doors": the bus's doors
        for alias in lexicon.ALIASES.get(word, ()):
            if count is None and alias in self.by_word:
                return self.by_word[alias]  # "12 police officers … the police line"
        if cat.kind == "character" and not m.ensemble and m.word not in GENERIC and \
                count in (None, 1):
            # A role ("a detective", "the waiter") is its own character.
            gid = slug(m.word)
            if gid not in self.groups:
                self.groups[gid] = _Group(gid, m.category, 1, "character", name=m.word)
            return gid
        gid = self.by_category.get(m.category)
        if gid is not None and word and (count or m.ensemble) and m.word not in GENERIC and \
                word not in self.groups[gid].words and (
                    living or self.groups[gid].words):
            # another group of the same kind, counted on its own ("4 drummers" after "40
            # monks", "a taxi" after "three parked cars")
            if word in self.by_word and self.groups[self.by_word[word]].count == count:
                return self.by_word[word]
            return self._new_group(word, m.category, count or 3, cat.kind, m)
        if gid is None:
            gid = slug(m.category)
            while gid in self.groups:
                gid = f"{gid}_group"
            n = count if count else (3 if count == 0 else 1)
            self.groups[gid] = _Group(gid, self._plan_category(m, cat), n, cat.kind,
                                      size=m.size, ensemble=m.ensemble)
            self.by_category[m.category] = gid
        elif count:
            self.groups[gid].count = max(self.groups[gid].count, count)
        if word:
            self.by_word.setdefault(word, gid)
            if living and m.word and m.word not in GENERIC and m.word != m.category:
                self.groups[gid].words.append(m.word)
            elif not living and word not in self.groups[gid].words:
                self.groups[gid].words.append(word)
        return gid

    def _new_group(self, word: str, cat_name: str, count: int, kind: str, m: Mention) -> str:
        """A group of its own for a noun (id after the noun, made unique)."""
        base = slug(word)
        gid, k = base, 2
        while gid in self.groups:
            gid, k = f"{base}_{k}", k + 1
        living = kind in ("character", "animal")
        cat = CATEGORY_BY_NAME.get(cat_name) or category(cat_name)
        self.groups[gid] = _Group(gid, cat_name if living else self._plan_category(m, cat),
                                  count, kind, size=m.size, ensemble=m.ensemble,
                                  words=[m.word if living else word] if m.word else [])
        self.by_word.setdefault(singular(word), gid)
        self.by_category.setdefault(cat_name, gid)
        return gid

    def _member(self, m: Mention, word: str) -> str | None:
        """The group a definite role picks one member out of ("the attacker" of two knights,
        "the cellist" of a quartet, "the winner" of eight sprinters): it takes one of the
        group's members (their actions so far, their look and relations) as a group of its
        own; the last member left is the group itself. None when no group of that kind was
        named, or the role is not said as one of them."""
        groups = [g for g in self.groups.values() if g.kind == "character" and g.name is None
                  and g.category == m.category and (g.count >= 2 or g.id in self.split)]
        if not groups:
            return None
        g = groups[-1]
        if not (m.member or g.ensemble):
            return None
        if g.count == 1:  # the last one left
            g.words.append(m.word)
            self.by_word[word] = g.id
            return g.id
        gid = slug(m.word)
        k = 2
        while gid in self.groups:
            gid, k = f"{slug(m.word)}_{k}", k + 1
        self.groups[gid] = _Group(gid, g.category, 1, g.kind, name=m.word,
                                  actions=list(g.actions), look=list(g.look))
        g.count -= 1
        self.split.add(g.id)
        self.relations += [r.model_copy(update={"subject": gid}) for r in self.relations
                           if r.subject == g.id and r.type != "in_formation"]
        self.by_word[word] = gid
        return gid

    @staticmethod
    def _plan_category(m: Mention, cat: Category) -> str:
        """What the plan calls a thing: the word the text used when it is a one-word synonym
        of the category ("a red ball", "the goal", "a fishing boat", "banners", "the mirror":
        the library still finds the model, and the shot's segmentation names the thing as the
        director did), else the category."""
        words = m.word.split()
        if len(words) != 1 or cat.kind in ("character", "animal"):
            return m.category
        word = singular(words[0])
        name = m.category.replace("_", " ")
        if word == name or words[0] == name or not re.fullmatch(r"[a-z][a-z_]{0,30}", word):
            return m.category
        if lexicon.VAGUE_NAMES.get(word) == m.category:
            # "a mat", "the bar": too vague to name a model of their own, they are the rug,
            # the counter
            return m.category
        return word

    def _appearance(self, toks: list[str], mentions: list[Mention], ids: list[str]) -> None:
        """Describing words onto the thing they describe: "a grey sofa" (style), "a tired
        man", "a woman in a black dress", "the one in red" (appearance)."""
        for m, gid in zip(mentions, ids, strict=True):
            words: list[str] = []
            j = m.start - 1
            while j >= 0 and m.start - j <= 4 and (
                    toks[j] in lexicon.LOOKS or toks[j] in lexicon.DESCRIPTORS or (
                        toks[j] == "s" and j > 0 and self.groups[gid].kind == "prop")):
                if toks[j] == "s":  # "a green banker's lamp": the kind of lamp
                    words.insert(0, f"{toks[j - 1]}'s")
                    j -= 2
                    continue
                if toks[j] != "caf":
                    words.insert(0, toks[j])
                j -= 1
            j = m.end
            if j < len(toks) and toks[j] in ("in", "wearing", "with"):
                k = j + 1
                tail: list[str] = []
                while k < len(toks) and k - j <= 5 and (toks[k] in lexicon.LOOKS or toks[k]
                                                        in lexicon.CLOTHES or toks[k] in (
                                                            "a", "an", "his", "her")):
                    if toks[k] not in ("a", "an", "his", "her"):
                        tail.append(toks[k])
                    k += 1
                if tail and (toks[j] != "with" or tail[-1] in lexicon.CLOTHES):
                    words += [toks[j], *tail]
            if words:
                self.groups[gid].look.append(" ".join(words))

    # -- clauses --------------------------------------------------------------------------------

    def _clause(self, clause: str, last_actor: str | None) -> str | None:
        toks = tokenize(clause)
        mentions = self._mentions(toks)
        ids = [self._group_for(m) for m in mentions]
        text = " " + " ".join(toks) + " "
        shot = self._shot(toks, text, mentions, ids, clause)
        actors = [g for g in ids if self.groups[g].kind in ("character", "animal")]
        # Relations between consecutive mentions joined by a relation phrase.
        for k, m in enumerate(mentions):
            between_end = mentions[k + 1].start if k + 1 < len(mentions) else len(toks)
            gap = " " + " ".join(toks[m.end:between_end]) + " "
            subject = ids[k]
            for phrase, kind, formation in UNARY_PHRASES:
                if kind == "in_formation" and self.groups[subject].count < 2:
                    continue  # a formation needs a group
                if f" {phrase} " in gap:
                    self.relations.append(RelationPlan(type=kind, subject=subject,
                                                       formation=formation))
                    break
            feet = re.match(r" at (?:his|her|their) feet ", gap)
            owner = next((ids[j] for j in range(k - 1, -1, -1)
                          if self.groups[ids[j]].kind == "character"), last_actor)
            if feet and owner is not None and owner != subject:
                # "feeding three pigeons at his feet": by the one who feeds them
                self.relations.append(RelationPlan(type="next_to", subject=subject,
                                                   target=owner))
            if k + 1 >= len(mentions):
                continue
            target = ids[k + 1]
            if target == subject:
                continue
            near_gap = toks[m.end:mentions[k + 1].start]
            tail = " " + " ".join(near_gap[-4:]) + " "
            if self.groups[subject].kind == "character" and near_gap[:1] == ["on"] and \
                    not verbs.find(near_gap):
                # "a rider on a red motorbike", "a drummer on a stool plays", "60 graduates on
                # folding chairs": riding it, seated there (`_riders`, `_seats`)
                if self._is_vehicle(target):
                    self.riding.setdefault(subject, target)
                elif self._is_seat(target):
                    self.seated_on.setdefault(subject, target)
            if self._inside_open(target, near_gap):
                # "a mat in a wooden garden pavilion", "a scholar sits in the gazebo": on its
                # floor, under its roof (`_open_floors`)
                self.floored.add(target)
                self.relations.append(RelationPlan(type="on", subject=subject, target=target))
                continue
            for phrase, kind in RELATION_PHRASES:
                if f" {phrase} " in tail:
                    if kind == "on" and not CATEGORY_BY_NAME.get(
                            self.groups[target].category, CATEGORY_BY_NAME["table"]).surface:
                        break
                    subj = subject
                    if kind in ("on", "around") and self.groups[subject].kind in (
                            "character", "animal") and self.groups[target].kind == "prop" \
                            and kind == "on" and \
                            self.groups[target].category not in lexicon.WALKWAYS:
                        break  # "Mara sits on the sofa": a pose, not a placement
                    self.relations.append(RelationPlan(type=kind, subject=subj, target=target))
                    # "A and B argue by the counter": the relation holds for A as well.
                    j = k
                    while j > 0 and self.groups[subj].kind in ("character", "animal") and \
                            set(toks[mentions[j - 1].end:mentions[j].start]) <= CONJ and \
                            self.groups[ids[j - 1]].kind in ("character", "animal"):
                        j -= 1
                        if ids[j] != target:
                            self.relations.append(RelationPlan(type=kind, subject=ids[j],
                                                               target=target))
                    break
        # "facing each other": every pair of actors in the clause faces each other.
        if re.search(r"\b(facing|face|faces) each other\b|\bface to face\b", text):
            pair = actors if len(actors) >= 2 else actors + ([last_actor] if last_actor else [])
            pair = list(dict.fromkeys(pair))
            if len(pair) >= 2:
                for a in pair:
                    for b in pair:
                        if a != b:
                            self.relations.append(RelationPlan(type="facing", subject=a,
                                                               target=b))
            elif len(pair) == 1 and self.groups[pair[0]].count >= 2:
                self.relations.append(RelationPlan(type="in_formation", subject=pair[0],
                                                   formation="circle"))
        self._appearance(toks, mentions, ids)
        self._held_with(toks, mentions, ids)
        actor = actors[0] if actors else last_actor
        if shot and not actors:
            # a shot clause names no one: only what "he", "she" or "they" do in it is acted
            # ("as he picks it up the camera zooms …", "a medium on her as she talks")
            self._actions(toks, mentions, ids, [actor] if actor else [], shot, last_actor,
                          pronoun_only=True)
            return last_actor
        self._actions(toks, mentions, ids, actors or ([actor] if actor else []), shot,
                      last_actor)
        self.history += actors
        return actor

    def _actions(self, toks: list[str], mentions: list[Mention], ids: list[str],
                 actors: list[str], shot: bool = False, last_actor: str | None = None,
                 pronoun_only: bool = False) -> None:
        """The actions of a clause's verbs. With ``pronoun_only`` (a shot clause that names
        no character) only verbs whose subject is a pronoun, or goes on from one ("he stands,
        walks to the window"), are acted."""
        vehicles = [g for g in ids if self._is_vehicle(g)]
        if not actors and not vehicles:
            return
        numbers = quantities.words_to_numbers(toks)
        # In a shot clause a bare duration is the shot's; only "for N s" is the action's. A
        # duration for the whole scene ("4 seconds in all") is no action's.
        clause_seconds = None if quantities.total_seconds(numbers) is not None else (
            _duration(toks) if shot else quantities.seconds(numbers))
        words = [w for a in actors for w in (*self.groups[a].words, self.groups[a].name or "")]
        ends = [m.end for m, g in zip(mentions, ids, strict=True)
                if self.groups[g].kind in ("character", "animal")]
        found, driven = [], []
        for v in verbs.find(toks, words, ends):
            if shot and self._camera_does(v, toks, mentions, ids, actors):
                continue
            if self._thing_does(v, v.pos, toks, mentions, ids, actors):
                driven.append(v)  # "a taxi drives down the street and stops": the taxi's
            elif actors:
                found.append(v)
        recs: list[tuple[int, str, int, bool]] = []  # (position, group, action index, already)
        self._vehicle_actions(driven, toks, mentions, ids, recs)
        open_move = self.open_moves  # group → index of its goal-less move just before
        subject: list[str] = []  # who the clause's verbs are about so far
        for n_verb, v in enumerate(found):
            pos, verb = v.pos, v.action
            until = found[n_verb + 1].pos if n_verb + 1 < len(found) else len(toks)
            span = toks[pos:until]
            cam = next((k for k, t in enumerate(span) if (t in ("camera", "drone") and k > 0
                        and span[k - 1] in ("the", "a") and (k < 2 or span[k - 2] not in (
                            "toward", "towards", "to", "at", "into", "past", "from"))) or
                        span[k:k + 2] == ["we", "cut"]), None)
            span = span[:cam] if cam is not None else span
            goal, target = self._objects(verb, pos, until, toks, mentions, ids, actors)
            if ACTIONS[verb]["moves"] and re.search(r"\bin (?:slow |lazy |tight |small )?"
                                                    r"circles\b", " ".join(span)):
                goal = None  # "swim in slow circles in a pond beside a lantern": round there
            if ACTIONS[verb]["moves"] and goal is None and {"aboard", "board", "boards"} & \
                    set(span[:3]):
                # "two passengers … step aboard": onto the vehicle named last
                goal = next((g for g in reversed(self.groups) if self._is_vehicle(g)), None)
            if target is not None and self.groups[target].kind == "prop":
                self.last_thing = target
            seconds = quantities.seconds(quantities.words_to_numbers(span))
            if seconds is not None and quantities.total_seconds(
                    quantities.words_to_numbers(span)) is not None:
                seconds = None
            if seconds is None and len(found) == 1:
                seconds = clause_seconds
            spec = ACTIONS[verb]
            kwargs = {"duration": seconds} if seconds is not None else (
                {} if spec["moves"] else {"duration": spec["duration"]})
            span_numbers = quantities.words_to_numbers(span)
            params = _action_params(verb, span_numbers)
            waypoints: list[tuple[float, float]] = []
            way = quantities.travel(span) or (quantities.travel(toks) if len(found) == 1
                                              else None)
            dist = quantities.distance(span_numbers)
            if spec["moves"] and goal is None and way is not None:
                d = min(dist or 8.0, 120.0)
                waypoints = [_compass_xy(way[0], d / 2), _compass_xy(way[1], d / 2)]
            elif spec["moves"] and goal is None and dist is not None and dist >= 3.0 and \
                    " alley " not in self.low:
                d = min(dist, 120.0)  # "sprints 40 metres": across the ground, west to east
                waypoints = [_compass_xy("west", d / 2), _compass_xy("east", d / 2)]
            elif spec["moves"] and goal is None and dist is not None and "duration" not in \
                    kwargs:
                # "walks 8 metres toward the camera" down an alley: along its route, as long
                # as the distance takes at the move's pace
                kwargs = {"duration": round(max(1.0, min(dist, 120.0) /
                                                float(spec.get("speed", 1.3))), 3)}
            if spec["moves"] and goal is None and not waypoints:
                waypoints = self._lap(span, pos, until, mentions, ids) or waypoints
            if verb == "pick_up" and target is None:
                continue  # "hold a line", "takes her time": nothing to take
            already = "already" in toks[max(0, pos - 2):pos]
            # "walks 3 metres toward the giant … and stops": the one a move went to is no
            # new subject of the verb after it
            named = any(m.end <= pos and (n_verb == 0 or m.start > found[n_verb - 1].pos)
                        and g in actors and not (n_verb > 0 and set(
                            toks[max(found[n_verb - 1].pos, m.start - 2):m.start]) & {
                            "to", "toward", "towards", "into", "onto"})
                        for m, g in zip(mentions, ids, strict=True))
            if toks[pos - 1:pos] == ["who"] and (self.history or actors):
                # "punches another man, who falls": the one named just before; "sweeps the
                # third, who falls": the one acted on, not the subject
                near = [g for m, g in zip(mentions, ids, strict=True) if m.end <= pos and
                        g in actors]
                doers = near[-1:] or [next((h for h in reversed(self.history) if h not in
                                            subject), (self.history or actors)[-1])]
            elif pronoun_only:
                doers = self._pronoun_doers(pos, toks, mentions, ids, actors) or subject
                if not doers:
                    continue
            else:
                doers = self._pronoun_doers(pos, toks, mentions, ids, actors) or (
                    subject if subject and not named else
                    _doers(pos, toks, mentions, ids, actors, last_actor))
            subject = doers
            if verb == "walk":
                # "a girl walks her dog along a path": the dog walks with her (not "chases
                # pigeons": those run from him)
                doers = [*doers, *(g for m, g in zip(mentions, ids, strict=True)
                                   if g not in doers and self.groups[g].kind == "animal" and
                                   m.start == pos + v.n + 1 and
                                   toks[pos + v.n] in ("her", "his", "their"))]
            for a in doers:
                act_verb = verb
                if verb == "talk" and self.groups[a].kind == "animal":
                    continue
                if verb == "graze" and self.groups[a].kind == "character":
                    act_verb = "drink" if "drink" in v.word else "eat"
                if verb == "stand" and _seated(self.groups[a].actions) and not already:
                    act_verb = "stand_up"  # "sits at the desk … then he stands": gets up
                if len(self.groups[a].actions) >= 32:
                    continue
                action = ActionPlan(
                    verb=act_verb, goal=goal if goal != a else None,
                    target=target if target != a else None,
                    params=params if act_verb == verb else {}, waypoints=waypoints, **kwargs)
                # A landing ends a flight: "flies over the park and lands by the fountain" is
                # two actions (fly, land), not one flight to the fountain.
                k = open_move.pop(a, None) if act_verb != "land" else None
                if k is not None and spec["moves"]:
                    # "explode out of the blocks and run the 100 m", "walks in and crosses to
                    # the sofa": one move, the faster gait, to where the second one goes.
                    before = self.groups[a].actions[k]
                    if ACTIONS[before.verb].get("speed", 0) > spec.get("speed", 0):
                        action = action.model_copy(update={"verb": before.verb})
                    action = action.model_copy(update={"start": before.start})
                    self.groups[a].actions[k] = action
                    if goal is None and not waypoints and seconds is None:
                        open_move[a] = k
                    continue
                self.groups[a].actions.append(action)
                recs.append((pos, a, len(self.groups[a].actions) - 1, already))
                if spec["moves"] and goal is None and not waypoints and seconds is None:
                    open_move[a] = len(self.groups[a].actions) - 1
            if not spec["moves"]:
                open_move.clear()
        self._beats(toks, self._states_first(found, recs))

    def _held_with(self, toks: list[str], mentions: list[Mention], ids: list[str]) -> None:
        """A thing in the hand said with "with" right after a character ("a woman with an
        umbrella walks", "two knights duel with longswords"): the character holds it from the
        clause on, for the whole scene. Not a thing "with" another thing ("a table with four
        chairs"), nor one too big to hold."""
        for k in range(1, len(mentions)):
            m, gid = mentions[k], ids[k]
            g, holder = self.groups[gid], ids[k - 1]
            if g.kind != "prop" or self.groups[holder].kind != "character" or \
                    not _hand_held(g):
                continue
            j = m.start - 1
            while j >= mentions[k - 1].end and (toks[j] in DETERMINERS or _describer(toks[j])):
                j -= 1
            if j < mentions[k - 1].end or toks[j] != "with" or any(
                    t in READER_STOP and t != "with" for t in toks[mentions[k - 1].end:j]):
                continue
            acts = self.groups[holder].actions
            if len(acts) < 32 and not any(a.verb in ("hold", "pick_up", "carry") and
                                          a.target == gid for a in acts):
                acts.append(ActionPlan(verb="hold", target=gid, start=round(self.clock, 3)))

    def _is_seat(self, gid: str | None) -> bool:
        g = self.groups.get(gid or "")
        return g is not None and g.kind == "prop" and (
            g.category in lexicon.SEATS or bool(set(g.words) & lexicon.SEATS))

    def _inside_open(self, target: str, gap: list[str]) -> bool:
        """Whether ``gap`` (the words before a mention of ``target``) puts what comes before
        it inside ``target``, an open structure (`lexicon.OPEN_STRUCTURES`): "in a wooden
        garden", "inside the" — "in" and then at most three words, none a verb."""
        g = self.groups[target]
        if g.kind != "prop" or g.category not in lexicon.OPEN_STRUCTURES:
            return False
        k = max((i for i, t in enumerate(gap) if t in ("in", "inside", "within")), default=None)
        if k is None or len(gap) - k > 4:
            return False
        return not verbs.find(gap[k + 1:])

    def _in_goal(self) -> None:
        """Who keeps a goal stands in front of it (`lexicon.KEEPERS`), and a penalty's ball
        lies in front of it, its taker near it: the penalty's goalkeeper stood 12 m from the
        goal and 70 m from the striker, and no shot of the kick saw him."""
        goal = next((gid for gid, g in self.groups.items()
                     if g.kind == "prop" and g.category == "goal"), None)
        if goal is None:
            return
        for gid, g in self.groups.items():
            if g.kind == "character" and {*g.words, g.name or ""} & lexicon.KEEPERS and not any(
                    r.subject == gid and r.target is not None for r in self.relations):
                self.relations.append(RelationPlan(type="in_front_of", subject=gid,
                                                   target=goal))
        if re.search(r"\bpenalty\b", self.text, re.IGNORECASE):
            for gid, g in self.groups.items():
                if g.kind == "prop" and g.category == "ball" and not any(
                        r.subject == gid and r.target is not None for r in self.relations):
                    self.relations.append(RelationPlan(type="in_front_of", subject=gid,
                                                       target=goal))
                    # who takes it starts by it (steps back, runs in): 54 m off, the wide
                    # on the striker showed no goalkeeper
                    for cid, c in self.groups.items():
                        if c.kind == "character" and any(a.target == gid for a in c.actions) \
                                and not any(r.subject == cid and r.target is not None
                                            for r in self.relations):
                            self.relations.append(RelationPlan(type="near", subject=cid,
                                                               target=gid))

    def _at_the_seat(self) -> None:
        """What is by someone seated from the start is by the seat ("an old man sits on a
        bench feeding three pigeons at his feet"): the layout places the man away from the
        bench he is then seated on, so pigeons by where he was placed were 17 m from him."""
        for n, r in enumerate(self.relations):
            if r.type != "next_to" or r.target not in self.groups or \
                    self.groups[r.target].kind != "character":
                continue
            first = self.groups[r.target].actions[:1]
            if first and first[0].verb in ("sit", "lie_on") and first[0].start == 0.0 and \
                    first[0].target is not None and first[0].target != r.subject:
                self.relations[n] = r.model_copy(update={"target": first[0].target})

    def _open_floors(self) -> None:
        """An open structure something is in (a pavilion, a gazebo) is planned as its raised
        floor (`lexicon.OPEN_FLOOR` high, roof and columns not drawn), and whoever sits or
        lies on a thing on that floor stands on it too: a scholar who 'sits on a mat in a
        wooden garden pavilion' sat 15 m away from it (the mat was nowhere near the pavilion)
        and the pavilion, a 4.5 m proxy box, hid him from the crane in front of it."""
        for sid in sorted(self.floored):
            g = self.groups[sid]
            w, d, _ = g.size or lexicon.STRUCTURES.get(g.category, (6.0, 6.0, 4.5))
            g.size = (w, d, lexicon.OPEN_FLOOR)
            g.look.append("raised floor, roof and columns above")
            on_it = {r.subject for r in self.relations if r.type == "on" and r.target == sid}
            for gid, c in self.groups.items():
                if c.kind != "character" or gid in on_it:
                    continue
                if not any(a.target in on_it or a.goal in on_it for a in c.actions
                           if a.verb in ("sit", "lie_on", "lie", "kneel")):
                    continue
                self.relations.append(RelationPlan(type="on", subject=gid, target=sid))
                # what it plays there ("plays a guqin laid on a low table"): the instrument,
                # or the thing it lies on, on the floor by it
                for a in c.actions:
                    if not a.verb.startswith("play_"):
                        continue
                    name = a.verb.removeprefix("play_")
                    for iid, h in self.groups.items():
                        if h.kind != "prop" or not (name in iid or name in h.category or any(
                                name in w for w in h.words)):
                            continue
                        under = next((r.target for r in self.relations if r.type == "on"
                                      and r.subject == iid), None)
                        held = under or iid
                        if not any(r.type == "on" and r.subject == held
                                   for r in self.relations):
                            self.relations.append(RelationPlan(type="on", subject=held,
                                                               target=sid))

    def _seats(self) -> None:
        """What the characters sit on when the text implies it: one put "on" a seat with no
        verb between ("a drummer on a stool plays") sits on it first; playing done seated
        ("a pianist plays a grand piano") sits first, on the seat the text gives it or on one
        at the instrument (a bench at a piano, a stool at a drum kit); and a sit with no seat
        anywhere in the plan ("two men sit across a small round table") gets chairs, one a
        sitter, around the table it sits at."""
        for gid, seat in self.seated_on.items():
            if not any(a.verb in ("sit", "ride", "lie_on", "lie") for a in
                       self.groups[gid].actions):
                self._sit_first(gid, 0, seat)
        for gid, g in list(self.groups.items()):
            if g.kind != "character":
                continue
            k = next((k for k, a in enumerate(g.actions) if a.verb in lexicon.PLAYED_SEATED),
                     None)
            if k is None or any(a.verb in ("sit", "ride") for a in g.actions[:k + 1]):
                continue
            seat_category, at = lexicon.PLAYED_SEATED[g.actions[k].verb]
            instrument = next((i for i, h in self.groups.items() if h.kind == "prop" and (
                h.category in at or set(h.words) & set(at))), None)
            if instrument is None:
                continue  # "4 drummers beat drums" walk with them; a kit is played seated
            seat = self._add_group(seat_category, 1)
            self.relations.append(RelationPlan(type="next_to", subject=seat, target=instrument))
            self._sit_first(gid, k, seat)
        sitters = [(gid, k) for gid, g in self.groups.items() if g.kind == "character"
                   for k, a in enumerate(g.actions) if a.verb == "sit" and
                   not self._is_seat(a.target)]
        if not sitters or any(self._is_seat(gid) for gid in self.groups):
            return
        count = min(sum(self.groups[gid].count for gid in dict.fromkeys(g for g, _ in sitters)),
                    MAX_SEATS)
        at_target = [self.groups[gid].actions[k].target for gid, k in sitters]
        surface = next((t for t in at_target if t is not None and self.groups[t].kind == "prop"
                        and category(self.groups[t].category).surface), None)
        seat = self._add_group("chair", count)
        if surface is not None:
            self.relations.append(RelationPlan(type="around" if count > 1 else "next_to",
                                               subject=seat, target=surface))
        for gid, k in sitters:
            act = self.groups[gid].actions[k]
            self.groups[gid].actions[k] = act.model_copy(update={"target": seat})

    def _riders(self) -> None:
        """A character on a vehicle ("a rider on a red motorbike waits …, then accelerates
        away 30 metres") or a rider by its word ("a cyclist … he covers about 80 metres", on
        the bicycle `lexicon.IMPLIED` gives) rides it for the whole scene: its moves are the
        vehicle's drives (same start, goal, path and time), its waits the vehicle's stops, and
        what else it does it does riding."""
        riding = dict(self.riding)
        for word, cat in lexicon.RIDERS.items():
            gid = next((h for h, g in self.groups.items() if g.kind == "character" and (
                word in g.words or g.name == word)), None)
            if gid is None or gid in riding:
                continue
            ride = next((v for v, h in self.groups.items() if h.kind == "prop" and (
                h.category == cat or cat in h.words)), None)
            if ride is not None:
                riding[gid] = ride
        for gid, ride in riding.items():
            g, vehicle = self.groups[gid], self.groups[ride]
            if g.count != 1 or any(a.verb == "ride" for a in g.actions) or any(
                    a.goal is not None or a.waypoints for a in vehicle.actions):
                continue  # a vehicle that goes somewhere of its own ("a taxi drives to …")
            # "… accelerates away 30 metres …, then a wide as the bike leaves": one departure,
            # the rider's (with its length), not a second one after it
            moves = any(ACTIONS.get(a.verb, {}).get("moves") for a in g.actions)
            vehicle.actions = [a for a in vehicle.actions if not (moves and a.verb == "drive")]
            keep: list[ActionPlan] = []
            end = 0.0
            for a in g.actions:
                if ACTIONS.get(a.verb, {}).get("moves"):
                    length = sum(math.dist(p, q) for p, q in itertools.pairwise(a.waypoints))
                    seconds = a.duration if "duration" in a.model_fields_set else round(
                        max(1.0, length / ACTIONS["drive"].get("speed", 8.0)), 3) if length \
                        else 3.0
                    vehicle.actions.append(ActionPlan(verb="drive", start=a.start,
                                                      duration=seconds, goal=a.goal,
                                                      waypoints=a.waypoints))
                elif a.verb in ("stand", "stop", "wait"):
                    vehicle.actions.append(ActionPlan(verb="stop", start=a.start,
                                                      duration=a.duration))
                else:
                    keep.append(a)
                    continue
                end = max(end, vehicle.actions[-1].start + vehicle.actions[-1].duration)
            vehicle.actions.sort(key=lambda a: a.start)
            end = max([end, *(a.start + a.duration for a in vehicle.actions)])
            g.actions = [ActionPlan(verb="ride", target=ride, start=0.0,
                                    duration=round(end, 3) if end > 0 else
                                    ACTIONS["ride"].get("duration", 4.0)), *keep][:32]

    def _add_group(self, cat: str, count: int) -> str:
        """A prop group the text implies (a seat), id after its category, made unique."""
        gid, k = slug(cat), 2
        while gid in self.groups:
            gid, k = f"{slug(cat)}_{k}", k + 1
        self.groups[gid] = _Group(gid, cat, count, "prop", words=[cat])
        return gid

    def _sit_first(self, gid: str, k: int, seat: str) -> None:
        """A sit on ``seat`` before the group's action ``k``, which with those after it starts
        when the sit is done."""
        acts = self.groups[gid].actions
        if len(acts) >= 32:
            return
        start = acts[k].start if k < len(acts) else 0.0
        sit = ActionPlan(verb="sit", target=seat, start=start, duration=SIT_SECONDS)
        acts[k:] = [a.model_copy(update={"start": round(min(a.start + SIT_SECONDS, 600.0), 3)})
                    for a in acts[k:]]
        acts.insert(k, sit)

    def _is_vehicle(self, gid: str) -> bool:
        g = self.groups[gid]
        return g.kind == "prop" and (g.category in lexicon.VEHICLES or
                                     bool(set(g.words) & lexicon.VEHICLES))

    def _vehicle_actions(self, driven: list[verbs.Verb], toks: list[str],
                         mentions: list[Mention], ids: list[str],
                         recs: list[tuple[int, str, int, bool]]) -> None:
        """What a vehicle does ("a taxi drives down the street … and stops at the kerb", "a
        bus pulls in to the stop", "a helicopter flies over"): a move is its drive (a flyer's
        fly), to the thing after "to"/"into"; a stop or a wait is its stop. Verbs a vehicle
        cannot do stay unplayed (the report lists them)."""
        subject = None
        for k, t in enumerate(toks):  # "a fishing boat motors slowly out of a harbour"
            if t in lexicon.VEHICLE_VERBS and not any(v.pos == k for v in driven):
                driven.append(verbs.Verb(k, 1, lexicon.VEHICLE_VERBS[t], t))
        driven.sort(key=lambda v: v.pos)
        for n, v in enumerate(driven):
            before = [(m, g) for m, g in zip(mentions, ids, strict=True) if m.end <= v.pos]
            if before and self._is_vehicle(before[-1][1]) and (subject is None or set(
                    toks[before[-1][0].end:v.pos]) <= {"slowly", "then", "also", "suddenly",
                                                       "finally", "quickly"}):
                subject = before[-1][1]  # "… past four parked cars and stops": the taxi's
            if subject is None:
                continue
            g = self.groups[subject]
            flies = g.category in lexicon.FLYERS or bool(set(g.words) & lexicon.FLYERS)
            spec = ACTIONS.get(v.action, {})
            if v.action in ("stop", "stand") or (not spec.get("moves") and v.action != "fly"):
                verb = "stop" if v.action in ("stop", "stand") else None
            else:
                verb = "fly" if flies else "drive"
            if verb is None or verb not in ACTIONS:
                continue
            until = driven[n + 1].pos if n + 1 < len(driven) else len(toks)
            goal = None
            if verb != "stop":
                goal = next((gg for m, gg in zip(mentions, ids, strict=True)
                             if v.pos < m.start < until and gg != subject and
                             set(toks[max(v.pos, m.start - 3):m.start]) & {"to", "into",
                                                                           "toward", "towards"}),
                            None)
            span = quantities.words_to_numbers(toks[v.pos:until])
            seconds = quantities.seconds(span)
            dist = quantities.distance(span)
            if seconds is None and dist is not None and verb != "stop":
                seconds = round(max(1.0, dist / ACTIONS[verb].get("speed", 8.0)), 3)
            kwargs = {"duration": seconds} if seconds is not None else (
                {"duration": ACTIONS[verb].get("duration", 1.0)} if verb == "stop" else
                {"duration": 3.0})
            g.actions.append(ActionPlan(verb=verb, goal=goal, **kwargs))
            recs.append((v.pos, subject, len(g.actions) - 1, False))

    def _states_first(self, found: list[verbs.Verb], recs: list[tuple[int, str, int, bool]]
                      ) -> list[tuple[int, str, int, bool]]:
        """A posture said right after a verb ("plays seated", "reads sitting") is the state the
        verb is done in: it comes first (sit, then play)."""
        out = list(recs)
        for j in range(1, len(found)):
            main, state = found[j - 1], found[j]
            if state.word not in STATE_WORDS or state.pos != main.pos + main.n:
                continue
            for a in dict.fromkeys(g for _, g, _, _ in out):
                ra = next((r for r, x in enumerate(out) if x[0] == main.pos and x[1] == a), None)
                rb = next((r for r, x in enumerate(out) if x[0] == state.pos and x[1] == a), None)
                if ra is None or rb is None:
                    continue
                (_, _, ka, al), (_, _, kb, _) = out[ra], out[rb]
                acts = self.groups[a].actions
                acts[ka], acts[kb] = acts[kb], acts[ka]
                out[rb] = (main.pos, a, ka, al)  # the state: now at the main verb's index
                out[ra] = (state.pos, a, kb, al)  # the verb done in it, after
        return out

    def _camera_does(self, v: verbs.Verb, toks: list[str], mentions: list[Mention],
                     ids: list[str], actors: list[str]) -> bool:
        """Whether a verb of a shot clause is the camera's ("push in to a medium", "the
        camera rises"): a movement word with no character as its subject."""
        if v.word not in CAMERA_PHRASES and toks[v.pos] not in CAMERA_PHRASES:
            return False
        before = [m for m, g in zip(mentions, ids, strict=True) if m.end <= v.pos and
                  g in actors]
        return not before or bool({"camera", "drone", "we", "cut", "shot"} &
                                  set(toks[before[-1].end:v.pos]))

    def _thing_does(self, v: verbs.Verb, pos: int, toks: list[str], mentions: list[Mention],
                    ids: list[str], actors: list[str]) -> bool:
        """Whether the verb's subject is a thing ("a taxi stops at the line", "a lamp gives
        the only light"): the phrase just before it names no character, and no verb governs
        that phrase ("holding an umbrella waits" is the woman's)."""
        before = [(m, g) for m, g in zip(mentions, ids, strict=True) if m.end <= pos]
        if not before or v.action in PEOPLE_ONLY:
            return False  # "a quartet — two violins, a viola and a cello — plays"
        m, g = before[-1]
        if g in actors or self.groups[g].kind in ("character", "animal"):
            return False
        if not any(self.groups[g2].kind in ("character", "animal") for g2 in ids) and not \
                set(toks[:pos]) & set(verbs.PRONOUNS):
            # "a lamp over a doorway at each turn gives the only light"; but "then jumps up
            # onto the table and walks to a bowl": the table is the jump's, not the walk's doer
            return any(self._is_vehicle(g2) for m2, g2 in before) or not any(
                v2.pos < m.start for v2 in verbs.find(toks))
        if not set(toks[m.end:pos]) <= {"slowly", "then", "also", "suddenly", "finally"}:
            return False  # "… to the table and sits down": the subject before it
        opener = toks[max(0, m.start - 3):m.start]
        if any(t.endswith("ing") or tuple([t]) in verbs.TABLE for t in opener):
            return False
        actor_before = any(g2 in actors for m2, g2 in zip(mentions, ids, strict=True)
                           if m2.end <= m.start and not set(toks[m2.end:m.start]) & {
                               "while", "as", "and", "when"})
        return not actor_before

    def _pronoun_group(self, word: str, mentions: list[Mention], ids: list[str]) -> str | None:
        """The character group a pronoun of a shot stands for: the latest named one that fits
        ("his" a man or a lone character; "their" a group)."""
        kind = verbs.PRONOUNS.get(word)
        named = [g for g in ids if self.groups[g].kind in ("character", "animal")]
        living = [g for g in reversed(self.groups) if self.groups[g].kind in (
            "character", "animal")]
        if kind == "n":  # "a pan … follows it": the lone animal named last
            return next((g for g in [*reversed(named), *living] if self.groups[g].kind ==
                         "animal" and self.groups[g].count == 1), None)
        for explicit in (True, False):  # "her": the woman before a lone neutral friend
            for gid in dict.fromkeys([*reversed(named), *reversed(self.history), *living]):
                g = self.groups[gid]
                said = {*g.words, g.name or "", g.category, *(g.name or "").split()}
                female, male = said & verbs.FEMALE, said & verbs.MALE
                if {"p": g.count > 1,
                        "f": bool(female) or (not explicit and not male and g.count == 1),
                        "m": bool(male) or (not explicit and not female and g.count == 1)
                        }.get(kind, False):
                    return gid
        if kind == "p" and len(living) >= 2:
            return self._lead()  # "a girl walks her dog … ahead of them": the girl leads
        # "two friends … a medium on her …, on him": she and he are one friend each
        pair = next((g for g in reversed(self.groups.values()) if g.kind == "character" and
                     g.name is None and g.count == 2 and g.category == "person" and not (
                         {*g.words, g.category} & (verbs.FEMALE | verbs.MALE))), None)
        if pair is not None and kind in ("f", "m"):
            who = "woman" if kind == "f" else "man"
            return self._member(Mention(0, 0, "person", None, word=who, definite=True,
                                        member=True), who)
        return None

    def _pronoun_doers(self, pos: int, toks: list[str], mentions: list[Mention],
                       ids: list[str], actors: list[str]) -> list[str]:
        """Who "she", "he" or "they" just before the verb is: the latest character the text
        named that fits ("three thugs surround a woman; she kicks the first" — the woman)."""
        starts = {m.start for m, g in zip(mentions, ids, strict=True) if g in actors}
        for j in range(pos - 1, max(-1, pos - 4), -1):
            if j in starts:
                return []
            kind = verbs.PRONOUNS.get(toks[j])
            if kind in ("f", "m", "p") and toks[j] not in ("her", "his", "him", "them"):
                named = [g for m, g in zip(mentions, ids, strict=True) if m.end <= j and
                         g in actors]
                seen = list(dict.fromkeys([*reversed(named), *reversed(self.history), *(
                    g for g in reversed(self.groups) if self.groups[g].kind in (
                        "character", "animal"))]))  # a member split off by a shot: "on her"
                if kind == "p" and not any(self.groups[h].count > 1 for h in seen):
                    return seen[:2][::-1]
                for explicit in (True, False):  # a woman before a lone neutral friend
                    for gid in seen:
                        g = self.groups[gid]
                        said = {*g.words, g.name or "", g.category, *(g.name or "").split()}
                        female, male = said & verbs.FEMALE, said & verbs.MALE
                        fits = {"p": g.count > 1,
                                "f": bool(female) or (not explicit and not male and
                                                      g.count == 1),
                                "m": bool(male) or (not explicit and not female and
                                                    g.count == 1)}
                        if fits[kind]:
                            return [gid]
                return []
        return []

    def _objects(self, verb: str, pos: int, until: int, toks: list[str],
                 mentions: list[Mention], ids: list[str], actors: list[str]
                 ) -> tuple[str | None, str | None]:
        """(goal, target) of the verb at ``pos``: a move goes to the thing after "to", "into",
        "toward" ("chases pigeons from the fountain to the café tables"), never to one it
        comes "from", "through", "past" or "around"; a carry carries the first thing after it;
        a targeted action is done to the first thing after it (or "it")."""
        after = [(m, g) for m, g in zip(mentions, ids, strict=True) if pos < m.start < until
                 and g not in actors]
        goal = target = None
        if ACTIONS[verb]["moves"]:
            self._chased_from(pos, until, toks, mentions, ids)
            if verb in ("carry", "chase", "fetch") and after and \
                    toks[after[0][0].start - 1] not in GOAL_WORDS and not set(
                        toks[max(pos, after[0][0].start - 3):after[0][0].start]) & AWAY_WORDS:
                # "chases pigeons from the fountain": the fountain is where the chase starts
                target = after[0][1]
                after = after[1:]
            # A landing is by, near or on its place ("lands by the fountain"): "by" is no
            # passing-by for it.
            goal_words = GOAL_WORDS | {"by", "near", "on"} if verb == "land" else GOAL_WORDS
            to = [g for m, g in after if set(toks[max(pos, m.start - 3):m.start]) & goal_words]
            # a thing joined by "and" to one passed or left is passed too ("past a park bench
            # and two oak trees")
            away: list[bool] = []
            for k, (m, _) in enumerate(after):
                near = set(toks[max(pos, m.start - 3):m.start])
                joined = k > 0 and "and" in toks[after[k - 1][0].end:m.start] and \
                    not near & goal_words and len(toks[after[k - 1][0].end:m.start]) <= 3
                away.append(bool(near & AWAY_WORDS) or (joined and away[k - 1]))
            free = [g for (m, g), gone in zip(after, away, strict=True) if not gone]
            goal = (to or free or [None])[0]
        elif verb in TARGETED:
            if verb == "fight":
                # "two boxers spar … a referee between them": each other, not the referee
                target = None if any(self.groups[a].count > 1 for a in actors) else next(
                    (g for m, g in zip(mentions, ids, strict=True)
                     if pos < m.start < until and g in actors), None)
            elif after:
                target = after[0][1]
            if target is None and (re.search(r"\b(on|onto|at|up|down) it\b", " ".join(
                    toks[pos:until])) or toks[pos + 1:pos + 2] == ["it"]):  # "picks it up"
                before = [g for m, g in zip(mentions, ids, strict=True) if m.start < pos and
                          self.groups[g].kind == "prop"]
                # "the younger takes it": the thing acted on last, in an earlier clause
                target = before[-1] if before else self.last_thing
        return goal, target

    def _lap(self, span: list[str], pos: int, until: int, mentions: list[Mention],
             ids: list[str]) -> list[tuple[float, float]]:
        """Waypoints of "a (full) lap around the pond" when the thing is at the set's centre
        (a ``center`` relation: "a pond in the middle"): once round it, `LAP_CLEARANCE` m
        clear of its outline, from its south side, anticlockwise. Unread, the jogger ran 42 m
        straight across the park and the one static wide framing it stood 51 m off: no one
        on the bench by the pond was seen."""
        if not re.search(r"\blaps? (?:around|round)\b", " ".join(span)):
            return []
        for m, g in zip(mentions, ids, strict=True):
            if not (pos < m.start < until) or not {"around", "round"} & set(
                    self._toks_before(m, span, pos)):
                continue
            grp = self.groups[g]
            if grp.kind != "prop" or not any(r.type == "center" and r.subject == g
                                             for r in self.relations):
                return []
            w, d, _ = grp.size or category(grp.category).size
            r = max(w, d) / 2 + LAP_CLEARANCE
            return [(round(r * math.cos(a), 3), round(r * math.sin(a), 3))
                    for a in (-math.pi / 2 + k * math.pi / 4 for k in range(9))]
        return []

    @staticmethod
    def _toks_before(m: Mention, span: list[str], pos: int) -> list[str]:
        """The (up to three) words of ``span`` (starting at ``pos``) before mention ``m``."""
        k = m.start - pos
        return span[max(0, k - 3):k]

    def _chased_from(self, pos: int, until: int, toks: list[str], mentions: list[Mention],
                     ids: list[str]) -> None:
        """Animals a move drives "from" a thing start by it: "a boy chases pigeons from the
        fountain to the café tables" — the pigeons are at the fountain (they were scattered
        over the square, 0.25 m birds 10 m off an orbit round the fountain: none was seen)."""
        inside = [(m, g) for m, g in zip(mentions, ids, strict=True) if pos < m.start < until]
        if len(inside) < 2 or self.groups[inside[0][1]].kind != "animal":
            return
        (m0, animal), (m1, thing) = inside[0], inside[1]
        if toks[pos + 1:m0.start] and verbs.find(toks[pos + 1:m0.start]):
            return
        gap = toks[m0.end:m1.start]
        if self.groups[thing].kind == "prop" and "from" in gap and len(gap) <= 3:
            self.relations.append(RelationPlan(type="next_to", subject=animal, target=thing))

    def _beats(self, toks: list[str], recs: list[tuple[int, str, int, bool]]) -> None:
        """Start times of a clause's actions. A clause starts when the one before it ends
        ("walks in, then sits": the sit starts after the walk); in a clause each character's
        actions follow one another, and different characters act together; an action after
        "while" or "as" starts with the action it accompanies ("sits down, while the girl
        waves": the wave starts with the sit; "as he enters, his dog runs"); "already" is a
        state from the first frame; "meanwhile" starts with the clause before."""
        t0 = self.beat_start if toks[:1] == ["meanwhile"] or toks[:3] == [
            "at", "the", "same"] else self.clock
        if not recs:
            return
        self.beat_start = t0
        order = sorted(range(len(recs)), key=lambda r: (recs[r][0], r))
        joins = [k for k, t in enumerate(toks) if t in ("while", "whilst", "as", "meanwhile")
                 and not (t == "as" and toks[k + 1:k + 2] in (["if"], ["well"], ["a"],
                                                              ["the"]))]
        with_anchor: dict[int, int] = {}  # record → the record it starts with
        for w in joins:
            before = [r for r in order if recs[r][0] < w]
            anchor = before[-1] if before else next((r for r in order if recs[r][0] > w),
                                                    None)
            if anchor is None:
                continue
            seen: set[str] = set()
            for r in order:
                pos, gid, _, already = recs[r]
                if pos > w and r != anchor and gid != recs[anchor][1] and gid not in seen \
                        and not already:
                    seen.add(gid)
                    with_anchor[r] = anchor
        at: dict[str, float] = {}
        start_of: dict[int, float] = {}
        for r in order:
            _, gid, k, already = recs[r]
            act = self.groups[gid].actions[k]
            if already and not at.get(gid) and k == 0:
                start = 0.0
            elif r in with_anchor and with_anchor[r] in start_of:
                start = max(start_of[with_anchor[r]], at.get(gid, t0))
            else:
                start = at.get(gid, t0)
            start = round(min(start, 600.0), 3)
            start_of[r] = start
            if start != act.start:
                self.groups[gid].actions[k] = act.model_copy(update={"start": start})
            at[gid] = start + _estimate(act)
        self.clock = max(self.clock, *at.values())

    def _shot(self, toks: list[str], text: str, mentions: list[Mention],
              ids: list[str], clause: str = "") -> bool:
        """The shots a clause describes. A clause may hold several ("a wide from behind the
        striker (4 s), a close-up on his face (2 s)"): each comma-separated part with its own
        shot size starts a shot, a part with its own duration after a timed one starts another
        ("a medium on him (3 s), back to her (2 s)"), and parts with neither add to the shot
        before. A clause right after a shot clause that opens on a move or a duration is the
        next shot ("…, then a crane up from behind them, 7 seconds"); a clause about "the
        camera" or "the drone" with no framing of its own goes on with the shot before ("The
        drone starts 20 m above … and rises to 60 m over 10 seconds")."""
        index = self.clause_index
        self.clause_index += 1
        parts = _parts(clause) if clause else [toks]
        follows_shot = self.shot_clause == index - 1
        opens_on_move = (any(_movement(" " + " ".join(toks[k:k + 4]) + " ", True, False)
                             for k in range(min(2, len(toks)))) and (follows_shot or toks[:1] in (
                                 ["a"], ["an"], ["then"], ["and"], ["slow"], ["slowly"]))) or (
            follows_shot and toks[:1] == ["over"] and "shoulder" in toks[:5])
        camera_clause = "camera" in text or " shot " in text or " shots " in text or \
            " degree " in text or " degrees " in text or " drone " in text or \
            (follows_shot and opens_on_move) or opens_on_move
        specs: list[dict] = []
        offset = 0
        pending: list[str] = []
        next_at: int | None = None  # where the words held for the next shot start
        timings = [quantities.seconds(quantities.words_to_numbers(p)) is not None
                   for p in parts]
        for n_part, part in enumerate(parts):
            ptext = " " + " ".join(part) + " "
            size = _size(ptext, text)
            movement = _movement(ptext, camera_clause, size is not None)
            timed = timings[n_part]
            # a move with no framing after a timed shot starts the next shot only when a
            # duration of its own follows ("over her shoulder onto him (3 s)"); otherwise it
            # goes on with that shot ("… over 10 seconds, tilting down")
            closes = timed or size is not None or (
                n_part + 1 < len(parts) and timings[n_part + 1] and
                _size(" " + " ".join(parts[n_part + 1]) + " ", text) is None)
            if size is None and movement is None and not (
                    timed and specs and specs[-1]["timed"] and camera_clause):
                if specs and specs[-1]["timed"] and camera_clause and not timed and \
                        n_part + 1 < len(parts) and timings[n_part + 1]:
                    pending.extend(part)  # "… (3 s), back to her … (2 s)": the next shot's
                    next_at = offset if next_at is None else next_at
                    offset += len(part)
                    continue
                (specs[-1]["toks"] if specs else pending).extend(part)
                if specs:
                    specs[-1]["timed"] = specs[-1]["timed"] or timed
                offset += len(part)
                continue
            if specs and (not specs[-1]["timed"] or not closes) and (
                    size is None or specs[-1]["size"] is None or (
                        movement is not None and specs[-1]["movement"] is None and
                        size is None)):
                spec = specs[-1]  # a move after its framing: the same shot
                spec["size"] = spec["size"] or size
                spec["movement"] = spec["movement"] or movement
                spec["toks"].extend(part)
                spec["timed"] = spec["timed"] or timed
            else:
                if size is None and movement is None and specs:  # "back to her (2 s)"
                    size, movement = specs[-1]["size"], specs[-1]["movement"]
                specs.append({"size": size, "movement": movement,
                              "at": offset if next_at is None else next_at,
                              "toks": pending + list(part), "timed": timed})
                pending, next_at = [], None
            offset += len(part)
        numbers = quantities.words_to_numbers(toks)
        if not specs and follows_shot and toks[:1] in (["the"], ["a"], ["an"]) and \
                quantities.seconds(numbers) is not None:
            # "…, then the kick from the side (4 s)": the next shot of the list
            specs.append({"size": None, "movement": None, "at": 0, "toks": list(toks),
                          "timed": True})
        if (not specs or (len(specs) == 1 and specs[0]["size"] is None)) and self.shots and \
                self.shot_clause is not None and self.shot_clause < index and \
                (toks[:2] in (["the", "camera"], ["the", "drone"]) or toks[:1] == ["camera"]):
            self._amend_shot(specs[0] if specs else None, toks, text,
                             self._looked_at(toks, mentions, ids))
            self.shot_clause = index
            return True
        if not specs:
            return False
        for spec in specs:
            stoks = spec["toks"]
            stext = " " + " ".join(stoks) + " "
            size = spec["size"][0] if spec["size"] else None
            end_size = _end_size(stext, text)
            if end_size is not None and (size is None or size == end_size):
                size = _start_size(stext) or ("wide" if end_size != "wide" else None)
            movement = _adjusted_move(spec["movement"] or "static", stext, text)
            size = size or ("medium" if movement == "over_the_shoulder" else "wide")
            # A thing said as where the camera is ("from behind the sofa", "from across the
            # lake") or as a landmark of the action ("as they reach the gate") is no subject:
            # the shot is on the cast
            later = [(m, g) for m, g in zip(mentions, ids, strict=True) if m.start >= spec["at"]]
            placed = [g for m, g in later if self.groups[g].kind == "prop" and
                      set(toks[max(0, m.start - 3):m.start]) & SHOT_PLACES]
            subject = _onto(stoks, mentions, ids, spec["at"]) or next(
                (g for m, g in later if g not in placed), None)
            looked = re.search(rf" {LOOKING}", stext) and \
                self._looked_at(toks, mentions, ids, spec["at"])
            if looked:
                subject = looked  # "orbits … around the pond, looking down at the fish"
            owner = re.search(r" over (?:the )?([a-z]+) s ", stext)
            shoulder = movement == "over_the_shoulder" and owner is not None and \
                subject is not None and _onto(stoks, mentions, ids, spec["at"]) is None and any(
                    g == subject and m.word.split()[-1:] == [owner.group(1)]
                    for m, g in zip(mentions, ids, strict=True))
            if shoulder:
                subject = None  # "over the detective's again": whose shoulder, not onto whom
                # (`_alternate` goes on with the pattern)
            pron = re.search(r" (?:of|on|onto|at|to|with|behind|toward|towards|follows) "
                             r"(his|her|him|their|them|it) ", stext)
            if pron and (subject is None or self.groups[subject].kind not in (
                    "character", "animal")):
                # "a close-up of his hands on the receiver", "a medium on her", "tracks
                # sideways with her", "from behind them": the one the pronoun stands for, not
                # the thing named after it
                subject = self._pronoun_group(pron.group(1), mentions, ids) or subject
            if placed and (subject is None or self.groups[subject].kind == "prop"):
                # "a wide from behind the bench with the river ahead of them": on the cast
                subject = self._lead() or subject
            if subject is None and ids and not shoulder:
                subject = ids[0]
            snumbers = quantities.words_to_numbers(stoks)
            seconds = None if quantities.total_seconds(snumbers) is not None else \
                quantities.seconds(snumbers)
            sid = f"shot_{len(self.shots) + 1}"
            if seconds is not None:
                self.explicit_shots.add(sid)
            lens = re.search(r"\b(\d+(?:\.\d+)?) ?mm\b", stext)
            self.shots.append(ShotPlan(
                id=sid, size=size, movement=movement, subject=subject,
                duration=seconds or 4.0,
                params=_move_params(movement, quantities.words_to_numbers(stoks), stext),
                end_size=end_size if end_size != size else None,
                subject_part=_body_part(stext),
                lens_mm=float(lens.group(1)) if lens and 4 <= float(lens.group(1)) <= 1200
                else None))
        self.shot_clause = index
        return True

    def _lead(self) -> str | None:
        """The cast a shot is on when its words name only where the camera is: the first
        character or animal the text named."""
        return next((h for h in self.history if self.groups[h].kind in ("character", "animal")),
                    next((gid for gid, g in self.groups.items() if g.kind in (
                        "character", "animal")), None))

    def _looked_at(self, toks: list[str], mentions: list[Mention], ids: list[str],
                   at: int = 0) -> str | None:
        """What a shot's words say the camera looks at ("looking down at the fish under the
        surface"), else the cast a camera clause names ("… looking down at the pitch where 22
        players stand")."""
        for m, g in zip(mentions, ids, strict=True):
            if m.start >= at and re.search(rf"\b{LOOKING}"
                                           r"(?:the |a |an |his |her |their )?(?:[a-z]+ )?$",
                                           " ".join(toks[max(0, m.start - 6):m.start]) + " "):
                return g
        return next((g for m, g in zip(mentions, ids, strict=True) if m.start >= at and
                     self.groups[g].kind in ("character", "animal")), None)

    def _amend_shot(self, spec: dict | None, toks: list[str], text: str,
                    looked: str | None = None) -> None:
        """The camera clause goes on with the last shot: a move it names where the shot had
        none (or a drone's rise), its heights, angles and duration."""
        k = len(self.shots) - 1
        shot = self.shots[k]
        movement = shot.movement
        named = spec["movement"] if spec else None
        if named is not None and (movement == "static" or (
                movement == "drone_flyover" and named in ("crane", "pedestal"))):
            movement = named if movement == "static" else movement
        movement = _adjusted_move(movement, text, text)
        numbers = quantities.words_to_numbers(toks)
        params = {**shot.params, **_move_params(movement, numbers, text)}
        if movement != shot.movement:
            params = _move_params(movement, numbers, text)
        update: dict = {"movement": movement, "params": params}
        if looked is not None and (shot.subject is None or self.groups[shot.subject].kind not in
                                   ("character", "animal")):
            update["subject"] = looked  # "The camera circles … where 22 players stand"
        seconds = quantities.seconds(numbers)
        if seconds is not None and shot.id not in self.explicit_shots:
            update["duration"] = seconds
            self.explicit_shots.add(shot.id)
        self.shots[k] = shot.model_copy(update=update)

    # -- setting and mood -----------------------------------------------------------------------

    def _setting(self) -> Setting | None:
        low = re.sub(r" (?:town|city) hall ", " town square ", self.low)  # a building
        indoor = next((w for w in INDOOR if f" {w} " in low), None)
        outdoor = next((w for w in OUTDOOR if f" {w} " in low), None)
        if indoor is None and outdoor is None:
            return None
        kind = "outdoor" if outdoor is not None and (
            indoor is None or low.find(f" {outdoor} ") < low.find(f" {indoor} ")) \
            else "room"
        name = outdoor if kind == "outdoor" else indoor
        return self._sized(kind, name or "room")

    def _default_setting(self) -> Setting:
        outdoor = any(category(g.category).outdoor for g in self.groups.values()) or \
            any(g.kind == "animal" and g.category in ("horse", "cow", "sheep", "deer")
                for g in self.groups.values())
        return self._sized("outdoor" if outdoor else "room", "outdoors" if outdoor else "room")

    def _sized(self, kind: str, name: str) -> Setting:
        area = 0.0
        for g in self.groups.values():
            cat = category(g.category)
            if cat.support == "floor":
                pad = 1.6 if g.kind in ("character", "animal") else 2.5
                if g.count > 1 and any(ACTIONS.get(a.verb, {}).get("moves") for a in g.actions):
                    pad *= 2.5  # a group on the move needs ground to move over
                area += g.count * (cat.size[0] + 0.4) * (cat.size[1] + 0.4) * pad
        if kind == "room":
            w, d, h = 6.0, 5.0, 3.0
            if any(f" {x} " in self.low for x in LARGE) or name in ("hall", "ballroom",
                                                                   "warehouse", "church",
                                                                   "gym", "parliament"):
                w, d, h = 14.0, 11.0, 5.0
            elif any(f" {x} " in self.low for x in SMALL):
                w, d, h = 4.0, 3.5, 2.6
        else:
            w, d, h = 24.0, 20.0, 10.0
        reach = max((abs(c) for g in self.groups.values() for a in g.actions
                     for p in a.waypoints for c in p), default=0.0)
        w, d = max(w, round(2 * reach + 6.0, 1)), max(d, round(2 * reach + 6.0, 1))
        if area > 0.5 * w * d:
            s = math.sqrt(area / (0.5 * w * d))
            w, d = round(min(w * s, 400.0), 1), round(min(d * s, 400.0), 1)
        return Setting(type=kind, name=name, size=(w, d, h))

    def _mood(self) -> str:
        for name, words in MOODS.items():
            if name == "neutral":
                continue
            if any(f" {w} " in self.low for w in words):
                return name
        return "neutral"


#: Sets that stand outdoors (a venue such as a boxing ring or a stage may be either).
EXTERIOR_SETS = frozenset(("alley", "beach", "city_block", "forest_clearing", "hill", "park",
                           "parking_lot", "plaza", "pond", "rooftop", "street",
                           "football_pitch", "storefront"))
#: Exterior sets that hold an interior (a shop behind its window): "inside" does not make them
#: a room.
WITH_INTERIOR = frozenset(("storefront",))
#: A place filmed from the street through its window: the storefront set (the shop and the
#: street in front of it), whatever the place is ("a café seen from the street through its big
#: front window", "through the bakery's window from across the street").
SEEN_FROM_THE_STREET = re.compile(
    r" (?:seen|viewed|watched|filmed|shot|looking|looks|look|peering|peers) (?:in )?from "
    r"(?:across )?the (?:street|pavement|sidewalk) (?:\S+ ){0,2}?(?:through|into) "
    r"(?:\S+ ){0,3}?(?:window|windows|glass|shop front|shopfront|storefront) "
    r"| through (?:\S+ ){0,3}?(?:window|windows|glass) (?:\S+ ){0,4}?"
    r"from (?:across )?the (?:street|pavement|sidewalk) ")
WATER_WORDS = ("lake", "lakeshore", "lakeside", "sea", "coast", "coastline", "harbour",
               "harbor", "river", "pond", "water")
#: Words of raised ground and the height they have when the text gives none (metres).
RELIEF_WORDS = ("mountain", "mountains", "cliff", "cliffs", "headland", "hill", "hillside")
RELIEF_HEIGHT = {"mountain": 40.0, "mountains": 40.0, "cliff": 30.0, "cliffs": 30.0,
                 "headland": 25.0, "hill": 8.0, "hillside": 8.0}
#: Flat ground things a set may lack: (words, class, size).
GROUND_THINGS: tuple[tuple[tuple[str, ...], str, tuple[float, float, float]], ...] = (
    (("road", "roads", "highway", "motorway", "country lane"), "road", (8.0, 60.0, 0.03)),
    (("path", "trail", "footpath", "dirt path", "dirt road"), "path", (2.0, 30.0, 0.02)),
    (("athletics track", "running track", "race track"), "running_track", (12.0, 60.0, 0.02)),
)


def _measure_near(toks: list[str], word: str) -> float | None:
    """A height in metres said next to ``word`` ("a hill 8 metres above", "30-metre
    cliffs")."""
    for q in quantities.quantities(toks):
        if q.unit == "m" and (word in q.after[:3] or word in q.before[-3:]) and \
                0.5 <= q.value <= 120.0:
            return q.value
    return None


def _block_params(toks: list[str]) -> dict:
    """A city block's buildings ("12 buildings") and height ("20 to 40 metres tall": around
    the middle, the generator varies each by a third)."""
    out: dict = {}
    for k, t in enumerate(toks[:-1]):
        if toks[k + 1] in ("buildings", "towers", "blocks") and _number(t):
            out["buildings"] = float(min(100, _number(t)))
    heights = [q.value for q in quantities.quantities(toks) if q.unit == "m" and
               ({"tall", "high"} & set(q.after[:2]))]
    m = re.search(r"\b(\d+(?:\.\d+)?) to (\d+(?:\.\d+)?) (?:m|metres|meters) (?:tall|high)\b",
                  " ".join(toks))
    if m:
        out["height"] = (float(m.group(1)) + float(m.group(2))) / 2
    elif heights:
        out["height"] = heights[0]
    return out


def _kind_of(word: str) -> str:
    """A one-word compound no vocabulary knows, as the thing its last part names ("a
    longsword" is a sword, "a broadsword" too): the longest known prop ending it (at least 4
    letters, after at least 3), else the word."""
    if word in lexicon.STRUCTURES or category(word).size != (0.5, 0.5, 0.5):
        return word
    for n in range(3, len(word) - 3):
        tail = word[n:]
        if tail in lexicon.STRUCTURES or (tail in CATEGORY_BY_NAME and
                                          CATEGORY_BY_NAME[tail].kind == "prop"):
            return tail
    return word


#: The largest thing a character holds in its hands (metres: its longest side, and its middle
#: side — a sword is long but thin, a table is neither).
HAND_HELD = (1.6, 1.1)


def _hand_held(g: _Group) -> bool:
    """Whether a prop group is a thing to hold in a hand (a sword, a lantern, a suitcase; an
    umbrella, open above the head)."""
    if {g.category, *g.words} & lexicon.HELD_OVERHEAD:
        return True
    size = sorted(g.size or category(g.category).size)
    return size[2] <= HAND_HELD[0] and size[1] <= HAND_HELD[1]


def _describer(t: str) -> bool:
    """A word between a determiner and its noun that only describes it: a look, a kind, a
    comparative ("taller", "older"), a past participle ("sealed", "parked"), a measure ("2",
    "metre", "30-metre") or an order ("first")."""
    return t in lexicon.LOOKS or t in lexicon.DESCRIPTORS or t in lexicon.MEMBER_MARKS or \
        t in lexicon.ADJECTIVES or \
        (t.endswith(("er", "est")) and (t[:-2] in lexicon.LOOKS or t[:-3] in lexicon.LOOKS or
                                        t[:-3].rstrip(t[-3:-2]) in lexicon.LOOKS)) or \
        (t.endswith("ed") and len(t) > 4) or t in quantities.METRES or \
        t.replace(".", "", 1).isdigit() or "-" in t


@functools.lru_cache(maxsize=256)
def _heads_of(toks: tuple[str, ...]) -> frozenset[int]:
    """`_thing_heads` of a clause, once per clause (the reader asks it for every word)."""
    return frozenset(_thing_heads(list(toks)))


@functools.lru_cache(maxsize=4096)
def _phrase(words: str) -> str:
    """A vocabulary phrase as the reader's tokens joined by spaces ("over-the-shoulder")."""
    return " ".join(tokenize(words))


def _thing_heads(toks: list[str]) -> set[int]:
    """Where the head noun of a phrase stands: the last noun of the run after a determiner or
    a number and the words describing it ("a sealed envelope", "8 taller towers", "a hard key
    light": the light), or a plural right after a preposition ("duel with longswords",
    "behind barriers"). A word in -s after a singular noun, before a stop word or an adverb,
    is the verb ("a fishing boat motors slowly", "the phone rings")."""
    out: set[int] = set()
    for k, t in enumerate(toks):
        opener = t in DETERMINERS or (_number(t) is not None and not _unit_after(toks, k))
        bare = t in ("with", "behind", "between", "among", "past", "beside", "on", "under",
                     "of")
        if not (opener or bare):
            continue
        j = k + 1
        while j < len(toks) and j - k <= 4 and _describer(toks[j]):
            j += 1
        run: list[int] = []
        while j < len(toks) and len(run) < 3 and _noun_like(toks, j, run):
            run.append(j)
            j += 1
        if run and not (bare and not is_plural(toks[run[-1]])):
            out.add(run[-1])
    return out


def _noun_like(toks: list[str], j: int, run: list[int]) -> bool:
    t = toks[j]
    if t in PHRASE_STOPS or t in DETERMINERS or _number(t) is not None or t.endswith("ly") or \
            (verbs._participle(t) and singular(t) not in lexicon.ING_NOUNS and
             singular(t) not in lexicon.STRUCTURES) or (t.endswith("ed") and len(t) > 4) or \
            t in ("s",):
        return False
    if run and is_plural(toks[run[-1]]):
        return False  # a plural ends its phrase ("both feet leave the ground")
    if run and ((t,) in verbs.TABLE or singular(t) in lexicon.COMMON_VERBS) and \
            t.endswith("s") and not _library_word(singular(t)):
        return False  # "the phone rings", "a man comes home" (a base form is a noun here:
        # "a roundhouse kick", "a carnival parade")
    if run and t.endswith("s") and not is_plural(toks[run[-1]]):
        after = toks[j + 1] if j + 1 < len(toks) else ""
        if not after or after in PHRASE_STOPS or after in DETERMINERS or after.endswith("ly"):
            return False  # "the phone rings", "a fishing boat motors slowly"
    return True


def _unit_after(toks: list[str], k: int) -> bool:
    """Whether the number at ``k`` is a measure ("30-metre cliffs", "2.4 metre"), not a
    count."""
    nxt = toks[k + 1] if k + 1 < len(toks) else ""
    nxt = nxt.split("-")[0]  # "a 2-metre-tall giant": a height
    return nxt in quantities.METRES or nxt in quantities.SECONDS or nxt in ("mm", "kg",
                                                                             "degrees", "k")


def _library_word(word: str) -> bool:
    """Whether the prop library has a model for the word ("slide", "swings")."""
    from previz.asset_index.props import lookup

    return lookup(word) is not None


def lexicon_like(cat: str, other: str) -> bool:
    """Whether two plan categories name the same library model ("bike" and "bicycle")."""
    from previz.asset_index.props import lookup

    a, b = lookup(cat.replace("_", " ")), lookup(other.replace("_", " "))
    return a is not None and a == b


def _inside(toks: list[str], i: int) -> bool:
    """Whether the word at ``i`` is said as where things are ("in a dark bar", "inside the
    pub"), describing words skipped."""
    j = i - 1
    while j >= 0 and toks[j] in lexicon.LOOKS:
        j -= 1
    if j >= 0 and toks[j] in DETERMINERS:
        j -= 1
    return j >= 0 and toks[j] in ("in", "into", "inside", "within")


def _said_size(toks: list[str], size: tuple[float, float, float]
               ) -> tuple[float, float, float]:
    """A proxy's size with the measure the text gives before it ("a 40-metre building", "a
    2-metre brick wall", "30-metre cliffs"): its height, or its length for a thing lying long
    on the ground ("a 25-metre pier")."""
    qs = [q for q in quantities.quantities(quantities.words_to_numbers(toks)) if q.unit == "m"]
    if not qs or not 0.05 <= qs[-1].value <= 500.0:
        return size
    k = 1 if size[1] > 3 * size[2] and size[1] >= size[0] else 2
    out = [min(60.0, v) for v in size]  # a plan's sizes stop at 60 m
    out[k] = round(min(60.0, qs[-1].value), 3)
    return (out[0], out[1], out[2])


def _seated(actions: list[ActionPlan]) -> bool:
    """Whether the last posture the actions leave is sitting or lying (a pick-up from the
    chair keeps it; a walk, a stand or a getting up ends it)."""
    for act in reversed(actions):
        if act.verb in ("sit", "lie_on", "lie"):
            return True
        if act.verb in ("stand", "stand_up", "get_up") or ACTIONS[act.verb]["moves"]:
            return False
    return False


def _compound_head(toks: list[str], i: int) -> bool:
    """Whether the word after ``toks[i]`` is the noun a compound ends on, so that ``toks[i]``
    only says what kind ("a guard rail runs", "the horse trailer"): a plain word (no verb
    ending, no verb the reader knows, no stop, number or known word) followed by a stop, a
    verb in -s or the end."""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    after = toks[i + 2] if i + 2 < len(toks) else ""
    if not nxt or nxt in PHRASE_STOPS or nxt in THING_KNOWN or _number(nxt) is not None or \
            nxt.endswith(("s", "ed", "ing", "ly")) or nxt in lexicon.MEMBER_MARKS or \
            (nxt,) in verbs.TABLE or len(nxt) < 3:
        return False
    return not after or after in PHRASE_STOPS or (after.endswith("s") and not is_plural(nxt)
                                                   and (after,) in verbs.TABLE) or \
        (after.endswith("s") and not after.endswith("ss"))


def _camera_verb(toks: list[str], i: int, n: int) -> bool:
    """Whether ``toks[i:i+n]`` is a camera move word used as a verb after "camera" ("the camera
    trucks left", "camera tracks her") rather than a thing in the scene."""
    return n == 1 and toks[i] in ("truck", "trucks", "trucking", "track", "tracks") and \
        i > 0 and toks[i - 1] in ("camera", "cam", "then", "slowly", "that", "which", "shot")


def _duration(toks: list[str]) -> float | None:
    text = " ".join(toks)
    m = re.search(r"\bfor (\d+(?:\.\d+)?|[a-z]+) (seconds?|secs?|s|minutes?|mins?)\b", text)
    if not m:
        return None
    n = m.group(1)
    value = float(n) if n[0].isdigit() else float(NUMBER_WORDS.get(n, 0) or 0)
    if value <= 0:
        return None
    if m.group(2).startswith("m"):
        value *= 60.0
    return min(value, 600.0)


def _dedupe(relations: list[RelationPlan]) -> list[RelationPlan]:
    seen: set[tuple] = set()
    out = []
    for r in relations:
        key = (r.type, r.subject, r.target, r.formation)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


BODY_PARTS = {"face": "face", "faces": "face", "hands": "hands", "hand": "hands",
              "feet": "feet", "foot": "feet", "eyes": "eyes", "eye": "eyes", "mouth": "mouth",
              "lips": "mouth", "head": "head", "shoulder": "shoulder", "legs": "legs"}


def _parts(clause: str) -> list[list[str]]:
    """A clause's comma-, colon- and bracket-separated parts, as tokens."""
    return [t for t in (tokenize(p) for p in re.split(r"[,:(]", clause)) if t]


def _size(ptext: str, text: str) -> tuple[str, str] | None:
    """The shot size a part names (longest synonym), "wide" only in a shot clause."""
    size = None
    for name, words in SHOT_SIZES.items():
        for w in sorted(words, key=len, reverse=True):
            phrase = _phrase(w)
            if f" {phrase} " not in ptext:
                continue
            if name == "close_up" and "close to" in ptext:
                continue
            if name == "wide" and not any(x in text for x in (" shot", " angle", " wide ")):
                continue
            if phrase == "wide" and re.search(r" wide ([a-z]+) ", ptext) and re.search(
                    r" wide ([a-z]+) ", ptext).group(1) in PLACE_WORDS:
                continue  # "a wide avenue": the place is wide, no shot is
            if name == "close_up" and phrase == "close" and " close up " not in ptext:
                continue
            if size is None or len(w) > len(size[1]):
                size = (name, w)
    return size


def _movement(ptext: str, camera_clause: bool, sized: bool) -> str | None:
    """The camera movement a part names: the longest phrase wins ("whip pan" over "pan");
    everyday words ("follows", "rises") count only in a camera or shot clause."""
    movement, best = None, 0
    for name, words in MOVEMENTS.items():
        for w in words:
            phrase = _phrase(w)
            if f" {phrase} " not in ptext or len(phrase) <= best:
                continue
            if name in ("follow", "lead") and not camera_clause:
                continue
            if name in CONTEXT_MOVES and not camera_clause and not sized:
                continue
            movement, best = name, len(phrase)
    if movement is None and camera_clause:
        movement = next((m for pattern, m in MOVE_PHRASES if re.search(pattern, ptext)), None)
    return movement


#: Words of places (INDOOR, OUTDOOR) and things: after "wide" they make it an adjective.
PLACE_WORDS = frozenset({w for p in (*INDOOR, *OUTDOOR) for w in p.split()} |
                        {w for k in PHRASES for w in k})
#: Camera phrasings the movements' synonyms do not list, read in camera clauses.
MOVE_PHRASES: tuple[tuple[str, str], ...] = (
    (r" circles ", "orbit"), (r" (?:flies|flying|fly) (?:forward|over|along|low|high) ",
                             "drone_flyover"),
    (r" (?:rises|rising|goes) straight up ", "crane"), (r" cranes? up ", "crane"),
    (r" (?:tracks|tracking|moves|travels) (?:alongside|sideways|beside) ", "truck"),
    (r" (?:moving|walking|tracking) backwards ", "lead"),
    (r" over (?:the |a )?[a-z]+ s shoulder ", "over_the_shoulder"),
)
#: Camera heights named by the body ("at chest height") or the floor ("at floor level").
BODY_HEIGHTS: tuple[tuple[str, float], ...] = (
    ("head height", 1.6), ("eye level", 1.6), ("eye height", 1.6), ("shoulder height", 1.5),
    ("chest height", 1.35), ("waist height", 0.95), ("hip height", 0.95),
    ("knee height", 0.5), ("floor level", 0.3), ("ground level", 0.4), ("low angle", 0.5),
    ("dogs height", 0.5), ("dog s height", 0.5), ("dogs' height", 0.5),
)


def _adjusted_move(movement: str, stext: str, text: str) -> str:
    """The move a shot's words say beyond its first word: a camera that moves "backwards
    ahead of her" leads, one that tracks "from the side" or "alongside" trucks, a drone that
    "rises" flies (a drone, not a crane), a "pan" that "follows" pans."""
    if movement in ("follow", "handheld", "static", "truck") and re.search(
            r" backwards | (?:moving|walks|walking|stays|keeps|travels) ahead of | leading ",
            stext):
        return "lead"
    if movement == "follow" and re.search(r" from the side | alongside | sideways ", stext):
        return "truck"
    if movement == "follow" and re.search(r" pan | pans | panning ", stext):
        return "pan"
    if movement in ("crane", "pedestal") and " drone " in stext:
        return "drone_flyover"
    return movement


def _onto(stoks: list[str], mentions: list[Mention], ids: list[str], at: int) -> str | None:
    """The character a shot looks "onto" or is "on" ("over the detective's shoulder onto the
    suspect", "a medium on him"): the shot's subject."""
    text = " ".join(stoks)
    m = re.search(r"\b(?:onto|on to) (?:the |a |an )?([a-z]+)\b", text)
    if m is None:
        return None
    word = singular(m.group(1))
    for mention, gid in zip(mentions, ids, strict=True):
        if mention.start >= at and (mention.word.split()[-1:] == [m.group(1)] or
                                    singular(mention.word.split()[-1] if mention.word else "")
                                    == word or (mention.name or "") == m.group(1)):
            return gid
    return None


def _size_words() -> list[tuple[str, str]]:
    return sorted(((" ".join(tokenize(w)), name) for name, ws in SHOT_SIZES.items()
                   for w in ws), key=lambda p: -len(p[0]))


def _end_size(stext: str, text: str) -> str | None:
    """The framing a move ends on: "from wide to medium", "zooms to a close-up"."""
    for phrase, name in _size_words():
        if re.search(rf"\bto (?:an? |the )?{re.escape(phrase)}\b", stext):
            return name
    return None


def _start_size(stext: str) -> str | None:
    for phrase, name in _size_words():
        if re.search(rf"\bfrom (?:an? |the )?{re.escape(phrase)}\b", stext):
            return name
    return None


def _body_part(stext: str) -> str | None:
    """The body part a close framing is on: "a close-up of her hands", "on his face"."""
    m = re.search(r"\b(?:of|on) (?:his|her|their|its|the [a-z]+ s|the [a-z]+|[a-z]+ s) "
                  r"([a-z]+)\b", stext)
    if m and m.group(1) in BODY_PARTS:
        return BODY_PARTS[m.group(1)]
    return None


def _move_params(movement: str, toks: list[str], stext: str = "") -> dict:
    """The declared parameters of ``movement`` the words give: an orbit's degrees, a crane's
    heights or rise, a dolly's distance. Only names the movement (or the camera move that
    executes it) declares are set, so the plan always validates."""
    from previz.skills.vocabulary import term

    try:
        t = term("movement", movement)
        declared = {**dict(term("camera_move", t.executes).params), **dict(t.params)}
    except KeyError:
        return {}
    out: dict = {}

    def put(name: str, value: float) -> None:
        if name in declared and not isinstance(declared[name], (bool, str)):
            out[name] = round(float(value), 3)

    deg = quantities.degrees(toks)
    if deg is not None:
        put("degrees", deg)
    start, end = quantities.heights(toks)
    if start is None and end is None:
        start = next((h for w, h in BODY_HEIGHTS if f" {w} " in stext), None)
    level = end is None and not re.search(r" (?:rises|rising|rise|up|climbs|descends|"
                                         r"descending|drops|lowers|down) ", stext)
    if level and start is not None and "height" in declared:
        put("height", start)  # "at a steady 40 m altitude", "at chest height"
        if movement == "drone_flyover":
            put("start_height", start)
            put("end_height", start)
    elif "start_height" in declared or "end_height" in declared:
        if start is not None:
            put("start_height", start)
        if end is not None:
            put("end_height", end)
    elif "height" in declared and (end or start) is not None:
        put("height", end if end is not None and movement not in ("drone_flyover",) else
            (start if start is not None else end))
    if "rise" in declared and "end_height" not in declared and start is not None and \
            end is not None:
        put("rise", end - start)
    if "distance" in declared and movement.startswith("dolly"):
        d = quantities.distance(toks)
        if d is not None:
            put("distance", -d if movement == "dolly_out" else d)
    return out


#: Look names too general to name a look by themselves ("warm", "dark", "night").
GENERIC_LOOK_WORDS = frozenset(("warm", "dark", "night", "cold", "soft", "bright", "interior",
                                "indoor", "living room", "standard", "classic", "neutral",
                                "fire", "signs", "club", "evening", "detective", "practical",
                                "diffuse", "dramatic", "moody", "sunrise", "interview",
                                "commercial", "cheerful", "airy", "creepy", "spooky", "sunset",
                                "daylight", "twilight", "dusk", "hard light", "flat light"))


def _look(low: str) -> str | None:
    """The lighting look the text names (longest specific synonym: "neon", "film noir",
    "candlelight", "golden hour", "overcast", "backlit")."""
    from previz.skills.vocabulary import terms

    best = None
    for t in terms("look"):
        for w in (t.name.replace("_", " "), *t.synonyms):
            phrase = _phrase(w)
            if not phrase or phrase in GENERIC_LOOK_WORDS or f" {phrase} " not in low:
                continue
            if best is None or len(phrase) > best[1]:
                best = (t.name, len(phrase))
    return best[0] if best else None


def _light_context(low: str, word: str) -> bool:
    """Whether a colour word ("warm", "cool") is said of the light, not of a thing."""
    if word not in ("warm", "cool", "cold", "blue", "golden", "orange"):
        return True
    return bool(re.search(rf" {word} (?:[a-z-]+ )?(light|lights|glow|backlight|sun|daylight|"
                          r"lamp|tungsten|key|stage light|light from)", low) or
                re.search(rf"light[a-z]* [a-z ]{{0,20}}{word} ", low))


#: Words before a thing in a shot's words that make it where the camera is or a landmark of
#: the action, not what the shot is on ("from behind the sofa", "as they reach the gate").
SHOT_PLACES = frozenset(("from", "behind", "across", "past", "pass", "passes", "passing",
                         "reach", "reaches", "reaching", "toward", "towards"))
#: What a shot's words look at follows this ("looking down at the fish", "looks on them").
LOOKING = r"look(?:s|ing)? (?:down |up |out )?(?:at|on) "
#: Comparatives that name one of two ("the older one", "the younger takes it").
COMPARATIVES = frozenset(("older", "younger", "taller", "shorter", "elder", "bigger", "smaller"))
#: Seconds a sit the text implies takes (`_Reader._seats`), and the most seats it adds.
SIT_SECONDS = 1.5
MAX_SEATS = 500
#: Postures said after a verb as the state it is done in ("plays seated").
STATE_WORDS = frozenset(("seated", "sitting", "standing", "kneeling", "lying"))
#: Actions no thing does: a thing just before them is no subject.
PEOPLE_ONLY = frozenset(a for a in ACTIONS if a.startswith("play_")) | {"drum", "sit", "talk"}
#: Actions done to something: the reader looks for their object after the verb.
TARGETED = frozenset(("sit", "pick_up", "jump", "land", "look", "point", "fight", "wave",
                      "talk", "graze", "put_down", "drink", "open_door", "close_door",
                      "lie_on", "push", "lean_on", "hand_over", "kick", "jab", "cross", "hook",
                      "uppercut", "eat", "chop", "type", "step_up"))
#: Every camera movement phrase ("push in", "rises", "follows"): in a shot clause they are the
#: camera's, not a character's.
CAMERA_PHRASES = frozenset(" ".join(tokenize(w)) for ws in MOVEMENTS.values() for w in ws)
#: Words before a move's goal ("to the sofa", "toward the gate", "up onto the stage"), and
#: before a place it leaves or passes ("from the fountain", "in through the door", "past").
GOAL_WORDS = frozenset(("to", "toward", "towards", "into", "onto", "reach", "reaches",
                        "at", "under", "beside"))
AWAY_WORDS = frozenset(("from", "through", "past", "around", "round", "along", "across",
                        "down", "out", "over", "by", "off", "with", "behind", "between"))


def _estimate(act: ActionPlan) -> float:
    """Seconds an action will take in the timeline: its duration when the text gave one (or
    it plays in place), else a move's distance at its speed, else about two and a half
    seconds (a walk across a room)."""
    spec = ACTIONS.get(act.verb, {})
    if "duration" in act.model_fields_set or not spec.get("moves"):
        return act.duration
    if len(act.waypoints) >= 2:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(act.waypoints))
        return max(0.5, length / float(spec.get("speed", 1.3)))
    return 2.5


def _action_params(verb: str, toks: list[str]) -> dict:
    """The declared parameters of an action the words give: a distance, a height."""
    from previz.skills.vocabulary import term

    try:
        declared = dict(term("action", verb).params)
    except KeyError:
        return {}
    out: dict = {}
    if "distance" in declared and not isinstance(declared["distance"], (bool, str)):
        d = quantities.distance(toks)
        if d is not None:
            out["distance"] = d
    if "height" in declared and not isinstance(declared["height"], (bool, str)):
        for q in quantities.quantities(toks):
            if q.unit == "m" and (set(q.after[:2]) & {"high", "up", "tall"} or
                                  "by" in q.before[-2:]):
                out["height"] = q.value
                break
    return out


LAP_CLEARANCE = 2.0  # metres between a lap's path and the outline of what it goes round


def _compass_xy(side: str, r: float) -> tuple[float, float]:
    """A point ``r`` metres toward ``side`` of the set's centre (east = +X, north = +Y; the
    default camera looks north, so its right is east)."""
    return {"east": (r, 0.0), "right": (r, 0.0), "west": (-r, 0.0), "left": (-r, 0.0),
            "north": (0.0, r), "south": (0.0, -r)}[side]


def _doers(pos: int, toks: list[str], mentions: list[Mention], ids: list[str],
           actors: list[str], last_actor: str | None) -> list[str]:
    """Who does the verb at ``pos``: the nearest character named before it in the clause, with
    those joined to it by "and" ("a doctor and a nurse walk"); with none before it, every actor
    of the clause (or the last one of the text)."""
    before = [(m, g) for m, g in zip(mentions, ids, strict=True) if m.end <= pos and g in actors]
    if not before:
        return [last_actor] if last_actor is not None and not any(
            m.start < pos for m, g in zip(mentions, ids, strict=True) if g in actors) \
            else actors
    k = len(before) - 1
    out = [before[k][1]]
    while k > 0 and set(toks[before[k - 1][0].end:before[k][0].start]) <= CONJ | {"her", "his"}:
        k -= 1
        out.insert(0, before[k][1])
    return list(dict.fromkeys(out))
