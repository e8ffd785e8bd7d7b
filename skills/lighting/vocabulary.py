"""Mood words → lighting preset, for the offline planner (an LLM fills the same field)."""

from __future__ import annotations

import re

from .presets import PRESETS

VOCABULARY: dict[str, tuple[str, ...]] = {
    name: (name.replace("_", " "), *p.synonyms) for name, p in PRESETS.items()
}


def parse_mood(text: str, default: str = "three_point") -> str:
    """The preset whose name or synonym matches ``text`` best: the longest matching phrase
    wins ("neon noir" is neon, not noir)."""
    t = " " + re.sub(r"[^a-z0-9 ]+", " ", text.lower()) + " "
    best, best_len = default, 0
    for name, words in VOCABULARY.items():
        for w in words:
            if f" {w} " in t and len(w) > best_len:
                best, best_len = name, len(w)
    return best
