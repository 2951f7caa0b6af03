"""One spelling for a value that exports spell their own way: content types.

Each platform names the same kind of post differently: Meta Business Suite writes ``Photos`` and
``Reels`` for Facebook, ``IG image`` and ``IG reel`` for Instagram, its Thai interface ``รูปภาพ``,
the legacy Insights export ``Photo``, a hand-made sheet ``image``. Read as written, a report over
Facebook and Instagram splits photos into three groups, and "best content type" compares a
platform's photos with another's instead of photos with videos. So a content type is read as one
canonical word (image, video, reel, carousel, story, link, text, live), in any case; a value the
table does not know is kept as written (trimmed): ``Shorts`` stays ``Shorts``.

The same table reads a group name under ``segments: content_type:`` in targets.yaml, so a target
written for ``Reels`` applies to the rows read as ``reel``.
"""

from __future__ import annotations

import re

import polars as pl

# canonical word -> the spellings read as it (lower case; a platform prefix such as "IG " is
# removed first, see _PREFIX). The canonical word is listed too.
CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "image": ("image", "images", "photo", "photos", "picture", "pictures", "รูปภาพ", "รูป", "ภาพ", "ภาพถ่าย"),
    "video": ("video", "videos", "shared video", "native video", "วิดีโอ", "วีดีโอ", "คลิป"),
    "reel": ("reel", "reels", "รีล", "รีลส์"),
    "carousel": ("carousel", "carousels", "carousel_album", "carousel album", "album", "อัลบั้ม", "ภาพสไลด์"),
    "story": ("story", "stories", "สตอรี่", "สตอรี"),
    "link": ("link", "links", "ลิงก์", "ลิงค์"),
    "text": ("text", "status", "statuses", "status update", "ข้อความ", "สถานะ"),
    "live": ("live", "live video", "ไลฟ์", "ถ่ายทอดสด"),
}
_SPELLINGS = {s: canon for canon, spellings in CONTENT_TYPES.items() for s in spellings}
# "IG reel", "Instagram carousel", "FB video": the platform is its own column.
_PREFIX = r"^(?:ig|instagram|fb|facebook)[\s_]+"


def content_type_label(label: str) -> str:
    """One content type (a cell, or a group name in targets.yaml) in its canonical spelling; one the
    table does not know, trimmed (as the rows' cells are)."""
    return _SPELLINGS.get(re.sub(_PREFIX, "", label.strip().lower()), label.strip())


# canonical column -> how one of its values is read
LABELS = {"content_type": content_type_label}


def canonical(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` (one file's rows, cells cleaned) with its vocabulary columns in their canonical spelling.

    Done on the collected rows, not in the read's query: a file holds a handful of distinct
    content types, so only those are looked up (in the query, every row's cell was, and the
    report's peak memory grew by 40 MiB on 1M posts rows). Only the distinct values that change are
    taken into Python: a file of a million different labels costs one pass, not a million calls.
    """
    for col, label in LABELS.items():
        if col not in df.columns or df.schema[col] != pl.String:
            continue
        seen = df.get_column(col).drop_nulls().unique()
        known = seen.str.to_lowercase().str.replace(_PREFIX, "").is_in(list(_SPELLINGS))
        changed = {v: label(v) for v in seen.filter(known & ~seen.is_in(list(CONTENT_TYPES))).to_list()}
        if changed:
            df = df.with_columns(pl.col(col).replace(changed))
    return df
