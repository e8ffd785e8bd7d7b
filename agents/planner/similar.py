"""MiniLM similarity for words the vocabularies lack: "astronaut" → person, "son" → child,
"backyard" → garden.

A bare word is compared with short anchor sentences for each candidate ("a person, a human
being"), which MiniLM separates far better than the category names alone ("pianist" is nearer
the word "piano" than the word "person", but nearer "a person who does something" than "a
musical instrument"). The encoder is the numpy MiniLM the asset index ships
(`previz.asset_index.minilm`), loaded once per process and only when a word needs it; it is
deterministic, so the same text gives the same plan in every process.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..interfaces import TextEmbedder

#: Anchors for what is no character: a word nearest these is not cast ("_" names are refused).
THINGS = ("an object, a thing", "a piece of furniture", "a vehicle, a car", "a building or a "
          "place", "a tool or a device", "a part of the body", "a colour or a quality")
#: Anchor sentences per character category (the candidates a role noun may be).
CAST_ANCHORS: dict[str, tuple[str, ...]] = {
    "person": ("a person", "a man or a woman", "a human being who works as something",
               "a professional, a worker, a fighter, a player"),
    "child": ("a child", "a young boy or girl, a kid", "a son or daughter"),
    # Animals come from the reader's lexicon; here they only keep animal things off people
    # (MiniLM puts "cage" by "a bird" and "collar" by "a dog").
    "_animal": ("a dog", "a cat", "a horse", "a bird", "a fish", "an animal"),
    "_thing": THINGS,
}
#: Anchor sentences for places: what an unknown place word is nearest (indoor or outdoor).
PLACE_ANCHORS: dict[str, tuple[str, ...]] = {
    "garden": ("a garden", "a yard behind a house"),
    "street": ("a street", "a road in a city"),
    "park": ("a park",), "field": ("a field",), "forest": ("a forest",),
    "beach": ("a beach",), "room": ("a room", "inside a building"),
    "hall": ("a hall",), "office": ("an office",), "kitchen": ("a kitchen",),
    "_thing": ("an object, a thing", "a person", "an animal", "a colour or a quality"),
}
CAST_THRESHOLD = 0.45
PLACE_THRESHOLD = 0.55


@lru_cache(maxsize=1)
def default_embedder() -> TextEmbedder | None:
    """The shipped MiniLM, or None when the package is absent (the reader then matches words
    only)."""
    try:
        from previz.asset_index.minilm import MiniLM

        return MiniLM()
    except (ImportError, FileNotFoundError, OSError):
        return None


_ANCHOR_CACHE: dict[tuple[int, str], tuple[list[str], np.ndarray]] = {}


def _anchors(embedder: TextEmbedder, table: dict[str, tuple[str, ...]],
             key: str) -> tuple[list[str], np.ndarray]:
    cache_key = (id(embedder), key)
    if cache_key not in _ANCHOR_CACHE:
        names = [n for n, sentences in table.items() for _ in sentences]
        vecs = _unit(np.asarray(embedder.encode([s for ss in table.values() for s in ss]),
                                float))
        _ANCHOR_CACHE[cache_key] = (names, vecs)
    return _ANCHOR_CACHE[cache_key]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def nearest(word: str, embedder: TextEmbedder, table: dict[str, tuple[str, ...]],
            threshold: float, key: str) -> tuple[str, float] | None:
    """The ``table`` entry whose anchor is nearest ``word`` ("a {word}"), with the cosine, when
    it reaches ``threshold`` and is no ``_`` entry (a thing, not a character); ties go to the
    entry listed first."""
    names, anchors = _anchors(embedder, table, key)
    v = _word_vector(embedder, word)
    sims = anchors @ v
    best = int(np.argmax(sims))
    score = float(sims[best])
    if names[best].startswith("_") or score < threshold:
        return None
    return names[best], round(score, 4)


_WORD_CACHE: dict[tuple[int, str], np.ndarray] = {}


def _word_vector(embedder: TextEmbedder, word: str) -> np.ndarray:
    key = (id(embedder), word)
    if key not in _WORD_CACHE:
        _WORD_CACHE[key] = _unit(np.asarray(embedder.encode([f"a {word}"]), float))[0]
    return _WORD_CACHE[key]


def cast_category(word: str, embedder: TextEmbedder | None) -> str | None:
    """The character or animal category nearest ``word``, or None."""
    if embedder is None:
        return None
    hit = nearest(word, embedder, CAST_ANCHORS, CAST_THRESHOLD, "cast")
    return hit[0] if hit else None


def place(word: str, embedder: TextEmbedder | None) -> str | None:
    """The place nearest ``word`` ("backyard" → garden), or None."""
    if embedder is None:
        return None
    hit = nearest(word, embedder, PLACE_ANCHORS, PLACE_THRESHOLD, "place")
    return hit[0] if hit else None


THING_THRESHOLD = 0.6


@lru_cache(maxsize=1)
def _library_names() -> tuple[str, ...]:
    """The library's category names, less those that are also common words ("well", "can",
    "safe", "slide"): MiniLM puts adjectives and adverbs by them."""
    from previz.agents.vocabulary import VAGUE
    from previz.asset_index.props import ROWS

    return tuple(r.name for r in ROWS if r.name not in VAGUE)


def thing(word: str, embedder: TextEmbedder | None) -> tuple[str, float] | None:
    """The prop-library category nearest a noun the vocabularies lack, with the cosine, when
    it reaches `THING_THRESHOLD` ("mattress" → bed, "envelope" → mailbox, "shelter" → tent):
    the size a proxy named after the noun takes. MiniLM on one word is a weak judge of what a
    thing *is* ("pavilion" lands by "laptop"), so it only sizes; the noun stays the proxy's
    name."""
    if embedder is None:
        return None
    table: dict[str, tuple[str, ...]] = {n: (f"a {n}",) for n in _library_names()}
    return nearest(word, embedder, table, THING_THRESHOLD, "thing")
