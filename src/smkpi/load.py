"""Load export files into one typed, de-duplicated frame per kind, with full row accounting.

For every file: rows read = rows used + rows rejected + duplicates dropped + blank rows. Nothing is
dropped or zeroed silently: a row with an unreadable cell is rejected with a reason, and the first
few row numbers of each reason are kept for the report. A file that cannot be read is listed in
``Loaded.errors`` with its one-line reason; the others are still read and reported.

Each file's passes (detect → read → type → check → account) live in :mod:`smkpi.fileread`; this
module finds the files, runs the passes over all of them (files read alike are stacked and typed
as one, and the queries are collected in batches) and stacks each kind's rows, de-duplicated.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from pathlib import Path

import polars as pl

from .config import Settings
from .currency import MONEY_COLUMNS, effective_currencies, effective_currency
from .discover import copies, discover, download_name
from .dedup import last_of_each_key
from .errors import InputError, NoFileReadable
from .followers import assign_series
from .fileread import EXAMPLE_ROWS, FileRead, Stack, _numbered, _problems, rule_for, stacks_of  # noqa: F401 (rule_for: public)
from .kinds import KINDS
from .readers.base import READ_FAILURES
from .loaded import (BAD, BLANK, CURRENCY, DECLARED_FROM, DECLARED_TO, FILE, KEEP, REASON, ROW, Dataset,  # noqa: F401
                     InputFile, Loaded, Problem, Skipped)
from .vocabulary import canonical
from .typed import EARLIEST, FUTURE_SLACK, read_types  # noqa: F401 (kept importable from here)

# Queries collected together: enough to keep both cores busy, few enough that a folder of many
# files of different shapes never holds thousands of query plans and their buffers at once.
BATCH = 16
# Count totals at or above this cannot be summed exactly in a 64-bit integer (with room for the
# few columns a KPI adds row by row, likes + comments + shares): the KPI gives no value instead.
SUM_LIMIT = 2.0**61


# --- everything -----------------------------------------------------------------------------
def load(paths: list[str | Path], settings: Settings, *, columns: dict[str, set[str]] | None = None,
         infer: bool = False, cells: bool = False, progress: Callable[[int, int], None] | None = None) -> Loaded:
    """Read, type, account for and stack every data file under ``paths``.

    ``columns`` (kind -> canonical or derived names) limits each kind's typed frames to those
    columns; every cell is still checked, so row accounting is the same. None keeps every column.
    ``infer`` labels comments that have text and no sentiment (see smkpi.sentiment.fill; ``cells``
    also keeps their cells as written, ``progress`` is told how many texts are labelled).
    A file that cannot be read is listed in ``errors``; when no file can be read,
    :class:`~smkpi.errors.NoFileReadable` (an InputError) is raised with every file's message.
    """
    files, skipped = discover(paths)
    errors: list[tuple[int, Skipped, str]] = []  # (file order, entry, message)
    reads: list[tuple[int, FileRead]] = []
    for n, (read, message) in enumerate(_detected(files, settings)):
        if message is not None:
            errors.append((n, _error(read.path, message), message))
        elif read.skip:
            skipped.append(Skipped(str(read.path), read.skip))
        else:
            reads.append((n, read))
    # One download saved twice ("Campaign report (1).csv"): read once, or an export without ids
    # (Google Ads, GA4) would count twice. The same bytes read the same way: the same plan (a name
    # can say the platform), sheet and sources: rule.
    by_path = {read.path: read for _, read in reads}
    twice = copies(list(by_path), lambda f: (by_path[f].signature(), by_path[f].info.sheet,
                                             repr(rule_for(f, settings.sources))))
    for f, first in twice.items():
        skipped.append(Skipped(str(f), f"the same bytes as {first}: one download saved twice is read once "
                                       f"(its rows would count twice)"))
    reads = [(n, read) for n, read in reads if read.path not in twice]
    earlier, alike = _earlier_downloads([read for _, read in reads], settings)
    for f, latest in earlier.items():
        skipped.append(Skipped(str(f), EARLIER_DOWNLOAD.format(latest=latest, period=_period_text(by_path[f].info.period))))
    for f, other in alike.items():
        by_path[f].info.notes.append(MAYBE_EARLIER.format(other=other.name))
    reads = [(n, read) for n, read in reads if read.path not in earlier]
    done: dict[int, tuple[FileRead, pl.DataFrame]] = {}
    presents: dict[int, set[str]] = {}
    for n, read, df, message in _collect(stacks_of(reads), settings, columns, presents):
        if message is not None:
            errors.append((n, _error(read.path, message), message))
        else:
            done[n] = (read, df)
    errors.sort(key=lambda e: e[0])
    if errors and not done:
        raise NoFileReadable([message for _, _, message in errors])
    order = sorted(done)
    inputs, frames = [], []
    money = [read.info for read, _ in done.values() if MONEY_COLUMNS & set(read.info.mapping.values())]
    mixed = len(effective_currencies(money, settings)) > 1
    for i, n in enumerate(order):
        read, df = done.pop(n)
        as_written = _numbered(read.plan.frame, read.raw, read.names) if infer and cells else None
        df = canonical(read.account(read.check(df)))  # one spelling per content type, whichever platform wrote it
        if infer:  # the one sentiment hook: label comment text before the files are stacked
            from .sentiment.fill import label_file

            df, presents[n] = label_file(i, read.info, df, presents[n], cells=as_written, progress=progress)
        if mixed and MONEY_COLUMNS & set(read.info.mapping.values()):  # several currencies: rows carry their file's
            df = df.with_columns(pl.lit(effective_currency(read.info, settings), dtype=pl.String).alias(CURRENCY))
            presents[n] = presents[n] | {CURRENCY}
        df = _ranged_rows(read.info, df)
        if _undated(read.info, df):  # rows with no date of their own: placed by the file's declared period
            start, end = read.info.period
            df = df.with_columns(_constant(start.toordinal() - _EPOCH, pl.Date).alias(DECLARED_FROM),
                                 _constant(end.toordinal() - _EPOCH, pl.Date).alias(DECLARED_TO))
            presents[n] = presents[n] | {DECLARED_FROM, DECLARED_TO}
        # FILE (the file's place among all files found) becomes its place among the inputs.
        frames.append(df.with_columns(_constant(i, pl.Int32).alias(FILE)))
        inputs.append(read.info)
    loaded = _stack(inputs, frames, [presents[n] for n in order], skipped, settings.timezone, accounted=True)
    loaded.errors = [e for _, e, _ in errors]
    return loaded


_EPOCH = dt.date(1970, 1, 1).toordinal()
EARLIER_DOWNLOAD = ("an earlier download of {latest}: the same export, period ({period}) and rows, and no row ids: "
                    "only the latest download is read (each row would count twice)")
MAYBE_EARLIER = ("{other} is a download of this report over the same period, with some of the same rows and no row "
                 "ids: both are read; if one is an earlier download of the other, remove it (its rows count twice)")


def _period_text(period: tuple[dt.date, dt.date]) -> str:
    return f"{period[0]} → {period[1]}"


def _earlier_downloads(reads: list[FileRead], settings: Settings) -> tuple[dict[Path, Path], dict[Path, Path]]:
    """({earlier download: the latest}, {download that may be an earlier one: the other}).

    A report downloaded again once late conversions came in is saved beside the first as
    "Campaign report (1).csv". Without row ids (Google Ads, GA4) its rows cannot be told from the
    first download's, so both would count. Files are the same report downloaded twice when their
    names are one browser name, they are read alike (kind, export, platform, columns, sheet,
    currency, sources: rule), declare one period, and their sampled rows have the same labels
    (campaign names, dates; see :meth:`FileRead.row_labels`): only the latest download is read.
    Where the labels only overlap (a campaign more in one), both are read, with a note; two
    accounts' reports (other labels) are two reports. Files with row ids need none of this: the
    latest download's copy of each row wins (files are read in download order).
    """
    groups: dict[tuple, list[tuple[int, FileRead]]] = {}
    for r in reads:
        info = r.info
        id_col = KINDS["posts" if info.kind == "influencer" else info.kind].id_column
        if info.period is None or (id_col and id_col in info.mapping.values()):
            continue
        base, n = download_name(r.path)
        key = (r.path.parent, base, info.kind, info.export, info.platform, tuple(info.mapping.items()), info.sheet,
               info.currency, info.period, repr(rule_for(r.path, settings.sources)))
        groups.setdefault(key, []).append((n, r))
    earlier: dict[Path, Path] = {}
    alike: dict[Path, Path] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda g: g[0])
        latest = group[-1][1]
        labels = latest.row_labels()
        for _, r in group[:-1]:
            mine = r.row_labels()
            if labels is not None and mine == labels:
                earlier[r.path] = latest.path
            elif labels is None or mine is None or mine & labels:
                alike[latest.path] = r.path
    return earlier, alike


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """One kind's files stacked (without their REASON, BAD and BLANK), every column cut into the
    same chunks: Polars lines up columns cut in different places by copying the whole stack (1M
    posts rows: 136 MiB more at the report's peak). A file whose own columns differ (a column its
    query filled with one constant) is copied alone; a column a file lacks is added in its chunks."""
    frames = [df.drop(REASON, BAD, BLANK, strict=False) for df in frames]
    if len(frames) == 1:
        return frames[0]
    dtypes: dict[str, pl.DataType] = {}
    for df in frames:
        for c, t in df.schema.items():
            dtypes.setdefault(c, t)
    out = []
    for df in frames:
        missing = [c for c in dtypes if c not in df.columns]
        if missing:
            df = df.with_columns(_nulls(dtypes[c]).alias(c) for c in missing)
        if len({s.n_chunks() for s in df.get_columns()}) > 1:
            df = df.rechunk()
        out.append(df.select(list(dtypes)))
    return pl.concat(out, how="vertical_relaxed")


def _nulls(dtype: pl.DataType) -> pl.Expr:
    """An empty column of ``dtype`` in the rows' own chunks (see :func:`_constant`)."""
    return (pl.col(ROW).cast(pl.Int64) * pl.lit(None, dtype=pl.Int64)).cast(dtype)


def _constant(value: int, dtype: pl.DataType) -> pl.Expr:
    """``value`` on every row (an integer, or days since 1970 for a Date), in the rows' own chunks.

    A literal column is one chunk; stacked with other files, the kind's frame then has columns
    cut in different places, and Polars copies the whole stack to line them up (1M posts rows:
    136 MiB more at the report's peak). Arithmetic on the row number keeps its chunks.
    """
    return (pl.col(ROW).cast(pl.Int64) * 0 + value).cast(pl.Int32).cast(dtype)


def _time_column(info: InputFile) -> str | None:
    return KINDS["posts" if info.kind == "influencer" else info.kind].time_column


def _ranged_rows(info: InputFile, df: pl.DataFrame) -> pl.DataFrame:
    """An Ads Manager report over a range (``Reporting starts`` 10/1, ``Reporting ends`` 10/31, no
    breakdown by day): each row's date is the range's first day, not the day it happened. Its rows
    then carry no date, and are placed by the range like any undated row (counted in a window or
    period holding all of it): a week holding October 1 would otherwise count October's spend."""
    col = _time_column(info)
    if info.export != "meta_ads" or info.period is None or info.period[0] == info.period[1] or col not in df.columns:
        return df
    if df.get_column(col).drop_nulls().n_unique() != 1:  # a breakdown by day (or mixed ranges): dated rows
        return df
    info.notes.append(f"each row covers the report's range ({info.period[0]} → {info.period[1]}), not its first "
                      f"day: counted in a window or period holding the whole range")
    return df.with_columns(pl.lit(None, dtype=df.schema[col]).alias(col))


def _undated(info: InputFile, df: pl.DataFrame) -> bool:
    """Whether the file declares its period and some of its rows have no date of their own."""
    col = _time_column(info)
    if info.period is None or col is None or not df.height:
        return False
    return col not in df.columns or df.get_column(col).null_count() > 0


def _detect(path: Path, settings: Settings) -> tuple[FileRead, str | None]:
    """The file's detect pass (see :meth:`FileRead.detect`), and its one-line error if it cannot be read."""
    read = FileRead(path, settings)
    try:
        read.detect()
    except InputError as e:
        return read, e.message
    except READ_FAILURES as e:
        return read, f"{path}: cannot read: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
    return read, None


# Files detected at once: a file's sniffing and planning (Python) runs while another file's
# field-count pass (Polars, which lets go of the GIL) keeps the cores busy.
DETECT_THREADS = 2


def _detected(files: list[Path], settings: Settings):
    """:func:`_detect` of every file, in file order (a few at a time, in threads)."""
    if len(files) < 2:
        yield from (_detect(f, settings) for f in files)
        return
    with ThreadPoolExecutor(DETECT_THREADS) as pool:
        # A few files ahead at most: each waiting result holds its samples until it is taken.
        window = DETECT_THREADS * 2
        pending = deque(pool.submit(_detect, f, settings) for f in files[:window])
        for nxt in range(window, window + len(files)):
            got = pending.popleft().result()
            if nxt < len(files):
                pending.append(pool.submit(_detect, files[nxt], settings))
            yield got


def _error(path: Path, message: str) -> Skipped:
    """An ``errors`` entry: the path, and the message without it ("line 7: ..." where it names a line)."""
    p = str(path)
    if message.startswith(p + ": "):
        reason = message[len(p) + 2:]
    elif message.startswith(p + ":") and message[len(p) + 1:].split(":", 1)[0].isdigit():
        line, rest = message[len(p) + 1:].split(":", 1)
        reason = f"line {line}:{rest}"
    else:
        reason = message
    return Skipped(p, reason)


def _collect(stacks: list[Stack], settings: Settings, columns: dict[str, set[str]] | None,
             presents: dict[int, set[str]]):
    """Collect every stack's query, a batch at a time: (file order, read, rows, None) per file, or
    (file order, read, None, message) for a file that cannot be read.

    A stack with a typed read (see :func:`smkpi.typed.read_types`) is collected on its own: if a
    cell past the samples is not a plain number the read fails, and only that stack is collected
    again with its files read as text (as text it rejects the row with a reason instead of
    failing); the other stacks' work is never thrown away. The stacks read as text are collected
    together. A query that fails as text is collected again stack by stack, and a failing stack
    file by file, so one unreadable file is found and named, and never hides the others.
    """
    for start in range(0, len(stacks), BATCH):
        batch = stacks[start:start + BATCH]
        parts: list[list[tuple] | None] = [None] * len(batch)
        text = [k for k, s in enumerate(batch) if not s.typed]
        for k, s in enumerate(batch):
            if s.typed:
                try:
                    parts[k] = s.split(pl.collect_all([s.query(True, settings, columns)], engine="streaming")[0])
                except READ_FAILURES:
                    text.append(k)
        text.sort()
        try:
            # Streaming: parse steps are held per batch, not for the whole file (a third less memory).
            out = pl.collect_all([batch[k].query(False, settings, columns) for k in text], engine="streaming")
        except READ_FAILURES:
            out = None
        for j, k in enumerate(text):
            if out is not None:
                df, out[j] = out[j], None
                parts[k] = batch[k].split(df)
            else:
                parts[k] = _alone(batch[k], settings, columns)
        for k, s in enumerate(batch):
            got, parts[k] = parts[k], None
            for n, read, part in got:
                if isinstance(part, str):
                    yield n, read, None, part
                else:
                    presents[n] = s.present
                    yield n, read, part, None


def _alone(stack: Stack, settings: Settings, columns: dict[str, set[str]] | None) -> list[tuple]:
    """(file order, read, rows or error message) for each file of a stack, collected on its own."""
    try:
        return stack.split(stack.query(False, settings, columns).collect(engine="streaming"))
    except READ_FAILURES as e:
        if len(stack.reads) == 1:
            n, read = stack.reads[0]
            return [(n, read, read.read_error(e))]
    out = []
    for one in stack.reads:
        single = Stack([one])
        parts = _alone(single, settings, columns)
        stack.present = single.present  # one signature: the same columns for every file of the stack
        out += parts
    return out


def _stack(inputs: list[InputFile], collected: list[pl.DataFrame], presents: list[set[str]],
           skipped: list[Skipped], tz: str = "UTC", *, accounted: bool = False) -> Loaded:
    """Stack each kind's files (in file order) and drop the earlier copies of a row.

    ``collected`` holds each file's rows: with ``accounted``, the rows used (see
    :meth:`FileRead.account`); else every row with its REASON and BAD, accounted here.
    """
    by_kind: dict[str, list[tuple[int, pl.DataFrame]]] = {}
    present_by_kind: dict[str, set[str]] = {}
    for i, (info, present) in enumerate(zip(inputs, presents)):
        df, collected[i] = collected[i], None  # hold each file's rows once: the stacked copy replaces them
        if not accounted:
            info.rows = df.height
            info.problems = _problems(df)
            info.rejected = sum(p.count for p in info.problems)
            df = (df.filter(pl.col(REASON).is_null()) if info.rejected else df).with_columns(pl.lit(i).alias(FILE))
        kind = "posts" if info.kind == "influencer" else info.kind
        by_kind.setdefault(kind, []).append((i, df))
        present_by_kind.setdefault(kind, set()).update(present)
    datasets: dict[str, Dataset] = {}
    for kind, parts in by_kind.items():
        frame = _concat([df for _, df in parts])
        parts.clear()
        if kind == "followers":  # one account's series per part (smkpi.followers): never merged across accounts
            frame, notes = assign_series(frame, FILE, [f.path for f in inputs], tz)
            for f, ns in notes.items():
                inputs[f].notes += ns
        too_large = _too_large(frame)
        id_col = KINDS[kind].id_column
        if id_col and id_col in present_by_kind[kind]:
            # Only key columns the kind declares: tickets get a platform from a file name like
            # line_tickets.csv, but a ticket id is one ticket whichever file it came from.
            spec = KINDS[kind]
            key = [c for c in spec.row_key if spec.column(c) and c in frame.columns] + [id_col]
            # Later files (sorted by path, usually by export date) carry later totals: the last copy wins.
            keep_mask = last_of_each_key(*_dedup_keys(frame, key, spec.time_column)) | frame.get_column(id_col).is_null()
            if not keep_mask.all():
                if too_large:  # the copies dropped may be what takes a total past the limit
                    too_large = _too_large(frame.filter(keep_mask))
                dropped = frame.select(pl.col(FILE).filter(~keep_mask)).group_by(FILE).len()
                for f, n in dropped.iter_rows():
                    inputs[f].duplicates = n
                # Not filtered here: a copy of every kept row would cost as much as the group-by.
                datasets[kind] = Dataset(kind, frame.drop(FILE, ROW), present_by_kind[kind], keep_mask, too_large)
                continue
        datasets[kind] = Dataset(kind, frame.drop(FILE, ROW), present_by_kind[kind], too_large=too_large)
    for info in inputs:
        info.used = info.rows - info.rejected - info.duplicates - info.blank
    return Loaded(datasets, inputs, skipped)


def _dedup_keys(frame: pl.DataFrame, key: list[str], time_column: str | None) -> tuple[pl.DataFrame, list[str]]:
    """The frame and columns rows are de-duplicated by: ``key``, and for a row with no date of its
    own the period its file declares (an ad in May's report and the same ad in June's are two
    rows, not one). The declared period is read only where the date is empty, so a dated row is
    the same row whichever file it came from."""
    if DECLARED_FROM not in frame.columns or time_column not in frame.columns:
        return frame, key
    undated = pl.col(time_column).is_null()
    extra = {f"{c}_key": pl.when(undated).then(pl.col(c)) for c in (DECLARED_FROM, DECLARED_TO)}
    # A frame of the key columns alone: the new columns are cut unlike the rows, and lining a
    # copy of a few key columns up costs little, the whole frame's a copy of it.
    return frame.select(*key, **extra), [*key, *extra]


def _too_large(frame: pl.DataFrame) -> dict[str, float]:
    """Integer columns whose total is at or past :data:`SUM_LIMIT` ({column: total as a float}).

    Each count is below 2**53 (the reader rejects larger ones), but a few thousand of them can
    pass 2**63, where a 64-bit sum wraps round to a negative number without a word.
    """
    ints = [c for c, t in frame.schema.items() if t == pl.Int64 and not c.startswith("__smkpi_")]
    if not ints or frame.height * 2.0**53 < SUM_LIMIT:
        return {}
    # A column whose largest magnitude times the rows stays below the limit cannot reach it: no
    # float copy of it is made to sum it (on 1M posts rows, 9 columns of 8 MB each).
    ends = frame.select([pl.col(c).max().alias(f"{c}+") for c in ints] + [pl.col(c).min().alias(f"{c}-") for c in ints]).row(0, named=True)
    ints = [c for c in ints if ends[f"{c}+"] is not None
            and max(abs(float(ends[f"{c}+"])), abs(float(ends[f"{c}-"]))) * frame.height >= SUM_LIMIT]
    if not ints:
        return {}
    sums = frame.select(pl.col(c).cast(pl.Float64).sum() for c in ints).row(0, named=True)
    return {c: s for c, s in sums.items() if s >= SUM_LIMIT}
