"""Load export files into one typed, de-duplicated frame per kind, with full row accounting.

For every file: rows read = rows used + rows rejected + duplicates dropped. Nothing is dropped or
zeroed silently: a row with an unreadable cell is rejected with a reason, and the first few row
numbers of each reason are kept for the report.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from .config import Settings, SourceRule
from .derive import derive
from .discover import Skipped, discover
from .errors import InputError, UsageError
from .kinds import KINDS, ColType, kind_from_name, name_words, normalize_header
from .csvcheck import locate_problem
from .dedup import last_of_each_key
from .exportinfo import adjust, describe
from .followers import assign_series
from .formats.plan import Plan, plan_file
from .readers import DATA_SUFFIXES, PRE_REASON, SRC_ROW, RawTable, read_raw
from .values import Stager, parse_column, parse_csat, parse_datetime, parse_read_number, range_reasons, read_number_text

PLATFORM_WORDS = {
    "facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "twitter": "x", "x": "x", "youtube": "youtube", "yt": "youtube",
    "linkedin": "linkedin", "line": "line", "shopee": "shopee", "lazada": "lazada",
}
# Internal columns: names no export uses (a file may well have a column called "_row").
ROW, REASON, BAD, FILE, KEEP = "__smkpi_row", "__smkpi_reason", "__smkpi_bad", "__smkpi_file", "__smkpi_keep"
BLANK = "__smkpi_blank"
NUMERIC = (ColType.COUNT, ColType.MONEY, ColType.NUMBER)
EXAMPLE_ROWS = 5  # row numbers kept per rejection reason
FUTURE_SLACK = dt.timedelta(days=1)  # clocks and timezones differ; a day ahead is not "the future" yet
# No export holds earlier dates: before this they are placeholders (1970-01-01, 0001-01-01, 1900-01-01).
EARLIEST = dt.datetime(1971, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class Problem:
    reason: str
    count: int
    rows: list[int]
    example: str | None = None

    def as_json(self) -> dict:
        return {"reason": self.reason, "count": self.count, "rows": self.rows, "example": self.example}


@dataclass
class InputFile:
    path: str
    kind: str
    format: str
    encoding: str = "utf-8"
    platform: str | None = None
    header_row: int = 1
    rows: int = 0
    used: int = 0
    rejected: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # file header -> canonical column
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    export: str | None = None  # the known export format (formats.specs), if recognised
    sheet: str | None = None
    currency: str | None = None  # the currency the file declares (smkpi.currency), None: not declared
    period: tuple[dt.date, dt.date] | None = None  # the period the export says it covers (formats.period)
    inferred: int | None = None  # sentiment labels the model gave (comments read with infer=True)

    def as_json(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "format": self.format, "platform": self.platform,
            "currency": self.currency,
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()} if self.period else None,
            "rows": self.rows, "used": self.used, "rejected": self.rejected, "duplicates": self.duplicates,
            "problems": [p.as_json() for p in self.problems], "unmapped": self.unmapped, "notes": self.notes,
            "inferred": self.inferred,
        }


@dataclass
class Dataset:
    kind: str
    rows: pl.DataFrame  # valid, typed rows with canonical + derived columns
    present: set[str]  # columns that at least one file supplied (or derived)
    keep: pl.Series | None = None  # false on the earlier copies of a duplicated row; None: no copies

    def lazy(self) -> pl.LazyFrame:
        """The de-duplicated rows, as a query: dropping the copies costs nothing until it runs."""
        if self.keep is None:
            return self.rows.lazy()
        return self.rows.with_columns(self.keep.alias(KEEP)).lazy().filter(pl.col(KEEP)).drop(KEEP)

    @cached_property
    def frame(self) -> pl.DataFrame:
        """The de-duplicated rows (a copy of the kept ones, made on first use)."""
        return self.rows if self.keep is None else self.lazy().collect()


@dataclass
class Loaded:
    datasets: dict[str, Dataset]
    inputs: list[InputFile]
    skipped: list[Skipped]


def rule_for(path: Path, rules: list[SourceRule]) -> SourceRule | None:
    """The first ``sources:`` rule whose glob matches the path (or the file name)."""
    for r in rules:
        if fnmatch.fnmatch(str(path), r.match) or fnmatch.fnmatch(path.name, r.match) or path.match(r.match):
            return r
    return None


# --- one file -----------------------------------------------------------------------------
def _platform_from_name(path: Path) -> str | None:
    for w in name_words(path.stem):
        if w in PLATFORM_WORDS:
            return PLATFORM_WORDS[w]
    return None


def _blank(cells: pl.DataFrame) -> pl.Series:
    """Which rows are blank: every cell empty or white space."""
    return cells.select(pl.all_horizontal([
        (pl.col(c).is_null() | pl.col(c).cast(pl.String).str.contains(r"^\s*$")) for c in cells.columns
    ])).to_series()


def read_types(raw: RawTable, plan: Plan, kind: str) -> dict[str, pl.DataType]:
    """Numeric columns the CSV reader can type itself ({file header: Float64}), or {} for none.

    Only for plain columns (no format hint) of a file read as it is (no rows dropped by the format),
    and only when every such cell in the file's head and tail samples reads as a number: a file
    with "1,234" or "N/A" is read as text from the start rather than failing a typed read first.
    """
    if raw.typed is None or plan.frame is not raw.frame or plan.hints:
        return {}
    numeric = {c.name for c in KINDS[kind].columns if c.type in NUMERIC}
    heads = [h for h, c in plan.mapping.items() if c in numeric]
    out: dict[str, pl.DataType] = {}
    for h in heads:
        i = raw.columns.index(h)
        cells = pl.Series([r[i] for r in raw.sample if i < len(r) and r[i] != ""], dtype=pl.String)
        if cells.cast(pl.Float64, strict=False).null_count() == 0:
            out[h] = pl.Float64
    return out


def _numbered(frame: pl.LazyFrame, raw: RawTable) -> pl.LazyFrame:
    """``frame`` with ROW: each row's number in the file, as messages give it ("row 7")."""
    if SRC_ROW in frame.collect_schema().names():
        return frame.rename({SRC_ROW: ROW})
    return frame.with_row_index(ROW, offset=raw.first_data_row)


def _typed(raw: RawTable, frame: pl.LazyFrame, kind_name: str, mapping: dict[str, str], settings: Settings,
           influencer_file: bool, platform: str | None, plan: Plan) -> tuple[pl.LazyFrame, set[str]]:
    """Typed canonical columns + ROW + REASON (why the row is rejected) + BAD (the offending cell).

    ``frame`` is the file's cells: text, or Float64 where the reader typed a numeric column.
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
    cells = [c for c in raw_cols if c not in (PRE_REASON, SRC_ROW)]
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
            empty.append(value.is_null())
        if col.type == ColType.DATETIME:
            checks.append((pl.when(value > now).then(pl.lit(f"{col.name} is in the future")), rawc))
            checks.append((pl.when(value < EARLIEST).then(pl.lit(f"{col.name} is before {EARLIEST.year}")), rawc))
        if col.required:
            checks.append((pl.when(value.is_null()).then(pl.lit(f"{col.name} is empty")), None))
    if influencer_file:
        checks.append((pl.when(values["influencer"].is_null()).then(pl.lit("influencer is empty in an influencer file")), None))
    if platform and "platform" not in present:
        values["platform"] = pl.lit(platform)
        present.add("platform")
    dtypes = {ColType.COUNT: pl.Int64, ColType.MONEY: pl.Float64, ColType.NUMBER: pl.Float64,
              ColType.BOOL: pl.Boolean, ColType.DATETIME: pl.Datetime("us", "UTC")}
    for col in kind.columns:
        if col.name not in values and col.type != ColType.CSAT:
            values[col.name] = pl.lit(None, dtype=dtypes.get(col.type, pl.String))
    numbered = _numbered(frame, raw)
    # The first failing check gives the reason and its own cell (none for "post_id is empty"): one
    # when/then chain, so the example can never come from a different check than the reason.
    reason, bad = pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.String)
    if checks:
        first = pl.when(checks[0][0].is_not_null())
        chain = first.then(checks[0][1].cast(pl.String) if checks[0][1] is not None else pl.lit(None, dtype=pl.String))
        for r, c in checks[1:]:
            chain = chain.when(r.is_not_null()).then(c.cast(pl.String) if c is not None else pl.lit(None, dtype=pl.String))
        reason, bad = pl.coalesce([r for r, _ in checks]), chain.otherwise(None)
    lf = stager.apply(numbered)
    if cells:
        # A blank line or all-empty record is not data: it is rejected as "row is empty" (see
        # _empty_rows). Checking every cell of every row for white space would copy every string,
        # and read columns no KPI needs. A blank row has no value in any column read here (empty
        # and white-space cells read as null), so only rows like that are flagged, to be checked
        # cell by cell after the read; there are none in most files.
        flag = pl.all_horizontal(empty) if empty else pl.lit(True)
        if PRE_REASON in raw_cols:  # the reader's own reason comes first
            flag = flag & pl.col(PRE_REASON).is_null()
        values[BLANK] = flag
    lf = lf.with_columns(**{REASON: reason, BAD: bad}, **values)
    keep = [ROW, REASON, BAD, *values]
    lf = lf.select(keep)
    lf, extra, derived = derive(kind_name, lf, present, settings)
    if extra:
        lf = lf.with_columns(pl.coalesce([pl.col(REASON), *extra]).alias(REASON))
    return lf, present | derived


def _problems(df: pl.DataFrame) -> list[Problem]:
    bad = df.filter(pl.col(REASON).is_not_null())
    if not bad.height:
        return []
    g = (bad.group_by(REASON, maintain_order=True)
         .agg(n=pl.len(), rows=pl.col(ROW).head(EXAMPLE_ROWS), example=pl.col(BAD).drop_nulls().first())
         .sort(["n", REASON], descending=[True, False]))
    return [Problem(r[REASON], r["n"], [int(x) for x in r["rows"]], r["example"]) for r in g.iter_rows(named=True)]


# --- everything -----------------------------------------------------------------------------
def load(paths: list[str | Path], settings: Settings, *, columns: dict[str, set[str]] | None = None,
         infer: bool = False, cells: bool = False, progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Read, type, account for and stack every data file under ``paths``.

    ``columns`` (kind -> canonical or derived names) limits each kind's typed frames to those
    columns; every cell is still checked, so row accounting is the same. None keeps every column.
    ``infer`` labels comments that have text and no sentiment (see smkpi.sentiment.fill; ``cells``
    also keeps their cells as written, ``progress`` is told how many texts are labelled).
    """
    files, skipped = discover(paths)
    inputs: list[InputFile] = []
    frames: list[pl.LazyFrame] = []
    presents: list[set[str]] = []
    raws: list[RawTable] = []
    text_frames: dict[int, Callable[[], pl.LazyFrame]] = {}  # typed reads, and how to read them as text
    typed_cols: dict[int, dict[str, str]] = {}  # typed reads: canonical -> header typed
    texts: dict[int, tuple[pl.LazyFrame, RawTable]] = {}  # every file's cells as text
    for path in files:
        rule = rule_for(path, settings.sources)
        raw = read_raw(path, rule.sheet if rule else None, rule.encoding if rule else None)
        plan = plan_file(raw, path, rule, settings, *kind_from_name(path.stem), _platform_from_name(path))
        if plan.skip:
            skipped.append(Skipped(str(path), plan.skip))
            continue
        mapping, kind, influencer = plan.mapping, plan.kind, plan.influencer
        canon = set(mapping.values())
        if kind is None:
            skipped.append(Skipped(str(path), "no known kind: the name has no kind word (posts, comments, ads, "
                                              "sessions, tickets, kb, followers, influencer) and the columns match none"))
            continue
        missing = [c for c in KINDS[kind].required if c not in canon]
        if influencer and "influencer" not in canon:
            missing.append("influencer")
        if missing:
            raise InputError(f"{path}: a {kind} file needs column(s) {', '.join(missing)}; found "
                             f"{', '.join(raw.columns[:12]) or 'no columns'} — rename the header or map it under "
                             f"sources: in targets.yaml")
        dup = _duplicate_headers(raw.columns, mapping)
        if dup:
            raise InputError(f"{path}: {dup}")
        platform = plan.platform
        export = describe(raw, plan, settings)  # declared currency and period; blank-means-zero columns

        def build(frame: pl.LazyFrame, raw=raw, kind=kind, mapping=mapping, influencer=influencer,
                  platform=platform, plan=plan, export=export) -> tuple[pl.LazyFrame, set[str]]:
            lf, present = _typed(raw, frame, kind, mapping, settings, influencer, platform, plan)
            lf = adjust(lf, export, settings, kind)
            if columns is not None:
                # Text no KPI reads is never parsed or held in memory (it has no reasons to check).
                keep = columns.get(kind, set())
                lf = lf.select([c for c in lf.collect_schema().names() if c.startswith("__smkpi_") or c in keep])
            return lf, present

        types = read_types(raw, plan, kind)
        lf, present = build(raw.typed(types) if types else plan.frame)
        if types:
            text_frames[len(frames)] = lambda build=build, frame=plan.frame: build(frame)[0]
            typed_cols[len(frames)] = {mapping[h]: h for h in types}
        texts[len(frames)] = (plan.frame, raw)
        frames.append(lf)
        presents.append(present)
        raws.append(raw)
        inputs.append(InputFile(
            str(path), "influencer" if influencer else kind, raw.format, raw.encoding,
            platform if "platform" not in canon else None, raw.header_row,
            mapping=mapping, unmapped=[c for c in raw.columns if c not in mapping],
            notes=[*raw.notes, *plan.notes, *export.notes],
            export=plan.spec.name if plan.spec else None, sheet=raw.sheet, currency=export.currency, period=export.period,
        ))
    try:
        # Streaming: parse steps are held per batch, not for the whole file (a third less memory).
        collected = pl.collect_all(frames, engine="streaming")
    except pl.exceptions.PolarsError as e:
        if not text_frames:
            raise InputError(_polars_read_error(e, inputs, raws)) from None
        # A typed read met a cell that is not a plain number (past the samples): read those files
        # as text, where such a cell rejects its row with a reason instead of failing the file.
        frames = [text_frames[i]() if i in text_frames else f for i, f in enumerate(frames)]
        typed_cols.clear()
        try:
            collected = pl.collect_all(frames, engine="streaming")
        except pl.exceptions.PolarsError as e:
            raise InputError(_polars_read_error(e, inputs, raws)) from None
    collected = [_empty_rows(df, *texts[i]) for i, df in enumerate(collected)]
    if infer:  # the one sentiment hook: label comment text before the files are stacked
        from .sentiment.fill import label_files

        collected = label_files(inputs, collected, presents, progress=progress,
                                cells=(lambda i: _numbered(*texts[i])) if cells else None)
    loaded = _stack(inputs, collected, presents, skipped, settings.timezone)
    for i, cols in typed_cols.items():
        _examples_as_written(loaded.inputs[i], *texts[i], cols)
    return loaded


def _empty_rows(df: pl.DataFrame, text: pl.LazyFrame, raw: RawTable) -> pl.DataFrame:
    """``df`` with its blank rows rejected as "row is empty", and without the BLANK flag.

    BLANK marks the rows that may be blank (no value in any column read); their every cell is
    read again as text here, so a row with only an unread column filled is not blank.
    """
    if BLANK not in df.columns:
        return df
    flagged = df.filter(pl.col(BLANK)).get_column(ROW)
    if flagged.len():
        cells = _cells_as_text(text, raw, flagged)
        blank = cells.filter(_blank(cells.drop(ROW, PRE_REASON, strict=False))).get_column(ROW)
        hit = pl.col(ROW).is_in(blank.implode())
        df = df.with_columns(pl.when(hit).then(pl.lit("row is empty")).otherwise(pl.col(REASON)).alias(REASON),
                             pl.when(hit).then(None).otherwise(pl.col(BAD)).alias(BAD))
    return df.drop(BLANK)


def _cells_as_text(text: pl.LazyFrame, raw: RawTable, rows: pl.Series, columns: list[str] | None = None) -> pl.DataFrame:
    """The cells of the file rows numbered ``rows`` (ROW) as text, read again: the rare rows that
    need a second look after the typed read (blank-row candidates, rejected typed numbers)."""
    lf = _numbered(text, raw).filter(pl.col(ROW).is_in(rows.implode()))
    return (lf.select(ROW, *columns) if columns is not None else lf).collect()


def _examples_as_written(info: InputFile, text: pl.LazyFrame, raw: RawTable, typed: dict[str, str]) -> None:
    """Replace the examples of rejected typed numbers ("1e400" read as inf) with the cells as written.

    Rare (rejected numbers only), so one more read of those columns as text costs nothing usually.
    """
    wanted = {p.rows[0]: typed[c] for p in info.problems if p.rows
              for c in typed if p.reason in range_reasons(c)}  # not "bounces is larger than sessions"
    if not wanted:
        return
    cells = _cells_as_text(text, raw, pl.Series(list(wanted), dtype=pl.Int64), sorted(set(wanted.values())))
    written = {(r[ROW], h): r[h] for r in cells.iter_rows(named=True) for h in cells.columns if h != ROW}
    for p in info.problems:
        if p.rows and p.rows[0] in wanted:
            p.example = written.get((p.rows[0], wanted[p.rows[0]]), p.example)


def _duplicate_headers(headers: list[str], mapping: dict[str, str]) -> str | None:
    seen: dict[str, str] = {}
    for h in headers:
        n = normalize_header(h.split("_duplicated_")[0])
        if n in seen and (n in mapping.values() or h in mapping):
            return f"column '{h}' appears twice in the header; rename or delete one"
        seen[n] = h
    return None


def _polars_read_error(e: Exception, inputs: list[InputFile], raws: list[RawTable]) -> str:
    # collect_all does not say which file failed: find it, and its line, on this error path only.
    for info, raw in zip(inputs, raws):
        if raw.format == "csv" and raw.separator:
            where = locate_problem(info.path, raw.separator, raw.encoding, raw.header_row - 1)
            if where:
                return where
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    hint = "" if "fields" not in msg else " (a row has more fields than the header: check quotes and separators)"
    names = ", ".join(i.path for i in inputs[:3])
    return f"{names}: cannot read: {msg}{hint}"


def _stack(inputs: list[InputFile], collected: list[pl.DataFrame], presents: list[set[str]],
           skipped: list[Skipped], tz: str = "UTC") -> Loaded:
    by_kind: dict[str, list[tuple[int, pl.DataFrame]]] = {}
    present_by_kind: dict[str, set[str]] = {}
    for i, (info, present) in enumerate(zip(inputs, presents)):
        df, collected[i] = collected[i], None  # hold each file's rows once: the stacked copy replaces them
        info.rows = df.height
        info.problems = _problems(df)
        info.rejected = sum(p.count for p in info.problems)
        kind = "posts" if info.kind == "influencer" else info.kind
        valid = df.filter(pl.col(REASON).is_null()) if info.rejected else df  # a filter copies every column
        valid = valid.drop([REASON, BAD]).with_columns(pl.lit(i).alias(FILE))
        by_kind.setdefault(kind, []).append((i, valid))
        present_by_kind.setdefault(kind, set()).update(present)
    datasets: dict[str, Dataset] = {}
    for kind, parts in by_kind.items():
        frame = pl.concat([df for _, df in parts], how="diagonal_relaxed")
        parts.clear()
        if kind == "followers":  # one account's series per part (smkpi.followers): never merged across accounts
            frame, notes = assign_series(frame, FILE, [f.path for f in inputs], tz)
            for f, ns in notes.items():
                inputs[f].notes += ns
        id_col = KINDS[kind].id_column
        if id_col and id_col in present_by_kind[kind]:
            # Only key columns the kind declares: tickets get a platform from a file name like
            # line_tickets.csv, but a ticket id is one ticket whichever file it came from.
            spec = KINDS[kind]
            key = [c for c in spec.row_key if spec.column(c) and c in frame.columns] + [id_col]
            # Later files (sorted by path, usually by export date) carry later totals: the last copy wins.
            keep_mask = last_of_each_key(frame, key) | frame.get_column(id_col).is_null()
            if not keep_mask.all():
                dropped = frame.select(pl.col(FILE).filter(~keep_mask)).group_by(FILE).len()
                for f, n in dropped.iter_rows():
                    inputs[f].duplicates = n
                # Not filtered here: a copy of every kept row would cost as much as the group-by.
                datasets[kind] = Dataset(kind, frame.drop(FILE, ROW), present_by_kind[kind], keep_mask)
                continue
        datasets[kind] = Dataset(kind, frame.drop(FILE, ROW), present_by_kind[kind])
    for info in inputs:
        info.used = info.rows - info.rejected - info.duplicates
    return Loaded(datasets, inputs, skipped)
