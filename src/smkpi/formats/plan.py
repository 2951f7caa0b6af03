"""How one file is read: its export format, kind, platform, column mapping and value parsers.

The loader asks :func:`plan_file` once per file. Everything per-platform comes from the data in
:mod:`.specs` and :mod:`.aliases`; ``sources:`` rules in targets.yaml override each part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..config import Settings, SourceRule
from ..kinds import KINDS, no_kind_reason, supports, unsupported_reason
from ..readers import SUMMARY
from ..values import date_traits, parse_hours, parse_number, parse_tag_flag
from .aliases import alias_mapping, header_key
from .detect import period_year
from .period import is_ga4_preamble
from .semantics import place_years, platform_from_folders, unknown_platform_note
from .specs import BY_NAME, FormatSpec, Hint, detect_spec, metric_of

KEEP = "__smkpi_keep_row"


@dataclass
class Plan:
    spec: FormatSpec | None
    kind: str | None
    influencer: bool
    platform: str | None
    mapping: dict[str, str]  # file header -> canonical column
    frame: pl.LazyFrame  # the raw frame without description rows
    hints: dict[str, tuple[Hint, str]] = field(default_factory=dict)  # canonical -> (hint, file header)
    date_formats: list[str] = field(default_factory=list)
    yearless: list[str] = field(default_factory=list)
    year: int | None = None
    notes: list[str] = field(default_factory=list)
    skip: str | None = None  # why the file feeds nothing (it is listed as skipped, not an error)
    traits: dict[str, dict[str, object]] = field(default_factory=dict)  # datetime column -> date spellings seen

    def parse(self, canon: str, by_canon: dict[str, str]) -> tuple[pl.Expr, pl.Expr]:
        """(value, reason) for a hinted canonical column (see :class:`.specs.Hint`)."""
        hint, src = self.hints[canon]
        raw = pl.col(src)
        none = pl.lit(None, dtype=pl.String)
        if hint.parse == "hours":
            return parse_hours(raw, canon)
        if hint.parse == "tags":
            return parse_tag_flag(raw, hint.words), none
        if hint.parse == "per_session":
            avg, reason = parse_number(raw, canon, whole=False)
            sessions = by_canon.get("sessions")
            n = parse_number(pl.col(sessions), "sessions", whole=True)[0] if sessions else pl.lit(1)
            return avg * n, reason
        raise ValueError(f"unknown hint {hint.parse}")  # pragma: no cover - specs are a closed table


def _find(headers: list[str], name: str) -> str | None:
    key = header_key(name)
    return next((h for h in headers if header_key(h) == key), None)


def _best_kind(headers: list[str], taken: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """The kind whose required columns all map and whose signature maps best (columns decide)."""
    best, best_score, best_map = None, (0, 0), taken
    for kind in KINDS.values():
        m = alias_mapping(headers, kind.name, taken)
        got = set(m.values())
        if not set(kind.required) <= got:
            continue
        score = (len(set(kind.signature) & got), len(got))
        if score[0] and score > best_score:
            best, best_score, best_map = kind.name, score, m
    return best, best_map


def plan_file(raw, path: Path, rule: SourceRule | None, settings: Settings, name_kind: str | None,
              name_influencer: bool, name_platform: str | None) -> Plan:
    """Decide how ``raw`` (a :class:`smkpi.readers.RawTable`) is read. ``rule`` overrides everything."""
    headers = raw.columns
    # config.SourceRule has already refused an unknown format name.
    spec = BY_NAME[rule.format] if rule and rule.format else detect_spec(headers)
    if spec is None and is_ga4_preamble(raw.preamble):  # a GA4 detail report: its preamble says so
        spec = BY_NAME["ga4"]
    notes: list[str] = []
    frame = raw.frame
    keep: pl.Expr | None = None  # the rows the format keeps (description rows dropped)
    taken: dict[str, str] = {}
    renames = {header_key(k): v for k, v in (rule.rename if rule else {}).items()}
    for h in headers:  # sources: renames beat everything
        if header_key(h) in renames and renames[header_key(h)] not in taken.values():
            taken[h] = renames[header_key(h)]
    kind = platform = None
    if spec is not None:
        # A header several platforms write claims none, unless a sources: rule names the format.
        kind, platform = spec.kind, (None if spec.platform_unknown and not (rule and rule.format) else spec.platform)
        if spec.metrics:
            metric, name = metric_of(spec, raw.preamble)
            if metric is None:
                skip = (f"{spec.label}: metric '{name or '?'}' feeds no KPI (only follower totals do)")
                return Plan(spec, None, False, None, {}, frame, notes=notes, skip=skip)
            kind, platform = metric.kind, metric.platform
            value_col = _find(headers, spec.value_column or "")
            if value_col and value_col not in taken:
                taken[value_col] = metric.column
            notes.append(f"metric '{name}' read as {metric.column}")
        for key, canon in spec.column_keys().items():
            h = next((x for x in headers if header_key(x) == key), None)
            if h is not None and h not in taken and canon not in taken.values():
                taken[h] = canon
        if spec.drop_rows:
            col = _find(headers, spec.drop_rows[0])
            if col is not None:
                keep = ~pl.col(col).str.contains(spec.drop_rows[1]).fill_null(False)
                frame = frame.filter(keep)
                notes.append("column-description rows under the header are dropped")
    influencer = from_name = False
    if rule and rule.kind:
        kind, influencer = ("posts", True) if rule.kind == "influencer" else (rule.kind, False)
    elif kind is None and name_kind:
        kind, influencer, from_name = name_kind, name_influencer, True
    elif kind == "posts" and name_influencer:
        influencer = True
    hints: dict[str, tuple[Hint, str]] = {}
    if spec is not None:
        for canon, hint in spec.hints.items():
            h = _find(headers, hint.header)
            if h is not None and h not in taken and canon not in taken.values():
                taken[h] = canon
                hints[canon] = (hint, h)
    if spec is not None and spec.unmapped:
        held = {header_key(u) for u in spec.unmapped}
        headers = [h for h in headers if header_key(h) not in held]
    if kind is None:
        kind, mapping = _best_kind(headers, taken)
        if kind is None:
            return Plan(spec, None, False, None, {}, frame, notes=notes, skip=no_kind_reason(path.stem))
    else:
        mapping = alias_mapping(headers, kind, taken)
        if from_name and not supports(kind, set(mapping.values())):  # a file name is a hint, not a verdict
            return Plan(spec, None, False, None, {}, frame, notes=notes, skip=unsupported_reason(kind, path.stem))
    if rule and rule.platform:
        platform = rule.platform
    elif not (spec and spec.metrics):
        # What the columns show first, then the path (see formats.semantics).
        platform = platform or name_platform or platform_from_folders(path)
        if platform is None and "platform" not in mapping.values() and (
                (spec is not None and spec.platform_unknown) or kind == "followers"):
            notes.append(unknown_platform_note(spec.label if spec is not None else None))
    date_formats = list(spec.date_formats) if spec else []
    yearless = list(spec.yearless_formats) if spec else []
    if rule and rule.date_format:
        (date_formats if re.search(r"%[YyGC]", rule.date_format) else yearless).insert(0, rule.date_format)
    year = None
    dated = [h for h, c in mapping.items() if c in _date_columns(kind)]
    if yearless and dated:
        year, source = _year(rule, settings, raw.preamble, path)
        placed = place_years(frame, dated, yearless, year, source, settings.timezone)
        if placed is not None:  # each date gets its year (formats.yearless); the layouts then read it
            frame, layouts, placed_notes = placed
            date_formats, yearless, year = [*layouts, *date_formats], [], None
            notes += placed_notes
        elif year is None:
            notes.append("dates have no year and none was given: those rows are rejected; pass --year or set "
                         "year: under sources:")
        else:
            notes.append(f"dates have no year: read in {year} ({source})")
    traits = _date_traits(raw, frame, keep, {h: c for h, c in mapping.items() if c in _date_columns(kind)})
    if rule and rule.date_format:
        for t in traits.values():
            t["slashed"] = False  # the user named the layout: a hint to name one would mislead
    return Plan(spec, kind, influencer, platform, mapping, frame, hints, date_formats, yearless, year, notes,
                traits=traits)


SAMPLE_ROWS = 200


def _date_traits(raw, frame: pl.LazyFrame, keep: pl.Expr | None,
                 columns: dict[str, str]) -> dict[str, dict[str, object]]:
    """Optional date spellings (Buddhist-era years, "18:00 +0000") seen in the first rows of each
    datetime column: only those columns pay for parsing them."""
    if not columns:
        return {}
    try:
        if raw.head is None:
            head = frame.select(list(columns)).head(SAMPLE_ROWS).collect()
        else:
            # The first rows of ``frame`` without a query over the whole file: read the first n
            # rows, drop what ``frame`` drops, and read more only when too few are left.
            n = 2 * SAMPLE_ROWS
            while True:
                lf = raw.head(n).with_columns(keep.alias(KEEP) if keep is not None else pl.lit(True).alias(KEEP))
                got = lf.select(*columns, SUMMARY, KEEP).collect()
                head = got.filter(~pl.col(SUMMARY) & pl.col(KEEP)).head(SAMPLE_ROWS)
                if head.height == SAMPLE_ROWS or got.height < n:
                    break
                n *= 4
    except pl.exceptions.PolarsError:
        return {}  # the loader reports an unreadable file when it collects everything
    return {c: date_traits(head[h].cast(pl.String).to_list()) for h, c in columns.items()}


def _date_columns(kind: str | None) -> list[str]:
    from ..kinds import ColType

    return [c.name for c in KINDS[kind].columns if c.type == ColType.DATETIME] if kind in KINDS else []


def _year(rule: SourceRule | None, settings: Settings, preamble: list[str], path: Path) -> tuple[int | None, str]:
    if rule and rule.year:
        return rule.year, f"year: under sources: for {rule.match}"
    if settings.year:
        return settings.year, "from --year"
    y = period_year(preamble, path.name)
    return (y, "from the file's period") if y else (None, "")
