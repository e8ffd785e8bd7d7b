"""Coverage patterns: how a scene's shots cover it (shot/reverse shot, over the shoulder,
establishing then closer …), declared in the ``coverage`` vocabulary next to the code that
expands a pattern into shots. A plan names one in ``coverage.pattern``."""

from __future__ import annotations
