"""How a command body runs: smkpi errors (and surprises) become one line on stderr and exit 2,
never a traceback; and the Rich consoles commands print to (NO_COLOR honoured)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from .errors import EXIT_ERROR


def error_line(message: str) -> None:
    # One line on stderr, never a traceback: the user can act on it. Messages quote file names,
    # headers and YAML keys, which are untrusted: escape anything that could steer the terminal.
    from .fmt import safe

    sys.stderr.write(f"smkpi: error: {safe(message)}\n")


def fail(message: str) -> "typer.Exit":
    error_line(message)
    return typer.Exit(EXIT_ERROR)


def guard(fn):
    """Run a command body, turning smkpi errors (and surprises) into one line and exit 2."""
    from .errors import SmkpiError

    try:
        return fn()
    except typer.Exit:
        raise
    except SmkpiError as e:
        *first, last = e.lines  # every unreadable file gets its line, not only the first
        for line in first:
            error_line(line)
        raise fail(last) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    except OSError as e:  # e.g. --output into a missing directory: the user's to fix, not a bug
        where = f"{e.filename}: " if e.filename else ""
        raise fail(f"{where}{e.strerror or e}; check the path and its permissions") from None
    except Exception as e:  # a bug: still one line, with a way to see the traceback
        raise _internal(e) from None
    except BaseException as e:  # a Rust panic in Polars: pyo3's PanicException is not an Exception
        if type(e).__name__ != "PanicException":
            raise
        raise _internal(e) from None


def _internal(e: BaseException):
    """The one-line exit-2 failure for a bug (SMKPI_DEBUG=1 re-raises it, traceback and all)."""
    if os.environ.get("SMKPI_DEBUG"):
        raise e
    first = str(e).splitlines()[0] if str(e) else ""
    return fail(f"internal error: {type(e).__name__}: {first} (set SMKPI_DEBUG=1 for the traceback "
                f"and please report it)")


def console(output: Path | None, stderr: bool = False):
    from rich.console import Console

    if output is not None:
        return Console(file=open(output, "w", encoding="utf-8"), color_system=None, width=120, soft_wrap=False)
    # NO_COLOR (no-color.org): Rich alone would drop colours but keep bold/dim escapes; a user who
    # sets it wants plain text. Notes on stderr are never wrapped: one note, one line, greppable.
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr, **({"color_system": None} if plain else {}))
