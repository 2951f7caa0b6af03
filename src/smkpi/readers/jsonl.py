"""JSON Lines exports (``.jsonl``, ``.ndjson``): one object per line.

A line that is not a JSON object (or nests past ``MAX_DEPTH``) is a rejected row with its reason;
a key twice in one line is a file error, as in a JSON file; blank lines separate records.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from .base import MAX_DEPTH, PRE_REASON, RawTable, quote, too_many_columns
from .json import DuplicateKey, TooManyKeys, depth, loads, read_bytes, records_frame, utf8


def read_jsonl(path: Path) -> RawTable:
    text = utf8(path, read_bytes(path))
    records: list[dict] = []
    reasons: list[str | None] = []
    # Line breaks as JSON Lines has them (a raw CR cannot be inside a JSON string, U+2028 can).
    for ln, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            continue  # blank lines are separators, not records
        try:
            rec = loads(line)
        except (json.JSONDecodeError, RecursionError):
            rec, why = {}, "line is not valid JSON"
        except DuplicateKey as e:
            raise InputError(f"{path}:{ln}: key {quote(e.args[0])!r} appears twice in one record; keep one") from None
        except TooManyKeys as e:
            raise too_many_columns(f"{path}:{ln}", e.args[0], "a record has") from None
        else:
            why = None
            if not isinstance(rec, dict):
                rec, why = {}, "line is not a JSON object"
            elif depth(rec) > MAX_DEPTH:
                rec, why = {}, f"line nests deeper than {MAX_DEPTH} levels"
        records.append(rec)
        reasons.append(why)
    frame = records_frame(path, records, reasons)
    cols = [c for c in frame.collect_schema().names() if c != PRE_REASON]
    return RawTable(frame, cols, "jsonl", "utf-8", header_row=0)
