"""Command line: option wiring over the library. load → compute → evaluate → render, errors → exit codes.

Heavy modules (polars, the catalogue) are imported inside commands so ``smkpi --help`` stays fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .clirun import EXIT_ERROR, console as _console, error_line as _error_line, guard as _guard

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

    from .dates import ce_year

    last = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).year  # dates in the future are rejected
    if value is not None and ce_year(value) is not None:
        value = ce_year(value)  # as --since 2569-10-01 is read (the help says so; no year of data is 2569)
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


# Options several commands share (sqlite-utils style): one definition, one help text.
Paths = Annotated[list[Path], typer.Argument(help="Export files and/or directories (searched recursively).",
                                             show_default=False, metavar="PATH")]
Targets = Annotated[Optional[Path], typer.Option("--targets", "-t", metavar="FILE", help="Targets file (its sources: "
                                                 "rules apply too). Default: ./targets.yaml if it exists, else the "
                                                 "built-in defaults.")]
Year = Annotated[Optional[int], typer.Option("--year", metavar="YEAR", callback=_year,
                                             help="Year for exports whose dates omit it (e.g. TikTok's 'July 1'); a "
                                             "Buddhist-era year (2569) is read as CE.")]
Exclude = Annotated[Optional[list[str]], typer.Option("--exclude", metavar="GLOB", help=EXCLUDE_HELP)]
FollowLinks = Annotated[bool, typer.Option("--follow-links", help=FOLLOW_HELP)]


def _inputs(paths: list[Path], exclude: list[str] | None, follow_links: bool):
    from .discover import Inputs

    return Inputs(paths, exclude=exclude or (), follow_links=follow_links)


@app.command()
def report(
    paths: Paths,
    targets: Targets = None,
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
    year: Year = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr.")] = False,
    exclude: Exclude = None,
    follow_links: FollowLinks = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only rows on or after this "
                                                 "local date (YYYY-MM-DD; a Buddhist-era year, 2569, is read as CE).")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only rows on or before this "
                                                 "local date (YYYY-MM-DD; a Buddhist-era year is read as CE).")] = None,
    last: Annotated[Optional[str], typer.Option("--last", metavar="N[dwmy]", help="Only the last 30d, 4w, 3m or 1y, "
                                                "ending on --until or the data's last date.")] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="PERIOD", help="A series per KPI: day, week, "
                                                  "month, quarter or year (local time, weeks start Monday).")] = None,
    by: Annotated[Optional[list[str]], typer.Option("--by", metavar="DIM", help="A value per group (repeatable, at "
                                                    "most 2): platform, content_type, campaign, influencer, channel, "
                                                    "assignee, status, weekday, hour.")] = None,
    compare: Annotated[Optional[str], typer.Option("--compare", metavar="WITH", help="previous (window), year "
                                                   "(same dates a year earlier) or FILE.json (an earlier report).")] = None,
    no_infer: Annotated[bool, typer.Option("--no-infer", help="Use only the sentiment labels in the files: do not "
                                           "label comment text with smkpi's model.")] = False,
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
        from .outputs.emit import plan_outputs

        plans = plan_outputs(format.value if format else None, output or [], paths, _resolve_targets(targets))
        from .config import load_settings
        from .report import build_report

        settings = load_settings(_resolve_targets(targets), year=year)
        from .segment import Segmentation

        segmentation = Segmentation.from_options(since, until, last, period, by, compare)
        rep = build_report(_inputs(paths, exclude, follow_links), settings, family, strict_input=strict_input,
                           segmentation=segmentation, infer=not no_infer)
        code = rep.exit_code(fail_on.value)
        if not quiet:
            from .render import render_notes

            render_notes(rep, _console(None, stderr=True))
        elif rep.loaded.errors:  # the reason for exit 2 is never hidden
            from .render import render_errors

            render_errors(rep.loaded, _console(None, stderr=True))
        _emit(rep, code, plans, lang, calendar, fail_on, no_github, paths)
        if rep.strict_error:  # after the report: the reason for exit 2 is the last line, never hidden
            _error_line(rep.strict_error)
        return code

    code = _guard(run)
    raise typer.Exit(code)


class SentimentFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command()
def sentiment(
    paths: Annotated[list[Path], typer.Argument(help="Comments files and/or directories (searched recursively).",
                                                show_default=False, metavar="PATH")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write here instead of "
                                                   "stdout (a .csv gets a BOM, for Excel).")] = None,
    format: Annotated[Optional[SentimentFormat], typer.Option("--format", "-f", help="csv, jsonl, json or table. "
                                                              "Default: from the -o suffix, else csv.")] = None,
    targets: Targets = None,
    year: Year = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes or progress on stderr.")] = False,
    exclude: Exclude = None,
    follow_links: FollowLinks = False,
) -> None:
    """Label each comment positive / negative / neutral from its text (offline: Thai and English).

    Writes one row per comment that `report` uses: id, sentiment, sentiment_score (confidence 0-1),
    sentiment_source (label: from the file, kept; model: inferred), then the file's columns. Correct
    labels in a spreadsheet and feed the file back to `report`: a label in the file always wins.

    Example: smkpi sentiment comments.csv -o labelled.csv
    """

    def run() -> None:
        from .config import load_settings
        from .sentiment.output import run as label

        label(_inputs(paths, exclude, follow_links), load_settings(_resolve_targets(targets), year=year),
              format.value if format else None, output, sys.stdout,
              None if quiet else _console(None, stderr=True), _console)

    _guard(run)


@app.command()
def inspect(
    paths: Paths,
    targets: Targets = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="table for people, json for tools.")] = OutFormat.table,
    year: Year = None,
    exclude: Exclude = None,
    follow_links: FollowLinks = False,
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
        from .fmt import safe
        from .starter import write_starter

        dest = write_starter(directory, force)
        sys.stderr.write(f"wrote {safe(dest)}\n")  # a folder name may hold ESC or BEL

    _guard(run)


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
