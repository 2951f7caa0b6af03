"""One exception hierarchy for everything a user can get wrong.

Every error carries a single-line message that names the file, row or key and says what to do.
The CLI turns any :class:`SmkpiError` into that line on stderr and exit code 2.
"""

from __future__ import annotations

import re

# Exit codes: the CLI's contract with CI (0 targets met, 1 a target missed, 2 could not judge).
EXIT_OK, EXIT_MISSED, EXIT_ERROR = 0, 1, 2
MAX_MESSAGE = 2000  # characters: a message quoting a 200 MB header is cut, never one 200 MB line
# Line breaks of any kind, escaped as fmt.safe escapes them in notes and tables (\r is \x0d in both).
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(message: object) -> str:
    """``message`` on one line: line breaks escaped (``\\n``, ``\\x0d``), tabs as spaces, cut past MAX_MESSAGE."""
    s = _BREAKS.sub(lambda m: "\\n" if m.group() == "\n" else (
        f"\\x{ord(m.group()):02x}" if ord(m.group()) <= 0xFF else f"\\u{ord(m.group()):04x}"), str(message))
    s = s.replace("\t", " ")
    return s if len(s) <= MAX_MESSAGE else f"{s[:MAX_MESSAGE - 200]} … ({len(s):,} characters, cut) … {s[-150:]}"


class SmkpiError(Exception):
    """Base class: a problem smkpi can explain to the user in one line."""

    def __init__(self, message: str) -> None:
        # One line, always: a message that spans lines would break the "one line on stderr" promise.
        super().__init__(one_line(message))

    @property
    def message(self) -> str:
        return str(self)

    @property
    def lines(self) -> list[str]:
        """What the CLI prints, one ``smkpi: error:`` line each."""
        return [self.message]


class UsageError(SmkpiError):
    """Bad command-line usage: unknown family, path that does not exist, nothing to read."""


class ConfigError(SmkpiError):
    """The targets file is unreadable, malformed or names something that does not exist."""


class InputError(SmkpiError):
    """An export file cannot be read at all (as opposed to single rows, which are rejected)."""


class NoFileReadable(InputError):
    """Every file named could not be read: one message per file, in path order.

    The message is the first file's (a caller that shows one line still names a file); ``lines``
    holds them all, so the CLI prints one line per file, as it does beside a report.
    """

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0])
        self._lines = [one_line(m) for m in messages]

    @property
    def lines(self) -> list[str]:
        return list(self._lines)
