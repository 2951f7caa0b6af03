"""General rules for reading an export as downloaded: encoding, separator, preamble, header row, footer.

These are rules, not per-file hacks: each works on any file and is unit-tested on its own.

- Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); else a NUL byte in every other position means
  UTF-16 without a BOM (Excel "Unicode text"); else UTF-8 if it decodes; else cp874 (the Windows
  superset of TIS-620) when that decodes to Thai text; else the file is rejected with a hint.
- Preamble: ``sep=X`` first lines (Excel) set the separator; ``#`` lines (GA4) and title lines
  (Google Ads, Meta) are skipped; the header is the first row with the most known column names,
  or failing that the first row as wide as the widest row.
- Footer: rows whose first non-empty cell (of the first three) is exactly ``Total`` /
  ``Total: ...`` / ``Grand total`` / ``รวม`` are summaries, not data, and are dropped (with a
  note), wherever they are (YouTube puts its Total first, Google Ads at the bottom).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

SEPARATORS = (",", ";", "\t", "|")
HEADER_SCAN_ROWS = 30  # a preamble longer than this is not a preamble
TOTAL_ROW = r"(?i)^\s*(total|grand total|totals|รวม|รวมทั้งหมด|ทั้งหมด)\s*(:.*)?$"
_THAI = re.compile(r"[\u0e01-\u0e5b]")
_PERIOD = re.compile(r"(?i)(start date|end date|reporting starts|reporting ends|date range)\s*[:=]?\s*(.+)$")


class EncodingError(ValueError):
    """The bytes are in no encoding smkpi can recognise."""


def detect_encoding(head: bytes, complete: bool = False) -> str:
    """The encoding of a file from its first bytes (see module docstring for the rules).

    ``complete``: ``head`` is the whole file (else it may end inside a multi-byte character).

    Returns a Python codec name: utf-8-sig, utf-16-le, utf-16-be, utf-8 or cp874.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    sample = head[:4096]
    if b"\x00" in sample:
        # UTF-16 text puts its NULs (the high byte of ASCII characters: separators, digits, line
        # ends) on one side only; binary data scatters them. Thai in UTF-16 LE is 0x?? 0x0E.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        for enc, ok in (("utf-16-le", odd and even <= 0.05 * odd), ("utf-16-be", even and odd <= 0.05 * even)):
            if ok:
                try:
                    text = sample[: len(sample) // 2 * 2].decode(enc)
                except UnicodeDecodeError:
                    continue
                # Text has no C0 controls but tab and line ends; binary that happens to pair up does.
                if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
                    return enc
        raise EncodingError("looks like a binary file, not CSV/JSON text; export it again as CSV")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        # The sample may end inside a multi-byte character: only an error before the end counts.
        if not complete and e.reason == "unexpected end of data":
            return "utf-8"
        bad = e.start
    try:
        text = head.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if _looks_thai(text):
        return "cp874"
    raise EncodingError(f"not UTF-8 text (byte {bad}); save it as UTF-8 or set encoding under sources: in targets.yaml")


def _looks_thai(text: str) -> bool:
    """Thai words are runs of Thai letters; Latin-1 accents (é, ü) decoded as cp874 are isolated."""
    chars = len(_THAI.findall(text))
    in_runs = sum(len(m.group(0)) for m in re.finditer(r"[\u0e01-\u0e5b]{2,}", text))
    return chars > 0 and in_runs >= 0.8 * chars


def decode(data: bytes, encoding: str) -> str:
    """Decode with ``encoding``; a UTF-16 BOM (if any) is dropped."""
    text = data.decode(encoding)
    return text.removeprefix("\ufeff")


@dataclass
class Layout:
    """Where the table starts in a text export, and what came before it."""

    separator: str
    skip_lines: int  # physical lines before the header line
    header: list[str]
    preamble: list[str] = field(default_factory=list)  # the skipped lines' text (comments, titles)
    sep_line: bool = False  # the file began with Excel's "sep=X"

    @property
    def header_row(self) -> int:
        return self.skip_lines + 1


def sniff_separator(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number (> 1) of fields."""
    best, best_score = ",", (0, 0)
    for sep in SEPARATORS:
        widths: dict[int, int] = {}
        for row in csv.reader(lines, delimiter=sep):
            if len(row) > 1:
                widths[len(row)] = widths.get(len(row), 0) + 1
        if not widths:
            continue
        w, n = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
        if (n, w) > best_score:
            best, best_score = sep, (n, w)
    return best


def find_header(rows: list[list[str]], known: set[str], normalize) -> int:
    """Index of the header among ``rows``: most known column names, else the first widest row."""
    def filled(r: list[str]) -> int:
        return sum(1 for c in r if c.strip())

    scores = [sum(1 for c in r if c.strip() and normalize(c) in known) for r in rows]
    if scores and max(scores) >= 2:
        return scores.index(max(scores))
    widest = max((filled(r) for r in rows), default=0)
    return next((i for i, r in enumerate(rows) if filled(r) == widest), 0)


def layout(text: str, known: set[str], normalize, separator: str | None = None) -> Layout:
    """Find the separator, preamble and header of a text export from its first lines."""
    lines = text.splitlines(keepends=True)
    skip, pre, sep_line = 0, [], False
    m = re.match(r"^\s*sep=(.)\s*$", lines[0]) if lines else None
    if m:
        separator = separator or m.group(1)
        skip, sep_line = 1, True
        pre.append(lines[0].strip())
    while skip < len(lines) and (lines[skip].lstrip().startswith("#") or not lines[skip].strip()):
        pre.append(lines[skip].strip())
        skip += 1
    body = "".join(lines[skip:])
    sample = body.splitlines()[: HEADER_SCAN_ROWS * 4]
    sep = separator or sniff_separator(sample[:HEADER_SCAN_ROWS])
    reader = csv.reader(io.StringIO(body), delimiter=sep)
    rows, ends = [], []  # ends[i]: physical lines consumed after rows[i]
    try:
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
            if len(rows) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass
    if not rows:
        return Layout(sep, skip, [], pre, sep_line)
    h = find_header(rows, known, normalize)
    lines_before = ends[h - 1] if h else 0
    for r in rows[:h]:
        pre.append(sep.join(r).strip())
    return Layout(sep, skip + lines_before, rows[h], [p for p in pre if p], sep_line)


def period_year(preamble: list[str], file_name: str) -> int | None:
    """A year stated by the file: a ``Start date: 20260601`` preamble line, or a date in its name."""
    for line in preamble:
        m = _PERIOD.search(line.lstrip("#").strip())
        if m:
            y = re.search(r"(19|20)\d\d", m.group(2))
            if y:
                return int(y.group(0))
    m = re.search(r"(?<!\d)(20\d\d)[-_]?(0[1-9]|1[0-2])(?!\d)", file_name)
    return int(m.group(1)) if m else None


def header_names(cells: list[object]) -> list[str]:
    """Header cells as unique names; a repeated name gets ``_1``, ``_2`` (as fastexcel does)."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(cells):
        name = "" if c is None else str(c).strip()
        name = name or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out
