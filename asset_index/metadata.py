"""Descriptive metadata of an asset: name, category, tags, support type and a text description.

Sources, strongest first: the sidecar JSON next to the file, the glTF extras, then the path
(folder names become tags, the nearest folder the category, the file name the name). The support
type (`floor`, `wall`, `ceiling`, `on_object`) falls back to a keyword table over the category,
tags and name; anything unknown stands on the floor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SUPPORTS = ("floor", "wall", "ceiling", "on_object")

_SUPPORT_WORDS = {
    "wall": ("painting", "picture", "frame", "poster", "mirror", "wall shelf", "wall clock",
             "clock", "tv", "television", "window", "sconce", "coat hook", "whiteboard",
             "blackboard", "wall lamp", "wall panel", "air conditioner", "sign"),
    "ceiling": ("chandelier", "ceiling", "pendant", "ceiling fan", "spotlight rig", "hanging"),
    "on_object": ("cup", "mug", "glass", "plate", "bowl", "bottle", "vase", "book", "laptop",
                  "keyboard", "monitor", "phone", "table lamp", "desk lamp", "candle", "kettle",
                  "toaster", "microwave", "pot", "pan", "remote", "mouse", "clock radio",
                  "radio", "speaker", "fruit", "box small", "jar", "teapot", "cutting board"),
}

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def words(text: str) -> list[str]:
    """Lower-case words of a file or folder name: 'OakChair_02' → ['oak', 'chair']."""
    text = _CAMEL.sub(" ", text)
    return [w for w in _SPLIT.split(text.lower()) if w and not w.isdigit()]


def _string_list(value: Any, field: str, source: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{source}: '{field}' must be a string or a list of strings")


def guess_support(texts: Iterable[str]) -> str:
    joined = " " + " ".join(t.lower() for t in texts) + " "
    for support in ("ceiling", "wall", "on_object"):
        for word in _SUPPORT_WORDS[support]:
            if f" {word} " in joined:
                return support
    return "floor"


def describe(path: Path, root: Path, sidecar: dict[str, Any], extras: dict[str, Any],
             rigged: bool) -> dict[str, Any]:
    """Name, category, tags, support, description and front override for one asset.

    Raises ValueError (with the source named) for a sidecar or extras field of the wrong type."""
    folders = [p for p in path.relative_to(root).parent.parts if p not in ("", ".")]
    folder_tags = [" ".join(words(f)) for f in folders if words(f)]
    stem_words = words(path.stem)
    merged: dict[str, Any] = {**{k: v for k, v in extras.items() if isinstance(k, str)},
                              **sidecar}
    src = "sidecar" if sidecar else "glTF extras"

    name = merged.get("name") or " ".join(stem_words) or path.stem
    if not isinstance(name, str):
        raise ValueError(f"{src}: 'name' must be a string")
    category = merged.get("category") or (folder_tags[-1] if folder_tags else
                                          (stem_words[-1] if stem_words else "object"))
    if not isinstance(category, str):
        raise ValueError(f"{src}: 'category' must be a string")
    tags: list[str] = []
    for tag in [*_string_list(extras.get("tags"), "tags", "glTF extras"),
                *_string_list(sidecar.get("tags"), "tags", "sidecar"), *folder_tags, *stem_words]:
        tag = tag.strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    support = merged.get("support") or guess_support([category, name, *tags])
    if support not in SUPPORTS:
        raise ValueError(f"{src}: 'support' must be one of {', '.join(SUPPORTS)}, got {support!r}")
    front = merged.get("front")
    if front is not None and front not in ("-y", "+y", "-x", "+x"):
        raise ValueError(f"{src}: 'front' must be one of -y, +y, -x, +x, got {front!r}")
    description = merged.get("description")
    if description is not None and not isinstance(description, str):
        raise ValueError(f"{src}: 'description' must be a string")
    if not description:
        # Sizes stay out of the text: the size score handles them, and numbers only add noise
        # to a sentence embedding.
        extra_tags = [t for t in tags if t not in (category.lower(), name.lower())]
        description = f"{name} ({', '.join([category, *extra_tags])})"
        description += ", rigged" if rigged else ""
    return {"name": name, "category": category.lower(), "tags": tags, "support": support,
            "description": description, "front": front}


def embedding_text(name: str, category: str, tags: list[str], description: str) -> str:
    """The text embedded for search: the description plus names not already in it."""
    parts = [description]
    low = description.lower()
    for extra in [name, category, *tags]:
        if extra and extra.lower() not in low:
            parts.append(extra)
            low += " " + extra.lower()
    return ". ".join(parts)
