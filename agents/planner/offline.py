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

import math
import re
from dataclasses import dataclass, field

import numpy as np

from previz.world import InputError

from ..interfaces import TextEmbedder
from ..plan import (
    ActionPlan,
    CharacterPlan,
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
)

EMBED_THRESHOLD = 0.6

INDOOR = ("room", "kitchen", "office", "bedroom", "hall", "living room", "bar", "restaurant",
          "library", "classroom", "church", "corridor", "hallway", "lobby", "studio", "apartment",
          "flat", "house", "cafe", "café", "shop", "store", "warehouse", "gym", "ballroom",
          "courtroom", "chamber", "cell", "attic", "basement", "garage", "theatre", "theater",
          "parliament", "inside", "indoors", "salon", "den", "lounge")
OUTDOOR = ("street", "park", "field", "forest", "beach", "square", "plaza", "courtyard",
           "desert", "meadow", "road", "garden", "yard", "parking lot", "outside", "outdoors",
           "city", "village", "farm", "hill", "mountain", "lake", "riverbank", "parade ground",
           "avenue", "market", "camp", "battlefield", "stadium", "pasture", "woods")
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


@dataclass
class _Group:
    id: str
    category: str
    count: int
    kind: str
    name: str | None = None
    actions: list[ActionPlan] = field(default_factory=list)


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
    return table


PHRASES = _phrase_table()
MAX_PHRASE = max(len(k) for k in PHRASES)
VERBS: dict[tuple[str, ...], str] = {}
for _verb, _spec in ACTIONS.items():
    for _w in (_verb.replace("_", " "), *_spec["synonyms"]):
        VERBS.setdefault(tuple(_w.split()), _verb)


def tokenize(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:-[a-z]+)*|\d+(?:\.\d+)?", text.lower())


def _number(tok: str) -> int | None:
    if tok.replace(".", "", 1).isdigit():
        return max(1, round(float(tok)))
    return NUMBER_WORDS.get(tok)


def plan_from_text(text: str, embedder: TextEmbedder | None = None) -> ScenePlan:
    """The `ScenePlan` for ``text`` (deterministic: a pure function of the text)."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the scene text is empty: describe what should happen, e.g. "
                         "\"two people talk at a kitchen table\"")
    if len(text) > 4000:
        raise InputError(f"the scene text is {len(text)} characters long; at most 4000")
    return _Reader(text, embedder).read()


class _Reader:
    def __init__(self, text: str, embedder: TextEmbedder | None) -> None:
        self.text = text.strip()
        self.low = " " + " ".join(tokenize(self.text)) + " "
        self.embedder = embedder
        self.groups: dict[str, _Group] = {}
        self.by_category: dict[str, str] = {}
        self.relations: list[RelationPlan] = []
        self.shots: list[ShotPlan] = []
        self.names = self._names()

    # -- top level ------------------------------------------------------------------------------

    def read(self) -> ScenePlan:
        clauses = [c.strip() for c in SEQ_SPLIT.split(self.text) if c and c.strip()]
        last_actor: str | None = None
        for clause in clauses:
            last_actor = self._clause(clause, last_actor)
        setting = self._setting()
        mood = self._mood()
        if not self.groups and setting is None and not self.shots:
            raise InputError(
                "found nothing to stage in the text: name at least a place, an object or a "
                f"character (known words include {', '.join(sorted(CATEGORY_BY_NAME)[:12])}…)")
        setting = setting or self._default_setting()
        objects, characters = [], []
        for g in self.groups.values():
            if g.kind in ("character", "animal"):
                characters.append(CharacterPlan(
                    id=g.id, kind=g.kind, category=g.category, count=g.count,
                    description=(g.name or g.category).capitalize(), actions=g.actions))
            else:
                objects.append(ObjectPlan(id=g.id, category=g.category, count=g.count))
        relations = _dedupe(self.relations)
        return ScenePlan(title=self.text[:80], description=self.text, setting=setting,
                         objects=objects, characters=characters, relations=relations,
                         shots=self.shots, mood=mood)

    # -- words ----------------------------------------------------------------------------------

    def _names(self) -> set[str]:
        """Capitalised words that are no vocabulary word: the names of characters."""
        names: set[str] = set()
        known = {w for k in PHRASES for w in k} | {w for k in VERBS for w in k}
        for m in re.finditer(r"\b([A-Z][a-z]{2,})\b", self.text):
            w = m.group(1).lower()
            if w in known or w in STOP or w in NUMBER_WORDS or any(
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
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            hit = None
            for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                key = tuple(toks[i:i + n])
                if key in PHRASES:
                    hit = (n, *PHRASES[key])
                    break
            if hit is not None and _camera_verb(toks, i, hit[0]):
                hit = None  # "the camera trucks left": a move, not a lorry
            if hit is not None:
                n, cat, plural = hit
                out.append(Mention(i, i + n, cat, self._count(toks, i, plural),
                                   word=" ".join(toks[i:i + n])))
                i += n
                continue
            if toks[i] in self.names:
                out.append(Mention(i, i + 1, "person", 1, name=toks[i]))
            elif self.embedder is not None and i > 0 and _number(toks[i - 1]) is not None \
                    and toks[i] not in STOP and len(toks[i]) > 2 and tuple(toks[i:i + 1]) \
                    not in VERBS:
                cat = self._embed_match(toks[i])
                if cat is not None:
                    plural = toks[i].endswith("s")
                    out.append(Mention(i, i + 1, cat, self._count(toks, i, plural)))
            i += 1
        return out

    def _count(self, toks: list[str], i: int, plural: bool) -> int | None:
        for back in (1, 2, 3):
            if i - back < 0:
                break
            n = _number(toks[i - back])
            if n is not None:
                if toks[i - back] in ("a", "an") and plural:
                    return None  # "a crowd of", "a few" handled by the word itself
                return n
            if toks[i - back] in ("the", "of", "and", "with"):
                break
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
        cat = CATEGORY_BY_NAME[m.category]
        if m.name is not None:
            gid = slug(m.name)
            if gid not in self.groups:
                self.groups[gid] = _Group(gid, "person", 1, "character", name=m.name)
            return gid
        count = m.count
        if cat.kind == "character" and m.word not in GENERIC and count in (None, 1):
            # A role ("a detective", "the waiter") is its own character.
            gid = slug(m.word)
            if gid not in self.groups:
                self.groups[gid] = _Group(gid, m.category, 1, "character", name=m.word)
            return gid
        gid = self.by_category.get(m.category)
        if gid is None:
            gid = slug(m.category)
            while gid in self.groups:
                gid = f"{gid}_group"
            n = count if count else (3 if count == 0 else 1)
            self.groups[gid] = _Group(gid, m.category, n, cat.kind)
            self.by_category[m.category] = gid
        elif count:
            self.groups[gid].count = max(self.groups[gid].count, count)
        return gid

    # -- clauses --------------------------------------------------------------------------------

    def _clause(self, clause: str, last_actor: str | None) -> str | None:
        toks = tokenize(clause)
        mentions = self._mentions(toks)
        ids = [self._group_for(m) for m in mentions]
        text = " " + " ".join(toks) + " "
        shot = self._shot(toks, text, mentions, ids)
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
            if k + 1 >= len(mentions):
                continue
            target = ids[k + 1]
            if target == subject:
                continue
            near_gap = toks[m.end:mentions[k + 1].start]
            tail = " " + " ".join(near_gap[-4:]) + " "
            for phrase, kind in RELATION_PHRASES:
                if f" {phrase} " in tail:
                    if kind == "on" and not CATEGORY_BY_NAME.get(
                            self.groups[target].category, CATEGORY_BY_NAME["table"]).surface:
                        break
                    subj = subject
                    if kind in ("on", "around") and self.groups[subject].kind in (
                            "character", "animal") and self.groups[target].kind == "prop" \
                            and kind == "on":
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
        actor = actors[0] if actors else last_actor
        if shot and not actors:
            return last_actor
        self._actions(toks, mentions, ids, actors or ([actor] if actor else []))
        return actor

    def _actions(self, toks: list[str], mentions: list[Mention], ids: list[str],
                 actors: list[str]) -> None:
        if not actors:
            return
        duration = _duration(toks)
        i = 0
        found: list[tuple[int, str]] = []
        while i < len(toks):
            for n in (2, 1):
                key = tuple(toks[i:i + n])
                if key in VERBS:
                    found.append((i, VERBS[key]))
                    i += n - 1
                    break
            i += 1
        for pos, verb in found:
            goal = None
            if ACTIONS[verb]["moves"]:
                after = [(m, g) for m, g in zip(mentions, ids, strict=True) if m.start > pos
                         and g not in actors]
                if after:
                    goal = after[0][1]
            spec = ACTIONS[verb]
            kwargs = {"duration": duration} if duration is not None else (
                {} if spec["moves"] else {"duration": spec["duration"]})
            for a in actors:
                if verb == "talk" and self.groups[a].kind == "animal":
                    continue
                self.groups[a].actions.append(ActionPlan(verb=verb, goal=goal, **kwargs))
                if len(self.groups[a].actions) >= 32:
                    self.groups[a].actions = self.groups[a].actions[:32]

    def _shot(self, toks: list[str], text: str, mentions: list[Mention],
              ids: list[str]) -> bool:
        size = None
        size_at = len(toks)
        for name, words in SHOT_SIZES.items():
            for w in sorted(words, key=len, reverse=True):
                at = text.find(f" {' '.join(tokenize(w))} ")
                if at >= 0 and (name != "close_up" or "close to" not in text) and \
                        (name != "wide" or "shot" in text or "angle" in text) and \
                        (size is None or len(w) > len(size[1])):
                        size = (name, w)
                        size_at = len(text[:at].split())
        if name_extreme := re.search(r"\bextreme (close|wide|long)", text):
            del name_extreme
        # The longest movement phrase wins ("whip pan" over "pan", "dolly zoom" over "zoom");
        # everyday words ("follows", "rises", "leads") count only in a camera or shot clause.
        movement, best = None, 0
        camera_clause = "camera" in text or " shot " in text or " shots " in text
        for name, words in MOVEMENTS.items():
            for w in words:
                phrase = " ".join(tokenize(w))
                if f" {phrase} " not in text or len(phrase) <= best:
                    continue
                if name in ("follow", "lead") and not camera_clause:
                    continue
                if name in CONTEXT_MOVES and not camera_clause and size is None:
                    continue
                movement, best = name, len(phrase)
        if size is None and movement is None:
            return False
        subject = next((g for m, g in zip(mentions, ids, strict=True) if m.start >= size_at),
                       None)
        if subject is None and ids:
            subject = ids[0]
        duration = _duration(toks) or 4.0
        sid = f"shot_{len(self.shots) + 1}"
        self.shots.append(ShotPlan(id=sid, size=size[0] if size else "wide",
                                   movement=movement or "static", subject=subject,
                                   duration=duration))
        return True

    # -- setting and mood -----------------------------------------------------------------------

    def _setting(self) -> Setting | None:
        indoor = next((w for w in INDOOR if f" {w} " in self.low), None)
        outdoor = next((w for w in OUTDOOR if f" {w} " in self.low), None)
        if indoor is None and outdoor is None:
            return None
        kind = "outdoor" if outdoor is not None and (
            indoor is None or self.low.find(f" {outdoor} ") < self.low.find(f" {indoor} ")) \
            else "room"
        name = outdoor if kind == "outdoor" else indoor
        return self._sized(kind, name or "room")

    def _default_setting(self) -> Setting:
        outdoor = any(CATEGORY_BY_NAME[g.category].outdoor for g in self.groups.values()) or \
            any(g.kind == "animal" and g.category in ("horse", "cow", "sheep", "deer")
                for g in self.groups.values())
        return self._sized("outdoor" if outdoor else "room", "outdoors" if outdoor else "room")

    def _sized(self, kind: str, name: str) -> Setting:
        area = 0.0
        for g in self.groups.values():
            cat = CATEGORY_BY_NAME[g.category]
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


def _camera_verb(toks: list[str], i: int, n: int) -> bool:
    """Whether ``toks[i:i+n]`` is a camera move word used as a verb after "camera" ("the camera
    trucks left", "camera tracks her") rather than a thing in the scene."""
    return n == 1 and toks[i] in ("truck", "trucks", "trucking", "track", "tracks") and \
        i > 0 and toks[i - 1] in ("camera", "cam", "then", "slowly")


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
