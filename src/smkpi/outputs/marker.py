"""Is this file a report smkpi wrote? Then discovery leaves it out: a report saved inside a data
folder is never read back as data on the next run.

Each format carries a mark: the JSON document starts with ``schema_version`` and ``smkpi_version``;
the workbook's document properties say ``smkpi-report``; HTML has ``<meta name="generator"
content="smkpi ...">``; Markdown and JUnit XML start with the comment ``<!-- smkpi report``; the
text table starts with its header line and Rich box drawing. Only a small head of the file is read
(and, for a workbook, one small zip member), so this stays cheap and safe on hostile files.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

HEAD = 4096
XLSX_KEYWORD = "smkpi-report"
COMMENT = "<!-- smkpi report"
GENERATOR = '<meta name="generator" content="smkpi'
_JSON = re.compile(rb'^\{\s*"schema_version":\s*\d+,\s*"smkpi_version":')
_TABLE_HEAD = re.compile(r"^(targets|เป้าหมาย): ")
_BOX = ("┏", "┌", "╭", "━")
_SUFFIXES = {".json", ".xlsx", ".html", ".htm", ".md", ".markdown", ".xml", ".txt"}
MAX_PROPS = 64 * 1024  # docProps/core.xml is a few hundred bytes; more is not ours


def is_own_output(path: str | Path) -> bool:
    """True when ``path`` is a report smkpi wrote (never raises: an unreadable file is not ours)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in _SUFFIXES:
        return False
    try:
        if suffix == ".xlsx":
            return _xlsx_is_ours(p)
        with open(p, "rb") as fh:
            head = fh.read(HEAD)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    if suffix == ".json":
        return bool(_JSON.match(head.lstrip(b"\xef\xbb\xbf")))
    text = head.decode("utf-8", "ignore")
    if suffix in (".html", ".htm"):
        return GENERATOR in text
    if suffix in (".md", ".markdown", ".xml"):
        return COMMENT in text[:512]
    first = text.split("\n", 1)[0]
    return bool(_TABLE_HEAD.match(first)) and any(b in text for b in _BOX)


def _xlsx_is_ours(p: Path) -> bool:
    with zipfile.ZipFile(p) as z:
        info = z.getinfo("docProps/core.xml")
        if info.file_size > MAX_PROPS:
            return False
        return XLSX_KEYWORD in z.read(info).decode("utf-8", "ignore")
