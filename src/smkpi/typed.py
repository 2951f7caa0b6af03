"""Type one stack of file rows: text cells in, typed canonical columns and a reason per row out.

:func:`type_frame` builds the query; it runs later, with every other file's, in one collect.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .config import Settings
from .derive import derive
from .formats.plan import Plan
from .kinds import KINDS, ColType
from .loaded import BAD, BLANK, FILE, REASON, ROW
from .readers import PRE_REASON, RawTable
from .dates import parse_datetime
from .values import NULL_RE, Stager, parse_column, parse_csat, parse_read_number, read_number_text

NUMERIC = (ColType.COUNT, ColType.MONEY, ColType.NUMBER)
FUTURE_SLACK = dt.timedelta(days=1)  # clocks and timezones differ; a day ahead is not "the future" yet
# No export holds earlier dates: before this they are placeholders (1970-01-01, 0001-01-01, 1900-01-01).
EARLIEST = dt.datetime(1971, 1, 1, tzinfo=dt.timezone.utc)
# A row whose only cell says the export is empty: Ads Manager's "No data available." for a range
# with no delivery. It is not data (counted as blank), not a row with missing values.
NOTICE = (r"(?i)^\s*(?:no data(?: available)?|there (?:is|are) no data(?: to (?:show|display))?|no results?(?: found)?)"
          r"\s*[.!]?\s*$")
_DTYPES = {ColType.COUNT: pl.Int64, ColType.MONEY: pl.Float64, ColType.NUMBER: pl.Float64,
           ColType.BOOL: pl.Boolean, ColType.DATETIME: pl.Datetime("us", "UTC")}


def read_types(raw: RawTable, plan: Plan, kind: str) -> dict[str, pl.DataType]:
    """Numeric columns the CSV reader can type itself ({file header: Float64}), or {} for none.

    Only for plain columns (no format hint) of a file read as it is (no rows dropped by the format),
    and only when every such cell in the file's head and tail samples reads as a number, or is one
    bare "no value" token (see :func:`null_tokens`): a file with "1,234" is read as text from the
    start rather than failing a typed read first.
    """
    if raw.typed is None or plan.frame is not raw.frame or plan.hints:
        return {}
    numeric = {c.name for c in KINDS[kind].columns if c.type in NUMERIC}
    heads = [h for h, c in plan.mapping.items() if c in numeric]
    return {h: pl.Float64 for h in heads if _sampled(raw, h)[0]}


def null_tokens(raw: RawTable, types: dict[str, pl.DataType]) -> dict[str, str]:
    """{header: token} for the typed columns whose sampled cells that are not numbers are all one
    "no value" token, spelled exactly alike ("N/A"): the reader reads that spelling as null.

    The text path reads such a cell as empty too, so the values are the same; a cell with another
    spelling (" n/a", "-") past the samples fails the typed read, and the file is read as text.
    Not for the first three columns, where a summary row's label is looked for (a typed cell that
    holds a value is not a label, an empty one is passed over, and "N/A" is neither), nor for the
    last, whose emptiness tells the field check a row was cut short.
    """
    return {h: token for h in types if (token := _sampled(raw, h)[1])}


def _sampled(raw: RawTable, header: str) -> tuple[bool, str | None]:
    """(whether the reader can type ``header``'s sampled cells, the null token among them if any)."""
    i = raw.columns.index(header)
    cells = pl.Series([r[i] for r in raw.sample if i < len(r) and r[i] != ""], dtype=pl.String)
    others = cells.filter(cells.cast(pl.Float64, strict=False).is_null()).unique()
    if others.len() == 0:
        return True, None
    token_column = 3 <= i < len(raw.columns) - 1
    if token_column and others.len() == 1 and others.str.contains(NULL_RE).all() and not others.str.contains(r"\s").any():
        return True, others.item()
    return False, None


def type_frame(frame: pl.LazyFrame, kind_name: str, mapping: dict[str, str], settings: Settings,
               influencer_file: bool, platform: str | None, plan: Plan) -> tuple[pl.LazyFrame, set[str]]:
    """Typed canonical columns + ROW + FILE (when ``frame`` has it) + REASON (why the row is rejected) + BAD (the offending
    cell) + BLANK (the row may be blank: see :mod:`smkpi.fileread`), and the columns present.

    ``frame`` is the cells of one or more files read alike (text, or Float64 where the reader
    typed a numeric column), with ROW and FILE already set.
    """
    kind = KINDS[kind_name]
    by_canon = {v: k for k, v in mapping.items()}
    present = set(by_canon)
    tz = settings.timezone
    date_formats = plan.date_formats
    now = dt.datetime.now(dt.timezone.utc) + FUTURE_SLACK
    values: dict[str, pl.Expr] = {}
    checks: list[tuple[pl.Expr, pl.Expr | None]] = []  # (reason, offending cell)
    stager = Stager()  # each parsed number/date is computed once, as a column (see values.Stager)
    schema = frame.collect_schema()
    raw_cols = schema.names()
    if PRE_REASON in raw_cols:
        checks.append((pl.col(PRE_REASON), None))
    cells = [c for c in raw_cols if not c.startswith("__smkpi_")]
    empty: list[pl.Expr] = []  # true on every blank row (see BLANK below)
    for col in kind.columns:
        src = by_canon.get(col.name)
        if src is None:
            if col.type == ColType.CSAT:
                values["csat_score"] = pl.lit(None, dtype=pl.Float64)
                values["csat_good"] = pl.lit(None, dtype=pl.Boolean)
            continue
        rawc = pl.col(src)
        if col.type == ColType.CSAT:
            score, good, reason = parse_csat(rawc, col.name, stager.for_column(col.name))
            values["csat_score"], values["csat_good"] = score, good
            checks.append((reason, rawc))
            empty.append(score.is_null() & good.is_null())
            continue
        step = stager.for_column(col.name)
        if col.name in plan.hints:
            value, reason = plan.parse(col.name, by_canon)
        elif schema[src] == pl.Float64:
            value, reason = parse_read_number(rawc, col.name, whole=col.type == ColType.COUNT)
            rawc = read_number_text(pl.when(reason.is_not_null()).then(rawc))  # formats rejected cells only
        elif col.type == ColType.DATETIME:
            value, reason = parse_datetime(rawc, col.name, tz, date_formats, step, yearless=plan.yearless,
                                           year=plan.year, **plan.traits.get(col.name, {}))
        else:
            value, reason = parse_column(rawc, col.name, col.type, tz, date_formats, step)
        if col.type != ColType.ID and col.type != ColType.TEXT:
            value = step("value", value)  # read again by the checks below and by derive()
        values[col.name] = value
        if col.name in plan.hints or col.type not in (ColType.ID, ColType.TEXT):  # text is never unreadable
            checks.append((reason, rawc))
        if col.name not in plan.hints and col.type != ColType.TEXT:  # free text: cleaning it costs the most
            # An id cell holding a notice ("No data available.") may still be a row that is not data.
            empty.append(value.is_null() | value.str.contains(NOTICE) if col.type == ColType.ID else value.is_null())
        if col.type == ColType.DATETIME:
            checks.append((pl.when(value > now).then(pl.lit(f"{col.name} is in the future")), rawc))
            checks.append((pl.when(value < EARLIEST).then(pl.lit(f"{col.name} is before {EARLIEST.year}")), rawc))
        if col.required:
            checks.append((pl.when(value.is_null()).then(pl.lit(f"{col.name} is empty")), None))
    for src, name in mapping.items():
        if kind.column(name) is None:  # a segment column from a sources: rule: text, never rejected
            values[name] = parse_column(pl.col(src), name, ColType.TEXT, tz)[0]
    if influencer_file:
        checks.append((pl.when(values["influencer"].is_null()).then(pl.lit("influencer is empty in an influencer file")), None))
    if platform and "platform" not in present:
        values["platform"] = pl.lit(platform)
        present.add("platform")
    for col in kind.columns:
        if col.name not in values and col.type != ColType.CSAT:
            values[col.name] = pl.lit(None, dtype=_DTYPES.get(col.type, pl.String))
    # The first failing check gives the reason and its own cell (none for "post_id is empty"): one
    # when/then chain, so the example can never come from a different check than the reason.
    reason, bad = pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.String)
    if checks:
        first = pl.when(checks[0][0].is_not_null())
        chain = first.then(checks[0][1].cast(pl.String) if checks[0][1] is not None else pl.lit(None, dtype=pl.String))
        for r, c in checks[1:]:
            chain = chain.when(r.is_not_null()).then(c.cast(pl.String) if c is not None else pl.lit(None, dtype=pl.String))
        reason, bad = pl.coalesce([r for r, _ in checks]), chain.otherwise(None)
    lf = stager.apply(frame)
    if cells:
        # A blank line or all-empty record is not data (see fileread.blank_rows). Checking every
        # cell of every row for white space would copy every string, and read columns no KPI
        # needs. A blank row has no value in any column read here (empty and white-space cells
        # read as null), so only rows like that are flagged, to be checked cell by cell after
        # the read; there are none in most files.
        flag = pl.all_horizontal(empty) if empty else pl.lit(True)
        if PRE_REASON in raw_cols:  # the reader's own reason comes first
            flag = flag & pl.col(PRE_REASON).is_null()
        values[BLANK] = flag
    lf = lf.with_columns(**{REASON: reason, BAD: bad}, **values)
    lf = lf.select(ROW, *([FILE] if FILE in raw_cols else []), REASON, BAD, *values)
    lf, extra, derived = derive(kind_name, lf, present, settings)
    if extra:
        lf = lf.with_columns(pl.coalesce([pl.col(REASON), *extra]).alias(REASON))
    return lf, present | derived
