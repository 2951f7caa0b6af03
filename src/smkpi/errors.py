"""One exception hierarchy for everything a user can get wrong.

Every error carries a single-line message that names the file, row or key and says what to do.
The CLI turns any :class:`SmkpiError` into that line on stderr and exit code 2.
"""

from __future__ import annotations


class SmkpiError(Exception):
    """Base class: a problem smkpi can explain to the user in one line."""

    def __init__(self, message: str) -> None:
        # One line, always: a message that spans lines would break the "one line on stderr" promise.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


class UsageError(SmkpiError):
    """Bad command-line usage: unknown family, path that does not exist, nothing to read."""


class ConfigError(SmkpiError):
    """The targets file is unreadable, malformed or names something that does not exist."""


class InputError(SmkpiError):
    """An export file cannot be read at all (as opposed to single rows, which are rejected)."""


class StrictInputError(InputError):
    """--strict-input was given and some rows were rejected or files skipped."""
