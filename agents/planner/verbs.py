"""The verbs of a director's clause, as the actions the motion skills declare.

The actions and their synonyms are declared by the skills that play them
(`previz.skills.motion`, read through `previz.agents.vocabulary.ACTIONS`). Directors write
more than those declarations list: plural subjects take the base form ("two friends walk",
"the dancers raise their arms"), a noun names the action after a light verb ("throws a
roundhouse kick", "takes a 10-metre run-up"), an instrument says which playing ("plays a
guqin"), and everyday words stand for a declared action ("climb the path" is a walk, "holding
an umbrella" holds it, "dives" leaves the ground). This module is that reading: phrasing, not
new actions — every entry maps onto a declared action name, and an entry whose action is not
declared is dropped at import, so the reader never emits a verb the skills cannot play.

Pure functions of the tokens: the same clause gives the same verbs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..vocabulary import ACTIONS
from .grammar import DETERMINERS, is_plural
from .quantities import UNITS

#: Director phrasings → declared action. Longer phrases win over shorter ones at a position.
_PHRASINGS: dict[str, str] = {
    # getting about
    "climb": "walk", "climbs": "walk", "climbing": "walk", "advance": "walk",
    "advances": "walk", "advancing": "walk", "retreat": "walk", "retreats": "walk",
    "stumbles back": "walk", "stumble back": "walk", "stumbles": "walk", "backs away": "walk",
    "step aboard": "walk", "steps aboard": "walk", "steps through": "walk",
    "walk up onto": "walk", "walks up onto": "walk", "walk up": "walk", "walks up": "walk",
    "comes home": "walk", "walk and talk": "walk", "walks and talks": "walk",
    "gets out": "walk", "close in": "walk", "closes in": "walk",
    "closing in": "walk", "come down": "walk", "comes down": "walk", "cross": "walk",
    "circle each other": "walk", "circles each other": "walk", "circling each other": "walk",
    "rides": "run", "ride": "run", "riding": "run", "cycles": "run", "pedals": "run",
    "run-up": "run", "run up": "run", "runs in": "run", "run in": "run",
    "explode out": "sprint", "accelerates": "sprint", "accelerate": "sprint",
    "accelerates away": "sprint", "covers": "walk", "covering": "walk",
    "chase": "chase", "chases": "chase",
    "in a procession": "march_on", "in procession": "march_on", "march past": "march_on",
    # getting down, up, onto
    "sits down": "sit", "sit down": "sit", "sit": "sit", "drops onto": "sit",
    "sinks into": "sit", "gets out of bed": "stand_up",
    "gets up": "get_up", "lies down": "lie_on", "lie down": "lie_on",
    "dives": "jump", "dive": "jump", "diving": "jump", "hops": "jump", "jumps off": "jump",
    # hands
    "holding": "pick_up", "holds": "pick_up", "hold": "pick_up", "picks up": "pick_up",
    "pick up": "pick_up", "picks it up": "pick_up", "takes it": "pick_up",
    "take it": "pick_up", "sets it down": "put_down",
    "puts it down": "put_down", "set it down": "put_down", "knocks over": "push",
    "knock over": "push", "knocking": "push", "lifts it to her lips": "drink",
    "lifts it to his lips": "drink", "sips": "drink", "carrying": "carry", "carry": "carry",
    "shake hands": "handshake", "shakes hands": "handshake", "shake the": "handshake",
    "shakes the": "handshake", "raise their arms": "raise_arms", "raise both arms": "raise_arms",
    "raises both arms": "raise_arms", "raise their hands": "raise_arms",
    "opens its doors": "open_door", "opens the doors": "open_door", "open the": "open_door",
    "answers": "talk", "questioning": "talk", "questions": "talk", "laughs": "talk",
    "talking": "talk", "speaks": "talk", "speak": "talk", "watch": "look", "watching": "look",
    "look out": "look", "looks out": "look", "listen": "listen",
    # fighting
    "spar": "fight", "spars": "fight", "sparring": "fight", "duel": "fight",
    "duels": "fight", "punch": "jab", "punches": "jab", "counters": "cross",
    "parry": "block", "parries": "block", "blocks": "block", "sweeps": "kick",
    "elbows": "hook", "swinging": "swing", "swings": "swing", "ducks": "dodge",
    # music and work
    "beat drums": "drum", "beat the drums": "drum", "chops": "chop", "chopping": "chop",
}

#: A light verb ("throws", "lands", "takes") followed within a few words by a noun that names
#: the action ("a roundhouse kick", "three straight punches", "a jab-cross combination").
_ACTION_NOUNS: dict[str, tuple[str, ...]] = {
    "kick": ("kick",), "kicks": ("kick",), "punch": ("jab",), "punches": ("jab",),
    "jab": ("jab",), "jabs": ("jab",), "jab-cross": ("jab", "cross"), "cross": ("cross",),
    "hook": ("hook",), "uppercut": ("uppercut",), "combination": ("jab", "cross"),
    "run-up": ("run",), "dunk": ("dunk",), "shot": ("shoot",), "shots": ("swing",),
}
_LIGHT_VERBS = frozenset(("throws", "throw", "throwing", "lands", "land", "landing", "takes",
                          "take", "delivers", "exchange", "exchanges", "counters"))

#: Instruments: "plays" takes the action of the instrument named in the clause (or in the
#: player's own word: "the pianist plays").
INSTRUMENTS: dict[str, str] = {
    "piano": "play_piano", "pianist": "play_piano", "keys": "play_piano",
    "guitar": "play_guitar", "guitarist": "play_guitar", "solo": "play_guitar",
    "violin": "play_violin", "violins": "play_violin", "violinist": "play_violin",
    "cello": "play_violin", "cellist": "play_violin", "viola": "play_violin",
    "quartet": "play_violin", "strings": "play_violin",
    "drum": "drum", "drums": "drum", "drummer": "drum", "snare": "drum", "fill": "drum",
    "qin": "play_qin", "guqin": "play_qin", "zither": "play_qin",
}
_PLAY = frozenset(("plays", "play", "playing"))

#: Subjects that are no actor: "mist lies on the water", "the blinds throw hard light".
NON_AGENTS = frozenset("""
mist fog haze smoke light lights sun sunlight blinds shadow shadows rain snow sign signs wind
water sky bamboo trees tree cloud clouds steam lamp lamps bulb floodlights spotlight
""".split())  # noqa: SIM905
#: Words after which a verb-looking word is a noun: "at each turn", "the blocks", "a kick".
_NOUN_BEFORE = frozenset(DETERMINERS | {
                          "of", "first", "second", "third", "last", "next", "same", "metre",
                          "metres", "meter", "meters", "m", "seconds", "minute", "final",
                          "straight", "roundhouse", "own", "s", "bus", "microphone", "music"})
#: Who "she" and "he" can be.
FEMALE = frozenset("""
woman women girl mother lady granddaughter daughter waitress nurse queen sister wife actress
grandmother bride her she
""".split())  # noqa: SIM905
MALE = frozenset("""
man men boy father king cowboy son grandfather husband brother groom gentleman stuntman
fisherman policeman monk him he
""".split())  # noqa: SIM905
PRONOUNS = {"she": "f", "her": "f", "he": "m", "him": "m", "his": "m", "they": "p",
            "them": "p", "it": "n"}


@dataclass(frozen=True)
class Verb:
    pos: int  # token index where the verb starts
    n: int  # tokens it spans
    action: str  # a declared action name
    word: str  # the words of the text


def _is_number(word: str) -> bool:
    """A count before a word makes it a plural noun ("three turns", "four paces"); a base
    form after one is a verb ("the other two sit")."""
    return word.replace(".", "", 1).isdigit() or word in UNITS["small"] or word in UNITS["tens"]


def _participle(word: str) -> bool:
    """An -ing form ("carrying", "walking"), not a word that merely ends so ("swing")."""
    return word.endswith("ing") and len(word) > 5


def _base_form(word: str) -> bool:
    """A verb form with no ending ("walk", "sit", "swing"): as often a noun ("the swing
    door", "a carnival parade", "the sprint final") as a verb."""
    return not word.endswith(("s", "ed")) and not _participle(word) and "-" not in word


def _subject_before(prev: str) -> bool:
    """Whether a base form after ``prev`` is a verb: after a plural subject ("two friends
    walk"), a pronoun, a count ("the other two sit"), "and", "then" or "to"."""
    return prev in ("they", "we", "you", "i", "both", "all", "and", "then", "to", "together",
                    "others", "other", "each", "also", "slowly", "quickly", "cannot") or \
        _is_number(prev) or is_plural(prev)


def _declared(items: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], str]:
    return {tuple(k.split()): v for k, v in items if v in ACTIONS}


def _base(word: str) -> str | None:
    """The base form of a third-person verb ("walks" → "walk", "carries" → "carry",
    "watches" → "watch"), or None."""
    if not word.endswith("s") or word.endswith("ss") or len(word) < 4:
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]


def _table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for name, spec in ACTIONS.items():
        for w in (name.replace("_", " "), *spec["synonyms"]):
            toks = tuple(w.split())
            table.setdefault(toks, name)
            base = _base(toks[0])
            if base is not None:  # "two friends walk", "they sit down"
                table.setdefault((base, *toks[1:]), name)
    for k, v in _declared(_PHRASINGS.items()).items():
        table[k] = v  # the reader's phrasing wins ("punches" is a jab, not a brawl)
    return table


TABLE = _table()
#: Phrases that look like an action but are none ("open with a wide": the cutting).
NOT_ACTIONS = frozenset((("open", "with"), ("opens", "with"), ("open", "on"), ("opens", "on"),
                         ("start", "on"), ("starts", "on")))
LONGEST = max(len(k) for k in TABLE)


def find(toks: list[str], doer_words: Iterable[str] = (),
         subject_ends: Iterable[int] = ()) -> list[Verb]:
    """The verbs of ``toks`` in order, each as a declared action. A word that follows a
    determiner or a number is a noun ("three turns", "out of the blocks"); a base form is a
    verb only where a subject can stand before it (`_subject_before`, the start of the clause,
    or after a character named with no verb since: "100 dancers in a grid raise their arms",
    ``subject_ends`` being where character phrases end); "plays" becomes the instrument's
    action; a light verb takes the action its noun names."""
    doer_words = set(doer_words)
    ends = set(subject_ends)
    open_subject = False  # a character was named and no verb has followed yet
    last_base = False  # the verb before was a base form (a plural subject goes on)
    out: list[Verb] = []
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(LONGEST, len(toks) - i), 0, -1):
            key = tuple(toks[i:i + n])
            if key in TABLE:
                hit = (n, TABLE[key])
                break
        prev = toks[i - 1] if i > 0 else ""
        if i in ends:
            open_subject = True
        if tuple(toks[i:i + 2]) in NOT_ACTIONS:
            i += 2
            continue
        if toks[i] in _LIGHT_VERBS:
            nouns = [(k, _ACTION_NOUNS[t]) for k, t in enumerate(toks[i + 1:i + 6], i + 1)
                     if t in _ACTION_NOUNS]
            if nouns:
                k, acts = nouns[0]
                for a in acts:
                    if a in ACTIONS:
                        out.append(Verb(i, k + 1 - i, a, " ".join(toks[i:k + 1])))
                i = k + 1
                continue
            if toks[i].startswith("throw") and {"light", "shadow", "shadows"} & set(
                    toks[i + 1:i + 4]):
                i += 1
                continue
        if toks[i] in _PLAY:
            near = [t for t in (*toks[i + 1:i + 8], *doer_words, *toks) if t in INSTRUMENTS]
            if near and INSTRUMENTS[near[0]] in ACTIONS:
                out.append(Verb(i, 1, INSTRUMENTS[near[0]], toks[i]))
                i += 1
                continue
        if hit is not None and not (hit[0] == 1 and not _participle(toks[i]) and (
                prev in _NOUN_BEFORE or (_is_number(prev) and toks[i].endswith("s")))) and (
                not _base_form(toks[i]) or _subject_before(prev) or i == 0 or open_subject
                or last_base):
            n, action = hit
            if not (prev in NON_AGENTS or (i > 1 and toks[i - 2] in NON_AGENTS and
                                           prev not in ("and", "then"))):
                out.append(Verb(i, n, action, " ".join(toks[i:i + n])))
                if not _participle(toks[i]):  # "passengers waiting … step aboard"
                    open_subject = False
                    last_base = _base_form(toks[i])
            i += n
            continue
        i += 1
    return out
