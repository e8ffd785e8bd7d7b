"""The default index in the user's data folder, which always contains the starter library and
the prop library (`previz.asset_index.props`).

`open_default` builds the starter library into ``<data>/assets/starter`` and the prop library
into ``<data>/assets/library/v<version>`` and ingests them the first time, and again whenever
either generator's version changes or characters become available. Rigged characters need
skeletons from the skill templates (``previz.skills.skeletons``), which this package may not
import: callers that may (the command line, the agents) pass them in as ``skeletons``; without
them the library has no characters until a caller provides them. The procedural motions of the
motion skills are passed in the same way (``motions``).
"""

from __future__ import annotations

from collections.abc import Mapping

from previz.world import Skeleton

from .index import AssetIndex
from .motions import MotionClip
from .paths import default_index_path, starter_dir
from .props import LIBRARY_VERSION, build_library
from .starter import STARTER_VERSION, build_starter

# the starter's and the prop library's generator versions: either changing refreshes the index
VERSION = f"{STARTER_VERSION}+lib{LIBRARY_VERSION}"


def _stamp(skeletons: Mapping[str, Skeleton] | None) -> str:
    return VERSION + ":" + ",".join(sorted(skeletons or {}))


def open_default(skeletons: Mapping[str, Skeleton] | None = None,
                 motions: list[MotionClip] | None = None) -> AssetIndex:
    """The default index, with the starter library ingested (built on first use) and, when
    given, ``motions`` as its procedural motion clips."""
    index = AssetIndex(default_index_path())
    if motions is not None:
        index.set_procedural_motions(motions)
    current = index.meta("starter") or ""
    wanted = _stamp(skeletons)
    # Keep a library that already has characters when this caller has none to give.
    if current == wanted or (not skeletons and current.startswith(VERSION + ":")):
        return index
    refresh_starter(index, skeletons)
    return index


def refresh_starter(index: AssetIndex,
                    skeletons: Mapping[str, Skeleton] | None = None) -> None:
    """(Re)build the starter library and the prop library files and bring ``index`` up to
    date with them (the prop library's folder is the one the agents' default path writes the
    props it places into, so a placed prop and its index entry are one file)."""
    from .props.select import library_dir

    folder = starter_dir()
    build_starter(folder, skeletons)
    index.ingest(folder)
    library = library_dir()
    build_library(library)
    index.ingest(library)
    index.set_meta("starter", _stamp(skeletons))
