"""A Fountain screenplay → scenes of action lines and dialogue, each with the line it came from.

The paragraphs are classified by screenplain (`screenplain.parsers.fountain`, the parser of the
screenplain tool, MIT, kept on PyPI): scene headings, action, dialogue with parentheticals, dual
dialogue, transitions, sections, notes and boneyard. Its parser returns paragraphs without their
line numbers, so this module feeds it one paragraph at a time (the same grouping by blank lines
its ``parse_body`` does, after the same boneyard and note removal) and keeps where each
paragraph started: every error and every element names its line in the file.

What the rest of Previz needs and Fountain leaves loose is checked here, each failure an
`InputError` naming ``FILE:LINE``: a boneyard ``/*`` or note ``[[`` never closed, action or
dialogue before the first scene heading, a scene heading that names no place, a character cue
with no spoken line, dual dialogue (``^``) with nothing to pair with, text that is not UTF-8, and
a file with no scene at all.

Standard library and screenplain only (imported when a file is parsed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from previz.world.errors import InputError

_BONEYARD = re.compile(r"/\*.*?\*/", re.DOTALL)
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_PARENS = re.compile(r"\s*\([^)]*\)\s*")
_PAUSE_WORDS = ("beat", "pause", "a beat", "long pause", "silence")
#: Scene heading prefixes (Fountain's list) stripped when naming the place.
_HEADING_PREFIX = re.compile(r"^(INT\.?/EXT|I/E|INT|EXT|EST)[ .]+", re.IGNORECASE)


@dataclass(frozen=True)
class Action:
    """An action paragraph: its text (lines joined by spaces) and first line in the file."""

    text: str
    line: int


@dataclass(frozen=True)
class Dialogue:
    """One character's speech: the cue's name (extensions such as ``(V.O.)`` dropped), the
    spoken text (parentheticals removed), the parentheticals, and the cue's line."""

    character: str
    text: str
    line: int
    parentheticals: tuple[str, ...] = ()
    extension: str = ""  # "V.O.", "O.S.", "CONT'D" …
    dual: bool = False  # the right half of dual dialogue: spoken at once with the line before

    @property
    def words(self) -> int:
        return len(re.findall(r"[\w']+", self.text))

    @property
    def pauses(self) -> int:
        """How many parentheticals ask for a pause: ``(beat)``, ``(pause)`` …"""
        return sum(1 for p in self.parentheticals
                   if p.strip("() ").lower() in _PAUSE_WORDS)


@dataclass
class Scene:
    """A scene: its heading as written, the place and time it names, its 1-based number in
    the script, the heading's line, and its action and dialogue in script order."""

    heading: str
    number: int
    line: int
    elements: list[Action | Dialogue] = field(default_factory=list)

    @property
    def place(self) -> str:
        """``INT. KITCHEN - NIGHT`` → ``KITCHEN``."""
        rest = _HEADING_PREFIX.sub("", self.heading.lstrip(".")).strip()
        if rest.startswith("-"):  # "INT. - NIGHT": a time but no place
            return ""
        return rest.split(" - ")[0].strip(" -")

    @property
    def time_of_day(self) -> str:
        parts = self.heading.split(" - ")
        return parts[-1].strip() if len(parts) > 1 else ""

    @property
    def interior(self) -> bool | None:
        h = self.heading.upper().lstrip(".")
        if h.startswith(("INT./EXT", "INT/EXT", "I/E")):
            return None
        if h.startswith("INT"):
            return True
        if h.startswith(("EXT", "EST")):
            return False
        return None

    @property
    def characters(self) -> list[str]:
        """The speaking characters in order of first line."""
        return list(dict.fromkeys(e.character for e in self.elements
                                  if isinstance(e, Dialogue)))

    @property
    def dialogue(self) -> list[Dialogue]:
        return [e for e in self.elements if isinstance(e, Dialogue)]

    @property
    def actions(self) -> list[Action]:
        return [e for e in self.elements if isinstance(e, Action)]


@dataclass
class Screenplay:
    title: str
    scenes: list[Scene]

    @property
    def characters(self) -> list[str]:
        return list(dict.fromkeys(c for s in self.scenes for c in s.characters))


def read_fountain(path: str | Path) -> Screenplay:
    """Parse the Fountain file ``path`` (UTF-8); an `InputError` names ``FILE:LINE`` for what
    cannot be staged."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"{p}:{line}: not UTF-8 text (byte {exc.start})") from None
    return parse_fountain(text, str(p))


def parse_fountain(text: str, source: str = "<fountain>") -> Screenplay:
    """Parse Fountain ``text``; ``source`` names it in errors (``source:LINE: …``)."""
    from screenplain.parsers import fountain as fp
    from screenplain.types import Action as SpAction
    from screenplain.types import Dialog, DualDialog, Slug

    lines, origin = _strip_boneyard(text.replace("\r\n", "\n").replace("\r", "\n"), source)
    lines = [fp._preprocess_line(s) for s in lines]
    # The title page: the leading lines up to the first blank one, when they are "Key: value".
    head = 0
    while head < len(lines) and lines[head] != "":
        head += 1
    title_page = fp.parse_title_page(lines[:head]) if head else None
    body_from = head if title_page else 0
    title = " ".join(title_page.get("Title", [])) if title_page else ""

    paragraphs: list[object] = []
    starts: list[int] = []
    i = body_from
    while i < len(lines):
        if fp._is_blank(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and not fp._is_blank(lines[j]):
            j += 1
        block = "\n".join(lines[i:j])
        unclosed = block.find("[[")
        stripped = _NOTE.sub("", block)
        if "[[" in stripped:
            at = i + block[:unclosed].count("\n")
            raise InputError(f"{source}:{origin[at]}: note '[[' is never closed with ']]'")
        if not fp._is_blank(stripped):
            before = len(paragraphs)
            fp.InputParagraph(stripped.split("\n")).update_list(paragraphs)
            # New paragraphs start here; a dual dialogue (which replaces the dialogue before
            # it) or a synopsis adds none and keeps the earlier paragraph's line.
            starts += [origin[i]] * (len(paragraphs) - before)
        i = j

    scenes: list[Scene] = []
    for para, line in zip(paragraphs, starts, strict=True):
        where = f"{source}:{line}"
        if isinstance(para, Slug):
            heading = str(para.line).strip()
            scene = Scene(heading=heading, number=len(scenes) + 1, line=line)
            if not scene.place:
                raise InputError(f"{where}: scene heading {heading!r} names no place "
                                 "(write it as INT. KITCHEN - NIGHT)")
            scenes.append(scene)
            continue
        if isinstance(para, (SpAction, Dialog, DualDialog)) and not scenes:
            what = "action" if isinstance(para, SpAction) else "dialogue"
            raise InputError(f"{where}: {what} before the first scene heading (a scene starts "
                             "with INT., EXT., INT./EXT., I/E or a line beginning with '.')")
        if isinstance(para, SpAction):
            words = " ".join(str(s).strip() for s in para.lines if str(s).strip())
            if words:
                scenes[-1].elements.append(Action(words, line))
        elif isinstance(para, Dialog):
            scenes[-1].elements.append(_dialogue(para, line, where))
        elif isinstance(para, DualDialog):
            scenes[-1].elements.append(_dialogue(para.left, line, where))
            right = _dialogue(para.right, line, where)
            scenes[-1].elements.append(Dialogue(right.character, right.text, right.line,
                                                right.parentheticals, right.extension,
                                                dual=True))
        # Transitions, sections, synopses and page breaks carry nothing to stage.
    if not scenes:
        raise InputError(f"{source}: no scene heading (INT. PLACE - TIME) in the script")
    return Screenplay(title=title, scenes=scenes)


def _dialogue(dialog: object, line: int, where: str) -> Dialogue:
    cue = str(dialog.character).strip()  # type: ignore[attr-defined]
    if cue.endswith("^"):
        raise InputError(f"{where}: dual dialogue '^' for {cue.rstrip(' ^')} with no "
                         "dialogue right before it")
    ext = re.findall(r"\(([^)]*)\)", cue)
    name = _PARENS.sub(" ", cue).strip()
    spoken: list[str] = []
    parens: list[str] = []
    for is_paren, text in dialog.blocks:  # type: ignore[attr-defined]
        t = str(text).strip()
        (parens if is_paren else spoken).append(t)
    said = " ".join(s for s in spoken if s)
    if not said:
        raise InputError(f"{where}: {name}'s dialogue has no spoken line under the "
                         "character cue")
    if not name:
        raise InputError(f"{where}: a character cue with no name")
    return Dialogue(character=name, text=said, line=line, parentheticals=tuple(parens),
                    extension=" ".join(e.strip() for e in ext))


def _strip_boneyard(text: str, source: str) -> tuple[list[str], list[int]]:
    """``text`` without its ``/* … */`` boneyard, as lines, with each line's 1-based number in
    the original (a boneyard spanning lines joins what is around it, as screenplain's
    removal does)."""
    out = [""]
    origin = [1]
    line = 1
    pos = 0
    for m in [*_BONEYARD.finditer(text), None]:
        end = len(text) if m is None else m.start()
        chunk = text[pos:end]
        if m is None and "/*" in chunk:
            at = line + chunk[:chunk.index("/*")].count("\n")
            raise InputError(f"{source}:{at}: boneyard '/*' is never closed with '*/'")
        parts = chunk.split("\n")
        out[-1] += parts[0]
        for part in parts[1:]:
            line += 1
            out.append(part)
            origin.append(line)
        if m is not None:
            line += m.group().count("\n")
            pos = m.end()
    return out, origin
