"""The output formats: name, file extensions, and the module that renders each.

``cli.py`` looks formats up here (by ``--format NAME`` or by the extension of ``-o FILE``) instead
of branching on names; adding a format is adding a line here and a module with ``render(ctx)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    module: str  # smkpi.outputs.<module> has render(ctx) -> bytes
    machine: bool  # for tools: on stdout nothing else may appear (workflow commands go to stderr)
    binary: bool = False
    help: str = ""

    def renderer(self) -> Callable:
        return importlib.import_module(f"smkpi.outputs.{self.module}").render


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", (".txt",), "table", machine=False, help="Rich tables for people (default)"),
    Format("json", (".json",), "jsondoc", machine=True, help="one JSON document for tools"),
    Format("html", (".html", ".htm"), "html", machine=True, help="one self-contained page with charts"),
    Format("xlsx", (".xlsx",), "xlsx", machine=True, binary=True, help="an Excel workbook"),
    Format("markdown", (".md", ".markdown"), "markdown", machine=True, help="GitHub-flavoured tables"),
    Format("junit", (".xml",), "junit", machine=True, help="JUnit XML for CI test reports"),
)}
NAMES = tuple(FORMATS)


def get(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}'; choose from {', '.join(NAMES)}") from None


def for_path(path: Path) -> Format | None:
    """The format a file name implies by its extension, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)


def plan(format_name: str | None, outputs: list[Path]) -> list[tuple[Format, Path | None]]:
    """(format, path or None for stdout) for each output of one run.

    ``--format`` names the format of every output; without it each ``-o FILE``'s extension says
    (``.html`` ``.xlsx`` ``.md`` ``.xml`` ``.json`` ``.txt``), and stdout gets the table.
    """
    if not outputs:
        return [(get(format_name or "table"), None)]
    out = []
    for p in outputs:
        if str(p) == "-":  # the Unix spelling of stdout: a file named "-" would surprise everyone
            raise UsageError("-o -: the report goes to stdout without -o; choose its format with --format "
                             "(json, markdown, html, junit, github)")
        f = get(format_name) if format_name else for_path(p)
        if f is None:
            known = " ".join(s for f in FORMATS.values() for s in f.suffixes)
            raise UsageError(f"{p}: cannot tell the format from the extension '{p.suffix}'; use one of {known} "
                             f"or give --format")
        out.append((f, p))
    return out
