"""Command line: option wiring over the library. load → compute → evaluate → render, errors → exit codes.

Heavy modules (polars, the catalogue) are imported inside commands so ``smkpi --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="smkpi",
    help="Social media & support-desk KPIs from platform exports, judged against your targets.\n\n"
    "\b\nStart here:\n"
    "  smkpi init                  write a commented targets.yaml to edit\n"
    "  smkpi kpis                  every KPI id, unit, formula and default target\n"
    "  smkpi report exports/       judge the exports in a folder against targets.yaml\n\n"
    "Run 'smkpi COMMAND --help' for a command's options and examples.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_ERROR = 2
# --year: the years the reader accepts (load.EARLIEST rejects dates before 1971, and dates in the future).
EARLIEST_YEAR = 1971


class OutFormat(str, Enum):
    table = "table"
    json = "json"


# Report formats come from the output registry (smkpi.outputs.registry), which imports nothing heavy.
from .outputs.registry import NAMES as _FORMAT_NAMES  # noqa: E402

ReportFormat = Enum("ReportFormat", {n: n for n in _FORMAT_NAMES}, type=str)


class Language(str, Enum):
    th = "th"
    en = "en"


class Calendar(str, Enum):
    gregorian = "gregorian"
    buddhist = "buddhist"


class FailOn(str, Enum):
    error = "error"
    warn = "warn"


def _readable_arguments() -> None:
    """Typer prints an argument's Python type beside its name ("PATH <list[Path]>"); the name and
    the help say it in words."""
    from typer.core import TyperArgument

    TyperArgument.display_type_rich = lambda self, ctx: None


_readable_arguments()


def _year(value: int | None) -> int | None:
    import datetime as dt

    last = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).year  # dates in the future are rejected
    if value is not None and not EARLIEST_YEAR <= value <= last:
        raise typer.BadParameter(f"{value} is not a year smkpi reads dates in; give {EARLIEST_YEAR} to {last}")
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"smkpi {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """smkpi: every KPI of a social media & admin role, from the exports you already download."""


def _error_line(message: str) -> None:
    # One line on stderr, never a traceback: the user can act on it. Messages quote file names,
    # headers and YAML keys, which are untrusted: escape anything that could steer the terminal.
    from .fmt import safe

    sys.stderr.write(f"smkpi: error: {safe(message)}\n")


def _fail(message: str) -> "typer.Exit":
    _error_line(message)
    return typer.Exit(EXIT_ERROR)


def _guard(fn):
    """Run a command body, turning smkpi errors (and surprises) into one line and exit 2."""
    from .errors import SmkpiError

    try:
        return fn()
    except typer.Exit:
        raise
    except SmkpiError as e:
        raise _fail(e.message) from None
    except KeyboardInterrupt:
        raise _fail("interrupted") from None
    except OSError as e:  # e.g. --output into a missing directory: the user's to fix, not a bug
        where = f"{e.filename}: " if e.filename else ""
        raise _fail(f"{where}{e.strerror or e}; check the path and its permissions") from None
    except Exception as e:  # a bug: still one line, with a way to see the traceback
        if os.environ.get("SMKPI_DEBUG"):
            raise
        first = str(e).splitlines()[0] if str(e) else ""
        raise _fail(f"internal error: {type(e).__name__}: {first} (set SMKPI_DEBUG=1 for the traceback "
                    f"and please report it)") from None


def _console(output: Path | None, stderr: bool = False):
    from rich.console import Console

    if output is not None:
        return Console(file=open(output, "w", encoding="utf-8"), color_system=None, width=120, soft_wrap=False)
    # NO_COLOR (no-color.org): Rich alone would drop colours but keep bold/dim escapes; a user who
    # sets it wants plain text. Notes on stderr are never wrapped: one note, one line, greppable.
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr, **({"color_system": None} if plain else {}))


def _resolve_targets(targets: Path | None) -> Path | None:
    if targets is not None:
        return targets
    here = Path("targets.yaml")
    return here if here.is_file() else None


FAMILY_HELP = ("Only these KPI families: a comma list or repeated (engagement,sentiment); "
               "'smkpi kpis' lists them.")
EXCLUDE_HELP = ("Do not read files or folders matching this glob (repeatable; .gitignore syntax, like the "
                "folder's .smkpiignore).")
FOLLOW_HELP = "Read symbolic links that lead out of the folder named (not followed by default)."


def _inputs(paths: list[Path], exclude: list[str] | None, follow_links: bool):
    from .discover import Inputs

    return Inputs(paths, exclude=exclude or (), follow_links=follow_links)


@app.command()
def report(
    paths: Annotated[list[Path], typer.Argument(help="Export files and/or directories (searched recursively).",
                                                show_default=False, metavar="PATH")],
    targets: Annotated[Optional[Path], typer.Option("--targets", "-t", metavar="FILE", help="Targets file. Default: ./targets.yaml "
                                                    "if it exists, else the built-in defaults.")] = None,
    format: Annotated[Optional[ReportFormat], typer.Option("--format", "-f", help="Format of every output. Default: "
                                                           "from each -o FILE's extension (.txt .json .html .xlsx .md "
                                                           ".xml), else table.",
                                                           show_default=False)] = None,
    output: Annotated[Optional[list[Path]], typer.Option("--output", "-o", metavar="FILE", help="Write the report to "
                                                         "this file instead of stdout; repeat for several formats "
                                                         "from one run.")] = None,
    lang: Annotated[Optional[Language], typer.Option("--lang", help="Language of the table, markdown, HTML and xlsx. "
                                                     "Default: th when LC_ALL/LANG starts with th, else en.",
                                                     show_default=False)] = None,
    calendar: Annotated[Calendar, typer.Option("--calendar", help="Dates in the Common Era or the Buddhist era "
                                               "(31 ต.ค. 2569).")] = Calendar.gregorian,
    no_github: Annotated[bool, typer.Option("--no-github", help="Under GitHub Actions, do not write the step "
                                            "summary or annotations.")] = False,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="error: exit 1 on missed error targets; warn: "
                                            "on missed warn targets too.")] = FailOn.error,
    family: Annotated[Optional[list[str]], typer.Option("--family", metavar="NAMES", help=FAMILY_HELP)] = None,
    strict_input: Annotated[bool, typer.Option("--strict-input", help="Exit 2 if any row is rejected or any "
                                               "file skipped.")] = False,
    year: Annotated[Optional[int], typer.Option("--year", metavar="YEAR", callback=_year,
                                                help="Year for exports whose dates omit it (e.g. TikTok's "
                                                "'July 1').")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")] = False,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help=EXCLUDE_HELP)] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help=FOLLOW_HELP)] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only rows on or after this "
                                                 "local date (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only rows on or before this "
                                                 "local date (YYYY-MM-DD).")] = None,
    last: Annotated[Optional[str], typer.Option("--last", metavar="N[dwmy]", help="Only the last 30d, 4w, 3m or 1y, "
                                                "ending on --until or the data's last date.")] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="PERIOD", help="A series per KPI: day, week, "
                                                  "month, quarter or year (local time, weeks start Monday).")] = None,
    by: Annotated[Optional[list[str]], typer.Option("--by", metavar="DIM", help="A value per group (repeatable, at "
                                                    "most 2): platform, content_type, campaign, influencer, channel, "
                                                    "assignee, status, weekday, hour.")] = None,
    compare: Annotated[Optional[str], typer.Option("--compare", metavar="WITH", help="previous (window), year "
                                                   "(same dates a year earlier) or FILE.json (an earlier report).")] = None,
) -> None:
    """Compute every KPI from export files and judge it against the targets.

    Targets come from targets.yaml: 'smkpi init' writes a commented one, and 'smkpi kpis' lists every
    KPI id with its unit, formula and default target.

    \b
    Examples:
      smkpi report exports/
      smkpi report exports/ --family engagement,sentiment --targets targets.yaml
      smkpi report exports/ --format json | jq '.kpis[] | select(.status == "fail")'

    \b
    targets.yaml for "comments per post >= 50" and "positive sentiment > 80 %":
      targets:
        engagement.comments_per_post: ">= 50"
        sentiment.positive_share: "> 80%"

    Exit code: 0 all targets met, 1 a target missed, 2 could not judge (bad usage, targets or input).
    """

    def run() -> int:
        plans = _output_plans(format, output, paths, targets)
        from .config import load_settings
        from .report import build_report

        settings = load_settings(_resolve_targets(targets), year=year)
        segmentation = _segmentation(since, until, last, period, by, compare)
        rep = build_report(_inputs(paths, exclude, follow_links), settings, family, strict_input=strict_input,
                           segmentation=segmentation)
        code = rep.exit_code(fail_on.value)
        if not quiet:
            from .render import render_notes

            render_notes(rep, _console(None, stderr=True))
        elif rep.loaded.errors:  # the reason for exit 2 is never hidden
            from .render import render_errors

            render_errors(rep, _console(None, stderr=True))
        _emit(rep, code, plans, lang, calendar, fail_on, no_github, paths)
        if rep.strict_error:  # after the report: the reason for exit 2 is the last line, never hidden
            _error_line(rep.strict_error)
        return code

    code = _guard(run)
    raise typer.Exit(code)


def _segmentation(since, until, last, period, by, compare):
    import datetime as dt

    from .errors import UsageError
    from .segment import Segmentation

    def date(option: str, text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise UsageError(f"{option} '{text}': not a date; write it as YYYY-MM-DD") from None

    return Segmentation(date("--since", since), date("--until", until), last,
                        period.strip().lower() if period else None,
                        tuple(d.strip().lower() for d in by or ()), compare)


@app.command()
def inspect(
    paths: Annotated[list[Path], typer.Argument(help="Export files and/or directories (searched recursively).",
                                                show_default=False, metavar="PATH")],
    targets: Annotated[Optional[Path], typer.Option("--targets", "-t", metavar="FILE", help="Targets file (its sources: rules "
                                                    "apply). Default: ./targets.yaml if it exists.")] = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="table for people, json for tools.")] = OutFormat.table,
    year: Annotated[Optional[int], typer.Option("--year", metavar="YEAR", callback=_year,
                                                help="Year for exports whose dates omit it.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help=EXCLUDE_HELP)] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", help=FOLLOW_HELP)] = False,
) -> None:
    """Show how each file is read: export format, encoding, header row, kind, platform, column mapping,
    unmapped columns, rows read / used / rejected with reasons.

    Example: smkpi inspect "Table data.csv" --format json
    """

    def run() -> int:
        from .config import load_settings
        from .inspect import inspect_paths, render_inspect

        doc = inspect_paths(_inputs(paths, exclude, follow_links), load_settings(_resolve_targets(targets), year=year))
        if format == OutFormat.json:
            from .jsonout import dumps

            sys.stdout.write(dumps(doc) + "\n")
        else:
            render_inspect(doc, _console(None))
        return EXIT_ERROR if doc["errors"] else 0  # a file that cannot be read: exit 2, the others shown

    raise typer.Exit(_guard(run))


@app.command()
def kpis(
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="table or json.")] = OutFormat.table,
    family: Annotated[Optional[list[str]], typer.Option("--family", metavar="NAMES", help=FAMILY_HELP)] = None,
) -> None:
    """List the KPI catalogue: id, family, unit, formula, inputs, better direction, default target.

    The ids are the keys of targets: in targets.yaml ('smkpi init' writes a starter file).

    Example: smkpi kpis --family engagement,sentiment
    """

    def run() -> None:
        from .catalogue_doc import catalogue_rows, render_catalogue

        rows = catalogue_rows(family)
        if format == OutFormat.json:
            from .jsonout import dumps  # one JSON writer: finite numbers, file names made UTF-8-safe

            sys.stdout.write(dumps(rows) + "\n")
        else:
            render_catalogue(rows, _console(None))

    _guard(run)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to write targets.yaml.", metavar="FOLDER")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing targets.yaml.")] = False,
) -> None:
    """Write a commented starter targets.yaml (never overwrites without --force).

    Example: smkpi init . && $EDITOR targets.yaml
    """

    def run() -> None:
        from importlib.resources import files

        from .errors import UsageError

        dest = directory / "targets.yaml"
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"{directory}: not a directory")
        if dest.exists() and not force:
            raise UsageError(f"{dest}: already exists; use --force to overwrite it")
        directory.mkdir(parents=True, exist_ok=True)
        dest.write_text(files("smkpi").joinpath("starter_targets.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        from .fmt import safe

        sys.stderr.write(f"wrote {safe(dest)}\n")  # a folder name may hold ESC or BEL

    _guard(run)


def _output_plans(format, output, paths, targets) -> list:
    """(format, path or None) per output, checked before the (possibly long) load: -o over a file
    named on the command line or the targets file is refused now (the rest once the inputs are known)."""
    from .outputs.registry import plan
    from .outputs.write import check_outputs

    plans = plan(format.value if format else None, list(output or []))
    check_outputs([p for _, p in plans if p], [p for p in paths if p.is_file()], _resolve_targets(targets))
    return plans


def _emit(rep, code: int, plans: list, lang, calendar, fail_on, no_github: bool, paths) -> None:
    """Every output of the report, through the format registry (smkpi.outputs)."""
    from .i18n import Lang, default_lang
    from .outputs.emit import emit

    emit(rep, code, plans, lang=Lang(lang.value if lang else default_lang(), calendar.value),
         fail_on=fail_on.value, github_on=not no_github, arguments=list(paths), targets=rep.settings.source_path,
         stdout_console=lambda: _console(None))


def _usage_error(e: BaseException) -> bool:
    # Typer's parser errors (bad option, bad value, missing argument) are click UsageErrors; Typer
    # vendors click privately, so they are recognised by their class names, not imported.
    return any(c.__name__ == "UsageError" for c in type(e).__mro__) and hasattr(e, "format_message")


def main() -> None:
    """Console entry point: like ``app()``, but a usage error is one line on stderr and exit 2."""
    from typer.main import get_command

    from .fmt import safe

    command = get_command(app)
    try:
        code = command.main(prog_name="smkpi", standalone_mode=False)
    except Exception as e:
        if not _usage_error(e):
            raise
        if type(e).__name__ == "NoArgsIsHelpError":  # bare `smkpi`: the help is the answer
            sys.stdout.write(e.format_message() + "\n")
            sys.exit(EXIT_ERROR)
        where = getattr(getattr(e, "ctx", None), "command_path", None) or "smkpi"
        message = e.format_message().replace("Value error, ", "")
        sys.stderr.write(f"smkpi: error: {safe(message)} (see '{where} --help')\n")
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
