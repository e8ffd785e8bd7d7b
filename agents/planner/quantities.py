"""Numbers with their units in a director's text: durations, lengths and heights, angles,
colour temperatures, counts of shots, compass directions.

Directors write "over 8 seconds", "a 10-second shot", "(4 s)", "rises from 20 m to 60 m",
"at 80 m altitude", "half a circle (180 degrees)", "3200 K", "twelve". The reader works on the
lower-case tokens of one clause; number words become values first ("twenty five" → 25,
"half" → 0.5), so every pattern below sees digits. Pure functions of the tokens: the same text
gives the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {"small": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                   "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                   "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                   "seventeen": 17, "eighteen": 18, "nineteen": 19},
         "tens": {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                  "seventy": 70, "eighty": 80, "ninety": 90}}
SECONDS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "min": 60.0,
           "mins": 60.0, "minute": 60.0, "minutes": 60.0}
METRES = {"m": 1.0, "metre": 1.0, "metres": 1.0, "meter": 1.0, "meters": 1.0, "cm": 0.01,
          "km": 1000.0, "ft": 0.3048, "feet": 0.3048, "foot": 0.3048}
DEGREES = ("degrees", "degree", "deg")
#: Compass and camera-relative words a direction phrase may use, as the plan's `Compass`.
DIRECTIONS = {"north": "north", "south": "south", "east": "east", "west": "west",
              "above": "above", "overhead": "above", "top": "above", "front": "front",
              "behind": "behind", "back": "behind", "left": "left", "right": "right"}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "s", "m", "deg", "k", ""
    at: int  # token index of the number
    before: tuple[str, ...]  # up to three tokens before the number (nearest last)
    after: tuple[str, ...]  # up to three tokens after the unit


def words_to_numbers(tokens: list[str]) -> list[str]:
    """Number words as digits: "twenty five" → "25", "a hundred" → "100", "half" → "0.5";
    "a"/"an"/"one" are left alone (they are articles far more often than counts)."""
    tokens = [p for t in tokens for p in t.split("-") if p]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in UNITS["tens"]:
            v = UNITS["tens"][t]
            if i + 1 < len(tokens) and tokens[i + 1] in UNITS["small"] and \
                    0 < UNITS["small"][tokens[i + 1]] < 10:
                v += UNITS["small"][tokens[i + 1]]
                i += 1
            out.append(str(v))
        elif t in UNITS["small"] and t != "one":
            out.append(str(UNITS["small"][t]))
        elif t == "hundred":
            if out and out[-1] in ("a", "one"):
                out[-1] = "100"
            elif out and out[-1].isdigit():
                out[-1] = str(int(out[-1]) * 100)
            else:
                out.append("100")
        elif t == "half":
            out.append("0.5")
        else:
            out.append(t)
        i += 1
    return out


def _num(tok: str) -> float | None:
    return float(tok) if re.fullmatch(r"\d+(?:\.\d+)?", tok) else None


def quantities(tokens: list[str]) -> list[Quantity]:
    """Every number of ``tokens`` (already `words_to_numbers`-ed) with the unit after it
    ("8 seconds", "10 second", "20 m", "180 degrees", "3200 k"), in order."""
    out: list[Quantity] = []
    for i, tok in enumerate(tokens):
        v = _num(tok)
        if v is None:
            continue
        j = i + 1
        unit = ""
        nxt = tokens[j] if j < len(tokens) else ""
        if nxt in SECONDS:
            v, unit = v * SECONDS[nxt], "s"
        elif nxt in METRES:
            v, unit = v * METRES[nxt], "m"
        elif nxt in DEGREES:
            unit = "deg"
        elif nxt in ("k", "kelvin"):
            unit = "k"
        else:
            j = i
        out.append(Quantity(v, unit, i, tuple(tokens[max(0, i - 3):i]),
                            tuple(tokens[j + 1:j + 4])))
    return out


def seconds(tokens: list[str]) -> float | None:
    """The first duration of the clause ("for 4 seconds", "over 8 s", "a 10-second shot",
    "in 12 seconds"), at most 600 s; None when there is none."""
    for q in quantities(tokens):
        if q.unit == "s" and q.value > 0:
            return min(q.value, 600.0)
    return None


def total_seconds(tokens: list[str]) -> float | None:
    """A duration the text gives for the whole scene: "12 seconds in all", "10 seconds in
    total", "for the whole 12 seconds"."""
    for q in quantities(tokens):
        if q.unit != "s":
            continue
        if q.after[:2] in (("in", "all"), ("in", "total")) or "total" in q.before or \
                "whole" in q.before:
            return min(q.value, 600.0)
    return None


def shot_count(tokens: list[str]) -> tuple[int, float | None] | None:
    """"four shots of 3 seconds each", "three shots": the number of shots and each one's
    duration, when the text says so."""
    for i, tok in enumerate(tokens):
        v = _num(tok)
        if v is None or i + 1 >= len(tokens) or tokens[i + 1] not in ("shots", "cuts",
                                                                      "angles"):
            continue
        n = int(v)
        if not 1 <= n <= 20:
            continue
        each = None
        rest = tokens[i + 2:i + 6]
        if rest[:1] == ["of"] and len(rest) >= 3 and _num(rest[1]) is not None and \
                rest[2] in SECONDS:
            each = _num(rest[1]) * SECONDS[rest[2]]
        return n, each
    return None


def heights(tokens: list[str]) -> tuple[float | None, float | None]:
    """(start, end) heights of a vertical move: "from 20 m to 60 m", "from 1.5 to 8 metres",
    "rises to 60 m", "starts 20 m above", "descending from 15 to 4 metres"."""
    qs = quantities(tokens)
    start = end = None
    for k, q in enumerate(qs):
        if q.before[-1:] == ("from",) and (q.unit == "m" or (
                k + 1 < len(qs) and qs[k + 1].unit == "m")):
            nxt = qs[k + 1] if k + 1 < len(qs) else None
            if nxt is not None and ("to" in nxt.before[-1:] or (
                    nxt.before[-2:-1] == ("to",) and nxt.before[-1] in ("a", "an", "the"))):
                return q.value, nxt.value
            start = q.value
        elif q.unit == "m" and q.before[-1:] == ("to",) and any(
                w in tokens for w in ("rises", "rise", "rising", "cranes", "crane", "climbs",
                                      "up", "descends", "descending", "drops", "lowers")):
            end = q.value
        elif q.unit == "m" and start is None and (
                q.after[:1] in (("above",), ("high",), ("altitude",), ("up",))
                or q.before[-1:] == ("at",)):
            start = q.value
    return start, end


def degrees(tokens: list[str]) -> float | None:
    """The angle of an orbit or arc: "180 degrees", "360-degree", "half a circle", "a full
    circle", "once" (around)."""
    for q in quantities(tokens):
        if q.unit == "deg" or (q.after[:1] == ("degree",)):
            return q.value
    text = " ".join(tokens)
    if re.search(r"\b(0\.5|half) (a )?(circle|orbit|turn)\b", text):
        return 180.0
    if re.search(r"\b(full|whole|complete) (circle|orbit|turn)\b|\borbits? \w+ ?\w* once\b",
                 text):
        return 360.0
    return None


def kelvin(tokens: list[str]) -> float | None:
    """A colour temperature given in kelvin: "3200 K", "about 2000 K"."""
    for q in quantities(tokens):
        if q.unit == "k" and 1000 <= q.value <= 20000:
            return q.value
    return None


def direction_from(tokens: list[str]) -> str | None:
    """Where something comes from: "from the west", "from directly above", "from the left",
    "overhead light", "backlight"."""
    text = " ".join(tokens)
    m = re.search(r"\bfrom (?:the |directly |high |straight )*(north|south|east|west|above|"
                  r"overhead|left|right|behind|front)\b", text)
    if m:
        return DIRECTIONS[m.group(1)]
    m = re.search(r"\b(?:in|low in) the (north|south|east|west)\b", text)
    if m:
        return DIRECTIONS[m.group(1)]
    if re.search(r"\b(overhead|top light|top-light|from above)\b", text):
        return "above"
    if re.search(r"\bback ?light|backlit\b", text):
        return "behind"
    return None


def travel(tokens: list[str]) -> tuple[str, str] | None:
    """A travel direction: "from east to west", "from left to right"."""
    m = re.search(r"\bfrom (?:the )?(north|south|east|west|left|right) to (?:the )?"
                  r"(north|south|east|west|left|right)\b", " ".join(tokens))
    return (m.group(1), m.group(2)) if m else None


def distance(tokens: list[str]) -> float | None:
    """The first horizontal distance ("walks 12 metres", "about 40 metres"), not a height."""
    for q in quantities(tokens):
        if q.unit == "m" and not (set(q.after[:1]) & {"above", "high", "tall", "altitude",
                                                      "height", "wide", "long", "up"}) \
                and "at" not in q.before[-1:]:
            return q.value
    return None
