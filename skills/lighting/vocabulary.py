"""Mood words → lighting preset, for the offline planner (an LLM fills the same field)."""

from __future__ import annotations

import re

from ..vocabulary import synonyms

VOCABULARY: dict[str, tuple[str, ...]] = synonyms("look")
"""Preset name → its spaced name and synonyms, as `presets` declares the looks."""


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
