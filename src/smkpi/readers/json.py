"""JSON exports: an array of objects, or an object holding that array under ``data`` (API dumps).

Numbers are kept as written (``1e400`` and a 5,000-digit integer are text for the value parsers to
judge, not a float overflow or a conversion error here). A key twice in one object is a file error,
as a header named twice is in a CSV. A cell nested past ``MAX_DEPTH`` levels refuses the record.
Headers that differ only in case or spacing across records (``likes`` / ``Likes``) are one column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl

from ..errors import InputError
from ..kinds import normalize_header
from .base import MAX_COLUMNS, MAX_DEPTH, MAX_JSON_BYTES, PRE_REASON, RawTable, quote, too_many_columns

_SURROGATE = re.compile(r"[\ud800-\udfff]")
ARRAY_KEYS = ("data", "rows", "records", "items", "results", "tickets")


class DuplicateKey(ValueError):
    """An object with the same key twice (json.loads would keep the last one silently)."""


class TooManyKeys(ValueError):
    """An object with more than MAX_COLUMNS keys (every key would become a column)."""


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    if len(pairs) > MAX_COLUMNS:
        raise TooManyKeys(len(pairs))
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise DuplicateKey(dup)
    return out


class Number(str):
    """A JSON number as written (``1e400``, 5,000 digits): judged by the value parsers, not here."""


_NAMES = {dict: "an object", list: "an array", Number: "a number", str: "a string", bool: "true/false",
          type(None): "null"}


def kind_name(v: object) -> str:
    return _NAMES.get(type(v), type(v).__name__)


def loads(text: str) -> object:
    """``json.loads`` with numbers kept as text and duplicate keys refused (:class:`DuplicateKey`)."""
    return json.loads(text, object_pairs_hook=_pairs, parse_int=Number, parse_float=Number, parse_constant=Number)


def depth(v: object) -> int:
    """Nesting of objects and arrays in ``v`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(v, 0)]
    while stack:
        x, d = stack.pop()
        if isinstance(x, dict):
            x = list(x.values())
        if isinstance(x, list):
            deepest = max(deepest, d + 1)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((y, d + 1) for y in x if isinstance(y, (dict, list)))
    return deepest


def _text(s: str) -> str:
    # JSON may spell lone surrogates ("\ud800"); they cannot be written as UTF-8, so they would
    # crash every output. U+FFFD keeps the cell visible as "something unreadable was here".
    return _SURROGATE.sub("\ufffd", s)


def _cell(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return _text(json.dumps(v, ensure_ascii=False))
    return _text(str(v))


def _flatten(rec: dict) -> dict:
    """Add ``parent.child`` keys for scalar members of nested objects (API JSON: ``via.channel``)."""
    extra = {f"{k}.{sk}": sv for k, v in rec.items() if isinstance(v, dict)
             for sk, sv in v.items() if not isinstance(sv, (dict, list))}
    return {**rec, **{k: v for k, v in extra.items() if k not in rec}} if extra else rec


def records_frame(path: Path, records: list[dict], reasons: list[str | None] | None = None) -> pl.LazyFrame:
    """Text columns, one per key; a key spelled differently across records (``Likes``) joins the first spelling."""
    records = [_flatten(r) for r in records]
    cols: dict[str, None] = {}
    spelling: dict[str, str] = {}  # normalized key -> first spelling seen
    rename: dict[str, str] = {}
    for r in records:
        if len(r) > MAX_COLUMNS:
            raise too_many_columns(path, len(r), "a record has")
        for k in r:
            if k in cols or k in rename:
                continue
            first = spelling.setdefault(normalize_header(k), k)
            if first != k and not any(first in x and k in x for x in records):
                rename[k] = first  # never in one record together: the same column, spelt two ways
            else:
                cols[k] = None
        if len(cols) > MAX_COLUMNS:
            raise too_many_columns(path, len(cols), "the records have")
    if rename:
        records = [{rename.get(k, k): v for k, v in r.items()} for r in records]
    data = {_text(c): [_cell(r.get(c)) for r in records] for c in cols}
    if reasons is not None and any(reasons):
        data[PRE_REASON] = reasons
    return pl.DataFrame(data, schema={c: pl.String for c in data}).lazy()


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing an empty file or one past MAX_JSON_BYTES (it is parsed whole)."""
    with open(path, "rb") as fh:
        raw = fh.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise InputError(f"{path}: larger than {MAX_JSON_BYTES >> 20} MiB; smkpi reads JSON up to that size "
                         f"(export CSV for bigger files)")
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; export it again")
    return raw


def utf8(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 text (byte {e.start:,}); save it as UTF-8") from None


def read_json(path: Path) -> RawTable:
    text = utf8(path, read_bytes(path))
    try:
        doc = loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    except DuplicateKey as e:
        raise InputError(f"{path}: key {quote(e.args[0])!r} appears twice in one object; keep one") from None
    except TooManyKeys as e:
        raise too_many_columns(path, e.args[0], "a record has") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    if isinstance(doc, dict):
        inner = next((doc[k] for k in ARRAY_KEYS if isinstance(doc.get(k), list)), None)
        if inner is None:
            raise InputError(f"{path}: a JSON object must hold its rows in an array under \"data\"")
        doc = inner
    if not isinstance(doc, list):
        raise InputError(f"{path}: JSON must be an array of objects (found {kind_name(doc)})")
    reasons: list[str | None] = []
    for i, r in enumerate(doc):
        if not isinstance(r, dict):
            raise InputError(f"{path}: JSON record {i + 1} is {kind_name(r)}, not an object; "
                             f"every record must be an object")
        reasons.append(f"record nests deeper than {MAX_DEPTH} levels" if depth(r) > MAX_DEPTH else None)
    if any(reasons):
        doc = [{} if why else r for r, why in zip(doc, reasons)]
    frame = records_frame(path, doc, reasons)
    return RawTable(frame, frame.collect_schema().names(), "json", "utf-8", header_row=0)
