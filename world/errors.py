"""Errors a person can cause and fix. The command line turns these into exit code 2."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: a file, field or value the user gave. The message names it and says what is
    wrong; it is shown as one line, without a traceback."""
