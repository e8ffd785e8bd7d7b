"""A small grammar of English for the offline reader: singular forms, and where a noun phrase
is (a determiner or number, adjectives, a head noun).

No maintained English parser with a small model installs from the package index alone (spaCy
and Stanza fetch their models from elsewhere; TextBlob and NLTK need corpora downloads), so the
reader carries this careful little grammar instead: it only has to find the head nouns a
director writes after "a", "the", "two", "his" …, and the describing words before them.
"""

from __future__ import annotations

DETERMINERS = frozenset("""
a an the his her their its my our your this that these those some each every another both
several many few no
""".split())  # noqa: SIM905
IRREGULAR = {"men": "man", "women": "woman", "people": "person", "children": "child",
             "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
             "oxen": "ox", "knives": "knife", "wolves": "wolf", "shelves": "shelf",
             "leaves": "leaf", "thieves": "thief", "policemen": "policeman",
             "fishermen": "fisherman", "gentlemen": "gentleman", "ladies": "lady",
             "stuntmen": "stuntman", "firemen": "fireman", "cameramen": "cameraman"}
NOT_PLURAL = frozenset("""
bus glass grass dress chess boss class press cross canvas gas lens news species series physics
always perhaps across walrus virus cactus status campus corps
""".split())  # noqa: SIM905


def singular(word: str) -> str:
    """The singular of an English noun ("boxers" → "boxer", "ladies" → "lady",
    "buses" → "bus"); a word that is no plural comes back unchanged."""
    w = word.lower()
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w in NOT_PLURAL or len(w) <= 3 or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")) or w.endswith("uses"):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    return singular(word) != word.lower() and word.lower() not in ("was", "has", "is")


def _verb_after(prev: str, word: str, adjectives: frozenset[str] | set[str]) -> bool:
    """Whether ``word`` after ``prev`` in a phrase is the clause's verb, not more of the noun:
    a plural noun ends its phrase ("two boxers | spar"), and after a singular noun a word in
    -s is a verb ("a bus | pulls in")."""
    if prev in adjectives:
        return False
    if is_plural(prev):
        return True
    return word.endswith("s") and not word.endswith("ss") and word not in NOT_PLURAL


def noun_phrase_heads(tokens: list[str], known: frozenset[str] | set[str],
                      stop: frozenset[str] | set[str],
                      adjectives: frozenset[str] | set[str] = frozenset()
                      ) -> list[tuple[int, list[int]]]:
    """Head nouns of phrases that open with a determiner or a number: ``(head index,
    [modifier indexes])``. A phrase runs over words that are not ``stop`` words; its head is
    the last of them before a stop word, a known word (a vocabulary word that heads its own
    phrase), the verb (`_verb_after`) or the end."""
    out: list[tuple[int, list[int]]] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        opener = t in DETERMINERS or t.replace(".", "", 1).isdigit()
        if not opener:
            i += 1
            continue
        j = i + 1
        words: list[int] = []
        while j < len(tokens) and len(words) < 4 and tokens[j] not in stop and \
                tokens[j] not in DETERMINERS and not tokens[j].replace(".", "", 1).isdigit():
            if words and _verb_after(tokens[words[-1]], tokens[j], adjectives):
                break
            words.append(j)
            if tokens[j] in known:
                break
            j += 1
        if words:
            out.append((words[-1], words[:-1]))
        i = max(j, i + 1)
    return out
