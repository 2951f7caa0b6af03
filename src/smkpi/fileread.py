"""One input file and its passes, in this order:

1. **detect** (:meth:`FileRead.detect`): read the header and samples (:func:`smkpi.readers.read_raw`),
   decide the export format, kind, platform and column mapping (:func:`smkpi.formats.plan.plan_file`),
   and which numeric columns the CSV reader may type itself (:func:`smkpi.typed.read_types`).
2. **read** (:meth:`FileRead.cells`): the file's cells as a lazy frame, each row numbered as in the
   file (ROW) and tagged with the file (FILE).
3. **type** (:class:`Stack`): files read alike (same kind, columns and parsers) are stacked into one
   query before any parsing, so a folder of 2,000 small exports is typed as one file, not 2,000.
4. **check** (:meth:`FileRead.check`): after the collect, rows flagged as maybe blank are read again
   as text; blank rows, bare separators (``,,,,``) and a lone notice ("No data available.") are
   counted as blank, not rejected.
5. **account** (:meth:`FileRead.account`): rows read = used + rejected + duplicates + blank; the
   rejected rows' reasons with their first row numbers and an example cell.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

import polars as pl

from . import typed
from .config import Settings, SourceRule
from .readers.csvcheck import locate_problem
from .errors import InputError
from .exportinfo import ExportInfo, adjust, describe
from .formats.plan import Plan, plan_file
from .kinds import KINDS, ColType, kind_from_name, name_words, normalize_header
from .loaded import BAD, BLANK, FILE, REASON, ROW, InputFile, Problem
from .readers import PRE_REASON, SRC_ROW, RawTable, read_raw
from .typed import NOTICE
from .values import range_reasons

PLATFORM_WORDS = {
    "facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
    "tiktok": "tiktok", "twitter": "x", "x": "x", "youtube": "youtube", "yt": "youtube",
    "linkedin": "linkedin", "line": "line", "shopee": "shopee", "lazada": "lazada",
}
EXAMPLE_ROWS = 5  # row numbers kept per rejection reason
EXAMPLE_CHARS = 80  # characters of a rejected cell quoted as the example
# An id as Excel shows a long number it saved as one: 1.221E+17, 1,22E+17 (a decimal comma).
SHORTENED_ID = re.compile(r"(?i)^\s*\d[.,]\d{1,14}E\+\d{1,3}\s*$")  # (?i) inline: Polars reads it too



def rule_for(path: Path, rules: list[SourceRule]) -> SourceRule | None:
    """The first ``sources:`` rule whose glob matches the path (or the file name)."""
    for r in rules:
        if fnmatch.fnmatch(str(path), r.match) or fnmatch.fnmatch(path.name, r.match) or path.match(r.match):
            return r
    return None


def _platform_from_name(path: Path) -> str | None:
    for w in name_words(path.stem):
        if w in PLATFORM_WORDS:
            return PLATFORM_WORDS[w]
    return None


def _segment_headers(headers: list[str], rule: SourceRule, notes: list[str]) -> dict[str, str]:
    """File header -> dimension for the ``segment:`` columns of ``rule`` (a note for a missing one)."""
    by_key = {normalize_header(h): h for h in headers}
    out = {}
    for wanted, name in rule.segment_names.items():
        h = by_key.get(normalize_header(wanted))
        if h is None:
            notes.append(f"segment column '{wanted}' (sources: {rule.match}) is not in this file")
        else:
            out[h] = name
    return out


def _header_hints(missing: list[str], headers: list[str], kind: str) -> str:
    """`` ('PostID' looks like post_id)``: headers not mapped that are, but for underscores or a
    letter or two, a missing required column or one of its aliases; else ``""``."""
    import difflib

    from .formats.aliases import ALIASES, header_key

    def squeeze(name: str) -> str:
        return header_key(name).replace("_", "")

    found = []
    for col in missing:
        names = {squeeze(a) for a in (col, *ALIASES.get(kind, {}).get(col, ()))}
        for h in headers[:200]:  # a spreadsheet bomb's 16,384 columns: the first are where headers are
            if squeeze(h) in names or difflib.get_close_matches(squeeze(h), names, n=1, cutoff=0.8):
                found.append(f"'{h}' looks like {col}")
                break
    return f" ({'; '.join(found)})" if found else ""


def _duplicate_headers(headers: list[str], mapping: dict[str, str]) -> str | None:
    seen: dict[str, str] = {}
    for h in headers:
        n = normalize_header(h.split("_duplicated_")[0])
        if n in seen and (n in mapping.values() or h in mapping):
            # Polars names the second "likes" "likes_duplicated_0": the message names the header as written.
            return f"column '{h.split('_duplicated_')[0]}' appears twice in the header; rename or delete one"
        seen[n] = h
    return None


def _numbered(frame: pl.LazyFrame, raw: RawTable, names: list[str] | None = None) -> pl.LazyFrame:
    """``frame`` with ROW: each row's number in the file, as messages give it ("row 7")."""
    if SRC_ROW in (names if names is not None else frame.collect_schema().names()):
        return frame.rename({SRC_ROW: ROW})
    return frame.with_row_index(ROW, offset=raw.first_data_row)


def _not_data(cells: pl.DataFrame) -> pl.Series:
    """Which rows are not data: every cell empty or white space, or one cell a notice and the rest empty."""
    empty = [(pl.col(c).is_null() | pl.col(c).cast(pl.String).str.contains(r"^\s*$")) for c in cells.columns]
    notice = [pl.col(c).cast(pl.String).str.contains(NOTICE).fill_null(False) for c in cells.columns]
    filled = pl.sum_horizontal([~e for e in empty]) if empty else pl.lit(0)
    return cells.select((filled == 0) | ((filled == 1) & pl.any_horizontal(notice))).to_series()


class FileRead:
    """One input file: its passes (see the module docstring) and, after them, its accounting."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path, self.settings = path, settings
        self.raw: RawTable | None = None
        self.plan: Plan | None = None
        self.info: InputFile | None = None
        self.skip: str | None = None  # why the file feeds nothing (listed as skipped)
        self.types: dict[str, pl.DataType] = {}  # headers the CSV reader types itself
        self.nulls: dict[str, str] = {}  # of those, the ones with a "no value" token it reads as null
        self.typed_read = False  # whether the frame collected was the typed one
        self.names: list[str] = []  # the columns of the file's frame (cells and the reader's own)
        self.export: ExportInfo | None = None  # declared currency and period; blank-means-zero columns

    # --- 1. detect ---------------------------------------------------------------------------
    def detect(self) -> None:
        """Read the header and samples and plan the file. Raises InputError if it cannot be read."""
        path, settings = self.path, self.settings
        rule = rule_for(path, settings.sources)
        raw = read_raw(path, rule.sheet if rule else None, rule.encoding if rule else None)
        plan = plan_file(raw, path, rule, settings, *kind_from_name(path.stem), _platform_from_name(path))
        if plan.skip:
            self.skip = plan.skip
            return
        if rule and rule.segment:  # text columns a sources: rule names as --by dimensions
            plan.mapping = {**plan.mapping, **_segment_headers(raw.columns, rule, plan.notes)}
        mapping, kind, influencer = plan.mapping, plan.kind, plan.influencer
        canon = set(mapping.values())
        if kind is None:
            self.skip = ("no known kind: the name has no kind word (posts, comments, ads, sessions, tickets, kb, "
                         "followers, influencer) and the columns match none")
            return
        missing = [c for c in KINDS[kind].required if c not in canon]
        if influencer and "influencer" not in canon:
            missing.append("influencer")
        if missing:
            hint = _header_hints(missing, [c for c in raw.columns if c not in mapping], kind)
            raise InputError(f"{path}: a {kind} file needs column(s) {', '.join(missing)}; found "
                             f"{', '.join(raw.columns[:12]) or 'no columns'} — rename the header{hint} or map it "
                             f"under sources: in targets.yaml")
        dup = _duplicate_headers(raw.columns, mapping)
        if dup:
            raise InputError(f"{path}: {dup}")
        self.raw, self.plan = raw, plan
        self.names = plan.frame.collect_schema().names()  # the typed frame has the same names
        self.types = typed.read_types(raw, plan, kind)
        self.nulls = typed.null_tokens(raw, self.types)
        self.export = export = describe(raw, plan, settings)
        self.info = InputFile(
            str(path), "influencer" if influencer else kind, raw.format, raw.encoding,
            plan.platform if "platform" not in canon else None, raw.header_row,
            mapping=mapping, unmapped=[c for c in raw.columns if c not in mapping],
            notes=[*raw.notes, *([] if plan.spec else raw.hints), *plan.notes, *export.notes],
            export=plan.spec.name if plan.spec else None, sheet=raw.sheet, currency=export.currency,
            period=export.period,
        )

    def signature(self) -> tuple:
        """Files with one signature are typed by one query: every input of :func:`typed.type_frame`."""
        p = self.plan
        return (p.kind, p.influencer, p.platform, tuple(p.mapping.items()), tuple(self.names),
                tuple((h, str(t)) for h, t in self.types.items()), tuple(self.nulls.items()),
                tuple((c, repr(h)) for c, h in p.hints.items()), tuple(p.date_formats), tuple(p.yearless), p.year,
                tuple((c, tuple(sorted(t.items()))) for c, t in sorted(p.traits.items())),
                self.export.zero, self.export.currency)

    def row_labels(self) -> frozenset[tuple] | None:
        """What the sampled rows are about, without their figures: their id, text and date cells
        (Google Ads: each campaign's name and status). Two downloads of one report have the same
        labels and other figures; two accounts' reports, other labels. None: the file has no such column."""
        kind = KINDS["posts" if self.plan.kind == "influencer" else self.plan.kind]
        at = [i for i, h in enumerate(self.raw.columns)
              if (c := kind.column(self.plan.mapping.get(h, ""))) and c.type in (ColType.ID, ColType.TEXT, ColType.DATETIME)]
        if not at:
            return None
        labels = (tuple(r[i].strip() if i < len(r) else "" for i in at) for r in self.raw.sample)
        return frozenset(t for t in labels if any(t))  # a blank line says nothing about the rows

    # --- 2. read -----------------------------------------------------------------------------
    def cells(self, index: int, typed_read: bool, tagged: bool = True) -> pl.LazyFrame:
        """The cells as text (or typed numbers, with ``typed_read``), with ROW and (``tagged``) FILE = ``index``."""
        self.typed_read = typed_read and bool(self.types)
        frame = _numbered(self.raw.typed(self.types, self.nulls) if self.typed_read else self.plan.frame, self.raw, self.names)
        # A stack of one file needs no tag to split it (a column of 8 bytes a row saved on big files).
        return frame.with_columns(pl.lit(index, dtype=pl.Int64).alias(FILE)) if tagged else frame

    def _text_rows(self, rows: pl.Series, columns: list[str] | None = None) -> pl.DataFrame:
        """The cells of the file rows numbered ``rows`` (ROW) as text, read again: the rare rows that
        need a second look after the typed read (blank-row candidates, rejected typed numbers)."""
        lf = _numbered(self.plan.frame, self.raw, self.names).filter(pl.col(ROW).is_in(rows.implode()))
        return (lf.select(ROW, *columns) if columns is not None else lf).collect()

    # --- 4. check ----------------------------------------------------------------------------
    def check(self, df: pl.DataFrame) -> pl.DataFrame:
        """``df`` with BLANK true on the rows that are not data, false elsewhere.

        BLANK marks the rows that may be blank (no value in any column read); their every cell is
        read again as text here, so a row with only an unread column filled is not blank.
        """
        if BLANK not in df.columns:
            return df.with_columns(pl.lit(False).alias(BLANK))
        if not df.get_column(BLANK).any():
            return df
        flagged = df.filter(pl.col(BLANK)).get_column(ROW)
        cells = self._text_rows(flagged)
        blank = cells.filter(_not_data(cells.drop(ROW, PRE_REASON, strict=False))).get_column(ROW)
        return df.with_columns(pl.col(ROW).is_in(blank.implode()).alias(BLANK))

    # --- 5. account --------------------------------------------------------------------------
    def account(self, df: pl.DataFrame) -> pl.DataFrame:
        """Count and explain ``df``'s rows in ``self.info``; returns the rows used (duplicates are
        dropped later, across files; REASON, BAD and BLANK are left for the caller to drop once).
        ``df`` must have been through :meth:`check`."""
        info = self.info
        info.rows = df.height
        not_data = df.get_column(BLANK)
        info.blank = int(not_data.sum())
        if info.blank:
            df = df.filter(~not_data)
        info.problems = _problems(df)
        info.rejected = sum(p.count for p in info.problems)
        if self.typed_read:
            self._examples_as_written()
        info.notes += self._shortened_ids(df)
        self.raw = self.plan = None  # done with the file: its reader (samples, query plans) is let go
        return df.filter(pl.col(REASON).is_null()) if info.rejected else df  # a filter copies every column

    def _shortened_ids(self, df: pl.DataFrame) -> list[str]:
        """A note when ids look like numbers a spreadsheet shortened (``1.221E+17``): such ids lost
        their last digits, so different posts share one and all but one are dropped as copies.
        Looked for in the whole column only when the samples show one (a regex over every id costs)."""
        spec = KINDS[self.plan.kind]
        col = spec.id_column
        header = next((h for h, c in self.plan.mapping.items() if c == col), None) if col else None
        if header is None or col not in df.columns or header not in self.raw.columns:
            return []
        at = self.raw.columns.index(header)
        if not any(at < len(r) and SHORTENED_ID.match(r[at] or "") for r in self.raw.sample):
            return []
        ids = df.get_column(col).cast(pl.String)
        hits = ids.filter(ids.str.contains(SHORTENED_ID.pattern))
        if not hits.len():
            return []
        return [f"{hits.len():,} {col} cell(s) look like numbers a spreadsheet shortened ({_cut(hits[0])}): they have "
                f"lost their last digits, so different rows can share one and be dropped as copies; export the "
                f"file again, or format the column as text before saving it"]

    def _examples_as_written(self) -> None:
        """Replace the examples of rejected typed numbers ("1e400" read as inf) with the cells as written.

        Rare (rejected numbers only), so one more read of those columns as text costs nothing usually.
        """
        typed_cols = {self.plan.mapping[h]: h for h in self.types}
        wanted = {p.rows[0]: typed_cols[c] for p in self.info.problems if p.rows
                  for c in typed_cols if p.reason in range_reasons(c)}  # not "bounces is larger than sessions"
        if not wanted:
            return
        cells = self._text_rows(pl.Series(list(wanted), dtype=pl.Int64), sorted(set(wanted.values())))
        written = {(r[ROW], h): r[h] for r in cells.iter_rows(named=True) for h in cells.columns if h != ROW}
        for p in self.info.problems:
            if p.rows and p.rows[0] in wanted:
                p.example = _cut(written.get((p.rows[0], wanted[p.rows[0]]), p.example))

    def read_error(self, e: Exception) -> str:
        """The one-line message for a collect that failed on this file (error path only)."""
        raw = self.raw
        if raw.format == "csv" and raw.separator:
            where = locate_problem(self.path, raw.separator, raw.encoding, raw.header_row - 1)
            if where:
                return where
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        hint = "" if "fields" not in msg else " (a row has more fields than the header: check quotes and separators)"
        return f"{self.path}: cannot read: {msg}{hint}"


def _problems(df: pl.DataFrame) -> list[Problem]:
    if df.get_column(REASON).null_count() == df.height:  # most files: no query at all
        return []
    bad = df.filter(pl.col(REASON).is_not_null())
    g = (bad.group_by(REASON, maintain_order=True)
         .agg(n=pl.len(), rows=pl.col(ROW).head(EXAMPLE_ROWS), example=pl.col(BAD).drop_nulls().first())
         .sort(["n", REASON], descending=[True, False]))
    return [Problem(r[REASON], r["n"], [int(x) for x in r["rows"]], _cut(r["example"])) for r in g.iter_rows(named=True)]


def _cut(example: str | None) -> str | None:
    """An example is a cell quoted in a message: a 5,000-digit cell is cut, never echoed whole."""
    return example if example is None or len(example) <= EXAMPLE_CHARS else example[:EXAMPLE_CHARS] + "…"


class Stack:
    """Files read alike (one :meth:`FileRead.signature`), typed by one query; step 3 of the passes."""

    def __init__(self, reads: list[tuple[int, FileRead]]) -> None:
        self.reads = reads  # (index in the load, file)
        self.present: set[str] = set()

    @property
    def typed(self) -> bool:
        return bool(self.reads[0][1].types)

    def query(self, typed_read: bool, settings: Settings, columns: dict[str, set[str]] | None) -> pl.LazyFrame:
        frames = [r.cells(i, typed_read, tagged=len(self.reads) > 1) for i, r in self.reads]
        frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical")
        plan = self.reads[0][1].plan
        lf, self.present = typed.type_frame(frame, plan.kind, plan.mapping, settings, plan.influencer,
                                            plan.platform, plan)
        lf = adjust(lf, self.reads[0][1].export, settings, plan.kind)  # blank-means-zero, currency rates
        if columns is not None:
            # Text no KPI reads is never parsed or held in memory (it has no reasons to check).
            keep = columns.get(plan.kind, set())
            lf = lf.select([c for c in lf.collect_schema().names() if c.startswith("__smkpi_") or c in keep])
        return lf

    def split(self, df: pl.DataFrame) -> list[tuple[int, FileRead, pl.DataFrame]]:
        """The collected rows of each file of the stack."""
        if len(self.reads) == 1:
            i, r = self.reads[0]
            return [(i, r, df)]
        parts = df.partition_by(FILE, maintain_order=True, as_dict=True)
        return [(i, r, parts.get((i,), df.clear())) for i, r in self.reads]


# Files per stacked query: planning a query over many sources grows faster than linearly.
STACK_FILES = 64


def stacks_of(reads: list[tuple[int, FileRead]]) -> list[Stack]:
    """The reads grouped by signature (at most STACK_FILES a stack), in the order of each group's first file."""
    groups: dict[tuple, list[tuple[int, FileRead]]] = {}
    for i, r in reads:
        groups.setdefault(r.signature(), []).append((i, r))
    return [Stack(g[k:k + STACK_FILES]) for g in groups.values() for k in range(0, len(g), STACK_FILES)]
